"""pySHACL's report graph -> the report model (and the model -> a standard sh:ValidationReport).

Each result is enriched with what a steward needs to act without reading SHACL: the name,
kind, role and line of the node at fault, the name and line of the offending value, and the
rule in compact form (rgsh:KPI-frequency).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

import pyoxigraph as ox
import rdflib
from rdflib import RDF, BNode, Literal, URIRef
from rdflib.collection import Collection as RdfList
from rdflib.util import from_n3

from rolegraph.validation.context import FOR_ROLE, RDF_TYPE, SKOS_PREF_LABEL, vocabulary
from rolegraph.validation.documents import role_slug
from rolegraph.validation.locate import Locator
from rolegraph.validation.model import Counts, Finding, FocusNodeReport, Severity, ValidationReport
from rolegraph.validation.names import compact, display_prefixes
from rolegraph.validation.results import SH, RawResult, path_text
from rolegraph.validation.shapes import shapes_graph

_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}
_SEVERITY_IRIS = {v: k for k, v in _SEVERITIES.items()}
RG_CLASS_PREFIX = "https://w3id.org/rolegraph/ontology#"
XSD_STRING = URIRef("http://www.w3.org/2001/XMLSchema#string")


def show_term(term: rdflib.term.Node) -> str:
    """A term as a steward would write it in Turtle."""
    if isinstance(term, URIRef):
        return compact(str(term))
    if isinstance(term, Literal):
        text = str(term).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
            return f'"{text}"^^{compact(str(term.datatype))}'
        return f'"{text}"'
    return f"_:{term}"


def path_node(graph: rdflib.Graph, text: str) -> rdflib.term.Node:
    """The SHACL path node for a path written by `path_text` (IRIs, ^, / and |)."""
    text = text.strip()
    parts = _split_top(text, "/")
    if len(parts) > 1:
        head = BNode()
        RdfList(graph, head, [path_node(graph, p) for p in parts])
        return head
    if text.startswith("^"):
        node = BNode()
        graph.add((node, SH.inversePath, path_node(graph, text[1:])))
        return node
    if text.startswith("(") and text.endswith(")"):
        alternatives = _split_top(text[1:-1], "|")
        if len(alternatives) == 1:
            return path_node(graph, alternatives[0])
        node, head = BNode(), BNode()
        RdfList(graph, head, [path_node(graph, p) for p in alternatives])
        graph.add((node, SH.alternativePath, head))
        return node
    return URIRef(text.strip("<>"))


def _split_top(text: str, separator: str) -> list[str]:
    """Split at `separator` outside parentheses and outside <IRIs>."""
    parts, depth, in_iri, current = [], 0, False, ""
    for char in text:
        if char in "<>":
            in_iri = char == "<"
        elif not in_iri:
            depth += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and depth == 0 and not in_iri:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


class _Describer:
    """Names, kinds and roles of nodes, read from the data graph that was validated."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.vocab = vocabulary()

    def _objects(self, iri: str, predicate: str) -> list[ox.NamedNode | ox.Literal]:
        node = ox.BlankNode(iri[2:]) if iri.startswith("_:") else ox.NamedNode(iri)
        return [q.object for q in self.store.quads_for_pattern(node, ox.NamedNode(predicate), None)]

    def label(self, iri: str) -> str | None:
        labels = sorted(
            (o for o in self._objects(iri, SKOS_PREF_LABEL) if isinstance(o, ox.Literal)),
            key=lambda o: (o.language != "en", o.value),
        )
        return labels[0].value if labels else self.vocab.labels.get(iri)

    def kind(self, iri: str) -> str | None:
        types = sorted(o.value for o in self._objects(iri, RDF_TYPE) if isinstance(o, ox.NamedNode))
        known = [self.vocab.class_labels[t] for t in types if t in self.vocab.class_labels]
        ours = [
            self.vocab.class_labels[t]
            for t in types
            if t.startswith(RG_CLASS_PREFIX) and t in self.vocab.class_labels
        ]
        return (ours or known or [None])[0]

    def role(self, iri: str) -> str | None:
        for o in self._objects(iri, FOR_ROLE):
            if isinstance(o, ox.NamedNode):
                return role_slug(o.value)
        return role_slug(iri)


def build_report(
    results: Iterable[RawResult],
    store: ox.Store,
    locator: Locator,
    *,
    roles: Sequence[str],
    files: Sequence[str],
    skip_focus: Collection[str] = (),
) -> ValidationReport:
    """The model of the `results`; results about `skip_focus` nodes are left out."""
    describer = _Describer(store)
    shapes = shapes_graph()
    nodes: dict[str, FocusNodeReport] = {}
    for result in results:
        focus_term = result.focus
        focus = str(focus_term) if isinstance(focus_term, URIRef) else f"_:{focus_term}"
        if focus in skip_focus:
            continue
        finding = _finding(result, shapes, describer, locator)
        if focus not in nodes:
            nodes[focus] = FocusNodeReport(
                node=focus,
                label=describer.label(focus),
                kind=describer.kind(focus),
                role=describer.role(focus),
                location=locator.locate(focus),
                findings=[],
            )
        nodes[focus].findings.append(finding)
    return assemble(nodes.values(), roles=roles, files=files)


def _finding(
    result: RawResult,
    shapes: rdflib.Graph,
    describer: _Describer,
    locator: Locator,
) -> Finding:
    shape, value = result.shape, result.value
    shape_iri = str(shape) if isinstance(shape, URIRef) else f"_:{shape}"
    finding = Finding(
        severity=_SEVERITIES.get(result.severity, Severity.VIOLATION),
        rule=shape_iri,
        rule_name=compact(shape_iri) if isinstance(shape, URIRef) else "(anonymous shape)",
        rule_label=_label(shapes, shape),
        constraints=[compact(str(result.component)).strip("<>")],
        message=" ".join(result.messages) or "(no message)",
        path=result.path,
        path_sparql=result.path_sparql,
    )
    if isinstance(value, Literal) and value.datatype == XSD_STRING:
        value = Literal(str(value))  # the same term in RDF 1.1; rdflib tells them apart
    if value is not None:
        finding.value = show_term(value)
        finding.value_term = value.n3()
        if isinstance(value, URIRef) and str(value) not in describer.vocab.terms:
            finding.value_label = describer.label(str(value))
            finding.value_location = locator.locate(str(value))
        elif isinstance(value, URIRef):
            finding.value_label = describer.vocab.labels.get(str(value))
    return finding


def _label(graph: rdflib.Graph, node: rdflib.term.Node | None) -> str | None:
    if node is None:
        return None
    label = graph.value(node, rdflib.RDFS.label)
    return str(label) if label is not None else None


def assemble(
    nodes: Iterable[FocusNodeReport], *, roles: Sequence[str], files: Sequence[str]
) -> ValidationReport:
    """A report of `nodes`: findings deduplicated and sorted, nodes sorted by file and line."""
    counts = Counts()
    ordered = []
    for node in nodes:
        unique: dict[tuple[str, ...], Finding] = {}
        for finding in node.findings:
            kept = unique.setdefault(finding.key(node.node), finding)
            if kept is not finding:
                kept.constraints = sorted(set(kept.constraints) | set(finding.constraints))
        node.findings = sorted(
            unique.values(),
            key=lambda f: (f.severity.rank, f.rule_name, f.path or "", f.value or ""),
        )
        for finding in node.findings:
            counts.add(finding.severity)
        ordered.append(node)
    ordered.sort(
        key=lambda n: (
            n.location.file if n.location else "~",
            n.location.line or 0 if n.location else 0,
            n.node,
        )
    )
    return ValidationReport(
        conforms=counts.violations == 0,
        counts=counts,
        roles=sorted(set(roles)),
        files=list(dict.fromkeys(files)),
        nodes=ordered,
    )


def merge(reports: Iterable[ValidationReport]) -> ValidationReport:
    """One report of several (per-role) reports; a node reported by two roles is merged."""
    nodes: dict[str, FocusNodeReport] = {}
    roles: list[str] = []
    files: list[str] = []
    for report in reports:
        roles += report.roles
        files += report.files
        for node in report.nodes:
            if node.node in nodes:
                nodes[node.node].findings += node.findings
            else:
                nodes[node.node] = node.model_copy(deep=True)
    return assemble(nodes.values(), roles=roles, files=files)


__all__ = ["compact", "display_prefixes", "path_node", "path_text"]


def to_rdf(report: ValidationReport) -> rdflib.Graph:
    """The standard sh:ValidationReport of `report`.

    sh:conforms follows SHACL: true only when there is no result of any severity (the
    model's `conforms` and the exit code let warnings and infos pass).
    """
    graph = rdflib.Graph()
    graph.bind("sh", SH)
    bound: set[str] = set()
    for prefix, namespace in display_prefixes():
        if namespace not in bound:  # one prefix per namespace: the one the data uses
            graph.bind(prefix, namespace, replace=True)
            bound.add(namespace)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(not report.nodes)))
    for node, finding in report.findings():
        focus = BNode(node.node[2:]) if node.node.startswith("_:") else URIRef(node.node)
        for constraint in finding.constraints:  # one SHACL result per failed constraint
            result = BNode()
            graph.add((root, SH.result, result))
            graph.add((result, RDF.type, SH.ValidationResult))
            graph.add((result, SH.focusNode, focus))
            graph.add((result, SH.resultSeverity, _SEVERITY_IRIS[finding.severity]))
            graph.add((result, SH.sourceShape, URIRef(finding.rule)))
            graph.add((result, SH.sourceConstraintComponent, SH[constraint.removeprefix("sh:")]))
            graph.add((result, SH.resultMessage, Literal(finding.message, lang="en")))
            if finding.path_sparql:
                graph.add((result, SH.resultPath, path_node(graph, finding.path_sparql)))
            if finding.value_term:
                graph.add((result, SH.value, from_n3(finding.value_term)))
    return graph
