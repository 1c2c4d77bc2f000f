"""Bringing a store's data up to date when a service or `rolegraph load` starts."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rolegraph.catalog import GraphSource
from rolegraph.store.base import Store

log = logging.getLogger("rolegraph.store")


def ensure_loaded(store: Store, sources: Sequence[GraphSource], policy: str = "if-empty") -> bool:
    """Load `sources` unless the policy says otherwise; True when something was loaded.

    ``if-empty`` loads only into a store that rolegraph never wrote (no data version), so an
    on-disk or remote store that already holds data starts at once and keeps its edits.
    """
    if policy == "never" or (policy == "if-empty" and store.data_version()):
        log.info("store already holds data (version %s): not loading", store.data_version())
        return False
    log.info("loading %d files into %r", len(sources), store)
    store.load(sources)
    log.info("loaded; data version %s", store.data_version())
    return True
