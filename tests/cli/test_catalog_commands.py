"""`rolegraph query`, `stats` and `export` on the shipped catalog (real embedded store)."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from rolegraph.cli import cli


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_stats_counts_match_the_source() -> None:
    code, out, _ = run("stats")
    assert code == 0
    lines = {line.split("|")[0].strip(): line for line in out.splitlines() if "|" in line}
    # 19 KPI rows and 32 tool rows in the source tables; 24 numbered responsibilities.
    assert lines["rg:KPI"].rstrip().endswith("19")
    assert lines["rg:Tool"].rstrip().endswith("32")
    assert lines["rg:Responsibility"].rstrip().endswith("24")
    assert "Role AI Engineer:" in out


def test_stats_json_for_one_role() -> None:
    code, out, _ = run("stats", "--role", "ai-engineer", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    counts = {r["class"].rsplit("#", 1)[1]: r["items"] for r in rows}
    assert counts["KPI"] == 19 and counts["SkillRequirement"] == 31


def test_query_by_name_with_parameter_and_formats() -> None:
    code, out, _ = run("query", "items_per_role", "-p", "role=ai-engineer", "--format", "csv")
    assert code == 0
    header, *rows = out.strip().splitlines()
    assert header == "role,roleLabel,class,classLabel,items"
    assert any(r.endswith("#KPI,KPI,19") for r in rows)


def test_query_inline_sparql_and_ask() -> None:
    code, out, _ = run(
        "query",
        "PREFIX rg: <https://w3id.org/rolegraph/ontology#> ASK { ?k a rg:KPI }",
    )
    assert (code, out) == (0, "true\n")


def test_query_file_without_header(tmp_path: Path) -> None:
    path = tmp_path / "q.rq"
    path.write_text(
        "PREFIX rg: <https://w3id.org/rolegraph/ontology#>\n"
        "SELECT (COUNT(*) AS ?n) WHERE { ?s a rg:ScorecardDimension }\n",
        encoding="utf-8",
    )
    code, out, _ = run("query", str(path), "--format", "json")
    assert code == 0 and json.loads(out) == [{"n": 6}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("query", "no_such_question"), "no query named"),
        (("query", "items_per_role", "-p", "role=AI Engineer"), "parameter 'role'"),
        (("query", "items_per_role", "-p", "colour=red"), "not a parameter"),
        (("query", "SELECT ?x WHERE { ?x ?y }"), "<query>:1:"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    code, _, err = run(*args)
    assert code == 2
    assert message in err
    assert "Traceback" not in err


def test_query_list_names_the_catalogue() -> None:
    code, out, _ = run("query", "--list")
    assert code == 0
    assert "instances_per_class" in out and "items_per_role" in out


@pytest.mark.parametrize(
    ("fmt", "rdf_format"),
    [("nt", ox.RdfFormat.N_TRIPLES), ("trig", ox.RdfFormat.TRIG), ("jsonld", ox.RdfFormat.JSON_LD)],
)
def test_export_round_trips(tmp_path: Path, fmt: str, rdf_format: ox.RdfFormat) -> None:
    target = tmp_path / f"catalog.{fmt}"
    code, _, _ = run("export", "--format", fmt, "-o", str(target))
    assert code == 0
    quads = list(ox.parse(path=str(target), format=rdf_format))
    assert len(quads) > 4000
    kpi = ox.NamedNode("https://w3id.org/rolegraph/ontology#KPI")
    assert sum(1 for q in quads if q.object == kpi and q.predicate.value.endswith("#type")) == 19
    if fmt in ("trig", "jsonld"):
        graphs = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
        assert "https://w3id.org/rolegraph/graph/role/ai-engineer" in graphs
        assert "https://w3id.org/rolegraph/graph/shapes" not in graphs
