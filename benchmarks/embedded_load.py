"""Time rolegraph's embedded load of a catalog, in a process of its own, and dump the result.

    python benchmarks/embedded_load.py CATALOG_DIR DUMP.nq [--repeats 3]

Loads the vocabulary and the catalog's blueprint files (as `rolegraph serve --data DIR`
does) into fresh in-memory stores `--repeats` times, writes the last store as N-Quads to
DUMP.nq and prints {"times": [...], "quads": n, "peak_rss": bytes} as JSON. Run apart from the
benchmark so that the memory the load leaves behind (Python objects of the parsed files) is
returned when it exits; the benchmark then bulk-loads the dump.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph as ox

from rolegraph.cli.load_cmd import expand_data_paths
from rolegraph.settings import Settings
from rolegraph.store.embedded import EmbeddedStore


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("catalog", type=Path)
    parser.add_argument("dump", type=Path)
    parser.add_argument("--repeats", type=int, default=1)
    args = parser.parse_args(argv)
    sources = Settings(data_files=expand_data_paths([args.catalog])).sources()
    times = []
    store: EmbeddedStore | None = None
    for _ in range(args.repeats):
        store = None  # let the previous copy go first
        store = EmbeddedStore()
        started = time.perf_counter()
        store.load(sources)
        times.append(time.perf_counter() - started)
    assert store is not None
    store.oxigraph.dump(str(args.dump), format=ox.RdfFormat.N_QUADS)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"times": times, "quads": len(store.oxigraph), "peak_rss": peak}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
