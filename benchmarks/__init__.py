"""Benchmark scripts (they print tables; nothing here is a pass/fail test).

Run from the repository root, e.g. ``python benchmarks/run_all.py --quick``. Other code may
import the synthetic catalog generator: ``from benchmarks.synthetic import cached_catalog``.
"""
