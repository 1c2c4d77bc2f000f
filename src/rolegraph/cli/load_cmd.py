"""`rolegraph load`: load the catalog (or given RDF files) into a store, then exit.

Used as the one-shot loader of docker-compose (``--if-empty``), and to refresh a running
remote store after editing blueprints.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import click

from rolegraph.cli._common import EXIT_FAILED, reports_errors
from rolegraph.rdfio import RDF_SUFFIXES
from rolegraph.settings import Settings
from rolegraph.store import StoreError, open_store
from rolegraph.store.startup import ensure_loaded

store_option = click.option(
    "--store",
    default=None,
    metavar="memory|DIR|URL",
    help="memory, a directory (embedded on disk), http://host:port (Oxigraph server) or "
    "sparql+http://host/endpoint (any SPARQL server). [env ROLEGRAPH_STORE]",
)

data_option: Callable[[Any], Any] = click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True, path_type=Path),
    help="RDF file or folder to load instead of the shipped blueprints (repeatable).",
)


def expand_data_paths(paths: Iterable[Path]) -> tuple[Path, ...]:
    """Files as given, folders as the RDF files in them (sorted)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix.lower() in RDF_SUFFIXES)
        else:
            files.append(path)
    return tuple(files)


@click.command(name="load")
@store_option
@data_option
@click.option(
    "--if-empty",
    is_flag=True,
    help="Load only into a store rolegraph has never written (no data version).",
)
@reports_errors
def command(store: str | None, data: tuple[Path, ...], if_empty: bool) -> None:
    """Load the ontology, schemes, shapes and blueprints (or --data files) into a store.

    Each file replaces its named graph; each role's derived links are recomputed. After a
    bulk load into an Oxigraph server, stop it and run `oxigraph optimize --location DIR`
    (queries are 1.3-3x slower on a store that was not optimized).
    """
    settings = Settings.from_env(store=store, data_files=expand_data_paths(data))
    target = open_store(settings.store)
    started = time.perf_counter()
    try:
        loaded = ensure_loaded(target, settings.sources(), "if-empty" if if_empty else "always")
        version = target.data_version()
        graphs = target.graphs()
    except StoreError as err:
        click.echo(f"error: {err}", err=True)
        raise SystemExit(EXIT_FAILED) from None
    finally:
        target.close()
    seconds = time.perf_counter() - started
    if loaded:
        click.echo(
            f"loaded {len(settings.sources())} files into {settings.store.describe()}: "
            f"{len(graphs)} graphs, data version {version} ({seconds:.1f} s)"
        )
    else:
        click.echo(f"{settings.store.describe()} already holds data (version {version})")
