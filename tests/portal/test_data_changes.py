"""The ETag and the answers follow the data: a write changes the data version, the ETag
changes with it (and only then), cached responses and the search index are not served stale."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from rolegraph.catalog import facts_graph
from tests.portal.conftest import BACKENDS

RG = "https://w3id.org/rolegraph/ontology#"
ID = "https://w3id.org/rolegraph/id/"
SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def kpi_triples(slug: str, label: str, position: int) -> list[ox.Triple]:
    kpi = ox.NamedNode(f"{ID}kpi/gap-junior.{slug}")
    return [
        ox.Triple(kpi, ox.NamedNode(RDF_TYPE), ox.NamedNode(RG + "KPI")),
        ox.Triple(kpi, ox.NamedNode(SKOS_LABEL), ox.Literal(label, language="en")),
        ox.Triple(kpi, ox.NamedNode(RG + "forRole"), ox.NamedNode(f"{ID}role/gap-junior")),
        ox.Triple(
            kpi,
            ox.NamedNode(RG + "position"),
            ox.Literal(
                str(position), datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
            ),
        ),
    ]


@pytest.mark.parametrize("backend", BACKENDS)
def test_etag_changes_exactly_when_the_data_changes(fresh_service, backend: str) -> None:
    service = fresh_service(backend)
    path = "/roles/gap-junior/kpis"
    first = service.get(path)
    assert first.json()["total"] == 0
    etag = first.headers["etag"]
    # reads do not change it
    for _ in range(3):
        assert service.get(path).headers["etag"] == etag
    assert service.get(path, headers={"If-None-Match": etag}).status_code == 304

    graph = facts_graph("gap-junior")
    existing = service.store.select(
        "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": ox.NamedNode(graph)}
    )
    triples = [ox.Triple(*row) for row in existing.rows]
    service.store.replace_graph(
        graph, triples + kpi_triples("zanzibar-uptime", "Zanzibar uptime", 1)
    )

    stale = service.get(path, headers={"If-None-Match": etag})
    assert stale.status_code == 200  # the old ETag no longer matches: fresh data, not a 304
    assert stale.headers["etag"] != etag
    assert [k["label"] for k in stale.json()["items"]] == ["Zanzibar uptime"]
    new_etag = stale.headers["etag"]
    assert service.get(path, headers={"If-None-Match": new_etag}).status_code == 304
    # the search index follows the data too
    hits = service.get("/search?q=zanzibar").json()["items"]
    assert [h["id"] for h in hits] == ["gap-junior.zanzibar-uptime"]

    service.store.update(
        f"DELETE WHERE {{ GRAPH <{graph}> {{ <{ID}kpi/gap-junior.zanzibar-uptime> ?p ?o }} }}"
    )
    after = service.get(path, headers={"If-None-Match": new_etag})
    assert after.status_code == 200 and after.json()["total"] == 0
    assert service.get("/search?q=zanzibar").json()["items"] == []
    assert service.get("/kpis/gap-junior.zanzibar-uptime").status_code == 404
