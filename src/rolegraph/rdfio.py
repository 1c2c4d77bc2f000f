"""Reading RDF files and bodies with errors that point at file:line:column.

pyoxigraph's parsers are fast and report exact positions, so every RDF input (CLI files,
`--data`, request bodies) goes through here; rdflib graphs are built from the parsed quads
only where a library needs them (pySHACL).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from rolegraph.errors import InputError

_SUFFIX_FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".n3": ox.RdfFormat.N3,
}

_MEDIA_TYPE_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

RDF_SUFFIXES = frozenset(_SUFFIX_FORMATS) - {".json", ".xml"}
"""Suffixes picked up when a folder is given (".json"/".xml" only when named explicitly)."""


def format_for_path(path: Path) -> ox.RdfFormat:
    try:
        return _SUFFIX_FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(_SUFFIX_FORMATS))
        raise InputError(
            f"unknown RDF file type {path.suffix!r}",
            path,
            hint=f"use one of {known}",
        ) from None


def format_for_media_type(media_type: str) -> ox.RdfFormat:
    base = media_type.split(";")[0].strip().lower()
    try:
        return _MEDIA_TYPE_FORMATS[base]
    except KeyError:
        known = ", ".join(sorted(_MEDIA_TYPE_FORMATS))
        raise InputError(
            f"unsupported media type {base!r}", "<body>", hint=f"send one of {known}"
        ) from None


def parse_file(path: Path, base_iri: str | None = None) -> list[ox.Quad]:
    """All quads of an RDF file (triples land in the default graph)."""
    rdf_format = format_for_path(path)
    if not path.is_file():
        raise InputError("no such file", path, hint="check the path")
    try:
        return list(ox.parse(path=str(path), format=rdf_format, base_iri=base_iri))
    except SyntaxError as err:
        raise _syntax_error(err, path) from None
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read RDF: {err}", path) from None


def parse_bytes(
    data: bytes, rdf_format: ox.RdfFormat, source: str = "<body>", base_iri: str | None = None
) -> list[ox.Quad]:
    """All quads of an RDF document held in memory."""
    try:
        return list(ox.parse(data, format=rdf_format, base_iri=base_iri))
    except SyntaxError as err:
        raise _syntax_error(err, source) from None
    except (OSError, ValueError) as err:
        raise InputError(f"cannot read RDF: {err}", source) from None


def _syntax_error(err: SyntaxError, source: str | Path) -> InputError:
    message = str(err.msg) if err.msg else str(err)
    # pyoxigraph: "Parser error between line 3 column 11 and line 5 column 1: <what>"
    what = message.split(": ", 1)[1] if message.startswith("Parser error") else message
    return InputError(
        f"syntax error: {what}",
        source,
        err.lineno,
        err.offset,
        hint="fix the RDF syntax at this position (a missing '.', ';', quote or '>' is common)",
    )


def quads_to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    """An rdflib Dataset with the same quads (via N-Quads, the lossless common ground)."""
    data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
    dataset = rdflib.Dataset()
    if data:
        dataset.parse(data=data, format="nquads")
    return dataset


def triples_to_rdflib(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """An rdflib Graph of the quads' triples, graphs merged (for validation and reasoning)."""
    triples = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    if data:
        graph.parse(data=data, format="nt")
    return graph
