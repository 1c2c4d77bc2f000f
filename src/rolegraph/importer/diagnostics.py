"""Warnings the importer reports: what it could not place, and where.

They go to stderr in the CLI and are returned by the library, in one format:
``source: section "...": what happened``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    """One warning about the source document."""

    source: str
    section: str | None
    message: str

    def __str__(self) -> str:
        if self.section is None:
            return f"{self.source}: {self.message}"
        return f'{self.source}: section "{self.section}": {self.message}'


@dataclass
class Diagnostics:
    """Collects warnings in the order they arise (document order, hence deterministic)."""

    source: str
    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, section: str | None, message: str) -> None:
        self.items.append(Diagnostic(self.source, section, message))
