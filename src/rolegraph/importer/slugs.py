"""Slugs: the readable last part of an IRI, derived from a label.

Lowercase ASCII words joined by "-", so that IRIs stay stable when the label's punctuation
or accents change, and short enough to read in a query result.
"""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG = 60
"""Slugs longer than this are cut at a word boundary."""

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(label: str, fallback: str = "item") -> str:
    """``"Software engineering & code quality"`` -> ``"software-engineering-and-code-quality"``."""
    decomposed = unicodedata.normalize("NFKD", label)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c))
    ascii_text = ascii_text.replace("&", " and ").lower()
    words = [w for w in _NON_WORD.split(ascii_text) if w]
    if not words:
        return fallback
    kept: list[str] = []
    length = 0
    for word in words:
        added = len(word) + (1 if kept else 0)
        if kept and length + added > MAX_SLUG:
            break
        kept.append(word[:MAX_SLUG] if not kept else word)
        length += added
    return "-".join(kept)


class SlugRegistry:
    """Hands out unique slugs per scope, adding "-2", "-3" in the order they are asked for."""

    def __init__(self) -> None:
        self._taken: dict[str, set[str]] = {}

    def claim(self, scope: str, slug: str) -> str:
        taken = self._taken.setdefault(scope, set())
        candidate = slug
        n = 2
        while candidate in taken:
            candidate = f"{slug}-{n}"
            n += 1
        taken.add(candidate)
        return candidate
