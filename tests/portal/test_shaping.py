"""Rows into objects (portal/shaping.py), on hand-made rows: grouping, nested lists,
many-valued fields, looked-up fields, unbound cells, both modes and paging windows."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from rolegraph.api.portal.shaping import LD, Shaper
from rolegraph.namespaces import ID, RGC
from rolegraph.queries import parse_spec, scheme_values
from rolegraph.store.base import SelectResult

SPEC = """\
#+ summary: Skills for a KPI
#+ fields:
#+   skill: {type: id, kind: skill, required: true}
#+   skillLabel: {type: string, of: skill, term: "skos:prefLabel"}
#+   note: string
#+   importance: {type: concept, kind: importance}
#+   responsibility: {type: id, kind: responsibility}
#+   responsibilityLabel: string
#+ shape:
#+   key: [skill]
#+   nest: {evidence: [responsibility, responsibilityLabel]}
#+   many: [importance]
PREFIX rg: <https://w3id.org/rolegraph/ontology#>
SELECT ?skill ?note ?importance ?responsibility ?responsibilityLabel WHERE {
  ?skill rg:x ?note ; rg:importance ?importance .
  ?responsibility rg:requiresSkill ?skill ; rg:label ?responsibilityLabel .
}
"""
LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
VARIABLES = ["skill", "note", "importance", "responsibility", "responsibilityLabel"]


def skill(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}skill/{name}")


def resp(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{ID}responsibility/{name}")


def importance(name: str) -> ox.NamedNode:
    return ox.NamedNode(f"{RGC}importance-{name}")


@pytest.fixture
def shaper(tmp_path: Path) -> Shaper:
    folder = tmp_path / "api"
    folder.mkdir()
    path = folder / "skills.rq"
    path.write_text(SPEC, encoding="utf-8")
    return Shaper(parse_spec(path, "api", scheme_values()))


ROWS = [
    # python: the note is unbound on its first row only; two importances; a repeated row
    (skill("python"), None, importance("critical"), resp("r1"), ox.Literal("Build")),
    (skill("python"), ox.Literal("core"), importance("high"), resp("r1"), ox.Literal("Build")),
    (skill("python"), ox.Literal("core"), importance("critical"), resp("r2"), ox.Literal("Run")),
    # sql: no evidence (the nest's first member is unbound), no label to look up
    (skill("sql"), ox.Literal("data"), None, None, None),
    # rust: appears after sql, then python again (grouping keeps first-seen order)
    (skill("rust"), ox.Literal("sys"), importance("high"), resp("r3"), ox.Literal("Ship")),
    (skill("python"), ox.Literal("core"), importance("high"), resp("r2"), ox.Literal("Run")),
]
LOOKED_UP = {
    (LABEL, False, f"{ID}skill/python"): ox.Literal("Python"),
    (LABEL, False, f"{ID}skill/rust"): ox.Literal("Rust"),
}


def test_rows_group_into_objects_with_nested_lists_and_sets(shaper: Shaper) -> None:
    objects = shaper.shape(SelectResult(VARIABLES, ROWS), LOOKED_UP)
    assert objects == [
        {
            "skill": "python",
            "skillLabel": "Python",
            "note": "core",  # filled from a later row
            "importance": ["critical", "high"],  # each once, sorted
            "evidence": [
                {"responsibility": "r1", "responsibilityLabel": "Build"},
                {"responsibility": "r2", "responsibilityLabel": "Run"},
            ],
        },
        {"skill": "sql", "skillLabel": None, "note": "data", "importance": [], "evidence": []},
        {
            "skill": "rust",
            "skillLabel": "Rust",
            "note": "sys",
            "importance": ["high"],
            "evidence": [{"responsibility": "r3", "responsibilityLabel": "Ship"}],
        },
    ]
    assert list(objects[0]) == ["skill", "skillLabel", "note", "importance", "evidence"]


def test_linked_data_mode_writes_full_iris(shaper: Shaper) -> None:
    objects = shaper.shape(SelectResult(VARIABLES, ROWS[:1]), LOOKED_UP, LD)
    assert objects[0]["skill"] == f"{ID}skill/python"
    assert objects[0]["importance"] == [f"{RGC}importance-critical"]
    assert objects[0]["evidence"][0]["responsibility"] == f"{ID}responsibility/r1"


def test_values_outside_the_id_namespace_are_written_as_they_are(shaper: Shaper) -> None:
    row = (ox.NamedNode("https://example.org/skill/x"), ox.Literal("n"), None, None, None)
    assert shaper.shape(SelectResult(VARIABLES, [row]), {})[0]["skill"] == (
        "https://example.org/skill/x"
    )


def test_a_missing_column_gives_none_and_no_nested_objects(shaper: Shaper) -> None:
    rows = [(skill("go"), ox.Literal("n"))]
    objects = shaper.shape(SelectResult(["skill", "note"], rows), {})
    assert objects == [
        {"skill": "go", "skillLabel": None, "note": "n", "importance": [], "evidence": []}
    ]


def test_windows_cut_objects_not_rows(shaper: Shaper) -> None:
    result = SelectResult(VARIABLES, ROWS)
    whole = shaper.shape(result, LOOKED_UP)
    for offset in range(4):
        for limit in range(4):
            rows, total = shaper.window(result, offset, limit)
            assert total == 3
            assert shaper.shape(rows, LOOKED_UP) == whole[offset : offset + limit]


def test_no_rows_no_objects(shaper: Shaper) -> None:
    assert shaper.shape(SelectResult(VARIABLES, []), {}) == []
    assert shaper.window(SelectResult(VARIABLES, []), 0, 10) == (SelectResult(VARIABLES, []), 0)
