"""`/healthz`: is the store reachable, which data version is served, how are the workers."""

from __future__ import annotations

import asyncio

import orjson
from fastapi import APIRouter, Request
from fastapi.responses import Response

from rolegraph.api.direct import direct
from rolegraph.store.errors import StoreError

router = APIRouter(tags=["Service"])


@router.get(
    "/healthz",
    summary="Health check",
    responses={503: {"description": "The store cannot be reached."}},
)
@direct
async def healthz(request: Request) -> Response:
    """200 with the data version when the store answers; 503 otherwise (for probes)."""
    store = request.app.state.store
    runner = request.app.state.runner
    body: dict[str, object] = {"store": store.backend, "sparql_workers": runner.stats()}
    try:
        body["data_version"] = await asyncio.to_thread(store.data_version)
    except StoreError as err:
        body.update(status="unavailable", detail=str(err))
        return Response(orjson.dumps(body), 503, media_type="application/json")
    body["status"] = "ok"
    return Response(orjson.dumps(body), media_type="application/json")
