"""Opening a loaded store for the commands that read the catalog (query, stats, export)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rolegraph.cli.load_cmd import expand_data_paths
from rolegraph.settings import Settings
from rolegraph.store import Store, open_store
from rolegraph.store.startup import ensure_loaded


def open_catalog(store: str | None, data: Sequence[Path] = ()) -> Store:
    """The store named by `--store` (default: in memory) holding the catalog or `--data` files.

    An in-memory store is loaded on every run (under a second for the shipped catalog); a
    directory or server is loaded only when rolegraph never wrote it.
    """
    settings = Settings.from_env(store=store, data_files=expand_data_paths(data))
    target = open_store(settings.store)
    policy = "always" if settings.data_files else "if-empty"
    ensure_loaded(target, settings.sources(), policy)
    return target
