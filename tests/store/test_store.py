"""The Store interface, the same tests on both backends (embedded pyoxigraph, Oxigraph server)."""

from __future__ import annotations

from pathlib import Path

import orjson
import pyoxigraph as ox
import pytest

from rolegraph import catalog
from rolegraph.errors import InputError
from rolegraph.namespaces import RG
from rolegraph.store import (
    QueryRequest,
    QuerySyntaxError,
    ResultFormat,
    ResultTooLargeError,
    SelectResult,
    UnsupportedQueryError,
)

EX = "http://example.org/sampler/"
MINI_FACTS = catalog.facts_graph("mini-role")
MINI_CURATED = catalog.curated_graph("mini-role")
MINI_INFERRED = catalog.inferred_graph("mini-role")
SAMPLER_GRAPH = "https://w3id.org/rolegraph/graph/file/sampler.ttl"


@pytest.fixture
def loaded(store, fixture_sources):
    store.load(fixture_sources)
    return store


def labels(result: SelectResult, name: str = "label") -> list[str]:
    return sorted(term.value for term in result.column(name) if term is not None)


def test_load_puts_each_file_in_its_graph(loaded) -> None:
    assert loaded.graphs() == sorted(
        [
            catalog.ONTOLOGY_GRAPH,
            catalog.SCHEMES_GRAPH,
            catalog.SHAPES_GRAPH,
            catalog.SYSTEM_GRAPH,
            catalog.SHARED_GRAPH,
            MINI_FACTS,
            MINI_CURATED,
            MINI_INFERRED,
            SAMPLER_GRAPH,
            "http://example.org/graphs/g1",  # a TriG file keeps its own graphs
            "http://example.org/graphs/g2",
        ]
    )
    count = loaded.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        {"g": ox.NamedNode(SAMPLER_GRAPH)},
    )
    assert int(count.rows[0][0].value) == 12


def test_default_graph_is_the_union_of_all_graphs(loaded) -> None:
    result = loaded.select(
        "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }"
    )
    found = labels(result)
    assert "Mini Role" in found  # facts graph
    assert "Curated by hand" in found  # schemes graph
    assert loaded.ask('ASK { ?s <http://example.org/graphs/p> "in g2" }')


def test_caller_dataset_overrides_the_union(loaded) -> None:
    only_g1 = loaded.select(
        "SELECT ?o WHERE { ?s ?p ?o }", default_graph=["http://example.org/graphs/g1"]
    )
    assert labels(only_g1, "o") == ["in g1"]
    named = loaded.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", named_graphs=["http://example.org/graphs/g2"]
    )
    assert [g.value for g in named.column("g")] == ["http://example.org/graphs/g2"]
    assert len(named) == 1


def test_from_in_the_query_is_honoured(loaded) -> None:
    result = loaded.select("SELECT ?o FROM <http://example.org/graphs/g2> WHERE { ?s ?p ?o }")
    assert labels(result, "o") == ["in g2"]
    named_only = loaded.select(
        "SELECT ?o FROM NAMED <http://example.org/graphs/g1> WHERE { ?s ?p ?o }"
    )
    assert len(named_only) == 0  # FROM NAMED alone: the default graph is empty


def test_shared_concepts_are_stored_once_in_the_shared_graph(loaded) -> None:
    """Skills declared by a blueprint move to graph:shared: one label however many roles."""
    shared = loaded.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s a ?type } } ",
        {"s": ox.NamedNode("https://w3id.org/rolegraph/id/skill/python")},
    )
    assert {g.value for g in shared.column("g")} == {catalog.SHARED_GRAPH}
    role = loaded.select(
        "SELECT ?g WHERE { GRAPH ?g { ?s a ?type } }",
        {"s": ox.NamedNode("https://w3id.org/rolegraph/id/role/mini-role")},
    )
    assert catalog.SHARED_GRAPH not in {g.value for g in role.column("g")}


def test_inferred_graph_holds_the_property_chains_and_a_header(loaded) -> None:
    rows = loaded.select(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(MINI_INFERRED)}
    )
    triples = {(s.value, p.value, o.value) for s, p, o in rows}
    base = "https://w3id.org/rolegraph/id/"
    kpi_skill = str(RG.kpiRelatesToSkill)
    assert {(s, o) for s, p, o in triples if p == kpi_skill} == {
        (f"{base}kpi/mini-role.latency", f"{base}skill/python"),
        (f"{base}kpi/mini-role.latency", f"{base}skill/sql"),
        (f"{base}kpi/mini-role.uptime", f"{base}skill/python"),
        (f"{base}kpi/mini-role.uptime", f"{base}skill/sql"),
    }
    assert {(s, o) for s, p, o in triples if p == str(RG.toolSupportsKPI)} == {
        (f"{base}tool/grafana", f"{base}kpi/mini-role.latency"),
        (f"{base}tool/grafana", f"{base}kpi/mini-role.uptime"),
    }
    assert {(s, o) for s, p, o in triples if p == str(RG.stakeholderConcernedWithSkill)} == {
        (f"{base}stakeholder/mini-role.product-manager", f"{base}skill/python"),
    }
    header = {(p, o) for s, p, o in triples if s == MINI_INFERRED}
    assert header == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", str(RG.LinkSet)),
        (str(RG.linkProvenance), "https://w3id.org/rolegraph/concept/link-provenance-inferred"),
        (str(RG.aboutRole), f"{base}role/mini-role"),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", MINI_CURATED),
        ("http://www.w3.org/ns/prov#wasDerivedFrom", MINI_CURATED.removesuffix("/curated")),
    }
    # superclass types are materialised too, so `?x a rg:BlueprintItem` finds every item
    items = {s for s, p, o in triples if p.endswith("#type") and o == str(RG.BlueprintItem)}
    assert f"{base}kpi/mini-role.latency" in items


def test_loading_only_the_links_rederives_from_the_stored_facts(loaded) -> None:
    links = Path(__file__).parents[1] / "fixtures" / "store" / "blueprints"
    loaded.load(catalog.blueprint_sources([links / "mini-role.links.ttl"]))
    derived = loaded.select(
        "SELECT ?k WHERE { GRAPH ?g { ?k ?p ?s } }",
        {"g": ox.NamedNode(MINI_INFERRED), "p": ox.NamedNode(str(RG.kpiRelatesToSkill))},
    )
    assert len(derived) == 4


def test_bindings_are_terms(loaded) -> None:
    lang = loaded.select(
        "SELECT ?s WHERE { ?s ?p ?label }", {"label": ox.Literal("English", language="en")}
    )
    assert [s.value for s in lang.column("s")] == [EX + "item1"]
    not_projected = loaded.select(
        "SELECT ?label WHERE { ?s ?p ?label }", {"s": ox.NamedNode(EX + "item1")}
    )
    assert labels(not_projected) == ["Deutsch", "English", "plain"]
    assert loaded.ask(
        "ASK { ?s ?p ?o }",
        {"o": ox.Literal("42", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))},
    )
    triples = loaded.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": ox.NamedNode(EX + "item2")}
    )
    assert len(triples) == 4


@pytest.mark.parametrize(
    "evil",
    [
        ox.Literal('"} ; DROP ALL ; #'),
        ox.Literal('x" } } ; CLEAR ALL ; SELECT * { ?s ?p ?o } #'),
        ox.Literal("'''\n}}>"),
        ox.Literal('en"@en } UNION { ?s ?p ?o', language="en"),
        ox.NamedNode("http://example.org/a?b=%3E%7D#frag"),
    ],
)
def test_injection_attempts_match_nothing_and_change_nothing(loaded, evil) -> None:
    before = loaded.data_version()
    result = loaded.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": evil})
    assert len(result) == 0
    assert loaded.ask("ASK { ?s ?p ?o }", {"o": evil}) is False
    assert loaded.data_version() == before
    assert len(loaded.select("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1")) == 1  # data still there


def test_iris_that_could_break_out_cannot_be_made() -> None:
    for bad in ("http://example.org/a> } ; DROP ALL ; #", "http://example.org/a b"):
        with pytest.raises(ValueError):
            ox.NamedNode(bad)


def test_only_iris_and_literals_can_be_bound(loaded) -> None:
    with pytest.raises(TypeError):
        loaded.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": "plain string"})
    with pytest.raises(TypeError):
        loaded.select("SELECT ?s WHERE { ?s ?p ?o }", {"o": ox.BlankNode("b")})
    with pytest.raises(ValueError):
        loaded.select("SELECT ?s WHERE { ?s ?p ?o }", {"not a var": ox.Literal("x")})


def test_bindings_need_a_where_group(loaded) -> None:
    with pytest.raises(UnsupportedQueryError):
        # the remote path always needs a WHERE group; the embedded one too for VALUES
        loaded.construct("CONSTRUCT WHERE { ?s ?p ?o }", {"zzz": ox.Literal("x")})


def test_syntax_errors_carry_line_and_column(loaded) -> None:
    with pytest.raises(QuerySyntaxError) as caught:
        loaded.select("SELECT ?s WHERE {\n  ?s ?p \n}")
    assert caught.value.line == 3
    assert caught.value.column is not None


def test_every_write_changes_the_data_version(loaded) -> None:
    first = loaded.data_version()
    assert len(first) == 32
    loaded.update(
        'INSERT DATA { GRAPH <http://example.org/new> { <http://x/a> <http://x/b> "c" } }'
    )
    second = loaded.data_version()
    assert second not in ("", first)
    loaded.replace_graph(
        "http://example.org/new",
        [ox.Triple(ox.NamedNode("http://x/a"), ox.NamedNode("http://x/b"), ox.Literal("d"))],
    )
    third = loaded.data_version()
    assert third not in (first, second)
    values = loaded.select("SELECT ?o WHERE { GRAPH <http://example.org/new> { ?s ?p ?o } }")
    assert labels(values, "o") == ["d"]
    loaded.update("DROP GRAPH <http://example.org/new> ;")  # a trailing ';' is fine
    assert loaded.data_version() not in (first, second, third)
    assert "http://example.org/new" not in loaded.graphs()


def test_a_failed_update_changes_nothing(loaded) -> None:
    before = loaded.data_version()
    with pytest.raises(QuerySyntaxError):
        loaded.update("INSERT DATA { <http://x/a> <http://x/b> }")
    assert loaded.data_version() == before


def test_a_broken_file_is_reported_with_its_position_and_loads_nothing(
    store, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "unterminated .\n')
    with pytest.raises(InputError) as caught:
        store.load(catalog.data_file_sources([broken]))
    assert caught.value.location.startswith(f"{broken}:2")
    assert store.data_version() == ""
    assert store.graphs() == []


def test_loading_again_replaces_graphs_instead_of_adding(loaded, fixture_sources) -> None:
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    before = int(loaded.select(query).rows[0][0].value)
    loaded.load(fixture_sources)
    assert int(loaded.select(query).rows[0][0].value) == before


@pytest.mark.parametrize("fmt", list(ResultFormat))
def test_execute_serializes_in_every_format(loaded, fmt: ResultFormat) -> None:
    graph = fmt.kind.value == "graph"
    query = (
        "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
        if graph
        else "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    request = QueryRequest(
        query,
        default_graph_uris=(),
        named_graph_uris=(SAMPLER_GRAPH,),
        tabular_format=fmt if not graph else ResultFormat.JSON,
        graph_format=fmt if graph else ResultFormat.TURTLE,
    )
    answer = loaded.execute(request)
    assert answer.result_format is fmt
    assert answer.count == 12
    if fmt is ResultFormat.JSON:
        assert len(orjson.loads(answer.body)["results"]["bindings"]) == 12
    if graph:
        parsed = list(ox.parse(answer.body, format=fmt.oxigraph_rdf()))
        assert len(parsed) == 12


def test_execute_enforces_the_result_cap(loaded) -> None:
    for fmt in (ResultFormat.JSON, ResultFormat.CSV):
        with pytest.raises(ResultTooLargeError):
            loaded.execute(
                QueryRequest("SELECT * WHERE { ?s ?p ?o }", tabular_format=fmt, result_limit=5)
            )
    with pytest.raises(ResultTooLargeError):
        loaded.execute(QueryRequest("CONSTRUCT WHERE { ?s ?p ?o }", result_limit=5))
    ok = loaded.execute(QueryRequest("SELECT * WHERE { ?s ?p ?o } LIMIT 5", result_limit=5))
    assert ok.count == 5


def test_update_words_in_comments_do_not_turn_a_query_into_an_update(store) -> None:
    """Comments may say "add up", "insert", "removed": the text is still a query."""
    query = (
        "# How many statements are there?\n"
        "# We add up every item; removed ones are not counted.\n"
        "# Nothing is inserted, deleted, loaded or dropped.\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }  # load? clear? no: a query\n"
    )
    assert len(store.select(query).rows) == 1
