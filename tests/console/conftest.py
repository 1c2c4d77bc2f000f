"""An app over the fixture data for the console, examples and vocabulary tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from rolegraph.api.app import create_app
from rolegraph.catalog import GraphSource
from rolegraph.settings import Settings
from rolegraph.store.embedded import EmbeddedStore


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "browser: drives a real headless Chromium (skipped when it is absent)"
    )


@pytest.fixture(scope="module")
def loaded_store(fixture_sources: list[GraphSource]) -> Iterator[EmbeddedStore]:
    """An embedded store with the vocabulary and the small fixture blueprint."""
    store = EmbeddedStore()
    store.load(fixture_sources)
    yield store
    store.close()


@pytest.fixture(scope="module")
def client(
    loaded_store: EmbeddedStore, settings_factory: Callable[..., Settings]
) -> Iterator[TestClient]:
    """An in-process client of the whole app (lifespan running) over `loaded_store`."""
    app = create_app(settings_factory(loaded_store), store=loaded_store)
    with TestClient(app) as test_client:
        yield test_client
