"""One setting selects the backend: `--store` / ROLEGRAPH_STORE, plus endpoint variables."""

from __future__ import annotations

from pathlib import Path

import pytest

from rolegraph.errors import InputError
from rolegraph.settings import Settings, StoreSettings


def test_store_specs() -> None:
    assert StoreSettings.parse("memory", {}).backend == "embedded"
    assert StoreSettings.parse("memory", {}).path is None
    disk = StoreSettings.parse("/tmp/rg-data", {})
    assert (disk.backend, disk.path) == ("embedded", Path("/tmp/rg-data"))
    oxigraph = StoreSettings.parse("http://oxigraph:7878/", {})
    assert (oxigraph.query_url, oxigraph.update_url, oxigraph.gsp_url) == (
        "http://oxigraph:7878/query",
        "http://oxigraph:7878/update",
        "http://oxigraph:7878/store",
    )
    generic = StoreSettings.parse("sparql+https://fuseki.example/ds", {})
    assert (generic.backend, generic.query_url, generic.update_url, generic.gsp_url) == (
        "remote",
        "https://fuseki.example/ds",
        "https://fuseki.example/ds",
        None,
    )


def test_endpoint_variables() -> None:
    env = {
        "ROLEGRAPH_SPARQL_QUERY_URL": "http://db/sparql",
        "ROLEGRAPH_SPARQL_UPDATE_URL": "http://db/update",
        "ROLEGRAPH_GSP_URL": "http://db/data",
    }
    settings = StoreSettings.from_env(None, env)
    assert (settings.backend, settings.query_url, settings.update_url, settings.gsp_url) == (
        "remote",
        "http://db/sparql",
        "http://db/update",
        "http://db/data",
    )
    # an explicit --store wins over the variables that select a backend
    assert StoreSettings.from_env("memory", env).backend == "embedded"
    no_gsp = StoreSettings.from_env("http://ox:7878", {"ROLEGRAPH_GSP_URL": "none"})
    assert no_gsp.gsp_url is None


def test_settings_from_env_and_overrides() -> None:
    env = {
        "ROLEGRAPH_STORE": "http://ox:7878",
        "ROLEGRAPH_QUERY_TIMEOUT": "5",
        "ROLEGRAPH_RESULT_LIMIT": "100",
        "ROLEGRAPH_SPARQL_WORKERS": "3",
        "ROLEGRAPH_CORS_ORIGINS": "https://a.example, https://b.example",
    }
    settings = Settings.from_env(env)
    assert settings.store.backend == "remote"
    assert (settings.query_timeout, settings.result_limit, settings.sparql_workers) == (5, 100, 3)
    assert settings.cors_origins == ("https://a.example", "https://b.example")
    overridden = Settings.from_env(env, store="memory", query_timeout=1.5, result_limit=None)
    assert overridden.store.backend == "embedded"
    assert overridden.query_timeout == 1.5
    assert overridden.result_limit == 100  # None means "not given"


@pytest.mark.parametrize(
    "env",
    [
        {"ROLEGRAPH_QUERY_TIMEOUT": "soon"},
        {"ROLEGRAPH_QUERY_TIMEOUT": "0"},
        {"ROLEGRAPH_LOAD": "sometimes"},
        {"ROLEGRAPH_SPARQL_WORKERS": "-1"},
    ],
)
def test_bad_settings_are_refused_with_the_name(env: dict[str, str]) -> None:
    with pytest.raises(InputError):
        Settings.from_env(env)


def test_sources() -> None:
    shipped = Settings().sources()
    assert {s.kind.value for s in shipped} >= {"ontology", "schemes"}
    data = Settings(data_files=(Path("tests/fixtures/store/data/graphs.trig"),)).sources()
    assert data[-1].graph.endswith("file/graphs.trig")
    assert not any(s.kind.value == "facts" for s in data)


@pytest.mark.parametrize(
    ("value", "on"), [("", False), ("0", False), ("no", False), ("1", True), (" TRUE ", True)]
)
def test_switches_read_from_the_environment(value: str, on: bool) -> None:
    settings = Settings.from_env({"ROLEGRAPH_TELEMETRY": value, "ROLEGRAPH_ALLOW_SERVICE": value})
    assert (settings.telemetry, settings.allow_service) == (on, on)
    assert not Settings.from_env({}).telemetry
