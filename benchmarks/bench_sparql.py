"""SPARQL latency, side by side, on synthetic catalogs of N roles (default N = 1, 100, 1,000).

For every query of the workload (the reference questions in benchmarks/queries and the
analyst examples in queries/examples, parameters filled for one role / skill / KPI):

  (a)  the embedded store called in this process (`Store.select` / `ask` / `construct`);
  (a′) the embedded store's `execute` (engine + JSON serialization: what a /sparql query
       worker does, without HTTP and without the worker hop);
  (b)  `/sparql` over HTTP of `rolegraph serve --data CATALOG` (embedded store, default pool
       of query workers);
  (c)  `/sparql` over HTTP of `rolegraph serve --store http://…` on a real `oxigraph serve`
       process, loaded with `rolegraph load` and compacted with `oxigraph optimize`;
  (d)  a plain in-memory rdflib Dataset of the same quads, in a child process (see
       rdflib_baseline.py), each query stopped after --rdflib-cap seconds; sizes above
       --rdflib-max-n run only when the previous size predicts (load and two runs per
       query, scaled linearly) less than --rdflib-limit seconds.

See measure.py for the method (probe, warm-up, alternating blocks within a time budget). A
query slower than --max-query-s at one size is not run at the next. Prints Markdown tables
(median and p95 in ms, ratios to (a), the HTTP overhead b − a′ and b − a) and load times,
and writes them to benchmarks/out/bench_sparql.{md,json}.

    python benchmarks/bench_sparql.py                  # N = 1, 100, 1000
    python benchmarks/bench_sparql.py --quick          # N = 1, 100 (`run_all.py --quick`)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from benchmarks import common
from benchmarks.backends import DirectRunner, ExecuteRunner, HttpRunner
from benchmarks.measure import Plan, QueryResult, Runner, measure_all
from benchmarks.rdflib_baseline import run_baseline
from benchmarks.report import SizeResult, render
from benchmarks.synthetic import OUT_DIR, cached_catalog, read_manifest
from benchmarks.workload import BenchQuery, build_workload
from rolegraph.store.embedded import EmbeddedStore

EMBEDDED_LOAD = Path(__file__).resolve().parent / "embedded_load.py"
BYTES_NEEDED_PER_TRIPLE = 3_000
"""Memory the benchmark needs per catalog triple (the services hold several copies)."""
RESULT_LIMIT = 100_000_000
"""The services run with this --result-limit so that large answers are measured, not refused."""


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def wait_for_quiet(threshold: float, longest: float) -> None:
    """Poll the 1-minute load average until it is at most `threshold` (others share the
    machine), for at most `longest` seconds; then go on anyway (the report shows the load)."""
    deadline = time.monotonic() + longest
    while os.getloadavg()[0] > threshold and time.monotonic() < deadline:
        print(f"waiting for a quieter machine (load {os.getloadavg()[0]:.2f})", file=sys.stderr)
        time.sleep(15)


def load_in_child(catalog: Path, dump: Path, repeats: int, log: Path) -> dict:
    """rolegraph's embedded load timed in a child process, which leaves an N-Quads dump."""
    command = [sys.executable, str(EMBEDDED_LOAD), str(catalog), str(dump)]
    command += ["--repeats", str(repeats)]
    output = log.with_suffix(".json")
    log.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as sink, log.open("wb") as errors:
        process = subprocess.Popen(command, stdout=sink, stderr=errors)
        try:
            returncode = process.wait(common.STARTUP_TIMEOUT)
        finally:
            common.stop(process)
    if returncode != 0:
        raise RuntimeError(f"the embedded load failed ({returncode}): {log.read_text()[-2000:]}")
    return json.loads(output.read_text())


def store_from_dump(dump: Path) -> tuple[EmbeddedStore, float]:
    """An in-memory EmbeddedStore holding the dump (bulk-loaded), and the time it took."""
    store = EmbeddedStore()
    seconds = timed(lambda: store.oxigraph.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS))
    return store, seconds


@dataclass(frozen=True)
class RdflibCost:
    """What rdflib took at one size: load and the fastest run of each query (seconds)."""

    n_roles: int
    load_s: float
    query_s: list[float]


class SlowQueries:
    """Queries too slow at one size to be run at the next (with the reason)."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.seen: dict[str, tuple[int, float, str]] = {}

    def record(self, n_roles: int, results: Sequence[QueryResult]) -> None:
        for q in results:
            times = [q.median(k) for k in ("a", "b") if q.samples.get(k)]
            if q.note or "b" in q.errors:
                self.seen[q.name] = (n_roles, max(times, default=float("inf")), q.note or "failed")
            elif times:
                self.seen[q.name] = (n_roles, max(times), "")

    def reason(self, name: str, n_roles: int) -> str | None:
        if name not in self.seen:
            return None
        base, seconds, note = self.seen[name]
        predicted = seconds * n_roles / base
        if base < n_roles and (note or predicted > self.limit):
            was = note or f"{seconds:.2f} s"
            return f"too slow at N={base:,} ({was}); predicted ≥ {predicted:.0f} s here"
        return None


def bench_size(
    n_roles: int,
    args: argparse.Namespace,
    slow: SlowQueries,
    rdflib_cost: dict[int, RdflibCost],
) -> SizeResult:
    print(f"\n## N = {n_roles:,}", file=sys.stderr, flush=True)
    result = SizeResult(n_roles)
    if args.wait_for_load:
        wait_for_quiet(args.wait_for_load, args.wait_max)
    result.load_average = " ".join(f"{x:.2f}" for x in os.getloadavg())
    catalog = cached_catalog(n_roles, args.seed)
    manifest = read_manifest(catalog) or {}
    result.generate_s = manifest.get("seconds")
    result.links = manifest.get("links", "")
    queries, result.skipped = build_workload(manifest)
    if args.queries:
        queries = [q for q in queries if q.name in set(args.queries.split(","))]
    runnable = []
    for query in queries:
        reason = slow.reason(query.name, n_roles)
        if reason:
            result.skipped.append((query.name, reason))
        else:
            runnable.append(query)
    need = manifest.get("triples", 0) * BYTES_NEEDED_PER_TRIPLE
    available = common.mem_available()
    if available and available < need:
        result.note = (
            f"skipped: about {common.gib(need)} of memory needed, {common.gib(available)} "
            "available (other processes are using the rest)"
        )
        print(result.note, file=sys.stderr)
        return result

    work = Path(tempfile.mkdtemp(prefix=f"bench-n{n_roles}-", dir=args.work_dir))
    logs = work / "logs"
    try:
        repeats = 1 if n_roles >= 1000 else 3
        dump = work / "dump.nq"
        loaded = load_in_child(catalog, dump, repeats, logs / "embedded-load.log")
        result.load["a embedded load (rolegraph)"] = common.median(loaded["times"])
        result.memory["a embedded load: peak RSS of the loading process"] = loaded["peak_rss"]
        result.quads = loaded["quads"]
        print(f"{result.quads:,} quads; embedded load {loaded['times']}", file=sys.stderr)
        location = None if args.no_remote else load_remote(catalog, work, args.cap, result)
        store, seconds = store_from_dump(dump)
        result.load["a bulk_load of the N-Quads dump"] = seconds
        result.queries = run_services(runnable, store, catalog, location, work, args, result)
        slow.record(n_roles, result.queries)
        del store
        if args.no_rdflib:
            result.rdflib_note = "skipped (--no-rdflib)"
        else:
            run_rdflib(runnable, dump, work, n_roles, args, rdflib_cost, result)
    finally:
        if args.keep_work:
            print(f"work directory kept: {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    return result


def load_remote(catalog: Path, work: Path, cap: float, result: SizeResult) -> Path:
    """Load an Oxigraph server with `rolegraph load`, stop it and optimize its store."""
    location = work / "oxigraph"
    logs = work / "logs"
    with common.oxigraph_serve(
        location, common.free_port(), logs / "oxigraph-load.log", timeout_s=cap
    ) as server:
        result.load["c rolegraph load → Oxigraph server"] = common.run_timed(
            [common.ROLEGRAPH, "load", "--store", server.url, "--data", str(catalog)],
            logs / "rolegraph-load.log",
        )
    binary = common.oxigraph_binary()
    assert binary is not None
    result.load["c oxigraph optimize"] = common.run_timed(
        [binary, "optimize", "--location", str(location)], logs / "oxigraph-optimize.log"
    )
    return location


def run_services(
    queries: Sequence[BenchQuery],
    store: EmbeddedStore,
    catalog: Path,
    location: Path | None,
    work: Path,
    args: argparse.Namespace,
    result: SizeResult,
) -> list[QueryResult]:
    """Start (c) then (b), measure a, a′, b, c; every process is stopped on the way out."""
    logs = work / "logs"
    limits = ("--result-limit", str(RESULT_LIMIT), "--query-timeout", str(args.cap))
    runners: dict[str, Runner] = {}
    with contextlib.ExitStack() as stack:
        if location is not None:
            started = time.perf_counter()
            oxigraph = stack.enter_context(
                common.oxigraph_serve(
                    location, common.free_port(), logs / "oxigraph.log", timeout_s=args.cap
                )
            )
            result.load["c oxigraph serve: ready"] = time.perf_counter() - started
            started = time.perf_counter()
            remote = stack.enter_context(
                common.rolegraph_serve(
                    common.free_port(),
                    logs / "serve-remote.log",
                    "--store",
                    oxigraph.url,
                    "--load",
                    "never",
                    *limits,
                )
            )
            result.load["c serve --store: ready"] = time.perf_counter() - started
            runners["c"] = stack.enter_context(
                contextlib.closing(HttpRunner("c", remote.url, args.cap + 60))
            )
        started = time.perf_counter()
        embedded = stack.enter_context(
            common.rolegraph_serve(
                common.free_port(), logs / "serve-embedded.log", "--data", str(catalog), *limits
            )
        )
        result.load["b serve --data: ready (load + snapshot + workers)"] = (
            time.perf_counter() - started
        )
        runners = {
            "b": stack.enter_context(
                contextlib.closing(HttpRunner("b", embedded.url, args.cap + 60))
            ),
            "a": DirectRunner(store),
            "a'": ExecuteRunner(store, RESULT_LIMIT),
            **runners,
        }
        plan = Plan(
            budget=args.budget,
            min_runs=args.min_runs,
            max_runs=args.max_runs,
            block=args.block,
            slow_s=args.max_query_s,
            skip_when_slow=frozenset({"a'"}),
        )
        print(f"measuring {len(queries)} queries on {', '.join(runners)}", file=sys.stderr)
        # the probe runs on (b): its query timeout stops a runaway query
        measured = measure_all(list(queries), runners, "b", plan)
        result.memory["b serve --data with its 2 query workers: RSS after the queries"] = (
            common.rss_tree(embedded.process.pid)
        )
        if location is not None:
            result.memory["c oxigraph server: RSS after the queries"] = common.rss_tree(
                oxigraph.process.pid
            )
        return measured


def predict_rdflib(cost: RdflibCost, n_roles: int, cap: float) -> float:
    """Seconds rdflib needs at `n_roles`: load and two runs per query, scaled linearly
    from a smaller size (each query at most `cap`, where it would be stopped)."""
    factor = n_roles / cost.n_roles
    queries = sum(min(cap, 2 * factor * seconds) for seconds in cost.query_s)
    return factor * cost.load_s + queries


def run_rdflib(
    queries: Sequence[BenchQuery],
    dump: Path,
    work: Path,
    n_roles: int,
    args: argparse.Namespace,
    rdflib_cost: dict[int, RdflibCost],
    result: SizeResult,
) -> None:
    """(d); above --rdflib-max-n only when the previous size predicts it is affordable."""
    smaller = [n for n in rdflib_cost if n < n_roles]
    if n_roles > args.rdflib_max_n:
        if not smaller:
            result.rdflib_note = f"skipped at N={n_roles:,} (no smaller size to predict from)"
            return
        base = rdflib_cost[max(smaller)]
        predicted = predict_rdflib(base, n_roles, args.rdflib_cap)
        if predicted > args.rdflib_limit:
            result.rdflib_note = (
                f"skipped at N={n_roles:,}: from N={base.n_roles:,} (load "
                f"{base.load_s:.0f} s, {len(base.query_s)} queries) about {predicted / 60:.0f} "
                f"min are predicted for loading and two runs per query, over the "
                f"{args.rdflib_limit / 60:.0f} min limit (--rdflib-limit)"
            )
            print(f"rdflib: {result.rdflib_note}", file=sys.stderr)
            return
    measured = {q.name for q in result.queries if q.samples.get("b") or q.samples.get("a")}
    workload = [
        {"name": q.name, "form": q.form, "text": q.text} for q in queries if q.name in measured
    ]
    print(f"rdflib: {len(workload)} queries", file=sys.stderr, flush=True)
    baseline = run_baseline(
        dump,
        workload,
        work,
        budget=args.rdflib_budget,
        query_cap=args.rdflib_cap,
        load_cap=max(args.rdflib_limit, args.rdflib_cap),
    )
    rdflib_cost[n_roles] = RdflibCost(
        n_roles,
        baseline.load_s or 0.0,
        [min(entry.get("samples") or [args.rdflib_cap]) for entry in baseline.queries.values()],
    )
    result.rdflib_wall_s = baseline.wall_s
    result.rdflib_note = baseline.note
    result.load["d rdflib parse of the N-Quads dump"] = baseline.load_s
    by_name = {q.name: q for q in result.queries}
    for name, entry in baseline.queries.items():
        query = by_name[name]
        query.samples["d"] = entry.get("samples", [])
        query.rows["d"] = entry.get("rows")
        if "error" in entry:
            query.errors["d"] = entry["error"]
        if "timeout" in entry:
            query.errors["d"] = f"timeout: stopped after {entry['timeout']:.0f} s"


def method_lines(args: argparse.Namespace) -> list[str]:
    return [
        "loads: the embedded load is the median of 3 runs (1 at N ≥ 1,000), the others one "
        "run each",
        "each query: a probe on (b), two warm-up runs per backend, then alternating blocks "
        f"of {args.block} consecutive runs per backend (a, a′, b, c) for {args.budget:g} s, "
        f"at least {args.min_runs} and at most {args.max_runs} runs per backend; a query "
        f"whose probe takes more than {args.max_query_s:g} s gets one run per backend "
        "(a′ skipped) and is not run at larger N",
        f"rdflib: a child process; one warm-up, then runs for {args.rdflib_budget:g} s per "
        f"query (at most 20); a query running past {args.rdflib_cap:g} s is stopped; sizes "
        f"above N={args.rdflib_max_n:,} only when predicted under {args.rdflib_limit:g} s",
        f"services: `rolegraph serve` defaults (2 query workers) with --result-limit "
        f"{RESULT_LIMIT:,} and --query-timeout {args.cap:g}; Oxigraph server "
        f"--union-default-graph --timeout-s {args.cap:g}",
        "HTTP client: `http.client`, one keep-alive connection, POST "
        "application/sparql-query, Accept SPARQL JSON (N-Triples for CONSTRUCT), body read "
        "and its results counted",
        "the machine is shared (other engineers run tests at the same time): the numbers "
        "are medians of several runs, and still noisy",
    ]


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,1000", help="comma-separated N roles")
    parser.add_argument("--quick", action="store_true", help="N = 1, 100, shorter budgets")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--budget", type=float, help="s of timed rounds per query (4; quick 2)")
    parser.add_argument("--min-runs", type=int, default=5)
    parser.add_argument("--max-runs", type=int, help="per backend (40; quick 20)")
    parser.add_argument("--block", type=int, default=5, help="consecutive runs per backend")
    parser.add_argument("--max-query-s", type=float, default=5.0, help="slower: one run only")
    parser.add_argument("--cap", type=float, default=120.0, help="s before a query is stopped")
    parser.add_argument("--rdflib-budget", type=float, help="s per query (3; quick 1)")
    parser.add_argument("--rdflib-cap", type=float, default=60.0, help="s before it is stopped")
    parser.add_argument("--rdflib-max-n", type=int, default=100, help="larger: if predicted ok")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=300.0,
        help="skip rdflib at a size predicted to take longer than this (seconds)",
    )
    parser.add_argument("--no-rdflib", action="store_true")
    parser.add_argument(
        "--wait-for-load",
        type=float,
        default=0.0,
        help="before each size, wait until the 1-min load average is at most this",
    )
    parser.add_argument("--wait-max", type=float, default=900.0, help="longest wait (s)")
    parser.add_argument("--no-remote", action="store_true", help="skip (c)")
    parser.add_argument("--queries", default="", help="only these query names (comma-separated)")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "bench_sparql")
    parser.add_argument("--work-dir", type=Path, help="parent of temporary stores and logs")
    parser.add_argument("--keep-work", action="store_true", help="keep stores and logs")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = "1,100"
    args.budget = args.budget or (2.0 if args.quick else 4.0)
    args.max_runs = args.max_runs or (20 if args.quick else 40)
    args.rdflib_budget = args.rdflib_budget or (1.0 if args.quick else 3.0)
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    info = common.machine_info()
    slow = SlowQueries(args.max_query_s)
    rdflib_cost: dict[int, RdflibCost] = {}
    sizes = [bench_size(n, args, slow, rdflib_cost) for n in args.size_list]
    text = render(sizes, info, method_lines(args))
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.with_suffix(".md").write_text(text + "\n", encoding="utf-8")
    common.write_json(
        args.out.with_suffix(".json"),
        {"machine": info, "method": method_lines(args), "sizes": [asdict(s) for s in sizes]},
    )
    print(f"\n(written to {args.out}.md and .json)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
