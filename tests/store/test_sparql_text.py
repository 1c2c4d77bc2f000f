"""The tokenizer finds structure only outside comments, strings and IRIs."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from rolegraph.store.bindings import bind_values, values_block
from rolegraph.store.errors import UnsupportedQueryError
from rolegraph.store.sparql_text import (
    dataset_clauses,
    ends_with_separator,
    error_position,
    has_dataset_clause,
    is_update,
    keyword_after_prologue,
    operation_keyword,
    query_form,
    uses_service,
    where_group_start,
)
from tests.conftest import CONFORMANCE_DIR, REPO

TRICKY = """PREFIX ex: <http://example.org/#x>   # a comment with { and WHERE
SELECT (EXISTS { ?a ?b ?c } AS ?e) ?x
WHERE { ?x ex:p "a { brace", '''and } more''' . FILTER(?x < 3) }"""


def test_where_group_skips_comments_strings_iris_and_projection_braces() -> None:
    start = where_group_start(TRICKY)
    assert start is not None
    assert TRICKY[start:].startswith('{ ?x ex:p "a { brace"')


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "{ ?s ?p ?o }"),
        ("ASK {}", "{}"),
        ("describe ?x where {?x ?y ?z}", "{?x ?y ?z}"),
        ('SELECT * { ?s ?p """multi { " line""" }', "{ ?s ?p"),
        ("SELECT * FROM <http://g> { ?s ?p ?o }", "{ ?s ?p ?o }"),
    ],
)
def test_where_group_of_each_form(query: str, expected: str) -> None:
    start = where_group_start(query)
    assert start is not None and query[start:].startswith(expected)


WRAPPED = (
    "SELECT ?a (GROUP_CONCAT(?b) AS ?c) WHERE {{ {{ SELECT * WHERE {{ ?a ?p ?b }} {} }} }}"
    " GROUP BY ?a"
)


@pytest.mark.parametrize(
    ("modifiers", "inside"),
    [
        ("ORDER BY ?b", True),
        ("ORDER BY DESC(?b) ?a", True),
        ("", True),
        ("ORDER BY ?b LIMIT 3", False),  # binding inside would change which rows are kept
        ("OFFSET 1", False),
        ("ORDER BY ?b } ?a ?q ?z . { ?a ?q ?y", False),  # the group holds more than the select
    ],
)
def test_where_group_of_an_ordering_wrapper_is_the_sub_select(modifiers: str, inside: bool) -> None:
    """A WHERE group that only wraps `SELECT *` binds inside it: same answer, bound early."""
    query = WRAPPED.format(modifiers)
    start = where_group_start(query)
    assert start is not None
    assert query[start:].startswith("{ ?a ?p ?b }" if inside else "{ { SELECT *")


def test_nested_wrappers_and_projections_that_are_not_star() -> None:
    nested = "SELECT * { { SELECT DISTINCT * { { SELECT * { ?a ?p ?b } } } ORDER BY ?b } }"
    start = where_group_start(nested)
    assert start is not None and nested[start:].startswith("{ ?a ?p ?b }")
    projected = "SELECT ?a { { SELECT ?a WHERE { ?a ?p ?b } ORDER BY ?b } }"
    start = where_group_start(projected)
    assert start is not None and projected[start:].startswith("{ { SELECT ?a")


def test_binding_inside_a_wrapper_gives_the_answer_of_binding_outside() -> None:
    store = ox.Store()
    ex = "http://example.org/"
    for a, b in (("x", "2"), ("x", "1"), ("y", "3")):
        store.add(ox.Quad(ox.NamedNode(ex + a), ox.NamedNode(ex + "p"), ox.Literal(b)))
    query = WRAPPED.format("ORDER BY ?b")
    bound = bind_values(query, {"a": ox.NamedNode(ex + "x")})
    assert bound.index("VALUES") > bound.index("SELECT *")
    rows = [[t.value for t in row] for row in store.query(bound)]
    assert rows == [[ex + "x", "1 2"]]


@pytest.mark.parametrize("query", ["CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <http://x>", "junk"])
def test_no_where_group(query: str) -> None:
    assert where_group_start(query) is None


def test_forms_and_updates() -> None:
    assert query_form(TRICKY) == "SELECT"
    assert query_form("BASE <http://x/> PREFIX : <http://y/> ask {}") == "ASK"
    assert query_form("PREFIX : <http://y/> INSERT DATA { :a :b :c }") is None
    assert is_update("PREFIX : <http://y/> INSERT DATA { :a :b :c }")
    assert is_update("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert not is_update("SELECT * WHERE { ?s <http://x/INSERT> ?o }")


PROLOGUE_CASES = [
    TRICKY,
    "BASE <http://x/> PREFIX : <http://y/> ask {}",
    "PREFIX : <http://y/> INSERT DATA { :a :b :c }",
    "prefix ex:<http://x/>select * {}",
    "PREFIX: <http://x/> SELECT * {}",
    "PREFIXex: <http://x/> SELECT * {}",
    "PREFIX ex: <http://x/ y> SELECT * {}",
    "PREFIX ex: <http://x/> # SELECT\n  # more\n\tDESCRIBE <http://x/a>",
    "BASE <http://x/>\nex:a",
    "{ ?s ?p ?o }",
    "",
    "   ",
    "PREFIX ex: <http://x/>",
    "PREFIX ex: <http://x/> PREFIX",
    "SELECT:x",
    "Construct{}",
    "_select {}",
    "PREFIX é: <http://x/> SELECT * {}",
]


def query_texts() -> list[str]:
    """Every query text the project has, and the W3C subset's when it is present."""
    paths = sorted((REPO / "queries").rglob("*.rq"))
    if CONFORMANCE_DIR.is_dir():
        paths += sorted(CONFORMANCE_DIR.rglob("*.rq")) + sorted(CONFORMANCE_DIR.rglob("*.ru"))
    return PROLOGUE_CASES + [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def test_the_fast_prologue_skip_agrees_with_the_tokenizer() -> None:
    texts = query_texts()
    assert len(texts) > len(PROLOGUE_CASES) + 80
    for text in texts:
        assert operation_keyword(text) == keyword_after_prologue(text), text


def test_service_is_found_only_as_a_keyword() -> None:
    assert uses_service("SELECT * { SERVICE <http://x/> { ?s ?p ?o } }")
    assert uses_service("select * { service silent <http://x/> { ?s ?p ?o } }")
    assert not uses_service("# SERVICE in a comment\nSELECT * { ?s <http://x/SERVICE> 'SERVICE' }")
    assert not uses_service("SELECT * { ?s ?p ?services . ?s ex:service ?o }")


def test_dataset_clauses() -> None:
    assert not has_dataset_clause("SELECT ?from WHERE { ?s <http://x/from> ?from }")
    query = (
        "BASE <http://b/> PREFIX ex: <http://e/> "
        "SELECT * FROM <g1> FROM NAMED ex:g2 WHERE { ?s ?p ?o }"
    )
    assert has_dataset_clause(query)
    assert dataset_clauses(query) == (["http://b/g1"], ["http://e/g2"])
    assert dataset_clauses("CONSTRUCT { ?s ?p ?o } FROM <http://g> WHERE { ?s ?p ?o }") == (
        ["http://g"],
        [],
    )


def test_values_block_uses_engine_serialized_terms() -> None:
    block = values_block({"x": ox.Literal('a"} ; DROP ALL ; #'), "y": ox.NamedNode("http://e/")})
    assert block == 'VALUES (?x ?y) { ("a\\"} ; DROP ALL ; #" <http://e/>) }'


def test_bind_values_goes_into_the_outermost_where_group() -> None:
    bound = bind_values(TRICKY, {"x": ox.NamedNode("http://e/1")})
    assert "WHERE { VALUES (?x) { (<http://e/1>) }  ?x ex:p" in bound
    assert bind_values("SELECT * { ?s ?p ?o }", None) == "SELECT * { ?s ?p ?o }"
    with pytest.raises(UnsupportedQueryError):
        bind_values("DESCRIBE <http://x>", {"x": ox.Literal("1")})


def test_bound_query_still_parses_and_means_the_same() -> None:
    store = ox.Store()
    store.add(ox.Quad(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/p"), ox.Literal("}")))
    query = bind_values("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.Literal("}")})
    assert [row[0].value for row in store.query(query)] == ["http://e/a"]


def test_separator_and_error_position() -> None:
    assert ends_with_separator("DROP GRAPH <http://g> ; # done")
    assert not ends_with_separator("DROP GRAPH <http://g>")
    assert not ends_with_separator("INSERT DATA { <http://a> <http://b> ';' }")
    assert error_position("error at 3:11: expected ...") == (3, 11)
    assert error_position("no position") == (None, None)
