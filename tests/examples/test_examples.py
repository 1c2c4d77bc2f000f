"""The analyst question library (queries/examples): every question runs on the shipped catalog
and gives the answer the AI Engineer blueprint's text gives.

Expected values are written here by reading the source (ontology/sources/ai-engineer.wp.json):
the KPI table's Frequency and category columns, the skill sections, the tool table, the goals,
decision rights, career paths and the interview scorecard. Cross-cutting answers are checked
against the links file parsed on its own (rdflib), never against the queries' own output.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import Graph, Namespace

from rolegraph import catalog, resources
from rolegraph.cli import cli
from rolegraph.queries import QuerySpec, shipped_catalog
from rolegraph.store import Store
from rolegraph.terms import to_json_value

Ask = Callable[..., list[dict[str, Any]]]
RG = Namespace("https://w3id.org/rolegraph/ontology#")
ID = "https://w3id.org/rolegraph/id/"
STATS_QUERIES = {"instances_per_class", "items_per_role"}
EXPECTED_EMPTY = {"links_outside_link_sets"}


def examples() -> list[QuerySpec]:
    return sorted(shipped_catalog().group("examples"), key=lambda s: s.name)


def example_params(spec: QuerySpec) -> dict[str, str]:
    return {p.name: p.example for p in spec.params if p.required and p.example}


def labels(rows: list[dict[str, Any]], field: str) -> list[str]:
    return [r[field] for r in rows]


def split(value: str, separator: str = "; ") -> set[str]:
    return set(value.split(separator)) if value else set()


@pytest.fixture(scope="module")
def links() -> Graph:
    return Graph().parse(resources.blueprints_dir() / "ai-engineer.links.ttl")


# -- the library itself ----------------------------------------------------------------------


def test_the_library_has_at_least_25_questions_besides_the_stats_ones() -> None:
    names = {s.name for s in examples()}
    assert names >= STATS_QUERIES
    assert len(names - STATS_QUERIES) >= 25
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", n) for n in names)


@pytest.mark.parametrize("spec", examples(), ids=lambda s: s.name)
def test_each_question_is_documented_for_people(spec: QuerySpec) -> None:
    lines = spec.text.splitlines()
    human = [
        line
        for line in lines[: next(i for i, x in enumerate(lines) if x.startswith("#+"))]
        if line.startswith("# ")
    ]
    assert len(human) >= 2, "a comment block saying what the question answers"
    assert spec.summary and spec.fields and spec.tags
    comment = "\n".join(human)
    for param in spec.params:
        assert f"-p {param.name}=" in comment, f"say how to change {param.name}"
        assert param.example, f"give an example value for {param.name}"
    assert all(line.startswith("PREFIX ") for line in lines if line.upper().startswith("PREFIX"))


@pytest.mark.parametrize("spec", examples(), ids=lambda s: s.name)
def test_each_question_runs_with_its_example_parameters(spec: QuerySpec, ask: Ask) -> None:
    rows = ask(spec.name, **example_params(spec))
    if spec.name in EXPECTED_EMPTY:
        assert rows == []
    else:
        assert rows, f"{spec.name} answers nothing with {example_params(spec)}"
        assert set(rows[0]) >= set(spec.fields)


@pytest.mark.parametrize("spec", examples(), ids=lambda s: s.name)
def test_each_question_runs_as_is_without_parameters(spec: QuerySpec, shipped_store: Store) -> None:
    """Pasted into a console: own PREFIXes, parameters left as free variables."""
    result = shipped_store.select(spec.text)
    assert spec.name in EXPECTED_EMPTY or len(result) > 0


# -- per-section look-ups ----------------------------------------------------------------------

WEEKLY_KPIS = [  # Frequency column says Weekly or Daily/Weekly, in table order
    "p95 inference latency",
    "Inference error rate",
    "Pipeline success rate",
    "Data freshness SLA adherence",
    "Model performance drift",
    "Code review turnaround",
]


def test_weekly_kpis(ask: Ask) -> None:
    rows = ask("kpis_by_frequency")
    assert labels(rows, "kpiLabel") == WEEKLY_KPIS
    both = {r["kpiLabel"] for r in rows if split(r["frequencies"], ", ") == {"Daily", "Weekly"}}
    assert both == {"Inference error rate", "Data freshness SLA adherence"}
    latency = rows[0]
    assert latency["measures"] == "Tail latency for inference endpoints"
    assert latency["exampleTarget"] == "e.g., p95 < 150–300ms (context-specific)"


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        ("daily", ["Inference error rate", "Data freshness SLA adherence"]),
        (
            "quarterly",
            [
                "Experiment throughput",  # Monthly/Quarterly
                "Segment fairness/robustness checks",
                "Documentation completeness",
                "Stakeholder satisfaction",
            ],
        ),
        ("per-experiment", ["Online KPI lift"]),
    ],
)
def test_kpis_at_other_frequencies(ask: Ask, frequency: str, expected: list[str]) -> None:
    assert labels(ask("kpis_by_frequency", frequency=frequency), "kpiLabel") == expected


def test_critical_skills(ask: Ask) -> None:
    rows = ask("skills_by_importance")
    assert labels(rows, "skillLabel") == [
        "Python for production ML engineering",
        "Software engineering fundamentals (APIs, testing, packaging, design)",
        "Applied machine learning foundations",
        "Data handling with SQL and dataframe tooling",
        "Model deployment and inference patterns",
    ]
    assert {r["tier"] for r in rows} == {"Must-have"}
    assert {r["kind"] for r in rows} == {"Technical skill"}


def test_context_specific_and_conditionally_critical_skills(ask: Ask) -> None:
    context = ask("skills_by_importance", importance="context-specific")
    assert set(labels(context, "skillLabel")) == {
        "Responsible AI engineering",
        "Policy-as-code for AI controls",
        "Model risk management integration",
    }
    important = {r["skillLabel"]: r for r in ask("skills_by_importance", importance="important")}
    assert (
        important["Reproducibility and experiment tracking basics"]["importanceNote"]
        == "Important (Critical for regulated or high-scale orgs)"
    )


def test_common_tools_in_a_category(ask: Ask) -> None:
    assert labels(ask("tools_by_category", category="observability"), "toolLabel") == [
        "Prometheus / Grafana",
        "Datadog / New Relic",
    ]
    assert labels(ask("tools_by_category", category="security"), "toolLabel") == [
        "IAM (cloud-native)",
        "Secrets Manager / Vault",
    ]


def test_tools_by_adoption(ask: Ask) -> None:
    common = ask("tools_by_category")
    assert len(common) == 21  # 32 rows minus 4 Optional and 7 Context-specific
    kubernetes = next(r for r in common if r["toolLabel"] == "Kubernetes")
    assert kubernetes["adoptionNote"] == "Common (enterprise), Context-specific (smaller orgs)"
    assert set(labels(ask("tools_by_category", adoption="context-specific"), "toolLabel")) == {
        "Spark (Databricks / EMR)",
        "SageMaker / Vertex AI / Azure ML",
        "Kafka / Kinesis / Pub/Sub",
        "OpenSearch / Elasticsearch",
        "pgvector (Postgres)",
        "Optimizely / in-house framework",
        "OpenAI API / Azure OpenAI / Anthropic",
    }
    assert set(labels(ask("tools_by_category", adoption="optional"), "toolLabel")) == {
        "TensorFlow / Keras",
        "Feast / Tecton / SageMaker Feature Store",  # "Optional to Context-specific"
        "Great Expectations / Soda",
        "LangChain / LlamaIndex",
    }


def test_the_90_day_goals(ask: Ask) -> None:
    rows = ask("goals_by_horizon")
    assert [r["goalLabel"][:40] for r in rows] == [
        "Own a feature-level AI component end-to-",
        "Run at least one online experiment (A/B ",
        "Reduce a meaningful operational pain poi",
        "Demonstrate incident competence",
    ]
    assert {r["horizonLabel"] for r in rows} == {"90 days"}
    pain = rows[2]["details"]
    assert "cut pipeline failure rate" in pain and "lower compute spend" in pain


@pytest.mark.parametrize(
    ("horizon", "count"),
    [("30-days", 5), ("60-days", 4), ("6-months", 4), ("12-months", 4), ("long-term", 3)],
)
def test_goals_per_horizon(ask: Ask, horizon: str, count: int) -> None:
    assert len(ask("goals_by_horizon", horizon=horizon)) == count


def test_what_needs_manager_approval(ask: Ask) -> None:
    rows = ask("decisions_by_level")
    assert [r["decisionLabel"].split(" (")[0] for r in rows] == [
        "Adoption of new paid vendor tooling or material cloud spend increases.",
        "Architectural shifts",
        "High-risk releases",
        "Changes involving sensitive data categories or cross-border data movement.",
    ]
    assert len(ask("decisions_by_level", level="team-approval")) == 4
    assert len(ask("decisions_by_level", level="independent")) == 5


def test_next_roles(ask: Ask) -> None:
    rows = ask("career_paths")
    assert labels(rows, "pathLabel") == [
        "Senior AI Engineer / Senior ML Engineer",
        "ML Platform Engineer",
        "Staff AI Engineer",
        "Applied Scientist / Research Engineer",
        "AI Engineering Lead (IC Lead)",
    ]
    assert all(r["targetRole"].startswith(ID + "role/") for r in rows)
    assert rows[0]["qualifier"].startswith("larger scope, owns architecture")
    assert len(ask("career_paths", kind="feeder")) == 4
    assert len(ask("career_paths", kind="adjacent")) == 4


def test_responsibilities_by_category(ask: Ask) -> None:
    rows = ask("responsibilities_by_category")
    assert list(Counter(labels(rows, "categoryLabel")).items()) == [
        ("Strategic", 4),
        ("Operational", 4),
        ("Technical", 7),
        ("Cross-functional", 4),
        ("Governance", 3),
        ("Leadership", 2),
    ]
    assert (
        rows[0]["responsibilityLabel"] == "Translate product problems into AI solution approaches"
    )
    leadership = ask("responsibilities_by_category", category="leadership")
    assert labels(leadership, "responsibilityLabel") == [
        "Mentor junior engineers",
        "Lead technical execution for a feature-sized scope",
    ]


def test_stakeholder_map(ask: Ask) -> None:
    rows = ask("stakeholder_map")
    assert labels(rows, "stakeholderLabel") == [
        "Engineering Manager, AI & ML",
        "Product Manager",
        "Backend/Platform Engineers",
        "Data Engineers / Analytics Engineers",
        "ML Platform / MLOps Engineers",
        "SRE / Production Engineering",
        "Security, Privacy, Legal, Compliance",
        "QA / Test Engineering",
        "Cloud and tooling vendors",
        "Enterprise customers",
    ]
    assert labels(rows, "typeLabel") == ["Internal"] * 8 + ["External"] * 2
    assert all(r["involvedIn"] for r in rows)
    sre = rows[5]
    assert "Operational readiness" in sre["whatTheyDo"]
    assert split(sre["involvedIn"]) >= {
        "Own production readiness",
        "Manage incidents and escalations",
    }


def test_collaboration_and_escalation(ask: Ask) -> None:
    rows = ask("collaboration_and_escalation")
    assert [(r["kind"], r["label"]) for r in rows] == [
        ("Collaboration mode", "Co-design"),
        ("Collaboration mode", "Co-build"),
        ("Collaboration mode", "Co-operate"),
        ("Escalation point", "Technical escalations"),
        ("Escalation point", "Product escalations"),
        ("Escalation point", "Risk escalations"),
    ]


SCORECARD = [
    ("Software engineering & code quality", 20),
    ("Applied ML fundamentals", 20),
    ("Data engineering & SQL", 15),
    ("Deployment & MLOps", 20),
    ("Product & experimentation", 15),
    ("Collaboration & communication", 10),
]


def test_interview_scorecard(ask: Ask) -> None:
    rows = ask("interview_scorecard")
    assert [(r["dimensionLabel"], r["weightPercent"]) for r in rows] == SCORECARD
    assert rows[0]["meetsBar"] == "Clean, tested Python; clear APIs; maintainable structure"


def test_scorecard_weights_sum_to_100(ask: Ask) -> None:
    (row,) = ask("scorecard_weight_total", role="ai-engineer")
    assert (row["dimensions"], row["totalWeightPercent"], row["unweighted"]) == (6, 100, 0)
    assert sum(w for _, w in SCORECARD) == 100


def test_kpi_details(ask: Ask) -> None:
    (row,) = ask("kpi_details", kpi="ai-engineer.inference-error-rate")
    assert row["measures"] == "5xx/timeout rate for model service"
    assert row["whyItMatters"] == "Reliability and trust"
    assert row["exampleTarget"] == "<0.1–1% depending on criticality"
    assert split(row["frequencies"], ", ") == {"Daily", "Weekly"}
    assert row["categories"] == "Reliability"
    assert "Implement model serving/inference" in split(row["measuresResponsibilities"])


@pytest.mark.parametrize(
    ("cadence", "count"),
    [
        ("daily", 5),
        ("weekly", 5),
        ("monthly-quarterly", 5),
        ("recurring-ritual", 6),
        ("incident", 4),
    ],
)
def test_activities_by_cadence(ask: Ask, cadence: str, count: int) -> None:
    rows = ask("activities_by_cadence", cadence=cadence)
    assert len(rows) == count
    assert all(r["serves"] for r in rows)


def test_incident_activities_serve_incident_management(ask: Ask) -> None:
    rows = ask("activities_by_cadence", cadence="incident")
    assert labels(rows, "activityLabel")[:3] == [
        "Respond to alerts",
        "Execute playbooks",
        "Rapid triage with SRE and backend teams",
    ]
    assert {r["serves"] for r in rows} == {"Manage incidents and escalations"}


def test_deliverables_by_group(ask: Ask) -> None:
    rows = ask("deliverables_by_group")
    assert list(Counter(labels(rows, "groupLabel")).values()) == [6, 3, 4, 3]
    assert all(r["producedBy"] for r in rows)
    operational = ask("deliverables_by_group", group="operational")
    assert [r["deliverableLabel"].split(" (")[0] for r in operational] == [
        "Monitoring dashboards",
        "Alerting rules and on-call runbooks for AI components.",
        "Incident postmortems with corrective action tracking.",
    ]


# -- aggregates -------------------------------------------------------------------------------


def test_skills_per_tier(ask: Ask) -> None:
    rows = ask("skills_per_tier", role="ai-engineer")
    assert [(r["tier"], r["skills"]) for r in rows] == [
        ("Must-have", 8),
        ("Good-to-have", 6),
        ("Advanced", 5),
        ("Emerging", 4),
        ("Soft skills (no tier)", 8),
    ]
    assert "Learning agility" in split(rows[-1]["names"])


def test_kpis_per_category(ask: Ask) -> None:
    rows = ask("kpis_per_category")
    # From the KPI table's "(Category)" labels; a KPI with two categories counts in both.
    assert [(r["categoryLabel"], r["kpis"]) for r in rows] == [
        ("Output", 2),
        ("Efficiency", 5),
        ("Outcome", 1),
        ("Reliability", 6),
        ("Quality", 5),
        ("Governance", 2),
        ("Collaboration", 2),
    ]
    governance = split(rows[5]["names"])
    assert governance == {"Segment fairness/robustness checks", "Documentation completeness"}


def test_items_per_section(ask: Ask) -> None:
    counts = {r["sourceHeading"]: r["items"] for r in ask("items_per_section")}
    assert counts["Must-have technical skills"] == 8
    assert counts["Emerging future skills for this role (next 2–5 years)"] == 4
    assert counts["Weekly activities"] == 5
    assert counts["Recurring meetings or rituals"] == 6
    assert counts["Requires manager/director/executive approval (context-dependent)"] == 4
    assert counts["Red flags"] == 5
    assert counts["Interview scorecard dimensions (with suggested weights)"] == 6


# -- cross-cutting questions through the derived relations -------------------------------------


def chain(links: Graph) -> dict[tuple[str, str], set[str]]:
    evidence: dict[tuple[str, str], set[str]] = defaultdict(set)
    for k, r in links.subject_objects(RG.measuresResponsibility):
        for s in links.objects(r, RG.requiresSkill):
            evidence[(str(k), str(s))].add(str(r))
    return evidence


def test_kpis_for_observability_with_evidence(ask: Ask, links: Graph) -> None:
    rows = ask("kpis_for_skill", skill="observability-for-ai-services")
    kpis = set(labels(rows, "kpiLabel"))
    # Observability for AI services, Use: "building dashboards and alerts for latency, errors,
    # drift proxies".
    assert kpis >= {
        "p95 inference latency",
        "Inference error rate",
        "Model performance drift",
        "Alert precision / noise ratio",
    }
    assert kpis.isdisjoint(
        {
            "Online KPI lift",
            "Stakeholder satisfaction",
            "Documentation completeness",
            "Code review turnaround",
            "Experiment throughput",
            "Production deployments shipped",
            "Segment fairness/robustness checks",
        }
    )
    # The connecting responsibilities are the operational ones that name monitoring work.
    assert set(labels(rows, "responsibilityLabel")) <= {
        "Own production readiness",  # "SLOs/SLIs, dashboards, runbooks"
        "Monitor model and data health",  # "drift, quality, latency, cost"
        "Manage incidents and escalations",  # "latency regressions"
    }
    evidence = chain(links)
    skill = ID + "skill/observability-for-ai-services"
    assert {(r["kpi"], r["responsibility"]) for r in rows} == {
        (k, r) for (k, s), rs in evidence.items() if s == skill for r in rs
    }


def test_skills_for_p95_latency(ask: Ask) -> None:
    rows = ask("skills_for_kpi", kpi="ai-engineer.p95-inference-latency")
    skills = set(labels(rows, "skillLabel"))
    # "Tail latency for inference endpoints": serving, performance engineering, monitoring.
    assert skills >= {
        "Performance engineering for inference",
        "Model deployment and inference patterns",
        "Observability for AI services",
    }
    assert skills.isdisjoint(
        {
            "Responsible AI engineering",
            "Clear technical communication",
            "Basic statistics for experimentation",
            "Data handling with SQL and dataframe tooling",
            "Model risk management integration",
        }
    )
    kinds = labels(rows, "kind")
    assert kinds == sorted(kinds, key=lambda k: k != "Technical skill")  # technical first


def test_tools_supporting_pipeline_success_rate(ask: Ask) -> None:
    rows = ask("tools_supporting_kpi", kpi="ai-engineer.pipeline-success-rate")
    tools = set(labels(rows, "toolLabel"))
    assert tools >= {"Airflow / Dagster / Prefect", "Great Expectations / Soda"}
    assert tools.isdisjoint(
        {"Jira / Azure Boards", "Slack / Microsoft Teams", "Optimizely / in-house framework"}
    )
    airflow = next(r for r in rows if r["toolLabel"] == "Airflow / Dagster / Prefect")
    assert airflow["primaryUse"] == "Scheduled pipelines for training/scoring"
    assert airflow["responsibilityLabel"] == "Operate and improve ML pipelines"


def test_kpis_supported_by_prometheus_grafana(ask: Ask) -> None:
    kpis = set(labels(ask("kpis_supported_by_tool", tool="prometheus-grafana"), "kpiLabel"))
    # "Metrics dashboards and alerting"
    assert kpis >= {
        "p95 inference latency",
        "Model performance drift",
        "Alert precision / noise ratio",
    }
    assert kpis.isdisjoint({"Online KPI lift", "Stakeholder satisfaction", "Experiment throughput"})


def test_stakeholders_concerned_with_observability(ask: Ask) -> None:
    rows = ask("stakeholders_concerned_with_skill", skill="observability-for-ai-services")
    stakeholders = set(labels(rows, "stakeholderLabel"))
    # SRE / Production Engineering: "Operational readiness, incident response, SLOs".
    assert "SRE / Production Engineering" in stakeholders
    assert stakeholders.isdisjoint({"Product Manager", "QA / Test Engineering"})


def test_skills_for_the_product_manager(ask: Ask) -> None:
    rows = ask("skills_for_stakeholder", stakeholder="ai-engineer.product-manager")
    assert rows[0]["skillLabel"] == "Product-minded problem solving"
    skills = set(labels(rows, "skillLabel"))
    assert skills.isdisjoint(
        {
            "Observability for AI services",
            "Containerization basics (Docker) and deployment fundamentals",
            "Policy-as-code for AI controls",
        }
    )


def test_kpi_skill_matrix(ask: Ask, links: Graph) -> None:
    rows = ask("kpi_skill_matrix")
    evidence = chain(links)
    assert len(rows) == len(evidence)  # one row per related pair, no duplicates
    assert 0 < len(rows) < 19 * 31 / 2  # some pairs related, most not
    kpi_order = list(dict.fromkeys(labels(rows, "kpiLabel")))
    assert kpi_order[:3] == [
        "Production deployments shipped",
        "Experiment throughput",
        "Time-to-production for a model change",
    ]
    assert len(kpi_order) == 19
    for kpi in kpi_order:  # within a KPI, strongest cells first
        counts = [r["responsibilities"] for r in rows if r["kpiLabel"] == kpi]
        assert counts == sorted(counts, reverse=True)
    by_label = Counter(labels(rows, "kpiLabel"))
    assert by_label["Model performance drift"] < by_label["p95 inference latency"]
    assert sorted(r["responsibilities"] for r in rows) == sorted(len(v) for v in evidence.values())


def test_kpi_skill_matrix_density(ask: Ask, links: Graph) -> None:
    (row,) = ask("kpi_skill_matrix_density", role="ai-engineer")
    assert (row["kpis"], row["skills"], row["possiblePairs"]) == (19, 31, 589)  # 23 + 8 skills
    assert row["relatedPairs"] == len(chain(links))
    assert 0 < row["density"] < 0.3
    assert 1 <= row["fewestSkillsPerKpi"] <= row["mostSkillsPerKpi"] <= 12


def test_responsibility_links_and_context(ask: Ask) -> None:
    rows = ask("responsibility_links")
    assert len(rows) == 24 and all(r["skills"] for r in rows)
    (monitor,) = ask(
        "responsibility_links", responsibility="ai-engineer.monitor-model-and-data-health"
    )
    assert "Observability for AI services" in split(monitor["skills"])
    assert "Model performance drift" in split(monitor["kpis"])
    assert "Prometheus / Grafana" in split(monitor["tools"])
    (incidents,) = ask(
        "responsibility_context", responsibility="ai-engineer.manage-incidents-and-escalations"
    )
    assert "SRE / Production Engineering" in split(incidents["stakeholders"])
    assert incidents["deliverables"] == "Incident postmortems with corrective action tracking."
    assert "Respond to alerts" in split(incidents["activities"])


def test_tools_for_observability(ask: Ask) -> None:
    rows = ask("tools_for_skill", skill="observability-for-ai-services")
    direct = {r["toolLabel"] for r in rows if r["how"] == "supports the skill"}
    # Primary uses: "Metrics dashboards and alerting", "APM, infra metrics, logs",
    # "Centralized logs and search".
    assert direct == {"Prometheus / Grafana", "Datadog / New Relic", "ELK / OpenSearch stack"}
    assert all(r["responsibilityLabel"] for r in rows if r["how"] != "supports the skill")


# -- provenance and coverage ----------------------------------------------------------------


def test_link_provenance(ask: Ask, links: Graph) -> None:
    rows = ask("link_provenance", role="ai-engineer")
    curated = {r["property"]: r["links"] for r in rows if r["graph"].endswith("/curated")}
    inferred = {r["property"]: r["links"] for r in rows if r["graph"].endswith("/inferred")}
    assert {r["provenanceLabel"] for r in rows if r["graph"].endswith("/curated")} == {
        "Curated by hand"
    }
    assert {r["provenanceLabel"] for r in rows if r["graph"].endswith("/inferred")} == {
        "Derived by inference"
    }
    in_file = Counter(str(p) for _, p, _ in links if str(p).startswith(str(RG)))
    in_file.pop(str(RG.linkProvenance)), in_file.pop(str(RG.aboutRole))
    assert curated == dict(in_file)
    assert inferred[str(RG.kpiRelatesToSkill)] == len(chain(links))
    assert set(inferred) == {
        str(RG.kpiRelatesToSkill),
        str(RG.toolSupportsKPI),
        str(RG.stakeholderConcernedWithSkill),
    }


def test_links_of_an_item_carry_their_provenance(ask: Ask) -> None:
    rows = ask("links_of_item", item=ID + "kpi/ai-engineer.p95-inference-latency")
    by_property = defaultdict(set)
    for r in rows:
        by_property[r["property"]].add(r["provenanceLabel"])
    assert by_property[str(RG.measuresResponsibility)] == {"Curated by hand"}
    assert by_property[str(RG.kpiRelatesToSkill)] == {"Derived by inference"}
    assert by_property[str(RG.toolSupportsKPI)] == {"Derived by inference"}


def test_coverage_gaps(ask: Ask) -> None:
    unmeasured = labels(ask("responsibilities_without_kpi"), "responsibilityLabel")
    # The KPI table has no metric for guardrails, customer-facing support or mentoring.
    assert unmeasured == [
        "Implement guardrails and safety controls",
        "Support customer-facing teams",
        "Mentor junior engineers",
    ]
    orphans = ask("skills_without_kpi")
    assert all(split(r["requiredBy"]) <= set(unmeasured) for r in orphans)
    unused = ask("tools_used_by_no_responsibility")
    assert labels(unused, "toolLabel") == ["LangChain / LlamaIndex"]
    assert unused[0]["supportsSkills"] == "LLM application engineering patterns"
    coverage = {r["rule"][2:]: r for r in ask("link_coverage", role="ai-engineer")}
    assert {rule: r["missing"] for rule, r in coverage.items()} == {
        "every KPI measures a responsibility": 0,
        "every responsibility requires a skill": 0,
        "every responsibility is measured by a KPI": len(unmeasured),
        "every technical skill is required by a responsibility": 0,
        "every tool is used by a responsibility or supports a skill": 0,
        "every stakeholder is involved in a responsibility": 0,
        "every deliverable is produced by a responsibility": 0,
        "every activity serves a responsibility": 0,
    }
    assert coverage["every tool is used by a responsibility or supports a skill"]["items"] == 32


# -- the acceptance, through the CLI ------------------------------------------------------------


def run_cli(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def test_cli_prints_the_matrix_and_the_kpis_for_observability() -> None:
    matrix = run_cli("query", "kpi_skill_matrix", "--format", "csv").strip().splitlines()
    assert matrix[0] == "kpiLabel,skillLabel,responsibilities"
    assert "Model performance drift,Observability for AI services,1" in matrix
    kpis = run_cli("query", "kpis_for_skill", "-p", "skill=observability-for-ai-services")
    assert "Monitor model and data health" in kpis and "Model performance drift" in kpis
    assert "Stakeholder satisfaction" not in kpis


def test_docs_list_every_question() -> None:
    """docs/queries.md is regenerated by docs/make_queries_md.py when the library changes."""
    page = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    missing = [s.name for s in examples() if f"| `{s.name}` |" not in page]
    assert missing == [], "run .venv/bin/python docs/make_queries_md.py"


@pytest.fixture(scope="module")
def remote_store(oxigraph_server: Any) -> Store:
    """The shipped catalog in a real Oxigraph server (parameters bound by a VALUES block)."""
    oxigraph_server.clear()
    store = oxigraph_server.remote_store()
    store.load(catalog.shipped_sources())
    return store


@pytest.mark.parametrize("spec", examples(), ids=lambda s: s.name)
def test_each_question_gives_the_same_answer_on_a_sparql_server(
    spec: QuerySpec, shipped_store: Store, remote_store: Store
) -> None:
    bindings = spec.bind(example_params(spec))
    embedded = shipped_store.select(spec.text, bindings)
    remote = remote_store.select(spec.text, bindings)
    assert remote.variables == embedded.variables

    def normalised(rows: list[tuple[Any, ...]]) -> Counter:
        # GROUP_CONCAT lists come in no fixed order: compare them as sets
        return Counter(
            tuple(
                frozenset(re.split("; |, ", str(to_json_value(v))))
                if isinstance(v, ox.Literal)
                else v
                for v in row
            )
            for row in rows
        )

    assert normalised(remote.rows) == normalised(embedded.rows)
