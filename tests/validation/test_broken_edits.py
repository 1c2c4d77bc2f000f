"""Minimal breaking edits of the real AI Engineer blueprint, each caught by exactly its rule.

Every case is a small, explicit change of ontology/blueprints/ai-engineer.ttl (or of its
curated links), run through `rolegraph validate`. The findings the edit adds to those of
the unedited graph must be exactly the expected ones (rule, node at fault, severity), the
exit code must say whether the data may land, and the text report must point at the line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
import rdflib
from rdflib import URIRef

from tests.validation.conftest import (
    ID,
    RG,
    Fact,
    Workspace,
    delete_line,
    edit,
    edit_block,
    facts,
    links_graph,
    run_cli,
)

ROLE = f"{ID}role/ai-engineer"
P95 = "kpi:ai-engineer.p95-inference-latency"
P95_IRI = f"{ID}kpi/ai-engineer.p95-inference-latency"
PIPELINE = "kpi:ai-engineer.pipeline-success-rate"
PIPELINE_IRI = f"{ID}kpi/ai-engineer.pipeline-success-rate"
PYTHON_REQ = "skill-requirement:ai-engineer.python-for-production-ml-engineering"
PYTHON_REQ_IRI = f"{ID}skill-requirement/ai-engineer.python-for-production-ml-engineering"
V, W = "Violation", "Warning"


@dataclass(frozen=True)
class Case:
    """One broken edit: how to make it, and what it must produce."""

    id: str
    apply: Callable[[str, str, rdflib.Graph], tuple[str, str]]
    """(facts, links, links graph) -> edited (facts, links)."""
    expected: Callable[[rdflib.Graph], set[Fact]]
    exit_code: int
    strict_exit_code: int = 1


def facts_edit(change: Callable[[str], str]) -> Callable[[str, str, rdflib.Graph], tuple[str, str]]:
    return lambda f, links, _g: (change(f), links)


def _shared_only(graph: rdflib.Graph, subject_pred: str, object_users: str) -> list[URIRef]:
    """Subjects all of whose `subject_pred` objects also have another subject pointing at them."""
    pred = URIRef(RG + subject_pred)
    chosen = []
    for subject in sorted(set(graph.subjects(pred, None))):
        objects = set(graph.objects(subject, pred))
        if objects and all(set(graph.subjects(pred, o)) - {subject} for o in objects):
            chosen.append(subject)
    assert chosen, f"the links give no {object_users} that can lose its {subject_pred} links alone"
    return chosen


def responsibility_with_shared_skills(graph: rdflib.Graph) -> URIRef:
    """A responsibility whose skills are all also required by another responsibility."""
    return _shared_only(graph, "requiresSkill", "responsibility")[0]


def kpi_with_shared_responsibilities(graph: rdflib.Graph) -> URIRef:
    """A KPI whose responsibilities are all also measured by another KPI."""
    return _shared_only(graph, "measuresResponsibility", "KPI")[0]


def without(graph_text: str, subject: URIRef, predicate: str) -> str:
    graph = links_graph(graph_text)
    graph.remove((subject, URIRef(RG + predicate), None))
    return graph.serialize(format="turtle")


def statement(subject: str, predicate: str, obj: str) -> str:
    """One N-Triples line to append to the links file (`obj` is an IRI or a literal)."""
    obj = obj if obj.startswith('"') else f"<{obj}>"
    return f"\n<{subject}> <{predicate}> {obj} .\n"


SKOS_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
CFO = f"{ID}stakeholder/ai-engineer.cfo"
MISSPELLED_RESPONSIBILITY = f"{ID}responsibility/ai-engineer.optimise-performance"


def linked_responsibility(graph: rdflib.Graph) -> URIRef:
    return sorted(set(graph.subjects(URIRef(RG + "requiresSkill"), None)))[0]


CASES = [
    Case(
        "kpi-without-frequency",
        facts_edit(lambda f: delete_line(f, P95, "rg:frequency")),
        lambda g: {Fact("rgsh:KPI-frequency", P95_IRI, V)},
        exit_code=1,
    ),
    Case(
        "importance-outside-scheme",
        facts_edit(
            lambda f: edit_block(
                f, PYTHON_REQ, "rgc:importance-critical", "rgc:importance-essential"
            )
        ),
        lambda g: {Fact("rgsh:importance-value", PYTHON_REQ_IRI, V)},
        exit_code=1,
    ),
    Case(
        "weights-sum-to-90",
        facts_edit(
            lambda f: edit_block(
                f,
                "scorecard-dimension:ai-engineer.data-engineering-and-sql",
                "rg:weightPercent 15.0",
                "rg:weightPercent 5.0",
            )
        ),
        lambda g: {Fact("rgsh:Role-scorecard-weights", ROLE, V)},
        exit_code=1,
    ),
    Case(
        "misspelled-property",
        facts_edit(lambda f: edit_block(f, PIPELINE, "rg:exampleTarget ", "rg:exampleTarge ")),
        # the closed KPI shape reports the unknown property, and the target is now missing
        lambda g: {
            Fact("rgsh:KPI", PIPELINE_IRI, V),
            Fact("rgsh:KPI-exampleTarget", PIPELINE_IRI, V),
        },
        exit_code=1,
    ),
    Case(
        "duplicate-label",
        facts_edit(
            lambda f: edit_block(
                f, PIPELINE, '"Pipeline success rate"@en', '"p95 inference latency"@en'
            )
        ),
        lambda g: {Fact("rgsh:Role-unique-labels", ROLE, V)},
        exit_code=1,
    ),
    Case(
        "wrong-language-tag",
        facts_edit(
            lambda f: edit_block(f, P95, '"p95 inference latency"@en', '"p95 inference latency"@de')
        ),
        lambda g: {Fact("rgsh:label-language", P95_IRI, V)},
        exit_code=1,
    ),
    Case(
        "role-is-its-own-next-role",
        facts_edit(
            lambda f: edit_block(
                f,
                "career-path:ai-engineer.staff-ai-engineer",
                "rg:targetRole role:staff-ai-engineer",
                "rg:targetRole role:ai-engineer",
            )
        ),
        lambda g: {
            Fact(
                "rgsh:CareerPath-not-own-role", f"{ID}career-path/ai-engineer.staff-ai-engineer", V
            )
        },
        exit_code=1,
    ),
    Case(
        "missing-label",
        facts_edit(lambda f: delete_line(f, P95, "skos:prefLabel")),
        lambda g: {Fact("rgsh:label", P95_IRI, V)},
        exit_code=1,
    ),
    Case(
        "skill-requirement-without-tier",
        facts_edit(lambda f: delete_line(f, PYTHON_REQ, "rg:tier")),
        lambda g: {Fact("rgsh:SkillRequirement-tier", PYTHON_REQ_IRI, V)},
        exit_code=1,
    ),
    Case(
        "literal-where-iri-required",
        facts_edit(
            lambda f: edit_block(
                f, "tool-usage:ai-engineer.docker", "rg:tool tool:docker", 'rg:tool "Docker"@en'
            )
        ),
        lambda g: {Fact("rgsh:ToolUsage-tool", f"{ID}tool-usage/ai-engineer.docker", V)},
        exit_code=1,
    ),
    Case(
        "weight-not-a-number",
        facts_edit(
            lambda f: edit_block(
                f,
                "scorecard-dimension:ai-engineer.data-engineering-and-sql",
                "rg:weightPercent 15.0",
                'rg:weightPercent "15%"',
            )
        ),
        lambda g: {
            Fact(
                "rgsh:ScorecardDimension-weight-value",
                f"{ID}scorecard-dimension/ai-engineer.data-engineering-and-sql",
                V,
            )
        },
        exit_code=1,
    ),
    Case(
        "value-from-another-scheme",
        facts_edit(
            lambda f: edit_block(
                f,
                "activity:ai-engineer.daily-standup-scrum-kanban",
                "rgc:cadence-recurring-ritual",
                "rgc:frequency-daily",
            )
        ),
        lambda g: {
            Fact(
                "rgsh:Activity-cadence-value",
                f"{ID}activity/ai-engineer.daily-standup-scrum-kanban",
                V,
            )
        },
        exit_code=1,
    ),
    Case(
        "second-category",
        facts_edit(
            lambda f: edit_block(
                f,
                "resp:ai-engineer.mentor-junior-engineers",
                "rg:responsibilityCategory rgc:responsibility-category-leadership",
                "rg:responsibilityCategory rgc:responsibility-category-leadership ,"
                " rgc:responsibility-category-technical",
            )
        ),
        lambda g: {
            Fact(
                "rgsh:Responsibility-category",
                f"{ID}responsibility/ai-engineer.mentor-junior-engineers",
                V,
            )
        },
        exit_code=1,
    ),
    Case(
        "position-not-an-integer",
        facts_edit(lambda f: edit_block(f, P95, "rg:position 6 ;", 'rg:position "6" ;')),
        lambda g: {Fact("rgsh:Item-position", P95_IRI, V)},
        exit_code=1,
    ),
    Case(
        "tool-category-outside-open-scheme",
        facts_edit(
            lambda f: edit_block(
                f,
                "tool:docker",
                "rgc:tool-category-containers-orchestration",
                "rgc:tool-category-telepathy",
            )
        ),
        lambda g: {Fact("rgsh:Tool-category-value", f"{ID}tool/docker", V)},
        exit_code=1,
    ),
    Case(
        "misspelled-class",
        facts_edit(lambda f: edit_block(f, P95, "a rg:KPI ;", "a rg:KPl ;")),
        # no longer a known item; if the links make it measure something, that link is
        # now written on a node that is not a KPI
        lambda g: (
            {Fact("rgsh:item-typed", P95_IRI, V)}
            | (
                {Fact("rgsh:kpi-link-source", P95_IRI, V)}
                if (URIRef(P95_IRI), URIRef(RG + "measuresResponsibility"), None) in g
                else set()
            )
        ),
        exit_code=1,
    ),
    Case(
        "link-to-non-existent-skill",
        lambda f, links, g: (
            f,
            links
            + statement(
                linked_responsibility(g), RG + "requiresSkill", f"{ID}skill/quantum-telepathy"
            ),
        ),
        lambda g: {
            Fact("rgsh:Responsibility-requiresSkill-target", str(linked_responsibility(g)), V)
        },
        exit_code=1,
    ),
    Case(
        "stakeholder-link-to-untyped-node",
        lambda f, links, g: (
            f,
            links
            + statement(linked_responsibility(g), RG + "involvesStakeholder", CFO)
            + statement(CFO, SKOS_LABEL, '"CFO"@en'),
        ),
        lambda g: {
            Fact(
                "rgsh:Responsibility-involvesStakeholder-target", str(linked_responsibility(g)), V
            ),
            Fact("rgsh:named-node-typed", CFO, V),
        },
        exit_code=1,
    ),
    Case(
        "responsibility-with-no-skill",
        lambda f, links, g: (
            f,
            without(links, responsibility_with_shared_skills(g), "requiresSkill"),
        ),
        lambda g: {
            Fact("rgsh:Responsibility-requiresSkill", str(responsibility_with_shared_skills(g)), W)
        },
        exit_code=0,
    ),
    Case(
        "kpi-measuring-nothing",
        lambda f, links, g: (
            f,
            without(links, kpi_with_shared_responsibilities(g), "measuresResponsibility"),
        ),
        lambda g: {
            Fact("rgsh:KPI-measuresResponsibility", str(kpi_with_shared_responsibilities(g)), W)
        },
        exit_code=0,
    ),
    Case(
        "link-from-misspelled-responsibility",
        lambda f, links, g: (
            f,
            links + statement(MISSPELLED_RESPONSIBILITY, RG + "usesTool", f"{ID}tool/docker"),
        ),
        lambda g: {
            Fact(
                "rgsh:responsibility-link-source",
                MISSPELLED_RESPONSIBILITY,
                V,
            )
        },
        exit_code=1,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_broken_edit_is_caught_by_its_rule(case: Case, workspace: Workspace, baseline) -> None:
    graph = links_graph(workspace.links_text)
    facts_text, links_text = case.apply(workspace.facts_text, workspace.links_text, graph)
    path = workspace.write(facts_text, links_text)

    run = run_cli("validate", "--format", "json", str(path))
    assert run.exit_code == case.exit_code, run.stderr
    added = facts(run.report) - facts(baseline)
    assert added == case.expected(graph)

    strict = run_cli("validate", "--strict", str(path))
    assert strict.exit_code == case.strict_exit_code


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_text_report_points_at_the_thing_at_fault(case: Case, workspace: Workspace) -> None:
    graph = links_graph(workspace.links_text)
    facts_text, links_text = case.apply(workspace.facts_text, workspace.links_text, graph)
    path = workspace.write(facts_text, links_text)
    report = run_cli("validate", "--format", "json", str(path)).report
    text = run_cli("validate", str(path)).stdout

    for fact in case.expected(graph):
        node = next(n for n in report["nodes"] if n["node"] == fact.focus)
        location = node["location"]
        assert location is not None and location["line"], f"{fact.focus} has no line"
        header = f"{location['file']}:{location['line']}: "
        block = text[text.index(header) :].split("\n\n", 1)[0]
        assert fact.rule in block
        finding = next(f for f in node["findings"] if f["rule_name"] == fact.rule)
        assert finding["message"].split()[0] in block  # the message is printed
        if node["label"]:
            assert f'"{node["label"]}"' in block.split("\n", 1)[0]


def test_malformed_turtle_exits_2_with_file_line_column(workspace: Workspace) -> None:
    broken = edit(
        workspace.facts_text,
        'rg:whyItMatters "Directly impacts UX and system stability"@en .',
        'rg:whyItMatters "Directly impacts UX and system stability"@en',
    )
    path = workspace.write(broken)
    run = run_cli("validate", str(path))
    assert run.exit_code == 2
    match = re.search(r"ai-engineer\.ttl:(\d+):(\d+): syntax error", run.stderr)
    assert match, run.stderr
    next_subject = broken.split("\n").index(PIPELINE) + 1
    assert int(match.group(1)) in (next_subject - 1, next_subject)  # where the '.' was due
    assert "Traceback" not in run.stderr + run.stdout


def test_the_suite_has_at_least_15_edits() -> None:
    assert len(CASES) >= 15
    assert len({c.id for c in CASES}) == len(CASES)
