"""Where the time of one uncached portal request goes, in process (no HTTP, no client).

For each portal endpoint of bench_api.py, with the response cache off, it calls the app
as ASGI (through every middleware and the direct dispatch) and times, in the same requests:

  request     the whole app call
  query       `Store.select` inside the request, and the same query in a tight loop (the
              "raw query" of bench_api.py: caches warm from the previous run)
  shaping     rows into the endpoint's objects (Shaper.shape) inside the request
  rest        request - query - shaping: parameters, binding, negotiation, ETag, label
              look-ups, paging, envelope, JSON, ASGI layers, request and response objects

and prints a table of medians (ms) with the 1.3x budget of issue 6: the most `rest` may
be for a question whose raw query + JSON takes what it takes here, ignoring the HTTP floor.

    python benchmarks/bench_portal_path.py               # the shipped catalog
    python benchmarks/bench_portal_path.py --roles 1000  # a synthetic catalog (~1 min load)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

os.environ["ROLEGRAPH_RESPONSE_CACHE"] = "0"  # every request runs its query

import orjson

from benchmarks import common
from benchmarks.bench_api import ENDPOINTS
from benchmarks.synthetic import cached_catalog
from rolegraph import catalog
from rolegraph.api.app import create_app
from rolegraph.api.portal import questions
from rolegraph.settings import Settings
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.terms import to_json_value

BUDGET = 1.3


class Timed:
    """Wraps a callable and keeps the duration of every call made while recording."""

    def __init__(self, function: Callable[..., Any]) -> None:
        self.function = function
        self.times: list[float] = []
        self.recording = False

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return self.function(*args, **kwargs)
        finally:
            if self.recording:
                self.times.append(time.perf_counter() - started)


async def call(app: Any, path: str, query: bytes) -> None:
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query,
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1:8000"), (b"accept", b"*/*")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            status.append(message["status"])

    await app(scope, receive, send)
    if status != [200]:
        raise RuntimeError(f"{path} answered {status}")


def tight_loop(store: EmbeddedStore, text: str, runs: int) -> tuple[float, float]:
    """Median of the raw query and of the raw query + flat JSON, as bench_api.py times them."""
    query_times, json_times = [], []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = store.select(text)
        t1 = time.perf_counter()
        orjson.dumps(
            [
                {v: to_json_value(t) for v, t in zip(result.variables, row, strict=True)}
                for row in result.rows
            ]
        )
        query_times.append(t1 - t0)
        json_times.append(time.perf_counter() - t0)
    return statistics.median(query_times), statistics.median(json_times)


async def measure(store: EmbeddedStore, runs: int) -> list[list[str]]:
    app = create_app(Settings(sparql_workers=0, load="never"), store=store)
    select = Timed(store.select)
    store.select = select  # type: ignore[method-assign]
    by_name = {q.spec.name: q for q in questions}
    rows = []
    async with app.router.lifespan_context(app):
        for label, target, name in ENDPOINTS:
            if name is None:
                continue  # search: no SPARQL query to compare with
            path, _, query = target.partition("?")
            question = by_name[name]
            shape = Timed(question.shaper.shape)
            question.shaper.shape = shape  # type: ignore[method-assign]
            try:
                for _ in range(30):
                    await call(app, path, query.encode())
                select.times.clear()
                select.recording = shape.recording = True
                requests = []
                for _ in range(runs):
                    started = time.perf_counter()
                    await call(app, path, query.encode())
                    requests.append(time.perf_counter() - started)
                select.recording = shape.recording = False
            finally:
                question.shaper.shape = shape.function  # type: ignore[method-assign]
            values = {p.name: p.example for p in question.spec.params if p.required}
            raw, raw_json = tight_loop(store, question.query(question.spec.bind(values)), runs)
            request = statistics.median(requests)
            in_path = statistics.median(select.times[-runs:]) if select.times else 0.0
            shaping = statistics.median(shape.times) if shape.times else 0.0
            rest = request - in_path - shaping
            budget = BUDGET * raw_json - in_path - shaping
            rows.append(
                [
                    f"{label} `{target}`",
                    common.ms(request),
                    common.ms(in_path),
                    common.ms(raw),
                    common.ms(shaping),
                    common.ms(raw_json - raw),
                    common.ms(rest),
                    common.ms(budget),
                    f"{request / raw_json:.2f}×",
                ]
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--roles", type=int, help="a synthetic catalog of N roles (default: shipped)"
    )
    parser.add_argument("--runs", type=int, default=2000)
    args = parser.parse_args(argv)
    store = EmbeddedStore()
    if args.roles:
        files = sorted(cached_catalog(args.roles).glob("*.ttl"))
        store.load(catalog.vocabulary_sources() + catalog.data_file_sources(files))
        where = f"synthetic catalog of {args.roles:,} roles"
    else:
        store.load(catalog.shipped_sources())
        where = "shipped catalog"
    rows = asyncio.run(measure(store, args.runs))
    headers = [
        "endpoint",
        "request",
        "query in the request",
        "same query, tight loop",
        "shaping",
        "flat JSON (bench_api)",
        "rest",
        "rest allowed at 1.3×",
        "request / (raw + JSON)",
    ]
    print(f"# One uncached portal request in process, {where} (median of {args.runs}, ms)\n")
    print(common.markdown_table(headers, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
