"""Loading on start: only into a store rolegraph never wrote; on-disk data survives restarts."""

from __future__ import annotations

from pathlib import Path

from rolegraph.settings import StoreSettings
from rolegraph.store import open_store
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.store.startup import ensure_loaded


def test_on_disk_store_keeps_data_and_version_and_is_not_reloaded(
    tmp_path: Path, fixture_sources
) -> None:
    location = tmp_path / "db"
    first = EmbeddedStore(location)
    assert ensure_loaded(first, fixture_sources) is True
    version = first.data_version()
    graphs = first.graphs()
    first.close()
    del first

    second = open_store(StoreSettings.parse(str(location), {}))
    assert second.data_version() == version
    assert second.graphs() == graphs
    assert ensure_loaded(second, fixture_sources) is False
    assert second.data_version() == version
    assert ensure_loaded(second, fixture_sources, "always") is True
    assert second.data_version() != version
    second.close()


def test_never_policy_leaves_an_empty_store_empty(fixture_sources) -> None:
    store = EmbeddedStore()
    assert ensure_loaded(store, fixture_sources, "never") is False
    assert store.graphs() == []


def test_remote_store_is_loaded_once(oxigraph_server, fixture_sources) -> None:
    oxigraph_server.clear()
    store = oxigraph_server.remote_store()
    assert ensure_loaded(store, fixture_sources) is True
    version = store.data_version()
    other_process_view = oxigraph_server.remote_store()  # a second, stateless API process
    assert other_process_view.data_version() == version
    assert ensure_loaded(other_process_view, fixture_sources) is False
