"""Synthetic catalogs of N roles shaped like the real AI Engineer blueprint.

Every role is the real AI Engineer graph (``ontology/blueprints/ai-engineer.ttl``, plus its
curated links ``ai-engineer.links.ttl`` when that file exists) with its IRIs and labels
rewritten:

- role 0 *is* the real AI Engineer, byte for byte, so the example parameters of the query
  catalogue (``ai-engineer``, ``ai-engineer.p95-inference-latency``, ...) exist in every
  synthetic catalog; roles 1..N-1 get synthetic names ("Payments Data Engineer", ...);
- ``role/ai-engineer`` -> ``role/<slug>``, ``blueprint/ai-engineer`` -> ``blueprint/<slug>``,
  each role-scoped item ``{segment}/ai-engineer.{x}`` -> ``{segment}/<slug>.{x}``, the role's
  named graphs (``graph:role/ai-engineer/...``) likewise;
- labels of role-scoped items get the role's name as a suffix ("p95 inference latency (Payments
  Data Engineer)"), "AI Engineer" in the role's own texts becomes the role's name;
- skills and tools are shared across roles: each real skill (tool) has a few variants
  ("Observability for AI services (Cloud)"), and each role picks, per real skill, the real
  concept or one of its variants with Zipf-like odds (the real one about a third of the
  time). A pool of ~300 skills and ~250 tools: cross-role questions ("which roles need
  skill X", the skill gap of two roles) fan out as they would in a real catalog.

Each role is written as ``<slug>.ttl`` and ``<slug>.links.ttl``, so
``rolegraph serve --data DIR`` (``catalog.blueprint_sources``) loads them into per-role
graphs. When the real curated links do not exist yet, plausible links are synthesized from
the facts (``manifest.json`` says which: ``"links": "curated" | "synthesized"``).

Deterministic for a seed; 1,000 roles take a few seconds (pyoxigraph terms, no rdflib).

    python benchmarks/synthetic.py 100 benchmarks/out/n100      # generate
    from benchmarks.synthetic import cached_catalog             # or import
    directory = cached_catalog(100)   # benchmarks/out/n100-seed0, regenerated when stale
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from rolegraph import resources
from rolegraph.importer.slugs import slugify
from rolegraph.namespaces import GRAPH, ID, PREFIXES, RG

GENERATOR_VERSION = 1
"""Bump when the output changes for the same input, so cached catalogs are regenerated."""

SOURCE_ROLE = "ai-engineer"
SOURCE_LABEL = "AI Engineer"
OUT_DIR = Path(__file__).resolve().parent / "out"
MANIFEST = "manifest.json"

SKILL_VARIANTS = 9
"""Variants per real skill: 31 real skills -> a pool of 310."""
TOOL_VARIANTS = 7
"""Variants per real tool: 32 real tools -> a pool of 256."""
QUALIFIERS = (
    "Cloud",
    "Enterprise",
    "Regulated",
    "Edge",
    "Realtime",
    "Mobile",
    "Embedded",
    "Healthcare",
    "Fintech",
    "Large-Scale",
    "Open-Source",
    "Startup",
)
DOMAINS = (
    "Data",
    "Platform",
    "Security",
    "Cloud",
    "Payments",
    "Search",
    "Growth",
    "Mobile",
    "Reliability",
    "Analytics",
    "Identity",
    "Infrastructure",
    "Observability",
    "Compliance",
    "Developer Experience",
    "Machine Learning",
    "Edge",
    "Marketplace",
    "Fraud",
    "Billing",
    "Content",
    "Integration",
    "Quality",
    "Network",
    "Storage",
    "Privacy",
    "Automation",
    "Experimentation",
    "Personalization",
    "Robotics",
    "Retrieval",
    "Speech",
    "Vision",
    "Forecasting",
    "Supply Chain",
    "Risk",
    "Customer Support",
    "Release",
    "Database",
    "API",
)
FUNCTIONS = (
    "Engineer",
    "Senior Engineer",
    "Staff Engineer",
    "Principal Engineer",
    "Architect",
    "Analyst",
    "Scientist",
    "Engineering Manager",
    "Product Manager",
    "Specialist",
    "Lead",
    "Consultant",
    "Operations Engineer",
    "Developer",
    "Program Manager",
    "Researcher",
    "Technician",
    "Strategist",
    "Administrator",
    "Designer",
    "Director",
    "Coordinator",
    "Advocate",
    "Auditor",
    "Test Engineer",
    "Owner",
)

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF_LABEL = ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel")
DC_SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
DC_IDENTIFIER = ox.NamedNode("http://purl.org/dc/terms/identifier")
PROV_DERIVED_FROM = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")
RG_SKILL = ox.NamedNode(str(RG.skill))
RG_TOOL = ox.NamedNode(str(RG.tool))
ID_BASE = str(ID)
SKILL_BASE = ID_BASE + "skill/"
TOOL_BASE = ID_BASE + "tool/"
SOURCE_GRAPHS = f"{GRAPH}role/{SOURCE_ROLE}"
_SOURCE_NAME = re.compile(r"\bAI Engineer\b")


# -- the source: the real role, parsed once ------------------------------------------------


@dataclass(frozen=True)
class _Item:
    """A role-scoped IRI: ``{base}{segment}/ai-engineer.{slug}``."""

    segment: str
    slug: str
    shared: ox.NamedNode | None = None
    """For a skill requirement / tool usage: the real skill / tool it is about."""


@dataclass
class Source:
    """The real role's facts and links, and what of them a synthetic role rewrites."""

    facts: list[ox.Triple]
    links: list[ox.Triple]
    links_kind: str
    fingerprint: str
    facts_bytes: bytes
    links_bytes: bytes | None
    items: dict[ox.NamedNode, _Item] = field(default_factory=dict)
    skills: dict[ox.NamedNode, str] = field(default_factory=dict)
    """Real skill -> its label."""
    tools: dict[ox.NamedNode, str] = field(default_factory=dict)
    documents: set[ox.NamedNode] = field(default_factory=set)
    """Source-document IRIs of the blueprint (dcterms:source, prov:wasDerivedFrom)."""
    reference_roles: set[str] = field(default_factory=set)
    """Slugs of other roles the real role mentions (career paths): never generated."""


def load_source(blueprints: Path | None = None, seed: int = 0) -> Source:
    """Parse the real AI Engineer graph (and curated links, or synthesize links)."""
    directory = blueprints or resources.blueprints_dir()
    facts_path = directory / f"{SOURCE_ROLE}.ttl"
    links_path = directory / f"{SOURCE_ROLE}.links.ttl"
    facts_bytes = facts_path.read_bytes()
    facts = _parse(facts_bytes)
    links_bytes = links_path.read_bytes() if links_path.is_file() else None
    digest = hashlib.sha256(facts_bytes)
    digest.update(links_bytes or b"<no curated links>")
    source = Source(
        facts=facts,
        links=_parse(links_bytes) if links_bytes is not None else [],
        links_kind="curated" if links_bytes is not None else "synthesized",
        fingerprint=digest.hexdigest()[:16],
        facts_bytes=facts_bytes,
        links_bytes=links_bytes,
    )
    _index(source)
    if links_bytes is None:
        source.links = synthesize_links(source.facts, seed)
    return source


def _parse(data: bytes) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(data, format=ox.RdfFormat.TURTLE)]


def _index(source: Source) -> None:
    role_prefix = ID_BASE + "role/"
    requirement_of: dict[ox.NamedNode, ox.NamedNode] = {}
    for s, p, o in _spo(source.facts):
        if p in (RG_SKILL, RG_TOOL) and isinstance(o, ox.NamedNode):
            requirement_of[s] = o
        if p == PREF_LABEL and isinstance(s, ox.NamedNode):
            if s.value.startswith(SKILL_BASE):
                source.skills[s] = o.value
            elif s.value.startswith(TOOL_BASE):
                source.tools[s] = o.value
        is_document = p in (DC_SOURCE, PROV_DERIVED_FROM) and isinstance(o, ox.NamedNode)
        if is_document and not o.value.startswith(str(GRAPH)):
            source.documents.add(o)
    for s, _p, o in _spo(source.facts + source.links):
        for term in (s, o):
            if not isinstance(term, ox.NamedNode):
                continue
            value = term.value
            if value.startswith(role_prefix) and value != role_prefix + SOURCE_ROLE:
                source.reference_roles.add(value[len(role_prefix) :])
            if not value.startswith(ID_BASE):
                continue
            segment, _, local = value[len(ID_BASE) :].partition("/")
            if local.startswith(SOURCE_ROLE + ".") and term not in source.items:
                slug = local[len(SOURCE_ROLE) + 1 :]
                source.items[term] = _Item(segment, slug, requirement_of.get(term))


def _spo(triples: Iterable[ox.Triple]) -> Iterable[tuple]:
    return ((t.subject, t.predicate, t.object) for t in triples)


def synthesize_links(facts: Sequence[ox.Triple], seed: int = 0) -> list[ox.Triple]:
    """Plausible curated links for the real role (used until ai-engineer.links.ttl exists).

    Every responsibility requires 2-4 of the role's skills, uses 1-3 tools, involves 1-2
    stakeholders and produces 0-2 deliverables; every KPI measures 1-2 responsibilities
    (each responsibility is measured by at least one); every activity serves one.
    """
    rng = random.Random(f"links-{seed}")
    by_type: dict[str, list[ox.NamedNode]] = {}
    skills: list[ox.NamedNode] = []
    tools: list[ox.NamedNode] = []
    for s, p, o in _spo(facts):
        if p == RDF_TYPE:
            by_type.setdefault(o.value.rsplit("#", 1)[-1], []).append(s)
        elif p == RG_SKILL:
            skills.append(o)
        elif p == RG_TOOL:
            tools.append(o)

    def of(kind: str) -> list[ox.NamedNode]:
        return sorted(set(by_type.get(kind, [])), key=str)

    responsibilities = of("Responsibility")
    skills, tools = sorted(set(skills), key=str), sorted(set(tools), key=str)
    stakeholders, deliverables = of("Stakeholder"), of("Deliverable")
    links: list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode]] = []

    def link(subject: ox.NamedNode, prop: str, pool: list[ox.NamedNode], low: int, high: int):
        if pool:
            for target in rng.sample(pool, min(len(pool), rng.randint(low, high))):
                links.append((subject, ox.NamedNode(str(RG[prop])), target))

    for responsibility in responsibilities:
        link(responsibility, "requiresSkill", skills, 2, 4)
        link(responsibility, "usesTool", tools, 1, 3)
        link(responsibility, "involvesStakeholder", stakeholders, 1, 2)
        link(responsibility, "producesDeliverable", deliverables, 0, 2)
    measures = ox.NamedNode(str(RG.measuresResponsibility))
    kpis = of("KPI")
    for index, kpi in enumerate(kpis):
        targets = {responsibilities[index % len(responsibilities)]} if responsibilities else set()
        if responsibilities and rng.random() < 0.5:
            targets.add(rng.choice(responsibilities))
        links += [(kpi, measures, r) for r in targets]
    for responsibility in responsibilities[len(kpis) :]:
        links.append((rng.choice(kpis), measures, responsibility))
    for activity in of("Activity"):
        link(activity, "servesResponsibility", responsibilities, 1, 1)
    for tool in tools[::3]:
        link(tool, "toolSupportsSkill", skills, 1, 2)
    return [ox.Triple(s, p, o) for s, p, o in sorted(set(links), key=lambda t: tuple(map(str, t)))]


# -- roles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RolePlan:
    """One synthetic role: its slug, label and which shared skills and tools it uses."""

    index: int
    slug: str
    label: str
    skills: dict[ox.NamedNode, ox.NamedNode]
    """Real skill -> the skill this role uses instead (itself or a variant)."""
    tools: dict[ox.NamedNode, ox.NamedNode]


def role_names(count: int, seed: int = 0, exclude: Iterable[str] = ()) -> list[tuple[str, str]]:
    """`count` distinct synthetic (slug, label) pairs, in a seed-determined order."""
    rng = random.Random(f"roles-{seed}")
    taken = {SOURCE_ROLE, *exclude}
    combos = [f"{d} {f}" for d in DOMAINS for f in FUNCTIONS]
    rng.shuffle(combos)
    names: list[tuple[str, str]] = []
    level = 1
    while len(names) < count:
        for combo in combos:
            label = combo if level == 1 else f"{combo} {_roman(level)}"
            slug = slugify(label)
            if slug not in taken:
                taken.add(slug)
                names.append((slug, label))
                if len(names) == count:
                    break
        level += 1
    return names


def _roman(n: int) -> str:
    numerals = [(10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]
    out = ""
    for value, letters in numerals:
        while n >= value:
            out += letters
            n -= value
    return out


def _variants(
    base: dict[ox.NamedNode, str], count: int
) -> dict[ox.NamedNode, list[tuple[ox.NamedNode, str]]]:
    """Real concept -> [(itself, label), (variant 1, label), ...]."""
    pool: dict[ox.NamedNode, list[tuple[ox.NamedNode, str]]] = {}
    for node, label in sorted(base.items(), key=lambda kv: kv[0].value):
        options = [(node, label)]
        for qualifier in QUALIFIERS[:count]:
            options.append(
                (ox.NamedNode(f"{node.value}-{slugify(qualifier)}"), f"{label} ({qualifier})")
            )
        pool[node] = options
    return pool


def _zipf_weights(size: int) -> list[float]:
    return [1.0 / (rank + 1) for rank in range(size)]


def plan_roles(source: Source, n_roles: int, seed: int = 0) -> list[RolePlan]:
    """Role 0 is the real AI Engineer; roles 1..n-1 are synthetic, drawn with `seed`."""
    if n_roles < 1:
        raise ValueError("a catalog needs at least one role")
    skill_pool = _variants(source.skills, SKILL_VARIANTS)
    tool_pool = _variants(source.tools, TOOL_VARIANTS)
    identity_skills = {s: s for s in skill_pool}
    identity_tools = {t: t for t in tool_pool}
    plans = [RolePlan(0, SOURCE_ROLE, SOURCE_LABEL, identity_skills, identity_tools)]
    rng = random.Random(f"shared-{seed}")
    skill_weights = _zipf_weights(SKILL_VARIANTS + 1)
    tool_weights = _zipf_weights(TOOL_VARIANTS + 1)
    names = role_names(n_roles - 1, seed, source.reference_roles)
    for index, (slug, label) in enumerate(names, start=1):
        skills = {
            real: rng.choices(options, skill_weights)[0][0] for real, options in skill_pool.items()
        }
        tools = {
            real: rng.choices(options, tool_weights)[0][0] for real, options in tool_pool.items()
        }
        plans.append(RolePlan(index, slug, label, skills, tools))
    return plans


# -- rewriting one role ------------------------------------------------------------------------


class _Rewriter:
    """Builds a role's triples from the source's; what happens to each object is decided once."""

    _MAP, _LABEL, _RENAME, _KEEP = range(4)

    def __init__(self, source: Source) -> None:
        self.source = source
        self.skill_labels = {
            node: label
            for options in _variants(source.skills, SKILL_VARIANTS).values()
            for node, label in options
        }
        self.tool_labels = {
            node: label
            for options in _variants(source.tools, TOOL_VARIANTS).values()
            for node, label in options
        }
        self.role_node = ox.NamedNode(ID_BASE + "role/" + SOURCE_ROLE)
        self.blueprint_node = ox.NamedNode(ID_BASE + "blueprint/" + SOURCE_ROLE)
        everything = source.facts + source.links
        self.graphs = sorted(
            {
                t.value
                for s, _p, o in _spo(everything)
                for t in (s, o)
                if isinstance(t, ox.NamedNode)
                and (t.value == SOURCE_GRAPHS or t.value.startswith(SOURCE_GRAPHS + "/"))
            }
        )
        self.item_labels = {
            s: o for s, p, o in _spo(source.facts) if p == PREF_LABEL and s in source.items
        }
        own = {self.role_node, self.blueprint_node, *source.items}
        relabelled = set(source.items) | set(source.skills) | set(source.tools)
        self.actions: dict[str, list[tuple]] = {}
        for part, triples in (("facts", source.facts), ("links", source.links)):
            actions = []
            for s, p, o in _spo(triples):
                if p == PREF_LABEL and s in relabelled:
                    code = self._LABEL
                elif isinstance(o, ox.NamedNode):
                    code = self._MAP
                elif s in own and isinstance(o, ox.Literal) and _SOURCE_NAME.search(o.value):
                    code = self._RENAME
                else:
                    code = self._KEEP
                actions.append((s, p, o, code))
            self.actions[part] = actions

    def triples(self, plan: RolePlan, part: str) -> list[ox.Triple]:
        """The source's `part` ("facts" or "links") rewritten for `plan`'s role."""
        iris, labels = self._maps(plan)
        renamed: dict[ox.Literal, ox.Literal] = {}
        out = []
        label_code, map_code, rename_code = self._LABEL, self._MAP, self._RENAME
        for s, p, o, code in self.actions[part]:
            if code == map_code:
                o2 = iris.get(o, o)
            elif code == label_code:
                o2 = labels[s]
            elif code == rename_code:
                o2 = renamed.get(o)
                if o2 is None:
                    o2 = renamed[o] = _renamed(o, plan.label)
            else:
                o2 = o
            out.append(ox.Triple(iris.get(s, s), p, o2))
        return out

    def _maps(
        self, plan: RolePlan
    ) -> tuple[dict[ox.NamedNode, ox.NamedNode], dict[ox.NamedNode, ox.Literal]]:
        """IRI -> IRI and subject -> new prefLabel for `plan`'s role."""
        role = plan.slug
        iris: dict[ox.NamedNode, ox.NamedNode] = {
            self.role_node: ox.NamedNode(ID_BASE + "role/" + role),
            self.blueprint_node: ox.NamedNode(ID_BASE + "blueprint/" + role),
        }
        labels: dict[ox.NamedNode, ox.Literal] = {}
        for graph in self.graphs:
            iris[ox.NamedNode(graph)] = ox.NamedNode(
                f"{GRAPH}role/{role}" + graph[len(SOURCE_GRAPHS) :]
            )
        for document in self.source.documents:
            iris[document] = ox.NamedNode(f"https://example.org/rolegraph/synthetic/{role}")
        for real, used in plan.skills.items():
            iris[real] = used
            labels[real] = ox.Literal(self.skill_labels[used], language="en")
        for real, used in plan.tools.items():
            iris[real] = used
            labels[real] = ox.Literal(self.tool_labels[used], language="en")
        suffix = f" ({plan.label})"
        for node, item in self.source.items.items():
            slug = item.slug
            name = None
            if item.shared is not None:
                used = iris.get(item.shared, item.shared)
                if used != item.shared:
                    slug = used.value.rsplit("/", 1)[-1]
                name = self.skill_labels.get(used) or self.tool_labels.get(used)
            iris[node] = ox.NamedNode(f"{ID_BASE}{item.segment}/{role}.{slug}")
            if name is not None:
                labels[node] = ox.Literal(name + suffix, language="en")
            elif node in self.item_labels:
                labels[node] = _renamed(self.item_labels[node], plan.label, suffix)
        return iris, labels


def _renamed(literal: ox.Literal, label: str, suffix: str = "") -> ox.Literal:
    """The literal with "AI Engineer" replaced by the role's label (and `suffix` appended)."""
    value = _SOURCE_NAME.sub(label, literal.value) + suffix
    if literal.language:
        return ox.Literal(value, language=literal.language)
    return ox.Literal(value, datatype=literal.datatype)


# -- writing a catalog -----------------------------------------------------------------------


def _turtle(triples: Sequence[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""


def generate_catalog(n_roles: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write `n_roles` roles (`<role>.ttl` + `<role>.links.ttl`) and `manifest.json` to
    `out_dir`; returns the RDF files written, sorted. Files of an earlier catalog in
    `out_dir` (listed in its manifest) are removed first."""
    started = time.perf_counter()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    _remove_previous(out_dir)
    source = load_source(seed=seed)
    plans = plan_roles(source, n_roles, seed)
    rewriter = _Rewriter(source)
    written: list[Path] = []
    triples = 0
    skill_roles: Counter[str] = Counter()
    tool_roles: Counter[str] = Counter()
    for plan in plans:
        facts_path = out_dir / f"{plan.slug}.ttl"
        links_path = out_dir / f"{plan.slug}.links.ttl"
        if plan.index == 0:
            facts_path.write_bytes(source.facts_bytes)
            links = source.links_bytes or _turtle(source.links)
            links_path.write_bytes(links)
        else:
            facts_path.write_bytes(_turtle(rewriter.triples(plan, "facts")))
            links_path.write_bytes(_turtle(rewriter.triples(plan, "links")))
        triples += len(source.facts) + len(source.links)
        skill_roles.update(s.value.rsplit("/", 1)[-1] for s in plan.skills.values())
        tool_roles.update(t.value.rsplit("/", 1)[-1] for t in plan.tools.values())
        written += [facts_path, links_path]
    manifest = {
        "generator_version": GENERATOR_VERSION,
        "n_roles": n_roles,
        "seed": seed,
        "source_fingerprint": source.fingerprint,
        "links": source.links_kind,
        "triples": triples,
        "seconds": round(time.perf_counter() - started, 2),
        "files": [p.name for p in written],
        "roles": [{"id": p.slug, "label": p.label} for p in plans],
        "skill_roles": dict(sorted(skill_roles.items(), key=lambda kv: (-kv[1], kv[0]))),
        "tool_roles": dict(sorted(tool_roles.items(), key=lambda kv: (-kv[1], kv[0]))),
    }
    (out_dir / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return sorted(written)


def _remove_previous(out_dir: Path) -> None:
    manifest = read_manifest(out_dir)
    for name in (manifest or {}).get("files", []):
        (out_dir / Path(name).name).unlink(missing_ok=True)


def read_manifest(out_dir: Path) -> dict | None:
    """The manifest of the catalog in `out_dir`, or None."""
    path = Path(out_dir) / MANIFEST
    if not path.is_file():
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        return None


def catalog_files(out_dir: Path) -> list[Path]:
    """The RDF files of the catalog in `out_dir` (as listed in its manifest), sorted."""
    manifest = read_manifest(out_dir) or {}
    return sorted(Path(out_dir) / name for name in manifest.get("files", []))


def source_fingerprint() -> str:
    """Changes when the real role's facts or curated links change."""
    facts = (resources.blueprints_dir() / f"{SOURCE_ROLE}.ttl").read_bytes()
    links_path = resources.blueprints_dir() / f"{SOURCE_ROLE}.links.ttl"
    digest = hashlib.sha256(facts)
    digest.update(links_path.read_bytes() if links_path.is_file() else b"<no curated links>")
    return digest.hexdigest()[:16]


def cached_catalog(n_roles: int, seed: int = 0, root: Path = OUT_DIR) -> Path:
    """`root/n<N>-seed<S>`, generated unless an up-to-date catalog is already there."""
    out_dir = Path(root) / f"n{n_roles}-seed{seed}"
    manifest = read_manifest(out_dir)
    fresh = (
        manifest is not None
        and manifest.get("generator_version") == GENERATOR_VERSION
        and manifest.get("n_roles") == n_roles
        and manifest.get("seed") == seed
        and manifest.get("source_fingerprint") == source_fingerprint()
        and all((out_dir / name).is_file() for name in manifest.get("files", []))
    )
    if not fresh:
        generate_catalog(n_roles, out_dir, seed)
    return out_dir


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n_roles", type=int, help="number of roles (role 0 is the real one)")
    parser.add_argument("out_dir", type=Path, help="directory for <role>.ttl, <role>.links.ttl")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    if args.n_roles < 1:
        parser.error("n_roles must be at least 1")
    started = time.perf_counter()
    files = generate_catalog(args.n_roles, args.out_dir, args.seed)
    manifest = read_manifest(args.out_dir) or {}
    print(
        f"{args.n_roles} roles, {len(files)} files, {manifest.get('triples', 0):,} triples "
        f"(links: {manifest.get('links')}) in {args.out_dir} "
        f"({time.perf_counter() - started:.1f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
