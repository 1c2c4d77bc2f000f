"""`rolegraph query`: run a catalogue question, a `.rq` file or inline SPARQL on the catalog."""

from __future__ import annotations

from pathlib import Path

import click
import pyoxigraph as ox

from rolegraph.cli._common import EXIT_BAD_INPUT, reports_errors
from rolegraph.cli._output import FORMATS, render
from rolegraph.cli._session import open_catalog
from rolegraph.cli.load_cmd import data_option, store_option
from rolegraph.queries import (
    InvalidParameter,
    QuerySpec,
    parse_spec,
    scheme_values,
    shipped_catalog,
)
from rolegraph.store import Bindings, QuerySyntaxError, Store, StoreError

_QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@click.command(name="query")
@click.argument("query", required=False, metavar="QUERY_OR_FILE")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter of the question (repeatable), e.g. -p skill=observability-for-ai-services.",
)
@click.option(
    "--format", "output_format", type=click.Choice(FORMATS), default="table", show_default=True
)
@click.option("--list", "list_queries", is_flag=True, help="List the catalogue and exit.")
@store_option
@data_option
@reports_errors
def command(
    query: str | None,
    params: tuple[str, ...],
    output_format: str,
    list_queries: bool,
    store: str | None,
    data: tuple[Path, ...],
) -> None:
    """Run a question of the catalogue by name (see --list), a .rq file, or SPARQL text.

    \b
    Examples:
      rolegraph query --list
      rolegraph query kpi_skill_matrix
      rolegraph query kpis_for_skill -p skill=observability-for-ai-services
      rolegraph query my-question.rq --format csv
      rolegraph query 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
    """
    if list_queries or not query:
        _print_catalogue()
        return
    spec = _resolve(query)
    try:
        bindings = spec.bind(_parse_params(params))
    except InvalidParameter as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    target = open_catalog(store, data)
    try:
        click.echo(_run(target, spec, bindings, output_format), nl=False)
    except QuerySyntaxError as err:
        where = f"line {err.line}, column {err.column}: " if err.line else ""
        click.echo(f"error: {spec.path}: {where}{err.message}", err=True)
        raise SystemExit(EXIT_BAD_INPUT) from None
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(1) from None
    finally:
        target.close()


def _resolve(query: str) -> QuerySpec:
    """A catalogue question, a .rq file (header optional) or inline SPARQL text, parsed."""
    catalog = shipped_catalog()
    if query in catalog.specs:
        return catalog.get(query)
    path = Path(query)
    if path.suffix in (".rq", ".sparql") or path.is_file():
        if not path.is_file():
            raise click.BadParameter(f"no such file: {query}", param_hint="QUERY_OR_FILE")
        return parse_spec(path, "file", scheme_values(), require_summary=False)
    if not any(form in query.upper() for form in _QUERY_FORMS):
        catalog.get(query)  # raises NotFoundError pointing at --list
    return parse_spec(Path("<query>"), "inline", scheme_values(), query, require_summary=False)


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    values: dict[str, str] = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--param")
        values[name.strip()] = value
    return values


def _run(target: Store, spec: QuerySpec, bindings: Bindings, output_format: str) -> str:
    if spec.form == "ask":
        return f"{str(target.ask(spec.text, bindings)).lower()}\n"
    if spec.form == "construct":
        triples = target.construct(spec.text, bindings)
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE).decode("utf-8")
    return render(target.select(spec.text, bindings), output_format)


def _print_catalogue() -> None:
    catalog = shipped_catalog()
    for group in ("examples", "api"):
        specs = sorted(catalog.group(group), key=lambda s: s.name)
        if not specs:
            continue
        click.echo(f"{group}:")
        width = max(len(s.name) for s in specs)
        for spec in specs:
            params = " ".join(f"-p {p.name}=…" for p in spec.params if p.required)
            click.echo(
                f"  {spec.name.ljust(width)}  {spec.summary}{'  ' + params if params else ''}"
            )
