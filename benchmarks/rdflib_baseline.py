"""The rdflib baseline (d): a plain in-memory rdflib Dataset, run in a process of its own.

`run_baseline` (used by bench_sparql.py) starts this file as a child process, watches its
progress and kills it when one query runs past the per-query cap (rdflib cannot be
interrupted), then starts it again for the remaining queries.

    python benchmarks/rdflib_baseline.py DUMP.nq WORKLOAD.json PROGRESS.jsonl [--budget S]

The child loads the N-Quads dump of the benchmark's store into a `rdflib.Dataset` whose
default graph is the union of all graphs (like the rolegraph stores), then, for every query
of the workload (a JSON list of {name, form, text}): one warm-up run, then runs until the
per-query budget is spent (at least one timed run; a warm-up slower than half the budget is
the only sample). Progress and results go to PROGRESS.jsonl, one JSON object per line.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def count(result: Any, form: str) -> int:
    if form == "ask":
        return 1
    if form == "construct":
        return len(result.graph)
    return sum(1 for _ in result)


def child(argv: Sequence[str] | None = None) -> int:
    from rdflib import Dataset

    parser = argparse.ArgumentParser()
    parser.add_argument("dump", type=Path)
    parser.add_argument("workload", type=Path)
    parser.add_argument("progress", type=Path)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per query")
    parser.add_argument("--max-runs", type=int, default=20)
    args = parser.parse_args(argv)
    queries = json.loads(args.workload.read_text(encoding="utf-8"))
    with args.progress.open("a", encoding="utf-8") as out:

        def emit(**record: Any) -> None:
            out.write(json.dumps(record) + "\n")
            out.flush()

        started = time.perf_counter()
        dataset = Dataset(default_union=True)
        dataset.parse(str(args.dump), format="nquads")
        emit(load_s=time.perf_counter() - started, quads=len(dataset))
        for query in queries:
            emit(start=query["name"])
            samples: list[float] = []
            record: dict[str, Any] = {"name": query["name"], "samples": samples}
            try:
                t0 = time.perf_counter()
                record["rows"] = count(dataset.query(query["text"]), query["form"])
                spent = time.perf_counter() - t0
                if spent > args.budget / 2:
                    samples.append(spent)  # too slow to repeat: the one run is the sample
                while not samples or (spent < args.budget and len(samples) < args.max_runs):
                    t0 = time.perf_counter()
                    count(dataset.query(query["text"]), query["form"])
                    samples.append(time.perf_counter() - t0)
                    spent += samples[-1]
            except Exception as err:  # report it and go on with the next query
                record["error"] = f"{type(err).__name__}: {err}"[:300]
            emit(**record)
    return 0


@dataclass
class BaselineResult:
    load_s: float | None = None
    quads: int | None = None
    queries: dict[str, dict[str, Any]] = field(default_factory=dict)
    wall_s: float = 0.0
    note: str = ""


def run_baseline(
    dump: Path,
    queries: Sequence[dict[str, str]],
    work: Path,
    *,
    budget: float,
    query_cap: float,
    load_cap: float,
) -> BaselineResult:
    """Run the child until every query has a result, a timeout, or loading took too long."""
    result = BaselineResult()
    remaining = list(queries)
    started = time.perf_counter()
    attempt = 0
    while remaining:
        attempt += 1
        workload = work / f"rdflib-workload-{attempt}.json"
        progress = work / f"rdflib-progress-{attempt}.jsonl"
        workload.write_text(json.dumps(remaining), encoding="utf-8")
        progress.write_text("", encoding="utf-8")
        command = [sys.executable, __file__, str(dump), str(workload), str(progress)]
        command += ["--budget", str(budget)]
        log = (work / "rdflib.log").open("ab")
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        try:
            remaining = _watch(process, progress, remaining, result, query_cap, load_cap)
        finally:
            if process.poll() is None:
                process.kill()  # by PID; it holds no resources worth a polite stop
            process.wait()
            log.close()
        if result.note:
            break
    result.wall_s = time.perf_counter() - started
    return result


def _watch(
    process: subprocess.Popen,
    progress: Path,
    queries: list[dict[str, str]],
    result: BaselineResult,
    query_cap: float,
    load_cap: float,
) -> list[dict[str, str]]:
    """Follow one child; the queries still to run when it had to be stopped."""
    names = [q["name"] for q in queries]
    done: set[str] = set()
    current: str | None = None
    phase_started = time.monotonic()
    loaded = False
    read = 0
    while True:
        exited = _wait(process, 0.25)
        lines = progress.read_text(encoding="utf-8").splitlines()
        for line in lines[read:]:
            record = json.loads(line)
            if "load_s" in record:
                loaded = True
                if result.load_s is None:
                    result.load_s, result.quads = record["load_s"], record["quads"]
            elif "start" in record:
                current = record["start"]
            else:
                result.queries[record["name"]] = record
                done.add(record["name"])
                current = None
            phase_started = time.monotonic()
        read = len(lines)
        if exited:
            if process.returncode != 0 and not loaded:
                result.note = f"skipped (rdflib child exited with {process.returncode})"
            return [q for q in queries if q["name"] not in done and q["name"] != current]
        waited = time.monotonic() - phase_started
        if not loaded and waited > load_cap:
            result.note = f"skipped (loading took more than {load_cap:.0f} s)"
            return []
        if current is not None and waited > query_cap:
            result.queries[current] = {"name": current, "samples": [], "timeout": query_cap}
            index = names.index(current)
            return [q for q in queries[index + 1 :] if q["name"] not in done]


def _wait(process: subprocess.Popen, seconds: float) -> bool:
    """True when the process has exited (waits at most `seconds`)."""
    try:
        process.wait(seconds)
        return True
    except subprocess.TimeoutExpired:
        return False


if __name__ == "__main__":
    sys.exit(child())
