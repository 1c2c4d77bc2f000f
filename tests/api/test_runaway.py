"""A runaway query is stopped at the time limit while other clients keep being served.

Through real HTTP and SPARQLWrapper: a query that would run for hours (a cross product of a
few thousand triples with itself three times) is sent; once the service reports it running
in a worker, a normal query must answer promptly *while the slow one is still running*; the
slow one then gets the timeout error, and the killed worker is replaced.
"""

from __future__ import annotations

import threading
import time
import urllib.error

import httpx
import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from rolegraph.api.app import create_app
from rolegraph.store.embedded import EmbeddedStore

TIMEOUT = 3.0
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NORMAL = "SELECT ?s WHERE { ?s <http://example.org/p> 7 }"


def big_store(triples: int = 3000) -> EmbeddedStore:
    store = EmbeddedStore()
    graph = ox.NamedNode("http://example.org/g")
    predicate = ox.NamedNode("http://example.org/p")
    store.oxigraph.extend(
        ox.Quad(ox.NamedNode(f"http://example.org/s{i}"), predicate, ox.Literal(i), graph)
        for i in range(triples)
    )
    store.update("")  # a data version for the workers' snapshot
    return store


def wait_until(condition, timeout: float = 20.0) -> None:
    """Wait for an observable event, polling; fail when it does not happen."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the expected event did not happen"
        time.sleep(0.01)


def test_runaway_query_times_out_while_a_normal_query_answers(live_app, settings_factory) -> None:
    store = big_store()
    settings = settings_factory(store, sparql_workers=2, query_timeout=TIMEOUT)
    base = live_app(create_app(settings, store=store))
    health = base + "/healthz"
    pids_before = httpx.get(health).json()["sparql_workers"]

    outcome: dict[str, object] = {}

    def run_slow() -> None:
        sparql = SPARQLWrapper(base + "/sparql")
        sparql.setQuery(SLOW)
        sparql.setReturnFormat(JSON)
        started = time.monotonic()
        try:
            sparql.query()
            outcome["error"] = None
        except urllib.error.HTTPError as err:
            outcome["error"] = err
            outcome["body"] = err.read().decode()
        outcome["seconds"] = time.monotonic() - started

    slow = threading.Thread(target=run_slow)
    slow.start()
    wait_until(lambda: httpx.get(health).json()["sparql_workers"]["busy"] == 1)

    started = time.monotonic()
    sparql = SPARQLWrapper(base + "/sparql")
    sparql.setQuery(NORMAL)
    sparql.setReturnFormat(JSON)
    rows = sparql.query().convert()["results"]["bindings"]
    normal_seconds = time.monotonic() - started
    assert [r["s"]["value"] for r in rows] == ["http://example.org/s7"]
    assert normal_seconds < 2.0, f"a normal query took {normal_seconds:.2f} s"
    assert slow.is_alive(), "the slow query must still be running when the normal one answered"

    slow.join(TIMEOUT + 30)
    assert not slow.is_alive()
    error = outcome["error"]
    assert isinstance(error, urllib.error.HTTPError)
    assert error.code == 503
    assert f"exceeded the {TIMEOUT:g} s limit" in str(outcome["body"])
    assert "add LIMIT" in str(outcome["body"])
    assert TIMEOUT <= outcome["seconds"] < TIMEOUT + 10  # type: ignore[operator]

    wait_until(lambda: httpx.get(health).json()["sparql_workers"]["alive"] == 2)
    stats = httpx.get(health).json()["sparql_workers"]
    assert stats["timeouts"] == 1
    assert stats["restarts"] == pids_before["restarts"] + 1
    again = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert again.json() == {"head": {}, "boolean": True}


@pytest.mark.parametrize("backend", ["remote"])
def test_remote_store_query_timeout(backend, oxigraph_server, live_app, settings_factory) -> None:
    """The remote backend: the HTTP timeout of the client stops the wait for the server."""
    oxigraph_server.clear()
    store = oxigraph_server.remote_store()
    store.replace_graph(
        "http://example.org/g",
        [
            ox.Triple(
                ox.NamedNode(f"http://example.org/s{i}"), ox.NamedNode("http://e/p"), ox.Literal(i)
            )
            for i in range(2000)
        ],
    )
    settings = settings_factory(store, query_timeout=2.0)
    base = live_app(create_app(settings, store=store))
    started = time.monotonic()
    response = httpx.get(base + "/sparql", params={"query": SLOW}, timeout=60)
    assert response.status_code == 503
    assert "limit" in response.json()["detail"]
    assert time.monotonic() - started < 15
    normal = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p 5 }"})
    assert normal.json()["boolean"] is True
