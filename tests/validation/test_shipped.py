"""The shipped blueprints conform: zero violations, and `rolegraph validate` exits 0."""

from __future__ import annotations

import re

import pytest

from rolegraph import catalog
from rolegraph.validation import Severity, validate_paths
from tests.validation.conftest import FACTS, SHIPPED_LINKS, run_cli

pytestmark = pytest.mark.skipif(
    not FACTS.is_file(), reason="ontology/blueprints/ai-engineer.ttl is not generated yet"
)


def test_shipped_blueprints_have_zero_violations() -> None:
    report = validate_paths(catalog.shipped_blueprint_files())
    violations = [
        (node.node, f.rule_name, f.message)
        for node, f in report.findings()
        if f.severity is Severity.VIOLATION
    ]
    assert violations == []
    assert report.conforms
    assert "ai-engineer" in report.roles


def test_shipped_links_are_validated_with_the_facts() -> None:
    report = validate_paths([FACTS])
    expected = {"ai-engineer.ttl"} | (
        {"ai-engineer.links.ttl"} if SHIPPED_LINKS.is_file() else set()
    )
    assert {f.rsplit("/", 1)[-1] for f in report.files} == expected


def test_rolegraph_validate_without_arguments_checks_the_shipped_blueprints() -> None:
    run = run_cli("validate")
    assert run.exit_code == 0, run.stdout[-2000:]
    summary = run.stdout.strip().splitlines()[-1]
    assert re.fullmatch(
        r"0 violations, \d+ warnings?, \d+ infos? in \d+ roles? \(.*ai-engineer\.ttl.*\)", summary
    )


def test_an_input_without_a_blueprint_says_nothing_was_checked() -> None:
    run = run_cli("validate", str(catalog.vocabulary_sources()[0].path))
    assert run.exit_code == 0
    assert run.stdout.strip().endswith("in 0 roles")
    assert "holds no role blueprint, so nothing was checked" in run.stderr
    assert "no role blueprint" not in run_cli("validate").stderr
