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
       rdflib_baseline.py); a size predicted from the previous one to take longer than
       --rdflib-limit is skipped.

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
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from benchmarks import common
from benchmarks.backends import DirectRunner, ExecuteRunner, HttpRunner, dump_nquads
from benchmarks.measure import Plan, QueryResult, Runner, measure_all
from benchmarks.rdflib_baseline import run_baseline
from benchmarks.report import SizeResult, render
from benchmarks.synthetic import OUT_DIR, cached_catalog, read_manifest
from benchmarks.workload import BenchQuery, build_workload
from rolegraph.cli.load_cmd import expand_data_paths
from rolegraph.settings import Settings
from rolegraph.store.embedded import EmbeddedStore

RESULT_LIMIT = 100_000_000
"""The services run with this --result-limit so that large answers are measured, not refused."""


def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def load_embedded(sources: list, repeats: int) -> tuple[EmbeddedStore, list[float]]:
    """Load `repeats` times, each into a fresh in-memory store; the last store and the times."""
    times: list[float] = []
    store: EmbeddedStore | None = None
    for _ in range(repeats):
        store = None  # let the previous copy go first
        store = EmbeddedStore()
        times.append(timed(lambda s=store: s.load(sources)))
    assert store is not None
    return store, times


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
    n_roles: int, args: argparse.Namespace, slow: SlowQueries, rdflib_cost: dict[int, float]
) -> SizeResult:
    print(f"\n## N = {n_roles:,}", file=sys.stderr, flush=True)
    result = SizeResult(n_roles)
    catalog = cached_catalog(n_roles, args.seed)
    manifest = read_manifest(catalog) or {}
    result.generate_s = manifest.get("seconds")
    result.links = manifest.get("links", "")
    files = expand_data_paths([catalog])
    sources = Settings(data_files=files).sources()
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

    work = Path(tempfile.mkdtemp(prefix=f"bench-n{n_roles}-", dir=args.work_dir))
    try:
        repeats = 1 if n_roles >= 1000 else 3
        store, times = load_embedded(sources, repeats)
        result.load[f"a embedded load (median of {repeats})"] = common.median(times)
        result.quads = len(store.oxigraph)
        dump = work / "dump.nq"
        dump_nquads(store, str(dump))
        result.load["a bulk_load of the N-Quads dump"] = timed(
            lambda: ox.Store().bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        )
        print(f"{result.quads:,} quads; embedded load {times}", file=sys.stderr, flush=True)
        result.queries = run_services(runnable, store, catalog, work, args, result)
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


def run_services(
    queries: Sequence[BenchQuery],
    store: EmbeddedStore,
    catalog: Path,
    work: Path,
    args: argparse.Namespace,
    result: SizeResult,
) -> list[QueryResult]:
    """Start (b) and (c), measure a, a′, b, c; every process is stopped on the way out."""
    logs = work / "logs"
    limits = ("--result-limit", str(RESULT_LIMIT), "--query-timeout", str(args.cap))
    runners: dict[str, Runner] = {
        "a": DirectRunner(store),
        "a'": ExecuteRunner(store, RESULT_LIMIT),
    }
    with contextlib.ExitStack() as stack:
        started = time.perf_counter()
        embedded = stack.enter_context(
            common.rolegraph_serve(
                common.free_port(), logs / "serve-embedded.log", "--data", str(catalog), *limits
            )
        )
        result.load["b serve --data: ready (load + snapshot + workers)"] = (
            time.perf_counter() - started
        )
        runners["b"] = stack.enter_context(
            contextlib.closing(HttpRunner("b", embedded.url, args.cap + 60))
        )
        if not args.no_remote:
            remote_url = start_remote(stack, catalog, work, args.cap, result)
            started = time.perf_counter()
            remote = stack.enter_context(
                common.rolegraph_serve(
                    common.free_port(),
                    logs / "serve-remote.log",
                    "--store",
                    remote_url,
                    "--load",
                    "never",
                    *limits,
                )
            )
            result.load["c serve --store: ready"] = time.perf_counter() - started
            runners["c"] = stack.enter_context(
                contextlib.closing(HttpRunner("c", remote.url, args.cap + 60))
            )
        plan = Plan(
            budget=args.budget,
            min_runs=args.min_runs,
            max_runs=args.max_runs,
            block=args.block,
            slow_s=args.max_query_s,
            skip_when_slow=frozenset({"a'"}),
        )
        print(f"measuring {len(queries)} queries on {', '.join(runners)}", file=sys.stderr)
        # the probe runs on (b) first: its query timeout stops a runaway query
        ordered = {"b": runners["b"], **{k: v for k, v in runners.items() if k != "b"}}
        return measure_all(list(queries), ordered, "b", plan)


def start_remote(
    stack: contextlib.ExitStack, catalog: Path, work: Path, cap: float, result: SizeResult
) -> str:
    """Load an Oxigraph server with `rolegraph load`, stop it, optimize, serve it again."""
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
    started = time.perf_counter()
    server = stack.enter_context(
        common.oxigraph_serve(location, common.free_port(), logs / "oxigraph.log", timeout_s=cap)
    )
    result.load["c oxigraph serve: ready"] = time.perf_counter() - started
    return server.url


def run_rdflib(
    queries: Sequence[BenchQuery],
    dump: Path,
    work: Path,
    n_roles: int,
    args: argparse.Namespace,
    rdflib_cost: dict[int, float],
    result: SizeResult,
) -> None:
    """(d), unless the previous size predicts more than --rdflib-limit seconds."""
    smaller = [n for n in rdflib_cost if n < n_roles]
    if smaller:
        base = max(smaller)
        predicted = rdflib_cost[base] * n_roles / base
        if predicted > args.rdflib_limit:
            result.rdflib_note = (
                f"skipped at N={n_roles:,}: the N={base:,} run took {rdflib_cost[base]:.0f} s, "
                f"so about {predicted / 60:.0f} min are predicted here (limit "
                f"{args.rdflib_limit / 60:.0f} min, --rdflib-limit)"
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
        query_cap=args.cap,
        load_cap=args.rdflib_limit,
    )
    rdflib_cost[n_roles] = baseline.wall_s
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
        "each query: a probe on (b), two warm-up runs per backend, then alternating blocks "
        f"of {args.block} consecutive runs per backend (a, a′, b, c) for {args.budget:g} s, "
        f"at least {args.min_runs} and at most {args.max_runs} runs per backend; a query "
        f"whose probe takes more than {args.max_query_s:g} s gets one run per backend "
        "(a′ skipped) and is not run at larger N",
        f"rdflib: a child process; one warm-up, then runs for {args.rdflib_budget:g} s per "
        f"query; a query running past {args.cap:g} s is stopped",
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
    parser.add_argument("--rdflib-budget", type=float, help="s per query (10; quick 4)")
    parser.add_argument(
        "--rdflib-limit",
        type=float,
        default=300.0,
        help="skip rdflib at a size predicted to take longer than this (seconds)",
    )
    parser.add_argument("--no-rdflib", action="store_true")
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
    args.rdflib_budget = args.rdflib_budget or (4.0 if args.quick else 10.0)
    args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.work_dir is not None:
        args.work_dir.mkdir(parents=True, exist_ok=True)
    info = common.machine_info()
    slow = SlowQueries(args.max_query_s)
    rdflib_cost: dict[int, float] = {}
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
