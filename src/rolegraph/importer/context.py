"""The state of one import: items in order, positions, notes, minted concepts, warnings.

Handlers call these helpers so that the cross-cutting rules (1-based positions per section,
notes instead of silent drops, open vs closed schemes, one node per shared skill/tool)
hold everywhere without each handler re-implementing them.
"""

from __future__ import annotations

from rdflib import URIRef

from rolegraph.importer.concepts import normalise, scheme
from rolegraph.importer.diagnostics import Diagnostics
from rolegraph.importer.fields import join_lines, split_head, strip_colon, trailing_paren
from rolegraph.importer.html_blocks import Paragraph, Table
from rolegraph.importer.items import Document, Iri, Item, MintedConcept, Shared, Text, Value
from rolegraph.importer.sections import Entry, Group, Section
from rolegraph.importer.slugs import slugify
from rolegraph.namespaces import RG, RGC

BEFORE_FIRST_SECTION = "(before the first section)"


class Context:
    """Collects what the handlers find in one source document."""

    def __init__(self, document: Document, diagnostics: Diagnostics) -> None:
        self.doc = document
        self.diag = diagnostics
        self.section: Section | None = None
        self._position = 0
        self._minted: dict[tuple[str, str], MintedConcept] = {}
        self._shared: dict[tuple[str, str], Shared] = {}
        self._role_texts: dict[URIRef, list[str]] = {}

    # -- sections and items ----------------------------------------------------------

    def enter(self, section: Section) -> None:
        self.section = section
        self._position = 0

    @property
    def section_name(self) -> str:
        if self.section is None or self.section.heading is None:
            return BEFORE_FIRST_SECTION
        return self.section.heading

    def warn(self, message: str) -> None:
        self.diag.warn(self.section_name, message)

    def heading_of(self, group: Group) -> str | None:
        """rg:sourceHeading of the group's items: its own heading, else the section's."""
        if group.heading:
            return group.heading
        return self.section.heading if self.section is not None else None

    def add(self, item: Item) -> Item:
        self._position += 1
        item.position = self._position
        self.doc.items.append(item)
        return item

    def item(self, cls: str, entry: Entry, group: Group) -> Item:
        """An item from a list entry by the label rule, sub-lines joining its description."""
        parts = split_head(entry.head)
        description = join_lines([parts.rest, *(line.text for line in entry.sub)])
        return self.add(
            Item(cls, parts.label, self.heading_of(group), description, parts.qualifier)
        )

    # -- notes -----------------------------------------------------------------------

    def note_heading(self, group: Group | None) -> str:
        section = self.section.heading if self.section and self.section.heading else None
        inner = group.heading if group is not None else None
        if section and inner and inner != section:
            return f"{section} › {inner}"
        return section or inner or BEFORE_FIRST_SECTION

    def note(self, label: str, text: str | None, group: Group | None) -> Item:
        return self.add(Item("Note", label, self.note_heading(group), text))

    def note_part(self, part: Entry | Paragraph | Table, group: Group) -> None:
        """Keep a part the handler has no place for as rg:Note(s), verbatim."""
        if isinstance(part, Entry):
            lines = [part.head.text, *(line.text for line in part.sub)]
            self.note(split_head(part.head).label, join_lines(lines), group)
        elif isinstance(part, Paragraph):
            self.note(split_head(part.lines[0]).label, paragraph_text(part), group)
        else:
            for row in part.rows:
                cells = [
                    f"{part.header[i]}: {cell.text}" if i < len(part.header) else cell.text
                    for i, cell in enumerate(row)
                    if cell.text
                ]
                label = next((cell.text for cell in row if cell.text), "row")
                self.note(label, join_lines(cells), group)

    def unplaced(self, group: Group, why: str, parts: list[Entry | Paragraph | Table]) -> None:
        """Notes for a whole group, with one warning that says why."""
        if not parts:
            return
        count = sum(len(p.rows) if isinstance(p, Table) else 1 for p in parts)
        where = f'heading "{group.heading}"' if group.heading else "text"
        self.warn(f"{where}: {why}; kept {count} item(s) as rg:Note")
        for part in parts:
            self.note_part(part, group)

    def value_note(self, item: Item, field: str, value: str, scheme_key: str) -> None:
        """A value outside a closed scheme with no *Note property: kept as an rg:Note."""
        self.warn(
            f'"{item.label}": {field} "{value}" matches no concept of rgc:{scheme_key}; '
            "kept as rg:Note"
        )
        self.add(Item("Note", item.label, item.heading, f"{field}: {value}"))

    # -- concepts ----------------------------------------------------------------------

    def concept(self, scheme_key: str, text: str, what: str) -> str | None:
        """The concept the text names; for an open scheme a new one is minted (and warned)."""
        found = scheme(scheme_key).match(text)
        if found is not None:
            return found.iri
        if not scheme(scheme_key).open:
            return None
        label = strip_colon(trailing_paren(text)[0]) or strip_colon(text)
        key = (scheme_key, normalise(label))
        minted = self._minted.get(key)
        if minted is None:
            iri = f"{RGC}{scheme_key}-{slugify(label, 'other')}"
            minted = MintedConcept(scheme_key, label, iri)
            self._minted[key] = minted
            self.doc.minted.append(minted)
            self.warn(
                f'{what} "{text}" is not in the open scheme rgc:{scheme_key}; '
                f"added concept rgc:{iri.removeprefix(str(RGC))}"
            )
        return minted.iri

    def first_concept(self, item: Item, key: str, text: str) -> None:
        """rg:<key> = the first concept of rgc:<key> the text names (warned when none);
        rg:<key>Note keeps the words when they say more than that concept's name."""
        found = scheme(key).first_named(text)
        if found is not None:
            item_field(item, key, Iri(found.iri))
        else:
            self.warn(f'"{item.label}": {key} "{text}" names no concept of rgc:{key}')
        if found is None or not scheme(key).is_bare(found, text):
            item_field(item, f"{key}Note", Text(text))

    def heading_concept(self, scheme_key: str, group: Group, what: str) -> str | None:
        """Concept named by a group's heading (or its enclosing <h3>); warns when none."""
        for text in (group.heading, group.subheading):
            if text:
                found = scheme(scheme_key).match(text)
                if found is not None:
                    return found.iri
        if group.heading and scheme(scheme_key).open:
            return self.concept(scheme_key, group.heading, what)
        where = f'heading "{group.heading}"' if group.heading else "items without a heading"
        self.warn(f"{where} names no {what} (rgc:{scheme_key}); items kept without one")
        return None

    # -- shared nodes and the role ------------------------------------------------------

    def shared(self, kind: str, cls: str, label: str) -> Shared:
        """One node per shared skill/tool/role label (by slug) within the document."""
        key = (kind, slugify(label))
        node = self._shared.get(key)
        if node is None:
            node = Shared(kind, cls, label)
            self._shared[key] = node
            self.doc.shared.append(node)
        elif node.cls != cls:
            self.warn(f'"{label}" is both a {node.cls} and a {cls}; kept as {node.cls}')
        return node

    def role_text(self, prop: URIRef, text: str | None) -> None:
        """Collect a text property of the role; several paragraphs join with a blank line."""
        if text:
            self._role_texts.setdefault(prop, []).append(text)

    def role_field(self, prop: URIRef, value: Value) -> None:
        self.doc.role_fields.append((prop, value))

    def finish(self) -> None:
        for prop, texts in self._role_texts.items():
            self.doc.role_fields.append((prop, Text("\n\n".join(texts))))


def paragraph_text(paragraph: Paragraph) -> str:
    """A paragraph's text, its lines joined by newlines (dash markers already removed)."""
    return "\n".join(line.text for line in paragraph.lines if line.text)


def paragraph_key(paragraph: Paragraph) -> tuple[str | None, str]:
    """("**Core mission:**\\nDeliver ..." -> ("Core mission", "Deliver ...")); key None if plain."""
    first = paragraph.lines[0]
    lead = first.bold_lead
    if lead is None:
        return None, paragraph_text(paragraph)
    rest = [first.rest.lstrip(":").strip(), *(line.text for line in paragraph.lines[1:])]
    return strip_colon(lead), "\n".join(x for x in rest if x)


def item_field(item: Item, prop: str, value: Value) -> None:
    item.fields.append((RG[prop], value))
