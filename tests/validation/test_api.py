"""`POST /validate` on a service serving the shipped catalog: same report as the CLI, no writes."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pyoxigraph as ox
import pytest

from rolegraph import catalog
from rolegraph.api.app import create_app
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.validation import validate_paths
from tests.validation.conftest import FACTS, ID, RG, SHIPPED_LINKS, Fact, delete_line, facts

P95 = f"{ID}kpi/ai-engineer.p95-inference-latency"

pytestmark = pytest.mark.skipif(
    not SHIPPED_LINKS.is_file(), reason="the curated links are not shipped yet"
)


@pytest.fixture(scope="module")
def store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    store.load(catalog.shipped_sources())
    yield store
    store.close()


@pytest.fixture
def client(store: EmbeddedStore, settings_factory: Callable, app_client: Callable) -> object:
    return app_client(create_app(settings_factory(store), store=store))


def post(client: object, body: str | bytes, content_type: str):
    data = body.encode() if isinstance(body, str) else body
    return client.post("/validate", content=data, headers={"Content-Type": content_type})


def test_the_shipped_facts_conform_and_are_checked_with_the_stored_links(client: object) -> None:
    response = post(client, FACTS.read_text("utf-8"), "text/turtle")
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is True and report["counts"]["violations"] == 0
    assert report["roles"] == ["ai-engineer"]
    # the links came from the store: the same findings as the CLI on both files
    assert facts(report, with_values=True) == facts(validate_paths([FACTS]), with_values=True)


def test_a_kpi_without_frequency_is_reported_with_its_line(client: object) -> None:
    text = delete_line(
        FACTS.read_text("utf-8"), "kpi:ai-engineer.p95-inference-latency", "rg:frequency"
    )
    response = post(client, text, "text/turtle; charset=utf-8")
    assert response.status_code == 200
    report = response.json()
    assert report["conforms"] is False
    assert Fact("rgsh:KPI-frequency", P95, "Violation") in facts(report)
    node = next(n for n in report["nodes"] if n["node"] == P95)
    assert node["location"] == {
        "file": "<body>",
        "line": text.split("\n").index("kpi:ai-engineer.p95-inference-latency") + 1,
    }
    assert node["label"] == "p95 inference latency" and node["kind"] == "KPI"


def test_an_edited_links_file_is_checked_against_the_stored_facts(client: object) -> None:
    links = SHIPPED_LINKS.read_text("utf-8")
    responsibility = f"{ID}responsibility/ai-engineer.optimize-performance-and-cost"
    links += f"\n<{responsibility}> <{RG}requiresSkill> <{ID}skill/quantum-telepathy> .\n"
    report = post(client, links, "text/turtle").json()
    assert {f for f in facts(report) if f.severity == "Violation"} == {
        Fact("rgsh:Responsibility-requiresSkill-target", responsibility, "Violation")
    }


def test_json_ld_bodies_are_validated_too(client: object) -> None:
    text = delete_line(
        FACTS.read_text("utf-8"), "kpi:ai-engineer.p95-inference-latency", "rg:frequency"
    )
    body = ox.serialize(
        ox.parse(text.encode(), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.JSON_LD
    )
    report = post(client, body, "application/ld+json").json()
    assert Fact("rgsh:KPI-frequency", P95, "Violation") in facts(report)


def test_an_unreadable_body_is_a_400_problem_with_line_and_column(client: object) -> None:
    response = post(
        client, "@prefix rg: <https://w3id.org/rolegraph/ontology#> .\n<a> rg:b <c\n", "text/turtle"
    )
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["status"] == 400 and problem["line"] == 2 and problem["column"]


@pytest.mark.parametrize("content_type", ["application/rdf+xml", "text/csv", ""])
def test_other_media_types_are_415(client: object, content_type: str) -> None:
    response = post(client, "<a> <b> <c> .", content_type)
    assert response.status_code == 415
    assert "text/turtle" in response.json()["detail"]


def test_validation_stores_nothing(client: object, store: EmbeddedStore) -> None:
    version, graphs = store.data_version(), store.graphs()
    post(client, FACTS.read_text("utf-8"), "text/turtle")
    post(
        client,
        "<https://example.org/a> <https://example.org/b> <https://example.org/c> .",
        "application/n-triples",
    )
    assert store.data_version() == version and store.graphs() == graphs
