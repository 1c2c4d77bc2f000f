"""Running portal questions on the store: binding, lookups, shaping, existence checks.

Curated questions are trusted and bounded, so on the embedded store they run in the event
loop's thread (an `async` handler calling pyoxigraph directly: no thread hand-off per request;
the /sparql worker pool is for analysts' arbitrary queries). A remote store is reached over
HTTP, so its calls go to a thread.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

import pyoxigraph as ox
from fastapi import FastAPI

from rolegraph.api.portal.formats import CsvWriter
from rolegraph.api.portal.http_cache import DEFAULT_CACHE_ENTRIES, ResponseCache
from rolegraph.api.portal.jsonld import LinkedData
from rolegraph.api.portal.lookups import Key, LookupCache, fetch
from rolegraph.api.portal.shaping import Shaper
from rolegraph.queries import ParamType, QuerySpec
from rolegraph.store.base import SelectResult, Store, Term
from rolegraph.store.bindings import values_at
from rolegraph.store.errors import UnsupportedQueryError
from rolegraph.store.sparql_text import where_group_start

CACHE_ENV = "ROLEGRAPH_RESPONSE_CACHE"
"""Number of serialised responses kept (default 2048); 0 turns the response cache off."""

T = TypeVar("T")
EXISTS_QUERY = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"


@dataclass(frozen=True)
class Question:
    """One portal question, prepared once: its query text, shaper and writers."""

    spec: QuerySpec
    text: str
    brace: int
    shaper: Shaper
    linked: LinkedData
    csv: CsvWriter
    path_params: tuple[str, ...]

    @classmethod
    def prepare(cls, spec: QuerySpec) -> Question:
        text = "\n".join(
            line for line in spec.text.splitlines() if not line.lstrip().startswith("#")
        )
        brace = where_group_start(text)
        if brace is None:
            raise UnsupportedQueryError(f"{spec.path}: no WHERE group to bind parameters in")
        path_params = tuple(
            p.name for p in spec.params if spec.route and "{" + p.name + "}" in spec.route
        )
        return cls(spec, text, brace, Shaper(spec), LinkedData(spec), CsvWriter(spec), path_params)

    @property
    def is_list(self) -> bool:
        return self.spec.returns == "list"

    def query(self, bound: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
        """The query with `bound` as a VALUES block (engine-serialised terms, never text).

        Both backends get the same text, so they answer with the same semantics."""
        if not bound:
            return self.text
        return values_at(self.text, self.brace, bound)

    @cached_property
    def id_params(self) -> tuple[str, ...]:
        """Parameters naming a resource that must exist (path ids, required ids)."""
        return tuple(
            p.var
            for p in self.spec.params
            if p.type is ParamType.ID and (p.name in self.path_params or p.required)
        )


class Portal:
    """Per-app state of the portal API: the store, the response cache, lookups, search."""

    def __init__(self, store: Store, cache_entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self.store = store
        self.inline = store.backend == "embedded"
        self.responses = ResponseCache(cache_entries)
        self.lookups = LookupCache()
        self.state: dict[str, Any] = {}
        """Other per-app state (the search index)."""

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run a store call: inline on the embedded store, in a thread on a remote one."""
        if self.inline:
            return function(*args)
        return await asyncio.to_thread(function, *args)

    async def version(self) -> str:
        if self.inline:
            return self.store.data_version()
        return await asyncio.to_thread(self.store.data_version)

    async def select(self, question: Question, bound: Mapping[str, Any]) -> SelectResult:
        return await self.call(self.store.select, question.query(bound))

    async def objects(
        self, question: Question, bound: Mapping[str, Any], mode: str, version: str
    ) -> list[dict[str, Any]]:
        """The shaped answers of `question` for `bound` parameters."""
        return await self._shaped(question, await self.select(question, bound), mode, version)

    async def window(
        self,
        question: Question,
        bound: Mapping[str, Any],
        mode: str,
        version: str,
        offset: int,
        limit: int,
    ) -> tuple[list[dict[str, Any]], int]:
        """Answers `offset` to `offset + limit` of `question`, shaped, and how many in all."""
        result = await self.select(question, bound)
        rows, total = question.shaper.window(result, offset, limit)
        return await self._shaped(question, rows, mode, version), total

    async def _shaped(
        self, question: Question, result: SelectResult, mode: str, version: str
    ) -> list[dict[str, Any]]:
        looked_up = await self.resolve(question.shaper.lookup_keys(result), version)
        return question.shaper.shape(result, looked_up, mode)

    async def resolve(self, keys: set[Key], version: str) -> Mapping[Key, Term | None]:
        """The looked-up values of `keys` (and maybe others), fetched when not cached."""
        if not keys:
            return {}
        known, missing = self.lookups.known(version, keys)
        if not missing:
            return known
        fetched = await self.call(fetch, self.store, missing)
        self.lookups.remember(version, fetched)
        return {**known, **fetched}

    async def missing_ids(self, question: Question, bound: Mapping[str, Any]) -> list[str]:
        """Names of the id parameters whose resource the store does not know."""
        missing = []
        for var in question.id_params:
            term = bound.get(var)
            if term is None:
                continue
            rows = await self.call(self.store.select, _exists_query(term))
            if not rows.rows:
                missing.append(var)
        return missing


def _exists_query(term: ox.NamedNode | ox.Literal) -> str:
    return values_at(EXISTS_QUERY, EXISTS_QUERY.index("{"), {"x": term})


def portal_of(app: FastAPI) -> Portal:
    """The app's portal state, created on first use (the store opens in the lifespan)."""
    portal = getattr(app.state, "portal", None)
    store = app.state.store
    if portal is None or portal.store is not store:
        portal = Portal(store, _cache_entries())
        app.state.portal = portal
    return portal


def _cache_entries() -> int:
    raw = os.environ.get(CACHE_ENV, "").strip()
    if not raw:
        return DEFAULT_CACHE_ENTRIES
    try:
        return max(0, int(raw))
    except ValueError:
        return DEFAULT_CACHE_ENTRIES
