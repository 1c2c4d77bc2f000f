"""One handler per kind of section: groups of parts -> items and role properties.

Each handler decides by group heading (keywords or a concept scheme's labels) what a group's
entries are; whatever it cannot place goes through Context.unplaced as rg:Note with a
warning. Handlers never look at section numbers.
"""

from __future__ import annotations

from collections.abc import Callable

from rolegraph.importer import tables
from rolegraph.importer.concepts import normalise, scheme
from rolegraph.importer.context import Context, item_field, paragraph_key, paragraph_text
from rolegraph.importer.fields import (
    duration,
    join_lines,
    key_value,
    split_head,
    strip_colon,
    trailing_paren,
)
from rolegraph.importer.html_blocks import Paragraph, Table
from rolegraph.importer.items import Iri, Item, RoleRef, Text
from rolegraph.importer.sections import Entry, Group, Section
from rolegraph.importer.slugs import slugify
from rolegraph.namespaces import RG

Handler = Callable[[Context, Section], None]


def _has(text: str | None, *words: str) -> bool:
    """Whether the (normalised) text contains any of the keywords."""
    norm = f" {normalise(text or '')} "
    return any(f" {normalise(w)}" in norm for w in words)


def _headings(group: Group) -> list[str]:
    """The group's own heading, then its enclosing <h3> (a bold lead may sit inside one)."""
    return [h for h in dict.fromkeys((group.heading, group.subheading)) if h]


Kind = tuple[str, str | None]
"""What a group's entries are: (item class or role property, concept IRI if any)."""


def _classify(group: Group, rule: Callable[[str], Kind | None]) -> Kind | None:
    """Apply `rule` to the group's own heading first, then to its enclosing <h3>."""
    for heading in _headings(group):
        kind = rule(heading)
        if kind is not None:
            return kind
    return None


def _concept_kind(cls: str, scheme_key: str) -> Callable[[str], Kind | None]:
    def rule(heading: str) -> Kind | None:
        found = scheme(scheme_key).match(heading)
        return (cls, found.iri) if found is not None else None

    return rule


def _entries(group: Group) -> list[Entry]:
    return [p for p in group.parts if isinstance(p, Entry)]


def _others(group: Group, *keep: type) -> list[Entry | Paragraph | Table]:
    return [p for p in group.parts if not isinstance(p, keep)]


def _concept_items(
    ctx: Context,
    section: Section,
    cls: str,
    prop: str | None,
    scheme_key: str | None,
    what: str,
) -> None:
    """The common shape: every entry is a `cls`, its concept named by the group heading."""
    for group in section.groups:
        entries = _entries(group)
        concept = None
        if entries and scheme_key and prop:
            concept = ctx.heading_concept(scheme_key, group, what)
        for entry in entries:
            item = ctx.item(cls, entry, group)
            if concept and prop:
                item_field(item, prop, Iri(concept))
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


# -- 1, 2: summary and mission ---------------------------------------------------------


def summary(ctx: Context, section: Section) -> None:
    for group in section.groups:
        surface = any(_has(h, "interaction") for h in _headings(group))
        for part in group.parts:
            if isinstance(part, Entry) and surface:
                ctx.item("InteractionSurface", part, group)
            elif isinstance(part, Paragraph):
                _summary_paragraph(ctx, part, group)
            else:
                ctx.unplaced(group, "not part of the role summary", [part])


def _summary_paragraph(ctx: Context, paragraph: Paragraph, group: Group) -> None:
    key, value = paragraph_key(paragraph)
    if key is None or _has(key, "summary", "overview", "purpose"):
        ctx.role_text(RG.summary, value)
    elif _has(key, "horizon"):
        role_horizon(ctx, value)
    elif _has(key, "seniority", "level"):
        ctx.role_text(RG.seniority, value)
    else:
        ctx.unplaced(group, f'"{key}" is not a known role summary field', [paragraph])


def role_horizon(ctx: Context, value: str) -> None:
    """ "Current (production-focused ...)." -> rgc:role-horizon-current + the note."""
    head, note = trailing_paren(value.rstrip(". "))
    found = scheme("role-horizon").match(head)
    if found is None:
        ctx.warn(f'role horizon "{value}" matches no concept of rgc:role-horizon')
        ctx.role_text(RG.roleHorizonNote, value)
        return
    ctx.role_field(RG.roleHorizon, Iri(found.iri))
    ctx.role_text(RG.roleHorizonNote, note)


def mission(ctx: Context, section: Section) -> None:
    for group in section.groups:
        kind = _classify(group, _mission_kind)
        cls = kind[0] if kind else None
        for part in group.parts:
            if isinstance(part, Entry) and cls:
                ctx.item(cls, part, group)
            elif isinstance(part, Paragraph) and cls is None:
                key, value = paragraph_key(part)
                if key is None or _has(key, "mission", "purpose"):
                    ctx.role_text(RG.mission, value)
                else:
                    ctx.unplaced(group, f'"{key}" is not a known mission field', [part])
            else:
                ctx.unplaced(group, "not a strategic value or business outcome", [part])


def _mission_kind(heading: str) -> Kind | None:
    if _has(heading, "strategic", "importance", "value"):
        return ("StrategicValue", None)
    if _has(heading, "outcome", "result"):
        return ("BusinessOutcome", None)
    return None


# -- 3-6: responsibilities, activities, deliverables, goals --------------------------------


def responsibilities(ctx: Context, section: Section) -> None:
    _concept_items(
        ctx,
        section,
        "Responsibility",
        "responsibilityCategory",
        "responsibility-category",
        "responsibility category",
    )


def activities(ctx: Context, section: Section) -> None:
    _concept_items(ctx, section, "Activity", "cadence", "cadence", "cadence")


def deliverables(ctx: Context, section: Section) -> None:
    _concept_items(
        ctx, section, "Deliverable", "deliverableGroup", "deliverable-group", "deliverable group"
    )


def goals(ctx: Context, section: Section) -> None:
    for group in section.groups:
        kind = _classify(group, _goal_kind)
        if kind is not None and kind[0] == "success":
            for part in group.parts:
                if isinstance(part, Paragraph):
                    ctx.role_text(RG.successDefinition, paragraph_text(part))
                else:
                    ctx.unplaced(group, "not a success definition paragraph", [part])
            continue
        if kind is not None and kind[0] == "HighPerformanceTrait":
            for entry in _entries(group):
                ctx.item("HighPerformanceTrait", entry, group)
        else:
            entries = _entries(group)
            horizon = (
                ctx.heading_concept("goal-horizon", group, "goal horizon") if entries else None
            )
            for entry in entries:
                item = ctx.item("Goal", entry, group)
                if horizon:
                    item_field(item, "horizon", Iri(horizon))
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def _goal_kind(heading: str) -> Kind | None:
    if _has(heading, "success definition", "successful", "definition of success"):
        return ("success", None)
    if _has(heading, "high performance", "high performer"):
        return ("HighPerformanceTrait", None)
    return None


# -- 7-11: KPIs, skills, tools, environment -------------------------------------------------


def kpis(ctx: Context, section: Section) -> None:
    for group in section.groups:
        for part in group.parts:
            if isinstance(part, Table):
                tables.kpi_table(ctx, part, group)
            elif isinstance(part, Paragraph):
                ctx.role_text(RG.kpiGuidance, paragraph_text(part))
            else:
                _kpi_entry(ctx, part, group)


def _kpi_entry(ctx: Context, entry: Entry, group: Group) -> None:
    """A KPI written as a list item: "**Name** (Category): text", sub-lines as fields."""
    parts = split_head(entry.head)
    item = ctx.add(Item("KPI", parts.label, ctx.heading_of(group)))
    if parts.qualifier:
        tables.kpi_categories(ctx, item, parts.qualifier)
    lines = [parts.rest]
    for line in entry.sub:
        kv = key_value(line)
        if kv and _has(kv[0], "frequency", "cadence"):
            tables.kpi_frequencies(ctx, item, kv[1])
        elif kv and _has(kv[0], "target", "benchmark"):
            item_field(item, "exampleTarget", Text(kv[1]))
        elif kv and _has(kv[0], "why"):
            item_field(item, "whyItMatters", Text(kv[1]))
        elif kv and _has(kv[0], "measures", "definition"):
            item_field(item, "measurementDefinition", Text(kv[1]))
        else:
            lines.append(line.text)
    item.description = join_lines(lines)


def technical_skills(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        tier = ctx.heading_concept("skill-tier", group, "skill tier") if entries else None
        for entry in entries:
            requirement = skill_requirement(ctx, entry, group, "TechnicalSkill")
            if tier:
                item_field(requirement, "tier", Iri(tier))
        ctx.unplaced(group, "text outside a list of skills", _others(group, Entry))


def soft_skills(ctx: Context, section: Section) -> None:
    for group in section.groups:
        for entry in _entries(group):
            skill_requirement(ctx, entry, group, "SoftSkill")
        ctx.unplaced(group, "text outside a list of skills", _others(group, Entry))


_SKILL_FIELDS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("why it matters", "why"), "whyItMatters"),
    (("on the job",), "onTheJob"),
    (("strong performance", "what good looks like"), "strongPerformance"),
    (("use", "used for", "how it is used"), "use"),
)


def skill_requirement(ctx: Context, entry: Entry, group: Group, cls: str) -> Item:
    """A shared skill plus the role's requirement of it (use, importance, soft-skill texts)."""
    parts = split_head(entry.head)
    skill = ctx.shared("Skill", cls, parts.label)
    item = ctx.add(Item("SkillRequirement", parts.label, ctx.heading_of(group)))
    item.qualifier = parts.qualifier
    item_field(item, "skill", skill)
    lines = [parts.rest]
    for line in entry.sub:
        kv = key_value(line)
        key = normalise(kv[0]) if kv else ""
        if kv and key.startswith("importance"):
            ctx.first_concept(item, "importance", kv[1])
            continue
        prop = next((p for keys, p in _SKILL_FIELDS if key in keys), None) if kv else None
        if kv and prop:
            item_field(item, prop, Text(kv[1]))
        else:
            lines.append(line.text)
    item.description = join_lines(lines)
    return item


def tools(ctx: Context, section: Section) -> None:
    for group in section.groups:
        for part in group.parts:
            if isinstance(part, Table):
                tables.tool_table(ctx, part, group)
            elif isinstance(part, Paragraph):
                ctx.role_text(RG.toolGuidance, paragraph_text(part))
            else:
                ctx.unplaced(group, "tools are read from a table", [part])


def tech_stack(ctx: Context, section: Section) -> None:
    _concept_items(
        ctx, section, "EnvironmentNote", "environmentArea", "environment-area", "environment area"
    )


# -- 12-13: stakeholders, decision rights ----------------------------------------------------

_STAKEHOLDER_GROUPS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("peer",), "PeerRole"),
    (("upstream", "dependencies", "depends on"), "UpstreamDependency"),
    (("downstream", "consumer"), "DownstreamConsumer"),
    (("escalation",), "EscalationPoint"),
    (("nature of collaboration", "collaboration mode", "ways of working"), "CollaborationMode"),
    (("decision making", "decision-making", "authority"), "AuthorityNote"),
)


def stakeholders(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        kind = _classify(group, _stakeholder_kind)
        cls, concept = kind if kind is not None else (None, None)
        if cls == "Stakeholder" and concept:
            for entry in entries:
                stakeholder(ctx, entry, group, concept)
        elif cls == "AuthorityNote":
            area = scheme("authority-area").match("Typical decision-making authority")
            for entry in entries:
                item = ctx.item(cls, entry, group)
                if area is not None:
                    item_field(item, "authorityArea", Iri(area.iri))
        elif cls is not None:
            for entry in entries:
                ctx.item(cls, entry, group)
        else:
            ctx.unplaced(group, "not a known stakeholder group", list(entries))
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def _stakeholder_kind(heading: str) -> Kind | None:
    found = scheme("stakeholder-type").match(heading)
    if found is not None:
        return ("Stakeholder", found.iri)
    return next(((c, None) for words, c in _STAKEHOLDER_GROUPS if _has(heading, *words)), None)


def stakeholder(ctx: Context, entry: Entry, group: Group, kind: str) -> Item:
    """ "**Engineering Manager, AI & ML (Reports To)**" -> label + qualifier (+ reportsTo)."""
    item = ctx.item("Stakeholder", entry, group)
    if item.qualifier is None:
        item.label, item.qualifier = trailing_paren(item.label)
    item_field(item, "stakeholderType", Iri(kind))
    if item.qualifier and _has(item.qualifier, "reports to"):
        ctx.role_field(RG.reportsTo, item)
    return item


def decision_rights(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        kind = _classify(group, _decision_kind)
        for entry in entries:
            if kind is not None and kind[1] is not None:
                item = ctx.item(kind[0], entry, group)
                prop = "decisionLevel" if kind[0] == "DecisionRight" else "authorityArea"
                item_field(item, prop, Iri(kind[1]))
        if kind is None:
            ctx.unplaced(group, "names no decision level or authority area", list(entries))
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def _decision_kind(heading: str) -> Kind | None:
    return _concept_kind("DecisionRight", "decision-level")(heading) or _concept_kind(
        "AuthorityNote", "authority-area"
    )(heading)


# -- 14-18: experience, career, risks, variants, AI impact -----------------------------------


def experience(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        kind = (
            ctx.heading_concept("qualification-kind", group, "qualification kind")
            if entries
            else None
        )
        for entry in entries:
            item = ctx.item("Qualification", entry, group)
            if kind:
                item_field(item, "qualificationKind", Iri(kind))
            if item.qualifier and scheme("importance").first_named(item.qualifier):
                ctx.first_concept(item, "importance", item.qualifier)
                item.qualifier = None
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def career(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        kind = _classify(group, _career_kind)
        if kind is None:
            ctx.unplaced(group, "not a career path group", list(entries))
        elif kind[0] == "CareerPath" and kind[1]:
            for entry in entries:
                career_path(ctx, entry, group, kind[1])
        else:
            for entry in entries:
                ctx.item(kind[0], entry, group)
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def _career_kind(heading: str) -> Kind | None:
    if _has(heading, "promotion"):
        return ("PromotionCriterion", None)
    if _has(heading, "evolves", "evolution", "over time"):
        return ("EvolutionStage", None)
    return _concept_kind("CareerPath", "career-path-kind")(heading)


def career_path(ctx: Context, entry: Entry, group: Group, kind: str) -> None:
    item = ctx.item("CareerPath", entry, group)
    item_field(item, "careerPathKind", Iri(kind))
    if kind.endswith("-next") and entry.head.bold_lead:
        if slugify(item.label) == ctx.doc.role_slug:
            ctx.warn(f'"{item.label}" is this role itself; no rg:targetRole')
            return
        item_field(item, "targetRole", ctx.shared("Role", "Role", item.label))


def risks(ctx: Context, section: Section) -> None:
    _concept_items(ctx, section, "Risk", "riskKind", "risk-kind", "risk kind")


def variants(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        dimension = (
            ctx.heading_concept("variant-dimension", group, "variant dimension")
            if entries and group.heading
            else None
        )
        if entries and not group.heading:
            ctx.warn("role variants without a heading naming their dimension")
        for entry in entries:
            item = ctx.item("RoleVariant", entry, group)
            if dimension:
                item_field(item, "variantDimension", Iri(dimension))
        for part in _others(group, Entry):
            if isinstance(part, Paragraph) and group.heading is None:
                ctx.role_text(RG.variantGuidance, paragraph_text(part))
            else:
                ctx.unplaced(group, "text outside a list of variants", [part])


def ai_impact(ctx: Context, section: Section) -> None:
    _concept_items(
        ctx,
        section,
        "AutomationImpact",
        "automationImpactKind",
        "automation-impact-kind",
        "automation impact kind",
    )


# -- 19-20: hiring and scorecards -------------------------------------------------------------


def hiring(ctx: Context, section: Section) -> None:
    for group in section.groups:
        entries = _entries(group)
        kind = _classify(group, _hiring_kind)
        cls = kind[0] if kind is not None else None
        if cls == "CandidateSignal" and kind is not None and kind[1]:
            for entry in entries:
                item = ctx.item("CandidateSignal", entry, group)
                item_field(item, "signalKind", Iri(kind[1]))
        elif cls == "AssessmentArea":
            for entry in entries:
                ctx.item("AssessmentArea", entry, group)
        elif cls == "InterviewExercise":
            for entry in entries:
                exercise(ctx, entry, group)
        elif cls == "ScorecardDimension":
            for part in group.parts:
                if isinstance(part, Table):
                    tables.scorecard_table(ctx, part, group)
            ctx.unplaced(group, "the scorecard is read from a table", _others(group, Table))
            continue
        else:
            ctx.unplaced(group, "not a known hiring group", list(entries))
        ctx.unplaced(group, "text outside a list", _others(group, Entry))


def _hiring_kind(heading: str) -> Kind | None:
    signal = _concept_kind("CandidateSignal", "signal-kind")(heading)
    if signal is not None:
        return signal
    if _has(heading, "assess", "evaluate", "what to look for"):
        return ("AssessmentArea", None)
    if _has(heading, "exercise", "case stud", "work sample", "take home"):
        return ("InterviewExercise", None)
    if _has(heading, "scorecard"):
        return ("ScorecardDimension", None)
    return None


def exercise(ctx: Context, entry: Entry, group: Group) -> None:
    item = ctx.item("InterviewExercise", entry, group)
    time = duration(item.label) or duration(entry.head.text)
    if time:
        item_field(item, "duration", Text(time))
        if item.qualifier and duration(f"({item.qualifier})") == time:
            item.qualifier = None


def scorecard_summary(ctx: Context, section: Section) -> None:
    for group in section.groups:
        for part in group.parts:
            if isinstance(part, Table):
                tables.summary_table(ctx, part, group)
            elif isinstance(part, Entry):
                parts = split_head(part.head)
                text = join_lines([parts.rest, *(line.text for line in part.sub)])
                ctx.add(Item("ScorecardSummaryEntry", parts.label, ctx.heading_of(group), text))
            else:
                ctx.unplaced(group, "not a scorecard summary row", [part])


def unknown(ctx: Context, section: Section) -> None:
    """A section no handler knows: everything in it becomes rg:Note."""
    total = sum(len(p.rows) if isinstance(p, Table) else 1 for g in section.groups for p in g.parts)
    ctx.warn(f"not a known blueprint section; kept {total} item(s) as rg:Note")
    for group in section.groups:
        for part in group.parts:
            ctx.note_part(part, group)


HANDLERS: dict[str, Handler] = {
    "summary": summary,
    "mission": mission,
    "responsibilities": responsibilities,
    "activities": activities,
    "deliverables": deliverables,
    "goals": goals,
    "kpis": kpis,
    "technical-skills": technical_skills,
    "soft-skills": soft_skills,
    "tools": tools,
    "tech-stack": tech_stack,
    "stakeholders": stakeholders,
    "decision-rights": decision_rights,
    "experience": experience,
    "career": career,
    "risks": risks,
    "variants": variants,
    "ai-impact": ai_impact,
    "hiring": hiring,
    "scorecard-summary": scorecard_summary,
}

__all__ = ["HANDLERS", "RoleRef", "strip_colon", "unknown"]
