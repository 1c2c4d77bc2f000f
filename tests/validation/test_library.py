"""The validation library: formats, locations, and per-role runs equal to one big run."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from rolegraph.errors import InputError
from rolegraph.validation import (
    CatalogIndex,
    group,
    read_file,
    to_rdf,
    validate_bytes,
    validate_catalog,
    validate_documents,
    validate_paths,
    validate_role,
)
from rolegraph.validation.locate import SourceMap
from rolegraph.validation.report import path_node, path_text
from tests.validation.conftest import ID, Workspace, delete_line, edit_block, facts

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
_ROLE_TOKEN = re.compile(r"(?<=[:/])ai-engineer(?=[.\s;,/>]|$)", re.MULTILINE)


def as_role(text: str, slug: str) -> str:
    """The blueprint (or its links) rewritten for another role; skills and tools stay shared."""
    return _ROLE_TOKEN.sub(slug, text)


@pytest.fixture
def three_roles(tmp_path: Path, facts_text: str, links_text: str) -> Path:
    """A catalog of three roles sharing skills and tools, with mistakes in two of them."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "ai-engineer.ttl").write_text(facts_text)
    (folder / "ai-engineer.links.ttl").write_text(links_text)
    b = delete_line(
        as_role(facts_text, "ml-engineer"), "kpi:ml-engineer.p95-inference-latency", "rg:frequency"
    )
    (folder / "ml-engineer.ttl").write_text(b)
    (folder / "ml-engineer.links.ttl").write_text(as_role(links_text, "ml-engineer"))
    c = as_role(facts_text, "data-engineer")
    c = edit_block(c, "scorecard-dimension:data-engineer.data-engineering-and-sql", "15.0", "5.0")
    c = edit_block(
        c, "skill:systems-thinking", "a rg:SoftSkill", "a rg:SoftSkill , rg:TechnicalSkill"
    )
    (folder / "data-engineer.ttl").write_text(c)
    return folder


def test_whole_catalog_in_parallel_equals_one_big_run(three_roles: Path) -> None:
    documents = [d for path in sorted(three_roles.iterdir()) for d in read_file(path)]
    big_run = validate_documents(documents)
    parallel = validate_catalog([three_roles], workers=2)
    sequential = validate_catalog([three_roles], workers=1)

    assert facts(parallel, with_values=True) == facts(big_run, with_values=True)
    assert parallel.model_dump() == sequential.model_dump()
    assert parallel.counts == big_run.counts
    assert parallel.roles == ["ai-engineer", "data-engineer", "ml-engineer"]
    rules = {f.rule for f in facts(parallel) if f.severity == "Violation"}
    assert {"rgsh:KPI-frequency", "rgsh:Role-scorecard-weights", "rgsh:Skill-kind"} <= rules
    skill_kind = [f for f in facts(parallel) if f.rule == "rgsh:Skill-kind"]
    assert skill_kind == [next(iter(skill_kind))]  # a shared node is reported once


def test_one_role_with_a_catalog_index_sees_what_other_roles_say_about_shared_nodes(
    three_roles: Path,
) -> None:
    units = group([d for path in sorted(three_roles.iterdir()) for d in read_file(path)])
    index = CatalogIndex()
    for unit in units:
        index.add(unit.key, [t for d in unit.documents for t in d.triples])
    ai = next(u for u in units if u.key == "ai-engineer")
    alone = validate_role(ai)
    in_catalog = validate_role(ai, index)
    kind = f"{ID}skill/systems-thinking"
    assert not [n for n in alone.nodes if n.node == kind]
    assert [f.rule_name for n in in_catalog.nodes if n.node == kind for f in n.findings] == [
        "rgsh:Skill-kind"
    ]


@pytest.mark.parametrize(
    ("media_type", "rdf_format"),
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_a_document_in_memory_gives_the_findings_of_the_file(
    media_type: str, rdf_format: ox.RdfFormat, facts_text: str, workspace: Workspace
) -> None:
    broken = delete_line(facts_text, "kpi:ai-engineer.p95-inference-latency", "rg:frequency")
    path = workspace.write(broken, "")
    from_file = validate_paths([path])
    quads = list(ox.parse(broken.encode(), format=ox.RdfFormat.TURTLE))
    body = ox.serialize(quads, format=rdf_format)
    from_body = validate_bytes(body, media_type)
    assert facts(from_body, with_values=True) == facts(from_file, with_values=True)
    assert from_body.roles == ["ai-engineer"]
    node = next(n for n in from_body.nodes if n.node.endswith("p95-inference-latency"))
    assert node.location is not None and node.location.file == "<body>" and node.location.line


def test_unreadable_body_raises_input_error_with_line_and_column() -> None:
    with pytest.raises(InputError) as caught:
        validate_bytes(
            b"@prefix rg: <https://w3id.org/rolegraph/ontology#> .\n<a> rg:b <c\n", "text/turtle"
        )
    assert caught.value.source == "<body>" and caught.value.line == 2 and caught.value.column


def test_unsupported_media_type_raises_input_error() -> None:
    with pytest.raises(InputError, match="unsupported media type"):
        validate_bytes(b"{}", "application/pdf")


def test_a_trig_file_is_split_into_its_role_graphs(
    tmp_path: Path, facts_text: str, links_text: str
) -> None:
    graph = "https://w3id.org/rolegraph/graph/role/ai-engineer"
    facts_quads = ox.parse(facts_text.encode(), format=ox.RdfFormat.TURTLE)
    links_quads = ox.parse(links_text.encode(), format=ox.RdfFormat.TURTLE)
    quads = [ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph)) for q in facts_quads]
    quads += [
        ox.Quad(q.subject, q.predicate, q.object, ox.NamedNode(graph + "/curated"))
        for q in links_quads
    ]
    trig = tmp_path / "export.trig"
    trig.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    workspace = Workspace(tmp_path / "files", facts_text, links_text)
    workspace.folder.mkdir()
    assert facts(validate_paths([trig]), with_values=True) == facts(
        validate_paths([workspace.write()]), with_values=True
    )


def test_nodes_are_located_at_their_first_statement(facts_text: str) -> None:
    source = SourceMap(facts_text)
    lines = facts_text.split("\n")
    kpi = f"{ID}kpi/ai-engineer.p95-inference-latency"
    assert source.subject_line(kpi) == lines.index("kpi:ai-engineer.p95-inference-latency") + 1
    skill = f"{ID}skill/python-for-production-ml-engineering"
    assert (
        lines[source.mention_line(skill) - 1]
        .strip()
        .startswith("rg:skill skill:python-for-production")
    )


def test_turtle_report_is_a_standard_shacl_report(workspace: Workspace, facts_text: str) -> None:
    broken = edit_block(
        facts_text,
        "scorecard-dimension:ai-engineer.data-engineering-and-sql",
        "rg:weightPercent 15.0",
        'rg:weightPercent "15%"',
    )
    report = validate_paths([workspace.write(broken)])
    graph = rdflib.Graph().parse(data=to_rdf(report).serialize(format="turtle"), format="turtle")
    root = graph.value(None, rdflib.RDF.type, SH.ValidationReport)
    assert graph.value(root, SH.conforms) == rdflib.Literal(False)
    results = list(graph.objects(root, SH.result))
    assert len(results) == sum(len(f.constraints) for _n, f in report.findings())
    weight = [
        r
        for r in results
        if str(graph.value(r, SH.sourceShape)).endswith("ScorecardDimension-weight-value")
    ]
    components = {str(graph.value(r, SH.sourceConstraintComponent)).split("#")[1] for r in weight}
    assert "DatatypeConstraintComponent" in components
    assert {graph.value(r, SH.value) for r in weight} == {rdflib.Literal("15%")}
    assert {str(graph.value(r, SH.resultPath)) for r in weight} == {
        "https://w3id.org/rolegraph/ontology#weightPercent"
    }


@pytest.mark.parametrize(
    "path",
    [
        "<https://w3id.org/rolegraph/ontology#frequency>",
        "^<https://w3id.org/rolegraph/ontology#measuresResponsibility>",
        "<https://w3id.org/rolegraph/ontology#toolCategory>/<http://www.w3.org/2004/02/skos/core#inScheme>",
        "(<https://w3id.org/rolegraph/ontology#a>|^<https://w3id.org/rolegraph/ontology#b>)",
    ],
)
def test_result_paths_survive_the_round_trip_to_shacl(path: str) -> None:
    graph = rdflib.Graph()
    node = path_node(graph, path)
    assert path_text(graph, node) == path


def test_shapes_report_inverse_and_sequence_paths_compactly(
    workspace: Workspace, facts_text: str
) -> None:
    broken = edit_block(
        facts_text,
        "tool:docker",
        "rgc:tool-category-containers-orchestration",
        "rgc:tool-category-telepathy",
    )
    report = validate_paths([workspace.write(broken, links_text="")])  # no links: nothing measured
    paths = {f.path for _n, f in report.findings()}
    assert "rg:toolCategory/skos:inScheme" in paths
    assert "^rg:measuresResponsibility" in paths  # responsibilities no KPI measures yet


def test_each_folder_is_a_catalog_of_its_own(
    tmp_path: Path, facts_text: str, links_text: str
) -> None:
    first = Workspace(tmp_path / "a", facts_text, links_text)
    second = Workspace(tmp_path / "b", facts_text, "")  # the same role, without its links
    for space in (first, second):
        space.folder.mkdir()
        space.write()
    both = validate_paths([first.folder, second.folder])
    alone = [validate_paths([first.folder]), validate_paths([second.folder])]
    assert facts(both, with_values=True) == facts(alone[0], with_values=True) | facts(
        alone[1], with_values=True
    )
    assert both.roles == ["ai-engineer"] and len(both.files) == 3


def test_many_roles_in_parallel_are_completed_with_their_companions(three_roles: Path) -> None:
    facts_only = sorted(p for p in three_roles.iterdir() if not p.name.endswith(".links.ttl"))
    parallel = validate_paths(facts_only, workers=2)
    assert facts(parallel, with_values=True) == facts(
        validate_paths([three_roles], workers=1), with_values=True
    )
    assert sum(f.endswith(".links.ttl") for f in parallel.files) == 2
