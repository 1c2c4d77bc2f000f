"""Conditional requests and the response cache, both keyed by the store's data version.

The ETag is a hash of (data version, request key): it changes exactly when the data changes
(every write changes the version) or when the request asks for something else (path, query
parameters, representation). A cached response is looked up by the same pair, so a write
invalidates every cached response at once without walking the cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass

CACHE_CONTROL = "public, max-age=60"
DEFAULT_CACHE_ENTRIES = 2048


def make_etag(version: str, key: str) -> str:
    """A strong ETag for the representation `key` of data `version`."""
    digest = hashlib.blake2b(f"{version}\0{key}".encode(), digest_size=12).hexdigest()
    return f'"{digest}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 If-None-Match: `*` or any listed tag equal under weak comparison."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    bare = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == bare for tag in if_none_match.split(","))


@dataclass(frozen=True)
class CachedResponse:
    body: bytes
    media_type: str
    headers: tuple[tuple[str, str], ...]


class ResponseCache:
    """A bounded LRU of serialised responses, keyed by (data version, request key).

    `entries=0` turns it off (every request runs its query: the "cold" mode of the benchmark).
    """

    def __init__(self, entries: int = DEFAULT_CACHE_ENTRIES) -> None:
        self.entries = entries
        self._items: OrderedDict[tuple[str, str], CachedResponse] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, version: str, key: str) -> CachedResponse | None:
        if self.entries <= 0:
            return None
        with self._lock:
            found = self._items.get((version, key))
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end((version, key))
            self.hits += 1
            return found

    def put(self, version: str, key: str, response: CachedResponse) -> None:
        if self.entries <= 0:
            return
        with self._lock:
            self._items[(version, key)] = response
            self._items.move_to_end((version, key))
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
