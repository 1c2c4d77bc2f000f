"""Which file and line a node is written at, so a report points at the line to fix.

Parsers do not report positions of triples, so the source text is scanned: prefix
declarations are read, and every line that starts with a term in the first column (how
Turtle, TriG and N-Triples writers put subjects, and how rolegraph's importer does) is
resolved to an IRI. A node's line is the first line where it starts a statement; a node
that never does (a link to something undefined) is located where it is first mentioned.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import cached_property

import pyoxigraph as ox

from rolegraph.validation.documents import RDF_TYPE, Document
from rolegraph.validation.model import Location

_TURTLE_PREFIX = re.compile(r"^\s*@prefix\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.MULTILINE)
_SPARQL_PREFIX = re.compile(
    r"^\s*PREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^>]*)>", re.MULTILINE | re.IGNORECASE
)
_JSONLD_PREFIX = re.compile(r'"([A-Za-z][\w-]*)"\s*:\s*"(https?://[^"]*[#/])"')
_NAME_CHAR = re.compile(r"[\w-]")
_LINE_START_TERM = re.compile(r"\n([^\s@#\[\]\(\)\{\}]\S*)")
_FIRST_LINE_TERM = re.compile(r"([^\s@#\[\]\(\)\{\}]\S*)")
_ESCAPE_IN_LINE_START_TERM = re.compile(r"\n[^\s@#\[\]\(\)\{\}][^\s\\]*\\")
"""A line whose first term has a backslash (an escape `resolve` removes)."""
"""The first token of a line that starts with a term (not blank, a directive or a comment)."""
_SPARQL_KEYWORD = re.compile(r"\n[^\S\n]*[Pp][Rr][Ee][Ff][Ii][Xx]")
_FIRST_SPARQL_KEYWORD = re.compile(r"[^\S\n]*[Pp][Rr][Ee][Ff][Ii][Xx]")
"""A line whose text starts with PREFIX, in any case (where _SPARQL_PREFIX can match)."""
_OTHER_LINE_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""Line breaks of str.splitlines() other than "\n"."""


def _has_other_line_breaks(text: str) -> bool:
    return any(mark in text for mark in _OTHER_LINE_BREAKS)  # faster than a character class


_RDF_TYPE = ox.NamedNode(RDF_TYPE)


def _end_after(text: str, keyword: int) -> int:
    """Where a prefix declaration whose keyword is at `keyword` ends (its first ">").

    The last keyword of a kind bounds where its pattern can match, so the pattern need not
    scan a whole file (an anchored multi-line pattern tries every position of a file).
    """
    if keyword < 0:
        return 0
    close = text.find(">", keyword)
    return len(text) if close < 0 else close + 1


class SourceMap:
    """Line numbers (1-based) of the IRIs written in one document's text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.prefixes: dict[str, str] = {}
        first = _FIRST_SPARQL_KEYWORD.match(text)
        sparql_keywords = [m.end() for m in (first, *_SPARQL_KEYWORD.finditer(text)) if m]
        for pattern, end in (
            (_TURTLE_PREFIX, _end_after(text, text.rfind("@prefix"))),
            (_SPARQL_PREFIX, _end_after(text, sparql_keywords[-1] if sparql_keywords else -1)),
            (_JSONLD_PREFIX, len(text)),
        ):
            for prefix, namespace in pattern.findall(text, 0, end):
                self.prefixes.setdefault(prefix or "", namespace)

    @cached_property
    def _line_starts(self) -> list[int]:
        return [0] + [m.end() for m in re.finditer("\n", self.text)]

    @cached_property
    def _subject_lines(self) -> dict[str, int]:
        if _has_other_line_breaks(self.text):
            return self._subject_lines_of_any_text()
        # lines end at "\n" only: find the lines that start with a term with one scan
        lines: dict[str, int] = {}
        text, number, position = self.text, 1, 0
        first = _FIRST_LINE_TERM.match(text)
        for match in (
            (first, *_LINE_START_TERM.finditer(text)) if first else _LINE_START_TERM.finditer(text)
        ):
            start = match.start(1)
            number += text.count("\n", position, start)
            position = start
            token = match.group(1)
            if token.upper() in ("PREFIX", "BASE", "GRAPH"):
                continue
            iri = self.resolve(token)
            if iri is not None:
                lines.setdefault(iri, number)
        return lines

    def _subject_lines_of_any_text(self) -> dict[str, int]:
        lines: dict[str, int] = {}
        for number, line in enumerate(self.text.splitlines(), start=1):
            if not line or line[0].isspace() or line[0] in "@#[()]{}":
                continue
            token = line.split(None, 1)[0]
            if token.upper() in ("PREFIX", "BASE", "GRAPH"):
                continue
            iri = self.resolve(token)
            if iri is not None:
                lines.setdefault(iri, number)
        return lines

    def resolve(self, token: str) -> str | None:
        """`<iri>` or `prefix:local` -> the full IRI (None for anything else)."""
        if token.startswith("<"):
            end = token.find(">")
            return token[1:end] if end > 0 else None
        token = token.rstrip(";,.")
        prefix, sep, local = token.partition(":")
        if not sep or prefix not in self.prefixes or local.startswith("//"):
            return None
        return self.prefixes[prefix] + local.replace("\\", "")

    def subject_line(self, iri: str) -> int | None:
        """The line where a statement about `iri` starts (the first line whose first term
        is `iri`). Found by searching the text for the ways `iri` can be written, unless the
        text has line starts that only a line-by-line reading resolves (escapes, odd line
        breaks): then every line's first term is resolved once (`_subject_lines`)."""
        if self._read_line_by_line:
            return self._subject_lines.get(iri)
        best = None
        for candidate in self._spellings(iri):
            found = self._first_line_starting(candidate)
            if found is not None and (best is None or found < best):
                best = found
        return None if best is None else self.text.count("\n", 0, best) + 1

    @cached_property
    def _read_line_by_line(self) -> bool:
        text = self.text
        first = _FIRST_LINE_TERM.match(text)
        return bool(
            _has_other_line_breaks(text)
            or ("\\" in text and _ESCAPE_IN_LINE_START_TERM.search(text))
            or (first and "\\" in first.group(1))
        )

    def _spellings(self, iri: str) -> list[str]:
        """`<iri>` and each `prefix:local` that resolves to `iri`."""
        spellings = [f"<{iri}>"]
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace):
                local = iri[len(namespace) :]
                if not local.startswith("//") and not local.endswith((";", ",", ".")):
                    spellings.append(f"{prefix}:{local}")
        return spellings

    def _first_line_starting(self, spelling: str) -> int | None:
        """The first position where a line's first term is `spelling` (as `resolve` reads
        terms: `<iri>` with anything after it, `prefix:local` with only ";,." after it)."""
        text = self.text
        position = 0 if text.startswith(spelling) else None
        start = 0
        while True:
            if position is not None:
                end = position + len(spelling)
                if spelling.startswith("<"):
                    return position
                while end < len(text) and text[end] in ";,.":
                    end += 1
                if end == len(text) or text[end].isspace():
                    return position
            found = text.find("\n" + spelling, start)
            if found < 0:
                return None
            position, start = found + 1, found + 1

    def mention_line(self, iri: str) -> int | None:
        """The first line mentioning `iri`, in full or compact form."""
        positions = []
        full = self.text.find(f"<{iri}>")
        if full < 0:
            full = self.text.find(f'"{iri}"')  # JSON-LD
        if full >= 0:
            positions.append(full)
        for prefix, namespace in self.prefixes.items():
            if iri.startswith(namespace) and len(iri) > len(namespace):
                found = self._find_name(f"{prefix}:{iri[len(namespace) :]}")
                if found is not None:
                    positions.append(found)
        if not positions:
            return None
        return bisect.bisect_right(self._line_starts, min(positions))

    def _find_name(self, name: str) -> int | None:
        start = 0
        while (index := self.text.find(name, start)) >= 0:
            before = self.text[index - 1] if index else " "
            after = self.text[index + len(name) : index + len(name) + 2]
            continues = bool(after) and (
                _NAME_CHAR.match(after[0]) is not None
                or (after[0] == "." and len(after) > 1 and _NAME_CHAR.match(after[1]) is not None)
            )
            if not (_NAME_CHAR.match(before) or before in ":/") and not continues:
                return index
            start = index + 1
        return None


class Locator:
    """Finds where nodes are written across the documents of a validation."""

    def __init__(self, documents: Sequence[Document]) -> None:
        self.documents = [d for d in documents if d.text is not None]
        self._maps: dict[int, SourceMap] = {}
        self._typed: dict[int, set[str]] = {}

    def _map(self, index: int) -> SourceMap:
        if index not in self._maps:
            self._maps[index] = SourceMap(self.documents[index].text or "")
        return self._maps[index]

    def _typed_subjects(self, index: int) -> set[str]:
        if index not in self._typed:
            self._typed[index] = {
                q.subject.value
                for q in self.documents[index].quads
                if q.predicate == _RDF_TYPE and type(q.subject) is ox.NamedNode
            }
        return self._typed[index]

    def locate(self, iri: str) -> Location | None:
        """Where `iri` is defined (typed, then any statement about it), else first mentioned."""
        for index, document in enumerate(self.documents):
            if iri in self._typed_subjects(index):
                source = self._map(index)
                line = source.subject_line(iri) or source.mention_line(iri)
                return Location(file=document.name, line=line)
        for finder in (SourceMap.subject_line, SourceMap.mention_line):
            for index, document in enumerate(self.documents):
                line = finder(self._map(index), iri)
                if line is not None:
                    return Location(file=document.name, line=line)
        return None
