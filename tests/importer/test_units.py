"""The small parts: slugs, the label rule, dash lines, concept matching, the Turtle writer."""

from __future__ import annotations

from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic

from rolegraph.importer import import_text
from rolegraph.importer.concepts import scheme
from rolegraph.importer.fields import split_head, trailing_paren
from rolegraph.importer.html_blocks import Line, Paragraph, parse_blocks
from rolegraph.importer.sections import entries_of_dashes, section_kind
from rolegraph.importer.slugs import SlugRegistry, slugify
from rolegraph.importer.turtle import write_turtle


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("p95 inference latency", "p95-inference-latency"),
        ("Software engineering & code quality", "software-engineering-and-code-quality"),
        ("Café déjà vu — naïve", "cafe-deja-vu-naive"),
        ("  --!!--  ", "item"),
        ("Git (GitHub/GitLab/Bitbucket)", "git-github-gitlab-bitbucket"),
    ],
)
def test_slugify(label: str, slug: str) -> None:
    assert slugify(label) == slug


def test_long_slugs_are_cut_at_a_word_boundary() -> None:
    slug = slugify(
        "Meet with data platform owners to address data contracts, SLAs, schema evolution"
    )
    assert len(slug) <= 60
    assert slug == "meet-with-data-platform-owners-to-address-data-contracts"


def test_slug_collisions_number_in_order() -> None:
    registry = SlugRegistry()
    assert [registry.claim("KPI", "x") for _ in range(3)] == ["x", "x-2", "x-3"]
    assert registry.claim("Risk", "x") == "x"


def _line(html: str) -> Line:
    blocks, _ = parse_blocks(html)
    paragraph = blocks[0]
    assert isinstance(paragraph, Paragraph)
    return paragraph.lines[0]


def test_label_rule() -> None:
    bold = split_head(_line("<p><strong>Own production readiness</strong> for AI services.</p>"))
    assert (bold.label, bold.qualifier, bold.rest) == (
        "Own production readiness",
        None,
        "for AI services.",
    )
    qualified = split_head(
        _line("<p><strong>Guardrails</strong> (context-dependent): filtering.</p>")
    )
    assert (qualified.label, qualified.qualifier, qualified.rest) == (
        "Guardrails",
        "context-dependent",
        "filtering.",
    )
    prefix = split_head(_line("<p>Execute playbooks: disable a feature flag.</p>"))
    assert (prefix.label, prefix.rest) == ("Execute playbooks", "disable a feature flag.")
    long_prefix = "x" * 90 + ": rest"
    whole = split_head(_line(f"<p>{long_prefix}</p>"))
    assert (whole.label, whole.rest) == (long_prefix, "")


def test_trailing_paren() -> None:
    assert trailing_paren("QA / Test Engineering (if present)") == (
        "QA / Test Engineering",
        "if present",
    )
    assert trailing_paren("Spark (Databricks / EMR) x") == ("Spark (Databricks / EMR) x", None)
    assert trailing_paren("(only)") == ("(only)", None)


def test_dash_lines_nest_by_indent_and_decode_entities() -> None:
    blocks, _ = parse_blocks(
        "<p>&#8211; Complexity increases with:\n  &#8211; Multi-region\n"
        "  &#8211; Real-time &amp; batch\n&#8211; Next point</p>"
    )
    paragraph = blocks[0]
    assert isinstance(paragraph, Paragraph)
    entries = entries_of_dashes(paragraph.lines)
    assert [e.head.text for e in entries] == ["Complexity increases with:", "Next point"]
    assert [line.text for line in entries[0].sub] == ["Multi-region", "Real-time & batch"]


def test_sections_are_recognised_by_keywords() -> None:
    cases = {
        "3) Core Responsibilities": "responsibilities",
        "Key Responsibilities": "responsibilities",
        "KPIs": "kpis",
        "Tools": "tools",
        "10) Tools, Platforms, and Software": "tools",
        "9) Soft Skills and Behavioral Capabilities": "soft-skills",
        "11) Typical Tech Stack / Environment": "tech-stack",
        "20) Final Role Scorecard Summary": "scorecard-summary",
        "1) Role Summary": "summary",
        "18) AI / Automation Impact on the Role": "ai-impact",
    }
    for heading, key in cases.items():
        kind = section_kind(heading)
        assert kind is not None and kind.key == key, heading
    assert section_kind("21) Frequently Asked Questions") is None


def test_concept_matching() -> None:
    assert scheme("cadence").match("Incident, escalation, or emergency work (if relevant)")
    feeder = scheme("career-path-kind").match("Common feeder roles into AI Engineer")
    assert feeder is not None and feeder.iri.endswith("career-path-kind-feeder")
    first = scheme("importance").first_named("Optional to Important (depends on scale)")
    assert first is not None and first.iri.endswith("importance-optional")
    assert scheme("frequency").match("Biweekly") is None
    assert scheme("tool-category").open and not scheme("frequency").open


RG = "https://w3id.org/rolegraph/ontology#"
PREFIXES = {
    "rg": RG,
    "note": "https://w3id.org/rolegraph/id/note/",
    "tool": "https://w3id.org/rolegraph/id/tool/",
    "dcterms": "http://purl.org/dc/terms/",
}


def test_turtle_writer_escapes_and_round_trips() -> None:
    s = URIRef("https://w3id.org/rolegraph/id/note/r.x")
    triples = [
        (s, URIRef("http://purl.org/dc/terms/description"), Literal('a "q" \\ b\nc', lang="en")),
        (s, URIRef("http://purl.org/dc/terms/title"), Literal("tab\there", lang="en")),
        (s, URIRef(RG + "weightPercent"), Literal(Decimal("12.5"))),
        (s, URIRef(RG + "position"), Literal(3)),
        (s, URIRef(RG + "tool"), URIRef("https://w3id.org/rolegraph/id/tool/x.")),
        (s, URIRef(RG + "source"), URIRef("https://example.org/page")),
    ]
    text = write_turtle(triples, PREFIXES, ["header"])
    assert text.startswith("# header\n\n@prefix rg:")
    assert '"""a \\"q\\" \\\\ b\nc"""@en' in text
    assert '"tab\\there"@en' in text
    assert "rg:weightPercent 12.5" in text
    assert "rg:position 3" in text
    assert "note:r.x\n    rg:position" not in text  # predicates sorted by printed name
    assert "<https://w3id.org/rolegraph/id/tool/x.>" in text  # a local name may not end in "."
    parsed = Graph().parse(data=text, format="turtle")
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    assert isomorphic(parsed, expected)
    assert write_turtle(list(reversed(triples)), PREFIXES, ["header"]) == text


def test_turtle_writer_puts_type_and_label_first() -> None:
    s = URIRef("https://w3id.org/rolegraph/id/tool/docker")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")
    triples = [
        (s, URIRef(RG + "aaa"), Literal("x")),
        (s, label, Literal("Docker", lang="en")),
        (s, rdf_type, URIRef(RG + "Tool")),
    ]
    prefixes = {**PREFIXES, "skos": "http://www.w3.org/2004/02/skos/core#"}
    body = write_turtle(triples, prefixes, []).split("\n\n", 1)[1]
    assert body.splitlines() == [
        "tool:docker",
        "    a rg:Tool ;",
        '    skos:prefLabel "Docker"@en ;',
        '    rg:aaa "x" .',
    ]


def _items(html: str) -> list[tuple[str, str, str | None]]:
    result = import_text(html, "snippet.html")
    return [(i.cls, i.label, i.heading) for i in result.document.items]


def test_a_bold_group_inside_an_h3_is_classified_by_its_own_heading() -> None:
    html = (
        "<h2>Stakeholders</h2><h3>Internal stakeholders</h3>"
        "<p><strong>Peer roles</strong>\n&#8211; Data Scientist\n&#8211; SRE</p>"
        "<ul><li><strong>Product Manager</strong> </li><li>Defines outcomes.</li></ul>"
    )
    assert _items(html) == [
        ("PeerRole", "Data Scientist", "Peer roles"),
        ("PeerRole", "SRE", "Peer roles"),
        ("Stakeholder", "Product Manager", "Internal stakeholders"),
    ]


def test_a_table_whose_header_row_is_bold_cells() -> None:
    html = (
        "<h2>KPIs</h2><table><tr><td><strong>Metric</strong></td>"
        "<td><strong>Frequency</strong></td></tr>"
        "<tr><td><strong>Uptime</strong> (Reliability)</td><td>Weekly</td></tr></table>"
    )
    result = import_text(html, "snippet.html")
    [kpi] = [i for i in result.document.items if i.cls == "KPI"]
    assert kpi.label == "Uptime"
    assert {str(v.value) for _p, v in kpi.fields} == {
        "https://w3id.org/rolegraph/concept/kpi-category-reliability",
        "https://w3id.org/rolegraph/concept/frequency-weekly",
    }
