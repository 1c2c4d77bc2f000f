"""Every list item and table row of the source is one individual: counted independently.

The expected numbers come from the raw HTML with regular expressions (no BeautifulSoup, no
importer code): `<li>` elements, `<tbody>` rows and "&#8211; " lines at the start of a line,
per <h2> section and per <h3>/bold group, with the per-section rules written out below.
"""

from __future__ import annotations

import html as html_lib
import json
import re
from collections import Counter, defaultdict

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from rolegraph import resources
from rolegraph.namespaces import RG

_H2 = re.compile(r"<h2[^>]*>(.*?)</h2>", re.S)
_H3 = re.compile(r"<h3[^>]*>(.*?)</h3>", re.S)
_BOLD_PARAGRAPH = re.compile(r"<p><strong>(.*?)</strong>(.*?)</p>", re.S)


def _text(fragment: str) -> str:
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def _split(body: str, pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    parts = pattern.split(body)
    return [(_text(parts[i]), parts[i + 1]) for i in range(1, len(parts), 2)]


def _sections(html: str) -> dict[int, tuple[str, str]]:
    return {int(title.split(")")[0]): (title, body) for title, body in _split(html, _H2)}


def _li(body: str) -> int:
    return len(re.findall(r"<li\b", body))


def _li_with_paragraph(body: str) -> int:
    return len(re.findall(r"<li>\s*<p>", body))


def _li_bold_led(body: str) -> int:
    return len(re.findall(r"<li>\s*<strong>", body))


def _rows(body: str) -> int:
    return sum(
        len(re.findall(r"<tr\b", tbody))
        for tbody in re.findall(r"<tbody>(.*?)</tbody>", body, re.S)
    )


def _dash_lines(body: str) -> int:
    """Dash lines at the start of a line (indented ones are sub-lines of the one above)."""
    return len(re.findall(r"^&#8211; ", body, re.M))


def _bold_groups(body: str) -> list[tuple[str, str]]:
    return [
        (_text(title).rstrip(":").strip(), rest) for title, rest in _BOLD_PARAGRAPH.findall(body)
    ]


def _li_texts(body: str) -> list[str]:
    return [_text(x) for x in re.findall(r"<li>(.*?)</li>", body, re.S)]


def expected_counts(html: str) -> list[tuple[str, str, int]]:
    """(class, rg:sourceHeading, number of individuals) for every group of every section."""
    s = _sections(html)
    assert sorted(s) == list(range(1, 21)), "the source should have 20 numbered sections"
    out: list[tuple[str, str, int]] = []

    def add(cls: str, heading: str, count: int) -> None:
        out.append((cls, heading, count))

    # 1: "Typical interaction surface:" dash lines
    for title, body in _bold_groups(s[1][1]):
        if "interaction" in title.lower():
            add("InteractionSurface", title, _dash_lines(body))
    # 2: two bold groups of dash lines
    for title, body in _bold_groups(s[2][1]):
        if "strategic" in title.lower():
            add("StrategicValue", title, _dash_lines(body))
        elif "outcomes" in title.lower():
            add("BusinessOutcome", title, _dash_lines(body))
    # 3, 4, 16, 18: every <li> under each <h3>
    for number, cls in (
        (3, "Responsibility"),
        (4, "Activity"),
        (16, "Risk"),
        (18, "AutomationImpact"),
    ):
        for title, body in _split(s[number][1], _H3):
            add(cls, title, _li(body))
    # 5, 11: bold paragraph groups of unindented dash lines
    for number, cls in ((5, "Deliverable"), (11, "EnvironmentNote")):
        for title, body in _bold_groups(s[number][1]):
            add(cls, title, _dash_lines(body))
    # 6: goals per horizon, traits; the success definition is a paragraph
    for title, body in _split(s[6][1], _H3):
        if "high performance" in title.lower():
            add("HighPerformanceTrait", title, _li(body))
        elif "success definition" not in title.lower():
            add("Goal", title, _li(body))
    # 7, 10, 20: table body rows, under the <h2>
    add("KPI", s[7][0], _rows(s[7][1]))
    add("ToolUsage", s[10][0], _rows(s[10][1]))
    add("ScorecardSummaryEntry", s[20][0], _rows(s[20][1]))
    # 8: one skill per top-level <li> (each holds a <p>) per tier; 9: under the <h2>
    for title, body in _split(s[8][1], _H3):
        add("SkillRequirement", title, _li_with_paragraph(body))
    add("SkillRequirement", s[9][0], _li_with_paragraph(s[9][1]))
    # 12: internal stakeholders are <li> pairs (bold name, then description): bold-led count
    for title, body in _split(s[12][1], _H3):
        low = title.lower()
        if low.startswith("internal"):
            add("Stakeholder", title, _li_bold_led(body))
        elif low.startswith("external"):
            add("Stakeholder", title, _li(body))
        else:
            cls = {
                "peer": "PeerRole",
                "upstream": "UpstreamDependency",
                "downstream": "DownstreamConsumer",
                "nature": "CollaborationMode",
                "typical decision": "AuthorityNote",
                "escalation": "EscalationPoint",
            }
            add(next(c for k, c in cls.items() if low.startswith(k)), title, _li(body))
    # 13: approval levels are decision rights, "... authority" groups are authority notes
    for title, body in _split(s[13][1], _H3):
        cls = "AuthorityNote" if title.lower().endswith("authority") else "DecisionRight"
        add(cls, title, _li(body))
    # 14: every <li>, except the <li>s following one that ends with ":" (its sub-items)
    for title, body in _split(s[14][1], _H3):
        texts = _li_texts(body)
        lead = next((i for i, t in enumerate(texts) if t.endswith(":")), None)
        add("Qualification", title, len(texts) if lead is None else lead + 1)
    # 15
    for title, body in _split(s[15][1], _H3):
        low = title.lower()
        if "promotion" in low:
            add("PromotionCriterion", title, _li(body))
        elif "evolves" in low:
            add("EvolutionStage", title, _li(body))
        else:
            add("CareerPath", title, _li(body))
    # 17: bold-led <li>s are variants; plain <li>s after a bold-only one are its lines;
    # groups without any bold <li> count every <li>
    for title, body in _split(s[17][1], _H3):
        add("RoleVariant", title, _li_bold_led(body) or _li(body))
    # 19
    for title, body in _split(s[19][1], _H3):
        low = title.lower()
        if "assess" in low:
            add("AssessmentArea", title, _li(body))
        elif "exercises" in low:
            add("InterviewExercise", title, _li_with_paragraph(body))
        elif "scorecard" in low:
            add("ScorecardDimension", title, _rows(body))
        else:
            add("CandidateSignal", title, _li(body))
    return out


def _count(graph: Graph, cls: str, heading: str) -> int:
    return len(
        set(graph.subjects(RDF.type, RG[cls]))
        & set(graph.subjects(RG.sourceHeading, Literal(heading, lang="en")))
    )


def test_expected_counts_match_the_known_totals(source_html: str) -> None:
    """Guard the counting rules themselves against the numbers stated for this source."""
    totals: Counter[str] = Counter()
    for cls, _heading, count in expected_counts(source_html):
        totals[cls] += count
    assert totals["Responsibility"] == 24
    assert totals["Activity"] == 25
    assert totals["Deliverable"] == 16
    assert totals["Goal"] == 24
    assert totals["HighPerformanceTrait"] == 5
    assert totals["KPI"] == 19
    assert totals["SkillRequirement"] == 23 + 8
    assert totals["ToolUsage"] == 32
    assert totals["Stakeholder"] == 8 + 2
    assert totals["ScorecardDimension"] == 6
    assert totals["ScorecardSummaryEntry"] == 10


def _source_html() -> str:
    source = resources.sources_dir() / "ai-engineer.wp.json"
    return json.loads(source.read_text(encoding="utf-8"))["content"]["rendered"]


GROUPS = expected_counts(_source_html())


@pytest.mark.parametrize(
    ("cls", "heading", "count"), GROUPS, ids=[f"{c}:{h[:40]}" for c, h, _ in GROUPS]
)
def test_each_group_has_one_individual_per_source_item(
    graph: Graph, cls: str, heading: str, count: int
) -> None:
    assert count > 0, f"{cls} under {heading!r}: the source count is zero"
    assert _count(graph, cls, heading) == count, f"{cls} under {heading!r}"


def test_every_individual_is_accounted_for(source_html: str, graph: Graph) -> None:
    """No extra individuals: the per-group counts add up to all role-scoped items."""
    role = URIRef("https://w3id.org/rolegraph/id/role/ai-engineer")
    items = set(graph.subjects(RG.forRole, role))
    expected = sum(count for _cls, _heading, count in expected_counts(source_html))
    assert len(items) == expected
    assert not set(graph.subjects(RDF.type, RG.Note)), "the real source has nothing unplaced"


def test_shared_skills_tools_and_next_roles(source_html: str, graph: Graph) -> None:
    s = _sections(source_html)
    technical = sum(_li_with_paragraph(body) for _t, body in _split(s[8][1], _H3))
    assert len(set(graph.subjects(RDF.type, RG.TechnicalSkill))) == technical
    assert len(set(graph.subjects(RDF.type, RG.SoftSkill))) == _li_with_paragraph(s[9][1])
    tools = {
        _text(row.split("</td>")[1])
        for row in re.findall(r"<tr>(.*?)</tr>", s[10][1], re.S)
        if "<td>" in row
    }
    assert len(set(graph.subjects(RDF.type, RG.Tool))) == len(tools) == 32
    next_roles = next(b for t, b in _split(s[15][1], _H3) if t.lower().startswith("next"))
    assert len(set(graph.subjects(RDF.type, RG.Role))) == 1 + _li_bold_led(next_roles)


def test_positions_run_from_one_within_each_section(source_html: str, graph: Graph) -> None:
    by_heading: dict[str, list[int]] = defaultdict(list)
    for item, heading in graph.subject_objects(RG.sourceHeading):
        by_heading[str(heading)].append(int(graph.value(item, RG.position)))
    for number, (title, body) in _sections(source_html).items():
        headings = {title} | {t for t, _ in _split(body, _H3)}
        headings |= {t for t, _ in _bold_groups(body)}
        positions = sorted(p for h in headings for p in by_heading.get(h, []))
        if number == 1 and not positions:
            continue
        assert positions == list(range(1, len(positions) + 1)), title
