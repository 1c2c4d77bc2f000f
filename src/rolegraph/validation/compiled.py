"""The shapes compiled into Python checks: pySHACL's results, without pySHACL's per-node cost.

pySHACL spends a role's validation in per-node Python: for every shape and focus node it
asks the data graph for values, converting each term from oxigraph to rdflib. Here each
shape pySHACL harvested is compiled once per process into its targets, its path and one
check per constraint component, evaluated over a `DataView` (dictionaries of the parser's
terms). The checks follow pySHACL 0.40's own code, component by component, so the results
are pySHACL's (a test compares the two engines on every broken-edit fixture and on edge
cases):

  * natively: targets (sh:targetNode, sh:targetClass with subclasses, implicit class targets,
    sh:targetSubjectsOf, sh:targetObjectsOf, SPARQL targets), paths (predicate, inverse,
    sequence, alternative) and the components sh:minCount, sh:maxCount, sh:class,
    sh:datatype, sh:nodeKind, sh:languageIn, sh:in, sh:hasValue, sh:closed, sh:disjoint,
    sh:min/maxInclusive/Exclusive and sh:qualifiedValueShape (without sibling shapes);
  * delegated to pySHACL's own component, on the same focus and value nodes: anything else
    (sh:pattern, sh:node, ...); SHACL-SPARQL constraints (sh:sparql) run pySHACL's queries
    and build pySHACL's results, each query prepared once (sparql.py);
  * delegated to pySHACL's components, all of them: a shape without sh:message (pySHACL then
    writes generic messages, or the SPARQL constraint's own);
  * delegated whole to pySHACL: a shape with a path or a target kind not listed above.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import pyoxigraph as ox
import rdflib
from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP
from pyshacl.constraints.core import (
    cardinality_constraints,
    other_constraints,
    property_pair_constraints,
    shape_based_constraints,
    string_based_constraints,
    value_constraints,
    value_range_constraints,
)
from pyshacl.constraints.sparql.sparql_based_constraints import SPARQLBasedConstraint
from pyshacl.errors import ConstraintLoadWarning
from pyshacl.pytypes import SHACLExecutor
from pyshacl.rdfutil.compare import compare_literal
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, RDFS, XSD, BNode, Literal, URIRef

from rolegraph.validation.dataview import RDF_TYPE, DataView, Node, key, rdf
from rolegraph.validation.pyshacl_graph import to_ox
from rolegraph.validation.results import SH, RawResult, message_texts, path_text
from rolegraph.validation.sparql import FastSparqlConstraint

RDFS_RESOURCE = ox.NamedNode(str(RDFS.Resource))
_EXECUTOR = SHACLExecutor(advanced_mode=True)
_NOTHING: dict[Node, list[Node]] = {}
Emit = Callable[[Node, Node | None, Node | None, URIRef], None]
"""emit(focus, value, result path (None: the shape's), component)."""
FocusValues = dict[Node, set[Node]]


class Unsupported(Exception):
    """The shape (or component) is left to pySHACL."""


# -- paths -------------------------------------------------------------------------------

PathFunction = Callable[[DataView, Node], set[Node]]


def compile_path(sg: ShapesGraph, path: rdflib.term.Node, inverse: bool = False) -> PathFunction:
    """pySHACL's `value_nodes_from_path`: predicate, inverse, sequence and alternative paths."""
    graph = sg.graph
    if isinstance(path, URIRef):
        predicate = ox.NamedNode(str(path))
        if inverse:
            return lambda view, focus: set(view.subjects(predicate, focus))
        return lambda view, focus: set(view.objects(focus, predicate))
    if not isinstance(path, BNode):
        raise Unsupported(f"path {path!r}")
    first = graph.value(path, RDF.first)
    if first is not None:
        items = list(graph.items(path))
        if len(items) < 2:
            raise Unsupported("a sequence path of fewer than two steps")
        steps = [compile_path(sg, item, inverse) for item in items]

        def sequence(view: DataView, focus: Node) -> set[Node]:
            nodes = {focus}
            for step in steps:
                nodes = {value for node in nodes for value in step(view, node)}
            return nodes

        return sequence
    inverse_of = graph.value(path, SH.inversePath)
    if inverse_of is not None:
        return compile_path(sg, inverse_of, not inverse)
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [compile_path(sg, item, inverse) for item in graph.items(alternatives)]
        if len(options) < 2:
            raise Unsupported("an alternative path of fewer than two paths")
        return lambda view, focus: set().union(*(option(view, focus) for option in options))
    raise Unsupported(f"path {path!r}")


# -- constraint components ---------------------------------------------------------------


class Check:
    """One constraint component of one shape."""

    component: URIRef

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        raise NotImplementedError


@dataclass
class MinCount(Check):
    count: int
    component: URIRef = SH.MinCountConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        if self.count == 0:
            return
        for focus, values in focus_values.items():
            if len(values) < self.count:
                emit(focus, None, None, self.component)


@dataclass
class MaxCount(Check):
    count: int
    component: URIRef = SH.MaxCountConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for focus, values in focus_values.items():
            if len(values) > self.count:
                emit(focus, None, None, self.component)


@dataclass
class ClassCheck(Check):
    classes: list[Node]
    component: URIRef = SH.ClassConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for cls in self.classes:
            members = view.instances(cls)  # the nodes that have the class (see has_class)
            for focus, values in focus_values.items():
                for value in values:
                    if value not in members:
                        emit(focus, value, None, self.component)


_RDFS_DATATYPE = URIRef(str(RDFS.Datatype))
_RDFS_LITERAL = URIRef(str(RDFS.Literal))
_XSD_STRING = URIRef(str(XSD.string))
_RDF_LANG_STRING = URIRef(str(RDF.langString))
_ACTUAL_TYPES: dict[URIRef, type | tuple[type, ...]] = {
    XSD.string: (str, bytes),
    RDF.langString: (str, bytes),
    XSD.integer: int,
    XSD.float: float,
    XSD.decimal: Decimal,
    XSD.boolean: bool,
    XSD.date: date,
    XSD.time: time,
    XSD.dateTime: datetime,
}


def _actual_datatype(literal: Literal, rule: URIRef) -> bool:
    """pySHACL's DatatypeConstraintComponent._assert_actual_datatype."""
    expected = _ACTUAL_TYPES.get(rule)
    return True if expected is None else isinstance(literal.value, expected)


_LANG_STRING_TYPES = frozenset({RDFS.Literal, RDF.langString})
_STRING_TYPES = frozenset({XSD.string, RDFS.Literal, _RDFS_DATATYPE})


def datatype_matches(value: Node, rule: URIRef) -> bool:
    """pySHACL's sh:datatype test of one value node."""
    if type(value) is ox.Literal:  # strings (see dataview.key): no rdflib term needed
        return rule in (_STRING_TYPES if value.language is None else _LANG_STRING_TYPES)
    if not isinstance(value, Literal):
        return False
    datatype, lang = value.datatype, value.language
    if datatype == rule:
        if getattr(value, "ill_typed", None) is True:
            return False
        return _actual_datatype(value, rule)
    if rule == _RDFS_LITERAL:
        return True
    if rule == _RDFS_DATATYPE and datatype:
        return True
    if datatype is None and lang is None and rule == _XSD_STRING:
        return _actual_datatype(value, rule)
    if rule == _RDF_LANG_STRING and lang:
        return _actual_datatype(value, rule)
    return False


@dataclass
class DatatypeCheck(Check):
    rule: URIRef
    component: URIRef = SH.DatatypeConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        rule = self.rule
        # datatype_matches for strings, decided once for the rule
        plain_ok, tagged_ok = rule in _STRING_TYPES, rule in _LANG_STRING_TYPES
        for focus, values in focus_values.items():
            for value in values:
                if type(value) is ox.Literal:
                    matches = plain_ok if value.language is None else tagged_ok
                else:
                    matches = datatype_matches(value, rule)
                if not matches:
                    emit(focus, value, None, self.component)


_NODE_KINDS = {
    "iri": (SH.IRI, SH.IRIOrLiteral, SH.BlankNodeOrIRI),
    "blank": (SH.BlankNode, SH.BlankNodeOrLiteral, SH.BlankNodeOrIRI),
    "literal": (SH.Literal, SH.BlankNodeOrLiteral, SH.IRIOrLiteral),
}


def node_kind(value: Node) -> str:
    if isinstance(value, (ox.Literal, Literal)):
        return "literal"
    if isinstance(value, (ox.BlankNode, BNode)):
        return "blank"
    return "iri"


@dataclass
class NodeKindCheck(Check):
    rule: URIRef
    component: URIRef = SH.NodeKindConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for focus, values in focus_values.items():
            for value in values:
                if self.rule not in _NODE_KINDS[node_kind(value)]:
                    emit(focus, value, None, self.component)


@dataclass
class LanguageInCheck(Check):
    languages: frozenset[str]
    component: URIRef = SH.LanguageInConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        wildcard = "*" in self.languages
        for focus, values in focus_values.items():
            for value in values:
                lang = value.language if isinstance(value, (ox.Literal, Literal)) else None
                matches = bool(lang) and (
                    wildcard
                    or str(lang).lower() in self.languages
                    or str(lang).split("-")[0].lower() in self.languages
                )
                if not matches:
                    emit(focus, value, None, self.component)


@dataclass
class InCheck(Check):
    members: frozenset[rdflib.term.Node]
    component: URIRef = SH.InConstraintComponent
    iris: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.iris = frozenset(str(m) for m in self.members if isinstance(m, URIRef))

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for focus, values in focus_values.items():
            for value in values:
                if isinstance(value, ox.NamedNode):
                    member = value.value in self.iris
                else:
                    member = rdf(value) in self.members
                if not member:
                    emit(focus, value, None, self.component)


@dataclass
class HasValueCheck(Check):
    required: list[rdflib.term.Node]
    component: URIRef = SH.HasValueConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for wanted in self.required:
            for focus, values in focus_values.items():
                if isinstance(wanted, URIRef):
                    iri = str(wanted)
                    found = any(isinstance(v, ox.NamedNode) and v.value == iri for v in values)
                else:
                    found = any(rdf(v) == wanted for v in values)
                if not found:
                    emit(focus, None, None, self.component)


@dataclass
class ClosedCheck(Check):
    allowed: frozenset[Node]
    component: URIRef = SH.ClosedConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        allowed, spo = self.allowed, view.spo
        for focus, values in focus_values.items():
            for value in values:
                for predicate, objects in spo.get(value, _NOTHING).items():
                    if predicate in allowed:
                        continue
                    for obj in objects:
                        if not (predicate == RDF_TYPE and obj == RDFS_RESOURCE):
                            emit(focus, obj, predicate, self.component)


@dataclass
class DisjointCheck(Check):
    properties: list[Node]
    component: URIRef = SH.DisjointConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        for predicate in self.properties:
            for focus, values in focus_values.items():
                others = set(view.objects(focus, predicate))
                for value in values & others:
                    emit(focus, value, None, self.component)


@dataclass
class RangeCheck(Check):
    """sh:minInclusive and the like: pySHACL's comparison of rdflib literals."""

    bounds: list[rdflib.term.Node]
    passes: Callable[[int], bool]
    component: URIRef

    known: dict[tuple[Node, rdflib.term.Node], bool] = field(default_factory=dict)
    """Outcomes by (value, bound): positions and weights repeat across items and roles."""

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        known = self.known
        if len(known) > 10_000:
            known.clear()
        for bound in self.bounds:
            bound_is_string = isinstance(bound.value, str)
            for focus, values in focus_values.items():
                for value in values:
                    passes = known.get((value, bound))
                    if passes is None:
                        passes = self._in_range(rdf(value), bound, bound_is_string)
                        known[(value, bound)] = passes
                    if not passes:
                        emit(focus, value, None, self.component)

    def _in_range(self, value: rdflib.term.Node, bound: Literal, bound_is_string: bool) -> bool:
        if not isinstance(value, Literal):
            return False
        if bound_is_string != isinstance(value.value, str):
            return False
        try:
            return self.passes(compare_literal(value, bound))
        except (TypeError, NotImplementedError):
            return False


@dataclass
class QualifiedCheck(Check):
    shapes: list[CompiledShape]
    min_count: int | None
    max_count: int | None
    component: URIRef = SH.QualifiedValueShapeConstraintComponent

    def run(self, view: DataView, focus_values: FocusValues, emit: Emit) -> None:
        total = sum(len(values) for values in focus_values.values())
        if total < 1 and (self.min_count is None or self.min_count < 1):
            return
        for shape in self.shapes:
            for focus, values in focus_values.items():
                conforming = sum(1 for value in values if shape.conforms(view, value))
                if self.max_count is not None and conforming > self.max_count:
                    emit(focus, None, None, SH.QualifiedMaxCountConstraintComponent)
                if self.min_count is not None and conforming < self.min_count:
                    emit(focus, None, None, SH.QualifiedMinCountConstraintComponent)


# -- shapes ------------------------------------------------------------------------------


@dataclass
class CompiledShape:
    """One shape: its targets, its path, its checks; or pySHACL's Shape where it must be."""

    shape: Shape
    messages: tuple[str, ...]
    path: PathFunction | None
    path_texts: tuple[str | None, str | None]
    checks: list[Check]
    delegated: list[Any]
    """pySHACL constraint components run by pySHACL on the computed focus and value nodes."""
    target_nodes: list[Node]
    target_classes: list[Node]
    subjects_of: list[Node]
    objects_of: list[Node]
    sparql_targets: list[str]

    @property
    def targeted(self) -> bool:
        """Whether the shape has targets (else it is only used by other shapes)."""
        return any(
            (
                self.target_nodes,
                self.target_classes,
                self.subjects_of,
                self.objects_of,
                self.sparql_targets,
            )
        )

    def __post_init__(self) -> None:
        self.target_key = (
            "targets",
            *(tuple(group) for group in (self.target_nodes, self.target_classes)),
            *(tuple(group) for group in (self.subjects_of, self.objects_of, self.sparql_targets)),
        )
        path = self.shape.path() if self.shape.is_property_shape else None
        self.values_key = ("values", self.target_key, path)
        self.predicate = ox.NamedNode(str(path)) if isinstance(path, URIRef) else None
        """The predicate of a predicate path (the common case, looked up directly)."""

    def focus_nodes(self, view: DataView) -> set[Node]:
        """The focus nodes (computed once per view for shapes with the same targets)."""
        found = view.memo.get(self.target_key)
        if found is None:
            found = view.memo[self.target_key] = self._focus_nodes(view)
        return found

    def _focus_nodes(self, view: DataView) -> set[Node]:
        found = set(self.target_nodes)
        for cls in self.target_classes:
            found |= view.instances(cls)
        for predicate in self.subjects_of:
            for subjects in view.subjects_of(predicate):
                found.update(subjects)
        for predicate in self.objects_of:
            found.update(view.objects_of(predicate))
        for select in self.sparql_targets:  # as pySHACL's query, without rdflib results
            for solution in view.graph.query_oxigraph(select):
                found.add(key(solution["this"]))
        return found

    def values(self, view: DataView, focus: Iterable[Node]) -> FocusValues:
        if self.path is None:
            return {f: {f} for f in focus}
        if self.predicate is not None:
            spo, predicate = view.spo, self.predicate
            return {f: set(spo.get(f, _NOTHING).get(predicate, ())) for f in focus}
        return {f: self.path(view, f) for f in focus}

    def validate(self, view: DataView, out: list[RawResult]) -> None:
        if self.shape.deactivated:
            return
        focus = self.focus_nodes(view)
        if focus:
            # the same for shapes with the same targets and path (checks do not change them)
            focus_values = view.memo.get(self.values_key)
            if focus_values is None:
                if self.predicate is not None:  # a predicate path: one lookup per focus node
                    predicate = self.predicate
                    focus_values = {
                        f: set(statements.get(predicate, ()))
                        for f, statements in self._statements(view)
                    }
                else:
                    focus_values = self.values(view, focus)
                view.memo[self.values_key] = focus_values
            self.evaluate(view, focus_values, out)

    def _statements(self, view: DataView) -> list[tuple[Node, dict[Node, list[Node]]]]:
        """The focus nodes with their statements (by predicate), once per view and targets."""
        key = ("statements", self.target_key)
        found = view.memo.get(key)
        if found is None:
            spo = view.spo
            found = view.memo[key] = [(f, spo.get(f, _NOTHING)) for f in self.focus_nodes(view)]
        return found

    def evaluate(self, view: DataView, focus_values: FocusValues, out: list[RawResult]) -> None:
        shape = self.shape
        path, path_sparql = self.path_texts

        def emit(
            focus: Node, value: Node | None, predicate: Node | None, component: URIRef
        ) -> None:
            show, sparql = path, path_sparql
            if predicate is not None:
                show, sparql = _predicate_texts(predicate)
            out.append(
                RawResult(
                    focus=rdf(focus),
                    shape=shape.node,
                    component=component,
                    severity=shape.severity,
                    messages=self.messages,
                    path=show,
                    path_sparql=sparql,
                    value=rdf(value) if value is not None else None,
                )
            )

        for check in self.checks:
            check.run(view, focus_values, emit)
        if self.delegated:
            rdf_values = {rdf(f): {rdf(v) for v in values} for f, values in focus_values.items()}
            for component in self.delegated:
                _conforms, reports = component.evaluate(
                    _EXECUTOR, view.graph, rdf_values, [shape, component]
                )
                for _text, _node, parts in reports:
                    out += from_pyshacl(parts, shape.sg.graph)

    def conforms(self, view: DataView, focus: Node) -> bool:
        """Whether `focus` conforms (as the value shape of sh:qualifiedValueShape)."""
        if self.shape.deactivated:
            return True
        found: list[RawResult] = []
        self.evaluate(view, self.values(view, [focus]), found)
        return not found


@dataclass
class WholeShape:
    """A shape pySHACL validates itself (see the module's docstring)."""

    shape: Shape

    def validate(self, view: DataView, out: list[RawResult]) -> None:
        _conforms, reports = self.shape.validate(_EXECUTOR, view.graph)
        for _text, _node, parts in reports:
            out += from_pyshacl(parts, self.shape.sg.graph)


_NO_GRAPH = rdflib.Graph()


def _predicate_texts(predicate: Node) -> tuple[str, str]:
    term = rdf(predicate)
    return path_text(_NO_GRAPH, term, show=True), path_text(_NO_GRAPH, term)


def from_pyshacl(parts: list[tuple[Any, Any, Any]], shapes: rdflib.Graph) -> list[RawResult]:
    """The results pySHACL built for one report entry (its triples, objects given as a term
    or as (graph, term)): the entry and the results nested under it (sh:detail), each a
    sh:ValidationResult of the report graph as pySHACL writes it."""
    by_node: dict[Any, dict[Any, Any]] = {}
    messages: dict[Any, list[Any]] = {}
    for subject, predicate, obj in parts:
        term = obj[1] if isinstance(obj, tuple) else obj
        if predicate == SH.resultMessage:
            messages.setdefault(subject, []).append(term)
        else:
            by_node.setdefault(subject, {})[predicate] = term
    results = []
    for node, fields in by_node.items():
        if fields.get(RDF.type) != SH.ValidationResult:
            continue
        path = fields.get(SH.resultPath)
        results.append(
            RawResult(
                focus=fields[SH.focusNode],
                shape=fields[SH.sourceShape],
                component=fields[SH.sourceConstraintComponent],
                severity=fields[SH.resultSeverity],
                messages=message_texts(messages.get(node, [])),
                path=path_text(shapes, path, show=True) if path is not None else None,
                path_sparql=path_text(shapes, path) if path is not None else None,
                value=fields.get(SH.value),
            )
        )
    return results


# -- compiling ---------------------------------------------------------------------------

_RANGES = {  # pass when compare(order of value and bound, 0)
    value_range_constraints.MinInclusiveConstraintComponent: operator.ge,
    value_range_constraints.MinExclusiveConstraintComponent: operator.gt,
    value_range_constraints.MaxInclusiveConstraintComponent: operator.le,
    value_range_constraints.MaxExclusiveConstraintComponent: operator.lt,
}


def _compile_component(shape: Shape, component_class: type, sg: ShapesGraph) -> Check:
    """A native check for one of pySHACL's component classes (Unsupported otherwise)."""
    objects = list(sg.graph.objects(shape.node, _parameter_of(component_class)))
    if component_class is cardinality_constraints.MinCountConstraintComponent:
        return MinCount(int(objects[0].value))
    if component_class is cardinality_constraints.MaxCountConstraintComponent:
        return MaxCount(int(objects[0].value))
    if component_class is value_constraints.ClassConstraintComponent:
        return ClassCheck([to_ox(c) for c in objects])
    if component_class is value_constraints.DatatypeConstraintComponent and len(objects) == 1:
        return DatatypeCheck(objects[0])
    if component_class is value_constraints.NodeKindConstraintComponent and len(objects) == 1:
        return NodeKindCheck(objects[0])
    if (
        component_class is string_based_constraints.LanguageInConstraintComponent
        and len(objects) == 1
    ):
        languages = list(sg.graph.items(objects[0]))
        if all(isinstance(x, Literal) and isinstance(x.value, str) for x in languages):
            return LanguageInCheck(frozenset(str(x.value).lower() for x in languages))
    if component_class is other_constraints.InConstraintComponent and len(objects) == 1:
        return InCheck(frozenset(sg.graph.items(objects[0])))
    if component_class is other_constraints.HasValueConstraintComponent:
        return HasValueCheck(list(dict.fromkeys(objects)))
    if component_class is other_constraints.ClosedConstraintComponent:
        return _compile_closed(shape, sg)
    if component_class is property_pair_constraints.DisjointConstraintComponent:
        return DisjointCheck([to_ox(p) for p in dict.fromkeys(objects)])
    if component_class in _RANGES and all(isinstance(b, Literal) for b in objects):
        compare = _RANGES[component_class]
        return RangeCheck(
            objects,
            lambda order, compare=compare: compare(order, 0),
            component_class.shacl_constraint_component,
        )
    if component_class is shape_based_constraints.QualifiedValueShapeConstraintComponent:
        return _compile_qualified(shape, sg)
    raise Unsupported(component_class.__name__)


def _parameter_of(component_class: type) -> URIRef:
    return component_class.constraint_parameters()[0]


def _compile_closed(shape: Shape, sg: ShapesGraph) -> Check:
    closed = list(sg.graph.objects(shape.node, SH.closed))
    if len(closed) != 1 or not isinstance(closed[0], Literal) or not bool(closed[0].value):
        raise Unsupported("sh:closed other than one true")
    allowed: set[Node] = set()
    for ignored in sg.graph.objects(shape.node, SH.ignoredProperties):
        allowed.update(to_ox(item) for item in sg.graph.items(ignored))
    for node in sg.graph.objects(shape.node, SH.property):
        other = shape.get_other_shape(node)
        if other is None or not other.is_property_shape:
            raise Unsupported("sh:property of a closed shape")
        if isinstance(other.path(), URIRef):
            allowed.add(to_ox(other.path()))
    return ClosedCheck(frozenset(allowed))


def _compile_qualified(shape: Shape, sg: ShapesGraph) -> Check:
    if not shape.is_property_shape:
        raise Unsupported("sh:qualifiedValueShape on a node shape")
    graph = sg.graph
    disjoint = [d for d in graph.objects(shape.node, SH.qualifiedValueShapesDisjoint)]
    if any(isinstance(d, Literal) and d.value is True for d in disjoint):
        raise Unsupported("sh:qualifiedValueShapesDisjoint")
    counts = []
    for parameter in (SH.qualifiedMinCount, SH.qualifiedMaxCount):
        values = list(graph.objects(shape.node, parameter))
        if len(values) > 1 or (values and not isinstance(values[0].value, int)):
            raise Unsupported("qualified counts")
        counts.append(values[0].value if values else None)
    if counts == [None, None]:
        raise Unsupported("no qualified count")
    inner = []
    for node in graph.objects(shape.node, SH.qualifiedValueShape):
        other = shape.get_other_shape(node)
        if other is None:
            raise Unsupported("qualified value shape")
        compiled = _compile(other, sg, reported=False)
        if compiled.delegated:
            raise Unsupported("qualified value shape that is not compiled")
        inner.append(compiled)
    return QualifiedCheck(inner, counts[0], counts[1])


def compile_shape(shape: Shape, sg: ShapesGraph) -> CompiledShape | WholeShape:
    """The compiled form of one harvested shape (pySHACL's own when it must be)."""
    try:
        return _compile(shape, sg)
    except Unsupported:
        return WholeShape(shape)


def _compile(shape: Shape, sg: ShapesGraph, reported: bool = True) -> CompiledShape:
    """`reported`: the shape's results are reported (not only its conformance asked)."""
    messages = list(shape.message)
    native = bool(messages) or not reported  # else pySHACL writes its generic messages
    if shape.find_custom_constraints():
        raise Unsupported("custom constraint components")
    path = shape.path() if shape.is_property_shape else None
    checks: list[Check] = []
    delegated: list[Any] = []
    seen: set[type] = set()
    parameters = [p for p, _o in sg.predicate_objects(shape.node) if p in _PARAMETERS]
    for parameter in parameters:
        component_class = _PARAMETER_MAP[parameter]
        if component_class in seen:
            continue
        seen.add(component_class)
        try:
            pyshacl_component = component_class(shape)  # pySHACL's checks of the shape
        except ConstraintLoadWarning:
            continue  # pySHACL ignores the component too
        try:
            if not native:
                raise Unsupported("no sh:message")
            checks.append(_compile_component(shape, component_class, sg))
        except Unsupported:
            if isinstance(pyshacl_component, SPARQLBasedConstraint):
                pyshacl_component = FastSparqlConstraint(pyshacl_component)
            delegated.append(pyshacl_component)
    sparql_targets = []
    for target in shape.advanced_target().values():
        if target["type"] != SH.SPARQLTarget:
            raise Unsupported("a target other than a SPARQL target")
        helper = target["qh"]
        sparql_targets.append(helper.apply_prefixes(helper.select_text))
    target_nodes, classes, implicit, objects_of, subjects_of = shape.target()
    return CompiledShape(
        shape=shape,
        messages=message_texts(messages),
        path=compile_path(sg, path) if path is not None else None,
        path_texts=(path_text(sg.graph, path, show=True), path_text(sg.graph, path))
        if path is not None
        else (None, None),
        checks=checks,
        delegated=delegated,
        target_nodes=[key(to_ox(n)) for n in target_nodes],
        target_classes=[to_ox(c) for c in {*classes, *implicit}],
        subjects_of=[to_ox(p) for p in subjects_of],
        objects_of=[to_ox(p) for p in objects_of],
        sparql_targets=sparql_targets,
    )


_PARAMETERS = [*ALL_CONSTRAINT_PARAMETERS, SH.expression]
_PARAMETER_MAP = dict(CONSTRAINT_PARAMETERS_MAP)


def _advanced_components() -> None:
    from pyshacl.constraints.advanced import ExpressionConstraint, SH_expression

    _PARAMETER_MAP[SH_expression] = ExpressionConstraint


_advanced_components()


class CompiledShapes:
    """All shapes of a shapes graph, compiled."""

    def __init__(self, sg: ShapesGraph) -> None:
        self.sg = sg
        self.shapes = [compile_shape(shape, sg) for shape in sg.shapes]
        graph = sg.graph
        self.supported = not any(
            True
            for _ in (
                *graph.triples((None, SH.rule, None)),
                *graph.triples((None, RDF.type, SH.SPARQLFunction)),
                *graph.triples((None, RDF.type, SH.JSFunction)),
            )
        )
        """False when the shapes use SHACL rules or functions: pySHACL must run them all."""

    @property
    def whole(self) -> list[Shape]:
        """Shapes left to pySHACL whole."""
        return [s.shape for s in self.shapes if isinstance(s, WholeShape)]

    def validate(self, view: DataView) -> list[RawResult]:
        results: list[RawResult] = []
        for shape in self.shapes:
            shape.validate(view, results)
        return results
