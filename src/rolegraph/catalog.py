"""What the catalog is made of: which file goes into which named graph.

One named graph per concern, so a role can be replaced or validated on its own:

=========================================  ===========================================
graph                                      content
=========================================  ===========================================
``graph:ontology``                         ontology/rolegraph.ttl (OWL TBox)
``graph:schemes``                          ontology/schemes.ttl (SKOS concept schemes)
``graph:shapes``                           shapes/*.ttl (SHACL)
``graph:role/<role>``                      ontology/blueprints/<role>.ttl (source facts)
``graph:role/<role>/curated``              ontology/blueprints/<role>.links.ttl (curated links)
``graph:role/<role>/inferred``             derived by the ontology's property chains
``graph:shared``                           concepts shared by roles (skills, tools, career-step
                                           roles, minted concepts), taken out of the blueprints
``graph:system``                           the data version (changes with every write)
=========================================  ===========================================

The store's default graph for queries is the union of all of them. A blueprint file also
declares the shared concepts it uses (so it validates on its own); the loader stores those
statements once, in ``graph:shared``, because the union default graph keeps duplicates: a
skill's label declared by 380 roles would otherwise come back 380 times.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from rolegraph import resources
from rolegraph.namespaces import GRAPH

LINKS_SUFFIX = ".links"


class GraphKind(StrEnum):
    """What a named graph holds; decides how it is loaded and validated."""

    ONTOLOGY = "ontology"
    SCHEMES = "schemes"
    SHAPES = "shapes"
    FACTS = "facts"
    CURATED = "curated"
    INFERRED = "inferred"
    DATA = "data"
    """Any other RDF file given with ``--data``."""


ONTOLOGY_GRAPH = str(GRAPH) + "ontology"
SCHEMES_GRAPH = str(GRAPH) + "schemes"
SHAPES_GRAPH = str(GRAPH) + "shapes"
SYSTEM_GRAPH = str(GRAPH) + "system"
SHARED_GRAPH = str(GRAPH) + "shared"


def facts_graph(role: str) -> str:
    """Named graph of a role's source facts."""
    return f"{GRAPH}role/{role}"


def curated_graph(role: str) -> str:
    """Named graph of a role's hand-curated links."""
    return f"{GRAPH}role/{role}/curated"


def inferred_graph(role: str) -> str:
    """Named graph of the links derived from a role's curated links."""
    return f"{GRAPH}role/{role}/inferred"


@dataclass(frozen=True)
class GraphSource:
    """One file and the named graph it is loaded into."""

    path: Path
    graph: str
    kind: GraphKind
    role: str | None = None


def role_of_blueprint_file(path: Path) -> tuple[str, GraphKind]:
    """`ai-engineer.ttl` -> ("ai-engineer", FACTS); `ai-engineer.links.ttl` -> (..., CURATED)."""
    stem = path.name.split(".")[0]
    kind = GraphKind.CURATED if path.name.endswith(LINKS_SUFFIX + path.suffix) else GraphKind.FACTS
    return stem, kind


def vocabulary_sources() -> list[GraphSource]:
    """Ontology, concept schemes and shapes: loaded whatever data is served."""
    sources = [
        GraphSource(resources.ontology_file(), ONTOLOGY_GRAPH, GraphKind.ONTOLOGY),
        GraphSource(resources.schemes_file(), SCHEMES_GRAPH, GraphKind.SCHEMES),
    ]
    sources += [
        GraphSource(p, SHAPES_GRAPH, GraphKind.SHAPES)
        for p in sorted(resources.shapes_dir().glob("*.ttl"))
    ]
    return sources


def blueprint_sources(paths: Iterable[Path]) -> list[GraphSource]:
    """Blueprint files (`<role>.ttl`, `<role>.links.ttl`) in their role graphs."""
    sources = []
    for path in sorted(paths):
        role, kind = role_of_blueprint_file(path)
        graph = curated_graph(role) if kind is GraphKind.CURATED else facts_graph(role)
        sources.append(GraphSource(path, graph, kind, role))
    return sources


def shipped_blueprint_files() -> list[Path]:
    return sorted(resources.blueprints_dir().glob("*.ttl"))


def shipped_sources() -> list[GraphSource]:
    """The whole shipped catalog: vocabulary plus every shipped blueprint."""
    return vocabulary_sources() + blueprint_sources(shipped_blueprint_files())


def data_file_sources(paths: Iterable[Path]) -> list[GraphSource]:
    """Files given with ``--data``: blueprint-named files go to role graphs, others to their own.

    A file named like a blueprint (`<role>.ttl` / `<role>.links.ttl`) is treated as one; any
    other RDF file is loaded into ``graph:file/<file name>`` (quad formats keep their graphs).
    """
    sources: list[GraphSource] = []
    for path in sorted(paths):
        if _looks_like_blueprint(path):
            sources += blueprint_sources([path])
        else:
            sources.append(GraphSource(path, f"{GRAPH}file/{path.name}", GraphKind.DATA))
    return sources


def _looks_like_blueprint(path: Path) -> bool:
    if path.suffix not in {".ttl", ".nt", ".jsonld", ".rdf", ".owl"}:
        return False
    head = path.read_text(encoding="utf-8", errors="replace")[:20000]
    return "RoleBlueprint" in head or "rolegraph/ontology#" in head
