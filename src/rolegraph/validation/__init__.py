"""SHACL validation of blueprint graphs: one library for the CLI, the service and benchmarks.

Entry points (see run.py): `validate_paths` (files and folders, what `rolegraph validate`
runs), `validate_bytes` (a request body), `validate_role` (one role's documents with its
catalog context) and `validate_catalog` (every role, in parallel). They all return a
`ValidationReport` (model.py); `report.to_rdf` gives the standard sh:ValidationReport.
"""

from rolegraph.validation.context import CatalogIndex, StoreContext
from rolegraph.validation.documents import Document, Unit, group, read_bytes, read_file
from rolegraph.validation.model import (
    Counts,
    Finding,
    FocusNodeReport,
    Location,
    Severity,
    ValidationReport,
)
from rolegraph.validation.report import to_rdf
from rolegraph.validation.run import (
    validate_bytes,
    validate_catalog,
    validate_documents,
    validate_paths,
    validate_role,
    validate_units,
)

__all__ = [
    "CatalogIndex",
    "Counts",
    "Document",
    "Finding",
    "FocusNodeReport",
    "Location",
    "Severity",
    "StoreContext",
    "Unit",
    "ValidationReport",
    "group",
    "read_bytes",
    "read_file",
    "to_rdf",
    "validate_bytes",
    "validate_catalog",
    "validate_documents",
    "validate_paths",
    "validate_role",
    "validate_units",
]
