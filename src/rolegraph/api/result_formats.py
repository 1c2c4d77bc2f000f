"""Which result format answers a /sparql request: pure functions over Accept and `format=`.

`format=` wins over Accept (browsers cannot set Accept). Its values may be short names
(``json``, ``csv``, ``turtle`` ...) or media types, and may repeat: SPARQLWrapper sends e.g.
``format=tsv&format=text/tab-separated-values``. A name that exists for both kinds of result
(``json``, ``xml``) means the matching format of the query's form (JSON-LD, RDF/XML for
CONSTRUCT/DESCRIBE).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from rolegraph.api.negotiation import negotiate
from rolegraph.store.formats import ResultFormat

TABULAR_OFFERS: list[tuple[str, ResultFormat]] = [
    ("application/sparql-results+json", ResultFormat.JSON),
    ("application/sparql-results+xml", ResultFormat.XML),
    ("text/csv", ResultFormat.CSV),
    ("text/tab-separated-values", ResultFormat.TSV),
    ("application/json", ResultFormat.JSON),
    ("application/xml", ResultFormat.XML),
    ("text/xml", ResultFormat.XML),
]
"""SELECT/ASK: canonical media types first (server preference), then common aliases."""

GRAPH_OFFERS: list[tuple[str, ResultFormat]] = [
    ("text/turtle", ResultFormat.TURTLE),
    ("application/n-triples", ResultFormat.NTRIPLES),
    ("application/rdf+xml", ResultFormat.RDFXML),
    ("application/ld+json", ResultFormat.JSONLD),
    ("application/x-turtle", ResultFormat.TURTLE),
    ("application/turtle", ResultFormat.TURTLE),
    ("text/n3", ResultFormat.TURTLE),  # Turtle is valid N3
    ("text/rdf+n3", ResultFormat.TURTLE),
    ("text/plain", ResultFormat.NTRIPLES),
    ("application/json", ResultFormat.JSONLD),
    ("application/x-json+ld", ResultFormat.JSONLD),
    ("application/xml", ResultFormat.RDFXML),
]
"""CONSTRUCT/DESCRIBE: canonical media types first, then aliases."""

_NAMES: dict[str, tuple[ResultFormat | None, ResultFormat | None]] = {
    "json": (ResultFormat.JSON, ResultFormat.JSONLD),
    "srj": (ResultFormat.JSON, None),
    "xml": (ResultFormat.XML, ResultFormat.RDFXML),
    "srx": (ResultFormat.XML, None),
    "csv": (ResultFormat.CSV, None),
    "tsv": (ResultFormat.TSV, None),
    "turtle": (None, ResultFormat.TURTLE),
    "ttl": (None, ResultFormat.TURTLE),
    "n3": (None, ResultFormat.TURTLE),
    "ntriples": (None, ResultFormat.NTRIPLES),
    "n-triples": (None, ResultFormat.NTRIPLES),
    "nt": (None, ResultFormat.NTRIPLES),
    "rdfxml": (None, ResultFormat.RDFXML),
    "rdf+xml": (None, ResultFormat.RDFXML),
    "rdf": (None, ResultFormat.RDFXML),
    "jsonld": (None, ResultFormat.JSONLD),
    "json-ld": (None, ResultFormat.JSONLD),
}
FORMAT_NAMES = ("json", "xml", "csv", "tsv", "turtle", "ntriples", "rdfxml", "jsonld")
"""The documented `format=` values."""


@dataclass(frozen=True)
class FormatChoice:
    """The formats to answer with; `error` (HTTP status, message) when there are none."""

    tabular: ResultFormat = ResultFormat.JSON
    graph: ResultFormat = ResultFormat.TURTLE
    error: tuple[int, str] | None = None


def _by_format_value(value: str) -> tuple[ResultFormat | None, ResultFormat | None] | None:
    key = value.strip().lower()
    if key in _NAMES:
        return _NAMES[key]
    media = key.split(";")[0].strip()
    tabular = next((f for m, f in TABULAR_OFFERS if m == media), None)
    graph = next((f for m, f in GRAPH_OFFERS if m == media), None)
    return (tabular, graph) if tabular or graph else None


def choose_formats(
    accept: str | None, format_values: Sequence[str], form: str | None
) -> FormatChoice:
    """Result formats for a query of `form` (SELECT/ASK/CONSTRUCT/DESCRIBE, None: unknown)."""
    wants_graph = form in ("CONSTRUCT", "DESCRIBE")
    if format_values:
        known = [m for m in map(_by_format_value, format_values) if m is not None]
        if not known:
            names = ", ".join(FORMAT_NAMES)
            return FormatChoice(error=(400, f"unknown format {format_values[0]!r}; use {names}"))
        tabular = next((t for t, _ in known if t is not None), None)
        graph = next((g for _, g in known if g is not None), None)
        if form is not None and (graph if wants_graph else tabular) is None:
            return FormatChoice(
                error=(406, f"{form} results cannot be given as {format_values[0]!r}")
            )
        return FormatChoice(tabular or ResultFormat.JSON, graph or ResultFormat.TURTLE)
    tabular, graph = _negotiated(accept)
    if form is not None and (graph if wants_graph else tabular) is None:
        offers = GRAPH_OFFERS if wants_graph else TABULAR_OFFERS
        media = ", ".join(m for m, _ in offers[:4])
        return FormatChoice(
            error=(
                406,
                f"cannot answer a {form} query as {accept!r}; acceptable: {media} "
                "(or add format=...)",
            )
        )
    return FormatChoice(tabular or ResultFormat.JSON, graph or ResultFormat.TURTLE)


@functools.lru_cache(maxsize=256)
def _negotiated(accept: str | None) -> tuple[ResultFormat | None, ResultFormat | None]:
    """The tabular and graph formats for an Accept header (clients send few distinct ones)."""
    return negotiate(accept, TABULAR_OFFERS), negotiate(accept, GRAPH_OFFERS)
