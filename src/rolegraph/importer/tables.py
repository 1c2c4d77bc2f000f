"""Table rows -> items: KPIs, tools, interview scorecard, final scorecard summary.

Columns are found by their header text, never by position, so an added, dropped or moved
column is noticed; a column nobody expects is kept in the item's description.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rolegraph.importer.concepts import scheme
from rolegraph.importer.context import Context, item_field
from rolegraph.importer.fields import join_lines, leading_paren, percent, trailing_paren
from rolegraph.importer.html_blocks import Line, Table
from rolegraph.importer.items import Iri, Item, Number, Text
from rolegraph.importer.sections import Group
from rolegraph.namespaces import RG

ColumnSpec = tuple[tuple[str, str], ...]

KPI_COLUMNS: ColumnSpec = (
    ("frequency", r"frequenc|cadence|how often|review"),
    ("why", r"why|matters|rationale"),
    ("target", r"target|benchmark|threshold"),
    ("category", r"categor|\btype\b"),
    ("measures", r"measure|definition|description|what it"),
    ("name", r"metric|kpi|name|indicator"),
)
TOOL_COLUMNS: ColumnSpec = (
    ("category", r"categor|\btype\b|\barea\b"),
    ("adoption", r"adoption|prevalence|common|usage"),
    ("use", r"\buse\b|purpose|used for"),
    ("tool", r"tool|platform|product|software|name"),
)
SCORECARD_COLUMNS: ColumnSpec = (
    ("weight", r"weight|%"),
    ("meets", r"meets|bar|looks like|description"),
    ("dimension", r"dimension|competenc|criteri|area|skill"),
)
SUMMARY_COLUMNS: ColumnSpec = (
    ("category", r"categor|aspect|item|field|topic"),
    ("summary", r"summary|detail|description|value|content"),
)


@dataclass
class Columns:
    """Which cell holds which field, and the columns nobody asked for."""

    index: dict[str, int]
    extra: list[int]
    header: list[str]

    def cell(self, row: list[Line], name: str) -> Line | None:
        i = self.index.get(name)
        if i is None or i >= len(row) or not row[i].text:
            return None
        return row[i]

    def text(self, row: list[Line], name: str) -> str | None:
        cell = self.cell(row, name)
        return cell.text if cell is not None else None

    def extras(self, row: list[Line]) -> list[str]:
        """ "Header: value" lines for the unexpected columns of a row (and surplus cells)."""
        out = []
        for i in [*self.extra, *range(len(self.header), len(row))]:
            if i < len(row) and row[i].text:
                name = self.header[i] if i < len(self.header) else ""
                out.append(f"{name}: {row[i].text}" if name else row[i].text)
        return out


def map_columns(
    ctx: Context,
    table: Table,
    spec: ColumnSpec,
    required: str,
    optional: frozenset[str] = frozenset(),
) -> Columns | None:
    """Assign header cells to fields by keyword; None (with a warning) without the key column."""
    if not table.header:
        ctx.warn("a table without a header row: columns cannot be told apart")
        return None
    index: dict[str, int] = {}
    extra: list[int] = []
    for i, head in enumerate(table.header):
        for name, pattern in spec:
            if name not in index and re.search(pattern, head, re.IGNORECASE):
                index[name] = i
                break
        else:
            extra.append(i)
    if required not in index:
        ctx.warn(f"table columns {table.header} have no {required} column")
        return None
    for name, _ in spec:
        if name not in index and name != required and name not in optional:
            ctx.warn(f"table has no {name} column ({', '.join(table.header)})")
    for i in extra:
        ctx.warn(f'table column "{table.header[i]}" is not recognised; kept in descriptions')
    return Columns(index, extra, table.header)


def keyed_rows(
    ctx: Context,
    table: Table,
    group: Group,
    spec: ColumnSpec,
    key: str,
    optional: frozenset[str] = frozenset(),
) -> Iterator[tuple[Columns, list[Line], Line]]:
    """Each row that has a `key` cell, with the columns and that cell.

    What cannot be read is kept as rg:Note, never dropped: the whole table when it has no
    `key` column, a row when its `key` cell is empty.
    """
    columns = map_columns(ctx, table, spec, key, optional)
    if columns is None:
        ctx.note_part(table, group)
        return
    for row in table.rows:
        cell = columns.cell(row, key)
        if cell is None:
            ctx.note_part(Table(table.header, [row]), group)
            continue
        yield columns, row, cell


def _split_values(text: str) -> list[str]:
    return [v.strip() for v in re.split(r"[/,]", text) if v.strip()]


def kpi_table(ctx: Context, table: Table, group: Group) -> None:
    optional = frozenset({"category"})
    for columns, row, name in keyed_rows(ctx, table, group, KPI_COLUMNS, "name", optional):
        label, categories, rest = _kpi_name(name)
        item = ctx.add(Item("KPI", label, ctx.heading_of(group)))
        lines = [rest, *columns.extras(row)]
        category_cell = columns.text(row, "category")
        for text in (categories, category_cell):
            if text:
                kpi_categories(ctx, item, text)
        for field, prop in (
            ("measures", "measurementDefinition"),
            ("why", "whyItMatters"),
            ("target", "exampleTarget"),
        ):
            value = columns.text(row, field)
            if value:
                item_field(item, prop, Text(value))
        frequency = columns.text(row, "frequency")
        if frequency:
            kpi_frequencies(ctx, item, frequency)
        item.description = join_lines(lines)


def _kpi_name(cell: Line) -> tuple[str, str | None, str]:
    """ "**p95 inference latency** (Reliability/Quality)" -> label, categories, rest."""
    lead = cell.bold_lead
    if lead:
        paren = leading_paren(cell.rest)
        if paren is not None:
            return lead.strip().rstrip(":"), paren[0], paren[1].strip()
        return lead.strip().rstrip(":"), None, cell.rest
    label, categories = trailing_paren(cell.text)
    return label, categories, ""


def kpi_categories(ctx: Context, item: Item, text: str) -> None:
    _concept_values(ctx, item, text, "kpi-category", "kpiCategory", "KPI category")


def kpi_frequencies(ctx: Context, item: Item, text: str) -> None:
    _concept_values(ctx, item, text, "frequency", "frequency", "Frequency")


def _concept_values(
    ctx: Context, item: Item, text: str, scheme_key: str, prop: str, field: str
) -> None:
    """One `prop` per "/"- or ","-separated value that names a concept of the (closed)
    scheme; a value that names none is kept as an rg:Note."""
    for value in _split_values(text):
        found = scheme(scheme_key).match(value)
        if found is None:
            ctx.value_note(item, field, value, scheme_key)
        else:
            item_field(item, prop, Iri(found.iri))


def tool_table(ctx: Context, table: Table, group: Group) -> None:
    for columns, row, cell in keyed_rows(ctx, table, group, TOOL_COLUMNS, "tool"):
        name = cell.text
        tool = ctx.shared("Tool", "Tool", name)
        usage = ctx.add(Item("ToolUsage", name, ctx.heading_of(group)))
        item_field(usage, "tool", tool)
        category = columns.text(row, "category")
        if category:
            concept = ctx.concept("tool-category", category, "tool category")
            usage.qualifier = trailing_paren(category)[1]
            existing = [v for p, v in tool.fields if p.endswith("toolCategory")]
            if concept and not existing:
                tool.fields.append((RG.toolCategory, Iri(concept)))
            elif concept and existing and existing[0] != Iri(concept):
                ctx.warn(f'tool "{name}" is listed under two categories; kept the first')
        use = columns.text(row, "use")
        if use:
            item_field(usage, "primaryUse", Text(use))
        adoption = columns.text(row, "adoption")
        if adoption:
            ctx.first_concept(usage, "adoption", adoption)
        usage.description = join_lines(columns.extras(row))


def scorecard_table(ctx: Context, table: Table, group: Group) -> None:
    for columns, row, cell in keyed_rows(ctx, table, group, SCORECARD_COLUMNS, "dimension"):
        name = cell.text
        item = ctx.add(Item("ScorecardDimension", name, ctx.heading_of(group)))
        meets = columns.text(row, "meets")
        if meets:
            item_field(item, "meetsBar", Text(meets))
        weight = columns.text(row, "weight")
        if weight:
            value = percent(weight)
            if value is None:
                ctx.warn(f'"{name}": weight "{weight}" is not a percentage; kept as rg:Note')
                ctx.add(Item("Note", name, item.heading, f"Weight: {weight}"))
            else:
                item_field(item, "weightPercent", Number(value))
        item.description = join_lines(columns.extras(row))


def summary_table(ctx: Context, table: Table, group: Group) -> None:
    for columns, row, cell in keyed_rows(ctx, table, group, SUMMARY_COLUMNS, "category"):
        summary = columns.text(row, "summary")
        description = join_lines([summary or "", *columns.extras(row)])
        ctx.add(Item("ScorecardSummaryEntry", cell.text, ctx.heading_of(group), description))
