"""Blueprint documents (WordPress JSON posts or HTML) -> deterministic Turtle.

Library entry points: `import_file` and `import_text` return the Turtle, the warnings and
the records; the `rolegraph import` command is a thin layer over them. The pipeline:
source -> html_blocks -> sections -> handlers (items) -> to_rdf (IRIs) -> turtle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Namespace

from rolegraph.errors import InputError
from rolegraph.importer.context import Context
from rolegraph.importer.diagnostics import Diagnostic, Diagnostics
from rolegraph.importer.handlers import HANDLERS, unknown
from rolegraph.importer.html_blocks import parse_blocks
from rolegraph.importer.items import DateTime, Document, Iri, Plain, Text
from rolegraph.importer.sections import SECTION_KINDS, outline
from rolegraph.importer.slugs import slugify
from rolegraph.importer.source import Source, parse_source, read_source
from rolegraph.importer.to_rdf import prefixes_for, to_triples
from rolegraph.importer.turtle import write_turtle
from rolegraph.namespaces import ID

__all__ = [
    "DEFAULT_BASE",
    "Diagnostic",
    "ImportResult",
    "build_document",
    "import_file",
    "import_text",
]

DEFAULT_BASE = str(ID)

DCTERMS = Namespace("http://purl.org/dc/terms/")
PROV = Namespace("http://www.w3.org/ns/prov#")

_WP_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


@dataclass(frozen=True)
class ImportResult:
    """What one source produced."""

    source: str
    role: str
    """The role's slug (also the output file's stem)."""
    turtle: str
    warnings: list[Diagnostic]
    document: Document

    @property
    def item_count(self) -> int:
        return len(self.document.items)


def import_file(path: Path, base: str = DEFAULT_BASE) -> ImportResult:
    """Import one source file (WordPress JSON post or HTML)."""
    return _run(read_source(path), base)


def import_text(text: str, name: str, base: str = DEFAULT_BASE) -> ImportResult:
    """Import a source held in memory; `name` is used in messages and the header."""
    return _run(parse_source(text, name), base)


def check_base(base: str) -> str:
    """The base must be an absolute IRI ending in "/" or "#" (IRIs are base + path)."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.\-]*://[^\s<>\"{}|^`\\]+[/#]$", base):
        raise InputError(
            f"{base!r} is not an absolute IRI ending in '/' or '#'",
            "--base",
            hint="e.g. --base https://example.org/id/",
        )
    return base


def _run(source: Source, base: str) -> ImportResult:
    check_base(base)
    diagnostics = Diagnostics(source.name)
    document = build_document(source, diagnostics)
    turtle = write_turtle(to_triples(document, base), prefixes_for(base), _header(source))
    return ImportResult(source.name, document.role_slug, turtle, diagnostics.items, document)


def build_document(source: Source, diagnostics: Diagnostics) -> Document:
    """Read the source into records: role, blueprint, items (no IRIs yet)."""
    blocks, title_tag = parse_blocks(source.html)
    doc_outline = outline(blocks)
    label = _role_label(source, doc_outline.title, title_tag, diagnostics)
    document = Document(source.name, label, slugify(label, "role"))
    _blueprint_fields(source, document, doc_outline.title or title_tag, diagnostics)

    context = Context(document, diagnostics)
    seen: set[str] = set()
    for section in doc_outline.sections:
        context.enter(section)
        if section.kind is None:
            unknown(context, section)
            continue
        if section.kind.key in seen:
            context.warn(f"a second {section.kind.title!r} section; imported as well")
        seen.add(section.kind.key)
        HANDLERS[section.kind.key](context, section)
    for kind in sorted(SECTION_KINDS, key=lambda k: k.number):
        if kind.key not in seen:
            diagnostics.warn(kind.title, "not found in the source; nothing imported for it")
    context.finish()
    return document


def _role_label(
    source: Source, h1: str | None, title_tag: str | None, diagnostics: Diagnostics
) -> str:
    """The role's name: the post title before ":" ("AI Engineer: Role Blueprint ...")."""
    if source.title:
        return _before_colon(source.title)
    for what, text in (("<h1>", h1), ("<title>", title_tag)):
        if text and _before_colon(text):
            diagnostics.warn(None, f'no post title; role named "{_before_colon(text)}" from {what}')
            return _before_colon(text)
    stem = source.name
    for suffix in (".json", ".html", ".htm", ".wp"):
        stem = stem.removesuffix(suffix)
    label = stem.replace("_", " ").replace("-", " ").strip() or "role"
    diagnostics.warn(None, f'no title found; role named "{label}" after the file name')
    return label


def _before_colon(title: str) -> str:
    return title.split(":", 1)[0].strip()


def _blueprint_fields(
    source: Source, document: Document, html_title: str | None, diagnostics: Diagnostics
) -> None:
    fields = document.blueprint_fields
    post = source.post
    if post is None:
        if html_title:
            fields.append((DCTERMS.title, Text(html_title)))
        diagnostics.warn(None, "HTML input has no post metadata (link, id, dates); none recorded")
        return
    if source.title:
        fields.append((DCTERMS.title, Text(source.title)))
    link = post.get("link")
    if isinstance(link, str) and re.match(r"^https?://\S+$", link):
        fields.append((DCTERMS.source, Iri(link)))
        fields.append((PROV.wasDerivedFrom, Iri(link)))
    else:
        diagnostics.warn(None, "the post has no usable link; dcterms:source not recorded")
    if isinstance(post.get("id"), int | str) and str(post.get("id")).strip():
        fields.append((DCTERMS.identifier, Plain(str(post["id"]).strip())))
    for key, prop in (("date_gmt", DCTERMS.issued), ("modified_gmt", DCTERMS.modified)):
        value = post.get(key)
        if isinstance(value, str) and _WP_DATE.match(value):
            fields.append((prop, DateTime(value + "Z")))
        elif value is not None:
            diagnostics.warn(None, f"post {key} {value!r} is not a date-time; not recorded")


def _header(source: Source) -> list[str]:
    lines = [
        f"Generated by `rolegraph import` from {source.name}.",
        "Do not edit by hand: change the source or the importer and regenerate.",
    ]
    link = source.post.get("link") if source.post else None
    if isinstance(link, str) and link:
        lines.append(f"Source: {link}")
    lines.append("Curated links between this role's items belong in <role>.links.ttl.")
    return lines
