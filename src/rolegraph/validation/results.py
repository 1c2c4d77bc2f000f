"""One SHACL validation result, as both engines produce it (before names and lines are added).

pySHACL writes results into a report graph; the compiled engine (compiled.py) produces them
directly. Both end up as `RawResult`s, which report.py turns into the report model, so the
two engines can be compared result by result (tests/validation/test_compiled.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import rdflib
from rdflib import RDF, URIRef
from rdflib.collection import Collection as RdfList

from rolegraph.validation.names import compact

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
Term = rdflib.term.Node


@dataclass(frozen=True)
class RawResult:
    """A sh:ValidationResult: rdflib terms, the path already written as text."""

    focus: Term
    shape: Term
    component: URIRef
    severity: URIRef
    messages: tuple[str, ...]
    """The result's messages, sorted."""
    path: str | None = None
    """The result path as a SPARQL property path, compact IRIs (`^rg:measuresResponsibility`)."""
    path_sparql: str | None = None
    """The same with full IRIs (to rebuild the SHACL path in the Turtle report)."""
    value: Term | None = None


def from_report_graph(raw: rdflib.Graph) -> list[RawResult]:
    """The results of a pySHACL report graph."""
    results = []
    for result in raw.subjects(RDF.type, SH.ValidationResult):
        path = raw.value(result, SH.resultPath)
        results.append(
            RawResult(
                focus=raw.value(result, SH.focusNode),
                shape=raw.value(result, SH.sourceShape),
                component=raw.value(result, SH.sourceConstraintComponent),
                severity=raw.value(result, SH.resultSeverity),
                messages=message_texts(raw.objects(result, SH.resultMessage)),
                path=path_text(raw, path, show=True) if path is not None else None,
                path_sparql=path_text(raw, path) if path is not None else None,
                value=raw.value(result, SH.value),
            )
        )
    return results


def path_text(graph: rdflib.Graph, node: Term, show: bool = False) -> str:
    """A SHACL path as a SPARQL property path (`^rg:p`, `rg:a/rg:b`, `(rg:a|rg:b)`)."""
    iri = compact if show else (lambda i: f"<{i}>")
    if isinstance(node, URIRef):
        return iri(str(node))
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + path_text(graph, inverse, show)
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(path_text(graph, m, show) for m in RdfList(graph, alternatives)) + ")"
    if graph.value(node, RDF.first) is not None:
        return "/".join(path_text(graph, m, show) for m in RdfList(graph, node))
    for modifier, mark in (
        (SH.zeroOrMorePath, "*"),
        (SH.oneOrMorePath, "+"),
        (SH.zeroOrOnePath, "?"),
    ):
        inner = graph.value(node, modifier)
        if inner is not None:
            return "(" + path_text(graph, inner, show) + ")" + mark
    return str(node)


def message_texts(messages: Iterable[Term]) -> tuple[str, ...]:
    """Messages as the report shows them: each distinct term once, sorted by text."""
    return tuple(sorted(str(m) for m in set(messages)))
