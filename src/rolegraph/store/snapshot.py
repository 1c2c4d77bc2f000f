"""Read-only copies of an embedded store's data for query worker processes.

pyoxigraph says opening a store read-only while another process writes it is undefined
behaviour, so workers never open the live store: an in-memory store is dumped to N-Quads
that a worker bulk-loads; an on-disk store is checkpointed with `Store.backup` and each
worker opens the checkpoint read-only (no one writes it).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path

import pyoxigraph as ox


class SnapshotKind(Enum):
    NQUADS = "nquads"
    BACKUP = "backup"


@dataclass(frozen=True)
class Snapshot:
    """The data of one data version, as a file (N-Quads) or a directory (backup)."""

    version: str
    path: Path
    kind: SnapshotKind


def snapshot_name(version: str) -> str:
    """A file-system safe name for the snapshot of `version`."""
    safe = "".join(c for c in version if c.isalnum() or c in "-_") or "empty"
    return f"snapshot-{safe}"


def open_snapshot(snapshot: Snapshot) -> ox.Store:
    """A store holding the snapshot's data (in memory, or the backup opened read-only)."""
    if snapshot.kind is SnapshotKind.BACKUP:
        return ox.Store.read_only(str(snapshot.path))
    store = ox.Store()
    if snapshot.path.stat().st_size:
        store.bulk_load(path=str(snapshot.path), format=ox.RdfFormat.N_QUADS)
    return store
