"""`rolegraph stats`: how much the catalog holds, per class and per role."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import click

from rolegraph.cli._common import reports_errors
from rolegraph.cli._output import FORMATS, render
from rolegraph.cli._session import open_catalog
from rolegraph.cli.load_cmd import data_option, store_option
from rolegraph.queries import shipped_catalog
from rolegraph.terms import compact_iri, to_json_value


@click.command(name="stats")
@click.option("--role", default=None, help="Only this role (its id, e.g. ai-engineer).")
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True
)
@store_option
@data_option
@reports_errors
def command(
    role: str | None, output_format: str, store: str | None, data: tuple[Path, ...]
) -> None:
    """Count the catalog's instances per class and each role's items per class.

    Runs the catalogue questions `instances_per_class` and `items_per_role`.
    """
    catalog = shipped_catalog()
    per_class = catalog.get("instances_per_class")
    per_role = catalog.get("items_per_role")
    target = open_catalog(store, data)
    try:
        classes = target.select(per_class.text)
        roles = target.select(per_role.text, per_role.bind({"role": role}))
        graphs = target.graphs()
    finally:
        target.close()
    if output_format != "table":
        click.echo(render(roles if role else classes, output_format), nl=False)
        return
    click.echo(f"{len(graphs)} named graphs\n")
    click.echo("Instances per class")
    click.echo(render(classes, "table"))
    by_role: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for row in roles.dicts():
        name = str(to_json_value(row.get("roleLabel")) or compact_iri(row["role"].value))
        by_role[name].append((compact_iri(row["class"].value), int(row["items"].value)))
    for name, counts in sorted(by_role.items()):
        total = sum(n for _, n in counts)
        click.echo(f"Role {name}: {total} items")
        for cls, n in counts:
            click.echo(f"  {cls:<28} {n:>5}")
