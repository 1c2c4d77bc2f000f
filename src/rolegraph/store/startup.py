"""Bringing a store's data up to date when a service or `rolegraph load` starts, and checking
that the store sees its data the way rolegraph's queries expect."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from rolegraph.catalog import GraphSource
from rolegraph.store.base import Store
from rolegraph.store.errors import StoreConfigurationError
from rolegraph.store.version import VERSION_IN_DEFAULT_GRAPH, VERSION_IN_NAMED_GRAPH

log = logging.getLogger("rolegraph.store")

NOT_UNION = (
    "the store holds rolegraph's named graphs, but its default graph is not their union, so "
    "every query would answer nothing. Start the server with the union default graph: "
    "`oxigraph serve --union-default-graph ...` (Fuseki: `tdb2:unionDefaultGraph true` on the "
    "dataset; GraphDB does this by default)"
)


def ensure_loaded(store: Store, sources: Sequence[GraphSource], policy: str = "if-empty") -> bool:
    """Load `sources` unless the policy says otherwise; True when something was loaded.

    ``if-empty`` loads only into a store that rolegraph never wrote (no data version), so an
    on-disk or remote store that already holds data starts at once and keeps its edits.
    Either way the store must then show its named graphs as the default graph.
    """
    if policy == "never" or (policy == "if-empty" and store.data_version()):
        log.info("store already holds data (version %s): not loading", store.data_version())
        check_union_default_graph(store)
        return False
    log.info("loading %d files into %r", len(sources), store)
    store.load(sources)
    log.info("loaded; data version %s", store.data_version())
    check_union_default_graph(store)
    return True


def check_union_default_graph(store: Store) -> None:
    """Fail fast when a store's default graph hides its named graphs.

    A SPARQL server in its standard mode (e.g. `oxigraph serve` without
    `--union-default-graph`) answers rolegraph's queries with nothing at all; better a clear
    error at start than empty pages. The probe is the data-version triple, which rolegraph
    writes into a named graph with every load.
    """
    if store.ask(VERSION_IN_NAMED_GRAPH) and not store.ask(VERSION_IN_DEFAULT_GRAPH):
        raise StoreConfigurationError(NOT_UNION)
