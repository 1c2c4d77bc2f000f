"""A SPARQL server whose default graph is not the union of its graphs is refused at start.

In its standard mode (`oxigraph serve` without `--union-default-graph`) a server answers
every rolegraph query with nothing; the service and `rolegraph load` say so, with the fix,
instead of serving empty pages. An unreachable store is one line and exit 1, not a traceback.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rolegraph import catalog
from rolegraph.settings import StoreSettings
from rolegraph.store import StoreConfigurationError, open_store
from rolegraph.store.startup import ensure_loaded
from tests.conftest import free_port, running_oxigraph

ROLEGRAPH = [str(Path(sys.executable).parent / "rolegraph")]


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """An Oxigraph server in its standard mode (default graph = the unnamed graph)."""
    with running_oxigraph(tmp_path_factory.mktemp("plain-oxigraph")) as server:
        yield server.url


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*ROLEGRAPH, *args], capture_output=True, text=True, timeout=120)


def test_loading_into_a_server_without_union_default_graph_is_refused(plain_server) -> None:
    store = open_store(StoreSettings.parse(plain_server, environ={}))
    with pytest.raises(StoreConfigurationError, match="--union-default-graph"):
        ensure_loaded(store, catalog.shipped_sources(), "always")
    with pytest.raises(StoreConfigurationError):  # and again when it already holds the data
        ensure_loaded(store, catalog.shipped_sources(), "if-empty")


def test_cli_says_what_to_change_and_exits_1(plain_server) -> None:
    loaded = run("load", "--store", plain_server)
    served = run("serve", "--port", str(free_port()), "--store", plain_server)
    for done in (loaded, served):
        assert done.returncode == 1, done.stderr
        assert "default graph is not their union" in done.stderr
        assert "oxigraph serve --union-default-graph" in done.stderr
        assert "Traceback" not in done.stderr


def test_serve_on_an_unreachable_store_is_one_line_and_exit_1() -> None:
    done = run("serve", "--port", str(free_port()), "--store", f"http://127.0.0.1:{free_port()}")
    assert done.returncode == 1
    assert "error: cannot reach http://127.0.0.1:" in done.stderr
    assert "Traceback" not in done.stderr
