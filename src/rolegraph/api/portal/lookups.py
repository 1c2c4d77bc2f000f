"""Looked-up fields (`of:` in a `.rq` header): one property of a shared resource, per resource.

Skills, tools and career-step roles are declared in every blueprint that mentions them, and
the store's default graph is the union of all graphs *as a bag*: a skill used by 300 roles has
300 copies of its label. Joining the label inside a query repeats each row 300 times; looking
it up once per resource and data version (cached here) costs one small query per miss.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping

import pyoxigraph as ox

from rolegraph.namespaces import PREFIXES
from rolegraph.store.base import Store, Term

BATCH = 400
"""Resources per lookup query."""

Key = tuple[str, bool, str]
"""(predicate IRI, inverse, resource IRI)."""


def parse_term(term: str) -> tuple[str, bool]:
    """`skos:prefLabel` -> (IRI, False); `^rg:describesRole` -> (IRI, True) (inverse)."""
    inverse = term.startswith("^")
    name = term.removeprefix("^").strip()
    if name.startswith("<") and name.endswith(">"):
        return name[1:-1], inverse
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local, inverse
    if name.startswith(("http://", "https://", "urn:")):
        return name, inverse
    raise ValueError(
        f"cannot expand {term!r}: use a known prefix ({', '.join(PREFIXES)}) or an IRI"
    )


class LookupCache:
    """Values of looked-up fields for one data version; cleared when the version changes."""

    def __init__(self) -> None:
        self._version = ""
        self._values: dict[Key, Term | None] = {}
        self._lock = threading.Lock()

    def known(
        self, version: str, keys: Iterable[Key]
    ) -> tuple[Mapping[Key, Term | None], set[Key]]:
        """The values cached for `version` (read-only; a new version gets a new mapping, so
        it stays whole) and the keys among `keys` not cached yet."""
        with self._lock:
            if version != self._version:
                self._version, self._values = version, {}
            values = self._values
            return values, {key for key in keys if key not in values}

    def remember(self, version: str, values: dict[Key, Term | None]) -> None:
        with self._lock:
            if version == self._version:
                self._values.update(values)


def fetch(store: Store, keys: set[Key]) -> dict[Key, Term | None]:
    """Look `keys` up in the store (batched per predicate); absent values are None.

    When a resource has several values the smallest (by N-Triples text) wins, so both
    backends answer alike. IRIs come from query results and are written by pyoxigraph.
    """
    values: dict[Key, Term | None] = dict.fromkeys(keys)
    groups: dict[tuple[str, bool], list[str]] = {}
    for predicate, inverse, iri in keys:
        groups.setdefault((predicate, inverse), []).append(iri)
    for (predicate, inverse), iris in groups.items():
        p = str(ox.NamedNode(predicate))
        pattern = f"?o {p} ?s" if inverse else f"?s {p} ?o"
        iris.sort()
        for start in range(0, len(iris), BATCH):
            chunk = " ".join(str(ox.NamedNode(i)) for i in iris[start : start + BATCH])
            result = store.select(f"SELECT ?s ?o WHERE {{ VALUES ?s {{ {chunk} }} {pattern} }}")
            for subject, value in result.rows:
                if subject is None or value is None:
                    continue
                key = (predicate, inverse, subject.value)
                current = values.get(key)
                if current is None or str(value) < str(current):
                    values[key] = value
    return values
