"""A pool of query worker processes that can be killed and replaced (the runaway-query guard).

pyoxigraph has no query timeout and holds its thread while it evaluates, so /sparql queries
of the embedded store run in worker processes: when one runs past the limit its process is
killed, the client gets `QueryTimeoutError`, and a fresh worker takes its place while the
other workers keep answering. Workers hold a snapshot of the data (see `snapshot.py`); a
job for a worker whose copy is older carries the current snapshot, and the worker reloads.

A query a worker has answered in under `inline_below` seconds on the current data is known
to be cheap (`known_cheap.py`): when it comes again it is evaluated in this process, without
the hop to a worker. The most recently used idle worker takes the next query (it is the
likeliest to be awake with warm caches); a worker that exits while idle is replaced at once.

The pool lives on the event loop of the API: waiting for a worker's answer costs no thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import pickle
import shutil
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from rolegraph.store.errors import QueryEvaluationError, QueryTimeoutError, StoreUnavailableError
from rolegraph.store.known_cheap import KnownCheap, request_key
from rolegraph.store.protocol import QueryRequest, QueryResponse
from rolegraph.store.snapshot import Snapshot, snapshot_name
from rolegraph.store.sparql_text import uses_service
from rolegraph.store.worker_main import HEADER, encode

log = logging.getLogger("rolegraph.sparql.workers")

DEFAULT_LOAD_TIMEOUT = 600.0
"""Seconds a worker may take to load a snapshot (a large catalog takes a few seconds)."""
DEFAULT_INLINE_BELOW = 0.002
"""Seconds under which a worker's answer marks its query as cheap (0: never run inline)."""
RESPAWN = "respawn"
"""Name of the tasks starting replacement workers (cancelled first on close)."""
INLINE_SLACK = 4
"""A known-cheap query that takes this many times `inline_below` here is forgotten."""


class SnapshotSource(Protocol):
    """What the pool needs from a store: its data version, read-only copies of it, and
    evaluation in this process (for queries known to be cheap)."""

    def data_version(self) -> str: ...

    def snapshot(self, directory: Path) -> Snapshot: ...

    def execute(self, request: QueryRequest) -> QueryResponse: ...


@dataclass(eq=False)
class _Worker:
    process: asyncio.subprocess.Process
    version: str

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.returncode is None

    async def send(self, message: Any) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(encode(message))
        await self.process.stdin.drain()

    async def receive(self, timeout: float) -> Any:
        """The next message, or TimeoutError; EOFError when the process is gone."""
        async with asyncio.timeout(timeout):
            return await self._read()

    async def _read(self) -> Any:
        assert self.process.stdout is not None
        try:
            header = await self.process.stdout.readexactly(HEADER.size)
            (size,) = HEADER.unpack(header)
            payload = await self.process.stdout.readexactly(size)
        except asyncio.IncompleteReadError:
            raise EOFError("the worker process exited") from None
        return pickle.loads(payload)

    def kill(self) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()


class WorkerPool:
    """`size` worker processes evaluating protocol queries with a per-query time limit."""

    def __init__(
        self,
        source: SnapshotSource,
        size: int = 2,
        timeout: float = 30.0,
        *,
        load_timeout: float = DEFAULT_LOAD_TIMEOUT,
        inline_below: float = DEFAULT_INLINE_BELOW,
    ) -> None:
        if size < 1:
            raise ValueError("a worker pool needs at least one worker")
        self.source = source
        self.size = size
        self.timeout = timeout
        self.load_timeout = load_timeout
        self.inline_below = inline_below
        self._known = KnownCheap()
        self._idle: asyncio.LifoQueue[_Worker] = asyncio.LifoQueue()
        self._workers: set[_Worker] = set()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._snapshot: Snapshot | None = None
        self._snapshot_lock = asyncio.Lock()
        self._in_flight: Counter[str] = Counter()
        self._stale = False
        """True while snapshots of older data versions may still be on disk."""
        self._directory: Path | None = None
        self._busy = 0
        self._restarts = 0
        self._timeouts = 0
        self._inline = 0
        self._closed = False

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        """Snapshot the data and start the workers (returns when all are ready)."""
        self._directory = Path(tempfile.mkdtemp(prefix="rolegraph-sparql-"))
        snapshot = await self._current_snapshot()
        await asyncio.gather(*(self._spawn(snapshot) for _ in range(self.size)))
        log.info("%d SPARQL query workers ready (timeout %g s)", self.size, self.timeout)

    async def close(self) -> None:
        """Stop every worker (politely, then by force) and remove the snapshots."""
        self._closed = True
        spawning = [t for t in self._tasks if t.get_name() == RESPAWN]
        for task in spawning:
            task.cancel()
        await asyncio.gather(*spawning, return_exceptions=True)
        for worker in list(self._workers):
            if worker.process.stdin is not None:
                worker.process.stdin.close()  # a worker exits when its input closes
        for worker in list(self._workers):
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(worker.process.wait(), 2)
            await self._discard(worker)
        if self._tasks:  # watchers and discards of replaced workers end with their processes
            await asyncio.wait(list(self._tasks), timeout=10)
        for task in list(self._tasks):
            task.cancel()
        if self._directory is not None:
            shutil.rmtree(self._directory, ignore_errors=True)

    def stats(self) -> dict[str, Any]:
        """Pool state for /healthz: size, live and busy workers, restarts, timeouts, and the
        queries answered in this process because they were known to be cheap."""
        return {
            "size": self.size,
            "alive": sum(1 for w in self._workers if w.alive()),
            "busy": self._busy,
            "restarts": self._restarts,
            "timeouts": self._timeouts,
            "timeout_s": self.timeout,
            "answered_inline": self._inline,
            "inline_below_ms": self.inline_below * 1000,
        }

    def pids(self) -> list[int]:
        """Process ids of the current workers."""
        return sorted(w.pid for w in self._workers if w.alive())

    # -- running queries -------------------------------------------------------------------

    async def run(self, request: QueryRequest) -> QueryResponse:
        """Evaluate `request` in a worker; a query past its time limit kills that worker."""
        if self._closed:
            raise StoreUnavailableError("the query workers are shut down")
        key = request_key(request) if self.inline_below > 0 else None  # None: never inline
        known = (key, self.source.data_version())
        if key is not None and known in self._known:
            return self._run_here(request, known)
        timeout = request.timeout or self.timeout
        snapshot = await self._current_snapshot()
        worker = await self._acquire(timeout)
        self._busy += 1
        self._in_flight[snapshot.version] += 1
        try:
            reload = worker.version != snapshot.version
            await worker.send((snapshot if reload else None, request))
            if reload:
                await worker.receive(self.load_timeout)  # ("loaded", version)
                worker.version = snapshot.version
            status, payload, seconds = await worker.receive(timeout)
        except TimeoutError:
            self._timeouts += 1
            log.warning("query exceeded %g s; stopping worker %s", timeout, worker.pid)
            self._replace(worker)
            raise QueryTimeoutError(timeout) from None
        except (EOFError, OSError) as err:
            log.error("query worker %s died: %s", worker.pid, err)
            self._replace(worker)
            raise QueryEvaluationError(
                "the query worker stopped while evaluating this query (out of memory?); "
                "it has been replaced"
            ) from None
        except asyncio.CancelledError:
            self._replace(worker)  # still evaluating for a client that went away
            raise
        else:
            self._idle.put_nowait(worker)
        finally:
            self._busy -= 1
            self._in_flight[snapshot.version] -= 1
            self._cleanup_snapshots()
        if status != "ok":
            raise payload
        if key is not None and seconds < self.inline_below and not uses_service(request.query):
            # a SERVICE call costs what another server takes: never known to be cheap
            self._known.remember((key, snapshot.version))
        return payload

    def _run_here(self, request: QueryRequest, known: tuple[Any, str]) -> QueryResponse:
        """Evaluate a known-cheap query in this process (it blocks the loop for ~ms)."""
        self._inline += 1
        start = time.perf_counter()
        try:
            return self.source.execute(request)
        finally:
            if time.perf_counter() - start > self.inline_below * INLINE_SLACK:
                self._known.forget(known)  # slower here (an on-disk store): workers again

    async def _acquire(self, timeout: float) -> _Worker:
        """An idle, live worker (dead idle workers are replaced on the way)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            try:
                if self._idle.empty():
                    worker = await asyncio.wait_for(self._idle.get(), deadline - loop.time())
                else:
                    worker = self._idle.get_nowait()
            except TimeoutError:
                raise StoreUnavailableError(
                    f"all {self.size} query workers stayed busy for {timeout:g} s; try again later"
                ) from None
            if worker.alive():
                return worker
            self._replace(worker)  # died while idle: its watcher may not have run yet

    # -- workers ---------------------------------------------------------------------------

    async def _spawn(self, snapshot: Snapshot) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "rolegraph.store.worker_main",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        worker = _Worker(process, snapshot.version)
        self._workers.add(worker)
        try:
            await worker.send(snapshot)
            _ready, version = await worker.receive(self.load_timeout)
        except (TimeoutError, EOFError, OSError) as err:
            await self._discard(worker)
            raise StoreUnavailableError(f"a query worker failed to start: {err!r}") from None
        worker.version = version
        self._idle.put_nowait(worker)
        self._track(self._watch(worker))

    async def _watch(self, worker: _Worker) -> None:
        """Replace `worker` as soon as its process exits unless the pool let it go."""
        code = await worker.process.wait()
        if worker in self._workers and not self._closed:
            log.error("query worker %s exited (code %s); replacing it", worker.pid, code)
            self._replace(worker)

    async def _discard(self, worker: _Worker) -> None:
        """Kill a worker's process (if still running), reap it and forget it."""
        self._workers.discard(worker)
        worker.kill()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(worker.process.wait(), 5)
        self._cleanup_snapshots()

    def _replace(self, worker: _Worker) -> None:
        """Kill `worker` now and start a fresh one in the background (once per worker)."""
        worker.kill()
        if worker not in self._workers:
            return  # already replaced
        self._workers.discard(worker)
        self._track(self._discard(worker))
        if not self._closed:
            self._restarts += 1
            self._track(self._respawn(), RESPAWN)

    def _track(self, coroutine: Any, name: str | None = None) -> None:
        task = asyncio.get_running_loop().create_task(coroutine, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _respawn(self) -> None:
        try:
            await self._spawn(await self._current_snapshot())
        except Exception:
            log.exception("could not start a replacement query worker")

    # -- snapshots -------------------------------------------------------------------------

    async def _current_snapshot(self) -> Snapshot:
        """The snapshot of the store's current data version (made on first need)."""
        version = self.source.data_version()
        if self._snapshot is not None and self._snapshot.version == version:
            return self._snapshot
        async with self._snapshot_lock:
            version = self.source.data_version()
            if self._snapshot is None or self._snapshot.version != version:
                assert self._directory is not None, "start() the pool first"
                self._snapshot = await asyncio.to_thread(self.source.snapshot, self._directory)
                self._stale = True
                self._cleanup_snapshots()
            return self._snapshot

    def _cleanup_snapshots(self) -> None:
        """Delete snapshots no worker holds open and no query is about to load.

        Cheap when nothing is stale (the common case: one call per query).
        """
        if self._directory is None or self._snapshot is None or not self._stale:
            return
        remaining = False
        for path in self._directory.iterdir():
            if path.name == self._snapshot.path.name or path.name.endswith(".partial"):
                continue
            if self._used(path.name):
                remaining = True
            elif path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
        self._stale = remaining

    def _used(self, name: str) -> bool:
        versions = {w.version for w in self._workers if w.alive()}
        versions |= {v for v, n in self._in_flight.items() if n > 0}
        return any(name.startswith(snapshot_name(v)) for v in versions)
