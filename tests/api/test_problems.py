"""Every error of the service is an RFC 9457 problem, whichever part of the app raised it."""

from __future__ import annotations

import pytest

from rolegraph.api.app import create_app
from rolegraph.store.embedded import EmbeddedStore


@pytest.fixture
def client(app_client, settings_factory):
    store = EmbeddedStore()
    return app_client(create_app(settings_factory(store, sparql_workers=0), store=store))


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no/such/path", 404),
        ("GET", "/kpis//skills", 404),
        ("DELETE", "/healthz", 405),
    ],
)
def test_framework_errors_are_problem_details(client, method: str, path: str, status: int):
    response = client.request(method, path)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert body["status"] == status and body["title"] and body["detail"]
    assert body["instance"] == path
