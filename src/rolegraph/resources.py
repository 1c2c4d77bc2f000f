"""Where the shipped ontology, shapes, queries and blueprints are.

The top-level folders `ontology/`, `shapes/` and `queries/` are the one source; the wheel
ships them as `rolegraph/_data/...` (see pyproject's force-include). From a source checkout
(editable install, tests) they are read in place, so an edit is seen without reinstalling.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """The folder holding `ontology/`, `shapes/` and `queries/`."""
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "ontology" / "rolegraph.ttl").is_file():
        return checkout
    shipped = _PACKAGE_DIR / "_data"
    if (shipped / "ontology" / "rolegraph.ttl").is_file():
        return shipped
    raise FileNotFoundError(
        "rolegraph data not found: expected ontology/rolegraph.ttl in the source checkout "
        f"({checkout}) or in the installed package ({shipped}). Reinstall the package."
    )


def ontology_dir() -> Path:
    return data_root() / "ontology"


def ontology_file() -> Path:
    """The OWL ontology (TBox)."""
    return ontology_dir() / "rolegraph.ttl"


def schemes_file() -> Path:
    """The SKOS concept schemes of controlled values."""
    return ontology_dir() / "schemes.ttl"


def blueprints_dir() -> Path:
    """Generated blueprint graphs (`<role>.ttl`) and curated links (`<role>.links.ttl`)."""
    return ontology_dir() / "blueprints"


def sources_dir() -> Path:
    """Source documents the blueprints are imported from."""
    return ontology_dir() / "sources"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"
