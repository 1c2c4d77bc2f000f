"""Validating blueprints: one role, some files, a request body, or the whole catalog.

The unit of validation is a role: its facts and curated links, plus the vocabulary and the
part of the catalog it references (context.py). Validating an edit of one role therefore
never costs a validation of the catalog, and the SHACL-SPARQL rules run once per role. The
whole catalog is validated role by role, in parallel processes, and the reports merged:
the same findings one run over everything gives, at a fraction of the time.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from rolegraph import catalog, rdfio
from rolegraph.validation import engine, report
from rolegraph.validation.context import CatalogIndex, ContextSource, references, vocabulary
from rolegraph.validation.documents import (
    DATA_UNIT,
    Document,
    Unit,
    add_companions,
    expand,
    group,
    read_bytes,
    read_file,
)
from rolegraph.validation.locate import Locator
from rolegraph.validation.model import ValidationReport

PARALLEL_FROM = 8
"""Fewer roles than this are validated in-process (starting workers costs more)."""


def validate_documents(
    documents: Sequence[Document],
    *,
    context: ContextSource | None = None,
    role: str | None = None,
) -> ValidationReport:
    """Validate `documents` as one data graph, with the vocabulary and their `context`.

    `role` names the role being validated (its own graphs are never taken from `context`).
    Findings about nodes that only the context defines are left to the roles defining them.
    """
    own = [t for d in documents for t in d.triples]
    extra = context.context_for(role, own) if context is not None else []
    vocab = vocabulary()
    raw, store = engine.validate_triples([*own, *extra, *vocab.triples])
    own_subjects = {_node_id(t.subject) for t in own}
    skip = {_node_id(t.subject) for t in (*extra, *vocab.triples)} - own_subjects
    roles = [d.role for d in documents if d.role] or ([role] if role else [])
    return report.build_report(
        raw,
        store,
        Locator(documents),
        roles=roles,
        files=[d.name for d in documents],
        skip_focus=skip,
    )


def validate_role(unit: Unit, context: ContextSource | None = None) -> ValidationReport:
    """Validate one role's documents (facts and curated links) with its catalog context."""
    return validate_documents(unit.documents, context=context, role=unit.role)


def validate_bytes(
    data: bytes,
    media_type: str,
    *,
    name: str = "<body>",
    context: ContextSource | None = None,
    companions: bool = True,
) -> ValidationReport:
    """Validate an RDF document held in memory (a request body), by its media type.

    With a store-backed `context` (context.StoreContext) and `companions`, a body holding
    one part of a role (its facts, or its curated links) is validated with the other part
    as the store has it.
    """
    documents = read_bytes(data, media_type, name=name)
    units = group(documents)
    reports = []
    for unit in units:
        if companions and unit.role is not None and hasattr(context, "graph"):
            _add_stored_companions(unit, context)
        reports.append(validate_role(unit, context))
    if not reports:
        return report.assemble([], roles=[], files=[name])
    return report.merge(reports)


def validate_paths(paths: Sequence[Path], *, workers: int | None = None) -> ValidationReport:
    """Validate files and folders: each role with its companion file and referenced files.

    Raises `InputError` (file:line:column) for unreadable input. `workers`: processes for
    many roles (default: the CPU count when there are at least PARALLEL_FROM roles).
    """
    files = expand(paths)
    documents = [d for path in files for d in read_file(path)]
    units = group(documents)
    for unit in units:
        add_companions(unit)
    workers = _workers(workers, len(units))
    if workers > 1:
        return validate_units(units, workers=workers)
    context = _sibling_context(units, files)
    return (
        report.merge(validate_role(unit, context) for unit in units)
        if units
        else report.assemble([], roles=[], files=[str(f) for f in files])
    )


def validate_catalog(
    paths: Sequence[Path] | None = None, *, workers: int | None = None
) -> ValidationReport:
    """Validate a whole catalog (default: the shipped blueprints), role by role in parallel."""
    files = expand(paths) if paths is not None else catalog.shipped_blueprint_files()
    units = group([d for path in files for d in read_file(path)])
    for unit in units:
        add_companions(unit)
    return validate_units(units, workers=_workers(workers, len(units), minimum=1))


def validate_units(units: Sequence[Unit], *, workers: int = 1) -> ValidationReport:
    """Validate units with a catalog index built from all of them, in `workers` processes."""
    index = CatalogIndex()
    for unit in units:
        index.add(unit.key, [t for d in unit.documents for t in d.triples])
    tasks = [_Task(unit, _serialize(index.context_for(unit.key, _triples(unit)))) for unit in units]
    if workers <= 1 or len(tasks) <= 1:
        reports = [_run_task(task) for task in tasks]
    else:
        engine.shapes_graph()  # parsed once here, inherited by forked workers
        vocabulary()
        with ProcessPoolExecutor(max_workers=workers, mp_context=_mp_context()) as pool:
            reports = list(
                pool.map(_run_task, tasks, chunksize=max(1, len(tasks) // (workers * 8)))
            )
    return report.merge(reports)


@dataclass
class _Task:
    unit: Unit
    context: bytes
    """The unit's catalog context as N-Triples (small, cheap to send to a worker)."""


class _FixedContext:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples

    def context_for(self, role: str | None, triples: Sequence[ox.Triple]) -> list[ox.Triple]:
        return self.triples


def _run_task(task: _Task) -> ValidationReport:
    triples = (
        [q.triple for q in ox.parse(task.context, format=ox.RdfFormat.N_TRIPLES)]
        if task.context
        else []
    )
    return validate_role(task.unit, _FixedContext(triples))


def _serialize(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) if triples else b""


def _triples(unit: Unit) -> list[ox.Triple]:
    return [t for d in unit.documents for t in d.triples]


def _workers(requested: int | None, units: int, minimum: int = PARALLEL_FROM) -> int:
    if requested is not None:
        return max(1, requested)
    if units < minimum:
        return 1
    return max(1, min(os.cpu_count() or 1, units))


def _mp_context() -> multiprocessing.context.BaseContext:
    """fork where available: workers start with the parsed shapes, without re-importing."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else methods[0])


def _sibling_context(units: Sequence[Unit], inputs: Iterable[Path]) -> CatalogIndex | None:
    """An index of the blueprint files next to the inputs that define what they reference.

    Only files mentioning an IRI the inputs reference but do not define are read, so
    validating one role in a folder of a thousand costs a text scan, not a thousand parses.
    """
    own = [t for u in units for t in _triples(u)]
    defined = {t.subject.value for t in own if isinstance(t.subject, ox.NamedNode)}
    missing = references(own) - defined
    if not missing:
        return None
    given = {p.resolve() for p in inputs} | {
        d.path.resolve() for u in units for d in u.documents if d.path is not None
    }
    folders = {d.path.parent for u in units for d in u.documents if d.path is not None}
    names = {iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1] for iri in missing}
    index = CatalogIndex()
    for folder in sorted(folders):
        for path in sorted(folder.iterdir()):
            if path.resolve() in given or path.suffix.lower() not in rdfio.RDF_SUFFIXES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
            if any(name in text for name in names):
                for document in read_file(path):
                    index.add(document.role or str(path), document.triples)
    return index if len(index) else None


def _add_stored_companions(unit: Unit, context: ContextSource) -> None:
    """Add the role's facts or curated links from the store when the body holds only the other."""
    kinds = unit.kinds()
    for kind, graph in (
        (catalog.GraphKind.FACTS, catalog.facts_graph(unit.key)),
        (catalog.GraphKind.CURATED, catalog.curated_graph(unit.key)),
    ):
        if kind not in kinds:
            triples = context.graph(graph)  # type: ignore[attr-defined]
            if triples:
                quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
                unit.documents.append(Document(f"<store {graph}>", quads, None, unit.key, kind))


def _node_id(node: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> str:
    if isinstance(node, ox.NamedNode):
        return node.value
    if isinstance(node, ox.BlankNode):
        return f"_:{node.value}"
    return str(node)


__all__ = [
    "DATA_UNIT",
    "validate_bytes",
    "validate_catalog",
    "validate_documents",
    "validate_paths",
    "validate_role",
    "validate_units",
]
