"""Validation at catalog scale (issue 4, item 6): the whole catalog, and one role's edit.

For synthetic catalogs of 1, 100 and 1,000 roles (benchmarks/synthetic.py), the median of
several runs, wall time and CPU time (the machine is shared: CPU time is what the work
costs, wall time what it took here):

  full catalog     validate_catalog([folder], workers=2): every role with its catalog
                   context, in 2 worker processes; CPU = the parent's and the workers'
  one role, CLI    validate_paths([<role>.links.ttl]) in the folder of N roles: what
                   `rolegraph validate <file>` and the pre-commit hook run for an edit,
                   without the interpreter's start-up
  one role, index  read one role's two files and validate_role() them against a
                   CatalogIndex of all N roles built beforehand (a service or an editor)

Targets: one role's edit in ≤ 0.3 s inside the 1,000-role catalog; the whole 1,000-role
catalog in ≤ 60 s (2 workers).

    python benchmarks/bench_validation.py            # N = 1, 100, 1,000
    python benchmarks/bench_validation.py --quick    # N = 1, 100
    python benchmarks/bench_validation.py --engine pyshacl --sizes 1,100   # the reference

Writes benchmarks/out/bench_validation.md and .json.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from benchmarks.synthetic import OUT_DIR, cached_catalog

RUNS = {1: 7, 100: 5, 1000: 3}
"""Full-catalog runs per size (fewer for 1,000 roles: a minute each)."""
ONE_ROLE_RUNS = 15


@dataclass
class Timing:
    wall: float
    cpu: float


@dataclass
class Row:
    roles: int
    runs: int
    full: Timing
    full_samples: list[float]
    one_cli: Timing
    one_index: Timing
    findings: dict[str, int]


def timed(function: Callable[[], object]) -> tuple[Timing, object]:
    """Wall and CPU time of `function()`: this process and the children it waited for."""
    before, own, started = os.times(), time.process_time(), time.perf_counter()
    result = function()
    wall, own, after = time.perf_counter() - started, time.process_time() - own, os.times()
    children = (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )
    return Timing(wall, own + children), result


def median_timing(samples: Sequence[Timing]) -> Timing:
    return Timing(
        statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples)
    )


class _IndexContext:
    """The catalog index seen from one role (its own statements left out)."""

    def __init__(self, index: object, key: str) -> None:
        self.index, self.key = index, key

    def context_for(self, role: str | None, triples: Sequence[object]) -> list[object]:
        return self.index.context_for(self.key, triples)  # type: ignore[attr-defined]


def measure(roles: int, runs: int, workers: int) -> Row:
    from rolegraph.validation import (
        CatalogIndex,
        group,
        read_file,
        validate_catalog,
        validate_paths,
        validate_role,
    )

    folder = cached_catalog(roles)
    validate_paths([folder / "ai-engineer.ttl"])  # warm: modules imported, shapes compiled
    full_samples = []
    report = None
    for _ in range(runs):
        timing, report = timed(lambda: validate_catalog([folder], workers=workers))
        full_samples.append(timing)
        print(f"    full catalog: {timing.wall:.2f} s wall, {timing.cpu:.2f} s CPU", flush=True)
    links = sorted(folder.glob("*.links.ttl"))
    edited = links[len(links) // 2]  # a role from the middle of the catalog
    one_cli = [timed(lambda: validate_paths([edited]))[0] for _ in range(ONE_ROLE_RUNS)]

    index = CatalogIndex()
    for unit in group([d for path in sorted(folder.glob("*.ttl")) for d in read_file(path)]):
        index.add(unit.key, [t for d in unit.documents for t in d.triples])
    facts = edited.with_name(edited.name.replace(".links.ttl", ".ttl"))

    def one_role() -> object:
        (unit,) = group([d for path in (facts, edited) for d in read_file(path)])
        return validate_role(unit, _IndexContext(index, unit.key))

    one_index = [timed(one_role)[0] for _ in range(ONE_ROLE_RUNS)]
    counts = report.counts.model_dump() if report is not None else {}  # type: ignore[attr-defined]
    return Row(
        roles,
        runs,
        median_timing(full_samples),
        [t.wall for t in full_samples],
        median_timing(one_cli),
        median_timing(one_index),
        counts,
    )


def table(rows: Sequence[Row], workers: int) -> str:
    headers = [
        "roles",
        f"full catalog, {workers} workers: wall",
        "CPU",
        "CPU per role",
        "one role (CLI path): wall",
        "CPU",
        "one role (index): wall",
        "CPU",
    ]
    body = [
        [
            f"{row.roles:,}",
            common.seconds_text(row.full.wall),
            common.seconds_text(row.full.cpu),
            f"{common.ms(row.full.cpu / row.roles)} ms",
            f"{common.ms(row.one_cli.wall)} ms",
            f"{common.ms(row.one_cli.cpu)} ms",
            f"{common.ms(row.one_index.wall)} ms",
            f"{common.ms(row.one_index.cpu)} ms",
        ]
        for row in rows
    ]
    return common.markdown_table(headers, body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 1 and 100 only")
    parser.add_argument("--sizes", default="", help="comma-separated catalog sizes")
    parser.add_argument("--runs", type=int, default=0, help="full-catalog runs (default by size)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--engine", choices=("compiled", "pyshacl"), default="compiled")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "bench_validation")
    args = parser.parse_args(argv)
    os.environ["ROLEGRAPH_SHACL_ENGINE"] = args.engine  # read by the workers too
    sizes = [int(n) for n in args.sizes.split(",") if n] or (
        [1, 100] if args.quick else [1, 100, 1000]
    )
    machine = common.machine_info()
    common.print_machine(machine)
    rows = []
    for roles in sizes:
        runs = args.runs or RUNS.get(roles, 3)
        print(f"== {roles:,} roles ({runs} full runs, engine {args.engine})", flush=True)
        rows.append(measure(roles, runs, args.workers))
    text = table(rows, args.workers)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"\nengine {args.engine}; load average at the end: {load}\n{text}")
    out = args.out.with_name(f"{args.out.name}-{args.engine}")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".md").write_text(
        f"engine {args.engine}, {args.workers} workers; load average at the end: {load}\n\n"
        + "\n".join(f"- {k}: {v}" for k, v in machine.items())
        + f"\n\n{text}\n",
        encoding="utf-8",
    )
    common.write_json(
        out.with_suffix(".json"),
        {"machine": machine, "engine": args.engine, "rows": [asdict(r) for r in rows]},
    )
    return 0


if __name__ == "__main__":
    started = time.perf_counter()
    status = main()
    print(f"({time.perf_counter() - started:.0f} s)")
    sys.exit(status)
