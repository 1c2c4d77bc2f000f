"""Helpers for the validation tests: the real blueprint, its links, edits, and CLI runs.

Broken edits are minimal changes of the real AI Engineer blueprint, written into a temporary
folder with the role's curated links. The real links file is used when it exists; until it
does, tests/fixtures/broken/ai-engineer.links.ttl (a few links derived from the blueprint).
A test compares the findings of the edited graph with those of the unedited one, so it
asserts exactly what the edit broke, whatever the shipped graph's own warnings are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from rolegraph import resources
from rolegraph.cli import cli
from rolegraph.validation import ValidationReport, validate_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "broken"
FACTS = resources.blueprints_dir() / "ai-engineer.ttl"
SHIPPED_LINKS = resources.blueprints_dir() / "ai-engineer.links.ttl"
RG = "https://w3id.org/rolegraph/ontology#"
ID = "https://w3id.org/rolegraph/id/"


def links_file() -> Path:
    return SHIPPED_LINKS if SHIPPED_LINKS.is_file() else FIXTURES / "ai-engineer.links.ttl"


def edit(text: str, old: str, new: str) -> str:
    """`text` with the one occurrence of `old` replaced (fails loudly if the data changed)."""
    assert text.count(old) == 1, f"expected exactly one {old!r} in the blueprint"
    return text.replace(old, new)


def edit_block(text: str, block_start: str, old: str, new: str) -> str:
    """`text` with `old` replaced once inside the subject block starting `block_start`."""
    start = text.index("\n" + block_start + "\n") + 1
    end = text.find("\n\n", start)
    end = len(text) if end < 0 else end
    block = text[start:end]
    assert block.count(old) == 1, f"expected exactly one {old!r} in {block_start}"
    return text[:start] + block.replace(old, new) + text[end:]


def delete_line(text: str, block_start: str, line_start: str) -> str:
    """`text` without the first line starting with `line_start` in the block `block_start`."""
    lines = text.split("\n")
    start = lines.index(block_start)
    for index in range(start + 1, len(lines)):
        if not lines[index].strip():
            break
        if lines[index].strip().startswith(line_start):
            if lines[index].rstrip().endswith(" ."):  # the block's last statement
                lines[index - 1] = lines[index - 1].rstrip().removesuffix(" ;") + " ."
            del lines[index]
            return "\n".join(lines)
    raise AssertionError(f"no line {line_start!r} in block {block_start!r}")


def links_graph(text: str) -> rdflib.Graph:
    return rdflib.Graph().parse(data=text, format="turtle")


@dataclass(frozen=True)
class Fact:
    """One finding, as the tests compare them."""

    rule: str
    focus: str
    severity: str
    value: str | None = None


def facts(report: dict | ValidationReport, with_values: bool = False) -> set[Fact]:
    data = report.model_dump() if isinstance(report, ValidationReport) else report
    return {
        Fact(
            f["rule_name"],
            node["node"],
            f["severity"],
            f["value"] if with_values else None,
        )
        for node in data["nodes"]
        for f in node["findings"]
    }


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)


def run_cli(*args: str) -> Run:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


@dataclass
class Workspace:
    """A folder with the blueprint and its links, as a steward's repository would have."""

    folder: Path
    facts_text: str
    links_text: str

    @property
    def facts(self) -> Path:
        return self.folder / "ai-engineer.ttl"

    @property
    def links(self) -> Path:
        return self.folder / "ai-engineer.links.ttl"

    def write(self, facts_text: str | None = None, links_text: str | None = None) -> Path:
        self.facts.write_text(facts_text if facts_text is not None else self.facts_text, "utf-8")
        self.links.write_text(links_text if links_text is not None else self.links_text, "utf-8")
        return self.facts


@pytest.fixture(scope="session")
def facts_text() -> str:
    return FACTS.read_text("utf-8")


@pytest.fixture(scope="session")
def links_text() -> str:
    return links_file().read_text("utf-8")


@pytest.fixture
def workspace(tmp_path: Path, facts_text: str, links_text: str) -> Workspace:
    return Workspace(tmp_path, facts_text, links_text)


@pytest.fixture(scope="session")
def baseline(
    tmp_path_factory: pytest.TempPathFactory, facts_text: str, links_text: str
) -> ValidationReport:
    """The findings of the unedited blueprint and links."""
    space = Workspace(tmp_path_factory.mktemp("baseline"), facts_text, links_text)
    return validate_paths([space.write()])
