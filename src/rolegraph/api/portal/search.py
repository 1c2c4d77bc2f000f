"""GET /search: full-text search over every label and description, ranked by BM25.

The index is SQLite FTS5 (in memory, stdlib `sqlite3`), built from one SPARQL query over the
store (`queries/api/search_documents.rq`) and rebuilt when the store's data version changes,
so answers are always about the data being served. A SPARQL `CONTAINS` scan over a 1,000-role
catalog takes hundreds of milliseconds; an FTS5 match takes about a millisecond.

The user's words never reach FTS5's query syntax: `q` is split into words, each is quoted as
a phrase (the last one also as a prefix, for type-ahead), and the MATCH expression and the
filters are bound as SQL parameters.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from rolegraph.api.direct import direct
from rolegraph.api.portal.engine import Portal, portal_of
from rolegraph.api.portal.formats import Representation, dumps
from rolegraph.api.portal.jsonld import CLASS_OF_KIND, CONTEXT_PATH
from rolegraph.api.portal.models import page_model
from rolegraph.api.portal.pagination import PAGE_PARAMS, paginate_counted, parse_page
from rolegraph.api.portal.respond import respond
from rolegraph.api.portal.routes import PAGE_PARAMETERS, problem_responses
from rolegraph.api.problems import invalid
from rolegraph.namespaces import ID, ITEM_SEGMENTS, RG, SHARED_SEGMENTS
from rolegraph.queries import load_catalog

INDEX_QUERY = "search_documents"
MAX_QUERY_LENGTH = 200
_WORD = re.compile(r"\w+", re.UNICODE)
_ROLE_ID = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
KIND_OF_CLASS = {
    str(RG) + cls: segment
    for cls, segment in {**ITEM_SEGMENTS, **SHARED_SEGMENTS}.items()
    if cls not in ("SkillRequirement", "ToolUsage")
}
KIND_OF_CLASS[str(RG) + "TechnicalSkill"] = "skill"
KIND_OF_CLASS[str(RG) + "SoftSkill"] = "skill"
KINDS = sorted(set(KIND_OF_CLASS.values()))
DETAIL_ROUTES = {
    "role": "/roles/{id}",
    "kpi": "/kpis/{id}",
    "skill": "/skills/{id}",
    "tool": "/tools/{id}",
    "stakeholder": "/stakeholders/{id}",
}
LABEL_WEIGHT, DESCRIPTION_WEIGHT = 4.0, 1.0


class SearchHit(BaseModel):
    """One thing whose label or description matches the search words."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(description="Its id: the last segment of its IRI")
    type: str = Field(description=f"What it is: one of {', '.join(KINDS)}")
    label: str = Field(description="Its label")
    description: str | None = Field(default=None, description="Its description, if any")
    role: str | None = Field(default=None, description="The role whose blueprint lists it")
    score: float = Field(description="Relevance (BM25; higher is better)")
    href: str | None = Field(default=None, description="Its portal resource, when it has one")


SearchPage = page_model("Search", SearchHit)


@dataclass
class SearchIndex:
    """An FTS5 index of one data version."""

    version: str
    connection: sqlite3.Connection
    documents: int
    lock: threading.Lock

    roles: dict[str, int]
    """Role id -> the number in its filter token."""

    def search(
        self, match: str, kind: str | None, role: str | None, limit: int, offset: int
    ) -> tuple[int, list[tuple]]:
        """(total, rows) of the matches, best first.

        The type and role filters are tokens of the `tags` column, so FTS5 intersects them
        with the words' posting lists instead of reading every matching row."""
        if kind:
            match += f' AND tags:"{kind_token(kind)}"'
        if role:
            number = self.roles.get(role)
            if number is None:
                return 0, []
            match += f' AND tags:"{role_token(number)}"'
        with self.lock:
            total = self.connection.execute(
                "SELECT count(*) FROM docs WHERE docs MATCH ?", [match]
            ).fetchone()[0]
            rows = self.connection.execute(PAGE_QUERY, [match, limit, offset]).fetchall()
        return total, rows


PAGE_QUERY = (
    "SELECT d.iri, d.kind, d.label, d.description, d.role, top.rank FROM"
    f" (SELECT rowid, bm25(docs, {LABEL_WEIGHT}, {DESCRIPTION_WEIGHT}, 0.0) AS rank"
    "   FROM docs WHERE docs MATCH ? ORDER BY rank, rowid LIMIT ? OFFSET ?) AS top"
    " JOIN docs AS d ON d.rowid = top.rowid ORDER BY top.rank, top.rowid"
)
"""One page of matches, best first. The inner query ranks rowids only and the texts of the
page are read afterwards: reading them for every match (a common word matches 15% of a
1,000-role catalog) cost as much again as ranking. Rows are inserted in IRI order, so ties
fall in IRI order."""


def kind_token(kind: str) -> str:
    """`decision-right` -> `kdecisionright` (one token for the unicode61 tokenizer)."""
    return "k" + kind.replace("-", "")


def role_token(number: int) -> str:
    return f"r{number}x"


def build_index(portal: Portal, version: str) -> SearchIndex:
    """Run the index query and load its answers into a fresh FTS5 table."""
    spec = load_catalog(groups=["api"]).get(INDEX_QUERY)
    result = portal.store.select(spec.text)
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    connection.execute(
        "CREATE VIRTUAL TABLE docs USING fts5("
        "label, description, tags, iri UNINDEXED, kind UNINDEXED, role UNINDEXED, "
        "tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')"
    )
    index = {name: i for i, name in enumerate(result.variables)}
    seen: set[str] = set()
    roles: dict[str, int] = {}
    rows = []
    for row in result.rows:
        item, cls = row[index["item"]], row[index["class"]]
        if item is None or cls is None or item.value in seen:
            continue
        kind = KIND_OF_CLASS.get(cls.value)
        if kind is None:
            continue
        seen.add(item.value)
        description, role = row[index["description"]], row[index["role"]]
        role_id = role.value.rsplit("/", 1)[-1] if role is not None else None
        tags = kind_token(kind)
        if role_id is not None:
            tags += " " + role_token(roles.setdefault(role_id, len(roles)))
        rows.append(
            (
                row[index["label"]].value,
                description.value if description is not None else None,
                tags,
                item.value,
                kind,
                role_id,
            )
        )
    rows.sort(key=lambda row: row[3])  # rowid order = IRI order (the tie-break of a page)
    connection.executemany(
        "INSERT INTO docs (label, description, tags, iri, kind, role) VALUES (?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    return SearchIndex(version, connection, len(rows), threading.Lock(), roles)


async def current_index(portal: Portal, version: str) -> SearchIndex:
    """The index of `version`, (re)built when the data changed since the last build."""
    index: SearchIndex | None = portal.state.get("search")
    if index is not None and index.version == version:
        return index
    lock = portal.state.setdefault("search_lock", asyncio.Lock())
    async with lock:
        index = portal.state.get("search")
        if index is None or index.version != version:
            index = await asyncio.to_thread(build_index, portal, version)
            portal.state["search"] = index
    return index


def match_expression(q: str) -> str:
    """`observability for AI` -> `{label description} : ("observability" "for" "ai"*)`:
    quoted words (the last also a prefix) in the label and description columns only."""
    words = [w.lower() for w in _WORD.findall(q)]
    if not words:
        raise invalid("q", "must contain at least one word (letters or digits)", q)
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return "{label description} : (" + " ".join(quoted) + ")"


def _hit(row: tuple, score: float) -> dict[str, Any]:
    iri, kind, label, description, role = row[:5]
    prefix = f"{ID}{kind}/"
    ident = iri[len(prefix) :] if iri.startswith(prefix) else iri.rsplit("/", 1)[-1]
    route = DETAIL_ROUTES.get(kind)
    return {
        "id": ident,
        "type": kind,
        "label": label,
        "description": description,
        "role": role,
        "score": round(score, 4),
        "href": route.format(id=ident) if route else None,
    }


def _ld(row: tuple, hit: dict[str, Any]) -> dict[str, Any]:
    node = {"@id": row[0], "@type": CLASS_OF_KIND.get(hit["type"], "rg:BlueprintItem")}
    node.update((k, v) for k, v in hit.items() if k not in ("id", "type", "role"))
    if hit["role"]:
        node["role"] = f"{ID}role/{hit['role']}"
    return node


SEARCH_SPEC = load_catalog(groups=["api"]).get(INDEX_QUERY)
EXTRA = ("q", "type", "role")


def add_search_route(router: APIRouter) -> None:
    """GET /search and the warm-up of the index at startup."""
    router.lifespan_context = warm_up

    @router.get(
        "/search",
        tags=["Search"],
        summary="Full-text search over every label and description",
        description=(
            "Things whose label or description contain all the words of `q` (the last word "
            "also as a prefix), best first by BM25 relevance (label matches weigh more). "
            "Filter by `type` and by `role`. Kept in step with the data: the index is rebuilt "
            "when the data changes. Paginated like every list; also JSON-LD and CSV."
        ),
        operation_id="search",
        response_model=SearchPage,
        responses={
            200: {
                "description": "The matches, best first",
                "content": {
                    "application/ld+json": {"schema": {"type": "object"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            304: {"description": "Not modified: If-None-Match matched the current ETag"},
            **problem_responses(406, 422, 503),
        },
        openapi_extra={
            "parameters": [
                {
                    "name": "q",
                    "in": "query",
                    "required": True,
                    "description": "Words to look for",
                    "schema": {
                        "type": "string",
                        "minLength": 1,
                        "maxLength": MAX_QUERY_LENGTH,
                        "pattern": r"\w",
                    },
                    "example": "latency",
                },
                {
                    "name": "type",
                    "in": "query",
                    "required": False,
                    "description": "Only things of this type",
                    "schema": {"type": "string", "enum": KINDS},
                    "example": "kpi",
                },
                {
                    "name": "role",
                    "in": "query",
                    "required": False,
                    "description": "Only things a role's blueprint lists (a role id)",
                    "schema": {"type": "string", "pattern": _ROLE_ID.pattern},
                    "example": "ai-engineer",
                },
                *PAGE_PARAMETERS,
            ]
        },
    )
    @direct
    async def search(request: Request) -> Response:
        return await respond(
            request, SEARCH_SPEC, True, _validate(request), _body(request), PAGE_PARAMS, EXTRA
        )


def _validate(request: Request):
    def validate(values: dict[str, str]) -> tuple[str, str | None, str | None, Any]:
        q = values.get("q") or ""
        if not q.strip():
            raise invalid("q", "is required: the words to look for, e.g. q=latency")
        if len(q) > MAX_QUERY_LENGTH:
            raise invalid("q", f"must be at most {MAX_QUERY_LENGTH} characters long")
        kind = values.get("type") or None
        if kind is not None and kind not in KINDS:
            raise invalid("type", f"must be one of {', '.join(KINDS)}", kind)
        role = values.get("role") or None
        if role is not None and not _ROLE_ID.match(role):
            raise invalid("role", "must be a role id such as ai-engineer", role)
        return match_expression(q), kind, role, parse_page(request.query_params)

    return validate


def _body(request: Request):
    async def body(portal: Portal, prepared: Any, rep: Representation, version: str):
        match, kind, role, page = prepared
        index = await current_index(portal, version)
        total, rows = index.search(match, kind, role, page.limit, page.offset)
        hits = [_hit(row, -row[5]) for row in rows]
        sliced = paginate_counted(
            hits, total, page, request.url.path, request.query_params.multi_items()
        )
        headers = {"X-Total-Count": str(total)}
        link = sliced.link_header()
        if link:
            headers["Link"] = link
        if rep is Representation.CSV:
            return _csv(hits), headers
        envelope = sliced.envelope()
        if rep is Representation.JSONLD:
            envelope["items"] = [_ld(row, hit) for row, hit in zip(rows, hits, strict=True)]
            url = request.url.path + f"?{request.url.query}"
            envelope = {
                "@context": CONTEXT_PATH,
                "@id": url,
                "@type": "hydra:Collection",
                **envelope,
            }
        return dumps(envelope), headers

    return body


def _csv(hits: list[dict[str, Any]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    columns = list(SearchHit.model_fields)
    writer.writerow(columns)
    for hit in hits:
        writer.writerow(["" if hit[c] is None else hit[c] for c in columns])
    return out.getvalue().encode("utf-8")


@asynccontextmanager
async def warm_up(app: FastAPI) -> AsyncIterator[None]:
    """Build the search index in the background as soon as the app serves."""
    task = None
    store = getattr(app.state, "store", None)
    if store is not None:
        portal = portal_of(app)

        async def build() -> None:
            try:
                await current_index(portal, await portal.version())
            except Exception:  # a failed warm-up is retried by the first search
                portal.state.pop("search", None)

        task = asyncio.create_task(build())
    try:
        yield
    finally:
        if task is not None and not task.done():
            task.cancel()
