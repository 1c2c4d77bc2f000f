"""The store layer: one interface (`Store`), an embedded and a remote backend.

Import what you need from here::

    from rolegraph.store import Store, open_store, SelectResult, QueryRequest

Backends are imported lazily by `open_store`, so query worker processes (which import
`rolegraph.store.worker_main`) start without loading rdflib or HTTP clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rolegraph.store.base import Bindings, SelectResult, Store, Term
from rolegraph.store.errors import (
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreConfigurationError,
    StoreError,
    StoreUnavailableError,
    UnsupportedQueryError,
)
from rolegraph.store.formats import ResultFormat, ResultKind
from rolegraph.store.protocol import QueryRequest, QueryResponse

if TYPE_CHECKING:
    from rolegraph.settings import StoreSettings

__all__ = [
    "Bindings",
    "QueryEvaluationError",
    "QueryRequest",
    "QueryResponse",
    "QuerySyntaxError",
    "QueryTimeoutError",
    "ResultFormat",
    "ResultKind",
    "ResultTooLargeError",
    "SelectResult",
    "Store",
    "StoreConfigurationError",
    "StoreError",
    "StoreUnavailableError",
    "Term",
    "UnsupportedQueryError",
    "open_store",
]


def open_store(settings: StoreSettings) -> Store:
    """The store `settings` describe (nothing is loaded; see `rolegraph.store.startup`)."""
    if settings.backend == "remote":
        from rolegraph.store.remote import RemoteStore

        assert settings.query_url is not None
        return RemoteStore(
            settings.query_url, settings.update_url, settings.gsp_url, timeout=settings.timeout
        )
    from rolegraph.store.embedded import EmbeddedStore

    return EmbeddedStore(settings.path)
