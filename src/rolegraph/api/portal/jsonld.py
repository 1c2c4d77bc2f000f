"""JSON-LD: the published `@context` (JSON field names -> ontology terms) and `@id`/`@type`.

Every field name of every portal question means one thing everywhere, so one context serves
all answers; a name mapped to two different terms fails when the router is built. Fields
without a `term` are named in the portal's own vocabulary (`rgapi:`). In JSON-LD answers the
identifying field of an object becomes its `@id` (a full IRI), and a looked-up field
(`of: role`) becomes a property of a node for the resource it belongs to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rolegraph.api.portal.lookups import parse_term
from rolegraph.namespaces import ITEM_SEGMENTS, PREFIXES, SHARED_SEGMENTS
from rolegraph.queries import FieldSpec, QuerySpec

CONTEXT_PATH = "/context.jsonld"
API_VOCAB = "https://w3id.org/rolegraph/api#"
HYDRA = "http://www.w3.org/ns/hydra/core#"
CLASS_OF_KIND = {
    segment: f"rg:{cls}" for cls, segment in {**ITEM_SEGMENTS, **SHARED_SEGMENTS}.items()
}
_CONTEXT_PREFIXES = ("rg", "rgc", "skos", "dcterms", "prov", "xsd", "rdfs")
ENVELOPE = {
    "items": {"@id": "hydra:member", "@container": "@set"},
    "total": "hydra:totalItems",
    "next": {"@id": "hydra:next", "@type": "@id"},
    "prev": {"@id": "hydra:previous", "@type": "@id"},
    "limit": "rgapi:limit",
    "offset": "rgapi:offset",
}


class ContextConflict(ValueError):
    """Two questions use one field name for two different terms."""


def field_term(field: FieldSpec) -> dict[str, Any]:
    """The context entry of one field."""
    entry: dict[str, Any] = {}
    if field.term:
        iri, inverse = parse_term(field.term)
        entry["@reverse" if inverse else "@id"] = _compact(iri)
    else:
        entry["@id"] = f"rgapi:{field.name}"
    if field.is_reference:
        entry["@type"] = "@id"
    return entry


def build_context(specs: Iterable[QuerySpec]) -> dict[str, Any]:
    """The `@context` document for all answers of `specs`."""
    terms: dict[str, Any] = {"@version": 1.1}
    terms.update({p: PREFIXES[p] for p in _CONTEXT_PREFIXES})
    terms["hydra"] = HYDRA
    terms["rgapi"] = API_VOCAB
    terms.update(ENVELOPE)
    owner: dict[str, str] = {}
    for spec in specs:
        many = set(spec.shape.many) if spec.shape else set()
        for field in spec.field_specs:
            entry = field_term(field)
            if field.name in many:
                entry["@container"] = "@set"
            _add(terms, owner, field.name, entry, spec.name)
        for name, _group in spec.shape.nest if spec.shape else ():
            _add(terms, owner, name, {"@id": f"rgapi:{name}", "@container": "@set"}, spec.name)
    return {"@context": terms}


def _add(terms: dict[str, Any], owner: dict[str, str], name: str, entry: Any, spec: str) -> None:
    current = terms.get(name)
    if current is None:
        terms[name] = entry
        owner[name] = spec
        return
    if _core(current) != _core(entry):
        raise ContextConflict(
            f"field {name!r} means {_core(current)} in {owner.get(name, 'the envelope')} "
            f"but {_core(entry)} in {spec}: rename one of them"
        )
    if isinstance(current, dict) and isinstance(entry, dict) and "@container" in entry:
        current.setdefault("@container", entry["@container"])


def _core(entry: Any) -> tuple[Any, ...]:
    if isinstance(entry, str):
        return (entry,)
    return (entry.get("@id"), entry.get("@reverse"), entry.get("@type"))


def _compact(iri: str) -> str:
    for prefix in _CONTEXT_PREFIXES:
        namespace = PREFIXES[prefix]
        if iri.startswith(namespace) and "/" not in iri[len(namespace) :]:
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


class LinkedData:
    """Turns one question's shaped objects (mode `ld`) into JSON-LD node objects."""

    def __init__(self, spec: QuerySpec) -> None:
        fields = {f.name: f for f in spec.field_specs}
        shape = spec.shape
        key = shape.key if shape else tuple(n for n in ("id",) if n in fields)
        self.key = key[0] if len(key) == 1 and fields[key[0]].is_reference else None
        self.type = CLASS_OF_KIND.get(fields[self.key].kind or "") if self.key else None
        # looked-up fields of another resource become properties of that resource's node
        self.nodes = {
            f.name: f.of for f in spec.field_specs if f.of is not None and f.of != self.key
        }
        self.nests = {
            name: (
                group[0] if fields[group[0]].is_reference else None,
                CLASS_OF_KIND.get(fields[group[0]].kind or ""),
            )
            for name, group in (shape.nest if shape else ())
        }

    def node(self, obj: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.key is not None and obj.get(self.key) is not None:
            out["@id"] = obj[self.key]
            if self.type:
                out["@type"] = self.type
        for name, value in obj.items():
            if name == self.key or name in self.nodes:
                continue
            if name in self.nests:
                out[name] = [self._nested(name, item) for item in value]
            else:
                out[name] = value
        for name, of in self.nodes.items():
            target = obj.get(of)
            if target is None or obj.get(name) is None:
                continue
            out[of] = {"@id": target, name: obj[name]}
        return out

    def _nested(self, nest: str, item: dict[str, Any]) -> dict[str, Any]:
        key, kind = self.nests[nest]
        if key is None:
            return dict(item)
        node: dict[str, Any] = {"@id": item[key]}
        if kind:
            node["@type"] = kind
        node.update((k, v) for k, v in item.items() if k != key)
        return node
