"""The .rq catalogue loader: headers, checks at load time, typed parameter binding."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from rolegraph.errors import InputError
from rolegraph.queries import InvalidParameter, load_catalog, parse_spec, scheme_values

GOOD = """\
# Which KPIs are reviewed at a frequency?
#+ summary: KPIs by review frequency
#+ params:
#+   frequency: {type: concept, kind: frequency, required: true, example: weekly}
#+   role: {type: id, kind: role, description: restrict to one role}
#+ fields: [kpi, label]
PREFIX rg: <https://w3id.org/rolegraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kpi ?label WHERE {
  ?kpi a rg:KPI ; rg:frequency ?frequency ; rg:forRole ?role ; skos:prefLabel ?label .
}
"""


def _write(tmp_path: Path, text: str, name: str = "kpis_by_frequency.rq") -> Path:
    folder = tmp_path / "examples"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_parses_with_form_params_and_fields(tmp_path: Path) -> None:
    spec = parse_spec(_write(tmp_path, GOOD), "examples", scheme_values())
    assert spec.name == "kpis_by_frequency"
    assert spec.form == "select"
    assert spec.fields == ("kpi", "label")
    assert [p.name for p in spec.params] == ["frequency", "role"]
    assert spec.param("frequency").enum == scheme_values()["frequency"]


def test_binding_makes_rdf_terms_and_leaves_missing_optional_params_free(tmp_path: Path) -> None:
    spec = parse_spec(_write(tmp_path, GOOD), "examples", scheme_values())
    bound = spec.bind({"frequency": "weekly"})
    assert bound == {
        "frequency": ox.NamedNode("https://w3id.org/rolegraph/concept/frequency-weekly")
    }
    bound = spec.bind({"frequency": "frequency-daily", "role": "ai-engineer"})
    assert bound["role"] == ox.NamedNode("https://w3id.org/rolegraph/id/role/ai-engineer")


@pytest.mark.parametrize(
    ("values", "reason"),
    [
        ({}, "is required"),
        ({"frequency": "hourly"}, "must be one of"),
        ({"frequency": 'weekly"} ; DROP ALL ; #'}, "must be one of"),
        ({"frequency": "weekly", "role": "AI Engineer"}, "identifier"),
        ({"frequency": "weekly", "role": "x> } DROP ALL {"}, "identifier"),
        ({"frequency": "weekly", "colour": "red"}, "not a parameter"),
    ],
)
def test_bad_values_are_refused_with_the_reason(tmp_path: Path, values, reason) -> None:
    spec = parse_spec(_write(tmp_path, GOOD), "examples", scheme_values())
    with pytest.raises(InvalidParameter, match=reason):
        spec.bind(values)


def test_iri_values_are_validated(tmp_path: Path) -> None:
    spec = parse_spec(_write(tmp_path, GOOD), "examples", scheme_values())
    assert spec.bind({"frequency": "weekly", "role": "https://example.org/r"})["role"] == (
        ox.NamedNode("https://example.org/r")
    )
    with pytest.raises(InvalidParameter):
        spec.bind({"frequency": "weekly", "role": "https://exa mple.org/<r>"})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("#+ summary: KPIs by review frequency\n", ""), "no summary"),
        (GOOD.replace("?frequency ;", "?freq ;"), "not in the query"),
        (GOOD.replace("SELECT ?kpi", "SELEC ?kpi"), "syntax error"),
        (GOOD.replace("[kpi, label]", "[kpi, name]"), "not projected"),
        (GOOD.replace("kind: frequency", "kind: colour"), "scheme"),
        (GOOD.replace("#+ fields", "#+ feilds"), "unknown header keys"),
    ],
)
def test_broken_files_fail_at_load_time(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        parse_spec(_write(tmp_path, text), "examples", scheme_values())


def test_names_must_be_unique_across_groups(tmp_path: Path) -> None:
    _write(tmp_path, GOOD)
    other = tmp_path / "api"
    other.mkdir()
    (other / "kpis_by_frequency.rq").write_text(GOOD, encoding="utf-8")
    with pytest.raises(InputError, match="also used"):
        load_catalog(tmp_path)


def test_shipped_catalogue_loads() -> None:
    catalog = load_catalog()
    for spec in catalog.specs.values():
        assert spec.summary
