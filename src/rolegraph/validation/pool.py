"""Worker processes that keep their share of a catalog between the two passes of a run.

A whole-catalog validation reads every role twice: once to index what roles say about
shared nodes, once to validate each role with that index. Reading (parsing) is a fifth of a
role's cost, so each worker keeps what it read in the first pass for the second: work is
given to workers by shard (the same shard goes to the same worker in every call), and a
worker's memory (`kept`) lives as long as the pool.

Workers are forked, so they start with the compiled shapes of the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from typing import Any

GC_THRESHOLD = 100_000
"""Allocations between young-generation collections in workers (Python's default: 700).

Validating a role allocates some hundred thousand short-lived objects; at the default
threshold the cyclic collector would scan the shapes and modules again and again (a quarter
of the time). Workers freeze what they inherit and collect rarely."""

kept: dict[Any, Any] = {}
"""A worker's memory across the calls of one pool (empty in the parent)."""


class WorkerError(Exception):
    """A worker failed with an exception that could not be sent back as it was."""


class ShardPool:
    """`workers` forked processes; `map` runs each shard's items in the same process."""

    def __init__(self, workers: int, context: multiprocessing.context.BaseContext) -> None:
        self.connections: list[Connection] = []
        self.processes = []
        for _ in range(workers):
            parent_end, worker_end = context.Pipe()
            process = context.Process(target=_serve, args=(worker_end,), daemon=True)
            process.start()
            worker_end.close()
            self.connections.append(parent_end)
            self.processes.append(process)

    def __enter__(self) -> ShardPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def map(
        self, function: Callable[[Any], Any], items: Sequence[Any], shards: Sequence[int]
    ) -> list[Any]:
        """[function(item) for item in items], item i run by worker shards[i] % workers."""
        count = len(self.connections)
        positions: list[list[int]] = [[] for _ in range(count)]
        for position, shard in enumerate(shards):
            positions[shard % count].append(position)
        for connection, mine in zip(self.connections, positions, strict=True):
            connection.send((function, [items[p] for p in mine]))
        results: list[Any] = [None] * len(items)
        failure: BaseException | None = None
        for connection, mine in zip(self.connections, positions, strict=True):
            status, payload = connection.recv()
            if status == "ok":
                for position, result in zip(mine, payload, strict=True):
                    results[position] = result
            elif failure is None:
                failure = payload
        if failure is not None:
            raise failure
        return results

    def close(self) -> None:
        for connection in self.connections:
            try:
                connection.send(None)
                connection.close()
            except OSError:
                pass
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():
                process.terminate()
                process.join()
        self.connections, self.processes = [], []


def _serve(connection: Connection) -> None:
    gc.freeze()
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])
    while True:
        try:
            request = connection.recv()
        except EOFError:
            return
        if request is None:
            return
        function, items = request
        try:
            connection.send(("ok", [function(item) for item in items]))
        except Exception as error:  # sent back to the parent, which raises it
            try:
                connection.send(("error", error))
            except Exception:  # not picklable
                connection.send(("error", WorkerError(traceback.format_exc())))
