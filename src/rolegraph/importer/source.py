"""Reading a source file: a WordPress post as JSON, or plain HTML.

The format is told by content as well as by suffix, and every way a file can be unusable
(not JSON/HTML, no `content.rendered`, not UTF-8) is an InputError with a hint, never a
traceback.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rolegraph.errors import InputError
from rolegraph.importer.html_blocks import has_elements, normalise_space

SOURCE_SUFFIXES = (".json", ".html", ".htm")
"""Files picked up when a folder is given."""

_TAG = re.compile(r"<[^>]+>")


@dataclass(frozen=True)
class Source:
    """One blueprint document, whatever its container format."""

    name: str
    """The file name (no folders, so output does not depend on where it was run)."""
    html: str
    post: dict[str, Any] | None
    """The WordPress post metadata; None for HTML input."""

    @property
    def title(self) -> str | None:
        if self.post is None:
            return None
        title = self.post.get("title")
        raw = title.get("rendered") if isinstance(title, dict) else title
        if not isinstance(raw, str):
            return None
        return normalise_space(html.unescape(_TAG.sub("", raw))) or None


def read_source(path: Path) -> Source:
    """Read a WordPress JSON post or an HTML file."""
    if not path.is_file():
        raise InputError("no such file", path, hint="give a .json post, an .html file or a folder")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"not UTF-8 text ({err.reason})", path) from None
    except OSError as err:
        raise InputError(f"cannot read: {err.strerror}", path) from None
    return parse_source(text, path.name, path)


def parse_source(text: str, name: str, location: str | Path | None = None) -> Source:
    """A Source from text: JSON when it looks like JSON (or is named .json), else HTML."""
    where = location if location is not None else name
    stripped = text.lstrip()
    if name.lower().endswith(".json") or stripped[:1] in {"{", "["}:
        return _from_json(text, name, where)
    if stripped.startswith("<") and has_elements(text):
        return Source(name, text, None)
    raise InputError(
        "neither a WordPress JSON post nor HTML",
        where,
        hint="give the post JSON from /wp-json/wp/v2/posts/<id> or the post's HTML",
    )


def _from_json(text: str, name: str, where: str | Path) -> Source:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(
            f"invalid JSON: {err.msg}", where, err.lineno, err.colno, hint="fix the JSON syntax"
        ) from None
    if isinstance(data, list):
        if len(data) != 1:
            raise InputError(
                f"a list of {len(data)} posts; expected one post",
                where,
                hint="save each post to its own file",
            )
        data = data[0]
    if not isinstance(data, dict):
        raise InputError("JSON is not a WordPress post object", where)
    content = data.get("content")
    rendered = content.get("rendered") if isinstance(content, dict) else None
    if not isinstance(rendered, str):
        raise InputError(
            "missing content.rendered",
            where,
            hint="the post JSON must hold the HTML in content.rendered (WordPress REST API)",
        )
    if not rendered.strip():
        raise InputError("content.rendered is empty", where)
    return Source(name, rendered, data)
