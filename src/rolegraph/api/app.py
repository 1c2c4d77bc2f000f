"""The FastAPI application factory: `create_app(settings)`.

The lifespan opens the store (loading the catalog into a store that has none), starts the
/sparql query runner, and stops both on shutdown. Routers come from modules listed in
`ROUTER_MODULES`; a new API area is one module with a `router` and one line here.

Run with ``rolegraph serve`` or ``uvicorn --factory rolegraph.api.app:create_app``.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute

from rolegraph import __version__
from rolegraph.api.direct import DirectRoutes
from rolegraph.api.front import TELEMETRY_OFF, ServiceApp
from rolegraph.api.problems import install_problem_handlers
from rolegraph.settings import Settings
from rolegraph.store import open_store
from rolegraph.store.base import Store
from rolegraph.store.runner import make_runner
from rolegraph.store.startup import ensure_loaded

log = logging.getLogger("rolegraph.api")

ROUTER_MODULES: tuple[str, ...] = (
    "rolegraph.api.sparql",
    "rolegraph.api.health",
    "rolegraph.api.validate",
    "rolegraph.api.examples",
    "rolegraph.api.vocabulary",
    "rolegraph.api.portal",
)
"""Modules whose `router` (a FastAPI APIRouter) gives the app routes and start-up work, in order."""


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The rolegraph service for `settings` (default: from the environment).

    Pass `store` to serve an already opened and loaded store (tests, benchmarks); the app
    then neither loads nor closes it.
    """
    settings = settings if settings is not None else Settings.from_env()
    routers: list[APIRouter] = [importlib.import_module(m).router for m in ROUTER_MODULES]

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        the_store = (
            store if store is not None else await asyncio.to_thread(open_store, settings.store)
        )
        try:
            if owned:
                await asyncio.to_thread(ensure_loaded, the_store, settings.sources(), settings.load)
            runner = make_runner(
                the_store,
                settings.sparql_workers,
                settings.query_timeout,
                settings.inline_below_ms / 1000,
            )
            await runner.start()
            app.state.store = the_store
            app.state.runner = runner
            log.info("serving %r", the_store)
            try:
                async with contextlib.AsyncExitStack() as areas:
                    for router in routers:  # each API area's own start-up work
                        await areas.enter_async_context(router.lifespan_context(app))
                    yield
            finally:
                await runner.close()
        finally:
            if owned:
                the_store.close()

    app = ServiceApp(
        direct_first=not settings.telemetry,
        telemetry=None if settings.telemetry else TELEMETRY_OFF,
        title="rolegraph",
        version=__version__,
        description="Job-role blueprints as a knowledge graph: SPARQL endpoint and portal API.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.add_middleware(DirectRoutes, fastapi_app=app)  # inside CORS: its answers get CORS too
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["ETag", "Link", "Content-Type", "Location"],
        max_age=3600,
    )
    install_problem_handlers(app)
    for router in routers:
        add_routes(app, router)
    return app


def add_routes(app: FastAPI, router: APIRouter) -> None:
    """The router's routes as the app's own (they use no prefix, dependencies or overrides;
    the app's lifespan enters the router's).

    FastAPI matches an included router's routes through a wrapper per route; about 60 portal
    routes made matching cost up to 0.15 ms per request, half of it that wrapper.
    """
    for route in router.routes:
        if not isinstance(route, APIRoute):
            raise TypeError(f"{route!r}: only API routes can be added")
        app.router.routes.append(route)
