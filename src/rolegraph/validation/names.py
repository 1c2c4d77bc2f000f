"""Compact names for IRIs in reports: `rg:frequency`, `rgsh:KPI-frequency`, `kpi:ai-engineer.x`."""

from __future__ import annotations

from functools import cache

from rolegraph.namespaces import ID, ITEM_SEGMENTS, PREFIXES

SHAPES_NS = "https://w3id.org/rolegraph/shapes#"


@cache
def display_prefixes() -> list[tuple[str, str]]:
    """Prefixes for compact IRIs, as the importer writes them (longest namespace first)."""
    prefixes = dict(PREFIXES)
    prefixes["rgsh"] = SHAPES_NS
    for segment in ITEM_SEGMENTS.values():
        prefixes.setdefault(segment, f"{ID}{segment}/")
    return sorted(((p, ns) for p, ns in prefixes.items()), key=lambda x: -len(x[1]))


def compact(iri: str) -> str:
    """`https://w3id.org/rolegraph/ontology#frequency` -> `rg:frequency` (or `<iri>`)."""
    for prefix, namespace in display_prefixes():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            local = iri[len(namespace) :]
            if "/" not in local and "#" not in local:
                return f"{prefix}:{local}"
    return f"<{iri}>"
