"""The data version: one triple in `graph:system`, rewritten by every write.

`<graph:system> rg:dataVersion "<uuid>"` changes in the same update as the data it versions,
so several stateless API processes on one remote store agree on it (it feeds ETags).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pyoxigraph as ox

from rolegraph.catalog import SYSTEM_GRAPH
from rolegraph.namespaces import RG
from rolegraph.store.sparql_text import ends_with_separator

DATA_VERSION = str(RG) + "dataVersion"
MODIFIED = "http://purl.org/dc/terms/modified"

_SYSTEM = str(ox.NamedNode(SYSTEM_GRAPH))
_VERSION = str(ox.NamedNode(DATA_VERSION))
_MODIFIED = str(ox.NamedNode(MODIFIED))

VERSION_QUERY = f"SELECT ?v WHERE {{ GRAPH {_SYSTEM} {{ {_SYSTEM} {_VERSION} ?v }} }}"
"""Reads the current data version (no rows when nothing was written yet)."""
VERSION_IN_NAMED_GRAPH = f"ASK {{ GRAPH {_SYSTEM} {{ {_SYSTEM} {_VERSION} ?v }} }}"
VERSION_IN_DEFAULT_GRAPH = f"ASK {{ {_SYSTEM} {_VERSION} ?v }}"
"""With the first: is the data version, written in a named graph, seen in the default graph?"""


def new_version() -> str:
    return uuid.uuid4().hex


def version_operations(version: str) -> str:
    """SPARQL Update operations that replace the data version with `version`."""
    value = str(ox.Literal(version))
    now = str(
        ox.Literal(
            datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#dateTime"),
        )
    )
    return (
        f"DELETE WHERE {{ GRAPH {_SYSTEM} {{ {_SYSTEM} ?p ?o }} }} ;\n"
        f"INSERT DATA {{ GRAPH {_SYSTEM} {{ {_SYSTEM} {_VERSION} {value} ; {_MODIFIED} {now} }} }}"
    )


def with_version(update: str, version: str) -> str:
    """`update` followed, in the same request, by the operations that set `version`."""
    if not update.strip():
        return version_operations(version)
    separator = "\n" if ends_with_separator(update) else "\n;\n"
    return f"{update}{separator}{version_operations(version)}"
