"""pySHACL's oxigraph data graph, patched for speed, and its term conversions.

* pySHACL's conversions between rdflib and oxigraph terms are memoized (pure functions of
  immutable terms; a role's validation asks about the same few thousand terms again and
  again);
* the data graph is never empty, so its truth value needs no COUNT of the store.
"""

from __future__ import annotations

from functools import lru_cache

import pyshacl.graph_abstraction as _pyshacl_graphs
from pyshacl.graph_abstraction import OxigraphDataGraph


def _memoize_term_conversions() -> None:
    for name in ("to_ox", "to_rdf"):
        function = getattr(_pyshacl_graphs, name, None)
        if function is not None and not hasattr(function, "cache_info"):
            setattr(_pyshacl_graphs, name, lru_cache(maxsize=50_000)(function))


_memoize_term_conversions()
to_rdf = _pyshacl_graphs.to_rdf
to_ox = _pyshacl_graphs.to_ox


class DataGraph(OxigraphDataGraph):
    """pySHACL's oxigraph data graph, without a COUNT(*) of the store per validation result.

    pySHACL writes `datagraph or shapes_graph` when it reports a result, which calls
    `len()`; on an oxigraph store that is a full count (about 3 ms each). A data graph being
    validated is never empty, so its truth value is constant.
    """

    def __bool__(self) -> bool:
        return True
