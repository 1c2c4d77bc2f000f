"""The front door (rolegraph.api.front): direct routes answered before FastAPI's layers give
exactly what the whole stack gives, and everything else still takes the whole stack."""

from __future__ import annotations

import httpx
import pytest
from fastapi import Request
from fastapi.responses import PlainTextResponse, Response
from starlette.datastructures import MutableHeaders

from rolegraph.api.app import create_app
from rolegraph.api.direct import direct
from rolegraph.api.front import ServiceApp, _vary_origin
from rolegraph.settings import Settings
from rolegraph.store.base import Store

KPI = "/kpis/ai-engineer.p95-inference-latency"
REQUESTS = [
    ("GET", KPI, {}),
    ("GET", KPI + "/skills?limit=2&offset=1", {}),
    ("GET", KPI + "/skills", {"accept": "text/csv"}),
    ("GET", KPI + "/skills", {"accept": "application/ld+json"}),
    ("GET", KPI + "/skills", {"accept": "image/png"}),  # 406
    ("GET", "/kpis/no-such-kpi", {}),  # 404
    ("GET", "/roles?limit=-1", {}),  # 422
    ("HEAD", "/roles", {}),
    ("GET", "/roles", {"origin": "https://portal.example"}),  # CORS: the whole stack
    (
        "OPTIONS",
        "/roles",
        {"origin": "https://portal.example", "access-control-request-method": "GET"},
    ),
    ("GET", "/sparql?query=ASK%20%7B%7D", {"accept": "application/sparql-results+json"}),
    ("GET", "/healthz", {}),
    ("GET", "/openapi.json", {}),  # not direct
    ("GET", "/no/such/path", {}),
    ("DELETE", "/roles", {}),
]


async def answers(app, store: Store) -> list[tuple[int, list[tuple[str, str]], bytes]]:
    found = []
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for method, path, headers in REQUESTS:
                response = await client.request(method, path, headers=headers)
                kept = [(k, v) for k, v in response.headers.multi_items() if k != "etag"]
                found.append((response.status_code, sorted(kept), response.content))
    return found


@pytest.mark.anyio
async def test_the_front_door_answers_as_the_whole_stack_does(shipped_store: Store) -> None:
    front = create_app(Settings(sparql_workers=0, load="never"), store=shipped_store)
    stack = create_app(
        Settings(sparql_workers=0, load="never", telemetry=True), store=shipped_store
    )
    assert isinstance(front, ServiceApp) and front.direct_first and not stack.direct_first
    got, expected = await answers(front, shipped_store), await answers(stack, shipped_store)
    for request, mine, theirs in zip(REQUESTS, got, expected, strict=True):
        assert mine == theirs, request
    statuses = [status for status, _, _ in got]
    assert statuses[4:8] == [406, 404, 422, 200]
    assert ("vary", "Accept, Origin") in got[0][1]
    assert ("access-control-allow-origin", "*") in got[8][1]


def failing_app() -> ServiceApp:
    app = ServiceApp(title="test")

    @app.get("/boom")
    @direct
    async def boom(request: Request) -> Response:
        raise RuntimeError("boom")

    @app.get("/fine")
    @direct
    async def fine(request: Request) -> Response:
        return PlainTextResponse(request.app.title)

    return app


@pytest.mark.anyio
async def test_an_unhandled_error_is_a_plain_500_and_raised_for_the_server_to_log() -> None:
    transport = httpx.ASGITransport(app=failing_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        response = await client.get("/boom")
        assert (response.status_code, response.text) == (500, "Internal Server Error")
        assert (await client.get("/fine")).text == "test"  # the request sees the app
    transport = httpx.ASGITransport(app=failing_app())
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        with pytest.raises(RuntimeError, match="boom"):
            await client.get("/boom")


@pytest.mark.anyio
async def test_an_apps_500_handler_answers_unhandled_errors() -> None:
    app = failing_app()

    async def on_error(request: Request, err: Exception) -> Response:
        return PlainTextResponse(f"sorry: {err}", status_code=500)

    app.add_exception_handler(Exception, on_error)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        assert (await client.get("/boom")).text == "sorry: boom"


@pytest.mark.parametrize(
    "headers",
    [
        [],
        [(b"content-type", b"text/plain")],
        [(b"vary", b"Accept"), (b"etag", b'"x"')],
        [(b"vary", b"Accept"), (b"etag", b'"x"'), (b"vary", b"Accept-Encoding")],
    ],
)
def test_vary_origin_is_what_cors_adds(headers: list[tuple[bytes, bytes]]) -> None:
    mine = {"type": "http.response.start", "headers": list(headers)}
    _vary_origin(mine)
    theirs = {"type": "http.response.start", "headers": list(headers)}
    cors = MutableHeaders(scope=theirs)
    cors["Vary"] = ", ".join([*cors.getlist("Vary"), "Origin"])
    assert mine["headers"] == theirs["headers"]


@pytest.mark.anyio
async def test_under_a_root_path_the_front_door_answers_as_the_stack_does(
    shipped_store: Store,
) -> None:
    found = []
    for telemetry in (False, True):
        app = create_app(
            Settings(sparql_workers=0, load="never", telemetry=telemetry), store=shipped_store
        )
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, root_path="/rolegraph")
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
                response = await client.get(f"/rolegraph{KPI}/skills?limit=1")
                found.append((response.status_code, response.json()))
    assert found[0] == found[1]
    assert found[0][0] == 200
    assert found[0][1]["next"].startswith(f"/rolegraph{KPI}/skills?")
