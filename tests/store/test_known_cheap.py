"""Which queries count as the same for the known-cheap memory, and its bound."""

from __future__ import annotations

from dataclasses import replace

from rolegraph.store.formats import ResultFormat
from rolegraph.store.known_cheap import KnownCheap, request_key
from rolegraph.store.protocol import QueryRequest

BASE = QueryRequest("SELECT * WHERE { ?s ?p ?o } LIMIT 1", timeout=5.0)


def test_everything_but_the_time_limit_tells_requests_apart() -> None:
    assert request_key(replace(BASE, timeout=99.0)) == request_key(BASE)
    variants = [
        replace(BASE, query=BASE.query + " "),
        replace(BASE, default_graph_uris=("http://x/g",)),
        replace(BASE, named_graph_uris=("http://x/g",)),
        replace(BASE, default_graph_uris=("http://x/a", "http://x/b")),
        replace(BASE, default_graph_uris=("http://x/a",), named_graph_uris=("http://x/b",)),
        replace(BASE, tabular_format=ResultFormat.CSV),
        replace(BASE, graph_format=ResultFormat.NTRIPLES),
        replace(BASE, base_iri="http://x/"),
        replace(BASE, result_limit=10),
        replace(BASE, prefixes={"ex": "http://x/"}),
    ]
    keys = {request_key(v) for v in variants} | {request_key(BASE)}
    assert len(keys) == len(variants) + 1


def test_the_memory_keeps_the_most_recently_used() -> None:
    known = KnownCheap(entries=2)
    a, b, c = ((request_key(replace(BASE, query=q)), "v1") for q in ("a", "b", "c"))
    known.remember(a)
    known.remember(b)
    assert a in known  # used: b is now the oldest
    known.remember(c)
    assert a in known and c in known and b not in known
    assert (a[0], "v2") not in known  # another data version is not known
    known.forget(a)
    assert a not in known and len(known) == 1
