"""Running the shipped shapes over one data graph: the compiled engine, or pySHACL itself.

Two engines give the same results (tests/validation/test_compiled.py compares them):

  * "compiled" (the default): the shapes pySHACL harvested, compiled into Python checks
    over dictionaries of the data (compiled.py, dataview.py); the SPARQL parts (SPARQL
    targets, SHACL-SPARQL constraints) are still run by pySHACL's own code on a pyoxigraph
    store. About 15 ms for a role, where pySHACL takes about 100 ms.
  * "pyshacl": pySHACL's Validator on a pyoxigraph store (the reference, and what runs when
    the shapes use SHACL rules or functions). Set ROLEGRAPH_SHACL_ENGINE=pyshacl to use it.

Both read the shapes once per thread, run with inference "none" (what the shapes need from
the ontology is in the data graph already, see context.py) and in advanced mode (SPARQL
targets).
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable

import pyoxigraph as ox
from pyshacl import Validator

from rolegraph.validation.compiled import CompiledShapes
from rolegraph.validation.dataview import DataView
from rolegraph.validation.pyshacl_graph import DataGraph
from rolegraph.validation.results import SH, RawResult, from_report_graph
from rolegraph.validation.shapes import harvested, logger, shapes_graph

ENGINES = ("compiled", "pyshacl")
ENGINE_VARIABLE = "ROLEGRAPH_SHACL_ENGINE"
_local = threading.local()

__all__ = ["ENGINES", "SH", "shapes_graph", "validate_quads", "validate_triples", "warm_up"]


def default_engine() -> str:
    """The engine ROLEGRAPH_SHACL_ENGINE names, else "compiled"."""
    name = os.environ.get(ENGINE_VARIABLE, "compiled").strip().lower() or "compiled"
    if name not in ENGINES:
        raise ValueError(f"{ENGINE_VARIABLE}={name!r}: use one of {', '.join(ENGINES)}")
    return name


def compiled() -> CompiledShapes:
    """This thread's compiled shapes."""
    shapes = getattr(_local, "compiled", None)
    if shapes is None:
        shapes = _local.compiled = CompiledShapes(harvested())
    return shapes


def warm_up() -> None:
    """Parse, harvest and compile the shapes now (before forking workers, which inherit them)."""
    compiled()


def validate_quads(
    quads: Iterable[ox.Quad], *, engine: str | None = None
) -> tuple[list[RawResult], ox.Store]:
    """The results for `quads` (all in the default graph), and a store holding them."""
    engine = engine or default_engine()
    if engine not in ENGINES:
        raise ValueError(f"unknown validation engine {engine!r}: use one of {', '.join(ENGINES)}")
    shapes = compiled()
    view = DataView(quads)
    if engine == "compiled" and shapes.supported:
        return shapes.validate(view), view.store
    return validate_store(view.store), view.store


def validate_triples(
    triples: Iterable[ox.Triple], *, engine: str | None = None
) -> tuple[list[RawResult], ox.Store]:
    """`validate_quads` of triples."""
    return validate_quads(
        (ox.Quad(t.subject, t.predicate, t.object) for t in triples), engine=engine
    )


def validate_store(store: ox.Store) -> list[RawResult]:
    """pySHACL's results for the default graph of `store`."""
    shapes = harvested()
    validator = Validator(
        DataGraph(store),
        shacl_graph=shapes.graph,
        options={
            "inference": "none",
            "advanced": True,  # SPARQL targets (SHACL Advanced Features)
            "inplace": True,
            "logger": logger(),
        },
    )
    validator.shacl_graph = shapes  # reuse the harvested shapes
    _conforms, report, _text = validator.run()
    return from_report_graph(report)
