"""Materialise the ontology's derived relations (OWL 2 property chains).

`rg:kpiRelatesToSkill owl:propertyChainAxiom (rg:measuresResponsibility rg:requiresSkill)`
means: KPI --measures--> responsibility --requires--> skill  implies  KPI --relatesTo--> skill.
Stores do not reason, so the loader writes these triples into each role's `inferred` graph
(provenance: derived by inference). Only chains declared in the ontology are applied: the
ontology is the one definition of what is derived.

The functions are term-agnostic: triples may hold rdflib or pyoxigraph terms, as long as one
kind is used throughout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, Graph, URIRef
from rdflib.collection import Collection

Triple = tuple[Hashable, Hashable, Hashable]


@dataclass(frozen=True)
class ChainStep:
    predicate: str
    inverse: bool = False


@dataclass(frozen=True)
class PropertyChain:
    """`derived` holds between x and y when the steps lead from x to y."""

    derived: str
    steps: tuple[ChainStep, ...]


def property_chains(ontology: Graph) -> list[PropertyChain]:
    """All `owl:propertyChainAxiom`s of the ontology, in a stable order."""
    chains = []
    for prop, head in ontology.subject_objects(OWL.propertyChainAxiom):
        steps = []
        for member in Collection(ontology, head):
            inverse_of = ontology.value(member, OWL.inverseOf)
            if inverse_of is not None:
                steps.append(ChainStep(str(inverse_of), inverse=True))
            elif isinstance(member, URIRef):
                steps.append(ChainStep(str(member)))
            else:
                raise ValueError(f"unsupported property chain member on {prop}: {member!r}")
        chains.append(PropertyChain(str(prop), tuple(steps)))
    return sorted(chains, key=lambda c: c.derived)


def inverse_pairs(ontology: Graph, derived: Iterable[str]) -> list[tuple[str, str]]:
    """(inverse, derived) for every named property declared `owl:inverseOf` a derived one."""
    wanted = set(derived)
    pairs = []
    for left, right in ontology.subject_objects(OWL.inverseOf):
        if not isinstance(left, URIRef) or not isinstance(right, URIRef):
            continue
        if str(right) in wanted:
            pairs.append((str(left), str(right)))
        elif str(left) in wanted:
            pairs.append((str(right), str(left)))
    return sorted(pairs)


def superclasses(ontology: Graph, namespace: str) -> dict[str, frozenset[str]]:
    """Class IRI -> all its superclasses (transitively) whose IRI is in `namespace`.

    Lets `?x a rg:Skill` find technical and soft skills without a reasoner; external
    superclasses (skos:Concept, prov:Entity) are left to the ontology.
    """
    direct: dict[str, set[str]] = defaultdict(set)
    for sub, sup in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef):
            direct[str(sub)].add(str(sup))
    closure: dict[str, frozenset[str]] = {}
    for cls in direct:
        seen: set[str] = set()
        todo = list(direct[cls])
        while todo:
            sup = todo.pop()
            if sup not in seen:
                seen.add(sup)
                todo.extend(direct.get(sup, ()))
        supers = frozenset(s for s in seen if s.startswith(namespace))
        if supers and cls.startswith(namespace):
            closure[cls] = supers
    return closure


def derive_types(
    closure: dict[str, frozenset[str]], triples: Iterable[Triple], make_node: type = URIRef
) -> set[Triple]:
    """`x a Super` for every `x a C` whose class C has superclasses in `closure`."""
    type_predicate = make_node(str(RDF.type))
    typed: dict[Hashable, set[str]] = defaultdict(set)
    for s, p, o in triples:
        if _iri(p) == str(RDF.type):
            typed[s].add(_iri(o))
    derived: set[Triple] = set()
    for subject, classes in typed.items():
        for cls in classes:
            for sup in closure.get(cls, ()):
                if sup not in classes:
                    derived.add((subject, type_predicate, make_node(sup)))
    return derived


def chain_predicates(chains: Iterable[PropertyChain]) -> set[str]:
    """The predicates any chain reads: only triples with these need to be passed in."""
    return {step.predicate for chain in chains for step in chain.steps}


def derive(
    chains: Iterable[PropertyChain],
    triples: Iterable[Triple],
    make_predicate: type = URIRef,
) -> set[Triple]:
    """Triples implied by `chains` over `triples` (single pass; chains do not feed each other).

    `make_predicate` builds the predicate term of derived triples from its IRI string
    (``rdflib.URIRef`` or ``pyoxigraph.NamedNode``); input predicates are compared by IRI.
    """
    forward: dict[str, dict[Hashable, set[Hashable]]] = defaultdict(lambda: defaultdict(set))
    backward: dict[str, dict[Hashable, set[Hashable]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        iri = _iri(p)
        forward[iri][s].add(o)
        backward[iri][o].add(s)

    derived: set[Triple] = set()
    for chain in chains:
        first = chain.steps[0]
        index = backward if first.inverse else forward
        for start in list(index[first.predicate]):
            frontier = {start}
            for step in chain.steps:
                edges = backward[step.predicate] if step.inverse else forward[step.predicate]
                frontier = {nxt for node in frontier for nxt in edges.get(node, ())}
                if not frontier:
                    break
            predicate = make_predicate(chain.derived)
            derived.update((start, predicate, end) for end in frontier)
    return derived


def with_inverses(
    derived: set[Triple], inverses: Iterable[tuple[str, str]], make_predicate: type = URIRef
) -> set[Triple]:
    """`derived` plus the triples of properties declared inverse of a derived property."""
    result = set(derived)
    for inverse, of in inverses:
        predicate = make_predicate(inverse)
        result.update((o, predicate, s) for s, p, o in derived if _iri(p) == of)
    return result


def _iri(term: Hashable) -> str:
    value = getattr(term, "value", None)  # pyoxigraph.NamedNode
    return value if isinstance(value, str) else str(term)
