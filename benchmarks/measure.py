"""Timing one query on several backends, fairly and within a time budget.

1. probe: one run on the probe backend (/sparql of the embedded service, whose query timeout
   stops a runaway query) gives the answer size and tells whether the query is slow;
2. a slow query (probe slower than `slow_s`) gets one timed run per backend and no more;
3. otherwise two warm-up runs per backend, then rounds: each backend runs `block`
   consecutive times per round (warm caches within a block; alternating blocks spread the
   noise of other processes over all backends alike) until the budget is spent, with at
   least `min_runs` and at most `max_runs` runs per backend.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from benchmarks import common
from benchmarks.workload import BenchQuery

Runner = Callable[[BenchQuery], int]


@dataclass
class QueryResult:
    """Samples (seconds), answer sizes and errors of one query, by backend key."""

    name: str
    group: str
    rows: dict[str, int | None] = field(default_factory=dict)
    samples: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    note: str = ""

    def median(self, backend: str) -> float:
        return common.median(self.samples.get(backend, []))

    def p95(self, backend: str) -> float:
        return common.p95(self.samples.get(backend, []))


@dataclass(frozen=True)
class Plan:
    budget: float = 4.0
    """Seconds of timed rounds per query (all backends together)."""
    min_runs: int = 5
    max_runs: int = 40
    block: int = 5
    slow_s: float = 5.0
    """A probe slower than this: one run per backend only."""
    skip_when_slow: frozenset[str] = frozenset()
    """Backends not run at all for a slow query (e.g. a duplicate of another)."""


def _error(err: Exception) -> str:
    return f"{type(err).__name__}: {err}"[:300]


def measure_query(
    query: BenchQuery, runners: Mapping[str, Runner], probe_key: str, plan: Plan
) -> QueryResult:
    result = QueryResult(query.name, query.group)
    started = time.perf_counter()
    try:
        result.rows[probe_key] = runners[probe_key](query)
    except Exception as err:
        result.errors[probe_key] = _error(err)
        result.note = "not measured: the probe failed"
        return result
    probe_s = time.perf_counter() - started
    if probe_s > plan.slow_s:
        result.note = f"one run per backend (the probe took {probe_s:.1f} s)"
        result.samples[probe_key] = [probe_s]
        for key, run in runners.items():
            if key == probe_key or key in plan.skip_when_slow:
                continue
            started = time.perf_counter()
            try:
                result.rows[key] = run(query)
                result.samples[key] = [time.perf_counter() - started]
            except Exception as err:
                result.errors[key] = _error(err)
        return result

    live: dict[str, Runner] = {}
    for key, run in runners.items():
        try:
            rows = run(query)
            if key != probe_key:
                result.rows[key] = rows
            run(query)
            live[key] = run
            result.samples[key] = []
        except Exception as err:
            result.errors[key] = _error(err)
    started = time.perf_counter()
    runs = 0
    while runs < plan.max_runs and (
        runs < plan.min_runs or time.perf_counter() - started < plan.budget
    ):
        block = min(plan.block, plan.max_runs - runs)
        for key, run in live.items():
            samples = result.samples[key]
            for _ in range(block):
                t0 = time.perf_counter()
                run(query)
                samples.append(time.perf_counter() - t0)
        runs += block
    return result


def measure_all(
    queries: list[BenchQuery], runners: Mapping[str, Runner], probe_key: str, plan: Plan
) -> list[QueryResult]:
    results = []
    for query in queries:
        result = measure_query(query, runners, probe_key, plan)
        results.append(result)
        medians = "  ".join(f"{k} {common.ms(result.median(k))}" for k in runners)
        extra = f"  [{result.note}]" if result.note else ""
        errors = f"  errors: {', '.join(result.errors)}" if result.errors else ""
        print(f"  {query.name:<36} {medians} ms{extra}{errors}", file=sys.stderr, flush=True)
    return results
