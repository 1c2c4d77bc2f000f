"""Run every benchmark (`make bench`): each `benchmarks/bench_*.py`, in name order.

    python benchmarks/run_all.py            # full: N = 1, 100, 1,000 (takes a while)
    python benchmarks/run_all.py --quick    # N = 1, 100 only, shorter budgets

Each script runs as its own process, prints its tables and writes them under
benchmarks/out/; `--quick` is passed on to the scripts that accept it (they mention
"--quick" in their source). A new benchmark is a new `bench_*.py`. A failing script does
not stop the others; the exit status says whether all succeeded.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent


def scripts() -> list[Path]:
    """The benchmark scripts, SPARQL first (others may reuse its cached catalogs)."""
    found = sorted(HERE.glob("bench_*.py"))
    return sorted(found, key=lambda p: (p.name != "bench_sparql.py", p.name))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 1, 100 and shorter budgets")
    parser.add_argument("--only", default="", help="comma-separated script names (bench_x)")
    args = parser.parse_args(argv)
    wanted = {name.removesuffix(".py") for name in args.only.split(",") if name}
    outcomes: list[tuple[str, int, float]] = []
    for script in scripts():
        if wanted and script.stem not in wanted:
            continue
        quick = args.quick and "--quick" in script.read_text(encoding="utf-8")
        command = [sys.executable, str(script), *(["--quick"] if quick else [])]
        print(f"\n=== {script.name} {' '.join(command[2:])}", flush=True)
        started = time.perf_counter()
        returncode = subprocess.run(command, cwd=HERE.parent).returncode
        outcomes.append((script.name, returncode, time.perf_counter() - started))
    print("\n=== summary")
    for name, returncode, seconds in outcomes:
        status = "ok" if returncode == 0 else f"FAILED ({returncode})"
        print(f"{name:<28} {status:<12} {seconds:7.1f} s")
    return 0 if all(code == 0 for _, code, _ in outcomes) else 1


if __name__ == "__main__":
    sys.exit(main())
