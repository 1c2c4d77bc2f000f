"""/sparql over real HTTP on both backends, with SPARQLWrapper as the client for every format.

`embedded`: the service with its own pyoxigraph store and query worker processes;
`remote`: the same service pointed at a real `oxigraph serve` process (API -> Oxigraph).
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from xml.dom.minidom import Document

import httpx
import orjson
import pyoxigraph as ox
import pytest
from SPARQLWrapper import (
    CSV,
    GET,
    JSON,
    JSONLD,
    POST,
    POSTDIRECTLY,
    RDFXML,
    TSV,
    TURTLE,
    URLENCODED,
    XML,
    SPARQLWrapper,
)

from rolegraph.api.app import create_app
from rolegraph.namespaces import PREFIXES
from rolegraph.store.base import Store
from rolegraph.store.embedded import EmbeddedStore

BACKENDS = ["embedded", "remote"]
RESULT_LIMIT = 500
EX = "http://example.org/sampler/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
SAMPLER = "https://w3id.org/rolegraph/graph/file/sampler.ttl"

LABELS = f"""SELECT ?item ?label WHERE {{
  ?item <{SKOS_LABEL}> ?label .
  ?item <https://w3id.org/rolegraph/ontology#forRole> ?role .
}} ORDER BY ?label"""
EXPECTED_LABELS = ["Product manager", "Run services", "Ship models", "Uptime", "p95 latency"]
SAMPLER_TRIPLES = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{SAMPLER}> {{ ?s ?p ?o }} }}"


@dataclass
class Endpoint:
    backend: str
    url: str
    store: Store

    def wrapper(self, query: str, fmt: str | None = None) -> SPARQLWrapper:
        sparql = SPARQLWrapper(self.url)
        sparql.setQuery(query)
        if fmt is not None:
            sparql.setReturnFormat(fmt)
        return sparql


@pytest.fixture(scope="module")
def endpoints(oxigraph_server, fixture_sources, serve_app, settings_factory) -> Iterator[dict]:
    """Both services, each loaded with the fixture data, on real HTTP."""
    embedded = EmbeddedStore()
    oxigraph_server.clear()
    remote = oxigraph_server.remote_store()
    with contextlib.ExitStack() as stack:
        found = {}
        for name, store in (("embedded", embedded), ("remote", remote)):
            store.load(fixture_sources)
            settings = settings_factory(store, result_limit=RESULT_LIMIT, cors_origins=("*",))
            url = stack.enter_context(serve_app(create_app(settings, store=store)))
            found[name] = Endpoint(name, url + "/sparql", store)
        yield found


@pytest.fixture(params=BACKENDS)
def endpoint(request, endpoints) -> Endpoint:
    return endpoints[request.param]


def json_labels(data: dict) -> list[str]:
    return [row["label"]["value"] for row in data["results"]["bindings"]]


# -- result formats through SPARQLWrapper ---------------------------------------------------


def test_select_as_json(endpoint) -> None:
    data = endpoint.wrapper(LABELS, JSON).query().convert()
    assert data["head"]["vars"] == ["item", "label"]
    assert json_labels(data) == EXPECTED_LABELS


def test_select_as_xml(endpoint) -> None:
    document = endpoint.wrapper(LABELS, XML).query().convert()
    assert isinstance(document, Document)
    literals = [
        node.firstChild.data
        for node in document.getElementsByTagName("literal")
        if node.parentNode.getAttribute("name") == "label"
    ]
    assert literals == EXPECTED_LABELS


@pytest.mark.parametrize(("fmt", "delimiter"), [(CSV, ","), (TSV, "\t")])
def test_select_as_csv_and_tsv(endpoint, fmt, delimiter) -> None:
    result = endpoint.wrapper(LABELS, fmt).query()
    assert result.response.headers["Content-Type"].startswith(
        "text/csv" if fmt == CSV else "text/tab-separated-values"
    )
    text = result.convert().decode("utf-8")
    if fmt == CSV:
        rows = list(csv.reader(io.StringIO(text)))
    else:
        rows = [line.split(delimiter) for line in text.splitlines()]
    header, body = rows[0], rows[1:]
    if fmt == CSV:
        assert header == ["item", "label"]
        assert [r[1] for r in body] == EXPECTED_LABELS
    else:
        assert header == ["?item", "?label"]
        assert [r[1] for r in body] == [f'"{label}"@en' for label in EXPECTED_LABELS]


def test_csv_escapes_separators_quotes_and_line_breaks(endpoint) -> None:
    query = f"SELECT ?text WHERE {{ <{EX}item3> <{EX}text> ?text }} ORDER BY ?text"
    body = endpoint.wrapper(query, CSV).query().convert().decode("utf-8")
    values = [row[0] for row in list(csv.reader(io.StringIO(body, newline="")))[1:]]
    assert values == ['comma, "quote" and\nnew line\tand tab', "emoji 😀 and ümlaut"]


def test_ask_as_json_and_xml(endpoint) -> None:
    yes = endpoint.wrapper(f"ASK {{ <{EX}item2> ?p 42 }}", JSON).query().convert()
    assert yes == {"head": {}, "boolean": True}
    no = endpoint.wrapper(f"ASK {{ <{EX}item2> ?p 43 }}", XML).query().convert()
    assert no.getElementsByTagName("boolean")[0].firstChild.data == "false"


@pytest.mark.parametrize(
    ("fmt", "accept", "rdf_format"),
    [
        (TURTLE, None, ox.RdfFormat.TURTLE),
        (None, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        (RDFXML, None, ox.RdfFormat.RDF_XML),
        (JSONLD, None, ox.RdfFormat.JSON_LD),
    ],
)
def test_construct_in_every_rdf_format(endpoint, fmt, accept, rdf_format) -> None:
    sparql = endpoint.wrapper(SAMPLER_TRIPLES, fmt or TURTLE)
    if accept:
        sparql.setOnlyConneg(True)  # no format= parameter: the Accept header decides
        sparql.addCustomHttpHeader("Accept", accept)
    result = sparql.query()
    assert result.response.headers["Content-Type"].split(";")[0] == rdf_format.media_type
    triples = list(ox.parse(result.response.read(), format=rdf_format))
    expected = list(ox.parse(SAMPLER_PATH.read_bytes(), format=ox.RdfFormat.TURTLE))
    assert canonical(triples) == canonical(expected)


def canonical(quads: list[ox.Quad]) -> object:
    """Graphs compared up to blank node renaming (pyoxigraph canonicalization)."""
    dataset = ox.Dataset(ox.Quad(q.subject, q.predicate, q.object) for q in quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return sorted(str(q) for q in dataset)


SAMPLER_PATH = __import__("pathlib").Path(__file__).parents[1] / "fixtures/store/data/sampler.ttl"


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated")
def test_describe_defaults_to_turtle(endpoint) -> None:
    plain = httpx.get(endpoint.url, params={"query": f"DESCRIBE <{EX}item1>"})
    assert plain.headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(plain.content, format=ox.RdfFormat.TURTLE))) == 3
    # SPARQLWrapper's default return format (XML) means RDF/XML for DESCRIBE
    result = endpoint.wrapper(f"DESCRIBE <{EX}item1>").query()
    assert result.response.headers["Content-Type"] == "application/rdf+xml"
    assert len(result.convert()) == 3  # SPARQLWrapper parsed it into an rdflib Graph


# -- protocol operations --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "request_method"), [(GET, URLENCODED), (POST, URLENCODED), (POST, POSTDIRECTLY)]
)
def test_get_post_form_and_post_direct(endpoint, method, request_method) -> None:
    sparql = endpoint.wrapper(LABELS, JSON)
    sparql.setMethod(method)
    sparql.setRequestMethod(request_method)
    assert json_labels(sparql.query().convert()) == EXPECTED_LABELS


def test_protocol_dataset_overrides_union_and_from(endpoint) -> None:
    query = "SELECT ?o FROM <http://example.org/graphs/g1> WHERE { ?s ?p ?o }"
    plain = endpoint.wrapper(query, JSON).query().convert()
    assert [r["o"]["value"] for r in plain["results"]["bindings"]] == ["in g1"]
    sparql = endpoint.wrapper(query, JSON)
    sparql.addDefaultGraph("http://example.org/graphs/g2")
    overridden = sparql.query().convert()
    assert [r["o"]["value"] for r in overridden["results"]["bindings"]] == ["in g2"]
    named = endpoint.wrapper("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", JSON)
    named.addNamedGraph("http://example.org/graphs/g1")
    rows = named.query().convert()["results"]["bindings"]
    assert [r["g"]["value"] for r in rows] == ["http://example.org/graphs/g1"]


def test_format_parameter_for_browsers(endpoint) -> None:
    response = httpx.get(endpoint.url, params={"query": LABELS, "format": "csv"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    turtle = httpx.get(endpoint.url, params={"query": SAMPLER_TRIPLES, "format": "turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    wrong = httpx.get(endpoint.url, params={"query": LABELS, "format": "turtle"})
    assert wrong.status_code == 406
    unknown = httpx.get(endpoint.url, params={"query": LABELS, "format": "yaml"})
    assert unknown.status_code == 400


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
        ("text/*;q=0.8, application/sparql-results+json;q=0.1", "text/csv"),
        ("text/tab-separated-values, */*;q=0.1", "text/tab-separated-values"),
        ("*/*", "application/sparql-results+json"),
        ("application/json", "application/sparql-results+json"),
    ],
)
def test_accept_q_values(endpoint, accept, expected) -> None:
    response = httpx.get(endpoint.url, params={"query": LABELS}, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == expected


def test_406_when_nothing_acceptable(endpoint) -> None:
    for query, accept in ((LABELS, "image/png"), (SAMPLER_TRIPLES, "text/csv")):
        response = httpx.get(endpoint.url, params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 406
        assert response.headers["content-type"] == "application/problem+json"
        assert "acceptable" in response.json()["detail"]


def test_malformed_query_gives_400_with_position(endpoint) -> None:
    response = httpx.get(endpoint.url, params={"query": "SELECT ?s WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    problem = response.json()
    assert problem["title"] == "Malformed query"
    assert problem["line"] == 3  # the engine's own position (the closing brace's line)
    assert isinstance(problem["column"], int)
    assert "expected" in problem["detail"]


@pytest.mark.parametrize(
    "send",
    [
        lambda url: httpx.post(
            url, content="CLEAR ALL", headers={"Content-Type": "application/sparql-update"}
        ),
        lambda url: httpx.post(url, data={"update": "CLEAR ALL"}),
        lambda url: httpx.get(url, params={"update": "CLEAR ALL"}),
        lambda url: httpx.get(url, params={"query": "DROP ALL"}),
        lambda url: httpx.post(
            url,
            content="PREFIX ex: <http://e/> INSERT DATA { ex:a ex:b ex:c }",
            headers={"Content-Type": "application/sparql-query"},
        ),
    ],
)
def test_updates_are_refused(endpoint, send) -> None:
    before = endpoint.store.data_version()
    response = send(endpoint.url)
    assert response.status_code == 405
    assert "read-only" in response.json()["detail"]
    assert endpoint.store.data_version() == before


@pytest.mark.parametrize(
    ("send", "status"),
    [
        (lambda url: httpx.get(url + "?query=ASK%7B%7D&query=ASK%7B%7D"), 400),
        (
            lambda url: httpx.post(url, content="ASK {}", headers={"Content-Type": "text/plain"}),
            415,
        ),
        (lambda url: httpx.post(url, content=b"query=ASK%20%7B%7D"), 415),
        (
            lambda url: httpx.post(
                url,
                content="ASK {}".encode("utf-16"),
                headers={"Content-Type": "application/sparql-query; charset=UTF-16"},
            ),
            415,
        ),
        (lambda url: httpx.put(url, params={"query": "ASK {}"}), 405),
        (lambda url: httpx.post(url, data={"format": "json"}), 400),
        (
            lambda url: httpx.get(
                url, params={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}
            ),
            400,
        ),
    ],
)
def test_bad_requests(endpoint, send, status) -> None:
    assert send(endpoint.url).status_code == status


def test_result_limit_ends_oversized_results(endpoint) -> None:
    response = httpx.get(endpoint.url, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert f"more than {RESULT_LIMIT}" in response.json()["detail"]
    limited = httpx.get(endpoint.url, params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert limited.status_code == 200


def test_relative_iris_resolve_against_the_endpoint(endpoint) -> None:
    response = httpx.get(
        endpoint.url,
        params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"},
        headers={"Accept": "application/n-triples"},
    )
    base = endpoint.url.rsplit("/", 1)[0]
    assert (
        response.text.strip()
        == f'<{base}/s> <{base}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )


# -- service description, prefixes, CORS, health --------------------------------------------

SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.mark.parametrize(
    ("accept", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_service_description(endpoint, accept, rdf_format) -> None:
    response = httpx.get(endpoint.url, headers={"Accept": accept})
    assert response.status_code == 200
    store = ox.Store()
    store.load(response.content, format=rdf_format)
    assert store.query(f"ASK {{ ?s <{SD}endpoint> <{endpoint.url}> ; a <{SD}Service> }}")
    assert store.query(f"ASK {{ ?s <{SD}supportedLanguage> <{SD}SPARQL11Query> }}")
    assert store.query(f"ASK {{ ?s <{SD}feature> <{SD}UnionDefaultGraph> }}")
    names = {
        row[0].value
        for row in store.query(f"SELECT ?g WHERE {{ ?n a <{SD}NamedGraph> ; <{SD}name> ?g }}")
    }
    assert names == set(endpoint.store.graphs())


def test_console_page_fetches_nothing_from_the_internet(endpoint) -> None:
    response = httpx.get(endpoint.url, headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert "<textarea" in page
    for needle in ('src="http', "src='http", 'href="http', "@import", "cdn"):
        assert needle not in page


def test_prefixes_for_consoles(endpoint) -> None:
    response = httpx.get(endpoint.url + "/prefixes")
    assert response.json() == PREFIXES


def test_cors(endpoint) -> None:
    origin = {"Origin": "https://console.example"}
    simple = httpx.get(endpoint.url, params={"query": "ASK {}"}, headers=origin)
    assert simple.headers["access-control-allow-origin"] == "*"
    preflight = httpx.options(
        endpoint.url,
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["access-control-allow-methods"]


def test_healthz(endpoint) -> None:
    response = httpx.get(endpoint.url.removesuffix("/sparql") + "/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["store"] == endpoint.backend
    assert body["data_version"] == endpoint.store.data_version()


# -- both backends answer identically ---------------------------------------------------------

ANALYST_QUERIES = [
    LABELS,
    """SELECT ?kpi ?skill WHERE {
         ?kpi <https://w3id.org/rolegraph/ontology#kpiRelatesToSkill> ?skill
       } ORDER BY ?kpi ?skill""",
    f"""SELECT ?p (COUNT(*) AS ?n) (GROUP_CONCAT(STR(?o); separator="|") AS ?values)
        WHERE {{ GRAPH <{SAMPLER}> {{ <{EX}item2> ?p ?o }} }} GROUP BY ?p ORDER BY ?p""",
    f"SELECT ?text (LANG(?text) AS ?lang) WHERE {{ <{EX}item1> ?p ?text }} ORDER BY ?text",
    f"ASK {{ <{EX}item3> ?p ?o }}",
]


@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_both_backends_answer_identically(endpoints, fmt) -> None:
    for query in ANALYST_QUERIES:
        bodies = {
            name: found.wrapper(query, fmt).query().response.read()
            for name, found in endpoints.items()
        }
        assert bodies["embedded"] == bodies["remote"], query
        if fmt == JSON and query.startswith("SELECT"):
            assert orjson.loads(bodies["embedded"])["results"]["bindings"], query


def test_rdflib_sparqlstore_client(endpoint) -> None:
    """Analysts in Jupyter also use rdflib's SPARQLStore."""
    from rdflib import Graph
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    for return_format in ("json", "xml"):
        graph = Graph(store=SPARQLStore(endpoint.url, returnFormat=return_format))
        rows = list(graph.query(LABELS))
        assert [str(row.label) for row in rows] == EXPECTED_LABELS
    # its default ("xml") also accepts RDF/XML, so CONSTRUCT works too ("json" gets a 406)
    graph = Graph(store=SPARQLStore(endpoint.url))
    assert len(graph.query(SAMPLER_TRIPLES).graph) == 12
