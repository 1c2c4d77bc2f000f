"""Property chains and inverses of the ontology, materialised by `rolegraph.inference`."""

from __future__ import annotations

from rdflib import RDF, Graph, URIRef

from rolegraph import inference, resources
from rolegraph.namespaces import RG

KPI, RESP, RESP2, SKILL, TOOL, HOLDER = (
    URIRef(f"urn:x:{n}") for n in ["k", "r", "r2", "s", "t", "h"]
)


def _ontology() -> Graph:
    graph = Graph()
    graph.parse(resources.ontology_file())
    return graph


def test_chains_and_inverses_come_from_the_ontology() -> None:
    onto = _ontology()
    chains = inference.property_chains(onto)
    assert {c.derived for c in chains} == {
        str(RG.kpiRelatesToSkill),
        str(RG.toolSupportsKPI),
        str(RG.stakeholderConcernedWithSkill),
    }
    pairs = inference.inverse_pairs(onto, (c.derived for c in chains))
    assert pairs == [(str(RG.skillRelatesToKPI), str(RG.kpiRelatesToSkill))]


def test_derivation_follows_forward_and_inverse_steps_only_through_links() -> None:
    onto = _ontology()
    chains = inference.property_chains(onto)
    triples = [
        (KPI, RG.measuresResponsibility, RESP),
        (RESP, RG.requiresSkill, SKILL),
        (RESP, RG.usesTool, TOOL),
        (RESP, RG.involvesStakeholder, HOLDER),
        (RESP2, RG.requiresSkill, URIRef("urn:x:unrelated-skill")),
    ]
    derived = inference.with_inverses(
        inference.derive(chains, triples),
        inference.inverse_pairs(onto, [str(RG.kpiRelatesToSkill)]),
    )
    assert derived == {
        (KPI, RG.kpiRelatesToSkill, SKILL),
        (SKILL, RG.skillRelatesToKPI, KPI),
        (TOOL, RG.toolSupportsKPI, KPI),
        (HOLDER, RG.stakeholderConcernedWithSkill, SKILL),
    }


def test_superclass_types_stay_in_the_rolegraph_namespace() -> None:
    closure = inference.superclasses(_ontology(), str(RG))
    assert closure[str(RG.TechnicalSkill)] == {str(RG.Skill)}
    assert closure[str(RG.KPI)] == {str(RG.BlueprintItem)}
    assert str(RG.Role) not in closure  # its superclasses (org:Role, skos:Concept) are external
    derived = inference.derive_types(
        closure, [(SKILL, URIRef(str(RDF.type)), RG.TechnicalSkill), (KPI, RDF.type, RG.KPI)]
    )
    assert derived == {(SKILL, RDF.type, RG.Skill), (KPI, RDF.type, RG.BlueprintItem)}
