"""The query worker pool: time limits by killing workers, respawn, reload on new data."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import orjson
import pyoxigraph as ox
import pytest

from rolegraph.store import (
    QueryRequest,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultFormat,
    ResultTooLargeError,
)
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.store.workers import WorkerPool

SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
"""A cross product of the data with itself three times: minutes to hours of work."""


def filled_store(path: Path | None = None, triples: int = 2000) -> EmbeddedStore:
    store = EmbeddedStore(path)
    predicate = ox.NamedNode("http://example.org/p")
    graph = ox.NamedNode("http://example.org/g")
    store.oxigraph.extend(
        ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), predicate, ox.Literal(i), graph)
        for i in range(triples)
    )
    store.update("")  # sets a data version
    return store


def count(body: bytes) -> int:
    return int(orjson.loads(body)["results"]["bindings"][0]["n"]["value"])


@contextlib.asynccontextmanager
async def running(pool: WorkerPool) -> AsyncIterator[WorkerPool]:
    """A started pool, closed (workers stopped, snapshots removed) on the way out."""
    await pool.start()
    try:
        yield pool
    finally:
        await pool.close()


async def wait_for(condition, timeout: float = 20.0) -> None:
    """Wait for an event (not for time): poll `condition` until true."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        await asyncio.sleep(0.01)


def test_runaway_query_is_stopped_while_others_are_answered() -> None:
    async def scenario() -> None:
        async with running(WorkerPool(filled_store(), size=2, timeout=2.0)) as pool:
            before = set(pool.pids())
            slow = asyncio.create_task(pool.run(QueryRequest(SLOW)))
            await wait_for(lambda: pool.stats()["busy"] == 1)
            started = time.monotonic()
            fast = await pool.run(QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))
            assert count(fast.body) == 2002  # 2000 + the data version and its timestamp
            assert time.monotonic() - started < 1.5
            assert not slow.done(), "the slow query must still be running"
            with pytest.raises(QueryTimeoutError, match="exceeded the 2 s limit"):
                await slow
            await wait_for(lambda: pool.stats()["alive"] == 2)
            after = set(pool.pids())
            assert len(before & after) == 1, "exactly one worker was replaced"
            assert pool.stats()["timeouts"] == 1
            again = await pool.run(QueryRequest("ASK { ?s ?p ?o }"))
            assert again.body.endswith(b"true}")

    asyncio.run(scenario())


def test_workers_reload_when_the_data_changes() -> None:
    async def scenario() -> None:
        store = filled_store(triples=10)
        async with running(WorkerPool(store, size=1, timeout=10)) as pool:
            query = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            first = count((await pool.run(query)).body)
            store.update(
                "INSERT DATA { GRAPH <http://example.org/g> { <http://x/a> <http://x/b> 1 } }"
            )
            assert count((await pool.run(query)).body) == first + 1

    asyncio.run(scenario())


def test_errors_come_back_from_workers_as_store_errors() -> None:
    async def scenario() -> None:
        async with running(WorkerPool(filled_store(triples=50), size=1, timeout=10)) as pool:
            with pytest.raises(QuerySyntaxError) as caught:
                await pool.run(QueryRequest("SELECT * WHERE {\n ?s ?p \n}"))
            assert caught.value.line == 3
            with pytest.raises(ResultTooLargeError, match="more than 10 rows"):
                await pool.run(QueryRequest("SELECT * WHERE { ?s ?p ?o }", result_limit=10))
            csv = await pool.run(
                QueryRequest(
                    "SELECT ?s WHERE { ?s ?p 3 }", tabular_format=ResultFormat.CSV, result_limit=10
                )
            )
            assert csv.body == b"s\r\nhttp://example.org/s3\r\n"

    asyncio.run(scenario())


def test_a_crashed_idle_worker_is_replaced_without_waiting_for_a_query() -> None:
    async def scenario() -> None:
        async with running(
            WorkerPool(filled_store(triples=10), size=2, timeout=10, inline_below=0)
        ) as pool:
            victim = pool.pids()[0]
            os.kill(victim, signal.SIGKILL)
            await wait_for(lambda: pool.stats()["restarts"] == 1)
            assert victim not in pool.pids()
            for _ in range(4):  # every query is answered, whichever worker it lands on
                answer = await pool.run(QueryRequest("ASK { ?s ?p ?o }"))
                assert answer.body.endswith(b"true}")
            await wait_for(lambda: pool.stats()["alive"] == 2)
            assert pool.stats()["restarts"] == 1

    asyncio.run(scenario())


def test_a_query_known_to_be_cheap_runs_in_process_until_the_data_changes() -> None:
    async def scenario() -> None:
        store = filled_store(triples=10)
        async with running(WorkerPool(store, size=1, timeout=10, inline_below=1.0)) as pool:
            query = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            first = await pool.run(query)
            assert pool.stats()["answered_inline"] == 0  # nobody had run it: a worker did
            again = await pool.run(query)
            assert again.body == first.body
            assert pool.stats()["answered_inline"] == 1
            other = await pool.run(QueryRequest(query.query, result_limit=5))
            assert other.body == first.body
            assert pool.stats()["answered_inline"] == 1  # another request: a worker again
            store.update("INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/b> 1 } }")
            changed = await pool.run(query)
            assert count(changed.body) == count(first.body) + 1
            assert pool.stats()["answered_inline"] == 1  # new data: a worker again
            await pool.run(query)
            assert pool.stats()["answered_inline"] == 2

    asyncio.run(scenario())


def test_a_query_calling_another_server_is_never_known_to_be_cheap() -> None:
    federated = QueryRequest(
        "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    )

    async def scenario() -> None:
        async with running(WorkerPool(filled_store(triples=5), size=1, timeout=10)) as pool:
            for _ in range(3):  # fails fast (nothing listens there), silently: an empty answer
                await pool.run(federated)
            assert pool.stats()["answered_inline"] == 0

    asyncio.run(scenario())


def test_a_runaway_query_is_never_run_in_process() -> None:
    async def scenario() -> None:
        async with running(
            WorkerPool(filled_store(), size=1, timeout=0.5, inline_below=10.0)
        ) as pool:
            for _ in range(2):
                with pytest.raises(QueryTimeoutError):
                    await pool.run(QueryRequest(SLOW))
            assert pool.stats()["answered_inline"] == 0
            assert pool.stats()["timeouts"] == 2

    asyncio.run(scenario())


def test_on_disk_store_workers_open_a_backup(tmp_path: Path) -> None:
    async def scenario() -> None:
        store = filled_store(tmp_path / "db", triples=30)
        async with running(WorkerPool(store, size=1, timeout=10)) as pool:
            query = QueryRequest("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
            assert count((await pool.run(query)).body) == 32  # 30 + version + modified
            store.update("DROP GRAPH <http://example.org/g>")
            assert count((await pool.run(query)).body) == 2
        store.close()

    asyncio.run(scenario())


def test_close_leaves_no_processes() -> None:
    async def scenario() -> list[int]:
        pool = WorkerPool(filled_store(triples=5), size=2, timeout=10)
        await pool.start()
        pids = pool.pids()
        await pool.close()
        return pids

    for pid in asyncio.run(scenario()):
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_old_snapshots_are_removed_once_unused() -> None:
    async def scenario() -> None:
        store = filled_store(triples=5)
        async with running(WorkerPool(store, size=1, timeout=10)) as pool:
            directory = pool._directory
            assert directory is not None
            for n in range(3):
                store.update(
                    f"INSERT DATA {{ GRAPH <http://x/g> {{ <http://x/a> <http://x/b> {n} }} }}"
                )
                await pool.run(QueryRequest("ASK { ?s ?p ?o }"))
            names = sorted(p.name for p in directory.iterdir())
            assert names == [f"snapshot-{store.data_version()}.nq"]
        assert not directory.exists()

    asyncio.run(scenario())
