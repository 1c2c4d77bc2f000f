"""The compiled engine gives pySHACL's results: on every broken edit, edge cases, other shapes.

The compiled engine (rolegraph.validation.compiled) is the default; pySHACL is the reference.
Each test validates the same data with both and compares the whole report (findings, values,
messages, paths, names and lines), or the raw results where no report is built.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from pyshacl import Validator

from rolegraph.validation import engine, locate, read_file, validate_catalog
from rolegraph.validation.compiled import CompiledShape, CompiledShapes, WholeShape
from rolegraph.validation.dataview import DataView
from rolegraph.validation.locate import SourceMap
from rolegraph.validation.pyshacl_graph import DataGraph
from rolegraph.validation.results import RawResult, from_report_graph
from rolegraph.validation.run import validate_documents
from rolegraph.validation.shapes import harvest
from tests.validation.conftest import ID, Workspace, facts, links_graph
from tests.validation.test_broken_edits import CASES, Case
from tests.validation.test_library import as_role

RG = "https://w3id.org/rolegraph/ontology#"


def both(paths: list[Path]) -> tuple[dict, dict]:
    documents = [d for path in paths for d in read_file(path)]
    reference = validate_documents(documents, engine_name="pyshacl")
    fast = validate_documents(documents, engine_name="compiled")
    return reference.model_dump(), fast.model_dump()


def test_the_shipped_shapes_compile_without_leaving_a_shape_to_pyshacl() -> None:
    shapes = engine.compiled()
    assert shapes.supported
    assert not shapes.whole
    delegated = {
        type(component).__name__
        for shape in shapes.shapes
        if isinstance(shape, CompiledShape) and shape.targeted
        for component in shape.delegated
    }
    assert delegated == {"FastSparqlConstraint"}  # the rules across a role (rules.ttl)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_compiled_engine_reports_what_pyshacl_reports(case: Case, workspace: Workspace) -> None:
    graph = links_graph(workspace.links_text)
    facts_text, links_text = case.apply(workspace.facts_text, workspace.links_text, graph)
    workspace.write(facts_text, links_text)
    reference, fast = both([workspace.facts, workspace.links])
    assert reference["nodes"], "the edit produced findings"
    assert fast == reference


EDGE_CASES = """
@prefix rg: <https://w3id.org/rolegraph/ontology#> .
@prefix rgc: <https://w3id.org/rolegraph/concept/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix kpi: <https://w3id.org/rolegraph/id/kpi/> .
@prefix role: <https://w3id.org/rolegraph/id/role/> .

kpi:ai-engineer.p95-inference-latency rg:position "01"^^xsd:integer , "1"^^xsd:integer .
kpi:ai-engineer.pipeline-success-rate rg:position "abc"^^xsd:integer ;
    skos:prefLabel "Pipeline"@EN-gb , "Pipeline"^^xsd:string ;
    rg:frequency "weekly" , [ skos:prefLabel "a blank node"@en ] .
<https://w3id.org/rolegraph/id/scorecard-dimension/ai-engineer.data-engineering-and-sql>
    rg:weightPercent "1.50"^^xsd:decimal , "-3"^^xsd:integer , "x"@en , true .
<https://w3id.org/rolegraph/id/tool/docker> rg:toolCategory _:b1 .
_:b1 skos:inScheme rgc:tool-category .
role:ai-engineer rg:roleHorizon 3 .
"""


def test_edge_cases_of_terms_give_pyshacl_results(workspace: Workspace, facts_text: str) -> None:
    workspace.write(facts_text + EDGE_CASES)
    reference, fast = both([workspace.facts, workspace.links])
    rules = {f.rule for f in facts(reference)}
    assert {"rgsh:Item-position", "rgsh:label-language", "rgsh:Tool-category"} <= rules
    assert fast == reference


def test_a_literal_where_a_concept_belongs_is_reported(
    workspace: Workspace, facts_text: str
) -> None:
    # pySHACL 0.40 on oxigraph fails here (it looks up skos:inScheme of the literal)
    tool = "<https://w3id.org/rolegraph/id/tool/docker>"
    workspace.write(facts_text + f'\n{tool} <{RG}toolCategory> "containers" .\n')
    documents = [d for path in (workspace.facts, workspace.links) for d in read_file(path)]
    report = validate_documents(documents, engine_name="compiled")
    docker = next(n for n in report.nodes if n.node.endswith("/tool/docker"))
    # two categories now; the other one is of the scheme, so the scheme check passes
    assert [(f.rule_name, f.path) for f in docker.findings] == [
        ("rgsh:Tool-category", "rg:toolCategory")
    ]


def test_a_catalog_gives_pyshacl_results(
    tmp_path: Path, facts_text: str, links_text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for slug in ("ai-engineer", "ml-engineer"):
        (folder / f"{slug}.ttl").write_text(as_role(facts_text, slug))
    (folder / "ai-engineer.links.ttl").write_text(links_text)  # ml-engineer has no links yet
    fast = validate_catalog([folder], workers=1).model_dump()
    monkeypatch.setenv(engine.ENGINE_VARIABLE, "pyshacl")
    reference = validate_catalog([folder], workers=1).model_dump()
    assert reference["nodes"] and fast == reference


def test_an_unknown_engine_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(engine.ENGINE_VARIABLE, "fastest")
    with pytest.raises(ValueError, match="pyshacl"):
        engine.validate_triples([])


# Shapes beyond the shipped ones: what the compiler leaves to pySHACL gives pySHACL's results.

OTHER_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .

ex:Named a sh:NodeShape ; sh:targetClass ex:Thing ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:pattern "^[A-Z]" ;
                  sh:message "Names start upper-case."@en ] .
ex:NoMessage a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ;
    sh:maxCount 1 ; sh:datatype xsd:integer .
ex:Reachable a sh:PropertyShape ; sh:targetSubjectsOf ex:next ;
    sh:path [ sh:zeroOrMorePath ex:next ] ; sh:class ex:Thing ;
    sh:message "Everything reachable is a thing."@en .
ex:Nested a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:part ;
    sh:node ex:PartShape ; sh:message "Parts are well-formed."@en .
ex:PartShape a sh:NodeShape ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:Either a sh:PropertyShape ; sh:targetNode ex:a , ex:nowhere ; sh:path ex:kind ;
    sh:qualifiedValueShape [ sh:in ( ex:x ex:y ) ] ; sh:qualifiedMinCount 1 ;
    sh:qualifiedMaxCount 1 ; sh:message "One kind."@en .
ex:Sub rdfs:subClassOf ex:Thing .
ex:Range a sh:PropertyShape ; sh:targetObjectsOf ex:part ; sh:path [ sh:inversePath ex:part ] ;
    sh:maxCount 1 ; sh:nodeKind sh:IRI ; sh:message "One whole per part."@en .
ex:Size a sh:PropertyShape ; sh:targetClass ex:Thing ; sh:path ex:size ;
    sh:maxExclusive 10 ; sh:minInclusive 0 ; sh:message "Sizes 0 to 9."@en .
"""

OTHER_DATA = """
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:Sub rdfs:subClassOf ex:Thing .
ex:a a ex:Sub ; ex:name "alpha" ; ex:size 3 , 12 ; ex:next ex:b ; ex:part ex:p1 , _:p2 ;
    ex:kind ex:x , ex:y .
ex:b ex:next ex:c ; ex:part ex:p1 .
ex:c a ex:Thing ; ex:name "Gamma" ; ex:size "big" ; ex:kind ex:z .
ex:p1 ex:name "Part" .
"""


def pyshacl_results(shapes: rdflib.Graph, quads: list[ox.Quad]) -> list[RawResult]:
    store = ox.Store()
    store.extend(quads)
    validator = Validator(
        DataGraph(store),
        shacl_graph=shapes,
        options={"inference": "none", "advanced": True, "inplace": True},
    )
    return from_report_graph(validator.run()[1])


def test_shapes_the_compiler_leaves_to_pyshacl_give_pyshacl_results() -> None:
    shapes = rdflib.Graph().parse(data=OTHER_SHAPES, format="turtle")
    quads = list(ox.parse(OTHER_DATA.encode(), format=ox.RdfFormat.TURTLE))
    compiled = CompiledShapes(harvest(shapes))
    whole = {str(s.shape.node) for s in compiled.shapes if isinstance(s, WholeShape)}
    assert whole == {"http://example.org/Reachable"}
    reference = pyshacl_results(shapes, quads)
    fast = compiled.validate(DataView(quads))
    assert len(reference) > 8
    assert sorted(map(repr, fast)) == sorted(map(repr, reference))


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_lines_of_subjects_are_found_as_line_by_line(
    facts_text: str, links_text: str, newline: str
) -> None:
    for text in (facts_text, links_text):
        source = SourceMap(text.replace("\n", newline))
        lines = source._subject_lines
        assert len(lines) > 50
        assert lines == source._subject_lines_of_any_text()


def test_prefixes_are_read_as_a_full_scan_reads_them(facts_text: str) -> None:
    text = facts_text + "\n# PREFIX late: <https://example.org/late#>\n@prefix z: <urn:z:> .\n"
    source = SourceMap(text)
    full: dict[str, str] = {}
    for pattern in (locate._TURTLE_PREFIX, locate._SPARQL_PREFIX, locate._JSONLD_PREFIX):
        for prefix, namespace in pattern.findall(text):
            full.setdefault(prefix or "", namespace)
    assert source.prefixes == full and full["z"] == "urn:z:"


# rules.ttl writes "no such statement" as OPTIONAL + !BOUND (FILTER NOT EXISTS is 7x slower
# in oxigraph); the answers are those of the FILTER NOT EXISTS form.
NOT_EXISTS_FORMS = {
    "Role-technical-skills-required": """
        SELECT $this ?value ?skillName WHERE {
            ?value a rg:SkillRequirement ; rg:forRole $this ; rg:skill ?skill .
            ?skill a rg:TechnicalSkill .
            OPTIONAL { ?skill skos:prefLabel ?label }
            BIND (COALESCE(STR(?label), STR(?skill)) AS ?skillName)
            FILTER NOT EXISTS { ?responsibility rg:requiresSkill ?skill ; rg:forRole $this . }
        }""",
    "Role-tools-used": """
        SELECT $this ?value ?toolName WHERE {
            ?value a rg:ToolUsage ; rg:forRole $this ; rg:tool ?tool .
            FILTER (isIRI(?tool))
            OPTIONAL { ?tool skos:prefLabel ?label }
            BIND (COALESCE(STR(?label), STR(?tool)) AS ?toolName)
            FILTER NOT EXISTS { ?responsibility rg:usesTool ?tool ; rg:forRole $this . }
            FILTER NOT EXISTS {
                ?tool rg:toolSupportsSkill ?skill .
                ?responsibility rg:requiresSkill ?skill ; rg:forRole $this .
            }
        }""",
}
PREFIXES = (
    "PREFIX rg: <https://w3id.org/rolegraph/ontology#>\n"
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
)


def unlinked(links_text: str, facts_text: str) -> str:
    """The links without any requirement of one technical skill and any use of one tool."""
    links = links_graph(links_text)
    facts_graph = rdflib.Graph().parse(data=facts_text, format="turtle")
    technical = set(facts_graph.subjects(rdflib.RDF.type, rdflib.URIRef(RG + "TechnicalSkill")))
    requires, uses = rdflib.URIRef(RG + "requiresSkill"), rdflib.URIRef(RG + "usesTool")
    skill = sorted(o for o in set(links.objects(None, requires)) if o in technical)[0]
    tool = sorted(set(links.objects(None, uses)))[0]
    links.remove((None, requires, skill))
    links.remove((None, uses, tool))
    links.remove((tool, rdflib.URIRef(RG + "toolSupportsSkill"), None))
    return links.serialize(format="turtle")


def test_rules_across_a_role_answer_as_their_not_exists_form(
    workspace: Workspace, facts_text: str, links_text: str
) -> None:
    workspace.write(facts_text, unlinked(links_text, facts_text))
    reference, fast = both([workspace.facts, workspace.links])
    assert fast == reference
    rules = {f.rule for f in facts(fast)}
    assert {"rgsh:Role-technical-skills-required", "rgsh:Role-tools-used"} <= rules

    documents = [d for path in (workspace.facts, workspace.links) for d in read_file(path)]
    store = DataView([q for d in documents for q in d.quads]).store
    role = {ox.Variable("this"): ox.NamedNode(f"{ID}role/ai-engineer")}
    shapes = engine.shapes_graph()
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    for name, not_exists in NOT_EXISTS_FORMS.items():
        shape = rdflib.URIRef(f"https://w3id.org/rolegraph/shapes#{name}")
        select = str(shapes.value(shapes.value(shape, sh.sparql), sh.select))
        assert "!BOUND" in select and "NOT EXISTS {" not in select

        def answers(text: str) -> set[tuple[str, ...]]:
            solutions = store.query(PREFIXES + text, substitutions=role)
            return {tuple(str(v) for v in solution) for solution in solutions}

        assert answers(select) == answers(not_exists) != set()


def test_subject_lines_found_by_search_are_those_of_a_full_reading(
    facts_text: str, links_text: str
) -> None:
    extra = (
        "\n<https://w3id.org/rolegraph/id/kpi/ai-engineer.p95-inference-latency>;x a rg:KPI .\n"
        "kpi:ai-engineer.pipeline-success-rate.;, rg:position 1 .\n"
        "kpi:ai-engineer.pipeline-success-rate-x rg:position 1 .\n"
    )
    mentioned = {
        q.object.value
        for text in (facts_text, links_text)
        for q in ox.parse(text.encode(), format=ox.RdfFormat.TURTLE)
        if isinstance(q.object, ox.NamedNode)
    }
    mentioned |= {f"{ID}kpi/nothing", "https://w3id.org/rolegraph/"}
    for text in (facts_text, links_text, facts_text + extra):
        source = SourceMap(text)
        assert not source._read_line_by_line
        iris = set(source._subject_lines) | mentioned
        assert {iri: source.subject_line(iri) for iri in iris} == {
            iri: source._subject_lines.get(iri) for iri in iris
        }
    escaped = SourceMap(facts_text + "\nkpi:ai\\-engineer.p95 rg:position 2 .\n")
    assert escaped._read_line_by_line
    assert escaped.subject_line(f"{ID}kpi/ai-engineer.p95") == facts_text.count("\n") + 2
