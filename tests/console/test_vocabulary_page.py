"""`/vocabulary`: every class, property and scheme of the shipped files, in HTML and JSON."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient
from rdflib import OWL, RDF, SKOS, Graph, URIRef

from rolegraph import resources
from rolegraph.api.app import create_app
from rolegraph.api.vocabulary import vocabulary_document

PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def _graph(path) -> Graph:
    graph = Graph()
    graph.parse(path, format="turtle")
    return graph


ONTOLOGY = _graph(resources.ontology_file())
SCHEMES = _graph(resources.schemes_file())
CLASSES = {str(c) for c in ONTOLOGY.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
PROPERTIES = {
    str(p) for t in PROPERTY_TYPES for p in ONTOLOGY.subjects(RDF.type, t) if isinstance(p, URIRef)
}
SCHEME_IRIS = {str(s) for s in SCHEMES.subjects(RDF.type, SKOS.ConceptScheme)}
CONCEPTS = {str(c) for c in SCHEMES.subjects(RDF.type, SKOS.Concept)}


class _Ids(HTMLParser):
    """Element ids, `title` attributes and external resource URLs of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.titles: set[str] = set()
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if values.get("title"):
            self.titles.add(values["title"])
        if tag in ("script", "img", "iframe") and values.get("src"):
            self.sources.append(values["src"])
        if tag == "link" and values.get("href"):
            self.sources.append(values["href"])


@pytest.fixture(scope="module")
def page(client: TestClient) -> tuple[str, _Ids]:
    response = client.get("/vocabulary", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    parser = _Ids()
    parser.feed(response.text)
    return response.text, parser


@pytest.fixture(scope="module")
def model(client: TestClient) -> dict:
    response = client.get("/vocabulary", headers={"Accept": "application/json"})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    return response.json()


def test_prepared_at_start_up(loaded_store, settings_factory) -> None:
    vocabulary_document.cache_clear()
    app = create_app(settings_factory(loaded_store, sparql_workers=0), store=loaded_store)
    with TestClient(app):
        # parsed and rendered by the app's lifespan, before any request
        assert vocabulary_document.cache_info().currsize == 1


def test_html_has_an_anchor_per_term(page: tuple[str, _Ids], model: dict) -> None:
    text, parsed = page
    assert "KPI" in parsed.ids and "kpiRelatesToSkill" in parsed.ids
    assert "rgc:importance-critical" in parsed.ids and "rgc:importance" in parsed.ids
    anchors = {t["iri"]: t["anchor"] for t in model["classes"] + model["properties"]}
    for scheme in model["schemes"]:
        anchors[scheme["iri"]] = scheme["anchor"]
        anchors.update({c["iri"]: c["anchor"] for c in scheme["concepts"]})
    for iri in CLASSES | PROPERTIES | SCHEME_IRIS | CONCEPTS:
        assert anchors[iri] in parsed.ids, iri
    assert not parsed.sources, "the page must load nothing"
    assert "<script src" not in text


def test_html_shows_metadata_definitions_and_chains(page: tuple[str, _Ids]) -> None:
    text, _ = page
    assert "rolegraph: role blueprint ontology" in text
    assert "0.1.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert "A key performance indicator or productivity metric" in text
    assert "rg:measuresResponsibility / rg:requiresSkill" in text
    assert "^rg:usesTool / ^rg:measuresResponsibility" in text
    assert "esco:Occupation" in text  # a skos:closeMatch alignment
    assert "functional" in text


def test_json_lists_every_class_property_and_scheme(model: dict) -> None:
    assert {c["iri"] for c in model["classes"]} == CLASSES
    assert {p["iri"] for p in model["properties"]} == PROPERTIES
    assert {s["iri"] for s in model["schemes"]} == SCHEME_IRIS
    assert {c["iri"] for s in model["schemes"] for c in s["concepts"]} == CONCEPTS
    onto = model["ontology"]
    assert onto["version"] == "0.1.0" and onto["title"] and onto["license"]


def test_json_class_and_property_details(model: dict) -> None:
    classes = {c["curie"]: c for c in model["classes"]}
    properties = {p["curie"]: p for p in model["properties"]}
    kpi = classes["rg:KPI"]
    assert kpi["label"] == "KPI" and kpi["definition"]
    assert [s["curie"] for s in kpi["superclasses"]] == ["rg:BlueprintItem"]
    assert "rg:kpiRelatesToSkill" in [p["curie"] for p in kpi["properties"]]
    role = classes["rg:Role"]
    assert {m["curie"] for m in role["close_matches"]} == {"schema:Occupation", "esco:Occupation"}
    relates = properties["rg:kpiRelatesToSkill"]
    assert relates["property_chains"] == [["rg:measuresResponsibility", "rg:requiresSkill"]]
    assert [d["curie"] for d in relates["domain"]] == ["rg:KPI"]
    assert [r["curie"] for r in relates["range"]] == ["rg:Skill"]
    assert "functional" in properties["rg:forRole"]["characteristics"]
    assert properties["rg:position"]["kind"] == "datatype"


def test_json_concepts(model: dict) -> None:
    schemes = {s["curie"]: s for s in model["schemes"]}
    cadence = schemes["rgc:cadence"]
    assert [c["curie"] for c in cadence["concepts"]][:2] == [
        "rgc:cadence-daily",
        "rgc:cadence-weekly",
    ]
    daily = cadence["concepts"][0]
    assert daily["label"] == "Daily" and daily["rank"] == 1 and daily["definition"]
    assert "Daily activities" in daily["alt_labels"]


def test_turtle_is_the_ontology_file(client: TestClient) -> None:
    response = client.get("/vocabulary", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/turtle")
    assert response.content == resources.ontology_file().read_bytes()
    assert client.get("/vocabulary?format=ttl").content == response.content


def test_negotiation(client: TestClient) -> None:
    assert client.get("/vocabulary").headers["content-type"].startswith("text/html")
    assert client.get("/vocabulary?format=json").headers["content-type"] == "application/json"
    refused = client.get("/vocabulary", headers={"Accept": "image/png"})
    assert refused.status_code == 406
    assert refused.headers["content-type"] == "application/problem+json"
    assert client.get("/vocabulary?format=pdf").status_code == 400
