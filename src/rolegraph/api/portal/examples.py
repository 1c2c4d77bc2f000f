"""Real examples for /docs: each question answered on the shipped catalog, once per process."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from rolegraph import catalog
from rolegraph.api.portal.engine import Question
from rolegraph.api.portal.lookups import fetch
from rolegraph.store.embedded import EmbeddedStore

log = logging.getLogger("rolegraph.api.portal")
EXAMPLE_ITEMS = 2
_TRIM = 160


@cache
def _shipped_store() -> EmbeddedStore | None:
    try:
        store = EmbeddedStore()
        store.load(catalog.shipped_sources())
        return store
    except Exception as err:  # the examples are documentation: never stop the service
        log.warning("no examples for the API docs: %s", err)
        return None


def example_values(question: Question) -> dict[str, str]:
    """The header's example value of every parameter that has one."""
    return {p.name: p.example for p in question.spec.params if p.example and p.required}


def objects(question: Question) -> list[dict[str, Any]]:
    """The shipped catalog's answers to `question` with its example parameters."""
    store = _shipped_store()
    if store is None:
        return []
    try:
        bound = question.spec.bind(example_values(question))
        result = store.select(question.query(bound))
        shaper = question.shaper
        return shaper.shape(result, fetch(store, shaper.lookup_keys(result)))
    except Exception as err:
        log.warning("no example for %s: %s", question.spec.name, err)
        return []


def example(question: Question) -> dict[str, Any] | None:
    """A response example: the first answers (long texts trimmed), or the object."""
    found = [_trim(o) for o in objects(question)]
    if not found:
        return None
    if not question.is_list:
        return found[0]
    return {
        "items": found[:EXAMPLE_ITEMS],
        "total": len(found),
        "limit": EXAMPLE_ITEMS,
        "offset": 0,
        "next": f"{_path(question)}?limit={EXAMPLE_ITEMS}&offset={EXAMPLE_ITEMS}"
        if len(found) > EXAMPLE_ITEMS
        else None,
        "prev": None,
    }


def _trim(value: Any) -> Any:
    if isinstance(value, str) and len(value) > _TRIM:
        return value[: _TRIM - 1] + "…"
    if isinstance(value, list):
        return [_trim(v) for v in value[:3]]
    if isinstance(value, dict):
        return {k: _trim(v) for k, v in value.items()}
    return value


def _path(question: Question) -> str:
    return (question.spec.route or "").format(**example_values(question))
