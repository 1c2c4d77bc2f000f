"""Portal API fixtures: the shipped catalog (with its curated links) plus two small roles for
the skill gap, served by the real app over real HTTP on both backends."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from rolegraph import catalog
from rolegraph.api.app import create_app
from rolegraph.catalog import GraphSource
from rolegraph.store.base import Store
from rolegraph.store.embedded import EmbeddedStore

BACKENDS = ["embedded", "remote"]
FIXTURES = Path(__file__).parent / "fixtures"


def portal_sources() -> list[GraphSource]:
    """The shipped catalog and the gap-junior / gap-senior roles."""
    return catalog.shipped_sources() + catalog.data_file_sources(sorted(FIXTURES.glob("*.ttl")))


@dataclass
class Service:
    """One running service: its backend, base URL, store and an HTTP client."""

    backend: str
    url: str
    store: Store
    client: httpx.Client

    def get(self, path: str, **kwargs: object) -> httpx.Response:
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]


@contextlib.contextmanager
def serve(store: Store, serve_app, settings_factory, backend: str) -> Iterator[Service]:
    app = create_app(settings_factory(store, sparql_workers=0), store=store)
    with serve_app(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield Service(backend, url, store, client)


def open_loaded(backend: str, oxigraph_server) -> Store:
    if backend == "embedded":
        store: Store = EmbeddedStore()
    else:
        oxigraph_server.clear()
        store = oxigraph_server.remote_store()
    store.load(portal_sources())
    return store


@pytest.fixture(scope="module")
def services(oxigraph_server, serve_app, settings_factory) -> Iterator[dict[str, Service]]:
    """Both services loaded with the same data, for the whole module."""
    with contextlib.ExitStack() as stack:
        found = {}
        for backend in BACKENDS:
            store = open_loaded(backend, oxigraph_server)
            found[backend] = stack.enter_context(serve(store, serve_app, settings_factory, backend))
        yield found


@pytest.fixture(params=BACKENDS)
def service(request: pytest.FixtureRequest, services: dict[str, Service]) -> Service:
    return services[request.param]


@pytest.fixture
def fresh_service(
    request: pytest.FixtureRequest, oxigraph_server, serve_app, settings_factory
) -> Callable[[str], Service]:
    """``fresh_service(backend)``: a service on a store of its own, for tests that write."""
    stack = contextlib.ExitStack()
    request.addfinalizer(stack.close)

    def make(backend: str) -> Service:
        store = open_loaded(backend, oxigraph_server)
        return stack.enter_context(serve(store, serve_app, settings_factory, backend))

    return make
