"""What can go wrong when talking to a store, as errors the API can map to HTTP statuses."""

from __future__ import annotations

from rolegraph.errors import RolegraphError


class StoreError(RolegraphError):
    """Base of store errors (picklable with their arguments: they cross from worker processes)."""

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), self.args)


class QuerySyntaxError(StoreError):
    """The query (or update) does not parse; carries the engine's message and position."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.message, self.line, self.column))


class QueryEvaluationError(StoreError):
    """The query parsed but failed while being evaluated (or a worker died running it)."""


class QueryTimeoutError(StoreError):
    """The query ran longer than the configured limit and was stopped."""

    def __init__(self, seconds: float | None, detail: str | None = None) -> None:
        self.seconds = seconds
        self.detail = detail
        reason = detail or f"query exceeded the {seconds:g} s limit and was stopped"
        super().__init__(
            f"{reason}; narrow it (more specific patterns, fewer cross products) or add LIMIT"
        )

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), (self.seconds, self.detail))


class ResultTooLargeError(StoreError):
    """The result holds more rows (or triples) than the configured cap."""

    def __init__(self, limit: int, what: str = "rows", detail: str | None = None) -> None:
        self.limit = limit
        self._args = (limit, what, detail)
        reason = detail or f"the result has more than {limit:,} {what}"
        super().__init__(
            f"{reason} (the limit of this endpoint); "
            "add LIMIT/OFFSET to page through it, or narrow the query"
        )

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return (type(self), self._args)


class StoreUnavailableError(StoreError):
    """The store cannot be reached or answered with an unexpected error."""


class StoreConfigurationError(StoreError):
    """The store answers, but is not set up as rolegraph needs (e.g. no union default graph)."""


class UnsupportedQueryError(StoreError):
    """A request the store cannot serve as asked (e.g. bindings for a query without WHERE)."""
