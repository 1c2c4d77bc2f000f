"""Accept negotiation and `format=` values (pure functions)."""

from __future__ import annotations

import pytest

from rolegraph.api.negotiation import negotiate, parse_accept
from rolegraph.api.result_formats import GRAPH_OFFERS, TABULAR_OFFERS, choose_formats
from rolegraph.store.formats import ResultFormat as F


def test_parse_accept() -> None:
    ranges = parse_accept("text/html, application/xml;q=0.9, */*;q=0.8, bad, x/y;q=oops")
    assert [(r.type, r.subtype, r.q) for r in ranges] == [
        ("text", "html", 1.0),
        ("application", "xml", 0.9),
        ("*", "*", 0.8),
        ("x", "y", 0.0),
    ]


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, F.JSON),
        ("", F.JSON),
        ("*/*", F.JSON),
        ("text/csv", F.CSV),
        ("text/*", F.CSV),
        ("text/*;q=0.5, application/sparql-results+xml", F.XML),
        ("application/sparql-results+json;q=0.2, text/tab-separated-values;q=0.3", F.TSV),
        ("application/json", F.JSON),
        ("*/*;q=0.1, text/csv;q=0", F.JSON),  # q=0 refuses CSV; JSON via */*
        ("text/csv;q=0", None),
        ("image/png", None),
    ],
)
def test_negotiate_tabular(accept, expected) -> None:
    assert negotiate(accept, TABULAR_OFFERS) is expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, F.TURTLE),
        ("application/rdf+xml, text/turtle;q=0.5", F.RDFXML),
        ("application/turtle,text/turtle", F.TURTLE),  # SPARQLWrapper's TURTLE
        ("application/ld+json,application/x-json+ld", F.JSONLD),
        ("text/plain", F.NTRIPLES),
        ("text/csv", None),
    ],
)
def test_negotiate_graph(accept, expected) -> None:
    assert negotiate(accept, GRAPH_OFFERS) is expected


def test_format_parameter_wins_and_follows_the_query_form() -> None:
    assert choose_formats("text/csv", ["json"], "SELECT").tabular is F.JSON
    assert choose_formats(None, ["json"], "CONSTRUCT").graph is F.JSONLD
    assert choose_formats(None, ["xml"], "DESCRIBE").graph is F.RDFXML
    # as SPARQLWrapper sends it: a short name and a media type
    assert choose_formats(None, ["tsv", "text/tab-separated-values"], "SELECT").tabular is F.TSV
    assert choose_formats(None, ["rdf+xml", "application/rdf+xml"], "CONSTRUCT").graph is F.RDFXML
    assert choose_formats(None, ["yaml"], "SELECT").error[0] == 400
    assert choose_formats(None, ["csv"], "CONSTRUCT").error[0] == 406
    assert choose_formats(None, ["turtle"], "ASK").error[0] == 406


def test_accept_that_fits_only_the_other_form() -> None:
    assert choose_formats("text/turtle", [], "SELECT").error[0] == 406
    assert choose_formats("text/csv", [], "CONSTRUCT").error[0] == 406
    unknown = choose_formats("text/turtle", [], None)  # form unknown: let the engine decide
    assert (unknown.error, unknown.graph) == (None, F.TURTLE)
