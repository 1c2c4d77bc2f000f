"""HTTP content negotiation (Accept headers with q-values) and the Content-Type of request
bodies, as small pure functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

UTF8_CHARSETS = ("", "utf-8", "utf8")
"""Charsets a request body may declare (none means UTF-8): the only encoding read."""


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header, e.g. ``text/*;q=0.5``."""

    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int | None:
        """Specificity of the match (2 exact, 1 `type/*`, 0 `*/*`), None when it does not."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*" and self.subtype == "*":
            return 0
        if self.type != kind:
            return None
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else None


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; malformed entries are skipped."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(kind, sub, q))
    return ranges


def negotiate(accept: str | None, offers: Sequence[tuple[str, T]]) -> T | None:
    """The offer the client prefers most, or None when it accepts none of them.

    `offers` are ``(media type, value)`` pairs in the server's order of preference (several
    media types may name one value). Each offer gets the q of the most specific range that
    matches it; the highest q wins, ties go to the server's order. No Accept header (or an
    empty one) accepts anything, so the first offer wins.
    """
    if not offers:
        return None
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0][1]
    best: tuple[float, int] | None = None
    chosen: T | None = None
    for index, (media_type, value) in enumerate(offers):
        q = _quality(ranges, media_type.lower())
        if q > 0 and (best is None or (q, -index) > best):
            best, chosen = (q, -index), value
    return chosen


def _quality(ranges: list[MediaRange], media_type: str) -> float:
    specificity, q = -1, 0.0
    for media_range in ranges:
        match = media_range.matches(media_type)
        if match is not None and match > specificity:
            specificity, q = match, media_range.q
    return q


def content_type(header: str) -> tuple[str, str]:
    """The media type and charset of a Content-Type header, lowercased ("" when absent)."""
    media_type, _, parameters = header.partition(";")
    charset = ""
    for parameter in parameters.split(";"):
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
            break
    return media_type.strip().lower(), charset
