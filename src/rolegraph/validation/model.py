"""The validation report every front end shares: CLI text/JSON, the /validate endpoint, tests.

Results are grouped by the thing at fault (the focus node), because that is what a steward
fixes: "the KPI 'p95 inference latency' at ai-engineer.ttl:1234 has no review frequency".
`conforms` means "no violations": warnings and infos never fail a validation by themselves
(the CLI's `--strict` makes warnings fail too).
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class Severity(StrEnum):
    """SHACL severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


class Location(BaseModel):
    """Where a node is written: the file and, when found, the line of its first statement."""

    file: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else self.file


class Finding(BaseModel):
    """One validation result: which rule, how bad, what it says, and the offending value."""

    severity: Severity
    rule: str = Field(description="IRI of the shape that reported it")
    rule_name: str = Field(description="The shape's compact name, e.g. rgsh:KPI-frequency")
    rule_label: str | None = Field(default=None, description="The shape's rdfs:label")
    constraints: list[str] = Field(
        description="SHACL constraint components that failed, e.g. sh:MinCountConstraintComponent"
    )
    message: str
    path: str | None = Field(default=None, description="Property path, compact: rg:frequency")
    value: str | None = Field(default=None, description="The offending value, compact")
    value_label: str | None = None
    value_location: Location | None = None
    value_term: str | None = Field(default=None, exclude=True)
    """The value in N-Triples syntax (for the Turtle report)."""
    path_sparql: str | None = Field(default=None, exclude=True)
    """The path as a SPARQL property path with full IRIs (for the Turtle report)."""

    def key(self, focus: str) -> tuple[str, ...]:
        """Identity of a finding: one value failing several constraints of a shape is one
        finding (a weight "10%" is neither decimal nor within 0-100), and a node reported by
        two roles that share it is reported once."""
        return (focus, self.rule, self.path or "", self.value_term or "", self.message)


class FocusNodeReport(BaseModel):
    """Everything wrong with one node: its name, kind, where it is written, and the findings."""

    node: str = Field(description="IRI of the node (or _:label of a blank node)")
    label: str | None = None
    kind: str | None = Field(default=None, description="Its class, e.g. KPI")
    role: str | None = Field(default=None, description="The role it belongs to, e.g. ai-engineer")
    location: Location | None = None
    findings: list[Finding]

    @property
    def worst(self) -> Severity:
        return min((f.severity for f in self.findings), key=lambda s: s.rank)


class Counts(BaseModel):
    violations: int = 0
    warnings: int = 0
    infos: int = 0

    def add(self, severity: Severity) -> None:
        if severity is Severity.VIOLATION:
            self.violations += 1
        elif severity is Severity.WARNING:
            self.warnings += 1
        else:
            self.infos += 1


class ValidationReport(BaseModel):
    """The outcome of validating some blueprint graphs with the rolegraph shapes."""

    conforms: bool = Field(description="True when there is no violation")
    counts: Counts
    roles: list[str] = Field(default_factory=list, description="Roles validated")
    files: list[str] = Field(default_factory=list, description="Inputs validated")
    nodes: list[FocusNodeReport] = Field(default_factory=list)

    def passes(self, strict: bool = False) -> bool:
        """No violations (and, when strict, no warnings either)."""
        return self.counts.violations == 0 and (not strict or self.counts.warnings == 0)

    def findings(self) -> list[tuple[FocusNodeReport, Finding]]:
        """All findings with their node, in report order."""
        return [(node, finding) for node in self.nodes for finding in node.findings]

    def summary(self) -> str:
        """'2 violations, 1 warning, 0 infos in 1 role (ai-engineer.ttl)'."""
        c = self.counts
        counts = ", ".join(
            [
                _plural(c.violations, "violation"),
                _plural(c.warnings, "warning"),
                _plural(c.infos, "info"),
            ]
        )
        roles = _plural(len(self.roles), "role")
        names = [_short_name(f) for f in self.files]
        if len(names) > 4:
            names = [*names[:3], f"and {len(names) - 3} more files"]
        files = ", ".join(names)
        return f"{counts} in {roles}" + (f" ({files})" if files else "")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _short_name(file: str) -> str:
    return file.rsplit("/", 1)[-1]
