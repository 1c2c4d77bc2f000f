"""`rolegraph export`: the ontology, schemes and blueprints as one RDF document."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import pyoxigraph as ox

from rolegraph.catalog import SHAPES_GRAPH
from rolegraph.cli._common import reports_errors
from rolegraph.cli._session import open_catalog
from rolegraph.cli.load_cmd import data_option, store_option
from rolegraph.namespaces import PREFIXES
from rolegraph.queries import shipped_catalog

_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "trig": ox.RdfFormat.TRIG,
    "nq": ox.RdfFormat.N_QUADS,
}


@click.command(name="export")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(list(_FORMATS)),
    default="turtle",
    show_default=True,
    help="trig, nq and jsonld keep the named graphs; turtle and nt merge them.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--with-shapes", is_flag=True, help="Include the SHACL shapes graph.")
@store_option
@data_option
@reports_errors
def command(
    output_format: str,
    output: Path | None,
    with_shapes: bool,
    store: str | None,
    data: tuple[Path, ...],
) -> None:
    """Export ontology + concept schemes + blueprints (+ curated and derived links).

    Statements are sorted; blank-node labels (OWL lists in the ontology) differ between runs.
    """
    spec = shipped_catalog().get("export_quads")
    target = open_catalog(store, data)
    try:
        rows = target.select(spec.text).rows
    finally:
        target.close()
    rdf_format = _FORMATS[output_format]
    keep_graphs = rdf_format.supports_datasets
    statements = {
        ox.Quad(s, p, o, g) if keep_graphs else ox.Triple(s, p, o)
        for g, s, p, o in rows
        if with_shapes or g.value != SHAPES_GRAPH
    }
    data_bytes = ox.serialize(
        sorted(statements, key=str),
        format=rdf_format,
        prefixes=PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None,
    )
    if output is None:
        sys.stdout.buffer.write(data_bytes)
    else:
        output.write_bytes(data_bytes)
        click.echo(f"wrote {len(statements)} statements to {output}", err=True)
