"""The portal API: curated questions as documented REST resources (JSON, JSON-LD, CSV).

Every `queries/api/*.rq` file with a `route:` header is one endpoint (`routes.py`); the
whole blueprint of a role is composed from the per-section questions (`blueprint.py`);
`/search` is a full-text index of every label and description (`search.py`). Responses are
cached and validated by the store's data version (`http_cache.py`).
"""

from __future__ import annotations

from rolegraph.api.portal.blueprint import add_blueprint_route
from rolegraph.api.portal.routes import build_router
from rolegraph.api.portal.search import add_search_route
from rolegraph.queries import load_catalog

CATALOG = load_catalog(groups=["api"])
router, questions = build_router(CATALOG.group("api"))
add_blueprint_route(router, questions)
add_search_route(router)

__all__ = ["CATALOG", "questions", "router"]
