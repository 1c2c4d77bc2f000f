"""Validating blueprints: one role, some files, a request body, or the whole catalog.

The unit of validation is a role: its facts and curated links, plus the vocabulary and the
part of the catalog it references (context.py). Validating an edit of one role therefore
never costs a validation of the catalog, and the SHACL-SPARQL rules run once per role. The
whole catalog is validated role by role, in parallel processes, and the reports merged:
the same findings one run over everything gives, at a fraction of the time.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from rolegraph import catalog, rdfio
from rolegraph.errors import InputError
from rolegraph.validation import engine, pool, report
from rolegraph.validation.context import (
    FOR_ROLE,
    CatalogIndex,
    ContextSource,
    Statement,
    references,
    vocabulary,
)
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

_FOR_ROLE = ox.NamedNode(FOR_ROLE)
PARALLEL_FROM = 8
"""Fewer roles than this are validated in-process (starting workers costs more)."""


def validate_documents(
    documents: Sequence[Document],
    *,
    context: ContextSource | None = None,
    role: str | None = None,
    engine_name: str | None = None,
) -> ValidationReport:
    """Validate `documents` as one data graph, with the vocabulary and their `context`.

    `role` names the role being validated (its own graphs are never taken from `context`).
    Findings about nodes that only the context defines are left to the roles defining them.
    `engine_name`: "compiled" or "pyshacl" (default: engine.default_engine()).
    """
    own = [q for d in documents for q in d.quads]
    extra = context.context_for(role, own) if context is not None else []
    vocab = vocabulary()
    quads = [*own, *(ox.Quad(t.subject, t.predicate, t.object) for t in extra), *vocab.quads]
    results, store = engine.validate_quads(quads, engine=engine_name)
    own_subjects = {q.subject for q in own}
    others = {t.subject for t in (*extra, *vocab.triples)} - own_subjects
    skip = {_node_id(subject) for subject in others}
    roles = [d.role for d in documents if d.role] or ([role] if role else [])
    return report.build_report(
        results,
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
    many roles (default: one per CPU from PARALLEL_FROM roles on).
    """
    files = expand(paths)
    if not files:
        raise InputError("no RDF files to validate", ", ".join(str(p) for p in paths))
    roles = {catalog.role_of_blueprint_file(f)[0] for f in files}
    if _workers(workers, len(roles)) > 1:
        return validate_catalog(_with_companions(files), workers=_workers(workers, len(roles)))
    documents = [d for path in files for d in read_file(path)]
    units = group(documents)
    for unit in units:
        add_companions(unit)
    reports = []
    for folder, folder_units in _by_folder(units).items():
        index = CatalogIndex()  # a folder is a catalog: its roles see each other
        for unit in folder_units:
            index.add(unit.key, _triples(unit))
        _add_siblings(index, folder_units, folder, files)
        reports += [validate_role(unit, _KeyedContext(index, unit.key)) for unit in folder_units]
    return report.merge(reports)


def validate_catalog(
    paths: Sequence[Path] | None = None, *, workers: int | None = None
) -> ValidationReport:
    """Validate a whole catalog (default: the shipped blueprints), role by role in parallel.

    Two passes over the roles, both in worker processes: read each role and return what it
    says about shared nodes; then validate each role with its context from the index of all
    of them. The parent only indexes and merges, so the catalog scales with the workers.
    """
    files = expand(paths) if paths is not None else catalog.shipped_blueprint_files()
    by_name: dict[tuple[Path, str], list[str]] = {}
    for path in files:
        by_name.setdefault((path.parent, catalog.role_of_blueprint_file(path)[0]), []).append(
            str(path)
        )
    several_folders = len({folder for folder, _role in by_name}) > 1
    workers = _workers(workers, len(by_name), minimum=1)
    with _mapper(workers) as runner:
        indexes: dict[Path, CatalogIndex] = {}  # a folder is a catalog
        members: dict[str, list[str]] = {}
        mentions: dict[str, set[str]] = {}
        roles: dict[str, str | None] = {}
        folder_of: dict[str, Path] = {}
        shard_of: dict[str, int] = {}
        jobs = [(paths_of_role, several_folders) for paths_of_role in by_name.values()]
        folders = [folder for folder, _name in by_name]
        done: dict[int, Any] = {}
        indexed = 0

        def index(job: int, scanned: Any) -> None:
            """Index the scans in job order as they come in (while the workers go on)."""
            nonlocal indexed
            done[job] = scanned
            while indexed in done:
                for key, role, paths_of_key, shared, refs in done.pop(indexed):
                    roles[key], folder_of[key] = role, folders[indexed]
                    shard_of.setdefault(key, runner.ran_in[indexed])  # where it was read
                    indexes.setdefault(folders[indexed], CatalogIndex()).add(key, _parse_nt(shared))
                    known = members.setdefault(key, [])
                    known += [p for p in paths_of_key if p not in known]
                    mentions.setdefault(key, set()).update(refs)
                indexed += 1

        runner.map(_scan, jobs, range(len(jobs)), on_result=index)
        keys = sorted(members)

        def task(key: str) -> _Task:  # made when the task is sent to a worker
            context = indexes[folder_of[key]].context_from(key, mentions[key])
            return _Task(key, roles[key], members[key], [], _serialize(context))

        reports = runner.map(_run_task, keys, [shard_of[key] for key in keys], prepare=task)
    return report.merge(reports)


def validate_units(units: Sequence[Unit], *, workers: int = 1) -> ValidationReport:
    """Validate parsed units with a catalog index built from all of them, in `workers` processes."""
    index = CatalogIndex()
    for unit in units:
        index.add(unit.key, _triples(unit))
    tasks = [
        _Task.of(unit, _serialize(index.context_for(unit.key, _triples(unit)))) for unit in units
    ]
    with _mapper(workers if len(tasks) > 1 else 1) as runner:
        return report.merge(runner.map(_run_task, tasks, range(len(tasks))))


@dataclass
class _Task:
    """One unit's work for a worker: what to read, and its catalog context."""

    key: str
    role: str | None
    paths: list[str]
    """Files to re-read in the worker (parsing is cheaper than pickling parsed terms)."""
    inline: list[Document]
    """Documents that have no file (a request body)."""
    context: bytes
    """The unit's catalog context as N-Triples (small, cheap to send)."""

    @classmethod
    def of(cls, unit: Unit, context: bytes) -> _Task:
        paths = list(dict.fromkeys(str(d.path) for d in unit.documents if d.path is not None))
        inline = [d for d in unit.documents if d.path is None]
        return cls(unit.key, unit.role, paths, inline, context)

    def unit(self) -> Unit:
        documents = [d for p in self.paths for d in _read_kept(p) if d.role == self.role]
        return Unit(self.key, documents + self.inline, self.role)


KEEP_FILES = 2_000
"""Files a process keeps parsed between the passes of a catalog run (a role's two files
take about 2 MB: 1 GB per worker for 1,000 roles on 2 workers); files beyond are read again."""


def _read_kept(path: str) -> list[Document]:
    """The documents of `path` as the first pass read them in this process, or read now."""
    documents = pool.kept.get(path)
    return documents if documents is not None else read_file(Path(path))


class _FixedContext:
    def __init__(self, triples: list[ox.Triple]) -> None:
        self.triples = triples

    def context_for(self, role: str | None, triples: Sequence[Statement]) -> list[ox.Triple]:
        return self.triples


def _run_task(task: _Task) -> ValidationReport:
    parsed = ox.parse(task.context, format=ox.RdfFormat.N_TRIPLES) if task.context else []
    return validate_role(task.unit(), _FixedContext([q.triple for q in parsed]))


def _scan(job: tuple[list[str], bool]) -> list[tuple[str, str | None, list[str], bytes, set[str]]]:
    """Worker pass 1: per role in the files, its files, non-item statements and mentioned IRIs."""
    paths, several_folders = job
    documents = []
    for path in paths:
        read = read_file(Path(path))
        if len(pool.kept) < KEEP_FILES:
            pool.kept[path] = read
        documents += read
    found = []
    for unit in group(documents, several_folders):
        triples = [q for d in unit.documents for q in d.quads]  # of the default graph
        items = {t.subject for t in triples if t.predicate == _FOR_ROLE}
        shared = [t for t in triples if type(t.subject) is ox.NamedNode and t.subject not in items]
        unit_paths = list(dict.fromkeys(str(d.path) for d in unit.documents if d.path is not None))
        found.append((unit.key, unit.role, unit_paths, _serialize(shared), references(triples)))
    return found


def _parse_nt(data: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)] if data else []


class _InProcess:
    """The pool's interface, run in this process."""

    def __init__(self) -> None:
        self.ran_in: list[int] = []

    def map(
        self,
        function: Callable[[Any], Any],
        items: Sequence[Any],
        shards: Sequence[int],
        *,
        prepare: Callable[[Any], Any] | None = None,
        on_result: Callable[[int, Any], None] | None = None,
    ) -> list[Any]:
        self.ran_in = [0] * len(items)
        results = []
        for position, item in enumerate(items):
            results.append(function(prepare(item) if prepare else item))
            if on_result is not None:
                on_result(position, results[-1])
        return results


@contextlib.contextmanager
def _mapper(workers: int) -> Iterator[_InProcess | pool.ShardPool]:
    """A runner of `map(function, items, shards)`: `workers` processes (pool.py), or this one.

    In-process, the garbage collector's threshold is raised for the run (see
    pool.GC_THRESHOLD) and what the first pass kept is dropped after.
    """
    if workers <= 1:
        try:
            with _rare_collections():
                yield _InProcess()
        finally:
            pool.kept.clear()
        return
    engine.warm_up()
    with pool.ShardPool(workers, _mp_context()) as workers_pool:
        yield workers_pool


@contextlib.contextmanager
def _rare_collections() -> Iterator[None]:
    threshold = gc.get_threshold()
    gc.set_threshold(max(threshold[0], pool.GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)


def _serialize(triples: Sequence[Statement]) -> bytes:
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


class _KeyedContext:
    """A catalog index seen from one unit (whose own statements it leaves out)."""

    def __init__(self, index: CatalogIndex, key: str) -> None:
        self.index, self.key = index, key

    def context_for(self, role: str | None, triples: Sequence[Statement]) -> list[ox.Triple]:
        return self.index.context_for(self.key, triples)


def _by_folder(units: Sequence[Unit]) -> dict[Path | None, list[Unit]]:
    folders: dict[Path | None, list[Unit]] = {}
    for unit in units:
        paths = [d.path for d in unit.documents if d.path is not None]
        folders.setdefault(paths[0].parent.resolve() if paths else None, []).append(unit)
    return folders


def _add_siblings(
    index: CatalogIndex, units: Sequence[Unit], folder: Path | None, inputs: Iterable[Path]
) -> None:
    """Index the other files of the folder that define what the inputs reference.

    Only files mentioning an IRI the inputs reference but do not define are read, so
    validating one role in a folder of a thousand costs a text scan, not a thousand parses.
    """
    if folder is None:
        return
    own = [t for u in units for t in _triples(u)]
    defined = {t.subject.value for t in own if isinstance(t.subject, ox.NamedNode)}
    namespaces = {_namespace(iri) for iri in defined}
    # only what looks like catalog data (the namespaces the inputs use) is looked for: a
    # blueprint's source URL is referenced and defined nowhere, and that is fine
    missing = {iri for iri in references(own) - defined if _namespace(iri) in namespaces}
    if not missing:
        return
    given = {p.resolve() for p in inputs} | {
        d.path.resolve() for u in units for d in u.documents if d.path is not None
    }
    names = {iri[len(_namespace(iri)) :] for iri in missing} - {""}
    for path in sorted(folder.iterdir()):
        if path.resolve() in given or path.suffix.lower() not in rdfio.RDF_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(name in text for name in names):
            for document in read_file(path):
                index.add(f"{path}#{document.role}", document.triples)


def _with_companions(files: list[Path]) -> list[Path]:
    """`files` plus the `<role>.ttl` / `<role>.links.ttl` next to each (by the catalog's naming)."""
    found = list(files)
    for path in files:
        role, _kind = catalog.role_of_blueprint_file(path)
        for name in (f"{role}.ttl", f"{role}{catalog.LINKS_SUFFIX}.ttl"):
            companion = path.parent / name
            if companion.is_file() and companion not in found:
                found.append(companion)
    return found


def _namespace(iri: str) -> str:
    """`.../id/skill/python` -> `.../id/skill/`; `...ontology#KPI` -> `...ontology#`."""
    cut = max(iri.rfind("/", 0, len(iri) - 1), iri.rfind("#"))
    return iri[: cut + 1]


def _add_stored_companions(unit: Unit, context: ContextSource) -> None:
    """Add the role's facts or curated links from the store when the body holds only the other."""
    kinds = unit.kinds()
    for kind, graph in (
        (catalog.GraphKind.FACTS, catalog.facts_graph(unit.role)),
        (catalog.GraphKind.CURATED, catalog.curated_graph(unit.role)),
    ):
        if kind not in kinds:
            triples = context.graph(graph)  # type: ignore[attr-defined]
            if triples:
                quads = [ox.Quad(t.subject, t.predicate, t.object) for t in triples]
                unit.documents.append(Document(f"<store {graph}>", quads, None, unit.role, kind))


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
