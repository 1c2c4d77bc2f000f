"""What a role's data graph needs besides the role's own triples.

1. The vocabulary, reduced to what the shapes read: the ontology's rdfs:subClassOf triples
   (so sh:targetClass rg:Skill reaches technical skills; no other inference is needed, so
   pySHACL runs with inference "none") and the schemes' skos:inScheme triples (open-scheme
   values). Closed-scheme values are checked with sh:in and need nothing.
2. The referenced part of the catalog: what other roles' graphs say about the shared nodes
   (roles, skills, tools, minted concepts) the role mentions, plus the type and name of the
   nodes those statements point to. That is all a shape evaluated on the role's nodes can
   see, so validating a role alone gives the findings a whole-catalog run gives for it.
   Items of other roles are never pulled in: links stay within a role.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from rolegraph import catalog, rdfio, resources
from rolegraph.namespaces import RG

if TYPE_CHECKING:
    from rolegraph.store.base import Store

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
FOR_ROLE = str(RG.forRole)
_SECOND_HOP = frozenset({RDF_TYPE, SKOS_PREF_LABEL})


@dataclass(frozen=True)
class Vocabulary:
    """The part of the ontology and schemes validation uses."""

    triples: tuple[ox.Triple, ...]
    """Mixed into every data graph."""
    quads: tuple[ox.Quad, ...]
    """The same, as quads of the default graph."""
    terms: frozenset[str]
    """IRIs the ontology and schemes define (never looked up in the catalog)."""
    class_labels: dict[str, str]
    """Class IRI -> its rdfs:label, to say what kind of thing a node is."""
    labels: dict[str, str]
    """Term IRI -> its label (rdfs:label or skos:prefLabel), to show values."""


@cache
def vocabulary() -> Vocabulary:
    """Read once per process from the shipped ontology and schemes."""
    ontology = rdfio.parse_file(resources.ontology_file())
    schemes = rdfio.parse_file(resources.schemes_file())
    triples = [q.triple for q in ontology if q.predicate.value == RDFS_SUBCLASS_OF]
    triples += [q.triple for q in schemes if q.predicate.value == SKOS_IN_SCHEME]
    terms = {q.subject.value for q in (*ontology, *schemes) if isinstance(q.subject, ox.NamedNode)}
    labels: dict[str, str] = {}
    for q in (*ontology, *schemes):
        if q.predicate.value in (RDFS_LABEL, SKOS_PREF_LABEL) and isinstance(
            q.subject, ox.NamedNode
        ):
            labels.setdefault(q.subject.value, q.object.value)
    classes = {
        q.subject.value
        for q in ontology
        if q.predicate.value == RDF_TYPE and q.object.value == "http://www.w3.org/2002/07/owl#Class"
    }
    return Vocabulary(
        tuple(triples),
        tuple(ox.Quad(t.subject, t.predicate, t.object) for t in triples),
        frozenset(terms),
        {c: labels[c] for c in classes if c in labels},
        labels,
    )


Statement = ox.Triple | ox.Quad
"""A triple, or a quad of the default graph (what the parser gives)."""


class ContextSource(Protocol):
    """Where the referenced part of the catalog comes from: files, or a store."""

    def context_for(self, role: str | None, triples: Sequence[Statement]) -> list[ox.Triple]:
        """What the rest of the catalog says about the shared nodes `triples` mention
        (triples, or quads of the default graph)."""
        ...


def references(triples: Iterable[ox.Triple | ox.Quad], exclude: Iterable[str] = ()) -> set[str]:
    """IRIs mentioned (as subject or object) that are not vocabulary terms."""
    terms = vocabulary().terms
    nodes = set()
    for t in triples:
        nodes.add(t.subject)
        nodes.add(t.object)
    found = {n.value for n in nodes if type(n) is ox.NamedNode} - terms
    return found - set(exclude)


class CatalogIndex:
    """What the roles' graphs say about shared nodes, by subject (items are left out).

    Every role re-declares the shared skills and tools it uses, so a statement is kept once,
    with the first unit that made it and how many did: a role's context is what *other* units
    say, without a thousand copies of the same label.
    """

    def __init__(self) -> None:
        self._by_subject: dict[str, dict[ox.Triple, tuple[str, int]]] = defaultdict(dict)

    def add(self, key: str, triples: Sequence[ox.Triple]) -> None:
        """Index the non-item statements of one unit (`key`: its role, or another name)."""
        items = {t.subject.value for t in triples if t.predicate.value == FOR_ROLE}
        for t in set(triples):
            if isinstance(t.subject, ox.NamedNode) and t.subject.value not in items:
                statements = self._by_subject[t.subject.value]
                first, count = statements.get(t, (key, 0))
                statements[t] = (first, count + 1)

    def __len__(self) -> int:
        return len(self._by_subject)

    def describe(
        self, iris: Iterable[str], skip: str | None, predicates: frozenset[str] | None = None
    ) -> list[ox.Triple]:
        """Statements about `iris` made by a unit other than `skip`."""
        found: list[ox.Triple] = []
        for iri in iris:
            for triple, (first, count) in self._by_subject.get(iri, {}).items():
                if (count > 1 or first != skip) and (
                    predicates is None or triple.predicate.value in predicates
                ):
                    found.append(triple)
        return found

    def context_for(self, role: str | None, triples: Sequence[Statement]) -> list[ox.Triple]:
        return self.context_from(role, references(triples))

    def context_from(self, key: str | None, refs: set[str]) -> list[ox.Triple]:
        """The context of a unit that mentions `refs` (its own statements are skipped)."""
        first = self.describe(sorted(refs), key)
        second_refs = references(first, exclude=refs)
        return first + self.describe(sorted(second_refs), key, _SECOND_HOP)


class StoreContext:
    """The referenced catalog read from a store (the service's), without the role's own graphs."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def graphs_except(self, role: str | None) -> list[str]:
        own = (
            set()
            if role is None
            else {
                catalog.facts_graph(role),
                catalog.curated_graph(role),
                catalog.inferred_graph(role),
            }
        )
        skip = own | {
            catalog.ONTOLOGY_GRAPH,
            catalog.SCHEMES_GRAPH,
            catalog.SHAPES_GRAPH,
            catalog.SYSTEM_GRAPH,
        }
        return [g for g in self.store.graphs() if g not in skip]

    def graph(self, iri: str) -> list[ox.Triple]:
        """A whole named graph (empty when it does not exist)."""
        if iri not in self.store.graphs():
            return []
        return self.store.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", default_graph=[iri]
        )

    def context_for(self, role: str | None, triples: Sequence[Statement]) -> list[ox.Triple]:
        graphs = self.graphs_except(role)
        if not graphs:
            return []
        own = {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode)}
        refs = references(triples)
        first = self._describe(sorted(refs), graphs, full=True)
        second_refs = references(first, exclude=refs | own)
        return first + self._describe(sorted(second_refs), graphs, full=False)

    def _describe(self, iris: list[str], graphs: list[str], *, full: bool) -> list[ox.Triple]:
        found: list[ox.Triple] = []
        predicate = "" if full else "VALUES ?p { rdf:type skos:prefLabel }"
        for start in range(0, len(iris), 200):
            values = " ".join(f"<{iri}>" for iri in iris[start : start + 200])
            query = (
                "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
                "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
                f"PREFIX rg: <{RG}>\n"
                "CONSTRUCT { ?s ?p ?o } WHERE {\n"
                f"  VALUES ?s {{ {values} }} {predicate}\n"
                "  ?s ?p ?o .\n"
                "  FILTER NOT EXISTS { ?s rg:forRole ?role }\n"
                "}"
            )
            found += self.store.construct(query, default_graph=graphs)
        return found
