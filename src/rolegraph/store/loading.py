"""What a load writes: each file's quads in its named graph, plus each role's inferred graph.

Statements about shared concepts (skills, tools, career-step roles, concepts a blueprint
mints) move from the blueprints to ``graph:shared``, merged with what it already holds, so
each is stored once however many roles use it.

Backends only decide *how* to write the graphs planned here. Files are parsed with `rdfio`
(errors carry file:line:column). A role's inferred graph is derived with the ontology's
property chains over the role's facts and curated links; graphs not being loaded are read
from the store, so loading only a role's `.links.ttl` still refreshes its derived links.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence

import pyoxigraph as ox
import rdflib

from rolegraph import catalog, inference, rdfio
from rolegraph.catalog import GraphKind, GraphSource
from rolegraph.namespaces import RG, RGC, role_iri

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SKOS_CONCEPT = "http://www.w3.org/2004/02/skos/core#Concept"
SKOS_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
DESCRIBES_ROLE = str(RG.describesRole)
PROV_DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"

FetchGraph = Callable[[str], list[ox.Triple] | None]
"""Reads a named graph from the store: its triples, or None when the graph does not exist."""


def plan_load(sources: Sequence[GraphSource], fetch: FetchGraph) -> dict[str, list[ox.Triple]]:
    """Graph IRI -> the triples it must hold after loading `sources` (graphs replaced whole)."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for source in sources:
        for quad in rdfio.parse_file(source.path):
            graph = quad.graph_name
            target = source.graph if isinstance(graph, ox.DefaultGraph) else _graph_iri(graph)
            graphs[target].append(quad.triple)
    facts = [(s.graph, s.role) for s in sources if s.kind is GraphKind.FACTS]
    if facts:
        graphs[catalog.SHARED_GRAPH] = _shared_graph(facts, graphs, fetch)
    roles = sorted(
        {s.role for s in sources if s.role and s.kind in (GraphKind.FACTS, GraphKind.CURATED)}
    )
    ontology = _ontology(graphs, fetch)
    if ontology is None:
        return dict(graphs)  # no ontology loaded: nothing to derive
    closure = inference.superclasses(ontology, str(RG))
    if catalog.SHARED_GRAPH in graphs:
        shared = graphs[catalog.SHARED_GRAPH]
        types = inference.derive_types(
            closure, ((t.subject, t.predicate, t.object) for t in shared), make_node=ox.NamedNode
        )
        graphs[catalog.SHARED_GRAPH] = sorted(
            set(shared) | {ox.Triple(s, p, o) for s, p, o in types}, key=str
        )
    if roles:
        graphs.update(_inferred_graphs(roles, graphs, fetch, ontology, closure))
    return dict(graphs)


def _ontology(graphs: dict[str, list[ox.Triple]], fetch: FetchGraph) -> rdflib.Graph | None:
    triples = _graph(catalog.ONTOLOGY_GRAPH, graphs, fetch)
    if not triples:
        return None
    return rdfio.triples_to_rdflib(ox.Quad(t.subject, t.predicate, t.object) for t in triples)


_SHARED_CLASSES = frozenset(
    str(RG[name]) for name in ("Skill", "TechnicalSkill", "SoftSkill", "Tool", "Role")
) | {SKOS_CONCEPT, SKOS_SCHEME}


def _shared_graph(
    facts_graphs: Iterable[tuple[str, str | None]],
    graphs: dict[str, list[ox.Triple]],
    fetch: FetchGraph,
) -> list[ox.Triple]:
    """Move shared-concept statements out of the facts graphs; the merged shared graph.

    The role a blueprint describes stays with its facts (named by `rg:describesRole`, or by
    the file's role slug); other roles it mentions (career steps) are shared.
    """
    shared = (
        set(fetch(catalog.SHARED_GRAPH) or ())
        if catalog.SHARED_GRAPH not in graphs
        else set(graphs[catalog.SHARED_GRAPH])
    )
    for iri, role in facts_graphs:
        triples = graphs[iri]
        described = {t.object for t in triples if t.predicate.value == DESCRIBES_ROLE}
        described |= {
            t.subject
            for t in triples
            if role
            and isinstance(t.subject, ox.NamedNode)
            and t.subject.value.endswith(f"/role/{role}")
        }
        subjects = {
            t.subject
            for t in triples
            if t.predicate.value == RDF_TYPE
            and t.object.value in _SHARED_CLASSES
            and t.subject not in described
        }
        shared.update(t for t in triples if t.subject in subjects)
        graphs[iri] = [t for t in triples if t.subject not in subjects]
    return sorted(shared, key=str)


def _graph_iri(graph: ox.NamedNode | ox.BlankNode) -> str:
    if isinstance(graph, ox.NamedNode):
        return graph.value
    raise ValueError("a quad file names a graph with a blank node; use an IRI")


def _inferred_graphs(
    roles: Iterable[str],
    graphs: dict[str, list[ox.Triple]],
    fetch: FetchGraph,
    ontology_graph: rdflib.Graph,
    closure: dict[str, frozenset[str]],
) -> dict[str, list[ox.Triple]]:
    chains = inference.property_chains(ontology_graph)
    inverses = inference.inverse_pairs(ontology_graph, (c.derived for c in chains))
    predicates = inference.chain_predicates(chains)
    inferred: dict[str, list[ox.Triple]] = {}
    for role in roles:
        facts = _graph(catalog.facts_graph(role), graphs, fetch) or []
        curated = _graph(catalog.curated_graph(role), graphs, fetch) or []
        links = [
            (t.subject, t.predicate, t.object)
            for t in (*facts, *curated)
            if t.predicate.value in predicates
        ]
        derived = inference.with_inverses(
            inference.derive(chains, links, make_predicate=ox.NamedNode),
            inverses,
            make_predicate=ox.NamedNode,
        )
        derived |= inference.derive_types(
            closure, ((t.subject, t.predicate, t.object) for t in facts), make_node=ox.NamedNode
        )
        if not derived:
            continue
        graph_iri = catalog.inferred_graph(role)
        inferred[graph_iri] = _header(graph_iri, role, facts) + sorted(
            (ox.Triple(s, p, o) for s, p, o in derived), key=str
        )
    return inferred


def _graph(
    iri: str, graphs: dict[str, list[ox.Triple]], fetch: FetchGraph
) -> list[ox.Triple] | None:
    return graphs[iri] if iri in graphs else fetch(iri)


def _header(graph_iri: str, role: str, facts: list[ox.Triple]) -> list[ox.Triple]:
    """`<inferred> a rg:LinkSet ; rg:linkProvenance inferred ; rg:aboutRole <role> ; ...`."""
    graph = ox.NamedNode(graph_iri)
    return [
        ox.Triple(graph, ox.NamedNode(RDF_TYPE), ox.NamedNode(str(RG.LinkSet))),
        ox.Triple(
            graph,
            ox.NamedNode(str(RG.linkProvenance)),
            ox.NamedNode(str(RGC["link-provenance-inferred"])),
        ),
        ox.Triple(graph, ox.NamedNode(str(RG.aboutRole)), _role_node(role, facts)),
        ox.Triple(
            graph, ox.NamedNode(PROV_DERIVED_FROM), ox.NamedNode(catalog.curated_graph(role))
        ),
        ox.Triple(graph, ox.NamedNode(PROV_DERIVED_FROM), ox.NamedNode(catalog.facts_graph(role))),
    ]


def _role_node(role: str, facts: list[ox.Triple]) -> ox.NamedNode:
    """The role's IRI as the facts spell it (the importer's base may differ from the default)."""
    typed = [
        t.subject
        for t in facts
        if t.predicate.value == RDF_TYPE
        and t.object == ox.NamedNode(str(RG.Role))
        and isinstance(t.subject, ox.NamedNode)
    ]
    for node in typed:
        if node.value.endswith("/role/" + role):
            return node
    return typed[0] if len(typed) == 1 else ox.NamedNode(role_iri(role))


def as_quads(graphs: dict[str, list[ox.Triple]]) -> list[ox.Quad]:
    """The planned graphs as quads."""
    quads = []
    for iri, triples in graphs.items():
        graph = ox.NamedNode(iri)
        quads.extend(ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples)
    return quads
