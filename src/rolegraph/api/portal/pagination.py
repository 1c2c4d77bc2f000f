"""`limit`/`offset` pagination: parsing, slicing, the envelope and the RFC 8288 Link header."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from rolegraph.api.problems import invalid

DEFAULT_LIMIT = 50
MAX_LIMIT = 1000
PAGE_PARAMS = ("limit", "offset")


@dataclass(frozen=True)
class PageRequest:
    """Which slice of a list a request asks for."""

    limit: int = DEFAULT_LIMIT
    offset: int = 0


def parse_page(query: Mapping[str, str]) -> PageRequest:
    """`limit` in 0..MAX_LIMIT (default DEFAULT_LIMIT) and `offset` >= 0, or a 422."""
    limit = _non_negative(query, "limit", DEFAULT_LIMIT)
    if limit > MAX_LIMIT:
        raise invalid("limit", f"must be at most {MAX_LIMIT}", str(limit))
    return PageRequest(limit, _non_negative(query, "offset", 0))


def _non_negative(query: Mapping[str, str], name: str, default: int) -> int:
    raw = query.get(name)
    if raw is None or raw == "":
        return default
    text = raw.strip()
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise invalid(name, "must be a whole number from 0 (e.g. 20)", raw)
    return int(text)


@dataclass(frozen=True)
class Page:
    """One page of a list, with links to the neighbouring pages (path-absolute URLs)."""

    items: Sequence[Any]
    total: int
    limit: int
    offset: int
    next: str | None
    prev: str | None

    def envelope(self) -> dict[str, Any]:
        return {
            "items": self.items,
            "total": self.total,
            "limit": self.limit,
            "offset": self.offset,
            "next": self.next,
            "prev": self.prev,
        }

    def link_header(self) -> str | None:
        links = [
            f'<{url}>; rel="{rel}"'
            for rel, url in (("next", self.next), ("prev", self.prev))
            if url
        ]
        return ", ".join(links) or None


def paginate_counted(
    sliced: Sequence[Any],
    total: int,
    page: PageRequest,
    path: str,
    query: Sequence[tuple[str, str]],
) -> Page:
    """A page whose items were already cut out of `total` answers."""
    next_url = prev_url = None
    if page.limit > 0 and page.offset + page.limit < total:
        next_url = _url(path, query, page.limit, page.offset + page.limit)
    if page.offset > 0:
        prev_url = _url(path, query, page.limit, max(0, min(page.offset, total) - page.limit))
    return Page(sliced, total, page.limit, page.offset, next_url, prev_url)


def _url(path: str, query: Sequence[tuple[str, str]], limit: int, offset: int) -> str:
    kept = [(k, v) for k, v in query if k not in PAGE_PARAMS]
    return f"{path}?{urlencode([*kept, ('limit', str(limit)), ('offset', str(offset))])}"
