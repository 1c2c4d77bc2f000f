"""The remote backend: any SPARQL 1.1 Query/Update server, through SPARQLWrapper.

Results come back in standard formats and are parsed by pyoxigraph, so callers get the same
pyoxigraph terms as from the embedded store. The server must use the union of its named
graphs as the default graph (`oxigraph serve --union-default-graph`, Fuseki
`tdb2:unionDefaultGraph true`, GraphDB by default). Loading goes through the Graph Store
Protocol when a GSP URL is known (one PUT per graph: much faster on Oxigraph and Fuseki),
otherwise through SPARQL Update `INSERT DATA` requests of a bounded size.
"""

from __future__ import annotations

import ast
import math
import urllib.error
from collections.abc import Sequence

import httpx
import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from rolegraph.catalog import GraphSource
from rolegraph.store.base import Answer, Bindings, QueryForms, read_answer
from rolegraph.store.bindings import bind_values
from rolegraph.store.errors import (
    QueryEvaluationError,
    QuerySyntaxError,
    QueryTimeoutError,
    ResultTooLargeError,
    StoreError,
    StoreUnavailableError,
    UnsupportedQueryError,
)
from rolegraph.store.formats import ResultFormat, ResultKind, count_results
from rolegraph.store.loading import plan_load
from rolegraph.store.protocol import QueryRequest, QueryResponse
from rolegraph.store.sparql_text import (
    dataset_clauses,
    error_position,
    has_dataset_clause,
    is_update,
    query_form,
)
from rolegraph.store.version import VERSION_QUERY, new_version, version_operations, with_version

USER_AGENT = "rolegraph (SPARQLWrapper)"
_EMPTY_GRAPH = "urn:x-rolegraph:empty"
"""A graph that never exists: the default graph of `FROM NAMED`-only queries is empty."""
UPDATE_CHUNK_BYTES = 4 * 1024 * 1024
"""Graphs are grouped into INSERT DATA requests of about this size (a graph is never split,
so its blank nodes stay one node)."""


class RemoteStore(QueryForms):
    """A SPARQL server reached over HTTP; stateless, so many API processes can share one."""

    backend = "remote"

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        gsp_url: str | None = None,
        *,
        timeout: float = 60.0,
        chunk_bytes: int = UPDATE_CHUNK_BYTES,
    ) -> None:
        self.query_url = query_url
        self.update_url = update_url or query_url
        self.gsp_url = gsp_url
        self.timeout = timeout
        self.chunk_bytes = chunk_bytes

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_url})"

    # -- HTTP ------------------------------------------------------------------------------

    def _request(
        self,
        text: str,
        *,
        accept: str | None = None,
        update: bool = False,
        default_graph: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
        timeout: float | None = None,
    ) -> tuple[bytes, str]:
        """POST a query or update; (body, content type), errors mapped to store errors."""
        wrapper = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url, agent=USER_AGENT)
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
        wrapper.setQuery(text)
        # SPARQLWrapper sniffs the operation with regexes that also match words in comments
        # ("add up", "removed"); decide with our tokenizer, which skips comments and strings.
        if update:
            wrapper.queryType = "INSERT"
        elif is_update(text):
            raise UnsupportedQueryError("an update was given where a query was expected")
        else:
            wrapper.queryType = query_form(text) or "SELECT"
        seconds = timeout or self.timeout
        wrapper.setTimeout(max(1, math.ceil(seconds)))
        if not update and not default_graph and not named_graphs and has_dataset_clause(text):
            # a union-default-graph server may ignore FROM: say it with protocol parameters
            default_graph, named_graphs = dataset_clauses(text)
            default_graph = default_graph or [_EMPTY_GRAPH]
        if accept:
            wrapper.addCustomHttpHeader("Accept", accept)
        for graph in default_graph or ():
            wrapper.addDefaultGraph(graph)
        for graph in named_graphs or ():
            wrapper.addNamedGraph(graph)
        try:
            result = wrapper.query()
            body = result.response.read()
            content_type = result.response.headers.get("Content-Type", "")
        except QueryBadFormed as err:
            message = _server_message(err)
            raise QuerySyntaxError(message, *error_position(message)) from None
        except SPARQLWrapperException as err:
            raise QueryEvaluationError(_server_message(err)) from None
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            raise StoreUnavailableError(f"{self.query_url} answered {err.code}: {detail}") from None
        except TimeoutError:
            raise QueryTimeoutError(seconds) from None
        except urllib.error.URLError as err:
            if isinstance(err.reason, TimeoutError):
                raise QueryTimeoutError(seconds) from None
            raise StoreUnavailableError(f"cannot reach {self.query_url}: {err.reason}") from None
        except OSError as err:
            raise StoreUnavailableError(f"cannot reach {self.query_url}: {err}") from None
        return body, content_type

    def _answer(
        self,
        query: str,
        bindings: Bindings | None,
        default_graph: Sequence[str] | None,
        named_graphs: Sequence[str] | None,
    ) -> Answer:
        """Fully read answers (a cut-off stream is reported here, not halfway through use)."""
        text = bind_values(query, bindings)
        form = query_form(text)
        graph = form in ("CONSTRUCT", "DESCRIBE")
        accept = ResultFormat.NTRIPLES.media_type if graph else ResultFormat.JSON.media_type
        body, _ = self._request(
            text, accept=accept, default_graph=default_graph, named_graphs=named_graphs
        )
        try:
            if graph:
                return [q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
            return read_answer(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        except (SyntaxError, ValueError) as err:
            raise _cut_off(body, self.timeout, err) from None

    # -- reading ---------------------------------------------------------------------------

    def execute(self, request: QueryRequest) -> QueryResponse:
        """Pass the request through; the server serializes, we only check the result cap."""
        accept = f"{request.tabular_format.media_type}, {request.graph_format.media_type};q=0.9"
        text, shift = request.query, 0
        if request.base_iri:
            # the service's base, not the store's: same on one line (error lines unchanged)
            prologue = f"BASE {ox.NamedNode(request.base_iri)} "
            text, shift = prologue + text, len(prologue)
        try:
            body, content_type = self._request(
                text,
                accept=accept,
                default_graph=request.default_graph_uris,
                named_graphs=request.named_graph_uris,
                timeout=request.timeout,
            )
        except QuerySyntaxError as err:
            if shift and err.line == 1 and err.column is not None:
                column = max(err.column - shift, 1)
                message = err.message.replace(f"1:{err.column}", f"1:{column}", 1)
                raise QuerySyntaxError(message, 1, column) from None
            raise
        fmt = ResultFormat.by_media_type(content_type)
        if fmt is None:
            raise QueryEvaluationError(f"the store answered with an unexpected {content_type!r}")
        try:
            count = count_results(body, fmt)
        except (SyntaxError, ValueError) as err:
            raise _cut_off(body, request.timeout or self.timeout, err) from None
        if request.result_limit is not None and count > request.result_limit:
            what = "triples" if fmt.kind is ResultKind.GRAPH else "rows"
            raise ResultTooLargeError(request.result_limit, what)
        return QueryResponse(body, fmt, count)

    def graphs(self) -> list[str]:
        result = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")
        return sorted(g.value for (g,) in result.rows if isinstance(g, ox.NamedNode))

    def data_version(self) -> str:
        rows = self.select(VERSION_QUERY).rows
        return rows[0][0].value if rows else ""

    def _fetch_graph(self, iri: str) -> list[ox.Triple] | None:
        graph = ox.NamedNode(iri)
        if not self.ask("ASK WHERE { GRAPH ?g { } }", {"g": graph}):
            return None
        return self.construct(
            "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": graph}
        )

    # -- writing ---------------------------------------------------------------------------

    def update(self, text: str) -> None:
        self._request(with_version(text, new_version()), update=True)

    def replace_graph(self, graph_iri: str, quads: Sequence[ox.Quad | ox.Triple]) -> None:
        """One update request (one transaction on Oxigraph): drop, insert, new version."""
        triples = [q.triple if isinstance(q, ox.Quad) else q for q in quads]
        self.update(_replace_operations({graph_iri: triples}))

    def load(self, sources: Sequence[GraphSource]) -> None:
        graphs = plan_load(sources, self._fetch_graph)
        if self.gsp_url:
            self._load_gsp(graphs)
            self._request(version_operations(new_version()), update=True)
            return
        batches: list[dict[str, list[ox.Triple]]] = [{}]
        size = 0
        for iri, triples in graphs.items():
            estimate = sum(len(str(t)) for t in triples[:50]) * max(len(triples) / 50, 1)
            if batches[-1] and size + estimate > self.chunk_bytes:
                batches.append({})
                size = 0
            batches[-1][iri] = triples
            size += estimate
        for batch in batches[:-1]:
            self._request(_replace_operations(batch), update=True)
        self.update(_replace_operations(batches[-1]))

    def _load_gsp(self, graphs: dict[str, list[ox.Triple]]) -> None:
        """PUT each graph (replaces it) with the Graph Store HTTP Protocol."""
        assert self.gsp_url is not None
        with httpx.Client(timeout=self.timeout, headers={"User-Agent": USER_AGENT}) as client:
            for iri, triples in graphs.items():
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
                try:
                    response = client.put(
                        self.gsp_url,
                        params={"graph": iri},
                        content=body,
                        headers={"Content-Type": "application/n-triples"},
                    )
                except httpx.HTTPError as err:
                    raise StoreUnavailableError(f"cannot reach {self.gsp_url}: {err}") from None
                if response.status_code >= 400:
                    raise StoreUnavailableError(
                        f"{self.gsp_url} refused graph {iri}: "
                        f"{response.status_code} {response.text.strip()}"
                    )

    def close(self) -> None:
        """Nothing held open between requests."""


def _replace_operations(graphs: dict[str, list[ox.Triple]]) -> str:
    """`DROP SILENT GRAPH` each graph, then one INSERT DATA with all their triples.

    Terms are written by pyoxigraph's N-Triples serializer (valid SPARQL); one INSERT DATA
    operation keeps each blank node label one node.
    """
    drops = " ;\n".join(f"DROP SILENT GRAPH {ox.NamedNode(iri)}" for iri in graphs)
    blocks = []
    for iri, triples in graphs.items():
        if triples:
            body = (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")
            blocks.append(f"GRAPH {ox.NamedNode(iri)} {{\n{body}}}")
    if not blocks:
        return drops
    return f"{drops} ;\nINSERT DATA {{\n" + "\n".join(blocks) + "\n}"


def _cut_off(body: bytes, timeout: float, err: Exception) -> StoreError:
    """A streamed answer that ends in an error message (the status was already 200).

    Oxigraph streams results and, when its own `--timeout-s` strikes, ends the body with
    "The SPARQL operation has been cancelled".
    """
    tail = body[-300:].decode("utf-8", "replace")
    if "cancelled" in tail.lower() or "timeout" in tail.lower():
        return QueryTimeoutError(timeout, "the store stopped the query at its own time limit")
    return QueryEvaluationError(f"the store's answer is unreadable ({err}); it ends with: {tail}")


def _server_message(err: SPARQLWrapperException) -> str:
    """The server's own words from a SPARQLWrapper exception (it keeps them only in the text)."""
    text = str(err)
    marker = "Response:\n"
    if marker in text:
        raw = text.split(marker, 1)[1]
        try:
            value = ast.literal_eval(raw)
        except (ValueError, SyntaxError):
            return raw.strip()
        if isinstance(value, bytes):
            return value.decode("utf-8", "replace").strip()
        return str(value).strip()
    return text
