"""Worker processes that keep their share of a catalog between the two passes of a run.

A whole-catalog validation reads every role twice: once to index what roles say about
shared nodes, once to validate each role with that index. Reading (parsing) is a fifth of a
role's cost, so each worker keeps what it read in the first pass for the second: work is
given to workers by shard (a role's second pass goes to the worker that read it), and a
worker's memory (`kept`) lives as long as the pool. A worker done with its own share takes
over the rest of another's (reading those files again).

Workers are forked, so they start with the compiled shapes of the parent.
"""

from __future__ import annotations

import gc
import multiprocessing
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any

GC_THRESHOLD = 100_000
"""Allocations between young-generation collections in workers (Python's default: 700).

Validating a role allocates some hundred thousand short-lived objects; at the default
threshold the cyclic collector would scan the shapes and modules again and again (a quarter
of the time). Workers freeze what they inherit and collect rarely."""

CHUNK = 16
"""Items per message at most (smaller shares get smaller chunks)."""

kept: dict[Any, Any] = {}
"""A worker's memory across the calls of one pool (empty in the parent)."""


class WorkerError(Exception):
    """A worker failed with an exception that could not be sent back as it was."""


class ShardPool:
    """`workers` forked processes; `map` runs a shard's items in the same process when it can."""

    def __init__(self, workers: int, context: multiprocessing.context.BaseContext) -> None:
        self.connections: list[Connection] = []
        self.processes = []
        self.ran_in: list[int] = []
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
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        shards: Sequence[int],
        *,
        prepare: Callable[[Any], Any] | None = None,
        on_result: Callable[[int, Any], None] | None = None,
    ) -> list[Any]:
        """[function(prepare(item)) for item in items]; item i preferably in worker shards[i].

        Items go out in small chunks, `prepare`d when their chunk is sent; `on_result(i,
        result)` is called as results come back (both in this process, while the workers go
        on). A worker that has done its own share takes chunks of another's (from the end),
        so one worker slowed by other jobs on the machine does not hold up the run;
        `self.ran_in[i]` says which worker ran item i.
        """
        count = len(self.connections)
        queues: list[deque[list[int]]] = [deque() for _ in range(count)]
        mine: list[list[int]] = [[] for _ in range(count)]
        for position, shard in enumerate(shards):
            mine[shard % count].append(position)
        for worker, positions in enumerate(mine):
            size = max(1, min(CHUNK, len(positions) // 8 or 1))
            queues[worker].extend(positions[i : i + size] for i in range(0, len(positions), size))
        results: list[Any] = [None] * len(items)
        self.ran_in = [0] * len(items)
        failure: BaseException | None = None
        running: dict[Connection, tuple[int, list[int]]] = {}

        def send_next(worker: int) -> None:
            if failure is not None:
                return
            own = queues[worker]
            if own:
                chunk = own.popleft()
            else:
                other = max(range(count), key=lambda w: len(queues[w]))
                if not queues[other]:
                    return
                chunk = queues[other].pop()
            connection = self.connections[worker]
            batch = [prepare(items[p]) if prepare else items[p] for p in chunk]
            connection.send((function, batch))
            running[connection] = (worker, chunk)

        for worker in range(count):
            send_next(worker)
        while running:
            for connection in wait(list(running)):
                worker, chunk = running.pop(connection)  # type: ignore[arg-type]
                status, payload = connection.recv()  # type: ignore[union-attr]
                if status == "ok":
                    for position, result in zip(chunk, payload, strict=True):
                        results[position] = result
                        self.ran_in[position] = worker
                elif failure is None:
                    failure = payload
                send_next(worker)  # first: the worker goes on while results are handled
                if status == "ok" and on_result is not None and failure is None:
                    for position in chunk:
                        on_result(position, results[position])
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
