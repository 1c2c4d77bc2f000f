"""A small SPARQL tokenizer: just enough structure to place things in query text safely.

It never builds queries from user input. It finds positions (the opening brace of the
outermost WHERE group, where a VALUES block of bound terms goes), the query form (to
negotiate a result format before evaluation, and to refuse updates on a query endpoint) and
whether the query names its own dataset (FROM). Comments, strings and IRIs are skipped as
whole tokens, so a `{`, `#` or keyword inside them is never mistaken for structure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

QUERY_FORMS = frozenset({"SELECT", "CONSTRUCT", "ASK", "DESCRIBE"})
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
             | '''(?:[^'\\]|\\.|'(?!''))*'''
             | "(?:[^"\\\n\r]|\\.)*"
             | '(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]+)
  | (?P<name>(?:[^\W\d]|_)[\w\-.]*(?::[\w\-.:%\\]*)?|:[\w\-.:%\\]*)
  | (?P<number>\d[\w.]*)
  | (?P<punct>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True)
class Token:
    kind: str
    """One of: comment, string, iri, var, name, number, punct (whitespace is dropped)."""
    text: str
    start: int

    @property
    def keyword(self) -> str | None:
        """The upper-cased word when the token is a bare word (a possible keyword)."""
        return self.text.upper() if self.kind == "name" and ":" not in self.text else None


def tokens(text: str) -> Iterator[Token]:
    """The significant tokens of `text` (whitespace and comments dropped).

    An unterminated string or IRI falls back to single-character tokens, which is harmless:
    the engine reports the syntax error with its exact position.
    """
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "punct"
        if kind in ("ws", "comment"):
            continue
        yield Token(kind, match.group(), match.start())


def _after_prologue(toks: list[Token]) -> int:
    """Index of the first token after BASE/PREFIX declarations."""
    i = 0
    while i < len(toks):
        kw = toks[i].keyword
        if kw == "BASE":
            i += 2
        elif kw == "PREFIX":
            i += 3
        else:
            break
    return i


_PROLOGUE = re.compile(
    r"""(?:\s+|\#[^\n\r]*|PREFIX\s+[^\s:<>]*:\s*<[^<>"{}|^`\\\x00-\x20]*>|BASE\s*<[^<>"{}|^`\\\x00-\x20]*>)*""",
    re.IGNORECASE,
)
_NAME = re.compile(r"(?:[^\W\d]|_)[\w\-.]*(?::[\w\-.:%\\]*)?")


def operation_keyword(text: str) -> str | None:
    """The first keyword after the prologue: SELECT/CONSTRUCT/ASK/DESCRIBE or an update verb.

    Reads only as far as that keyword (the prologue is short; queries can be long). A
    well-formed prologue is skipped with one regular expression; anything else is tokenized.
    """
    word = _NAME.match(text, _PROLOGUE.match(text).end())
    if word is not None and word.group().upper() not in ("PREFIX", "BASE"):
        return None if ":" in word.group() else word.group().upper()
    return keyword_after_prologue(text)


def keyword_after_prologue(text: str) -> str | None:
    """`operation_keyword` by tokenizing (the reference: any text, well-formed or not)."""
    skip = 0
    for tok in tokens(text):
        if skip:
            skip -= 1
            continue
        keyword = tok.keyword
        if keyword == "BASE":
            skip = 1
        elif keyword == "PREFIX":
            skip = 2
        else:
            return keyword
    return None


def query_form(text: str) -> str | None:
    """SELECT, CONSTRUCT, ASK or DESCRIBE; None when the text is not a query (or unreadable)."""
    keyword = operation_keyword(text)
    return keyword if keyword in QUERY_FORMS else None


def is_update(text: str) -> bool:
    """True when the text starts (after its prologue) like a SPARQL Update operation."""
    return operation_keyword(text) in UPDATE_KEYWORDS


def has_dataset_clause(text: str) -> bool:
    """True when the query names its dataset with FROM / FROM NAMED.

    FROM can only appear in a query's dataset clause (sub-queries have none), so one
    keyword token is enough.
    """
    return _mentions("FROM", text) and any(tok.keyword == "FROM" for tok in tokens(text))


def uses_service(text: str) -> bool:
    """True when the query calls SERVICE (federated query: outbound HTTP from the server)."""
    return _mentions("SERVICE", text) and any(tok.keyword == "SERVICE" for tok in tokens(text))


_WORDS = {word: re.compile(rf"\b{word}\b", re.IGNORECASE) for word in ("FROM", "SERVICE")}


def _mentions(word: str, text: str) -> bool:
    """Whether `word` stands alone anywhere in `text`: a cheap test before tokenizing, true
    for every keyword token (a name token ends where a word character cannot follow)."""
    return word.lower() in text.lower() and _WORDS[word].search(text) is not None


def dataset_clauses(text: str) -> tuple[list[str], list[str]]:
    """IRIs of the query's FROM and FROM NAMED clauses (prefixed names and BASE resolved).

    For servers whose union-default-graph mode ignores FROM (Oxigraph's does): the remote
    store sends them as the protocol's `default-graph-uri`/`named-graph-uri` instead.
    """
    toks = list(tokens(text))
    base, prefixes = "", {}
    i = 0
    while i < len(toks) and toks[i].keyword in ("BASE", "PREFIX"):
        if toks[i].keyword == "BASE" and i + 1 < len(toks):
            base = urljoin(base, toks[i + 1].text[1:-1])
            i += 2
        elif i + 2 < len(toks):
            prefixes[toks[i + 1].text.rstrip(":")] = urljoin(base, toks[i + 2].text[1:-1])
            i += 3
        else:
            break
    default: list[str] = []
    named: list[str] = []
    if i < len(toks) and toks[i].keyword == "CONSTRUCT":
        i += 1
        if i < len(toks) and toks[i].text == "{":
            i = _skip_group(toks, i)
    while i < len(toks) and toks[i].text != "{" and toks[i].keyword != "WHERE":
        if toks[i].keyword == "FROM" and i + 1 < len(toks):
            is_named = toks[i + 1].keyword == "NAMED"
            target = toks[i + 2] if is_named and i + 2 < len(toks) else toks[i + 1]
            iri = _resolve(target, base, prefixes)
            if iri is not None:
                (named if is_named else default).append(iri)
            i += 3 if is_named else 2
        else:
            i += 1
    return default, named


def _resolve(token: Token, base: str, prefixes: dict[str, str]) -> str | None:
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "name" and ":" in token.text:
        prefix, local = token.text.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local.replace("\\", "")
    return None


def where_group_start(text: str) -> int | None:
    """Offset of the `{` opening the outermost WHERE group, or None when there is none.

    A WHERE group that only wraps a `SELECT *` sub-select (see `_wrapped_select_group`) gives
    the sub-select's group instead.

    CONSTRUCT templates are skipped; the short form `CONSTRUCT WHERE { ... }` and a DESCRIBE
    without WHERE have no group that may hold a VALUES block, so they give None.
    """
    toks = list(tokens(text))
    i = _after_prologue(toks)
    if i >= len(toks) or toks[i].keyword not in QUERY_FORMS:
        return None
    form = toks[i].keyword
    i += 1
    if form == "CONSTRUCT":
        if i >= len(toks) or toks[i].text != "{":
            return None  # short form: the pattern is also the template
        i = _skip_group(toks, i)
    depth = 0
    for k in range(i, len(toks)):
        punct = toks[k].text
        if punct in ("(", "["):
            depth += 1
        elif punct in (")", "]"):
            depth -= 1
        elif punct == "{" and depth == 0:
            while (inner := _wrapped_select_group(toks, k)) is not None:
                k = inner
            return toks[k].start
    return None


_NOT_TRANSPARENT = frozenset({"LIMIT", "OFFSET", "VALUES", "GROUP", "HAVING"})


def _wrapped_select_group(toks: list[Token], k: int) -> int | None:
    """When the group opened at toks[k] is only a `{ SELECT * WHERE { ... } ORDER BY ... }`
    sub-select, the index of that sub-select's WHERE brace; else None.

    Such a wrapper (e.g. ordering rows before GROUP_CONCAT, so the concatenation is the same
    on every store) projects every variable of its pattern and drops no row, so a VALUES
    block inside it means what it would mean outside, and lets the engine use it early.
    """
    j = k + 1
    if j + 2 >= len(toks) or toks[j].text != "{" or toks[j + 1].keyword != "SELECT":
        return None
    j += 2
    if toks[j].keyword in ("DISTINCT", "REDUCED"):
        j += 1
    if j >= len(toks) or toks[j].text != "*":
        return None
    j += 1
    if j < len(toks) and toks[j].keyword == "WHERE":
        j += 1
    if j >= len(toks) or toks[j].text != "{":
        return None
    inner = j
    m = _skip_group(toks, inner)
    while m < len(toks) and toks[m].text != "}":
        if toks[m].keyword in _NOT_TRANSPARENT or toks[m].text == "{":
            return None
        m += 1
    if m + 1 < len(toks) and toks[m + 1].text == "}" and _skip_group(toks, k) == m + 2:
        return inner
    return None


def _skip_group(toks: list[Token], i: int) -> int:
    """Index after the `}` matching the `{` at toks[i]."""
    depth = 0
    for j in range(i, len(toks)):
        if toks[j].text == "{":
            depth += 1
        elif toks[j].text == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(toks)


def ends_with_separator(text: str) -> bool:
    """True when the last token of an update is `;` (so another operation may follow as-is)."""
    last = None
    for last in tokens(text):  # noqa: B007 - we want the last token
        pass
    return last is not None and last.text == ";"


_POSITION = re.compile(r"(?:at|line) (\d+):(\d+)")


def error_position(message: str) -> tuple[int | None, int | None]:
    """(line, column) from an engine message like `error at 3:11: expected ...`."""
    match = _POSITION.search(message)
    return (int(match.group(1)), int(match.group(2))) if match else (None, None)
