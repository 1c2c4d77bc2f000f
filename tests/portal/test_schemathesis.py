"""Property-based tests of every portal operation from /openapi.json (schemathesis): generated
requests never get a 5xx, and every response matches its documented status, content type,
headers and schema. Bounded (a few examples per operation) to run in seconds."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rolegraph.api.app import create_app
from rolegraph.store.embedded import EmbeddedStore
from tests.conftest import make_settings
from tests.portal.conftest import portal_sources

PORTAL_TAGS = ("Roles", "Role sections", "Resources", "Cross-cutting", "Search", "Linked data")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


STORE = EmbeddedStore()
STORE.load(portal_sources())
APP = create_app(make_settings(STORE, sparql_workers=0), store=STORE)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP).include(
    tag_regex="^(" + "|".join(PORTAL_TAGS) + ")$"
)


@pytest.fixture(scope="module", autouse=True)
def running_app() -> Iterator[FastAPI]:
    """Runs the app's lifespan (it then serves STORE) while the module's tests run."""
    with TestClient(APP):
        yield APP


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_portal_operations_conform(case) -> None:
    case.call_and_validate(checks=CHECKS)
