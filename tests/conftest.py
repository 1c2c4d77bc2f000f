"""Shared fixtures: a real Oxigraph server, stores of both backends, a live HTTP app.

- ``oxigraph_server`` (session): `oxigraph serve` on a free 127.0.0.1 port with a temporary
  ``--location`` and ``--union-default-graph``, started as a subprocess, stopped by PID
  (also when tests fail);
- ``store``: an empty store, parametrized over ``embedded`` and ``remote``;
- ``fixture_sources``: the vocabulary plus the small fixture data with known answers;
- ``live_app`` / ``run_app``: an app served by uvicorn on a free port, for real HTTP clients
  (SPARQLWrapper); ``app_client``: an in-process client (Starlette TestClient);
- ``shipped_store`` (session): the shipped catalog in an embedded store, and ``ask``, a runner
  of the catalogue's questions on it (the examples and links tests).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from rolegraph import catalog
from rolegraph.catalog import GraphSource
from rolegraph.queries import shipped_catalog
from rolegraph.settings import Settings, StoreSettings
from rolegraph.store import open_store
from rolegraph.store.base import Store
from rolegraph.store.embedded import EmbeddedStore
from rolegraph.store.remote import RemoteStore
from rolegraph.store.startup import ensure_loaded
from rolegraph.terms import to_json_value

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "store"
CONFORMANCE_DIR = REPO.parent / "shared" / "conformance" / "sparql11"
"""The W3C SPARQL 1.1 subset, next to the repository (``<repo>/../shared/...``)."""

STARTUP_TIMEOUT = 30.0

Rows = list[dict[str, Any]]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` server binary of this venv (PyPI package `oxigraph`), or on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def wait_for_http(url: str, timeout: float = STARTUP_TIMEOUT, process: object = None) -> None:
    """Poll `url` until it answers (any status) or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            if getattr(process, "poll", lambda: None)() is not None:
                raise RuntimeError(f"the process serving {url} exited") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout:g} s") from None
            time.sleep(0.05)


def stop_process(process: subprocess.Popen, timeout: float = 10.0) -> None:
    """Terminate by PID, wait, then kill if it does not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout)


@dataclass
class OxigraphServer:
    """A running `oxigraph serve` process."""

    url: str
    process: subprocess.Popen
    location: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def store_settings(self) -> StoreSettings:
        return StoreSettings.parse(self.url, environ={})

    def clear(self) -> None:
        """Remove everything (each test starts from an empty store)."""
        response = httpx.post(
            self.url + "/update",
            content="DROP ALL",
            headers={"Content-Type": "application/sparql-update"},
            timeout=30,
        )
        response.raise_for_status()

    def remote_store(self) -> RemoteStore:
        settings = self.store_settings
        assert settings.query_url is not None
        return RemoteStore(settings.query_url, settings.update_url, settings.gsp_url)


@contextlib.contextmanager
def running_oxigraph(location: Path, *options: str) -> Iterator[OxigraphServer]:
    """`oxigraph serve` on a free 127.0.0.1 port with `options`, stopped by PID at the end."""
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the `oxigraph` server binary is not installed (pip install oxigraph)")
    port = free_port()
    log = (location.parent / f"{location.name}.log").open("wb")
    command = [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    process = subprocess.Popen([*command, *options], stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for_http(url + "/", process=process)
        yield OxigraphServer(url, process, location)
    finally:
        stop_process(process)
        log.close()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphServer]:
    """A real Oxigraph server on 127.0.0.1 for the session (the remote store of the tests)."""
    with running_oxigraph(
        tmp_path_factory.mktemp("oxigraph"),
        "--union-default-graph",
        "--timeout-s",
        "10",  # the server's own limit: a runaway test query burns at most this long
    ) as server:
        yield server


@pytest.fixture(params=["embedded", "remote"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    """An empty store of each backend (the remote one is the shared server, cleared)."""
    if request.param == "embedded":
        embedded = EmbeddedStore()
        yield embedded
        embedded.close()
        return
    server: OxigraphServer = request.getfixturevalue("oxigraph_server")
    server.clear()
    yield server.remote_store()


def fixture_files() -> list[Path]:
    """The fixture data files (a mini blueprint with curated links, a sampler, a TriG)."""
    return sorted(p for p in FIXTURES.rglob("*") if p.suffix in (".ttl", ".trig"))


@pytest.fixture(scope="session")
def fixture_sources() -> list[GraphSource]:
    """The vocabulary plus the fixture data, as `rolegraph serve --data tests/fixtures/store`."""
    return catalog.vocabulary_sources() + catalog.data_file_sources(fixture_files())


@pytest.fixture(scope="session")
def shipped_store() -> Iterator[Store]:
    """The shipped ontology, schemes, shapes, facts and curated links, as `rolegraph` loads them."""
    store = open_store(StoreSettings())
    ensure_loaded(store, catalog.shipped_sources(), "always")
    yield store
    store.close()


@pytest.fixture(scope="session")
def ask(shipped_store: Store) -> Callable[..., Rows]:
    """``ask("kpis_for_skill", skill="...")``: a catalogue question's rows as plain values."""

    def run(name: str, **params: str) -> Rows:
        spec = shipped_catalog().get(name)
        result = shipped_store.select(spec.text, spec.bind(params))
        return [
            {var: to_json_value(value) for var, value in zip(result.variables, row, strict=True)}
            for row in result.rows
        ]

    return run


def make_settings(store: Store | None = None, **overrides: object) -> Settings:
    """Settings for a test app (no environment read; small, fast defaults)."""
    values: dict[str, object] = {"sparql_workers": 2, "query_timeout": 10.0, "load": "never"}
    values.update(overrides)
    backend = store.backend if store is not None else "embedded"
    return Settings(store=StoreSettings(backend=backend), **values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def settings_factory() -> Callable[..., Settings]:
    """``settings_factory(store, query_timeout=2, ...)``: Settings for a test app."""
    return make_settings


@contextlib.contextmanager
def run_app(app: FastAPI) -> Iterator[str]:
    """Serve `app` with uvicorn on a free 127.0.0.1 port in a thread; yields its base URL.

    (uvicorn binds the port itself: handing it a pre-bound socket made keep-alive requests
    wait ~40 ms each for a delayed ACK.)
    """
    for _attempt in range(3):
        port = free_port()
        config = uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=5
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not server.started and thread.is_alive():
            if time.monotonic() > deadline:
                raise TimeoutError("the app did not start")
            time.sleep(0.02)
        if server.started:
            break
        thread.join()  # lost the port to another process: try another one
    else:
        raise RuntimeError("the app failed to start (see the log above)")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@pytest.fixture(scope="session")
def serve_app() -> Callable[[FastAPI], contextlib.AbstractContextManager[str]]:
    """``with serve_app(app) as url:`` serves `app` over real HTTP (for module fixtures)."""
    return run_app


@pytest.fixture
def live_app() -> Iterator[Callable[[FastAPI], str]]:
    """Start apps on real HTTP (stopped at the end of the test): ``url = live_app(app)``."""
    with contextlib.ExitStack() as stack:
        yield lambda app: stack.enter_context(run_app(app))


@pytest.fixture
def app_client() -> Iterator[Callable[[FastAPI], object]]:
    """In-process clients with the app's lifespan running: ``client = app_client(app)``."""
    from fastapi.testclient import TestClient

    with contextlib.ExitStack() as stack:
        yield lambda app: stack.enter_context(TestClient(app))


# -- W3C conformance summary -------------------------------------------------------------


@dataclass
class ConformanceReport:
    """Outcomes of the W3C tests, for the pass rate printed at the end of the run."""

    passed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    def summary_lines(self) -> list[str]:
        runnable = len(self.passed) + len(self.failed)
        rate = 100.0 * len(self.passed) / runnable if runnable else 0.0
        lines = [
            f"W3C SPARQL 1.1 subset: {len(self.passed)}/{runnable} runnable tests passed "
            f"({rate:.1f}%), {len(self.skipped)} not runnable here",
        ]
        lines += [f"  FAILED {name}: {reason}" for name, reason in self.failed]
        return lines


CONFORMANCE_REPORT = pytest.StashKey[ConformanceReport]()


@pytest.fixture(scope="session")
def conformance_report(request: pytest.FixtureRequest) -> ConformanceReport:
    """Where the conformance tests record their outcome (printed by the summary hook)."""
    return request.config.stash.setdefault(CONFORMANCE_REPORT, ConformanceReport())


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the W3C SPARQL 1.1 pass rate when the conformance tests ran."""
    report = terminalreporter.config.stash.get(CONFORMANCE_REPORT, None)
    if report is None or not (report.passed or report.failed):
        return
    terminalreporter.write_line("")
    for line in report.summary_lines():
        terminalreporter.write_line(line)
