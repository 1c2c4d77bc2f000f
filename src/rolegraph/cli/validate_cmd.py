"""`rolegraph validate`: check blueprint graphs with the SHACL shapes before they land."""

from __future__ import annotations

from pathlib import Path

import click

from rolegraph import catalog, resources
from rolegraph.cli._common import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK, reports_errors
from rolegraph.errors import InputError


@click.command(name="validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="text for people, json for tools (the report model), turtle for a sh:ValidationReport.",
)
@click.option("--strict", is_flag=True, help="Fail on warnings too, not only on violations.")
@click.option(
    "--workers",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Processes for many roles (default: one per CPU from 8 roles on).",
)
@reports_errors
def command(paths: tuple[Path, ...], output_format: str, strict: bool, workers: int | None) -> None:
    """Validate blueprint graphs (Turtle, JSON-LD, N-Triples, TriG) against the shapes.

    PATH is a file or a folder; default: the shipped blueprints. A role is validated with
    its companion file (`<role>.ttl` with `<role>.links.ttl`), the ontology, and whatever
    the other files of its folder define that it references.

    Exit codes: 0 no violations, 1 violations (or warnings with --strict), 2 unreadable
    input (reported as file:line:column).
    """
    # imported here: pySHACL takes half a second to import, other commands need not pay it
    from pyshacl.errors import ReportableRuntimeError

    from rolegraph.validation import to_rdf, validate_paths
    from rolegraph.validation.render import render_text

    targets = list(paths) or catalog.shipped_blueprint_files()
    if not targets:
        raise InputError("nothing to validate: no blueprint files", resources.blueprints_dir())
    try:
        report = validate_paths(targets, workers=workers)
    except ReportableRuntimeError as err:
        click.echo(f"error: the validator could not run: {err.message}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    if output_format == "json":
        click.echo(report.model_dump_json(indent=2))
    elif output_format == "turtle":
        click.echo(to_rdf(report).serialize(format="turtle"))
    else:
        click.echo(render_text(report), nl=False)
    if not report.roles:
        click.echo(
            "note: the input holds no role blueprint, so nothing was checked (the ontology, "
            "concept schemes and shapes are checked together with a blueprint)",
            err=True,
        )
    raise SystemExit(EXIT_OK if report.passes(strict) else EXIT_FAILED)
