"""A data graph held as Python indexes over pyoxigraph terms, for the compiled shapes.

pySHACL asks its data graph for the objects of a subject and predicate (and the like) tens of
thousands of times per role, converting every term between oxigraph and rdflib on the way.
`DataView` answers those lookups from dictionaries built once, in the terms the parser made,
and keeps a pyoxigraph store beside them for the parts that are SPARQL (SPARQL targets and
SHACL-SPARQL constraints) and for naming nodes in the report.

Value sets follow pySHACL's identity of terms (rdflib's): typed literals of other datatypes
than strings are compared by their rdflib form, where "01"^^xsd:integer equals "1".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import Any

import pyoxigraph as ox
import rdflib

from rolegraph.validation.pyshacl_graph import DataGraph, to_rdf

XSD_STRING = ox.NamedNode("http://www.w3.org/2001/XMLSchema#string")
RDF_LANG_STRING = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#langString")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")

Node = Any
"""A term of the view: a pyoxigraph term, or an rdflib Literal (see `key`)."""


@lru_cache(maxsize=20_000)
def _typed_key(literal: ox.Literal) -> rdflib.Literal:
    return to_rdf(literal)


def key(term: Node) -> Node:
    """The identity pySHACL gives `term`: itself, or its rdflib form (typed non-string literals)."""
    if isinstance(term, ox.Literal):
        datatype = term.datatype
        if term.language is None and datatype != XSD_STRING:
            return _typed_key(term)
    return term


def rdf(term: Node) -> rdflib.term.Node:
    """The rdflib term (as pySHACL's oxigraph graph converts it)."""
    return term if isinstance(term, rdflib.term.Node) else to_rdf(term)


class DataView:
    """The statements of one validation, indexed by subject and by predicate.

    Objects are held as `key`s, so value sets have pySHACL's identity of terms and a value
    can be looked up as a subject or object as it is.
    """

    def __init__(self, quads: Iterable[ox.Quad]) -> None:
        self.quads = quads if isinstance(quads, list) else list(quads)
        spo: dict[Node, dict[Node, list[Node]]] = {}
        string = XSD_STRING
        for s, p, o, _graph in self.quads:
            if type(o) is ox.Literal and o.language is None and o.datatype != string:
                o = _typed_key(o)
            by_predicate = spo.get(s)
            if by_predicate is None:
                spo[s] = {p: [o]}
            else:
                objects = by_predicate.get(p)
                if objects is None:
                    by_predicate[p] = [o]
                else:
                    objects.append(o)
        self.spo = spo
        self.pos: dict[Node, dict[Node, list[Node]]] = {}
        """By predicate and object: built for a predicate when first asked about."""
        self._subclasses: dict[Node, list[Node]] = {}
        self.memo: dict[tuple[Any, ...], Any] = {}
        """What the compiled shapes computed once for several shapes (focus and value nodes)."""

    # -- the lookups pySHACL makes -------------------------------------------------------

    def objects(self, subject: Node, predicate: Node) -> list[Node]:
        by_predicate = self.spo.get(subject)
        if by_predicate is None:
            return []
        return by_predicate.get(predicate, [])

    def by_object(self, predicate: Node) -> dict[Node, list[Node]]:
        """Subjects of `predicate` by object."""
        found = self.pos.get(predicate)
        if found is None:
            found = self.pos[predicate] = {}
            for subject, by_predicate in self.spo.items():
                objects = by_predicate.get(predicate)
                if objects is not None:
                    for obj in objects:
                        subjects = found.get(obj)
                        if subjects is None:
                            found[obj] = [subject]
                        else:
                            subjects.append(subject)
        return found

    def subjects(self, predicate: Node, obj: Node) -> list[Node]:
        return self.by_object(predicate).get(obj, [])

    def predicate_objects(self, subject: Node) -> Iterable[tuple[Node, Node]]:
        for predicate, objects in self.spo.get(subject, {}).items():
            for obj in objects:
                yield predicate, obj

    def subjects_of(self, predicate: Node) -> Iterable[list[Node]]:
        return self.by_object(predicate).values()

    def objects_of(self, predicate: Node) -> Iterable[Node]:
        return self.by_object(predicate).keys()

    def subclasses(self, cls: Node) -> list[Node]:
        """`cls` and its subclasses (rdfs:subClassOf*, in the data graph), `cls` first."""
        found = self._subclasses.get(cls)
        if found is None:
            found, todo = [cls], [cls]
            seen = {cls}
            while todo:
                for sub in self.subjects(RDFS_SUBCLASS_OF, todo.pop()):
                    if sub not in seen:
                        seen.add(sub)
                        found.append(sub)
                        todo.append(sub)
            self._subclasses[cls] = found
        return found

    def instances(self, cls: Node) -> set[Node]:
        """Nodes typed `cls` or a subclass of it (sh:targetClass; do not change the set)."""
        found = self.memo.get(("instances", cls))
        if found is None:
            found = self.memo[("instances", cls)] = set()
            for sub in self.subclasses(cls):
                found.update(self.subjects(RDF_TYPE, sub))
        return found

    def has_class(self, node: Node, cls: Node) -> bool:
        """sh:class: `node` has a type that is `cls` or one of its subclasses (pySHACL walks
        up from the node's types; `instances` walks down from the class: the same pairs)."""
        return node in self.instances(cls)

    # -- the store, for SPARQL -----------------------------------------------------------

    @cached_property
    def store(self) -> ox.Store:
        store = ox.Store()
        store.extend(self.quads)
        return store

    @cached_property
    def graph(self) -> DataGraph:
        """pySHACL's view of the store (for SPARQL targets and delegated constraints)."""
        return DataGraph(self.store)
