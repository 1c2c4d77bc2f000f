"""Blocks -> sections -> groups of parts, and which section is which.

Sections are recognised by keywords in their heading, never by their number, so a renamed,
reordered or renumbered blueprint still lands in the right place. Inside a section, an
<h3> or a bold paragraph lead ("**Operational deliverables**") opens a group; handlers
decide by the group heading what its items are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rolegraph.importer.fields import strip_colon
from rolegraph.importer.html_blocks import (
    Block,
    Heading,
    Line,
    ListBlock,
    ListItem,
    Paragraph,
    Table,
)


@dataclass(frozen=True)
class SectionKind:
    key: str
    title: str
    """The usual heading, for messages about a missing section."""
    pattern: re.Pattern[str]
    number: int
    """The usual position in a blueprint (messages list missing sections in this order)."""


_USUAL_ORDER = [
    "summary",
    "mission",
    "responsibilities",
    "activities",
    "deliverables",
    "goals",
    "kpis",
    "technical-skills",
    "soft-skills",
    "tools",
    "tech-stack",
    "stakeholders",
    "decision-rights",
    "experience",
    "career",
    "risks",
    "variants",
    "ai-impact",
    "hiring",
    "scorecard-summary",
]


def _kind(key: str, title: str, pattern: str) -> SectionKind:
    return SectionKind(key, title, re.compile(pattern, re.IGNORECASE), _USUAL_ORDER.index(key) + 1)


SECTION_KINDS: tuple[SectionKind, ...] = (
    # order matters: the first pattern that matches wins
    _kind("scorecard-summary", "Final Role Scorecard Summary", r"scorecard|final.*summary"),
    _kind("hiring", "Hiring Evaluation Criteria", r"hiring|interview|recruit|assess"),
    _kind(
        "soft-skills",
        "Soft Skills and Behavioral Capabilities",
        r"\bsoft\b|behaviou?r|people skill",
    ),
    _kind(
        "technical-skills", "Technical Skills Required", r"technical skill|hard skill|\bskills?\b"
    ),
    _kind("tech-stack", "Typical Tech Stack / Environment", r"stack|environment"),
    _kind("tools", "Tools, Platforms, and Software", r"\btools?\b|tooling|platforms?|software"),
    _kind("ai-impact", "AI / Automation Impact on the Role", r"automation|\bai\b.*\bimpact"),
    _kind("kpis", "KPIs and Productivity Metrics", r"\bkpis?\b|metric|indicator|measur"),
    _kind("responsibilities", "Core Responsibilities", r"responsibilit|accountabilit|duties"),
    _kind("activities", "Day-to-Day Activities", r"activit|day[- ]to[- ]day"),
    _kind("deliverables", "Key Deliverables", r"deliverable|\boutputs?\b"),
    _kind("goals", "Goals, Objectives, and Milestones", r"\bgoals?\b|objective|milestone|okr"),
    _kind("stakeholders", "Stakeholders and Collaboration Map", r"stakeholder|collaborat"),
    _kind("decision-rights", "Decision Rights and Scope of Authority", r"decision|authorit"),
    _kind(
        "experience",
        "Required Experience and Qualifications",
        r"experience|qualification|education|requirement",
    ),
    _kind("career", "Career Path and Progression", r"career|progression|promotion"),
    _kind("risks", "Risks, Challenges, and Failure Modes", r"\brisks?\b|challenge|failure|pitfall"),
    _kind("variants", "Role Variants", r"variant|variation"),
    _kind("mission", "Role Mission", r"mission|purpose"),
    _kind("summary", "Role Summary", r"summary|overview|about the role"),
)

_NUMBERING = re.compile(r"^\s*(?:section\s+)?\d+(?:\.\d+)*\s*[.):\-–—]?\s+", re.IGNORECASE)


def section_kind(heading: str) -> SectionKind | None:
    """The kind of section a heading names ("7) KPIs and Productivity Metrics" -> kpis)."""
    title = _NUMBERING.sub("", heading)
    for kind in SECTION_KINDS:
        if kind.pattern.search(title):
            return kind
    return None


@dataclass
class Entry:
    """One item: its head line and its sub-lines (dash lines, nested items), in order."""

    head: Line
    sub: list[Line] = field(default_factory=list)


Part = Entry | Paragraph | Table


@dataclass
class Group:
    """Consecutive parts under one heading (an <h3> or a bold paragraph lead)."""

    heading: str | None
    """Nearest heading, verbatim (a bold lead without its trailing colon)."""
    subheading: str | None
    """The enclosing <h3> (or deeper) heading, if any."""
    parts: list[Part] = field(default_factory=list)
    from_paragraph: bool = False


@dataclass
class Section:
    heading: str | None
    """The <h2> text verbatim (None for content before the first section)."""
    kind: SectionKind | None
    groups: list[Group] = field(default_factory=list)


@dataclass
class Outline:
    title: str | None
    """The first <h1>, if the document has one."""
    sections: list[Section]


def outline(blocks: list[Block]) -> Outline:
    """Split blocks into sections at the section heading level (<h2> normally)."""
    levels = sorted({b.level for b in blocks if isinstance(b, Heading) and b.level > 1})
    h1s = [b for b in blocks if isinstance(b, Heading) and b.level == 1]
    if levels:
        section_level = levels[0]
    elif len(h1s) > 1:
        section_level = 1
    else:
        section_level = 0
    title = h1s[0].text if h1s else None

    sections: list[Section] = []
    builder = _SectionBuilder(Section(None, None))
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1 and section_level != 1:
            continue
        if isinstance(block, Heading) and block.level == section_level:
            builder.finish(sections)
            builder = _SectionBuilder(Section(block.text, section_kind(block.text)))
            continue
        builder.add(block)
    builder.finish(sections)
    return Outline(title, sections)


class _SectionBuilder:
    def __init__(self, section: Section) -> None:
        self.section = section
        self.base = Group(None, None)
        self.current: Group | None = None

    def finish(self, sections: list[Section]) -> None:
        groups = [g for g in self.section.groups if g.parts]
        if groups or self.section.heading is not None:
            self.section.groups = groups
            sections.append(self.section)

    def _base_group(self) -> Group:
        """The heading group receiving parts again after a paragraph group ended."""
        groups = self.section.groups
        if not groups or groups[-1] is not self.base:
            self.base = Group(self.base.heading, self.base.subheading)
            groups.append(self.base)
        return self.base

    def _target(self) -> Group:
        return self.current if self.current is not None else self._base_group()

    def add(self, block: Block) -> None:
        if isinstance(block, Heading):
            self.current = None
            self.base = Group(block.text, block.text)
            self.section.groups.append(self.base)
        elif isinstance(block, Paragraph):
            self._paragraph(block)
        elif isinstance(block, ListBlock):
            self._target().parts.extend(entries_of_list(block))
        elif isinstance(block, Table):
            self._target().parts.append(block)

    def _paragraph(self, paragraph: Paragraph) -> None:
        lines = paragraph.lines
        first_dash = next((i for i, line in enumerate(lines) if line.dash), None)
        if first_dash is not None:
            lead, dashes = lines[:first_dash], lines[first_dash:]
            entries = entries_of_dashes(dashes)
            if lead:
                text = " ".join(line.text for line in lead)
                heading = strip_colon(lead[0].bold_lead or "") if _is_title(lead) else None
                group = Group(heading or strip_colon(text), self.base.subheading, [], True)
                group.parts.extend(entries)
                self.section.groups.append(group)
                self.current = None
            else:
                self._target().parts.extend(entries)
            return
        if len(lines) == 1 and lines[0].bold_only:
            # "**Operational deliverables**" alone: a heading for the lists that follow
            group = Group(strip_colon(lines[0].bold_lead or ""), self.base.subheading, [], True)
            self.section.groups.append(group)
            self.current = group
            return
        if lines and lines[0].bold_lead is not None:
            # a keyed paragraph ("**Role horizon:** Current ...") ends a paragraph group
            self.current = None
        self._target().parts.append(paragraph)


def _is_title(lead: list[Line]) -> bool:
    return len(lead) == 1 and lead[0].bold_only


def entries_of_list(block: ListBlock) -> list[Entry]:
    """One entry per <li>; nested lists and extra lines become sub-lines."""
    entries = []
    for item in block.items:
        lines = item.lines + _flatten(item.children)
        if not lines:
            continue
        entries.append(Entry(lines[0], lines[1:]))
    return absorb_lead_ins(entries)


def _flatten(children: list[ListItem]) -> list[Line]:
    out: list[Line] = []
    for child in children:
        out.extend(child.lines)
        out.extend(_flatten(child.children))
    return out


def entries_of_dashes(lines: list[Line]) -> list[Entry]:
    """Dash lines at the outermost indent start entries; deeper or plain lines belong to them."""
    base_indent = min(line.indent for line in lines if line.dash)
    entries: list[Entry] = []
    for line in lines:
        if (line.dash and line.indent <= base_indent) or not entries:
            entries.append(Entry(line))
        else:
            entries[-1].sub.append(line)
    return absorb_lead_ins(entries)


def is_lead_in(entry: Entry) -> bool:
    """A bold-only item or one ending with ":" introduces the plain items after it."""
    if entry.sub:
        return False
    return entry.head.bold_only or entry.head.text.endswith(":")


def absorb_lead_ins(entries: list[Entry]) -> list[Entry]:
    """Plain items after a lead-in become its sub-lines (rule: sub-items are descriptions)."""
    out: list[Entry] = []
    lead: Entry | None = None
    for entry in entries:
        plain = entry.head.bold_lead is None
        if lead is not None and plain and not is_lead_in(entry):
            lead.sub.append(entry.head)
            lead.sub.extend(entry.sub)
            continue
        out.append(entry)
        lead = entry if is_lead_in(entry) else None
    return out
