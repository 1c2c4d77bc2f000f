"""Reading the parts of one item's text: label, qualifier, description, key/value sub-lines.

The source's conventions are consistent enough to be rules: a bold lead is the title, a
parenthetical right after it qualifies it, "Key: value" sub-lines carry attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from rolegraph.importer.html_blocks import Line, normalise_space

LABEL_MAX = 80
"""A plain "prefix: rest" text is split only when the prefix is shorter than this."""

_LEADING_JUNK = re.compile(r"^[\s:;,–—]+")
_PERCENT = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*%?\s*$")
_DURATION = re.compile(
    r"\((\d+(?:\s*[–—-]\s*\d+)?\s*(?:minutes?|mins?|hours?|hrs?|days?))\)", re.IGNORECASE
)


@dataclass(frozen=True)
class Parts:
    """An item's head line taken apart."""

    label: str
    qualifier: str | None
    rest: str


def strip_colon(text: str) -> str:
    return text.strip().rstrip(":").strip()


def clean_rest(text: str) -> str:
    """Drop the separator left between a title and its text (": ", ", ", a lone ".")."""
    rest = _LEADING_JUNK.sub("", text).strip()
    return "" if rest in {".", ""} else rest


def leading_paren(text: str) -> tuple[str, str] | None:
    """("(a, b) rest" -> ("a, b", " rest")): a balanced parenthetical opening the text."""
    stripped = text.lstrip()
    if not stripped.startswith("("):
        return None
    depth = 0
    for i, char in enumerate(stripped):
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return stripped[1:i].strip(), stripped[i + 1 :]
    return None


def trailing_paren(text: str) -> tuple[str, str | None]:
    """("Name (qualifier)" -> ("Name", "qualifier")); text without one is returned as is."""
    stripped = text.strip()
    if not stripped.endswith(")"):
        return stripped, None
    depth = 0
    for i in range(len(stripped) - 1, -1, -1):
        char = stripped[i]
        if char == ")":
            depth += 1
        elif char == "(":
            depth -= 1
            if depth == 0:
                head = stripped[:i].strip()
                if not head:
                    return stripped, None
                return head, stripped[i + 1 : -1].strip()
    return stripped, None


def split_head(line: Line) -> Parts:
    """Label rule: the bold lead, else a short "prefix: ", else the whole text."""
    lead = line.bold_lead
    if lead and strip_colon(lead):
        label = strip_colon(lead)
        rest = line.rest
        qualifier = None
        paren = leading_paren(rest)
        if paren is not None:
            qualifier, rest = paren
        return Parts(label, qualifier or None, clean_rest(rest))
    text = line.text
    cut = text.find(": ")
    if 0 < cut < LABEL_MAX:
        return Parts(text[:cut].strip(), None, text[cut + 2 :].strip())
    return Parts(strip_colon(text) or text, None, "")


def key_value(line: Line) -> tuple[str, str] | None:
    """("**Use:** training scripts" -> ("Use", "training scripts")) or None."""
    lead = line.bold_lead
    if lead:
        rest = line.rest
        if lead.endswith(":") or rest.startswith(":"):
            return strip_colon(lead), clean_rest(rest)
        return None
    text = line.text
    cut = text.find(": ")
    if 0 < cut <= 40:
        return text[:cut].strip(), text[cut + 2 :].strip()
    return None


def join_lines(lines: list[str]) -> str | None:
    """Description lines joined by newlines; None when there is nothing to say."""
    kept = [normalise_space(x) for x in lines if x and normalise_space(x)]
    return "\n".join(kept) if kept else None


def percent(text: str) -> Decimal | None:
    """ "20%" -> Decimal("20"); None when the cell is not a plain number."""
    match = _PERCENT.match(text)
    if not match:
        return None
    try:
        return Decimal(match.group(1).replace(",", "."))
    except InvalidOperation:
        return None


def duration(text: str) -> str | None:
    """ "Take-home (90–120 minutes)" -> "90–120 minutes"."""
    match = _DURATION.search(text)
    return normalise_space(match.group(1)) if match else None
