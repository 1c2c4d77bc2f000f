"""`rolegraph serve` and `rolegraph load` as processes: the docker-compose topology (API ->
Oxigraph server) as two local processes, and `--data` on the embedded store."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import free_port, stop_process

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "store"
ROLEGRAPH = [str(Path(sys.executable).parent / "rolegraph")]


def serve(*args: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen(
        [
            *ROLEGRAPH,
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_healthy(process: subprocess.Popen, base: str, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            output = process.stdout.read().decode() if process.stdout else ""
            pytest.fail(f"rolegraph serve exited with {process.returncode}:\n{output}")
        try:
            response = httpx.get(base + "/healthz", timeout=2)
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    pytest.fail("rolegraph serve did not become healthy")


def test_api_process_on_an_oxigraph_server_process(oxigraph_server) -> None:
    oxigraph_server.clear()
    process, base = serve("--store", oxigraph_server.url)
    try:
        health = wait_healthy(process, base)
        assert health["store"] == "remote"
        assert health["data_version"]  # loaded on first start
        graphs = httpx.get(
            base + "/sparql",
            params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
        ).json()["results"]["bindings"]
        names = {row["g"]["value"] for row in graphs}
        assert "https://w3id.org/rolegraph/graph/ontology" in names
        assert "https://w3id.org/rolegraph/graph/schemes" in names
    finally:
        stop_process(process, timeout=15)

    # a second start (or a one-shot loader) finds the data and does not reload it
    loader = subprocess.run(
        [*ROLEGRAPH, "load", "--store", oxigraph_server.url, "--if-empty"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert loader.returncode == 0, loader.stderr
    assert f"already holds data (version {health['data_version']})" in loader.stdout


def test_serve_data_files_in_memory() -> None:
    process, base = serve("--data", str(FIXTURES), "--workers-for-sparql", "1")
    try:
        health = wait_healthy(process, base)
        assert health["store"] == "embedded"
        assert health["sparql_workers"]["size"] == 1
        answer = httpx.get(
            base + "/sparql",
            params={"query": 'ASK { ?s ?p "in g1" }', "format": "json"},
        ).json()
        assert answer["boolean"] is True
    finally:
        stop_process(process, timeout=15)


@pytest.mark.parametrize("command", [["load", "--store", "memory"], ["serve", "--port", "0"]])
def test_bad_input_is_reported_with_its_position(tmp_path: Path, command: list[str]) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("<http://example.org/a> <http://example.org/b> .\n")
    result = subprocess.run(
        [*ROLEGRAPH, *command, "--data", str(broken)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert f"{broken}:1:" in result.stderr
    assert "Traceback" not in result.stderr
