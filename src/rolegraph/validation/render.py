"""The report as text for a steward: grouped by the thing at fault, then rule, message, value.

    ontology/blueprints/ai-engineer.ttl:1234: KPI "p95 inference latency"
      kpi:ai-engineer.p95-inference-latency
      Violation  rgsh:KPI-frequency (rg:frequency)
        This KPI has no review frequency. Add rg:frequency with a value from ...

    1 violation, 0 warnings, 0 infos in 1 role (ai-engineer.ttl)

The first line of each block is `file:line:` so editors and CI annotate the right place.
"""

from __future__ import annotations

import textwrap

from rolegraph.validation.model import Finding, FocusNodeReport, ValidationReport
from rolegraph.validation.report import compact

WIDTH = 100


def render_text(report: ValidationReport) -> str:
    """The whole report, ending with the one-line summary."""
    blocks = [_node_block(node) for node in report.nodes]
    return "\n\n".join([*blocks, report.summary()]) + "\n"


def _node_block(node: FocusNodeReport) -> str:
    where = f"{node.location}: " if node.location else ""
    what = node.kind or "Node"
    name = f' "{node.label}"' if node.label else ""
    iri = compact(node.node) if not node.node.startswith("_:") else node.node
    lines = [f"{where}{what}{name}", f"  {iri}"]
    for finding in node.findings:
        lines += _finding_lines(finding)
    return "\n".join(lines)


def _finding_lines(finding: Finding) -> list[str]:
    on = f" ({finding.path})" if finding.path else ""
    lines = [f"  {finding.severity.value:<9}  {finding.rule_name}{on}"]
    lines += textwrap.wrap(
        finding.message,
        WIDTH,
        initial_indent="    ",
        subsequent_indent="    ",
        break_on_hyphens=False,
    )
    if finding.value is not None:
        value = finding.value
        if finding.value_label:
            value += f' "{finding.value_label}"'
        if finding.value_location:
            value += f" at {finding.value_location}"
        lines.append(f"    offending value: {value}")
    return lines
