"""Shared by the benchmark scripts: processes on 127.0.0.1, timing statistics, the machine,
Markdown tables.

Processes are started as subprocesses, polled until they answer (never a fixed sleep) and
stopped by their PID in a ``finally`` (terminate, then kill), whatever happened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import httpx

HOST = "127.0.0.1"
BIN = Path(sys.executable).parent
ROLEGRAPH = str(BIN / "rolegraph")
STARTUP_TIMEOUT = 900.0
"""Seconds a server may take to answer (a 1,000-role catalog loads for a while)."""


# -- statistics -------------------------------------------------------------------------------


def median(samples: Sequence[float]) -> float:
    return statistics.median(samples) if samples else math.nan


def p95(samples: Sequence[float]) -> float:
    """95th percentile, nearest rank (with 20 samples: the second slowest)."""
    if not samples:
        return math.nan
    ordered = sorted(samples)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def ms(seconds: float) -> str:
    """A duration in milliseconds with sensible precision, or "–" when unknown."""
    if seconds is None or math.isnan(seconds):
        return "–"
    value = seconds * 1000
    if value < 10:
        return f"{value:.2f}"
    if value < 100:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def seconds_text(seconds: float | None) -> str:
    if seconds is None or math.isnan(seconds):
        return "–"
    return f"{seconds:.2f} s" if seconds < 10 else f"{seconds:.1f} s"


def ratio(numerator: float, denominator: float) -> str:
    if any(math.isnan(x) for x in (numerator, denominator)) or denominator <= 0:
        return "–"
    value = numerator / denominator
    return f"{value:.2f}×" if value < 10 else f"{value:.0f}×"


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str = "") -> str:
    """A GitHub pipe table; `align` has one letter per column (l/r), default l then r."""
    align = align or "l" + "r" * (len(headers) - 1)
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: Sequence[str]) -> str:
        padded = [
            str(c).ljust(w) if a == "l" else str(c).rjust(w)
            for c, w, a in zip(cells, widths, align, strict=True)
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if a == "r" else ("-" * (w + 2))
            for w, a in zip(widths, align, strict=True)
        )
        + "|"
    )
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


# -- the machine ------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    """CPU model, cores, RAM, load, Python and library versions, date: for the results."""
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    ram = "unknown"
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    versions = {}
    for package in ("pyoxigraph", "rdflib", "fastapi", "starlette", "uvicorn", "httpx", "orjson"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[package] = metadata.version(package)
    server = "not installed"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        binary = oxigraph_binary()
        if binary:
            server = subprocess.run(
                [binary, "--version"], capture_output=True, text=True, timeout=30
            ).stdout.strip()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "ram": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "libraries": ", ".join(f"{k} {v}" for k, v in versions.items()),
        "oxigraph server": server,
        "load average at start": load,
    }


def print_machine(info: dict[str, str]) -> None:
    for key, value in info.items():
        print(f"- {key}: {value}")


# -- processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def oxigraph_binary() -> str | None:
    """The `oxigraph` server binary of this venv (PyPI package `oxigraph`), or on PATH."""
    beside = BIN / "oxigraph"
    return str(beside) if beside.is_file() else shutil.which("oxigraph")


def stop(process: subprocess.Popen) -> None:
    """Terminate by PID, wait, then kill if it does not go."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)


@dataclass
class Server:
    """A server process we started, its base URL and log file."""

    process: subprocess.Popen
    url: str
    log: Path

    def tail(self, lines: int = 20) -> str:
        with contextlib.suppress(OSError):
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        return ""


@contextlib.contextmanager
def running(
    command: Sequence[str],
    base_url: str,
    probe: str,
    log: Path,
    ready: Callable[[httpx.Response], bool],
) -> Iterator[Server]:
    """Start `command`, wait until `base_url + probe` answers with `ready(response)`, and
    stop it (by PID) when the block ends, also on errors."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        process = subprocess.Popen(list(command), stdout=sink, stderr=subprocess.STDOUT)
    server = Server(process, base_url, log)
    try:
        wait_until(base_url + probe, ready, process, log)
        yield server
    finally:
        stop(process)


def wait_until(
    url: str,
    ready: Callable[[httpx.Response], bool],
    process: subprocess.Popen,
    log: Path,
    timeout: float = STARTUP_TIMEOUT,
) -> None:
    """Poll `url` until `ready(response)`; fail at once if the process exits."""
    deadline = time.monotonic() + timeout
    delay = 0.02
    while True:
        if process.poll() is not None:
            tail = log.read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}:\n{tail}")
        with contextlib.suppress(httpx.TransportError):
            if ready(httpx.get(url, timeout=5)):
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{url} was not ready within {timeout:g} s")
        time.sleep(delay)
        delay = min(delay * 1.5, 0.5)


def healthy(response: httpx.Response) -> bool:
    return response.status_code == 200 and response.json().get("status") == "ok"


def answers(response: httpx.Response) -> bool:
    return response.status_code < 500


def rolegraph_serve(port: int, log: Path, *args: str) -> contextlib.AbstractContextManager[Server]:
    """`rolegraph serve` on 127.0.0.1:`port`, ready when /healthz says ok."""
    command = [
        ROLEGRAPH,
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--log-level",
        "warning",
        *args,
    ]
    return running(command, f"http://{HOST}:{port}", "/healthz", log, healthy)


def oxigraph_serve(
    location: Path, port: int, log: Path, timeout_s: float = 600.0
) -> contextlib.AbstractContextManager[Server]:
    """`oxigraph serve` on 127.0.0.1:`port`, the union of its graphs as the default graph."""
    binary = oxigraph_binary()
    if binary is None:
        raise RuntimeError("the `oxigraph` server binary is not installed (pip install oxigraph)")
    command = [
        binary,
        "serve",
        "--location",
        str(location),
        "--bind",
        f"{HOST}:{port}",
        "--union-default-graph",
        "--timeout-s",
        str(int(timeout_s)),
    ]
    return running(command, f"http://{HOST}:{port}", "/", log, answers)


def run_timed(command: Sequence[str], log: Path, timeout: float = STARTUP_TIMEOUT) -> float:
    """Run a command to completion (output to `log`); its wall time in seconds."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with log.open("ab") as sink:
        process = subprocess.Popen(list(command), stdout=sink, stderr=subprocess.STDOUT)
        try:
            returncode = process.wait(timeout)
        finally:
            stop(process)
    if returncode != 0:
        tail = log.read_text(errors="replace")[-2000:]
        raise RuntimeError(f"{' '.join(command[:2])} failed ({returncode}):\n{tail}")
    return time.perf_counter() - started


def write_json(path: Path, data: object) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1, default=str) + "\n", encoding="utf-8")


# -- memory -----------------------------------------------------------------------------------


def mem_available() -> int:
    """Bytes of memory available for new processes (MemAvailable), or 0 when unknown."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable"):
                return int(line.split()[1]) * 1024
    return 0


def rss_tree(pid: int) -> int:
    """Resident memory (bytes) of a process and all its descendants (from /proc)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS"):
                    total += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{current}/task").iterdir():
                children = (task / "children").read_text().split()
                pending += [int(c) for c in children]
    return total


def gib(n_bytes: float | None) -> str:
    return "–" if not n_bytes else f"{n_bytes / 1024**3:.1f} GiB"
