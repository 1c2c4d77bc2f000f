"""`rolegraph import`: blueprint documents (WordPress JSON posts or HTML) -> Turtle."""

from __future__ import annotations

from pathlib import Path

import click

from rolegraph.cli._common import reports_errors
from rolegraph.errors import InputError
from rolegraph.importer import DEFAULT_BASE, ImportResult, check_base, import_file
from rolegraph.importer.source import SOURCE_SUFFIXES


def _expand(sources: tuple[Path, ...]) -> tuple[list[Path], bool]:
    """Files to import (folders expanded, sorted) and whether any folder was given."""
    files: list[Path] = []
    any_folder = False
    for source in sources:
        if source.is_dir():
            any_folder = True
            found = sorted(
                p for p in source.iterdir() if p.is_file() and p.suffix.lower() in SOURCE_SUFFIXES
            )
            if not found:
                raise InputError(
                    "folder has no .json, .html or .htm files", source, hint="check the path"
                )
            files.extend(found)
        elif source.exists():
            files.append(source)
        else:
            raise InputError("no such file or folder", source, hint="check the path")
    return files, any_folder


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    except OSError as err:
        raise InputError(f"cannot write: {err.strerror}", path) from None


@click.command(name="import")
@click.argument("sources", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=True))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the Turtle to this file (one source only). Default: stdout.",
)
@click.option(
    "-d",
    "--directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write one <role>.ttl per source into this folder (for several sources).",
)
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    help="Base IRI of the minted instance IRIs (must end in '/' or '#').",
)
@reports_errors
def command(
    sources: tuple[Path, ...], output: Path | None, directory: Path | None, base: str
) -> None:
    """Import blueprint documents (WordPress post JSON or HTML) as Turtle.

    SOURCE is a file or a folder of .json/.html files. Warnings about content the importer
    could not place (kept as rg:Note) go to stderr; the output is deterministic, so the
    same source always gives byte-identical Turtle.

    \b
    Examples:
      rolegraph import ontology/sources/ai-engineer.wp.json -o ontology/blueprints/ai-engineer.ttl
      rolegraph import ontology/sources/ -d ontology/blueprints/
    """
    if output is not None and directory is not None:
        raise InputError("give either -o FILE or -d DIR, not both", "rolegraph import")
    check_base(base)
    files, any_folder = _expand(sources)
    if len(files) > 1 and directory is None:
        raise InputError(
            f"{len(files)} sources given; write them with -d DIR (one <role>.ttl each)",
            "rolegraph import",
            hint="-o and stdout take a single source",
        )
    progress = any_folder or len(files) > 1
    written: dict[Path, str] = {}
    for number, path in enumerate(files, start=1):
        result = import_file(path, base)
        for warning in result.warnings:
            click.echo(f"warning: {warning}", err=True)
        target = _target(result, output, directory)
        if target is not None and target in written:
            raise InputError(
                f"role {result.role!r} was already written from {written[target]}",
                path,
                hint="two sources describe the same role; import them separately",
            )
        if target is None:
            click.echo(result.turtle, nl=False)
        else:
            _write(target, result.turtle)
            written[target] = result.source
        if progress:
            where = str(target) if target is not None else "stdout"
            click.echo(
                f"[{number}/{len(files)}] {path} -> {where}: {result.item_count} items, "
                f"{len(result.warnings)} warning(s)",
                err=True,
            )


def _target(result: ImportResult, output: Path | None, directory: Path | None) -> Path | None:
    if directory is not None:
        return directory / f"{result.role}.ttl"
    return output
