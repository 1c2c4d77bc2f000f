"""One portal request, start to end: negotiate, bind, check the cache, query, shape, write.

Every question goes through `answer`: parameters are parsed into RDF terms (422 on a bad
value), the ETag is computed from the data version *before* any query runs (so a matching
If-None-Match costs no query), cached bytes are reused when the data has not changed, and
only then is the question's query run.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from fastapi import Request
from fastapi.responses import Response

from rolegraph.api.portal.engine import Portal, Question, portal_of
from rolegraph.api.portal.formats import Representation, choose, dumps
from rolegraph.api.portal.http_cache import CACHE_CONTROL, CachedResponse, make_etag, matches
from rolegraph.api.portal.jsonld import CONTEXT_PATH
from rolegraph.api.portal.pagination import PAGE_PARAMS, paginate_counted, parse_page
from rolegraph.api.problems import NotAcceptable, NotFound, Problem, invalid, store_error_response
from rolegraph.api.request_parts import header, query_params, request_path
from rolegraph.queries import InvalidParameter, QuerySpec
from rolegraph.store.errors import StoreError

Validate = Callable[[dict[str, str]], Any]
"""Checks a request's parameters before anything else (422); returns what `Body` needs."""
Body = Callable[[Portal, Any, Representation, str], Awaitable[tuple[bytes, dict]]]
"""Builds (body, extra headers) from the validated parameters; raises Problem."""


@dataclass
class Hints:
    """Where valid ids of each kind are listed (for 404 details)."""

    listing: dict[str, str] = field(default_factory=dict)

    def for_kind(self, kind: str | None) -> str:
        where = self.listing.get(kind or "")
        search = f"GET /search?q=...&type={kind}" if kind else "GET /search?q=..."
        return f"{where} lists valid ones, {search} finds them" if where else f"{search} finds them"


HINTS = Hints()


def collect(
    spec: QuerySpec, path_params: Mapping[str, str], query: Any, kept: Sequence[str] = ()
) -> dict[str, str]:
    """The declared parameters of a request (path and query) and those of `kept` that are
    given, each given at most once (paging parameters too)."""
    given: dict[str, list[str]] = {}
    for name, value in query.multi_items():
        given.setdefault(name, []).append(value)
    for name in (*[p.name for p in spec.params], *PAGE_PARAMS, *kept):
        if len(given.get(name, ())) > 1:
            raise invalid(name, "is given more than once; give it once", ", ".join(given[name]))
    values: dict[str, str] = {}
    for param in spec.params:
        if param.name in path_params:
            values[param.name] = path_params[param.name]
        elif param.name in given:
            values[param.name] = given[param.name][0]
    for name in kept:
        if name in given:
            values[name] = given[name][0]
    return values


def bind(spec: QuerySpec, values: Mapping[str, str]) -> dict[str, Any]:
    try:
        return spec.bind(values)
    except InvalidParameter as err:
        raise _problem(spec, err) from None


def _problem(spec: QuerySpec, err: InvalidParameter) -> Problem:
    param = next((p for p in spec.params if p.name == err.name), None)
    example = f"; for example {param.example!r}" if param is not None and param.example else ""
    return invalid(err.name, err.reason + example, err.value or None)


def request_key(path: str, values: Mapping[str, str], rep: Representation) -> str:
    """What identifies a response: representation, path and the parameters that matter."""
    query = "&".join(f"{k}={v}" for k, v in sorted(values.items()))
    return f"{rep.value}\n{path}\n{query}"


async def answer(request: Request, question: Question) -> Response:
    """Respond to a request for `question` (a list or one object)."""
    spec = question.spec
    instance = request_path(request)

    def validate(values: dict[str, str]) -> tuple[dict[str, str], Any, Any]:
        page = parse_page(values) if question.is_list else None
        declared = {k: v for k, v in values.items() if k not in PAGE_PARAMS}
        return declared, bind(spec, declared), page

    async def body(
        portal: Portal, prepared: tuple[dict[str, str], Any, Any], rep: Representation, version: str
    ) -> tuple[bytes, dict]:
        values, bound, page = prepared
        if page is None:
            objects = await portal.objects(question, bound, rep.mode, version)
            total = len(objects)
        else:
            objects, total = await portal.window(
                question, bound, rep.mode, version, page.offset, page.limit
            )
        if not total or len(question.id_params) > 1:
            # one id: an answer proves it exists; with several, any of them may not
            await _check_exists(portal, question, bound, values)
        if not objects and not question.is_list:
            raise NotFound(f"{spec.summary}: nothing found for {_describe(values)}")
        if page is None:
            document = (
                question.linked.node(objects[0]) if rep is Representation.JSONLD else objects[0]
            )
            if rep is Representation.JSONLD:
                document = {"@context": CONTEXT_PATH, **document}
            return dumps(document), {}
        sliced = paginate_counted(
            objects, total, page, instance, query_params(request).multi_items()
        )
        headers = {"X-Total-Count": str(sliced.total)}
        link = sliced.link_header()
        if link:
            headers["Link"] = link
        if rep is Representation.CSV:
            return question.csv.write(sliced.items), headers
        envelope = sliced.envelope()
        if rep is Representation.JSONLD:
            envelope["items"] = [question.linked.node(o) for o in sliced.items]
            url = instance + (f"?{request.url.query}" if request.url.query else "")
            envelope = {
                "@context": CONTEXT_PATH,
                "@id": url,
                "@type": "hydra:Collection",
                **envelope,
            }
        return dumps(envelope), headers

    page_params = PAGE_PARAMS if question.is_list else ()
    return await respond(request, spec, question.is_list, validate, body, page_params)


async def respond(
    request: Request,
    spec: QuerySpec,
    is_list: bool,
    validate: Validate,
    body: Body,
    page_params: Sequence[str] = (),
    extra: Sequence[str] = (),
) -> Response:
    """The HTTP side shared by every portal resource: negotiation, conditional requests,
    the response cache and errors as problem details."""
    instance = request_path(request)
    try:
        rep = choose(header(request, b"accept"), is_list)
        if rep is None:
            offered = "application/json, application/ld+json" + (", text/csv" if is_list else "")
            raise NotAcceptable(f"this resource is available as {offered}")
        values = collect(spec, request.path_params, query_params(request), (*page_params, *extra))
        prepared = validate(values)
        portal = portal_of(request.app)
        version = await portal.version()
        key = request_key(instance, values, rep)
        etag = make_etag(version, key)
        headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": "Accept"}
        if matches(header(request, b"if-none-match"), etag):
            return Response(status_code=304, headers=headers)
        cached = portal.responses.get(version, key)
        if cached is None:
            content, extra_headers = await body(portal, prepared, rep, version)
            cached = CachedResponse(content, rep.content_type, tuple(extra_headers.items()))
            portal.responses.put(version, key, cached)
        headers.update(cached.headers)
        return Response(cached.body, headers=headers, media_type=cached.media_type)
    except Problem as problem:
        return problem.response(instance)
    except StoreError as err:
        return store_error_response(err)


async def _check_exists(
    portal: Portal, question: Question, bound: Mapping[str, Any], values: Mapping[str, str]
) -> None:
    """404 when an id parameter names nothing the store knows (an empty answer otherwise)."""
    missing = await portal.missing_ids(question, bound)
    if not missing:
        return
    spec = question.spec
    var = missing[0]
    param = next(p for p in spec.params if p.var == var)
    raise NotFound(
        f"no {param.kind} with id {values.get(param.name)!r}; {HINTS.for_kind(param.kind)}",
        parameter=param.name,
    )


def _describe(values: Mapping[str, str]) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in values.items() if k not in PAGE_PARAMS) or "it"
