"""Portal API latency and throughput on the embedded store, next to the raw query time.

One server process (one uvicorn worker, 127.0.0.1) holds the N-role synthetic catalog in an
in-memory embedded store and serves the same app twice: on one port with the response cache
off ("cold": every request runs its query) and on another with it on ("warm"). `wrk` drives
each endpoint at 1 and at 8 connections; the server process also times, in process, the raw
query of the same question and the query plus JSON serialisation (orjson of the rows), and
serves that raw work as a bare route of the same app, which wrk drives too: the baseline
as a server pays for it (a tight loop runs with CPU caches no request ever finds).

    python benchmarks/bench_api.py                # 1,000 roles, 5 s per run
    python benchmarks/bench_api.py --roles 100 --seconds 3

Needs `wrk` (Debian: apt-get install wrk). Prints a Markdown table; --json writes the numbers.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parents[1]
ENDPOINTS = [
    (
        "KPI × skill matrix of a role",
        "/roles/ai-engineer/kpi-skill-matrix",
        "role_kpi_skill_matrix",
    ),
    ("skills for a KPI (evidence)", "/kpis/ai-engineer.p95-inference-latency/skills", "kpi_skills"),
    ("KPIs of a role", "/roles/ai-engineer/kpis", "role_kpis"),
    ("one KPI", "/kpis/ai-engineer.p95-inference-latency", "kpi"),
    ("roles (first page of all)", "/roles", "roles"),
    ("search, one type", "/search?q=latency&type=kpi", None),
    ("search, all types", "/search?q=inference+latency", None),
]
FLOOR_PATH = "/sparql/prefixes"
"""A static JSON answer through the same uvicorn, app and middleware: the HTTP floor that
every endpoint pays whatever its question (transport, routing, CORS, the client)."""
BARE_PATH = "/_bare/{}"
"""The i-th endpoint's baseline (raw query + flat JSON) as a route of the same app, answered
through the same front door: what the raw work costs when a server does it between reading
a request and writing the answer (CPU caches as a server leaves them, not a tight loop's)."""
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests,
    summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), summary.errors.status + summary.errors.connect
    + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


# -- the server process -----------------------------------------------------------------------


def bare_route(work: Callable[[], bytes]) -> Callable:
    """A direct endpoint answering `work()` as JSON, with nothing else around it."""
    from fastapi import Request
    from fastapi.responses import Response

    from rolegraph.api.direct import direct

    @direct
    async def endpoint(request: Request) -> Response:
        return Response(work(), media_type="application/json")

    return endpoint


def serve(args: argparse.Namespace) -> None:
    """Load the catalog, time the raw queries, then serve cold and warm apps until killed."""
    import orjson
    import uvicorn

    from rolegraph import catalog
    from rolegraph.api.app import create_app
    from rolegraph.api.portal import questions
    from rolegraph.api.portal.engine import Portal, portal_of
    from rolegraph.api.portal.search import build_index, current_index, match_expression
    from rolegraph.settings import Settings, StoreSettings
    from rolegraph.store.embedded import EmbeddedStore
    from rolegraph.terms import to_json_value

    files = sorted(Path(args.catalog).glob("*.ttl"))
    store = EmbeddedStore()
    started = time.perf_counter()
    store.load(catalog.vocabulary_sources() + catalog.data_file_sources(files))
    load_seconds = time.perf_counter() - started

    by_name = {q.spec.name: q for q in questions}
    raw: dict[str, dict[str, float]] = {}
    bare: dict[str, Callable[[], bytes]] = {}
    """Per endpoint: its raw query (or index search) + flat JSON, the comparison baseline."""
    search_index: list = []  # the index, once built

    def sparql_baseline(text: str) -> Callable[[], bytes]:
        def run() -> bytes:
            result = store.select(text)
            return orjson.dumps(
                [
                    {v: to_json_value(t) for v, t in zip(result.variables, row, strict=True)}
                    for row in result.rows
                ]
            )

        return run

    def search_baseline(match: str, kind: str | None) -> Callable[[], bytes]:
        return lambda: orjson.dumps(search_index[0].search(match, kind, None, 50, 0)[1])

    for _label, path, name in ENDPOINTS:
        if name is None:
            query = parse_qs(urlsplit(path).query)
            bare[path] = search_baseline(
                match_expression(query["q"][0]), query.get("type", [None])[0]
            )
            continue
        question = by_name[name]
        values = {p.name: p.example for p in question.spec.params if p.required}
        text = question.query(question.spec.bind(values))
        bare[path] = sparql_baseline(text)
        query_times, json_times = [], []
        for _ in range(args.raw_runs):
            t0 = time.perf_counter()
            result = store.select(text)
            query_times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            bare[path]()
            json_times.append(time.perf_counter() - t0)
        raw[path] = {
            "query_ms": statistics.median(query_times) * 1000,
            "query_json_ms": statistics.median(json_times) * 1000,
            "rows": len(result.rows),
        }

    settings = Settings(store=StoreSettings(), sparql_workers=0, load="never")

    def app_with_cache(entries: int):
        app = create_app(settings, store=store)
        app.state.portal = Portal(store, entries)
        for i, (_label, path, _name) in enumerate(ENDPOINTS):
            app.router.add_route(BARE_PATH.format(i), bare_route(bare[path]), methods=["GET"])
        return app

    async def main() -> None:
        cold, warm = app_with_cache(0), app_with_cache(4096)
        servers = [
            uvicorn.Server(
                uvicorn.Config(
                    app, host=HOST, port=port, log_level="warning", access_log=False, lifespan="on"
                )
            )
            for app, port in ((cold, args.port_cold), (warm, args.port_warm))
        ]
        tasks = [asyncio.create_task(s.serve()) for s in servers]
        while not all(s.started for s in servers):
            await asyncio.sleep(0.05)
        # build the search index now (not inside the measurements); time one build
        t0 = time.perf_counter()
        index = await asyncio.to_thread(build_index, portal_of(cold), store.data_version())
        build_seconds = time.perf_counter() - t0
        for app in (cold, warm):
            portal = portal_of(app)
            portal.state["search"] = index
            await current_index(portal, store.data_version())
        search_index.append(index)
        for _label, path, name in ENDPOINTS:
            if name is not None:
                continue
            search_raw = []
            for _ in range(args.raw_runs):
                t0 = time.perf_counter()
                bare[path]()
                search_raw.append(time.perf_counter() - t0)
            query = parse_qs(urlsplit(path).query)
            total, _rows = index.search(
                match_expression(query["q"][0]), query.get("type", [None])[0], None, 50, 0
            )
            raw[path] = {
                "query_ms": statistics.median(search_raw) * 1000,
                "query_json_ms": statistics.median(search_raw) * 1000,
                "rows": total,
            }
        Path(args.ready).write_text(
            json.dumps(
                {
                    "load_seconds": load_seconds,
                    "quads": len(store.oxigraph),
                    "index_build_seconds": build_seconds,
                    "index_documents": index.documents,
                    "raw": raw,
                }
            )
        )
        await asyncio.gather(*tasks)

    asyncio.run(main())


# -- the load generator side ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wrk(url: str, connections: int, seconds: int, script: Path) -> dict[str, float]:
    """One wrk run (one thread: the machine has two cores and the server needs one)."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"RESULT (\d+) (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if not match:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    requests, duration_us, p50, p95, p99, errors = map(int, match.groups())
    return {
        "rps": requests / (duration_us / 1e6),
        "p50_ms": p50 / 1000,
        "p95_ms": p95 / 1000,
        "p99_ms": p99 / 1000,
        "errors": errors,
    }


def run(args: argparse.Namespace) -> dict:
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (Debian: apt-get install wrk)")
    catalog_dir = Path(args.catalog) if args.catalog else _catalog(args.roles)
    with tempfile.TemporaryDirectory() as tmp:
        ready = Path(tmp) / "ready.json"
        script = Path(tmp) / "report.lua"
        script.write_text(WRK_SCRIPT)
        ports = {"cold": free_port(), "warm": free_port()}
        server = subprocess.Popen(
            [
                sys.executable,
                __file__,
                "--serve",
                "--catalog",
                str(catalog_dir),
                "--port-cold",
                str(ports["cold"]),
                "--port-warm",
                str(ports["warm"]),
                "--ready",
                str(ready),
                "--raw-runs",
                str(args.raw_runs),
            ],
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 1800
            while not ready.exists():
                if server.poll() is not None:
                    raise RuntimeError("the server process exited")
                if time.monotonic() > deadline:
                    raise TimeoutError("the server did not get ready")
                time.sleep(0.5)
            info = json.loads(ready.read_text())
            floor_url = f"http://{HOST}:{ports['cold']}{FLOOR_PATH}"
            httpx.get(floor_url, timeout=60).raise_for_status()
            wrk(floor_url, 2, 1, script)  # warm-up
            floor = {c: wrk(floor_url, c, args.seconds, script) for c in (1, 8)}
            results = []
            for i, (label, path, _name) in enumerate(ENDPOINTS):
                row = {"endpoint": label, "path": path, "raw": info["raw"][path]}
                runs = [(mode, port, path) for mode, port in ports.items()]
                runs.append(("bare", ports["cold"], BARE_PATH.format(i)))
                for mode, port, target in runs:
                    url = f"http://{HOST}:{port}{target}"
                    check = httpx.get(url, timeout=60)
                    check.raise_for_status()
                    wrk(url, 2, 1, script)  # warm-up
                    row[mode] = {c: wrk(url, c, args.seconds, script) for c in (1, 8)}
                results.append(row)
        finally:
            _stop(server)
    return {
        "machine": _machine(),
        "roles": args.roles,
        "catalog": str(catalog_dir),
        "seconds": args.seconds,
        **info,
        "floor": floor,
        "results": results,
    }


def _catalog(roles: int) -> Path:
    sys.path.insert(0, str(ROOT))
    from benchmarks.synthetic import cached_catalog

    return cached_catalog(roles)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(20)


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def table(report: dict) -> str:
    floor = report["floor"]
    lines = [
        f"{report['roles']:,} roles ({report['quads']:,} quads, loaded in "
        f"{report['load_seconds']:.0f} s); search index: {report['index_documents']:,} documents,"
        f" built in {report['index_build_seconds']:.1f} s. {report['machine']}. wrk, one thread,"
        f" {report['seconds']} s per run; one uvicorn worker. HTTP floor (`{FLOOR_PATH}`, a"
        f" static answer through the same app): p50 {floor[1]['p50_ms']:.2f} ms at 1 connection,"
        f" {floor[8]['rps']:,.0f} req/s at 8. Bare route: the raw query + JSON as a route of the"
        f" same server (`{BARE_PATH.format('i')}`).",
        "",
        "| endpoint | raw query (ms) | raw query + JSON (ms) | cold p50 / p95 / p99 at 1 conn (ms) "
        "| cold req/s at 8 conn | cold cost above the HTTP floor vs raw + JSON "
        "| bare route p50 at 1 conn (ms) | cold cost above the floor vs the bare route's "
        "| warm p50 at 1 conn (ms) | warm p50 / p95 / p99 at 8 conn (ms) | warm req/s at 8 conn |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in report["results"]:
        raw, cold, warm, bare = row["raw"], row["cold"], row["warm"], row["bare"]
        base = raw["query_json_ms"] or float("nan")
        net = (cold[1]["p50_ms"] - floor[1]["p50_ms"]) / base
        bare_net = (cold[1]["p50_ms"] - floor[1]["p50_ms"]) / max(
            bare[1]["p50_ms"] - floor[1]["p50_ms"], 1e-9
        )
        lines.append(
            f"| {row['endpoint']} `{row['path']}` | {raw['query_ms']:.2f} | "
            f"{raw['query_json_ms']:.2f} | {cold[1]['p50_ms']:.2f} / {cold[1]['p95_ms']:.2f} / "
            f"{cold[1]['p99_ms']:.2f} | {cold[8]['rps']:,.0f} | {net:.2f}× | "
            f"{bare[1]['p50_ms']:.2f} | {bare_net:.2f}× | {warm[1]['p50_ms']:.2f} | "
            f"{warm[8]['p50_ms']:.2f} / {warm[8]['p95_ms']:.2f} / {warm[8]['p99_ms']:.2f} | "
            f"{warm[8]['rps']:,.0f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--roles", type=int, default=1000)
    parser.add_argument("--catalog", help="a generated catalog folder (default: generated)")
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--raw-runs", type=int, default=200)
    parser.add_argument("--json", help="write the numbers to this file")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port-cold", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--port-warm", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--ready", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args)
        return
    report = run(args)
    print(table(report))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))


if __name__ == "__main__":
    main()
