"""The errors rolegraph reports to people, each saying what is wrong, where, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class RolegraphError(Exception):
    """Base of every error rolegraph raises on purpose (never a bug)."""


@dataclass
class InputError(RolegraphError):
    """Input that cannot be read: a syntax error, an unknown format, a missing file.

    `location` renders as ``file:line:column`` so editors and CI annotate the right place.
    """

    message: str
    source: str | Path | None = None
    line: int | None = None
    column: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    @property
    def location(self) -> str:
        parts = [str(self.source) if self.source is not None else "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text}\n  hint: {self.hint}" if self.hint else text


class NotFoundError(RolegraphError):
    """A named thing (query, role, item) does not exist."""
