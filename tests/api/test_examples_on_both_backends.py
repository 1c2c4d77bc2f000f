"""The analyst example queries answer byte for byte the same on both backends.

`rolegraph serve` on the embedded store and the same service on a real Oxigraph server, both
holding the shipped catalog, asked every query of `queries/examples/` through SPARQLWrapper
in JSON, XML, CSV and TSV (the acceptance of the store issue). Lists built with GROUP_CONCAT
are sorted in a wrapping sub-select, so even their order is the same.
"""

from __future__ import annotations

import contextlib
import difflib
from collections.abc import Iterator

import orjson
import pytest
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from rolegraph import catalog
from rolegraph.api.app import create_app
from rolegraph.queries import QuerySpec, load_catalog
from rolegraph.store.embedded import EmbeddedStore

EXAMPLES: list[QuerySpec] = sorted(
    load_catalog(groups=["examples"]).group("examples"), key=lambda s: s.name
)
FORMATS = [JSON, XML, CSV, TSV]
EMPTY_ON_SHIPPED = {"links_outside_link_sets"}
"""Data-quality checks whose right answer on the shipped catalog is no rows."""


@pytest.fixture(scope="module")
def services(oxigraph_server, serve_app, settings_factory) -> Iterator[dict[str, str]]:
    """/sparql of both services, each store loaded with the shipped catalog."""
    oxigraph_server.clear()
    stores = {"embedded": EmbeddedStore(), "remote": oxigraph_server.remote_store()}
    with contextlib.ExitStack() as stack:
        urls = {}
        for name, store in stores.items():
            store.load(catalog.shipped_sources())
            app = create_app(settings_factory(store), store=store)
            urls[name] = stack.enter_context(serve_app(app)) + "/sparql"
        yield urls
    oxigraph_server.clear()


def ask(url: str, query: str, fmt: str) -> bytes:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    return sparql.query().response.read()


def difference(embedded: bytes, remote: bytes) -> str:
    lines = [b.decode("utf-8", "replace").splitlines() for b in (embedded, remote)]
    diff = difflib.unified_diff(*lines, "embedded", "remote", lineterm="", n=1)
    return "\n".join(list(diff)[:40])


@pytest.mark.parametrize("spec", EXAMPLES, ids=lambda s: s.name)
def test_example_answers_identically_in_every_format(services, spec: QuerySpec) -> None:
    for fmt in FORMATS:
        bodies = {name: ask(url, spec.text, fmt) for name, url in services.items()}
        assert bodies["embedded"] == bodies["remote"], f"{spec.name} as {fmt}:\n" + difference(
            bodies["embedded"], bodies["remote"]
        )
    if spec.form == "select":
        rows = orjson.loads(ask(services["embedded"], spec.text, JSON))["results"]["bindings"]
        assert bool(rows) == (spec.name not in EMPTY_ON_SHIPPED), spec.name
