"""The query worker process: evaluates protocol queries on a snapshot, one at a time.

Started as ``python -m rolegraph.store.worker_main`` (a fresh interpreter: nothing of the API
process is inherited or re-imported) so a runaway query can be stopped by killing the
process; pyoxigraph has no timeout and holds its thread while it evaluates.

Messages are pickled, each preceded by its length (8 bytes, big-endian), on stdin/stdout:

- to the worker: ``Snapshot`` first, then ``(Snapshot | None, QueryRequest)`` per job (a
  snapshot only when the worker must switch to newer data);
- from the worker: ``("ready", version)`` once started, ``("loaded", version)`` after
  switching, then ``("ok", QueryResponse, seconds)`` or ``("error", StoreError, seconds)``
  (seconds: how long the evaluation took).

The worker exits when stdin closes.
"""

from __future__ import annotations

import os
import pickle
import signal
import struct
import sys
import time
from typing import Any, BinaryIO

from rolegraph.store.errors import StoreError
from rolegraph.store.evaluation import evaluate
from rolegraph.store.snapshot import open_snapshot

HEADER = struct.Struct(">Q")


def encode(message: Any) -> bytes:
    """A message as it travels: length header + pickle."""
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return HEADER.pack(len(payload)) + payload


def _read(stream: BinaryIO) -> Any:
    header = stream.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    (size,) = HEADER.unpack(header)
    payload = stream.read(size)
    if len(payload) < size:
        raise EOFError
    return pickle.loads(payload)


def serve(inbox: BinaryIO, outbox: BinaryIO) -> None:
    """Answer jobs from `inbox` on `outbox` until `inbox` closes."""

    def send(message: Any) -> None:
        outbox.write(encode(message))
        outbox.flush()

    snapshot = _read(inbox)
    store = open_snapshot(snapshot)
    version = snapshot.version
    send(("ready", version))
    while True:
        try:
            newer, request = _read(inbox)
        except EOFError:
            return
        if newer is not None:  # sent only when this worker's copy is older
            del store
            store = open_snapshot(newer)
            version = newer.version
            send(("loaded", version))
        start = time.perf_counter()
        try:
            status, payload = "ok", evaluate(store, request)
        except StoreError as err:
            status, payload = "error", err
        except Exception as err:  # never die on a bad query: report it
            status, payload = "error", StoreError(f"query failed: {type(err).__name__}: {err}")
        send((status, payload, time.perf_counter() - start))


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when workers stop
    outbox = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # stray prints must not corrupt replies
    serve(sys.stdin.buffer, outbox)


if __name__ == "__main__":
    main()
