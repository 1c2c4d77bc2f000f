"""Where the time of a small /sparql query goes (the ≤ 1 ms overhead target of issue 5).

On the one-role catalog, for a small analyst query and for `ASK {}` (no engine work), it
measures layer by layer, median of alternating blocks:

  engine      `Store.execute` in process (engine + JSON serialization)
  + worker    the same through the query worker pool, in process (pickle, pipe, asyncio):
              every run in a worker (what a query nobody has run yet costs), and with the
              pool's default, where a repeated query known to be cheap runs in process
  HTTP floor  GET /sparql/prefixes: uvicorn + the app + middleware + client, no query
  inline      POST /sparql, `--workers-for-sparql 0` (handler + thread hop + engine)
  workers     POST /sparql, 2 query workers, `--inline-below-ms 0` (every query in a worker)
  default     POST /sparql, default settings (2 workers; repeats of cheap queries in process)
  remote      an Oxigraph server alone (POST /query), through `RemoteStore.execute`, and
              through /sparql of a service pointed at it

plus the pure-Python work the /sparql handler does on the query text (tokenizing it for the
query form, the SERVICE check and the update check).

    python benchmarks/bench_overhead.py [--runs 400] [--query goals_by_horizon]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import common
from benchmarks.backends import HttpRunner
from benchmarks.synthetic import OUT_DIR, cached_catalog, read_manifest
from benchmarks.workload import BenchQuery, build_workload
from rolegraph.api.result_formats import choose_formats
from rolegraph.cli.load_cmd import expand_data_paths
from rolegraph.namespaces import PREFIXES
from rolegraph.settings import Settings, StoreSettings
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.store.formats import ResultFormat
from rolegraph.store.protocol import QueryRequest
from rolegraph.store.remote import RemoteStore
from rolegraph.store.sparql_text import is_update, query_form, uses_service
from rolegraph.store.workers import DEFAULT_INLINE_BELOW, WorkerPool

ASK = BenchQuery("ASK {}", "probe", "ask", "ASK {}", {})


def request_for(query: BenchQuery) -> QueryRequest:
    """The request /sparql builds for `query` (as in rolegraph.api.sparql._answer)."""
    return QueryRequest(
        query.text,
        (),
        (),
        ResultFormat.JSON,
        ResultFormat.TURTLE,
        base_iri="http://127.0.0.1/sparql",
        result_limit=10_000,
        prefixes=PREFIXES,
        timeout=30.0,
    )


def sample(function: Callable[[], object], runs: int, warmup: int = 30) -> list[float]:
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def handler_text_work(text: str) -> None:
    """What the /sparql handler computes from the query text before evaluating it."""
    form = query_form(text)
    if form is None:
        is_update(text)
    uses_service(text)
    choose_formats("application/sparql-results+json", [], form)


async def pool_samples(
    store: EmbeddedStore, requests: Sequence[QueryRequest], runs: int, inline_below: float
):
    pool = WorkerPool(store, 2, 30.0, inline_below=inline_below)
    await pool.start()
    try:
        results = []
        for request in requests:
            for _ in range(30):
                await pool.run(request)
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                await pool.run(request)
                times.append(time.perf_counter() - started)
            results.append(times)
        return results
    finally:
        await pool.close()


def remote_layers(
    catalog: Path,
    probes: Sequence[BenchQuery],
    rows: dict[str, dict[str, list[float]]],
    work: Path,
    runs: int,
) -> None:
    """The same probes on an Oxigraph server: alone, through `RemoteStore`, through /sparql."""
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(
            common.oxigraph_serve(work / "oxigraph", common.free_port(), work / "oxigraph.log")
        )
        common.run_timed(
            [common.ROLEGRAPH, "load", "--store", server.url, "--data", str(catalog)],
            work / "load.log",
        )
        direct = stack.enter_context(
            contextlib.closing(HttpRunner("oxigraph", server.url, path="/query"))
        )
        settings = StoreSettings.parse(server.url, environ={})
        assert settings.query_url is not None
        remote = RemoteStore(settings.query_url, settings.update_url, settings.gsp_url)
        service = stack.enter_context(
            common.rolegraph_serve(
                common.free_port(), work / "serve-remote.log", "--store", server.url
            )
        )
        client = stack.enter_context(contextlib.closing(HttpRunner("c", service.url)))
        for probe in probes:
            request = request_for(probe)
            rows[probe.name]["Oxigraph server alone (POST /query, keep-alive)"] = sample(
                lambda p=probe: direct(p), runs
            )
            rows[probe.name]["RemoteStore.execute in process (SPARQLWrapper)"] = sample(
                lambda r=request: remote.execute(r), runs
            )
            rows[probe.name]["POST /sparql, service on the Oxigraph server"] = sample(
                lambda p=probe: client(p), runs
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=None, help="per layer (400; quick 150)")
    parser.add_argument("--quick", action="store_true", help="fewer runs")
    parser.add_argument("--query", default="goals_by_horizon")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "bench_overhead.md")
    args = parser.parse_args(argv)
    args.runs = args.runs or (150 if args.quick else 400)

    catalog = cached_catalog(1)
    queries, _ = build_workload(read_manifest(catalog) or {})
    query = next(q for q in queries if q.name == args.query)
    store = EmbeddedStore()
    store.load(Settings(data_files=expand_data_paths([catalog])).sources())
    probes = [query, ASK]
    rows: dict[str, dict[str, list[float]]] = {p.name: {} for p in probes}
    for probe in probes:
        request = request_for(probe)
        rows[probe.name]["engine (Store.execute)"] = sample(
            lambda r=request: store.execute(r), args.runs
        )
    for inline_below, layer in (
        (0.0, "engine + worker hop (WorkerPool.run, every run in a worker)"),
        (DEFAULT_INLINE_BELOW, "WorkerPool.run, default (a repeated cheap query in process)"),
    ):
        requests = [request_for(p) for p in probes]
        pooled = asyncio.run(pool_samples(store, requests, args.runs, inline_below))
        for probe, times in zip(probes, pooled, strict=True):
            rows[probe.name][layer] = times
    text_work = sample(lambda: handler_text_work(query.text), args.runs)

    with tempfile.TemporaryDirectory(prefix="bench-overhead-") as work:
        for options, label in (
            (("--workers-for-sparql", "0"), "inline (--workers-for-sparql 0)"),
            (("--inline-below-ms", "0"), "every query in one of 2 workers"),
            ((), "default (2 workers; repeats of cheap queries in process)"),
        ):
            with contextlib.ExitStack() as stack:
                server = stack.enter_context(
                    common.rolegraph_serve(
                        common.free_port(),
                        Path(work) / f"serve-{len(options)}-{label[:5]}.log",
                        "--data",
                        str(catalog),
                        *options,
                    )
                )
                client = stack.enter_context(contextlib.closing(HttpRunner(label, server.url)))
                floor = sample(lambda c=client: c.request("GET", "/sparql/prefixes"), args.runs)
                for probe in probes:
                    rows[probe.name]["HTTP floor (GET /sparql/prefixes)"] = floor
                    rows[probe.name][f"POST /sparql, {label}"] = sample(
                        lambda c=client, p=probe: c(p), args.runs
                    )

        remote_layers(catalog, probes, rows, Path(work), args.runs)

    headers = ["layer", *(p.name for p in probes)]
    layers = list(rows[query.name])
    table = [
        [layer, *(common.ms(statistics.median(rows[p.name][layer])) for p in probes)]
        for layer in layers
    ]
    lines = [
        f"# /sparql overhead on a small query (median of {args.runs} runs, ms)",
        "",
        common.markdown_table(headers, table),
        "",
        f"Handler text work (tokenizing the {len(query.text):,}-character query for its form, "
        f"the SERVICE check, format choice): {common.ms(statistics.median(text_work))} ms.",
    ]
    text = "\n".join(lines)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
