"""The shipped shapes, parsed once per process, and pySHACL's view of them once per thread."""

from __future__ import annotations

import logging
import threading
from functools import cache

import rdflib
from pyshacl.shapes_graph import ShapesGraph

from rolegraph import resources

_log = logging.getLogger("rolegraph.validation.pyshacl")
_log.setLevel(logging.ERROR)
_local = threading.local()


def logger() -> logging.Logger:
    """pySHACL's logger for our runs (errors only)."""
    return _log


@cache
def shapes_graph() -> rdflib.Graph:
    """All shipped shapes (shapes/*.ttl) in one rdflib graph, parsed once per process."""
    graph = rdflib.Graph()
    for path in sorted(resources.shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def harvested() -> ShapesGraph:
    """This thread's pySHACL view of the shapes (pySHACL objects are not shared across threads)."""
    shapes = getattr(_local, "shapes", None)
    if shapes is None:
        shapes = harvest(shapes_graph())
        _local.shapes = shapes
    return shapes


def harvest(graph: rdflib.Graph) -> ShapesGraph:
    """pySHACL's ShapesGraph of a copy of `graph`, its shapes harvested, in advanced mode."""
    copy = rdflib.Graph()
    for prefix, namespace in graph.namespaces():
        copy.bind(prefix, namespace, override=True, replace=True)
    for triple in graph:
        copy.add(triple)
    shapes = ShapesGraph(copy, logger=_log)
    for shape in shapes.shapes:  # the getter harvests
        shape.set_advanced(True)  # SPARQL targets (SHACL Advanced Features)
    return shapes
