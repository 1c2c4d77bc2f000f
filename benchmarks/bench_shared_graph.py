"""Cost of repeating shared nodes in every role graph (the union default graph is a bag).

Every role's facts graph declares the skills, tools and other roles it mentions
(`skill:x a rg:TechnicalSkill ; skos:prefLabel "..."`), so with many roles the same triple
sits in hundreds of named graphs. Oxigraph 0.5 evaluates the union default graph with one
solution per graph holding a triple (oxigraph/oxigraph#1919), so a query touching a shared
skill's label returns each row once per role that declares the skill, and spends the time to
produce those copies.

This script loads a synthetic catalog as rolegraph does (layout "per role"), and a copy in
which every triple about a skill, tool or role that sits in more than one graph is kept once,
in one `graph:shared` (layout "shared graph"); it prints answer sizes and median latencies
(`Store.select`) of the affected queries on both, next to each other.

    python benchmarks/bench_shared_graph.py [--sizes 1,100,1000] [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pyoxigraph as ox

from benchmarks import common
from benchmarks.bench_sparql import load_in_child, store_from_dump
from benchmarks.synthetic import OUT_DIR, cached_catalog, read_manifest
from benchmarks.workload import BenchQuery, build_workload
from rolegraph.namespaces import GRAPH, ID
from rolegraph.store.embedded import EmbeddedStore

QUERIES = (
    "one_role_kpi_skill",
    "all_roles_kpi_skill",
    "skills_for_kpi",
    "skills_by_importance",
    "tools_by_category",
    "career_paths",
)
SHARED_GRAPH = ox.NamedNode(f"{GRAPH}shared")
SHARED_SUBJECTS = tuple(f"{ID}{segment}/" for segment in ("skill", "tool", "role"))


def move_shared_triples(store: EmbeddedStore) -> int:
    """Triples about skills/tools/roles found in several graphs -> once in graph:shared."""
    graphs: dict[ox.Triple, list] = defaultdict(list)
    for quad in store.oxigraph:
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and subject.value.startswith(SHARED_SUBJECTS):
            graphs[quad.triple].append(quad.graph_name)
    moved = 0
    for triple, names in graphs.items():
        if len(names) > 1:
            for name in names:
                store.oxigraph.remove(
                    ox.Quad(triple.subject, triple.predicate, triple.object, name)
                )
            store.oxigraph.add(
                ox.Quad(triple.subject, triple.predicate, triple.object, SHARED_GRAPH)
            )
            moved += 1
    return moved


def median_select(store: EmbeddedStore, query: BenchQuery, budget: float) -> tuple[int, float]:
    """(rows, median seconds) over runs within `budget` (one warm-up, at least 3 runs)."""
    rows = len(store.select(query.text).rows)
    times: list[float] = []
    started = time.perf_counter()
    while len(times) < 3 or (time.perf_counter() - started < budget and len(times) < 50):
        t0 = time.perf_counter()
        store.select(query.text)
        times.append(time.perf_counter() - t0)
    return rows, statistics.median(times)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--quick", action="store_true", help="N = 1, 100")
    parser.add_argument("--budget", type=float, default=3.0, help="s per query and layout")
    parser.add_argument("--out", type=Path, default=OUT_DIR / "bench_shared_graph.md")
    args = parser.parse_args(argv)
    sizes = [1, 100] if args.quick else [int(n) for n in args.sizes.split(",")]
    lines = [
        "# Shared nodes repeated per role graph vs kept once (median `Store.select`, ms)",
        "",
    ]
    for n_roles in sizes:
        catalog = cached_catalog(n_roles)
        queries = {q.name: q for q in build_workload(read_manifest(catalog) or {})[0]}
        with tempfile.TemporaryDirectory(prefix="bench-shared-") as work:
            dump = Path(work) / "dump.nq"
            load_in_child(catalog, dump, 1, Path(work) / "load.log")
            store, _ = store_from_dump(dump)
        results = {}
        for name in QUERIES:
            if name in queries:
                results[name] = [median_select(store, queries[name], args.budget)]
        moved = move_shared_triples(store)
        for name in results:
            results[name].append(median_select(store, queries[name], args.budget))
        del store
        rows = [
            [
                name,
                f"{before[0]:,}",
                f"{after[0]:,}",
                common.ms(before[1]),
                common.ms(after[1]),
                common.ratio(before[1], after[1]),
            ]
            for name, (before, after) in results.items()
        ]
        headers = ["query", "rows per role", "rows shared", "ms per role", "ms shared", "×"]
        lines += [
            f"## N = {n_roles:,} ({moved:,} triples found in several graphs, kept once)",
            "",
            common.markdown_table(headers, rows),
            "",
        ]
        print("\n".join(lines[-5:]), flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
