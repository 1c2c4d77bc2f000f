"""Variations of the format (fixtures derived from the source by make_variants.py).

For each: no crash, a warning that names what happened, and no content lost.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, SKOS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from rolegraph.errors import InputError
from rolegraph.importer import ImportResult, import_file, import_text
from rolegraph.namespaces import RG, RGC

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "importer"
ID = "https://w3id.org/rolegraph/id/"


def _run(name: str) -> tuple[ImportResult, Graph]:
    result = import_file(FIXTURES / name)
    graph = Graph()
    graph.parse(data=result.turtle, format="turtle")
    return result, graph


def _classes(graph: Graph) -> Counter[str]:
    role_items = set(graph.subjects(RG.forRole, None))
    return Counter(
        str(cls).removeprefix(str(RG))
        for item in role_items
        for cls in graph.objects(item, RDF.type)
    )


def _messages(result: ImportResult) -> list[str]:
    return [str(w) for w in result.warnings]


def _item_triples(graph: Graph) -> set[tuple]:
    """Everything except the blueprint document node (whose metadata may differ)."""
    blueprints = set(graph.subjects(RDF.type, RG.RoleBlueprint))
    return {t for t in graph if t[0] not in blueprints}


def test_original_has_no_warnings(result: ImportResult) -> None:
    assert result.warnings == []


def test_missing_sections(graph: Graph) -> None:
    result, variant = _run("missing-sections.wp.json")
    messages = _messages(result)
    assert any('"Key Deliverables": not found' in m for m in messages)
    assert any('"Risks, Challenges, and Failure Modes": not found' in m for m in messages)
    expected = _classes(graph)
    del expected["Deliverable"], expected["Risk"]
    assert _classes(variant) == expected


def test_reordered_sections_give_the_same_graph(graph: Graph) -> None:
    result, variant = _run("reordered.wp.json")
    assert result.warnings == []
    assert _item_triples(variant) == _item_triples(graph)


def test_renamed_sections_and_moved_columns(graph: Graph) -> None:
    result, variant = _run("renamed.wp.json")
    assert _classes(variant) == _classes(graph)
    messages = _messages(result)
    assert len(messages) == 1, messages
    assert 'heading "Every morning" names no cadence' in messages[0]
    assert messages[0].startswith('renamed.wp.json: section "Day to day work": ')
    # items under the unknown heading are kept, without a cadence
    morning = set(variant.subjects(RG.sourceHeading, Literal("Every morning", lang="en")))
    assert len(morning) == 5
    assert all(variant.value(a, RG.cadence) is None for a in morning)
    # the KPI table's columns were moved: facts are the same (columns found by header)
    kpis = set(graph.subjects(RDF.type, RG.KPI))

    def kpi_facts(g: Graph) -> set[tuple]:
        return {t for t in g if t[0] in kpis and t[1] != RG.sourceHeading}

    assert len(kpi_facts(graph)) > 19 * 6
    assert kpi_facts(variant) == kpi_facts(graph)
    kpi_heading = Literal("KPIs", lang="en")
    assert set(variant.subjects(RG.sourceHeading, kpi_heading)) == kpis


def test_lists_written_as_dash_paragraphs_in_html(graph: Graph) -> None:
    result, variant = _run("dash-lists.html")
    messages = _messages(result)
    assert any("no post metadata" in m for m in messages)
    assert any('role named "AI Engineer" from <h1>' in m for m in messages)
    assert _item_triples(variant) == _item_triples(graph)
    blueprint = URIRef(ID + "blueprint/ai-engineer")
    assert variant.value(blueprint, DCTERMS.source) is None
    assert variant.value(blueprint, RG.describesRole) == URIRef(ID + "role/ai-engineer")


def test_extra_section_and_stray_paragraph_become_notes(graph: Graph) -> None:
    result, variant = _run("extra-section.wp.json")
    messages = _messages(result)
    assert any(
        'section "21) Frequently Asked Questions": not a known blueprint section' in m
        for m in messages
    )
    assert any('section "3) Core Responsibilities"' in m and "rg:Note" in m for m in messages)
    notes = set(variant.subjects(RDF.type, RG.Note))
    assert len(notes) == 5
    faq = {n for n in notes if str(variant.value(n, RG.sourceHeading)).startswith("21)")}
    assert len(faq) == 4
    texts = {str(variant.value(n, DCTERMS.description)) for n in notes}
    assert "Does it need a PhD? Rarely." in texts
    assert "Responsibilities are listed roughly in order of priority." in texts
    stray = next(n for n in notes if n not in faq)
    assert variant.value(stray, RG.sourceHeading) == Literal(
        "3) Core Responsibilities › Strategic responsibilities", lang="en"
    )
    expected = _classes(graph)
    expected["Note"] = 5
    assert _classes(variant) == expected


def test_values_outside_the_schemes(graph: Graph) -> None:
    result, variant = _run("unknown-values.wp.json")
    messages = _messages(result)
    for fragment in (
        'Frequency "Biweekly" matches no concept of rgc:frequency',
        'KPI category "Delight" matches no concept of rgc:kpi-category',
        'importance "Nice to have" names no concept of rgc:importance',
        'adoption "Rare" names no concept of rgc:adoption',
        'tool category "Notebooks" is not in the open scheme rgc:tool-category',
        'variant dimension "By funding stage" is not in the open scheme',
    ):
        assert any(fragment in m for m in messages), fragment

    # closed scheme without a *Note property: an rg:Note keeps the words
    notes = {
        str(variant.value(n, DCTERMS.description)) for n in variant.subjects(RDF.type, RG.Note)
    }
    assert notes == {"Frequency: Biweekly", "KPI category: Delight"}
    rollback = URIRef(ID + "kpi/ai-engineer.rollback-rate")
    assert set(variant.objects(rollback, RG.kpiCategory)) == {RGC["kpi-category-quality"]}
    # closed scheme with a *Note property: the words go there
    streaming = URIRef(ID + "skill-requirement/ai-engineer.streaming-ml-real-time-features")
    assert variant.value(streaming, RG.importance) is None
    assert variant.value(streaming, RG.importanceNote) == Literal("Nice to have", lang="en")
    soda = URIRef(ID + "tool-usage/ai-engineer.great-expectations-soda")
    assert variant.value(soda, RG.adoption) is None
    assert variant.value(soda, RG.adoptionNote) == Literal("Rare", lang="en")
    # open schemes: a concept is minted in the output
    notebooks = RGC["tool-category-notebooks"]
    assert variant.value(URIRef(ID + "tool/pytest"), RG.toolCategory) == notebooks
    assert variant.value(notebooks, SKOS.inScheme) == RGC["tool-category"]
    assert variant.value(notebooks, SKOS.prefLabel) == Literal("Notebooks", lang="en")
    funding = RGC["variant-dimension-by-funding-stage"]
    assert (funding, RDF.type, SKOS.Concept) in variant
    assert len(set(variant.subjects(RG.variantDimension, funding))) == 2
    # nothing else changed
    expected = _classes(graph)
    expected["Note"] = 2
    assert _classes(variant) == expected


def test_html_without_any_title_is_named_after_the_file() -> None:
    result, variant = _run("data-steward.html")
    assert result.role == "data-steward"
    assert any('role named "data steward" after the file name' in m for m in _messages(result))
    assert any('"Day-to-Day Activities": not found' in m for m in _messages(result))
    role = URIRef(ID + "role/data-steward")
    assert (role, RDF.type, RG.Role) in variant
    assert len(set(variant.subjects(RDF.type, RG.Responsibility))) == 24


@pytest.mark.parametrize(
    "name",
    sorted(p.name for p in FIXTURES.iterdir() if p.suffix in {".json", ".html"}),
)
def test_every_variant_is_deterministic_and_parses(name: str) -> None:
    first = import_file(FIXTURES / name)
    assert import_file(FIXTURES / name).turtle == first.turtle
    assert len(Graph().parse(data=first.turtle, format="turtle")) > 50
    for warning in first.warnings:
        assert str(warning).startswith(f"{name}: "), warning


def _damaged(html: str) -> list[str]:
    """The source cut short at many points, and with single tags or spans removed."""
    rng = random.Random(20261125)
    cases = [html[: len(html) * i // 24] for i in range(1, 24)]
    tags = [m.span() for m in re.finditer(r"<[^>]+>", html)]
    for _ in range(15):
        start, end = tags[rng.randrange(len(tags))]
        cases.append(html[:start] + html[end:])
    for _ in range(10):
        start = rng.randrange(len(html))
        cases.append(html[:start] + html[start + rng.randrange(3000) :])
    return cases


def test_never_crashes_on_damaged_html(source_html: str) -> None:
    """Whatever the damage, the result is Turtle (maybe with warnings) or an InputError."""
    for number, damaged in enumerate(_damaged(source_html)):
        name = f"damaged-{number}.html"
        try:
            result = import_text(damaged, name)
        except InputError:
            continue
        quads = ox.parse(result.turtle.encode(), format=ox.RdfFormat.TURTLE)
        assert any(True for _ in quads), name
