"""Typed fields, shapes and `returns` in `.rq` headers: parsed, checked at load time,
and backward compatible with plain `fields: [a, b]` lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolegraph.errors import InputError
from rolegraph.queries import FieldType, parse_spec, scheme_values

TYPED = """\
#+ summary: Skills related to a KPI, with the responsibilities that connect them
#+ route: /kpis/{kpi}/skills
#+ params:
#+   kpi: {type: id, kind: kpi, required: true, example: ai-engineer.p95-inference-latency}
#+ fields:
#+   skill: {type: id, kind: skill, required: true, description: The related skill}
#+   skillLabel: {type: string, term: "skos:prefLabel"}
#+   importance: {type: concept, kind: importance}
#+   responsibility: {type: id, kind: responsibility}
#+   responsibilityLabel: string
#+ shape:
#+   key: [skill]
#+   nest: {evidence: [responsibility, responsibilityLabel]}
#+   many: [importance]
PREFIX rg: <https://w3id.org/rolegraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?kpi ?skill ?skillLabel ?importance ?responsibility ?responsibilityLabel WHERE {
  ?kpi rg:measuresResponsibility ?responsibility .
  ?responsibility rg:requiresSkill ?skill ; skos:prefLabel ?responsibilityLabel .
  ?skill skos:prefLabel ?skillLabel .
  OPTIONAL { ?req rg:skill ?skill ; rg:importance ?importance }
}
"""


def _parse(tmp_path: Path, text: str):
    folder = tmp_path / "api"
    folder.mkdir(exist_ok=True)
    path = folder / "skills_for_kpi.rq"
    path.write_text(text, encoding="utf-8")
    return parse_spec(path, "api", scheme_values())


def test_typed_fields_shape_and_returns_are_read(tmp_path: Path) -> None:
    spec = _parse(tmp_path, TYPED)
    assert spec.fields == (
        "skill",
        "skillLabel",
        "importance",
        "responsibility",
        "responsibilityLabel",
    )
    skill = spec.field_spec("skill")
    assert (skill.type, skill.kind, skill.required) == (FieldType.ID, "skill", True)
    assert skill.description == "The related skill"
    assert spec.field_spec("skillLabel").term == "skos:prefLabel"
    assert spec.field_spec("responsibilityLabel").type is FieldType.STRING
    assert spec.field_spec("importance").is_reference
    assert spec.shape is not None
    assert spec.shape.key == ("skill",)
    assert spec.shape.nest == (("evidence", ("responsibility", "responsibilityLabel")),)
    assert spec.shape.many == ("importance",)
    assert spec.returns == "list"
    assert spec.pagination


def test_plain_field_lists_stay_untyped_and_unshaped(tmp_path: Path) -> None:
    text = (
        TYPED.split("#+ fields:")[0]
        + "#+ fields: [skill, skillLabel]\n"
        + TYPED.split("many: [importance]\n")[1]
    )
    spec = _parse(tmp_path, text)
    assert spec.fields == ("skill", "skillLabel")
    assert [f.type for f in spec.field_specs] == [FieldType.ANY, FieldType.ANY]
    assert spec.shape is None


def test_without_fields_every_projected_variable_is_an_untyped_field(tmp_path: Path) -> None:
    text = "\n".join(
        line for line in TYPED.splitlines() if not line.startswith(("#+   ", "#+ fields"))
    )
    text = text.replace("#+ shape:\n", "").replace("#+ params:\n", "")
    text = text.replace("?kpi rg:measures", "<urn:k> rg:measures").replace("SELECT ?kpi", "SELECT")
    spec = _parse(tmp_path, text)
    assert spec.fields == spec.variables
    assert all(f.type is FieldType.ANY for f in spec.field_specs)


def test_returns_object_turns_pagination_off(tmp_path: Path) -> None:
    spec = _parse(tmp_path, TYPED.replace("#+ shape:", "#+ returns: object\n#+ shape:"))
    assert spec.returns == "object"
    assert not spec.pagination


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("{type: string, term:", "{type: text, term:", "unknown type"),
        ("kind: skill, required", "kind: colour, required", "unknown kind"),
        ("{type: concept, kind: importance}", "{type: concept}", "scheme"),
        ("description: The related skill}", "colour: red}", "unknown keys"),
        ("key: [skill]", "key: [skills]", "not declared"),
        ("key: [skill]", "key: []", "at least one"),
        ("many: [importance]", "many: [skill]", "only once"),
        ("nest: {evidence:", "nest: {skillLabel:", "clash"),
        ("#+ shape:", "#+ returns: many\n#+ shape:", "returns must be"),
        ("#+   many: [importance]", "#+   order: [importance]", "shape must be"),
    ],
)
def test_broken_shapes_and_fields_fail_at_load_time(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in TYPED
    with pytest.raises(InputError, match=message):
        _parse(tmp_path, TYPED.replace(old, new))


def test_a_parameter_may_bind_a_variable_of_another_name(tmp_path: Path) -> None:
    text = TYPED.replace(
        "#+ fields:",
        "#+   importance: {type: concept, kind: importance, variable: importanceFilter}\n"
        "#+ fields:",
    ).replace("OPTIONAL { ?req", "FILTER(!BOUND(?importanceFilter) || true)\n  OPTIONAL { ?req")
    spec = _parse(tmp_path, text)
    assert spec.param("importance").var == "importanceFilter"
    bound = spec.bind({"kpi": "ai-engineer.x", "importance": "critical"})
    assert set(bound) == {"kpi", "importanceFilter"}


def test_a_parameter_variable_must_be_in_the_query(tmp_path: Path) -> None:
    text = TYPED.replace(
        "#+ fields:",
        "#+   importance: {type: concept, kind: importance, variable: nowhere}\n#+ fields:",
    )
    with pytest.raises(InputError, match=r"\?nowhere is not in the query"):
        _parse(tmp_path, text)


def test_looked_up_fields_need_not_be_projected(tmp_path: Path) -> None:
    text = TYPED.replace(
        '#+   skillLabel: {type: string, term: "skos:prefLabel"}',
        '#+   skillLabel: {type: string, of: skill, term: "skos:prefLabel"}',
    ).replace("SELECT ?kpi ?skill ?skillLabel", "SELECT ?kpi ?skill")
    spec = _parse(tmp_path, text)
    assert spec.field_spec("skillLabel").of == "skill"
    assert "skillLabel" in spec.fields


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("{type: string, of: skill}", "no `term`"),
        ('{type: string, of: nothing, term: "skos:prefLabel"}', "no projected field"),
        ('{type: string, of: importance, term: "skos:prefLabel"}', "holding a resource"),
    ],
)
def test_broken_lookups_fail_at_load_time(tmp_path: Path, field: str, message: str) -> None:
    text = TYPED.replace('{type: string, term: "skos:prefLabel"}', field)
    with pytest.raises(InputError, match=message):
        _parse(tmp_path, text)
