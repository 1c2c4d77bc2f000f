"""How /sparql runs protocol queries without blocking the event loop.

- embedded store with workers: `WorkerPool` (time limit enforced by killing a worker);
- remote store, or embedded with ``workers=0``: `InlineRunner`, which calls
  `Store.execute` in a thread. A remote store is bounded by the HTTP timeout (and should be
  by the server's own, e.g. ``oxigraph serve --timeout-s``); an embedded store without
  workers has no time limit at all (for tests and benchmarks of the bare engine).
"""

from __future__ import annotations

import asyncio
from typing import Any, Protocol

from rolegraph.store.base import Store
from rolegraph.store.protocol import QueryRequest, QueryResponse


class QueryRunner(Protocol):
    async def start(self) -> None: ...

    async def run(self, request: QueryRequest) -> QueryResponse: ...

    async def close(self) -> None: ...

    def stats(self) -> dict[str, Any]: ...


class InlineRunner:
    """`store.execute` in a worker thread of the event loop."""

    def __init__(self, store: Store, timeout: float | None = None) -> None:
        self.store = store
        self.timeout = timeout

    async def start(self) -> None:
        """Nothing to start."""

    async def run(self, request: QueryRequest) -> QueryResponse:
        return await asyncio.to_thread(self.store.execute, request)

    async def close(self) -> None:
        """Nothing to stop."""

    def stats(self) -> dict[str, Any]:
        return {"size": 0, "mode": "inline", "timeout_s": self.timeout}


def make_runner(store: Store, workers: int, timeout: float, inline_below: float) -> QueryRunner:
    """A worker pool for an embedded store (when `workers` > 0), else inline execution.

    `inline_below`: seconds under which a worker's answer marks a query as cheap."""
    if store.backend == "embedded" and workers > 0:
        from rolegraph.store.workers import WorkerPool

        return WorkerPool(store, workers, timeout, inline_below=inline_below)  # type: ignore[arg-type]
    return InlineRunner(store, timeout)
