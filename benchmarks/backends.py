"""How each backend runs one benchmark query; every runner returns the number of results, so
the benchmark can check that all backends give the same answer."""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import orjson
import pyoxigraph as ox

from benchmarks.workload import BenchQuery
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.store.formats import ResultFormat
from rolegraph.store.protocol import QueryRequest

JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"


class DirectRunner:
    """(a) the embedded store called in this process: `Store.select` / `ask` / `construct`."""

    label = "a direct"

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def __call__(self, query: BenchQuery) -> int:
        if query.form == "select":
            return len(self.store.select(query.text).rows)
        if query.form == "ask":
            self.store.ask(query.text)
            return 1
        return len(self.store.construct(query.text))


class HttpRunner:
    """(b)/(c) `/sparql` of a rolegraph service over HTTP/1.1, one keep-alive connection.

    The stdlib client (`http.client`) keeps the client's own cost small (httpx adds ~0.3 ms
    per request on the benchmark machine), so the numbers are the service's. SELECT/ASK are
    asked as SPARQL JSON results, CONSTRUCT as N-Triples; the body is read whole and its
    results counted (orjson / line count).
    """

    def __init__(
        self, label: str, base_url: str, timeout: float = 600.0, path: str = "/sparql"
    ) -> None:
        self.label = label
        self.path = path
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self.timeout = timeout
        self.connection: http.client.HTTPConnection | None = None

    def __call__(self, query: BenchQuery) -> int:
        status, body = self.post(query.text, NTRIPLES if query.form == "construct" else JSON)
        if status != 200:
            raise HttpError(status, body.decode("utf-8", "replace")[:300], self.path)
        return count_body(body, query.form)

    def post(self, text: str, accept: str) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/sparql-query", "Accept": accept}
        return self.request("POST", self.path, text.encode("utf-8"), headers)

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict | None = None
    ) -> tuple[int, bytes]:
        """(status, body) of one request on the kept-alive connection."""
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, self.timeout)
            try:
                self.connection.request(method, path, body, headers or {})
                response = self.connection.getresponse()
                return response.status, response.read()
            except (ConnectionError, http.client.HTTPException):
                self.close()  # the server closed the kept-alive connection: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


class HttpError(RuntimeError):
    def __init__(self, status: int, detail: str, path: str = "/sparql") -> None:
        super().__init__(f"{path} answered {status}: {detail}")
        self.status = status


def count_body(body: bytes, form: str) -> int:
    if form == "construct":
        return sum(1 for line in body.splitlines() if line.strip())
    data = orjson.loads(body)
    return 1 if "boolean" in data else len(data["results"]["bindings"])


def count_store_quads(store: EmbeddedStore) -> int:
    return len(store.oxigraph)


def dump_nquads(store: EmbeddedStore, path: str) -> None:
    """The whole store as N-Quads (the rdflib baseline loads exactly the same data)."""
    store.oxigraph.dump(path, format=ox.RdfFormat.N_QUADS)


class ExecuteRunner:
    """(a′) the embedded store's `execute`: the engine plus result serialization, in this
    process: exactly the work a /sparql query worker does, without HTTP and worker IPC."""

    label = "a' execute"

    def __init__(self, store: EmbeddedStore, result_limit: int | None) -> None:
        self.store = store
        self.result_limit = result_limit

    def __call__(self, query: BenchQuery) -> int:
        request = QueryRequest(
            query.text,
            tabular_format=ResultFormat.JSON,
            graph_format=ResultFormat.NTRIPLES,
            result_limit=self.result_limit,
        )
        return self.store.execute(request).count
