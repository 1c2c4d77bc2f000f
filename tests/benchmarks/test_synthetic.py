"""Smoke test of the synthetic catalog generator (benchmarks/synthetic.py): no timings here.

A catalog of 3 roles loads into per-role graphs, each role has the real role's shape, roles
share skills (and use variants), and the output is deterministic for a seed.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest

from rolegraph import catalog, resources
from rolegraph.settings import Settings
from rolegraph.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[2]
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RG = "https://w3id.org/rolegraph/ontology#"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def _load_generator():
    path = REPO / "benchmarks" / "synthetic.py"
    spec = importlib.util.spec_from_file_location("rolegraph_bench_synthetic", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


synthetic = _load_generator()


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic-3")
    synthetic.generate_catalog(3, out, seed=0)
    return out


@pytest.fixture(scope="module")
def store(three: Path) -> EmbeddedStore:
    files = tuple(sorted(three.glob("*.ttl")))
    loaded = EmbeddedStore()
    loaded.load(Settings(data_files=files).sources())
    return loaded


def _roles(three: Path) -> list[str]:
    return [r["id"] for r in synthetic.read_manifest(three)["roles"]]


def _class_counts(triples: list[ox.Triple]) -> Counter[str]:
    return Counter(t.object.value for t in triples if t.predicate.value == RDF_TYPE)


def test_writes_facts_and_links_per_role(three: Path) -> None:
    roles = _roles(three)
    assert len(roles) == 3 and len(set(roles)) == 3
    assert roles[0] == "ai-engineer"  # the real role is role 0
    expected = sorted([f"{r}.ttl" for r in roles] + [f"{r}.links.ttl" for r in roles])
    assert sorted(p.name for p in three.glob("*.ttl")) == expected


def test_loads_into_one_graph_per_role_and_kind(store: EmbeddedStore, three: Path) -> None:
    graphs = set(store.graphs())
    for role in _roles(three):
        assert catalog.facts_graph(role) in graphs
        assert catalog.curated_graph(role) in graphs
        assert catalog.inferred_graph(role) in graphs


def test_every_role_has_the_real_roles_shape(three: Path) -> None:
    real = resources.blueprints_dir() / "ai-engineer.ttl"
    real_triples = [q.triple for q in ox.parse(path=str(real), format=ox.RdfFormat.TURTLE)]
    shape = _class_counts(real_triples)
    for role in _roles(three):
        path = three / f"{role}.ttl"
        triples = [q.triple for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)]
        assert len(triples) == len(real_triples)
        assert _class_counts(triples) == shape
        items = [
            t.subject.value
            for t in triples
            if t.predicate.value == RG + "forRole" and isinstance(t.subject, ox.NamedNode)
        ]
        assert items and all(f"/{role}." in iri for iri in items)


def test_labels_are_unique_per_role_and_type(store: EmbeddedStore) -> None:
    duplicates = store.select(
        f"""SELECT ?role ?type ?label WHERE {{
              ?item <{RG}forRole> ?role ; a ?type ; <{PREF_LABEL}> ?label }}
            GROUP BY ?role ?type ?label HAVING (COUNT(DISTINCT ?item) > 1)"""
    )
    assert duplicates.rows == []


def test_roles_share_skills_and_use_variants(store: EmbeddedStore, three: Path) -> None:
    rows = store.select(
        f"""SELECT ?skill (COUNT(DISTINCT ?role) AS ?roles) WHERE {{
              ?requirement <{RG}forRole> ?role ; <{RG}skill> ?skill }} GROUP BY ?skill"""
    )
    fan_out = [int(n.value) for _skill, n in rows.rows]
    assert max(fan_out) >= 2, "some skill is required by several roles"
    assert min(fan_out) == 1, "some roles use skill variants of their own"
    manifest = synthetic.read_manifest(three)
    assert len(manifest["skill_roles"]) > 31  # more skills than the real role's


def test_deterministic_for_a_seed(three: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    synthetic.generate_catalog(3, again, seed=0)
    for path in sorted(three.glob("*.ttl")):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    other = tmp_path / "other"
    synthetic.generate_catalog(3, other, seed=1)
    assert sorted(p.name for p in other.glob("*.ttl")) != sorted(
        p.name for p in three.glob("*.ttl")
    )
