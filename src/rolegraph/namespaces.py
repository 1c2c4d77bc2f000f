"""The IRIs rolegraph mints and the prefixes it publishes.

Everything that names a term lives here, so the importer, the shapes, the queries and the
API agree on one spelling. Prefixes are published to SPARQL consoles as-is.
"""

from __future__ import annotations

from rdflib import Namespace

BASE = "https://w3id.org/rolegraph/"

RG = Namespace(BASE + "ontology#")
"""Ontology terms: classes and properties."""
RGC = Namespace(BASE + "concept/")
"""Controlled values: SKOS concepts and concept schemes."""
ID = Namespace(BASE + "id/")
"""Default base of instance IRIs (configurable in the importer)."""
GRAPH = Namespace(BASE + "graph/")
"""Named graphs of the catalog."""

ONTOLOGY_IRI = BASE + "ontology"
SHAPES_IRI = BASE + "shapes"

ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
ESCO = Namespace("http://data.europa.eu/esco/model#")
VANN = Namespace("http://purl.org/vocab/vann/")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")

PREFIXES: dict[str, str] = {
    "rg": str(RG),
    "rgc": str(RGC),
    "role": str(ID) + "role/",
    "blueprint": str(ID) + "blueprint/",
    "skill": str(ID) + "skill/",
    "tool": str(ID) + "tool/",
    "kpi": str(ID) + "kpi/",
    "resp": str(ID) + "responsibility/",
    "graph": str(GRAPH),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "sh": "http://www.w3.org/ns/shacl#",
    "org": str(ORG),
    "schema": str(SCHEMA),
    # role-scoped item segments (namespaces.ITEM_SEGMENTS), so generated Turtle and queries
    # print the same prefixed names, e.g. activity:ai-engineer.daily-standup-scrum-kanban
    "interaction-surface": str(ID) + "interaction-surface/",
    "strategic-value": str(ID) + "strategic-value/",
    "business-outcome": str(ID) + "business-outcome/",
    "activity": str(ID) + "activity/",
    "deliverable": str(ID) + "deliverable/",
    "goal": str(ID) + "goal/",
    "trait": str(ID) + "trait/",
    "skill-requirement": str(ID) + "skill-requirement/",
    "tool-usage": str(ID) + "tool-usage/",
    "environment-note": str(ID) + "environment-note/",
    "stakeholder": str(ID) + "stakeholder/",
    "peer-role": str(ID) + "peer-role/",
    "upstream-dependency": str(ID) + "upstream-dependency/",
    "downstream-consumer": str(ID) + "downstream-consumer/",
    "collaboration-mode": str(ID) + "collaboration-mode/",
    "escalation-point": str(ID) + "escalation-point/",
    "decision-right": str(ID) + "decision-right/",
    "authority-note": str(ID) + "authority-note/",
    "qualification": str(ID) + "qualification/",
    "career-path": str(ID) + "career-path/",
    "promotion-criterion": str(ID) + "promotion-criterion/",
    "evolution-stage": str(ID) + "evolution-stage/",
    "risk": str(ID) + "risk/",
    "variant": str(ID) + "variant/",
    "automation-impact": str(ID) + "automation-impact/",
    "assessment-area": str(ID) + "assessment-area/",
    "exercise": str(ID) + "exercise/",
    "signal": str(ID) + "signal/",
    "scorecard-dimension": str(ID) + "scorecard-dimension/",
    "scorecard-summary": str(ID) + "scorecard-summary/",
    "note": str(ID) + "note/",
}
"""Prefixes every query in the catalogue may rely on; published at /sparql/prefixes."""


def sparql_prologue(names: list[str] | None = None) -> str:
    """PREFIX declarations for `names` (default: all), for tools that cannot take a prefix map."""
    chosen = PREFIXES if names is None else {n: PREFIXES[n] for n in names}
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in chosen.items())


ITEM_SEGMENTS: dict[str, str] = {
    "InteractionSurface": "interaction-surface",
    "StrategicValue": "strategic-value",
    "BusinessOutcome": "business-outcome",
    "Responsibility": "responsibility",
    "Activity": "activity",
    "Deliverable": "deliverable",
    "Goal": "goal",
    "HighPerformanceTrait": "trait",
    "KPI": "kpi",
    "SkillRequirement": "skill-requirement",
    "ToolUsage": "tool-usage",
    "EnvironmentNote": "environment-note",
    "Stakeholder": "stakeholder",
    "PeerRole": "peer-role",
    "UpstreamDependency": "upstream-dependency",
    "DownstreamConsumer": "downstream-consumer",
    "CollaborationMode": "collaboration-mode",
    "EscalationPoint": "escalation-point",
    "DecisionRight": "decision-right",
    "AuthorityNote": "authority-note",
    "Qualification": "qualification",
    "CareerPath": "career-path",
    "PromotionCriterion": "promotion-criterion",
    "EvolutionStage": "evolution-stage",
    "Risk": "risk",
    "RoleVariant": "variant",
    "AutomationImpact": "automation-impact",
    "AssessmentArea": "assessment-area",
    "InterviewExercise": "exercise",
    "CandidateSignal": "signal",
    "ScorecardDimension": "scorecard-dimension",
    "ScorecardSummaryEntry": "scorecard-summary",
    "Note": "note",
}
"""IRI path segment of each role-scoped item class: ``{base}{segment}/{role}.{slug}``."""

SHARED_SEGMENTS: dict[str, str] = {"Role": "role", "Skill": "skill", "Tool": "tool"}
"""Concepts shared across roles: ``{base}{segment}/{slug}``."""


def role_iri(role: str, base: str = str(ID)) -> str:
    return f"{base}role/{role}"


def blueprint_iri(role: str, base: str = str(ID)) -> str:
    return f"{base}blueprint/{role}"


def item_iri(class_name: str, role: str, slug: str, base: str = str(ID)) -> str:
    """IRI of a role-scoped item, e.g. ``.../id/kpi/ai-engineer.p95-inference-latency``."""
    return f"{base}{ITEM_SEGMENTS[class_name]}/{role}.{slug}"


def shared_iri(class_name: str, slug: str, base: str = str(ID)) -> str:
    """IRI of a concept shared across roles, e.g. ``.../id/skill/observability-for-ai-services``."""
    return f"{base}{SHARED_SEGMENTS[class_name]}/{slug}"
