"""A small, deterministic Turtle writer for generated blueprints.

rdflib's serializer does not promise a stable order and prints long texts awkwardly; a
checked-in generated file must be byte-identical for the same input and pleasant to
review. Order: subjects by IRI; rdf:type, then skos:prefLabel, then the other predicates
by printed name; objects by printed form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import RDF, SKOS, XSD, BNode, Literal, URIRef
from rdflib.term import Node

Triple = tuple[URIRef, URIRef, Node]

_LOCAL = re.compile(r"^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.\-]*[A-Za-z0-9_\-])?)?$")
_IRI_UNSAFE = re.compile(r'[\x00-\x20<>"{}|^`\\]')
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?\d*\.\d+$")


def write_turtle(triples: Iterable[Triple], prefixes: dict[str, str], header: list[str]) -> str:
    """Turtle text: header comment, the prefixes that are used, one block per subject."""
    by_subject: dict[URIRef, dict[URIRef, set[Node]]] = defaultdict(lambda: defaultdict(set))
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            raise ValueError("the blueprint writer does not support blank nodes")
        by_subject[s][p].add(o)

    names = _PrefixedNames(prefixes)
    blocks = []
    for subject in sorted(by_subject, key=str):
        predicates = by_subject[subject]
        order = sorted(predicates, key=lambda p: _predicate_key(p, names))
        lines = [names.iri(subject)]
        for i, predicate in enumerate(order):
            objects = sorted(_term(o, names) for o in predicates[predicate])
            verb = "a" if predicate == RDF.type else names.iri(predicate)
            end = " ." if i == len(order) - 1 else " ;"
            lines.append(f"    {verb} {' , '.join(objects)}{end}")
        blocks.append("\n".join(lines))

    out = [f"# {line}".rstrip() for line in header]
    if out:
        out.append("")
    width = max((len(p) for p in names.used), default=0) + 1
    for prefix in sorted(names.used, key=lambda p: (list(prefixes).index(p), p)):
        out.append(f"@prefix {(prefix + ':').ljust(width)} <{prefixes[prefix]}> .")
    out.append("")
    return "\n".join(out) + "\n" + "\n\n".join(blocks) + "\n"


def _predicate_key(predicate: URIRef, names: _PrefixedNames) -> tuple[int, str]:
    if predicate == RDF.type:
        return (0, "")
    if predicate == SKOS.prefLabel:
        return (1, "")
    return (2, names.iri(predicate))


class _PrefixedNames:
    """Prints IRIs as prefix:local where the local part is valid Turtle; records prefixes."""

    def __init__(self, prefixes: dict[str, str]) -> None:
        # longest namespace first, so "tool-usage:" wins over a shorter namespace
        self._by_length = sorted(prefixes.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        self.used: set[str] = set()
        self._printed: dict[str, tuple[str, str | None]] = {}

    def iri(self, iri: URIRef) -> str:
        text = str(iri)
        cached = self._printed.get(text)
        if cached is None:
            cached = self._print(text)
            self._printed[text] = cached
        printed, prefix = cached
        if prefix is not None:
            self.used.add(prefix)
        return printed

    def _print(self, text: str) -> tuple[str, str | None]:
        for prefix, namespace in self._by_length:
            if text.startswith(namespace):
                local = text[len(namespace) :]
                if _LOCAL.match(local):
                    return f"{prefix}:{local}", prefix
        return "<" + _IRI_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04X}", text) + ">", None


def _term(node: Node, names: _PrefixedNames) -> str:
    if isinstance(node, URIRef):
        return names.iri(node)
    if isinstance(node, Literal):
        return _literal(node, names)
    raise ValueError(f"unsupported term {node!r}")


def _literal(literal: Literal, names: _PrefixedNames) -> str:
    lexical = str(literal)
    datatype = literal.datatype
    if datatype == XSD.integer and _INTEGER.match(lexical):
        return lexical
    if datatype == XSD.decimal:
        canonical = _decimal(lexical)
        if canonical is not None:
            return canonical
    if datatype == XSD.boolean and lexical in {"true", "false"}:
        return lexical
    quoted = _quote(lexical)
    if literal.language:
        return f"{quoted}@{literal.language}"
    if datatype is not None and datatype != XSD.string:
        return f"{quoted}^^{names.iri(datatype)}"
    return quoted


def _decimal(lexical: str) -> str | None:
    """A bare Turtle decimal: always with a fraction ("20" -> "20.0")."""
    try:
        value = Decimal(lexical)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    text = format(value, "f")
    if "." not in text:
        text += ".0"
    return text if _DECIMAL.match(text) else None


def _quote(text: str) -> str:
    """A Turtle string: triple-quoted when it spans lines, escaped either way."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r", "\\r")
    escaped = _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04X}", escaped)
    if "\n" in text:
        return f'"""{escaped}"""'
    return '"' + escaped.replace("\n", "\\n").replace("\t", "\\t") + '"'
