"""Service settings, built once at startup from the environment and command-line options.

Nothing reads configuration at import time: `Settings.from_env()` is called by the CLI (or a
test) and the result is passed to `create_app(settings)` / `open_store(settings.store)`.

=================================  ==========================================================
environment variable               meaning (CLI option)
=================================  ==========================================================
``ROLEGRAPH_STORE``                ``memory`` (default), a directory, ``http(s)://host:port``
                                   (an Oxigraph server) or ``sparql+http(s)://.../endpoint``
                                   (any SPARQL server, one URL for query and update)
                                   (``--store``)
``ROLEGRAPH_SPARQL_QUERY_URL``     query endpoint of a remote store (overrides ``--store``)
``ROLEGRAPH_SPARQL_UPDATE_URL``    update endpoint of a remote store
``ROLEGRAPH_GSP_URL``              Graph Store Protocol endpoint for fast loads (``none``: off)
``ROLEGRAPH_STORE_TIMEOUT``        HTTP timeout in seconds for store writes/reads (60)
``ROLEGRAPH_SPARQL_WORKERS``       query worker processes of /sparql (``--workers-for-sparql``, 2)
``ROLEGRAPH_QUERY_TIMEOUT``        seconds a /sparql query may run (``--query-timeout``, 30)
``ROLEGRAPH_SPARQL_INLINE_MS``     a query a worker answered faster than this runs in the
                                   server process when repeated on the same data
                                   (``--inline-below-ms``, 2; 0: always in a worker)
``ROLEGRAPH_RESULT_LIMIT``         most rows/triples of a /sparql answer (``--result-limit``)
``ROLEGRAPH_CORS_ORIGINS``         comma-separated allowed origins (``*``)
``ROLEGRAPH_LOAD``                 ``if-empty`` (default), ``always`` or ``never``
``ROLEGRAPH_ALLOW_SERVICE``        ``1`` lets /sparql queries use SERVICE (off: no outbound HTTP)
``ROLEGRAPH_TELEMETRY``            ``1`` turns on FastAPI's OpenTelemetry spans and metrics
                                   (they need a configured OpenTelemetry SDK; off by default:
                                   the check alone costs every request ~5 µs)
=================================  ==========================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from rolegraph import catalog
from rolegraph.catalog import GraphSource
from rolegraph.errors import InputError

Backend = Literal["embedded", "remote"]
LoadPolicy = Literal["if-empty", "always", "never"]

DEFAULT_QUERY_TIMEOUT = 30.0
DEFAULT_RESULT_LIMIT = 10_000
DEFAULT_SPARQL_WORKERS = 2
DEFAULT_INLINE_MS = 2.0


@dataclass(frozen=True)
class StoreSettings:
    """Which store to open and how to reach it."""

    backend: Backend = "embedded"
    path: Path | None = None
    """Directory of an on-disk embedded store; None keeps the data in memory."""
    query_url: str | None = None
    update_url: str | None = None
    gsp_url: str | None = None
    timeout: float = 60.0

    @classmethod
    def parse(cls, spec: str, environ: Mapping[str, str] | None = None) -> StoreSettings:
        """Read a `--store` value; for a remote store the endpoint variables override URLs.

        ``http(s)://host:port[/prefix]`` is an Oxigraph server (``/query``, ``/update`` and
        ``/store`` under it); ``sparql+http(s)://...`` is one SPARQL endpoint URL that
        takes both queries and updates (Fuseki's ``/dataset``, GraphDB's repository URL).
        """
        env = os.environ if environ is None else environ
        spec = spec.strip()
        timeout = float(env.get("ROLEGRAPH_STORE_TIMEOUT", "60"))
        if spec.startswith(("sparql+http://", "sparql+https://")):
            url = spec.removeprefix("sparql+")
            settings = cls("remote", None, url, url, None, timeout)
        elif spec.startswith(("http://", "https://")):
            base = spec.rstrip("/")
            settings = cls(
                "remote", None, f"{base}/query", f"{base}/update", f"{base}/store", timeout
            )
        elif spec in ("", "memory", ":memory:"):
            settings = cls("embedded", None, timeout=timeout)
        else:
            settings = cls("embedded", Path(spec).expanduser(), timeout=timeout)
        if settings.backend == "remote":
            gsp_url = env.get("ROLEGRAPH_GSP_URL", settings.gsp_url or "")
            settings = replace(
                settings,
                query_url=env.get("ROLEGRAPH_SPARQL_QUERY_URL") or settings.query_url,
                update_url=env.get("ROLEGRAPH_SPARQL_UPDATE_URL") or settings.update_url,
                gsp_url=None if gsp_url.lower() in ("", "none", "off") else gsp_url,
            )
        return settings

    @classmethod
    def from_env(
        cls, spec: str | None = None, environ: Mapping[str, str] | None = None
    ) -> StoreSettings:
        """`spec` (a `--store` value) or ROLEGRAPH_STORE; with neither, a remote store when
        ROLEGRAPH_SPARQL_QUERY_URL is set, else memory."""
        env = os.environ if environ is None else environ
        spec = spec if spec is not None else env.get("ROLEGRAPH_STORE")
        if spec is None and env.get("ROLEGRAPH_SPARQL_QUERY_URL"):
            spec = "sparql+" + env["ROLEGRAPH_SPARQL_QUERY_URL"]
        return cls.parse(spec or "memory", env)

    def describe(self) -> str:
        """For logs: where the data lives."""
        if self.backend == "remote":
            return f"remote SPARQL store {self.query_url}"
        return f"embedded store in {self.path}" if self.path else "embedded store in memory"


@dataclass(frozen=True)
class Settings:
    """Everything the service needs to start."""

    store: StoreSettings = field(default_factory=StoreSettings)
    data_files: tuple[Path, ...] = ()
    """RDF files served instead of the shipped blueprints (the vocabulary is still loaded)."""
    load: LoadPolicy = "if-empty"
    sparql_workers: int = DEFAULT_SPARQL_WORKERS
    query_timeout: float = DEFAULT_QUERY_TIMEOUT
    inline_below_ms: float = DEFAULT_INLINE_MS
    """Known-cheap /sparql queries (a worker answered them faster) run in the server process."""
    result_limit: int | None = DEFAULT_RESULT_LIMIT
    cors_origins: tuple[str, ...] = ("*",)
    allow_service: bool = False
    telemetry: bool = False
    """FastAPI's native OpenTelemetry (spans, metrics, logs) when an SDK is configured."""

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Settings:
        """Settings from `ROLEGRAPH_*` variables; keyword overrides (CLI options) win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {
            "store": StoreSettings.from_env(None, env),
            "load": env.get("ROLEGRAPH_LOAD", "if-empty"),
            "sparql_workers": _number(env, "ROLEGRAPH_SPARQL_WORKERS", int, DEFAULT_SPARQL_WORKERS),
            "query_timeout": _number(env, "ROLEGRAPH_QUERY_TIMEOUT", float, DEFAULT_QUERY_TIMEOUT),
            "inline_below_ms": _number(env, "ROLEGRAPH_SPARQL_INLINE_MS", float, DEFAULT_INLINE_MS),
            "result_limit": _number(env, "ROLEGRAPH_RESULT_LIMIT", int, DEFAULT_RESULT_LIMIT),
            "cors_origins": tuple(
                o.strip() for o in env.get("ROLEGRAPH_CORS_ORIGINS", "*").split(",") if o.strip()
            ),
            "allow_service": _flag(env, "ROLEGRAPH_ALLOW_SERVICE"),
            "telemetry": _flag(env, "ROLEGRAPH_TELEMETRY"),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        if isinstance(values["store"], str):
            values["store"] = StoreSettings.from_env(values["store"], env)
        values["data_files"] = tuple(Path(p) for p in values.get("data_files", ()))
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        """Refuse settings that cannot work, saying which one."""
        if self.load not in ("if-empty", "always", "never"):
            raise InputError(
                f"unknown load policy {self.load!r}",
                "ROLEGRAPH_LOAD",
                hint="use if-empty, always or never",
            )
        if self.sparql_workers < 0:
            raise InputError(
                "the number of SPARQL workers cannot be negative", "--workers-for-sparql"
            )
        if self.query_timeout <= 0:
            raise InputError("the query timeout must be positive", "--query-timeout")
        if self.inline_below_ms < 0:
            raise InputError("the inline threshold cannot be negative", "--inline-below-ms")
        if self.result_limit is not None and self.result_limit <= 0:
            raise InputError("the result limit must be positive", "--result-limit")

    def sources(self) -> list[GraphSource]:
        """What to load: the vocabulary plus `data_files`, or the whole shipped catalog."""
        if self.data_files:
            return catalog.vocabulary_sources() + catalog.data_file_sources(self.data_files)
        return catalog.shipped_sources()


def _flag(env: Mapping[str, str], name: str) -> bool:
    return env.get(name, "").strip().lower() in ("1", "true", "yes")


def _number(env: Mapping[str, str], name: str, kind: type, default: float) -> Any:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return kind(raw)
    except ValueError:
        raise InputError(f"{name} must be a number, not {raw!r}", name) from None


def parse_origins(values: Sequence[str]) -> tuple[str, ...]:
    """CLI `--cors-origin` values (each may be comma-separated) as a tuple."""
    return tuple(o.strip() for v in values for o in v.split(",") if o.strip())
