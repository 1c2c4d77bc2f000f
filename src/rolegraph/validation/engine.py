"""Running pySHACL: the shipped shapes over one data graph, fast enough to run per role.

Choices that make a role validate in about a tenth of a second (rdflib-backed pySHACL
took 6 s for the same graph):
  * the data graph is a pyoxigraph Store (pySHACL 0.40 reads it natively), so the SPARQL
    parts (per-role rules, SPARQL targets) run in oxigraph rather than rdflib's engine, and
    no rdflib graph is built per run;
  * the shapes are parsed and harvested once per thread and reused;
  * inference "none": what the shapes need from the ontology (subclasses) is in the data
    graph already (see context.py);
  * pySHACL's conversions between rdflib and oxigraph terms are memoized (a fifth of the
    time went into converting the same terms again and again).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import cache, lru_cache

import pyoxigraph as ox
import pyshacl.graph_abstraction as _pyshacl_graphs
import rdflib
from pyshacl import Validator
from pyshacl.graph_abstraction import OxigraphDataGraph
from pyshacl.shapes_graph import ShapesGraph

from rolegraph import resources

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SHAPES_NS = "https://w3id.org/rolegraph/shapes#"

_log = logging.getLogger("rolegraph.validation.pyshacl")
_log.setLevel(logging.ERROR)
_local = threading.local()


def _memoize_term_conversions() -> None:
    """Cache pySHACL's rdflib <-> oxigraph term conversions (pure functions of immutable terms).

    The oxigraph data graph converts every term it is asked about and every term it returns;
    a role's validation asks about the same few thousand terms over and over.
    """
    for name in ("to_ox", "to_rdf"):
        function = getattr(_pyshacl_graphs, name, None)
        if function is not None and not hasattr(function, "cache_info"):
            setattr(_pyshacl_graphs, name, lru_cache(maxsize=50_000)(function))


_memoize_term_conversions()


class _DataGraph(OxigraphDataGraph):
    """pySHACL's oxigraph data graph, without a COUNT(*) of the store per validation result.

    pySHACL writes `datagraph or shapes_graph` when it reports a result, which calls
    `len()`; on an oxigraph store that is a full count (about 3 ms each). A data graph being
    validated is never empty, so its truth value is constant.
    """

    def __bool__(self) -> bool:
        return True


@cache
def shapes_graph() -> rdflib.Graph:
    """All shipped shapes (shapes/*.ttl) in one rdflib graph, parsed once per process."""
    graph = rdflib.Graph()
    for path in sorted(resources.shapes_dir().glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def _harvested() -> ShapesGraph:
    """This thread's pySHACL view of the shapes (pySHACL objects are not shared across threads)."""
    harvested = getattr(_local, "shapes", None)
    if harvested is None:
        graph = rdflib.Graph()
        for triple in shapes_graph():
            graph.add(triple)
        harvested = ShapesGraph(graph, logger=_log)
        _local.shapes = harvested
    return harvested


def warm_up() -> None:
    """Parse and harvest the shapes now (before forking workers, which then inherit them)."""
    _harvested()


def validate_triples(triples: Iterable[ox.Triple | ox.Quad]) -> tuple[rdflib.Graph, ox.Store]:
    """pySHACL's report graph for `triples` (all merged into one default graph), and the store."""
    store = ox.Store()
    store.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)
    return validate_store(store), store


def validate_store(store: ox.Store) -> rdflib.Graph:
    """pySHACL's report graph for the default graph of `store`."""
    shapes = _harvested()
    validator = Validator(
        _DataGraph(store),
        shacl_graph=shapes.graph,
        options={
            "inference": "none",
            "advanced": True,  # SPARQL targets (SHACL Advanced Features)
            "inplace": True,
            "logger": _log,
        },
    )
    validator.shacl_graph = shapes  # reuse the harvested shapes
    _conforms, report, _text = validator.run()
    return report
