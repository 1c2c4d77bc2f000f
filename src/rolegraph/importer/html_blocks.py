"""HTML -> a flat sequence of simple blocks (headings, paragraphs of lines, lists, tables).

Blueprint posts mix real lists with "lists" typed as paragraphs of dash lines, and bold leads
carry meaning ("**Use:** ..."). Everything downstream works on this small model instead of
on BeautifulSoup trees, so the format's quirks are handled in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

_DASH_RE = re.compile(r"^\s*[–—•·\-*]\s+")
_SPACE_RE = re.compile(r"\s+")


def normalise_space(text: str) -> str:
    """Collapse every run of whitespace (incl. no-break spaces) to one space and trim."""
    return _SPACE_RE.sub(" ", text).strip()


@dataclass(frozen=True)
class Span:
    """A run of inline text, bold or not (entities already decoded)."""

    text: str
    bold: bool


@dataclass
class Line:
    """One visual line of a paragraph or list item: split at <br> and at source newlines."""

    spans: list[Span]
    indent: int = 0
    dash: bool = False

    @property
    def text(self) -> str:
        return normalise_space("".join(s.text for s in self.spans))

    def _split_lead(self) -> tuple[str, str]:
        """(bold lead, rest): leading whitespace is skipped, whitespace between bold runs kept."""
        lead: list[str] = []
        for i, span in enumerate(self.spans):
            if span.bold:
                lead.append(span.text)
            elif span.text.strip():
                rest = "".join(s.text for s in self.spans[i:])
                return normalise_space("".join(lead)), normalise_space(rest)
            elif lead:
                lead.append(span.text)
        return normalise_space("".join(lead)), ""

    @property
    def bold_lead(self) -> str | None:
        """The bold words the line starts with, if any ("**Use:** ..." -> "Use:")."""
        return self._split_lead()[0] or None

    @property
    def rest(self) -> str:
        """The text after the bold lead (the whole text when there is none)."""
        lead, rest = self._split_lead()
        return rest if lead else self.text

    @property
    def bold_only(self) -> bool:
        """True when the line is only a bold lead plus punctuation ("**Large enterprise:**")."""
        return self.bold_lead is not None and not self.rest.strip(" :;,.–—")


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    lines: list[Line]


@dataclass
class ListItem:
    """A list item: its own lines (first is the head) and the items of nested lists."""

    lines: list[Line]
    children: list[ListItem] = field(default_factory=list)


@dataclass
class ListBlock:
    ordered: bool
    items: list[ListItem]


@dataclass
class Table:
    header: list[str]
    rows: list[list[Line]]


Block = Heading | Paragraph | ListBlock | Table

_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_CONTAINERS = {
    "html",
    "body",
    "main",
    "article",
    "section",
    "div",
    "figure",
    "blockquote",
    "header",
    "footer",
    "aside",
    "details",
    "center",
}
_SKIPPED = {"head", "script", "style", "noscript", "template", "hr", "img", "svg", "iframe"}
_BOLD = {"strong", "b"}
_BREAK_BLOCKS = {"p", "div", "pre", "figcaption", "dd", "dt", "address", "h1", "h2", "h3", "h4"}


def parse_blocks(html: str) -> tuple[list[Block], str | None]:
    """Blocks of the document in reading order, and the text of its <title> if any."""
    soup = BeautifulSoup(html, "html.parser")
    title_tag = soup.find("title")
    title = normalise_space(title_tag.get_text()) if isinstance(title_tag, Tag) else None
    blocks: list[Block] = []
    _collect(soup, blocks)
    return blocks, title or None


def has_elements(html: str) -> bool:
    """Whether the text contains at least one HTML element (plain text is not a blueprint)."""
    soup = BeautifulSoup(html, "html.parser")
    return soup.find(True) is not None


def _is_ignorable(node: object) -> bool:
    return isinstance(node, Comment | Declaration | Doctype | ProcessingInstruction)


def _collect(node: Tag, out: list[Block]) -> None:
    """Walk block-level structure; inline runs between blocks become implicit paragraphs."""
    pending: list[NavigableString | Tag] = []

    def flush() -> None:
        if pending:
            lines = _lines_of(pending)
            if lines:
                out.append(Paragraph(lines))
            pending.clear()

    for child in node.children:
        if _is_ignorable(child):
            continue
        if isinstance(child, NavigableString):
            pending.append(child)
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name.lower()
        if name in _SKIPPED or name == "title":
            continue
        if name in _HEADINGS:
            flush()
            text = normalise_space(child.get_text(" "))
            if text:
                out.append(Heading(_HEADINGS[name], text))
        elif name in {"p", "pre", "figcaption", "address"}:
            flush()
            lines = _lines_of(list(child.children))
            if lines:
                out.append(Paragraph(lines))
        elif name in {"ul", "ol"}:
            flush()
            items = _list_items(child)
            if items:
                out.append(ListBlock(name == "ol", items))
        elif name == "table":
            flush()
            table = _table(child)
            if table.rows or table.header:
                out.append(Table(table.header, table.rows))
        elif name in _CONTAINERS:
            flush()
            _collect(child, out)
        else:
            pending.append(child)
    flush()


def _list_items(list_tag: Tag) -> list[ListItem]:
    items: list[ListItem] = []
    for child in list_tag.children:
        if isinstance(child, Tag) and child.name.lower() == "li":
            item = _list_item(child)
            if item.lines or item.children:
                items.append(item)
        elif isinstance(child, Tag) and child.name.lower() in {"ul", "ol"}:
            # a nested list placed directly in the list (invalid but common): attach to the
            # previous item
            nested = _list_items(child)
            if items:
                items[-1].children.extend(nested)
            else:
                items.extend(nested)
    return items


def _list_item(li: Tag) -> ListItem:
    lines: list[Line] = []
    children: list[ListItem] = []
    pending: list[NavigableString | Tag] = []

    def flush() -> None:
        if pending:
            lines.extend(_lines_of(pending))
            pending.clear()

    for child in li.children:
        if _is_ignorable(child):
            continue
        if isinstance(child, Tag):
            name = child.name.lower()
            if name in {"ul", "ol"}:
                flush()
                children.extend(_list_items(child))
                continue
            if name in _CONTAINERS or name == "table":
                flush()
                _collect_into_item(child, lines, children)
                continue
            if name in _BREAK_BLOCKS:
                flush()
                lines.extend(_lines_of(list(child.children)))
                continue
            if name in _SKIPPED:
                continue
        pending.append(child)
    flush()
    return ListItem(lines, children)


def _collect_into_item(node: Tag, lines: list[Line], children: list[ListItem]) -> None:
    """Flatten a block container inside a list item into the item's lines and sub-items."""
    blocks: list[Block] = []
    _collect(node, blocks)
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.extend(block.lines)
        elif isinstance(block, ListBlock):
            children.extend(block.items)
        elif isinstance(block, Heading):
            lines.append(Line([Span(block.text, True)]))
        elif isinstance(block, Table):
            for row in block.rows:
                lines.append(Line([Span(" | ".join(c.text for c in row), False)]))


def _table(table: Tag) -> Table:
    header: list[str] = []
    rows: list[list[Line]] = []
    for tr in table.find_all("tr"):
        if not isinstance(tr, Tag) or tr.find_parent("table") is not table:
            continue
        cells = [c for c in tr.find_all(["td", "th"], recursive=False) if isinstance(c, Tag)]
        if not cells:
            continue
        in_head = tr.find_parent("thead") is not None
        all_th = all(c.name.lower() == "th" for c in cells)
        row = [_cell_line(c) for c in cells]
        # a header row: in <thead>, all <th>, or (without either) every cell wholly bold
        all_bold = all(line.text and line.bold_only for line in row)
        if not header and not rows and (in_head or all_th or all_bold):
            header = [line.text for line in row]
            continue
        if any(line.text for line in row):
            rows.append(row)
    return Table(header, rows)


def _cell_line(cell: Tag) -> Line:
    """A table cell as one line (inner line breaks become spaces: cells are single values)."""
    lines = _lines_of(list(cell.children))
    spans: list[Span] = []
    for i, line in enumerate(lines):
        if i:
            spans.append(Span(" ", False))
        spans.extend(line.spans)
    return Line(spans)


def _lines_of(nodes: list[NavigableString | Tag]) -> list[Line]:
    """Split inline content into lines at <br> and newlines, keeping bold runs and indents."""
    raw_lines: list[list[Span]] = [[]]

    def emit(text: str, bold: bool) -> None:
        parts = text.split("\n")
        for i, part in enumerate(parts):
            if i:
                raw_lines.append([])
            if part:
                raw_lines[-1].append(Span(part, bold))

    def walk(node: NavigableString | Tag, bold: bool) -> None:
        if _is_ignorable(node):
            return
        if isinstance(node, NavigableString):
            emit(str(node), bold)
            return
        name = node.name.lower()
        if name == "br":
            raw_lines.append([])
            return
        if name in _SKIPPED:
            return
        block_like = name in _BREAK_BLOCKS or name in {"li", "ul", "ol", "tr"}
        if block_like and raw_lines[-1]:
            raw_lines.append([])
        for child in node.children:
            walk(child, bold or name in _BOLD)  # type: ignore[arg-type]
        if block_like:
            raw_lines.append([])

    for node in nodes:
        walk(node, False)

    lines: list[Line] = []
    for spans in raw_lines:
        joined = "".join(s.text for s in spans)
        if not joined.strip():
            continue
        expanded = joined.replace("\t", "    ").replace("\xa0", " ")
        indent = len(expanded) - len(expanded.lstrip(" "))
        dash = bool(_DASH_RE.match(joined))
        if dash:
            spans = _strip_dash(spans)
        lines.append(Line(_trim(spans), indent, dash))
    return lines


def _strip_dash(spans: list[Span]) -> list[Span]:
    """Remove the leading dash marker ("– ") from the spans of a dash line."""
    out: list[Span] = []
    done = False
    for span in spans:
        if done:
            out.append(span)
            continue
        if not span.text.strip():
            continue
        match = _DASH_RE.match(span.text)
        if match:
            remainder = span.text[match.end() :]
            if remainder:
                out.append(Span(remainder, span.bold))
            done = True
        else:
            # the marker may sit alone in a span followed by the text ("–" "Use: ...")
            stripped = span.text.lstrip()
            if stripped and stripped[0] in "–—•·-*":
                remainder = stripped[1:]
                if remainder.strip():
                    out.append(Span(remainder, span.bold))
                done = True
            else:
                out.append(span)
                done = True
    return out


def _trim(spans: list[Span]) -> list[Span]:
    """Drop empty spans; keep inner whitespace (normalised later by Line.text)."""
    return [s for s in spans if s.text]
