"""The portal's question files: typed and documented, one meaning per JSON name, and the
router generated from them (adding a file adds an endpoint)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from rolegraph.api.portal import CATALOG, questions
from rolegraph.api.portal.jsonld import ContextConflict, build_context
from rolegraph.api.portal.routes import build_router
from rolegraph.queries import FieldType, load_catalog

ROUTED = [q for q in questions if q.spec.route]


@pytest.mark.parametrize("question", ROUTED, ids=lambda q: q.spec.name)
def test_every_routed_question_is_typed_and_documented(question) -> None:
    spec = question.spec
    assert spec.summary and spec.description
    assert spec.tags
    for field in spec.field_specs:
        assert field.type is not FieldType.ANY, field.name
        assert field.description, field.name
    for param in spec.params:
        assert param.description, param.name
        if param.required:
            assert param.example, param.name


def test_one_json_name_means_one_term() -> None:
    context = build_context(CATALOG.group("api"))["@context"]
    assert context["label"] == {"@id": "skos:prefLabel"}
    assert context["producedBy"]["@reverse"] == "rg:producesDeliverable"
    assert context["frequencies"]["@container"] == "@set"


def test_a_name_with_two_meanings_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    folder.mkdir()
    for name, term in (("a", "skos:prefLabel"), ("b", "dcterms:title")):
        (folder / f"{name}.rq").write_text(
            f"#+ summary: {name}\n#+ route: /{name}\n"
            f'#+ fields:\n#+   label: {{type: string, term: "{term}"}}\n'
            "SELECT ?label WHERE { ?s <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }\n",
            encoding="utf-8",
        )
    with pytest.raises(ContextConflict, match="label"):
        build_context(load_catalog(tmp_path).group("api"))


def test_adding_a_file_adds_an_endpoint(tmp_path: Path) -> None:
    folder = tmp_path / "api"
    folder.mkdir()
    (folder / "role_names.rq").write_text(
        "#+ summary: Role names\n#+ route: /role-names\n#+ tags: [Roles]\n"
        "#+ fields:\n"
        "#+   role: {type: id, kind: role, required: true, description: Role id}\n"
        '#+   name: {type: string, of: role, term: "skos:prefLabel", description: Its name}\n'
        "SELECT ?role WHERE { ?role a <https://w3id.org/rolegraph/ontology#Role> }"
        " ORDER BY ?role\n",
        encoding="utf-8",
    )
    router, _ = build_router(load_catalog(tmp_path).group("api"))
    from rolegraph import catalog
    from rolegraph.store.embedded import EmbeddedStore

    store = EmbeddedStore()
    store.load(catalog.shipped_sources())
    app = FastAPI()
    app.include_router(router)
    app.state.store = store
    with TestClient(app) as client:
        page = client.get("/role-names?limit=1").json()
        assert page["items"] == [{"role": "ai-engineer", "name": "AI Engineer"}]
        assert page["next"] == "/role-names?limit=1&offset=1"
        assert "/role-names" in client.get("/openapi.json").json()["paths"]
