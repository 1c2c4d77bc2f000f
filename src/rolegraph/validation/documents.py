"""Inputs to validate: files, folders or a request body, read into per-role units.

A role is validated as a whole: its facts (`<role>.ttl`) and its curated links
(`<role>.links.ttl`) together, because half of the rules (every responsibility requires a
skill, ...) span both. So inputs are grouped by role, and a role given only in part is
completed with its companion file from the same folder. The role of a document comes from
its content (rg:describesRole, rg:aboutRole, rg:forRole), or from the catalog's file naming.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import pyoxigraph as ox

from rolegraph import catalog, rdfio
from rolegraph.catalog import GraphKind
from rolegraph.errors import InputError
from rolegraph.namespaces import GRAPH, RG

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
OWL_ONTOLOGY = "http://www.w3.org/2002/07/owl#Ontology"
SKOS_CONCEPT_SCHEME = "http://www.w3.org/2004/02/skos/core#ConceptScheme"
SHAPE_CLASSES = frozenset(
    {"http://www.w3.org/ns/shacl#NodeShape", "http://www.w3.org/ns/shacl#PropertyShape"}
)
VOCABULARY_HEADERS = frozenset(
    {"https://w3id.org/rolegraph/ontology", "https://w3id.org/rolegraph/shapes"}
)
DATA_UNIT = "<data>"
"""Key of the unit holding inputs that belong to no role."""

_ROLE_LINKS = frozenset((str(RG.describesRole), str(RG.aboutRole), str(RG.forRole)))
_FOR_ROLE = str(RG.forRole)
_DEFAULT_GRAPH = ox.DefaultGraph()
_LINK_SET = str(RG.LinkSet)
_CURATED_MARKERS = frozenset(
    str(RG[p])
    for p in (
        "requiresSkill",
        "measuresResponsibility",
        "usesTool",
        "involvesStakeholder",
        "producesDeliverable",
        "servesResponsibility",
        "toolSupportsSkill",
    )
)


@dataclass
class Document:
    """One RDF input, parsed, with its text kept to find line numbers."""

    name: str
    """The path as given, or `<body>`."""
    quads: list[ox.Quad]
    text: str | None = None
    role: str | None = None
    kind: GraphKind = GraphKind.DATA
    path: Path | None = None

    @cached_property
    def triples(self) -> list[ox.Triple]:
        """The quads as triples (computed once: the quads are not changed)."""
        return [q.triple for q in self.quads]


@dataclass
class Unit:
    """What is validated together: one role's documents in one folder, or loose inputs.

    `key` tells units apart (the role, prefixed by its folder when inputs come from
    several folders: each folder is a catalog of its own).
    """

    key: str
    documents: list[Document] = field(default_factory=list)
    role: str | None = None

    def kinds(self) -> set[GraphKind]:
        return {d.kind for d in self.documents}


def expand(paths: Iterable[Path]) -> list[Path]:
    """Files named, plus the RDF files in folders named (recursively), sorted, no duplicates."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in rdfio.RDF_SUFFIXES
            )
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such file or folder", path, hint="check the path")
    return list(dict.fromkeys(files))


def read_file(path: Path) -> list[Document]:
    """The documents in a file: one, or one per role graph of a TriG / N-Quads file."""
    quads = rdfio.parse_file(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    datasets = rdfio.format_for_path(path).supports_datasets
    return split(display_name(path), quads, text, path=path, datasets=datasets)


def display_name(path: Path) -> str:
    """The path relative to the working directory when it is inside it (as editors show it)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_bytes(data: bytes, media_type: str, name: str = "<body>") -> list[Document]:
    """The documents in a request body of the given media type."""
    rdf_format = rdfio.format_for_media_type(media_type)
    quads = rdfio.parse_bytes(data, rdf_format, source=name)
    text = data.decode("utf-8", errors="replace")
    return split(name, quads, text, datasets=rdf_format.supports_datasets)


def split(
    name: str,
    quads: list[ox.Quad],
    text: str | None,
    path: Path | None = None,
    datasets: bool = True,
) -> list[Document]:
    """One document per role graph of a quad file; a triple file is one document.

    `datasets`: the format can name graphs (False for Turtle, N-Triples: all quads are of
    the default graph)."""
    by_graph: dict[str, list[ox.Quad]]
    if not quads:
        by_graph = {}  # an empty file is no document
    elif not datasets or all(q.graph_name == _DEFAULT_GRAPH for q in quads):
        by_graph = {"": quads}  # a triple file: the quads are of the default graph already
    else:
        by_graph = defaultdict(list)
        for quad in quads:
            graph = quad.graph_name
            by_graph[graph.value if isinstance(graph, ox.NamedNode) else ""].append(
                ox.Quad(quad.subject, quad.predicate, quad.object)
            )
    documents = []
    for graph, triples in by_graph.items():
        role, kind = _role_of_graph(graph)
        if kind is None:
            content = _Content(triples)
            if content.is_vocabulary:
                continue  # the ontology, schemes or shapes: not blueprint data
            role, kind = content.role_and_kind(path)
        documents.append(Document(name, triples, text, role, kind, path))
    return documents


def group(documents: Sequence[Document], several_folders: bool | None = None) -> list[Unit]:
    """Units by folder and role (sorted), the role-less documents last."""
    if several_folders is None:
        several_folders = (
            len({d.path.parent.resolve() for d in documents if d.path is not None}) > 1
        )
    units: dict[str, Unit] = {}
    for document in documents:
        key = unit_key(document, several_folders)
        units.setdefault(key, Unit(key, role=document.role)).documents.append(document)
    return sorted(units.values(), key=lambda u: (u.role is None, u.key))


def unit_key(document: Document, several_folders: bool) -> str:
    """`ai-engineer`, or `<folder>/ai-engineer` when the inputs span several folders."""
    name = document.role or DATA_UNIT
    if several_folders and document.path is not None:
        return f"{document.path.parent.resolve()}/{name}"
    return name


def add_companions(unit: Unit) -> None:
    """Complete a role given in part with `<role>.ttl` / `<role>.links.ttl` next to its files."""
    if unit.role is None:
        return
    have = {d.path.resolve() for d in unit.documents if d.path is not None}
    folders = {d.path.parent for d in unit.documents if d.path is not None}
    kinds = unit.kinds()
    for folder in sorted(folders):
        for kind, suffix in ((GraphKind.FACTS, ".ttl"), (GraphKind.CURATED, ".links.ttl")):
            candidate = folder / f"{unit.role}{suffix}"
            if kind not in kinds and candidate.is_file() and candidate.resolve() not in have:
                unit.documents += [d for d in read_file(candidate) if d.role == unit.role]
                kinds = unit.kinds()


def role_slug(iri: str) -> str | None:
    """`.../id/role/ai-engineer` -> `ai-engineer`."""
    _head, sep, slug = iri.rpartition("/role/")
    return slug if sep and slug and "/" not in slug else None


def _role_of_graph(graph: str) -> tuple[str | None, GraphKind | None]:
    prefix = f"{GRAPH}role/"
    if not graph.startswith(prefix):
        return None, None
    rest = graph[len(prefix) :]
    for suffix, kind in (("/curated", GraphKind.CURATED), ("/inferred", GraphKind.INFERRED)):
        if rest.endswith(suffix):
            return rest[: -len(suffix)], kind
    return rest, GraphKind.FACTS


class _Content:
    """What a document's statements say about it, read in one pass: is it the ontology,
    schemes or shapes; which role it is about (the one it names most); facts or links."""

    def __init__(self, quads: list[ox.Quad]) -> None:
        self.named: Counter[str] = Counter()
        self.is_link_set = self.has_links = self.has_items = self.names_roles = False
        vocabulary = scheme = False
        for q in quads:
            predicate = q.predicate.value
            if predicate in _ROLE_LINKS:
                self.names_roles = True
                is_item = predicate == _FOR_ROLE
                self.has_items = self.has_items or is_item
                obj = q.object
                if type(obj) is ox.NamedNode:
                    slug = _role_slug(obj.value)
                    if slug:
                        self.named[slug] += 1 if is_item else 1000
            elif predicate in _CURATED_MARKERS:
                self.has_links = True
            elif predicate == RDF_TYPE:
                obj = q.object
                if type(obj) is not ox.NamedNode:
                    continue
                kind = obj.value
                if kind == OWL_ONTOLOGY and q.subject.value in VOCABULARY_HEADERS:
                    vocabulary = True
                elif kind == SKOS_CONCEPT_SCHEME:
                    scheme = True
                elif kind in SHAPE_CLASSES:
                    vocabulary = True  # a shapes file
                elif kind == _LINK_SET:
                    self.is_link_set = True
        # concept schemes are vocabulary, unless the document has blueprint items
        self.is_vocabulary = vocabulary or (scheme and not self.names_roles)

    def role_and_kind(self, path: Path | None) -> tuple[str | None, GraphKind]:
        curated = self.is_link_set or (self.has_links and not self.has_items)
        kind = GraphKind.CURATED if curated else GraphKind.FACTS
        if self.named:
            return self.named.most_common(1)[0][0], kind
        if path is not None and path.suffix == ".ttl":
            role, file_kind = catalog.role_of_blueprint_file(path)
            if file_kind is GraphKind.CURATED:
                return role, file_kind
        return None, GraphKind.DATA


@lru_cache(maxsize=4096)
def _role_slug(iri: str) -> str | None:
    return role_slug(iri)
