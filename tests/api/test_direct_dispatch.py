"""Direct dispatch (rolegraph.api.direct) routes exactly as FastAPI would, only faster."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import PlainTextResponse, Response

from rolegraph.api.direct import DirectRoutes, direct


class Refused(Exception):
    pass


class Gone(Exception):
    pass


def make_app() -> tuple[FastAPI, list[str]]:
    """Routes answering with their own name; `seen` records which endpoints ran."""
    app = FastAPI()
    seen: list[str] = []

    @app.get("/items/special")
    async def special() -> Response:  # not direct, and before the pattern that also matches
        seen.append("special")
        return PlainTextResponse("special")

    @app.get("/items/{item}")
    @direct
    async def item(request: Request) -> Response:
        seen.append("item")
        return PlainTextResponse(f"item {request.path_params['item']}")

    @app.post("/items/{item}")
    async def post_item(item: str) -> Response:
        seen.append("post_item")
        return PlainTextResponse(f"posted {item}")

    @app.get("/numbers/{n:int}")
    @direct
    async def number(request: Request) -> Response:
        seen.append("number via FastAPI" if "endpoint" in request.scope else "number")
        return PlainTextResponse(repr(request.path_params["n"]))

    @app.get("/refused")
    @direct
    async def refused(request: Request) -> Response:
        raise Refused

    @app.get("/gone")
    @direct
    async def gone(request: Request) -> Response:
        raise Gone

    @app.get("/forbidden")
    @direct
    async def forbidden(request: Request) -> Response:
        raise HTTPException(403, "no")

    async def on_refused(request: Request, err: Exception) -> Response:
        return PlainTextResponse("handled", status_code=409)

    async def on_403(request: Request, err: Exception) -> Response:
        return PlainTextResponse("handled 403", status_code=403)

    def on_gone(request: Request, err: Exception) -> Response:  # a plain function
        return PlainTextResponse("handled gone", status_code=410)

    app.add_exception_handler(Refused, on_refused)
    app.add_exception_handler(Gone, on_gone)
    app.add_exception_handler(403, on_403)
    app.add_middleware(DirectRoutes, fastapi_app=app)
    return app, seen


async def get(app: FastAPI, method: str, path: str, root_path: str = "") -> httpx.Response:
    transport = httpx.ASGITransport(app=app, root_path=root_path)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
        return await client.request(method, path)


@pytest.mark.anyio
async def test_a_direct_route_is_answered_with_its_converted_path_parameters() -> None:
    app, seen = make_app()
    response = await get(app, "GET", "/numbers/42")
    assert (response.status_code, response.text, seen) == (200, "42", ["number"])


@pytest.mark.anyio
async def test_an_earlier_route_that_matches_wins_as_in_fastapi() -> None:
    app, seen = make_app()
    assert (await get(app, "GET", "/items/special")).text == "special"
    assert (await get(app, "GET", "/items/other")).text == "item other"
    assert seen == ["special", "item"]


@pytest.mark.anyio
async def test_other_methods_and_unmatched_paths_go_to_fastapi() -> None:
    app, seen = make_app()
    assert (await get(app, "POST", "/items/a")).text == "posted a"
    assert (await get(app, "DELETE", "/items/a")).status_code == 405
    assert (await get(app, "GET", "/numbers/not-a-number")).status_code == 404
    assert (await get(app, "GET", "/nowhere")).status_code == 404
    assert seen == ["post_item"]


@pytest.mark.anyio
async def test_head_of_a_direct_get_route_is_its_headers_without_the_body() -> None:
    app, seen = make_app()
    get_response = await get(app, "GET", "/numbers/42")
    head_response = await get(app, "HEAD", "/numbers/42")
    assert head_response.status_code == 200
    assert head_response.content == b""
    assert head_response.headers["content-length"] == get_response.headers["content-length"] == "2"
    assert seen == ["number", "number"]


@pytest.mark.anyio
async def test_exceptions_go_to_the_apps_handlers() -> None:
    app, _ = make_app()
    refused = await get(app, "GET", "/refused")
    assert (refused.status_code, refused.text) == (409, "handled")
    gone = await get(app, "GET", "/gone")
    assert (gone.status_code, gone.text) == (410, "handled gone")
    forbidden = await get(app, "GET", "/forbidden")
    assert (forbidden.status_code, forbidden.text) == (403, "handled 403")


@pytest.mark.anyio
async def test_the_root_path_is_not_part_of_the_route() -> None:
    app, seen = make_app()
    response = await get(app, "GET", "/api/numbers/7", root_path="/api")
    assert (response.status_code, response.text, seen) == (200, "7", ["number"])


@pytest.mark.anyio
async def test_a_route_added_after_the_first_request_is_found() -> None:
    app, seen = make_app()
    assert (await get(app, "GET", "/later")).status_code == 404

    @app.get("/later")
    @direct
    async def later(request: Request) -> Response:
        seen.append("by FastAPI" if "endpoint" in request.scope else "direct")
        return PlainTextResponse("later")

    assert (await get(app, "GET", "/later")).text == "later"
    assert seen == ["direct"]


def test_an_endpoint_with_other_required_parameters_cannot_be_direct() -> None:
    async def needs_more(request: Request, item: str) -> Response:
        raise AssertionError

    with pytest.raises(TypeError, match="only the request"):
        direct(needs_more)
