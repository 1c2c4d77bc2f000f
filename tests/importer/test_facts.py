"""Named facts of the source survive the import, with the right value kinds.

Expected values are read off the source text by a person (see ontology/sources), not copied
from the importer's output.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from rolegraph.namespaces import RG, RGC

ID = "https://w3id.org/rolegraph/id/"
ROLE = URIRef(ID + "role/ai-engineer")
XSD_DECIMAL = URIRef("http://www.w3.org/2001/XMLSchema#decimal")
XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def one(graph: Graph, cls: str, label: str) -> URIRef:
    found = set(graph.subjects(RDF.type, RG[cls])) & set(graph.subjects(SKOS.prefLabel, en(label)))
    assert len(found) == 1, f"{cls} {label!r}: {found}"
    node = found.pop()
    assert isinstance(node, URIRef)
    return node


def values(graph: Graph, node: URIRef, prop: str) -> set:
    return set(graph.objects(node, RG[prop]))


def test_kpi_p95_latency(graph: Graph) -> None:
    kpi = one(graph, "KPI", "p95 inference latency")
    assert kpi == URIRef(ID + "kpi/ai-engineer.p95-inference-latency")
    assert values(graph, kpi, "exampleTarget") == {en("e.g., p95 < 150–300ms (context-specific)")}
    assert values(graph, kpi, "frequency") == {RGC["frequency-weekly"]}
    assert values(graph, kpi, "kpiCategory") == {
        RGC["kpi-category-reliability"],
        RGC["kpi-category-quality"],
    }
    assert values(graph, kpi, "measurementDefinition") == {
        en("Tail latency for inference endpoints")
    }
    assert values(graph, kpi, "whyItMatters") == {en("Directly impacts UX and system stability")}
    assert graph.value(kpi, RG.forRole) == ROLE


def test_kpi_frequencies_split_on_slash(graph: Graph) -> None:
    error_rate = one(graph, "KPI", "Inference error rate")
    assert values(graph, error_rate, "frequency") == {
        RGC["frequency-daily"],
        RGC["frequency-weekly"],
    }
    lift = one(graph, "KPI", "Online KPI lift")
    assert values(graph, lift, "frequency") == {RGC["frequency-per-experiment"]}
    throughput = one(graph, "KPI", "Experiment throughput")
    assert values(graph, throughput, "frequency") == {
        RGC["frequency-monthly"],
        RGC["frequency-quarterly"],
    }


def test_skill_observability_for_ai_services(graph: Graph) -> None:
    skill = URIRef(ID + "skill/observability-for-ai-services")
    assert (skill, RDF.type, RG.TechnicalSkill) in graph
    assert graph.value(skill, SKOS.prefLabel) == en("Observability for AI services")
    requirement = one(graph, "SkillRequirement", "Observability for AI services")
    assert graph.value(requirement, RG.skill) == skill
    assert values(graph, requirement, "importance") == {RGC["importance-important"]}
    assert values(graph, requirement, "importanceNote") == set()
    assert values(graph, requirement, "tier") == {RGC["skill-tier-must-have"]}
    assert values(graph, requirement, "use") == {
        en(
            "metrics, logs, traces; building dashboards and alerts for latency, errors, "
            "drift proxies."
        )
    }


def test_importance_notes_keep_the_words(graph: Graph) -> None:
    cases = {
        "Reproducibility and experiment tracking basics": (
            "importance-important",
            "Important (Critical for regulated or high-scale orgs)",
        ),
        "Distributed data processing (Spark or similar)": (
            "importance-optional",
            "Optional to Important (depends on scale)",
        ),
        "MLOps architecture and lifecycle automation": (
            "importance-important",
            "Important for higher scope / mature teams",
        ),
        "Responsible AI engineering": (
            "importance-context-specific",
            "Context-specific (Critical in regulated/high-impact systems)",
        ),
    }
    for label, (concept, note) in cases.items():
        requirement = one(graph, "SkillRequirement", label)
        assert values(graph, requirement, "importance") == {RGC[concept]}, label
        assert values(graph, requirement, "importanceNote") == {en(note)}, label
    responsible = one(graph, "SkillRequirement", "Responsible AI engineering")
    assert values(graph, responsible, "qualifier") == {
        en("bias, robustness, explainability, policy enforcement")
    }


def test_soft_skill_texts(graph: Graph) -> None:
    requirement = one(graph, "SkillRequirement", "Systems thinking")
    assert (graph.value(requirement, RG.skill), RDF.type, RG.SoftSkill) in graph
    assert values(graph, requirement, "whyItMatters") == {
        en("Model quality depends on upstream data and downstream product behavior.")
    }
    assert values(graph, requirement, "onTheJob") == {
        en("evaluates end-to-end latency, dependencies, failure modes, and data contracts.")
    }
    assert values(graph, requirement, "strongPerformance") == {
        en("anticipates where issues will surface and designs mitigations early.")
    }
    assert values(graph, requirement, "tier") == set()


def test_tool_mlflow_and_adoption_notes(graph: Graph) -> None:
    usage = one(graph, "ToolUsage", "MLflow")
    tool = graph.value(usage, RG.tool)
    assert tool == URIRef(ID + "tool/mlflow")
    assert graph.value(tool, RG.toolCategory) == RGC["tool-category-model-lifecycle"]
    assert values(graph, usage, "adoption") == {RGC["adoption-common"]}
    assert values(graph, usage, "adoptionNote") == set()
    assert values(graph, usage, "primaryUse") == {en("Experiment tracking, model registry")}

    kubernetes = one(graph, "ToolUsage", "Kubernetes")
    assert values(graph, kubernetes, "adoption") == {RGC["adoption-common"]}
    assert values(graph, kubernetes, "adoptionNote") == {
        en("Common (enterprise), Context-specific (smaller orgs)")
    }
    feature_store = one(graph, "ToolUsage", "Feast / Tecton / SageMaker Feature Store")
    assert values(graph, feature_store, "adoption") == {RGC["adoption-optional"]}


def test_llm_tooling_category_with_qualifier(graph: Graph) -> None:
    usage = one(graph, "ToolUsage", "LangChain / LlamaIndex")
    assert (
        graph.value(graph.value(usage, RG.tool), RG.toolCategory)
        == RGC["tool-category-llm-tooling"]
    )
    assert values(graph, usage, "qualifier") == {en("if applicable")}


def test_scorecard_weights(graph: Graph) -> None:
    dimension = one(graph, "ScorecardDimension", "Software engineering & code quality")
    weight = graph.value(dimension, RG.weightPercent)
    assert isinstance(weight, Literal)
    assert weight.datatype == XSD_DECIMAL
    assert Decimal(str(weight)) == Decimal(20)
    assert values(graph, dimension, "meetsBar") == {
        en("Clean, tested Python; clear APIs; maintainable structure")
    }
    weights = [Decimal(str(w)) for w in graph.objects(None, RG.weightPercent)]
    assert len(weights) == 6
    assert sum(weights) == 100


def test_role_and_blueprint(graph: Graph) -> None:
    assert graph.value(ROLE, SKOS.prefLabel) == en("AI Engineer")
    assert graph.value(ROLE, RG.roleHorizon) == RGC["role-horizon-current"]
    assert str(graph.value(ROLE, RG.roleHorizonNote)).startswith("production-focused AI/ML")
    summary = str(graph.value(ROLE, RG.summary))
    assert summary.startswith("The AI Engineer designs, builds, deploys")
    assert "\n\nThis role exists in software and IT organizations" in summary
    assert "Role horizon" not in summary
    assert str(graph.value(ROLE, RG.seniority)).startswith("Mid-level Individual Contributor")
    assert str(graph.value(ROLE, RG.mission)).startswith("Deliver production-grade AI")
    assert str(graph.value(ROLE, RG.successDefinition)).startswith("The AI Engineer is successful")
    assert str(graph.value(ROLE, RG.kpiGuidance)).startswith("Metrics should be tailored")
    assert str(graph.value(ROLE, RG.toolGuidance)).startswith("Tools vary by organization.")
    assert str(graph.value(ROLE, RG.variantGuidance)).startswith("The core role is consistent")
    manager = graph.value(ROLE, RG.reportsTo)
    assert graph.value(manager, SKOS.prefLabel) == en("Engineering Manager, AI & ML")
    assert graph.value(manager, RG.qualifier) == en("Reports To")
    assert graph.value(manager, RG.stakeholderType) == RGC["stakeholder-type-internal"]

    blueprint = URIRef(ID + "blueprint/ai-engineer")
    link = URIRef(
        "https://www.devopsschool.com/blog/"
        "ai-engineer-role-blueprint-responsibilities-skills-kpis-and-career-path/"
    )
    assert graph.value(blueprint, RG.describesRole) == ROLE
    assert graph.value(blueprint, DCTERMS.source) == link
    assert graph.value(blueprint, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")) == link
    assert graph.value(blueprint, DCTERMS.identifier) == Literal("73575")
    issued = graph.value(blueprint, DCTERMS.issued)
    assert isinstance(issued, Literal) and issued.datatype == XSD_DATETIME
    assert str(issued).startswith("2026-04-14T01:11:00")
    assert str(graph.value(blueprint, DCTERMS.title)).startswith("AI Engineer: Role Blueprint")


def test_stakeholder_qualifiers_and_external(graph: Graph) -> None:
    security = one(graph, "Stakeholder", "Security, Privacy, Legal, Compliance")
    assert graph.value(security, RG.qualifier) == en("context-dependent")
    assert str(graph.value(security, DCTERMS.description)).startswith("Data use approvals")
    customers = one(graph, "Stakeholder", "Enterprise customers")
    assert graph.value(customers, RG.stakeholderType) == RGC["stakeholder-type-external"]
    assert graph.value(customers, RG.qualifier) == en("for B2B products")


def test_sub_items_become_description_lines(graph: Graph) -> None:
    lead_in = one(
        graph,
        "Qualification",
        "If the product is domain-heavy (e.g., fintech, healthcare), expect additional "
        "requirements",
    )
    assert str(graph.value(lead_in, DCTERMS.description)).split("\n") == [
        "Data privacy and retention constraints",
        "Auditability and explainability needs",
        "Stronger model risk management practices",
    ]
    startup = one(graph, "RoleVariant", "Small company / startup")
    assert len(str(graph.value(startup, DCTERMS.description)).split("\n")) == 2
    assert graph.value(startup, RG.variantDimension) == RGC["variant-dimension-company-size"]
    topology = one(
        graph, "EnvironmentNote", "AI Engineer sits in AI & ML department, collaborating with"
    )
    assert len(str(graph.value(topology, DCTERMS.description)).split("\n")) == 4


def test_certifications_and_exercises(graph: Graph) -> None:
    cloud = one(graph, "Qualification", "Cloud certifications")
    assert graph.value(cloud, RG.importance) == RGC["importance-optional"]
    assert graph.value(cloud, RG.qualificationKind) == RGC["qualification-kind-certification"]
    assert str(graph.value(cloud, DCTERMS.description)).startswith("AWS Certified Developer")
    take_home = one(graph, "InterviewExercise", "Take-home or live coding (90–120 minutes)")
    assert graph.value(take_home, RG.duration) == en("90–120 minutes")
    lines = str(graph.value(take_home, DCTERMS.description)).split("\n")
    assert lines[0] == "Build a small inference API (or batch scorer) with:"
    assert "Unit tests" in lines


def test_next_roles_are_roles(graph: Graph) -> None:
    path = one(graph, "CareerPath", "Staff AI Engineer")
    target = graph.value(path, RG.targetRole)
    assert target == URIRef(ID + "role/staff-ai-engineer")
    assert (target, RDF.type, RG.Role) in graph
    assert graph.value(path, RG.careerPathKind) == RGC["career-path-kind-next"]
    feeder = one(graph, "CareerPath", "Data Engineer transitioning to ML pipelines")
    assert graph.value(feeder, RG.targetRole) is None
