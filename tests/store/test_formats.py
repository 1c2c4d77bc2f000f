"""Result formats: names, media types, and exact counting of serialized results."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from rolegraph.store.formats import ResultFormat, count_results

DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:p "multi\\nline, with \\"quotes\\"" , "<result> in text" , "tab\\there" .
ex:b ex:p 1 .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    store.load(DATA.encode(), format=ox.RdfFormat.TURTLE)
    return store


@pytest.mark.parametrize("fmt", [f for f in ResultFormat if f.kind.value == "tabular"])
def test_counts_rows_exactly(store: ox.Store, fmt: ResultFormat) -> None:
    body = store.query("SELECT * WHERE { ?s ?p ?o }").serialize(format=fmt.oxigraph_results())
    assert count_results(body, fmt) == 4
    empty = store.query("SELECT * WHERE { ?s ?p 99 }").serialize(format=fmt.oxigraph_results())
    assert count_results(empty, fmt) == 0
    ask = store.query("ASK { ?s ?p ?o }").serialize(format=fmt.oxigraph_results())
    assert count_results(ask, fmt) == 1


@pytest.mark.parametrize("fmt", [f for f in ResultFormat if f.kind.value == "graph"])
def test_counts_triples_exactly(store: ox.Store, fmt: ResultFormat) -> None:
    body = ox.serialize(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), format=fmt.oxigraph_rdf())
    assert count_results(body, fmt) == 4


def test_names_and_media_types() -> None:
    assert ResultFormat.by_name("JSON") is ResultFormat.JSON
    assert ResultFormat.by_name("ttl") is ResultFormat.TURTLE
    assert ResultFormat.by_name("nope") is None
    assert ResultFormat.by_media_type("text/csv; charset=utf-8") is ResultFormat.CSV
    assert ResultFormat.CSV.content_type == "text/csv; charset=utf-8"
    assert ResultFormat.JSON.content_type == "application/sparql-results+json"
    assert ResultFormat.TSV.format_iri == "http://www.w3.org/ns/formats/SPARQL_Results_TSV"
