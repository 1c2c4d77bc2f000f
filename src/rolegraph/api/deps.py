"""What route modules get from the app: the store, the settings, the /sparql query runner.

Other routers (portal API, /validate) use these as FastAPI dependencies::

    @router.get("/roles")
    async def roles(store: Store = Depends(get_store)) -> ...
"""

from __future__ import annotations

from fastapi import Request

from rolegraph.settings import Settings
from rolegraph.store.base import Store
from rolegraph.store.runner import QueryRunner


def get_store(request: Request) -> Store:
    """The store opened by the app's lifespan."""
    return request.app.state.store


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_runner(request: Request) -> QueryRunner:
    """Runs /sparql protocol queries (worker pool for the embedded store)."""
    return request.app.state.runner
