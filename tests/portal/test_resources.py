"""Every portal resource on both backends (embedded store and a real Oxigraph server), over
real HTTP: answers checked against the source text, the typed models, the same answers from
both backends, formats, pagination, conditional requests, problems and injection attempts."""

from __future__ import annotations

import csv
import io
import json

import pytest
import rdflib

from rolegraph.api.portal import questions
from rolegraph.api.portal.models import item_model, model_name, page_model
from rolegraph.api.portal.pagination import MAX_LIMIT
from tests.portal.conftest import Service

ROUTED = sorted((q for q in questions if q.spec.route), key=lambda q: q.spec.name)
KPI = "ai-engineer.p95-inference-latency"
SKILL = "observability-for-ai-services"


def example_path(question) -> str:
    """The route with its example parameters (required query parameters appended)."""
    spec = question.spec
    path = spec.route
    query = []
    for param in spec.params:
        value = param.example
        if param.name == "to":
            value = "staff-ai-engineer"
        if "{" + param.name + "}" in path:
            path = path.replace("{" + param.name + "}", value)
        elif param.required:
            query.append(f"{param.name}={value}")
    return path + ("?" + "&".join(query) if query else "")


def items(response) -> list[dict]:
    assert response.status_code == 200, response.text
    return response.json()["items"]


# -- every route ---------------------------------------------------------------------------


@pytest.mark.parametrize("question", ROUTED, ids=lambda q: q.spec.name)
def test_every_route_answers_json_matching_its_model(service: Service, question) -> None:
    response = service.get(example_path(question))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/json"
    model = item_model(question.spec)
    if question.is_list:
        page_model(model_name(question.spec), model).model_validate(response.json())
    else:
        model.model_validate(response.json())


@pytest.mark.parametrize("question", ROUTED, ids=lambda q: q.spec.name)
def test_both_backends_give_the_same_answers(services: dict[str, Service], question) -> None:
    path = example_path(question) + ("&" if "?" in example_path(question) else "?")
    path += "limit=1000" if question.is_list else ""
    embedded = services["embedded"].get(path.rstrip("?"))
    remote = services["remote"].get(path.rstrip("?"))
    assert embedded.status_code == remote.status_code == 200
    assert embedded.json() == remote.json()


def test_both_backends_give_the_same_blueprint_and_search(services: dict[str, Service]) -> None:
    for path in ("/roles/ai-engineer", "/search?q=latency&limit=100"):
        embedded = services["embedded"].get(path).json()
        assert embedded == services["remote"].get(path).json()


# -- answers the source text gives -----------------------------------------------------------


def test_roles_lists_the_blueprint_role_and_career_steps(service: Service) -> None:
    roles = {r["id"]: r for r in items(service.get("/roles"))}
    assert roles["ai-engineer"]["label"] == "AI Engineer"
    assert roles["ai-engineer"]["blueprint"].endswith("/blueprint/ai-engineer")
    assert roles["staff-ai-engineer"]["blueprint"] is None
    assert {"gap-junior", "gap-senior"} <= set(roles)


def test_role_kpis_in_blueprint_order_with_lists_and_filters(service: Service) -> None:
    kpis = items(service.get("/roles/ai-engineer/kpis"))
    assert len(kpis) == 19
    assert [k["position"] for k in kpis] == sorted(k["position"] for k in kpis)
    review = next(k for k in kpis if k["id"] == "ai-engineer.code-review-turnaround")
    assert sorted(review["kpiCategories"]) == ["collaboration", "efficiency"]
    assert review["frequencies"] == ["weekly"]
    weekly = items(service.get("/roles/ai-engineer/kpis?frequency=weekly"))
    assert weekly and all("weekly" in k["frequencies"] for k in weekly)
    assert len(weekly) < len(kpis)


def test_role_skills_filters_by_tier_importance_and_type(service: Service) -> None:
    skills = items(service.get("/roles/ai-engineer/skills"))
    assert len(skills) == 31
    soft = items(service.get("/roles/ai-engineer/skills?skillType=soft"))
    assert len(soft) == 8 and all(s["skillType"] == "soft" for s in soft)
    must = items(service.get("/roles/ai-engineer/skills?tier=must-have"))
    assert must and all(s["tier"] == "must-have" for s in must)
    optional = items(service.get("/roles/ai-engineer/skills?importance=optional"))
    ranking = next(s for s in optional if s["id"] == "advanced-retrieval-ranking-evaluation")
    assert ranking["importanceNote"] == "Optional (search/recs heavy products)"


def test_every_section_has_its_items(service: Service) -> None:
    expected = {
        "responsibilities": 24,
        "activities": 25,
        "deliverables": 16,
        "goals": 24,
        "tools": 32,
        "stakeholders": 10,
        "decision-rights": 13,
        "career-paths": 13,
        "risks": 25,
        "scorecard": 6,
    }
    for section, count in expected.items():
        response = service.get(f"/roles/ai-engineer/{section}")
        assert response.json()["total"] == count, section


def test_scorecard_weights_sum_to_100(service: Service) -> None:
    weights = [d["weightPercent"] for d in items(service.get("/roles/ai-engineer/scorecard"))]
    assert sum(weights) == 100


def test_the_blueprint_has_every_section_and_the_profile(service: Service) -> None:
    response = service.get("/roles/ai-engineer")
    assert response.status_code == 200
    blueprint = response.json()
    assert blueprint["label"] == "AI Engineer"
    assert blueprint["mission"].startswith("Deliver production-grade AI capabilities")
    assert blueprint["reportsTo"] == "ai-engineer.engineering-manager-ai-and-ml"
    assert len(blueprint["kpis"]) == 19 and len(blueprint["decisionRights"]) == 13
    # composed from the section routes: the same items as each route returns
    assert blueprint["tools"] == items(service.get("/roles/ai-engineer/tools?limit=1000"))
    assert blueprint["responsibilities"] == items(
        service.get("/roles/ai-engineer/responsibilities?limit=1000")
    )


def test_detail_resources(service: Service) -> None:
    kpi = service.get(f"/kpis/{KPI}").json()
    assert kpi["label"] == "p95 inference latency"
    assert kpi["role"] == "ai-engineer" and kpi["roleLabel"] == "AI Engineer"
    skill = service.get(f"/skills/{SKILL}").json()
    assert skill["skillType"] == "technical"
    assert skill["requiredBy"][0]["role"] == "ai-engineer"
    tool = service.get("/tools/datadog-new-relic").json()
    assert tool["toolCategory"] == "observability"
    assert tool["usedBy"][0]["primaryUse"] == "APM, infra metrics, logs"
    person = service.get("/stakeholders/ai-engineer.product-manager").json()
    assert person["stakeholderType"] == "internal"


# -- the cross-cutting questions ---------------------------------------------------------------


def test_kpis_for_a_skill_with_evidence(service: Service) -> None:
    found = {k["kpi"]: k for k in items(service.get(f"/skills/{SKILL}/kpis"))}
    assert KPI in found
    evidence = {e["responsibility"] for e in found[KPI]["evidence"]}
    assert "ai-engineer.monitor-model-and-data-health" in evidence
    assert all(k["evidence"] for k in found.values())


def test_skills_for_a_kpi_with_evidence_is_the_inverse(service: Service) -> None:
    skills = {s["skill"]: s for s in items(service.get(f"/kpis/{KPI}/skills"))}
    assert SKILL in skills
    assert skills[SKILL]["skillLabel"] == "Observability for AI services"
    # the same evidence from both directions
    from_skill = next(k for k in items(service.get(f"/skills/{SKILL}/kpis")) if k["kpi"] == KPI)
    assert skills[SKILL]["evidence"] == from_skill["evidence"]


def test_tools_for_a_kpi_and_stakeholders_for_a_skill(service: Service) -> None:
    tools = items(service.get(f"/kpis/{KPI}/tools"))
    assert tools and all(t["evidence"] for t in tools)
    people = items(service.get(f"/skills/{SKILL}/stakeholders"))
    assert people and all(p["role"] == "ai-engineer" for p in people)
    assert items(service.get(f"/skills/{SKILL}/stakeholders?role=gap-junior")) == []


def test_the_kpi_skill_matrix_discriminates(service: Service) -> None:
    rows = items(service.get("/roles/ai-engineer/kpi-skill-matrix"))
    skills = len(items(service.get("/roles/ai-engineer/skills")))
    cells = sum(len(r["skills"]) for r in rows)
    assert 0 < cells < len(rows) * skills  # some pairs related, most not
    assert all(c["responsibilityCount"] >= 1 for r in rows for c in r["skills"])


def test_the_skill_gap_between_two_roles(service: Service) -> None:
    gap = {s["skill"]: s for s in items(service.get("/roles/gap-junior/skill-gap?to=gap-senior"))}
    assert gap["gap-kubernetes"]["status"] == "missing"
    assert gap["gap-kubernetes"]["targetTier"] == "advanced"
    assert gap["gap-python"]["status"] == "shared"
    assert gap["gap-python"]["currentTier"] == gap["gap-python"]["targetTier"] == "must-have"
    assert gap["gap-python"]["targetImportance"] == "critical"
    assert gap["gap-sql"]["status"] == "dropped"
    assert list(gap) == ["gap-kubernetes", "gap-python", "gap-sql"]
    missing = items(service.get("/roles/gap-junior/skill-gap?to=gap-senior&status=missing"))
    assert [s["skill"] for s in missing] == ["gap-kubernetes"]


# -- search ------------------------------------------------------------------------------------


def test_search_ranks_filters_and_links(service: Service) -> None:
    hits = items(service.get("/search?q=inference latency"))
    assert hits[0]["id"] == KPI and hits[0]["href"] == f"/kpis/{KPI}"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    skills = items(service.get("/search?q=observ&type=skill"))
    assert [h["id"] for h in skills] == [SKILL]
    assert items(service.get("/search?q=latency&role=gap-junior")) == []
    assert all(h["type"] == "kpi" for h in items(service.get("/search?q=latency&type=kpi")))


# -- formats -----------------------------------------------------------------------------------


def test_csv_for_lists_one_row_per_answer(service: Service) -> None:
    response = service.get(f"/skills/{SKILL}/kpis", headers={"Accept": "text/csv"})
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    answers = items(service.get(f"/skills/{SKILL}/kpis"))
    assert len(rows) == len(answers) == int(response.headers["x-total-count"])
    assert rows[0]["kpi"] == answers[0]["kpi"]
    assert rows[0]["evidence.responsibility"].split(" | ") == [
        e["responsibility"] for e in answers[0]["evidence"]
    ]


def test_jsonld_expands_to_ontology_triples(service: Service) -> None:
    response = service.get(f"/kpis/{KPI}/skills", headers={"Accept": "application/ld+json"})
    assert response.headers["content-type"] == "application/ld+json"
    document = response.json()
    assert document["@context"] == "/context.jsonld"
    document["@context"] = service.get("/context.jsonld").json()["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    skill = rdflib.URIRef(f"https://w3id.org/rolegraph/id/skill/{SKILL}")
    label = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    assert (skill, label, rdflib.Literal("Observability for AI services")) in graph
    skill_class = rdflib.URIRef("https://w3id.org/rolegraph/ontology#Skill")
    assert (skill, rdflib.RDF.type, skill_class) in graph


def test_jsonld_of_a_looked_up_field_describes_its_own_resource(service: Service) -> None:
    document = service.get(f"/kpis/{KPI}", headers={"Accept": "application/ld+json"}).json()
    document["@context"] = service.get("/context.jsonld").json()["@context"]
    graph = rdflib.Graph().parse(data=json.dumps(document), format="json-ld")
    kpi = rdflib.URIRef(f"https://w3id.org/rolegraph/id/kpi/{KPI}")
    role = rdflib.URIRef("https://w3id.org/rolegraph/id/role/ai-engineer")
    for_role = rdflib.URIRef("https://w3id.org/rolegraph/ontology#forRole")
    label = rdflib.URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    assert (kpi, for_role, role) in graph
    assert (role, label, rdflib.Literal("AI Engineer")) in graph
    assert (kpi, label, rdflib.Literal("AI Engineer")) not in graph


def test_unsupported_accept_is_406_and_objects_have_no_csv(service: Service) -> None:
    response = service.get("/roles/ai-engineer/kpis", headers={"Accept": "image/png"})
    assert response.status_code == 406
    assert response.headers["content-type"] == "application/problem+json"
    assert service.get(f"/kpis/{KPI}", headers={"Accept": "text/csv"}).status_code == 406
    assert service.get(f"/kpis/{KPI}", headers={"Accept": "text/*, */*;q=0.1"}).status_code == 200


# -- pagination --------------------------------------------------------------------------------


def test_walking_next_links_returns_every_answer_once(service: Service) -> None:
    everything = items(service.get("/roles/ai-engineer/risks?limit=1000"))
    seen, url = [], "/roles/ai-engineer/risks?limit=7&kind="
    url = "/roles/ai-engineer/risks?limit=7"
    while url:
        response = service.get(url)
        page = response.json()
        seen += page["items"]
        assert page["total"] == len(everything)
        if page["next"]:
            assert f'<{page["next"]}>; rel="next"' in response.headers["link"]
        url = page["next"]
    assert seen == everything


LISTS = [q for q in ROUTED if q.is_list]


@pytest.mark.parametrize("question", LISTS, ids=lambda q: q.spec.name)
def test_every_page_is_that_slice_of_the_whole_list(service: Service, question) -> None:
    """Pages are shaped alone (rows of other objects are never shaped): still the same
    objects, nested lists included, as the whole list cut into pieces."""
    path = example_path(question)
    joiner = "&" if "?" in path else "?"
    whole = service.get(f"{path}{joiner}limit={MAX_LIMIT}").json()
    everything = whole["items"]
    assert whole["total"] == len(everything)
    n = len(everything)
    windows = [(4, offset) for offset in range(0, n + 1, 4)] + [(1, 1), (1, n - 1), (2, n)]
    for limit, offset in windows:
        if offset >= 0:
            page = service.get(f"{path}{joiner}limit={limit}&offset={offset}").json()
            assert page["total"] == n
            assert page["items"] == everything[offset : offset + limit], (limit, offset)


@pytest.mark.parametrize(
    ("query", "count", "has_next", "has_prev"),
    [
        ("limit=0", 0, False, False),
        ("limit=1", 1, True, False),
        (f"limit={MAX_LIMIT}", 25, False, False),
        ("offset=24", 1, False, True),
        ("offset=25", 0, False, True),
        ("offset=1000000", 0, False, True),
        ("limit=10&offset=20", 5, False, True),
    ],
)
def test_pagination_edges(service: Service, query, count, has_next, has_prev) -> None:
    page = service.get(f"/roles/ai-engineer/risks?{query}").json()
    assert page["total"] == 25
    assert len(page["items"]) == count
    assert (page["next"] is not None) == has_next
    assert (page["prev"] is not None) == has_prev


def test_prev_of_a_page_past_the_end_is_the_last_page(service: Service) -> None:
    page = service.get("/roles/ai-engineer/risks?limit=10&offset=90").json()
    assert page["prev"] == "/roles/ai-engineer/risks?limit=10&offset=15"


@pytest.mark.parametrize(
    "query",
    [
        f"limit={MAX_LIMIT + 1}",
        "limit=-1",
        "offset=-1",
        "limit=abc",
        "offset=1.5",
        "limit=1&limit=2",
    ],
)
def test_bad_pagination_is_422_naming_the_parameter(service: Service, query: str) -> None:
    response = service.get(f"/roles/ai-engineer/risks?{query}")
    assert response.status_code == 422
    problem = response.json()
    assert problem["parameter"] in ("limit", "offset")
    assert problem["instance"] == "/roles/ai-engineer/risks"


# -- conditional requests ----------------------------------------------------------------------


def test_etag_and_304(service: Service) -> None:
    path = f"/skills/{SKILL}/kpis?limit=2"
    first = service.get(path)
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "public, max-age=60"
    assert service.get(path).headers["etag"] == etag
    again = service.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert service.get(path, headers={"If-None-Match": '"other", ' + etag}).status_code == 304
    assert service.get(path, headers={"If-None-Match": '"other"'}).status_code == 200
    other_page = service.get(f"/skills/{SKILL}/kpis?limit=3").headers["etag"]
    as_csv = service.get(path, headers={"Accept": "text/csv"}).headers["etag"]
    assert len({etag, other_page, as_csv}) == 3


def test_cors_exposes_the_caching_headers(service: Service) -> None:
    response = service.get("/roles", headers={"Origin": "https://portal.example"})
    assert response.headers["access-control-allow-origin"] in ("*", "https://portal.example")
    exposed = response.headers["access-control-expose-headers"].lower()
    assert "etag" in exposed and "link" in exposed


# -- problems ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "parameter", "listing"),
    [
        ("/kpis/ai-engineer.no-such-kpi", "kpi", "/roles/{role}/kpis"),
        ("/kpis/ai-engineer.no-such-kpi/skills", "kpi", "/roles/{role}/kpis"),
        ("/skills/no-such-skill/kpis", "skill", "/roles/{role}/skills"),
        ("/roles/no-such-role/kpis", "role", "GET /roles"),
        ("/roles/no-such-role", "role", "GET /roles"),
        ("/roles/ai-engineer/skill-gap?to=no-such-role", "to", "GET /roles"),
        ("/tools/no-such-tool", "tool", "/roles/{role}/tools"),
    ],
)
def test_unknown_ids_are_404_saying_which_and_where_to_look(
    service: Service, path: str, parameter: str, listing: str
) -> None:
    response = service.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert {"type", "title", "status", "detail", "instance"} <= set(problem)
    assert problem["status"] == 404 and problem["parameter"] == parameter
    assert problem["instance"] == path.split("?")[0]
    assert "no-such" in problem["detail"] and listing in problem["detail"]


def test_an_empty_answer_for_a_known_id_is_200(service: Service) -> None:
    assert items(service.get("/roles/staff-ai-engineer/kpis")) == []


@pytest.mark.parametrize(
    ("path", "parameter", "hint"),
    [
        ("/kpis/AI%20Engineer", "kpi", "lowercase"),
        ("/roles/ai-engineer/kpis?frequency=hourly", "frequency", "weekly"),
        ("/roles/ai-engineer/kpis?frequency=weekly&frequency=daily", "frequency", "once"),
        ("/roles/ai-engineer/skill-gap", "to", "required"),
        ("/roles/ai-engineer/skills?skillType=magic", "skillType", "technical"),
        ("/search", "q", "required"),
        ("/search?q=latency&type=planet", "type", "kpi"),
    ],
)
def test_bad_parameters_are_422_saying_what_is_valid(service, path, parameter, hint) -> None:
    response = service.get(path)
    assert response.status_code == 422
    problem = response.json()
    assert problem["parameter"] == parameter
    assert hint in problem["detail"]


INJECTIONS = [
    "ai-engineer> } ; DROP ALL ; #",
    'ai-engineer" } UNION { ?s ?p ?o } #',
    "ai-engineer%3E%20%7D%20DROP%20ALL",
    "https://w3id.org/rolegraph/id/role/x> } ?s ?p ?o . {",
    "' OR 1=1 --",
    "*",
]


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_in_path_and_query_parameters(service: Service, payload: str) -> None:
    version = service.store.data_version()
    before = items(service.get("/roles/ai-engineer/kpis?limit=1000"))
    checks = [
        f"/roles/{payload}/kpis",
        f"/kpis/{payload}/skills",
        f"/roles/ai-engineer/skill-gap?to={payload}",
        f"/skills/{SKILL}/kpis?role={payload}",
        f"/roles/ai-engineer/kpis?frequency={payload}",
        f"/search?q={payload}",
        f"/search?q=latency&role={payload}",
    ]
    for path in checks:
        response = service.client.get(path)
        assert response.status_code < 500, path
        if response.status_code == 200 and path.startswith("/search?q="):
            continue  # words of the payload searched for as words
        assert 400 <= response.status_code < 500 or response.json()["items"] == [], path
    assert service.store.data_version() == version
    assert items(service.get("/roles/ai-engineer/kpis?limit=1000")) == before


def test_search_syntax_never_reaches_fts5(service: Service) -> None:
    for q in ('"', "NEAR(a b)", "label:latency", "a OR b AND NOT c", "*", "^latency"):
        response = service.get("/search", params={"q": q})
        assert response.status_code in (200, 422), q
    # the filter tokens are not searchable words
    assert items(service.get("/search?q=kkpi")) == []


# -- documentation -----------------------------------------------------------------------------


def test_openapi_documents_the_cross_cutting_questions_with_typed_fields(service) -> None:
    document = service.get("/openapi.json").json()
    for path in ("/kpis/{kpi}/skills", "/skills/{skill}/kpis"):
        operation = document["paths"][path]["get"]
        names = {p["name"] for p in operation["parameters"]}
        assert {"limit", "offset"} <= names
        content = operation["responses"]["200"]["content"]
        assert {"application/json", "application/ld+json", "text/csv"} <= set(content)
        assert content["application/json"]["example"]["items"][0]["evidence"]
    schemas = document["components"]["schemas"]
    evidence = schemas["KpiSkillsEvidence"]["properties"]
    assert evidence["responsibility"]["type"] == "string"
    assert "description" in evidence["responsibility"]
    assert schemas["SkillKpisPage"]["properties"]["total"]["type"] == "integer"
    docs = service.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
