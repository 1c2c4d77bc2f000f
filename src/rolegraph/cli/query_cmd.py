"""`rolegraph query` (not implemented yet)."""

from __future__ import annotations

import click

from rolegraph.cli._common import EXIT_BAD_INPUT


@click.command(name="query")
def command() -> None:
    """Not implemented yet."""
    click.echo("rolegraph query: not implemented yet", err=True)
    raise SystemExit(EXIT_BAD_INPUT)
