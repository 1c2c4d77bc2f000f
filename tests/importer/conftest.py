"""Shared fixtures: the real source, its import, and the generated graph as rdflib."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph

from rolegraph import resources
from rolegraph.importer import ImportResult, import_file

SOURCE = resources.sources_dir() / "ai-engineer.wp.json"
GENERATED = resources.blueprints_dir() / "ai-engineer.ttl"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importer"


def graph_of(turtle: str) -> Graph:
    graph = Graph()
    graph.parse(data=turtle, format="turtle")
    return graph


@pytest.fixture(scope="session")
def source_html() -> str:
    return json.loads(SOURCE.read_text(encoding="utf-8"))["content"]["rendered"]


@pytest.fixture(scope="session")
def result() -> ImportResult:
    return import_file(SOURCE)


@pytest.fixture(scope="session")
def graph(result: ImportResult) -> Graph:
    return graph_of(result.turtle)
