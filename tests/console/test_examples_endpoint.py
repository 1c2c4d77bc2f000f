"""`/sparql/examples` lists every analyst question, and every listed text runs on `/sparql`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from rolegraph.queries import shipped_catalog
from rolegraph.store.sparql_text import where_group_start

SPECS = {s.name: s for s in shipped_catalog().group("examples")}
ACCEPT = "application/sparql-results+json, text/turtle;q=0.9"


@pytest.fixture(scope="module")
def listed(client: TestClient) -> dict[str, dict]:
    response = client.get("/sparql/examples")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    return {entry["name"]: entry for entry in response.json()}


def test_every_analyst_question_is_listed(listed: dict[str, dict]) -> None:
    assert len(SPECS) >= 30
    assert set(listed) == set(SPECS)
    for name, spec in SPECS.items():
        entry = listed[name]
        assert entry["text"] == spec.text
        assert entry["summary"] == spec.summary
        assert entry["description"] == spec.description
        assert entry["tags"] == list(spec.tags)
        assert [p["name"] for p in entry["params"]] == [p.name for p in spec.params]


def test_parameters_say_how_to_bind_them(listed: dict[str, dict]) -> None:
    entry = listed["activities_by_cadence"]
    cadence, role = entry["params"]
    assert cadence["type"] == "concept" and cadence["kind"] == "cadence"
    assert cadence["default"] == "daily" and "weekly" in cadence["enum"]
    assert cadence["term"] == "<https://w3id.org/rolegraph/concept/cadence-daily>"
    assert cadence["values"] == f"VALUES ?cadence {{ {cadence['term']} }}"
    assert role["example"] == "ai-engineer" and role["description"] == "only this role"
    assert role["namespace"] == "https://w3id.org/rolegraph/id/role/"
    assert role["term"] == "<https://w3id.org/rolegraph/id/role/ai-engineer>"
    for entry in listed.values():
        for param in entry["params"]:
            assert param["type"] and param["variable"]
            if param["example"] is not None or param["default"] is not None:
                assert param["values"], (entry["name"], param["name"])


def test_comment_block_is_the_text_for_people(listed: dict[str, dict]) -> None:
    comment = listed["activities_by_cadence"]["comment"]
    assert comment.startswith("What does the role do day to day")
    assert "#" not in comment.splitlines()[0] and "summary:" not in comment


@pytest.mark.parametrize("name", sorted(SPECS))
def test_listed_text_runs_on_the_endpoint(client: TestClient, listed: dict, name: str) -> None:
    entry = listed[name]
    response = client.post(
        "/sparql",
        content=entry["text"].encode(),
        headers={"Content-Type": "application/sparql-query", "Accept": ACCEPT},
    )
    assert response.status_code == 200, response.text
    # bound as the console does it: each VALUES line at the start of the WHERE group
    lines = [p["values"] for p in entry["params"] if p["values"]]
    if not lines:
        return
    brace = where_group_start(entry["text"])
    assert brace is not None
    text = entry["text"]
    bound = text[: brace + 1] + "\n  " + "\n  ".join(lines) + text[brace + 1 :]
    response = client.get("/sparql", params={"query": bound}, headers={"Accept": ACCEPT})
    assert response.status_code == 200, response.text
