"""The `rolegraph` command line: one module per command, registered here."""

from __future__ import annotations

import click

from rolegraph import __version__
from rolegraph.cli import (
    export_cmd,
    import_cmd,
    load_cmd,
    query_cmd,
    serve_cmd,
    stats_cmd,
    validate_cmd,
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rolegraph")
def cli() -> None:
    """rolegraph: job-role blueprints as a knowledge graph.

    Import blueprint documents, validate them with SHACL, query them with SPARQL and serve
    them over HTTP. Exit codes: 0 success, 1 validation failed, 2 bad input.
    """


for _module in (
    import_cmd,
    stats_cmd,
    query_cmd,
    export_cmd,
    validate_cmd,
    load_cmd,
    serve_cmd,
):
    cli.add_command(_module.command)


def main() -> None:
    """Console-script entry point."""
    cli()
