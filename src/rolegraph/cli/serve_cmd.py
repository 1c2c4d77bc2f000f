"""`rolegraph serve`: the HTTP service (SPARQL endpoint and portal API) on uvicorn."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from rolegraph.cli._common import reports_errors
from rolegraph.cli.load_cmd import data_option, expand_data_paths, store_option
from rolegraph.settings import Settings, parse_origins
from rolegraph.store import open_store
from rolegraph.store.startup import ensure_loaded


@click.command(name="serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@store_option
@data_option
@click.option(
    "--workers-for-sparql",
    "workers",
    type=click.IntRange(min=0),
    default=None,
    help="Query worker processes for /sparql on the embedded store (default 2; 0 = "
    "evaluate in the server process, without a time limit). [env ROLEGRAPH_SPARQL_WORKERS]",
)
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=None,
    help="Seconds a /sparql query may run (default 30). [env ROLEGRAPH_QUERY_TIMEOUT]",
)
@click.option(
    "--inline-below-ms",
    type=click.FloatRange(min=0),
    default=None,
    help="A /sparql query that a worker answered faster than this runs in the server process "
    "when it comes again on the same data (default 2; 0 = always in a worker). "
    "[env ROLEGRAPH_SPARQL_INLINE_MS]",
)
@click.option(
    "--result-limit",
    type=click.IntRange(min=1),
    default=None,
    help="Most rows/triples in a /sparql answer (default 10000). [env ROLEGRAPH_RESULT_LIMIT]",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="Allowed browser origin (repeatable; default *). [env ROLEGRAPH_CORS_ORIGINS]",
)
@click.option(
    "--load",
    type=click.Choice(["if-empty", "always", "never"]),
    default=None,
    help="Load the catalog at start: only into a store without data (default), always, or "
    "never. [env ROLEGRAPH_LOAD]",
)
@click.option("--log-level", default="info", show_default=True, help="uvicorn log level.")
@reports_errors
def command(
    host: str,
    port: int,
    store: str | None,
    data: tuple[Path, ...],
    workers: int | None,
    query_timeout: float | None,
    inline_below_ms: float | None,
    result_limit: int | None,
    cors_origins: tuple[str, ...],
    load: str | None,
    log_level: str,
) -> None:
    """Serve the catalog over HTTP: /sparql (SPARQL 1.1 Protocol), /healthz, the portal API.

    The store is in memory unless --store names a directory (embedded, on disk) or a SPARQL
    server (http://host:port for Oxigraph, sparql+http://.../endpoint for any other).
    --data serves the given RDF files (or folders) instead of the shipped blueprints; the
    ontology, concept schemes and shapes are always loaded.
    """
    import uvicorn

    from rolegraph.api.app import create_app

    data_files = expand_data_paths(data)
    settings = Settings.from_env(
        store=store,
        data_files=data_files,
        load=load or ("always" if data_files else None),
        sparql_workers=workers,
        query_timeout=query_timeout,
        inline_below_ms=inline_below_ms,
        result_limit=result_limit,
        cors_origins=parse_origins(cors_origins) or None,
    )
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s:%(name)s: %(message)s")
    click.echo(f"rolegraph: {settings.store.describe()}", err=True)
    the_store = open_store(settings.store)
    try:
        # loaded before the server starts: unreadable data, an unreachable or misconfigured
        # store is one clear message and an exit code, not a failed application start-up
        ensure_loaded(the_store, settings.sources(), settings.load)
        app = create_app(settings, store=the_store)
        uvicorn.run(app, host=host, port=port, log_level=log_level)
    finally:
        the_store.close()
