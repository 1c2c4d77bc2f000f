"""Printing SELECT results as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io
import json
import shutil

from rolegraph.store import SelectResult
from rolegraph.terms import to_json_value, to_text

FORMATS = ("table", "json", "csv")


def render(result: SelectResult, output_format: str, max_width: int | None = None) -> str:
    """The result in `output_format` (one of FORMATS)."""
    if output_format == "json":
        rows = [
            {name: to_json_value(value) for name, value in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if output_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.variables)
        for row in result.rows:
            writer.writerow(["" if v is None else to_json_value(v) for v in row])
        return buffer.getvalue()
    return _table(result, max_width or shutil.get_terminal_size((160, 24)).columns)


def _table(result: SelectResult, max_width: int) -> str:
    header = result.variables
    cells = [[to_text(value) for value in row] for row in result.rows]
    widths = [max([len(h), *(len(r[i]) for r in cells)]) for i, h in enumerate(header)]
    limit = max(12, (max_width - 3 * len(header)) // max(1, len(header)))
    widths = [min(w, limit) if sum(widths) + 3 * len(widths) > max_width else w for w in widths]

    def line(values: list[str]) -> str:
        return " | ".join(_fit(v, w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(header), "-+-".join("-" * w for w in widths)]
    out += [line(row) for row in cells]
    out.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(out) + "\n"


def _fit(value: str, width: int) -> str:
    value = value.replace("\n", " ")
    return value.ljust(width) if len(value) <= width else value[: width - 1] + "…"
