"""The SPARQL benchmark's results as Markdown: latency tables, HTTP overhead, load times."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from benchmarks import common
from benchmarks.measure import QueryResult

SMALL_QUERY_S = 0.005
"""Queries whose engine time (a′) is below this are "small" for the ≤ 1 ms overhead target."""
BACKENDS = ("a", "a'", "b", "c", "d")


@dataclass
class SizeResult:
    """Everything measured on one catalog size."""

    n_roles: int
    quads: int = 0
    links: str = ""
    generate_s: float | None = None
    load: dict[str, float | None] = field(default_factory=dict)
    memory: dict[str, int] = field(default_factory=dict)
    note: str = ""
    load_average: str = ""
    """The machine's load average when this size started (others share the machine)."""
    queries: list[QueryResult] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    rdflib_note: str = ""
    rdflib_wall_s: float | None = None


def cell(result: QueryResult, backend: str) -> str:
    samples = result.samples.get(backend) or []
    if backend in result.errors:
        error = result.errors[backend]
        return "timeout" if "503" in error or "timeout" in error.lower() else "error"
    if not samples:
        return "–"
    if len(samples) == 1:
        return f"{common.ms(samples[0])}¹"
    return f"{common.ms(result.median(backend))} ({common.ms(result.p95(backend))})"


def rows_cell(result: QueryResult) -> str:
    """The answer size; when backends disagree, each one's (rdflib last) and a ≠."""
    counts = {k: v for k, v in result.rows.items() if v is not None}
    values = set(counts.values())
    if not values:
        return "–"
    if len(values) == 1:
        return f"{values.pop():,}"
    engine = {v for k, v in counts.items() if k != "d"}
    if len(engine) == 1 and "d" in counts:
        return f"{engine.pop():,} ≠ {counts['d']:,}"
    return " / ".join(f"{k}:{v:,}" for k, v in counts.items()) + " ≠"


def _diff(x: float, y: float) -> str:
    if math.isnan(x) or math.isnan(y):
        return "–"
    return f"{(x - y) * 1000:+.2f}"


def latency_table(size: SizeResult) -> str:
    headers = [
        "query",
        "rows",
        "a direct",
        "a′ execute",
        "b /sparql embedded",
        "c /sparql remote",
        "d rdflib",
        "b/a",
        "c/a",
        "d/a",
        "b−a ms",
        "b−a′ ms",
    ]
    rows = []
    for q in size.queries:
        a, a2, b, c, d = (q.median(k) for k in BACKENDS)
        rows.append(
            [
                q.name,
                rows_cell(q),
                *(cell(q, k) for k in BACKENDS),
                common.ratio(b, a),
                common.ratio(c, a),
                common.ratio(d, a),
                _diff(b, a),
                _diff(b, a2),
            ]
        )
    return common.markdown_table(headers, rows)


def overhead_summary(size: SizeResult) -> str:
    small = [
        q
        for q in size.queries
        if q.median("a'") < SMALL_QUERY_S and len(q.samples.get("b") or []) > 1
    ]
    if not small:
        return "No small queries measured."
    over_exec = sorted((q.median("b") - q.median("a'")) * 1000 for q in small)
    over_direct = sorted((q.median("b") - q.median("a")) * 1000 for q in small)
    verdict = "met" if common.median(over_exec) <= 1.0 else "NOT met"
    return (
        f"HTTP overhead on {len(small)} small queries (a′ < {SMALL_QUERY_S * 1000:g} ms): "
        f"/sparql on the embedded store adds {common.median(over_exec):.2f} ms "
        f"(median; {over_exec[0]:.2f} … {over_exec[-1]:.2f}) to the engine + serialization "
        f"(b − a′), {common.median(over_direct):.2f} ms to `Store.select` (b − a). "
        f"Target ≤ 1 ms: **{verdict}**."
    )


def load_table(sizes: Sequence[SizeResult]) -> str:
    keys: list[str] = []
    for size in sizes:
        keys += [k for k in size.load if k not in keys]
    keys.sort(key=lambda k: k[0])  # by backend letter, in the order measured within one
    headers = ["N roles", "quads", "generate", *keys]
    rows = [
        [
            f"{size.n_roles:,}",
            f"{size.quads:,}",
            common.seconds_text(size.generate_s),
            *(common.seconds_text(size.load.get(k)) for k in keys),
        ]
        for size in sizes
    ]
    return common.markdown_table(headers, rows)


def memory_table(sizes: Sequence[SizeResult]) -> str:
    keys: list[str] = []
    for size in sizes:
        keys += [k for k in size.memory if k not in keys]
    headers = ["N roles", "quads", *keys]
    rows = [
        [f"{s.n_roles:,}", f"{s.quads:,}", *(common.gib(s.memory.get(k)) for k in keys)]
        for s in sizes
    ]
    return common.markdown_table(headers, rows)


def render(sizes: Sequence[SizeResult], info: dict[str, str], method: Sequence[str]) -> str:
    lines = ["# SPARQL benchmark", "", "Machine:", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "Method:", ""] + [f"- {m}" for m in method]
    lines += [
        "",
        "Cells: median (p95) in ms; ¹ = a single run. a = `Store.select` in process; "
        "a′ = `Store.execute` (engine + JSON serialization, what a query worker does); "
        "b = /sparql over HTTP, embedded store (worker pool); c = /sparql over HTTP, service "
        "on an Oxigraph server; d = rdflib in memory. rows: the answer size; `x ≠ y` when "
        "rdflib (y) disagrees with the Oxigraph engine (x).",
    ]
    for size in sizes:
        lines += ["", f"## N = {size.n_roles:,} roles ({size.quads:,} quads, links: {size.links})"]
        if size.note:
            lines += ["", size.note]
            continue
        lines += [
            "",
            f"Load average when this size started: {size.load_average}.",
            "",
            latency_table(size),
            "",
            overhead_summary(size),
        ]
        notes = [f"{q.name}: {q.note}" for q in size.queries if q.note]
        notes += [f"not run: {name}: {reason}" for name, reason in size.skipped]
        notes += [f"{q.name} on {k}: {e}" for q in size.queries for k, e in q.errors.items()]
        if size.rdflib_note:
            notes.append(f"rdflib: {size.rdflib_note}")
        if notes:
            lines += [""] + [f"- {n}" for n in notes]
    lines += ["", "## Load times", "", load_table(sizes)]
    lines += ["", "## Memory", "", memory_table(sizes)]
    return "\n".join(lines)
