"""Typed records the section handlers produce, before any IRI is minted.

Handlers say *what* the source states (a KPI with this label, target, frequency ...);
to_rdf decides *how* it is named and written. Values carry their RDF kind explicitly so
the triples come out right without guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from rdflib import URIRef


@dataclass(frozen=True)
class Text:
    """A language-tagged (@en) text, verbatim from the source."""

    value: str


@dataclass(frozen=True)
class Plain:
    """A plain xsd:string (identifiers)."""

    value: str


@dataclass(frozen=True)
class Iri:
    """An IRI known up front: a concept, a source link."""

    value: str


@dataclass(frozen=True)
class Number:
    """An xsd:decimal value (weights in percent)."""

    value: Decimal


@dataclass(frozen=True)
class DateTime:
    """An xsd:dateTime in UTC, lexical form ``YYYY-MM-DDThh:mm:ssZ``."""

    value: str


@dataclass(eq=False)
class Shared:
    """A concept shared across roles (a skill, a tool, a role named as a career step)."""

    kind: str
    """Key of namespaces.SHARED_SEGMENTS: "Skill", "Tool" or "Role"."""
    cls: str
    """Ontology class local name: "TechnicalSkill", "SoftSkill", "Tool", "Role"."""
    label: str
    fields: list[tuple[URIRef, Value]] = field(default_factory=list)


@dataclass(eq=False)
class Item:
    """One role-scoped individual: a list item or table row of a section."""

    cls: str
    """Ontology class local name (a key of namespaces.ITEM_SEGMENTS)."""
    label: str
    heading: str | None
    description: str | None = None
    qualifier: str | None = None
    fields: list[tuple[URIRef, Value]] = field(default_factory=list)
    position: int = 0


@dataclass(frozen=True)
class MintedConcept:
    """A concept added to an open scheme because the source names a value it lacks."""

    scheme: str
    label: str
    iri: str


@dataclass(frozen=True)
class RoleRef:
    """The blueprint's own role (resolved to its IRI when triples are made)."""


Value = Text | Plain | Iri | Number | DateTime | Shared | Item | RoleRef


@dataclass
class Document:
    """Everything imported from one source, in document order."""

    source_name: str
    role_label: str
    role_slug: str
    role_fields: list[tuple[URIRef, Value]] = field(default_factory=list)
    blueprint_fields: list[tuple[URIRef, Value]] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    shared: list[Shared] = field(default_factory=list)
    minted: list[MintedConcept] = field(default_factory=list)
