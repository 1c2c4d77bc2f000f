"""The shipped catalog in a real embedded store, and a runner for the example questions."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from rolegraph import catalog
from rolegraph.queries import shipped_catalog
from rolegraph.settings import StoreSettings
from rolegraph.store import Store, open_store
from rolegraph.store.startup import ensure_loaded
from rolegraph.terms import to_json_value

Rows = list[dict[str, Any]]


@pytest.fixture(scope="session")
def shipped_store() -> Iterator[Store]:
    """The shipped ontology, schemes, shapes, facts and curated links, as `rolegraph` loads them."""
    store = open_store(StoreSettings())
    ensure_loaded(store, catalog.shipped_sources(), "always")
    yield store
    store.close()


@pytest.fixture(scope="session")
def ask(shipped_store: Store) -> Callable[..., Rows]:
    """``ask("kpis_for_skill", skill="...")``: a catalogue question's rows as plain values."""

    def run(name: str, **params: str) -> Rows:
        spec = shipped_catalog().get(name)
        result = shipped_store.select(spec.text, spec.bind(params))
        return [
            {var: to_json_value(value) for var, value in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]

    return run
