"""Queries known to be cheap: those a worker has answered quickly on the same data.

Sending a query to a worker process costs 0.2–0.5 ms (pickles, pipes, waking a process),
as much as a small query itself. The guard against runaway queries is needed for queries
nobody has seen run; a query that a worker answered in under a couple of milliseconds
costs the same the next time it runs on the same data (same text, same dataset, same
format: the engine does the same work). Such repeats — dashboards, notebooks re-running a
cell, BI tools polling — are evaluated in the API process instead.

A data version is part of every key: after a write nothing is known until a worker has
run it again. A query calling SERVICE is never remembered: its cost is another server's.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Hashable

from rolegraph.store.protocol import QueryRequest

DEFAULT_ENTRIES = 4096


def request_key(request: QueryRequest) -> Hashable:
    """What determines a query's work and answer (everything but its time limit), as a
    digest: the memory of the known queries stays small whatever their length."""
    parts = [
        request.query,
        *request.default_graph_uris,
        "\x01",
        *request.named_graph_uris,
        "\x01",
        request.tabular_format.name,
        request.graph_format.name,
        request.base_iri or "",
        str(request.result_limit),
        *(f"{prefix}={iri}" for prefix, iri in sorted(request.prefixes.items())),
    ]
    return hashlib.blake2b("\x00".join(parts).encode(), digest_size=16).digest()


class KnownCheap:
    """The most recently seen cheap queries (a bounded LRU of request keys per version)."""

    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._known: OrderedDict[tuple[Hashable, str], None] = OrderedDict()

    def __contains__(self, key: tuple[Hashable, str]) -> bool:
        if key not in self._known:
            return False
        self._known.move_to_end(key)
        return True

    def remember(self, key: tuple[Hashable, str]) -> None:
        self._known[key] = None
        self._known.move_to_end(key)
        while len(self._known) > self.entries:
            self._known.popitem(last=False)

    def forget(self, key: tuple[Hashable, str]) -> None:
        self._known.pop(key, None)

    def __len__(self) -> int:
        return len(self._known)
