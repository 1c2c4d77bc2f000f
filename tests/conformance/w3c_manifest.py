"""Reading the W3C SPARQL 1.1 test manifests and comparing results the way the suite means.

- Files are named by their W3C IRIs (``http://www.w3.org/2009/sparql/docs/tests/
  data-sparql11/<suite>/<file>``): queries are run with that BASE and graphs named after
  their data files, as the expected results assume.
- Result sets are compared as multisets of solutions, up to a bijection of blank nodes, in
  order when the query ends with ORDER BY; graphs are compared by isomorphism.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic

from rolegraph.store.sparql_text import tokens

W3C_BASE = "http://www.w3.org/2009/sparql/docs/tests/data-sparql11/"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
QT = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-query#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
RS = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/result-set#")
RDFS_LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")

EVALUATION_SUITES = (
    "aggregates",
    "bind",
    "bindings",
    "construct",
    "csv-tsv-res",
    "exists",
    "functions",
    "grouping",
    "json-res",
    "negation",
    "project-expression",
    "property-path",
    "subquery",
)


def iri_of(path: Path, root: Path) -> str:
    return W3C_BASE + path.relative_to(root).as_posix()


def path_of(iri: str, root: Path) -> Path:
    return root / iri.removeprefix(W3C_BASE)


@dataclass(frozen=True)
class EvaluationTest:
    """A query evaluation, CSV result format or negative syntax test."""

    id: str
    """`suite/name`, e.g. `aggregates/agg01`."""
    kind: str
    """`QueryEvaluationTest`, `CSVResultFormatTest` or `NegativeSyntaxTest11`."""
    name: str
    query: Path
    data: tuple[Path, ...] = ()
    graph_data: tuple[Path, ...] = ()
    result: Path | None = None


@dataclass(frozen=True)
class ProtocolRequest:
    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    body: bytes | None
    expected_status: frozenset[str]
    """`2xx`, `3xx`, `4xx`, ... classes the status may be in."""
    expected_format: str | None
    expected_boolean: bool | None


@dataclass(frozen=True)
class ProtocolTest:
    id: str
    name: str
    requests: tuple[ProtocolRequest, ...]
    graph_data: tuple[tuple[Path, str], ...] = ()
    """(data file, graph name) pairs."""


def _manifest(suite_dir: Path, root: Path) -> Graph:
    graph = Graph()
    manifest = suite_dir / "manifest.ttl"
    graph.parse(manifest, format="turtle", publicID=iri_of(manifest, root))
    return graph


def _entries(graph: Graph) -> Iterator[URIRef]:
    for manifest in graph.subjects(RDF.type, MF.Manifest):
        for head in graph.objects(manifest, MF.entries):
            yield from Collection(graph, head)  # type: ignore[misc]


def evaluation_tests(root: Path) -> list[EvaluationTest]:
    """Every query evaluation, CSV and negative syntax test of the evaluation suites."""
    tests = []
    for suite in EVALUATION_SUITES:
        graph = _manifest(root / suite, root)
        for entry in _entries(graph):
            kind = str(graph.value(entry, RDF.type)).rsplit("#", 1)[-1]
            name = str(graph.value(entry, MF.name))
            test_id = f"{suite}/{str(entry).rsplit('#', 1)[-1]}"
            action = graph.value(entry, MF.action)
            if kind == "NegativeSyntaxTest11":
                tests.append(EvaluationTest(test_id, kind, name, path_of(str(action), root)))
                continue
            result = graph.value(entry, MF.result)
            tests.append(
                EvaluationTest(
                    test_id,
                    kind,
                    name,
                    path_of(str(graph.value(action, QT.query)), root),
                    tuple(sorted(path_of(str(d), root) for d in graph.objects(action, QT.data))),
                    tuple(
                        sorted(path_of(str(d), root) for d in graph.objects(action, QT.graphData))
                    ),
                    path_of(str(result), root) if result is not None else None,
                )
            )
    return tests


def protocol_tests(root: Path) -> list[ProtocolTest]:
    """The SPARQL 1.1 Protocol tests (HTTP requests with expected responses)."""
    graph = _manifest(root / "protocol", root)
    tests = []
    for entry in _entries(graph):
        name = str(graph.value(entry, MF.name))
        data = tuple(
            (path_of(str(graph.value(node, UT.graph)), root), str(graph.value(node, RDFS_LABEL)))
            for node in graph.objects(entry, UT.graphData)
        )
        connection = graph.value(entry, MF.action)
        requests = []
        for request in Collection(graph, graph.value(connection, HT.requests)):
            headers = []
            header_list = graph.value(request, HT.headers)
            if header_list is not None:
                for header in Collection(graph, header_list):
                    headers.append(
                        (
                            str(graph.value(header, HT.fieldName)),
                            str(graph.value(header, HT.fieldValue)),
                        )
                    )
            body_node = graph.value(request, HT.body)
            body = None
            if body_node is not None:
                encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(graph.value(body_node, CNT.chars)).encode(encoding)
            response = graph.value(request, HT.resp)
            statuses = frozenset(
                str(s).rsplit("StatusCode", 1)[-1].lower()
                for s in graph.objects(response, MF.expectedStatus)
            )
            boolean = graph.value(response, MF.expectedBoolean)
            fmt = graph.value(response, MF.expectedFormat)
            requests.append(
                ProtocolRequest(
                    str(graph.value(request, HT.methodName)),
                    str(graph.value(request, HT.absolutePath)),
                    tuple(headers),
                    body,
                    statuses,
                    str(fmt) if fmt is not None else None,
                    boolean.toPython() if boolean is not None else None,
                )
            )
        tests.append(
            ProtocolTest(f"protocol/{str(entry).rsplit('#', 1)[-1]}", name, tuple(requests), data)
        )
    return tests


# -- result sets --------------------------------------------------------------------------


@dataclass
class ResultSet:
    """SELECT solutions (rows of variable -> term) or an ASK boolean."""

    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, object]] = field(default_factory=list)
    boolean: bool | None = None


def parse_results(data: bytes, fmt: ox.QueryResultsFormat) -> ResultSet:
    """JSON, XML or TSV results (pyoxigraph's parsers) as a ResultSet."""
    parsed = ox.parse_query_results(data, format=fmt)
    if isinstance(parsed, ox.QueryBoolean):
        return ResultSet(boolean=bool(parsed))
    variables = [v.value for v in parsed.variables]
    rows = []
    for solution in parsed:
        rows.append({v: solution[v] for v in variables if solution[v] is not None})
    return ResultSet(variables, rows)


def parse_csv(data: bytes) -> ResultSet:
    """CSV results: values stay strings (CSV drops types), blank nodes are `_:` strings."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    if not rows:
        return ResultSet()
    variables = rows[0]
    return ResultSet(
        variables,
        [{v: x for v, x in zip(variables, row, strict=False) if x != ""} for row in rows[1:]],
    )


def parse_rdf_result_set(path: Path, root: Path) -> ResultSet:
    """A result set written in the DAWG `rs:` vocabulary (Turtle)."""
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=iri_of(path, root))
    rs = str(RS)
    variables = [
        row[0].value for row in store.query(f"SELECT ?v WHERE {{ ?r <{rs}resultVariable> ?v }}")
    ]
    rows: dict[object, dict[str, object]] = {}
    for solution, variable, value in store.query(
        f"""SELECT ?s ?var ?val WHERE {{
              ?r <{rs}solution> ?s .
              OPTIONAL {{ ?s <{rs}binding> ?b . ?b <{rs}variable> ?var ; <{rs}value> ?val }}
            }}"""
    ):
        row = rows.setdefault(solution, {})
        if variable is not None:
            row[variable.value] = value
    boolean = next(iter(store.query(f"SELECT ?b WHERE {{ ?r <{rs}boolean> ?b }}")), None)
    if boolean is not None:
        return ResultSet(boolean=boolean[0].value == "true")
    return ResultSet(variables, list(rows.values()))


def _is_blank(value: object) -> bool:
    return isinstance(value, ox.BlankNode) or (isinstance(value, str) and value.startswith("_:"))


def _unify(expected: dict, actual: dict, mapping: dict) -> dict | None:
    """Extend the blank node `mapping` so `expected` equals `actual`, or None."""
    if expected.keys() != actual.keys():
        return None
    extended = dict(mapping)
    used = set(extended.values())
    for key, value in expected.items():
        other = actual[key]
        if _is_blank(value) and _is_blank(other):
            if value in extended:
                if extended[value] != other:
                    return None
            elif other in used:
                return None
            else:
                extended[value] = other
                used.add(other)
        elif value != other:
            return None
    return extended


XSD = "http://www.w3.org/2001/XMLSchema#"
_DECIMALS = {
    XSD + t
    for t in (
        "decimal",
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "nonPositiveInteger",
        "positiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
    )
}
_FLOATS = {XSD + "double", XSD + "float"}


def _value(term: object) -> object:
    """Numeric literals by value within their datatype ("1.0"^^decimal = "1"^^decimal,
    "3.0E4"^^double = "30000"^^double): engines may write another lexical form of the same
    number (Oxigraph stores numbers as numbers). CSV text that reads as a number likewise.
    Everything else compares as the term itself."""
    try:
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            if datatype in _DECIMALS:
                return ("number", datatype, Decimal(term.value))
            if datatype in _FLOATS:
                return ("number", datatype, float(term.value))
        elif isinstance(term, str) and not term.startswith("_:"):
            return ("csv-number", float(term)) if _NUMBER.fullmatch(term) else term
    except (ArithmeticError, ValueError):
        pass
    return term


_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _normalized(rows: Sequence[dict]) -> list[dict]:
    return [{k: _value(v) for k, v in row.items()} for row in rows]


def same_solutions(expected: Sequence[dict], actual: Sequence[dict], ordered: bool) -> bool:
    """Equal as multisets (or sequences) of solutions, up to renaming blank nodes."""
    if len(expected) != len(actual):
        return False
    expected, actual = _normalized(expected), _normalized(actual)
    if ordered:
        mapping: dict | None = {}
        for left, right in zip(expected, actual, strict=True):
            mapping = _unify(left, right, mapping or {})
            if mapping is None:
                return False
        return True
    ground = [r for r in expected if not any(map(_is_blank, r.values()))]
    rest_actual = list(actual)
    for row in ground:  # rows without blank nodes match exactly
        try:
            rest_actual.remove(row)
        except ValueError:
            return False
    open_rows = [r for r in expected if any(map(_is_blank, r.values()))]
    return _match(open_rows, rest_actual, {})


def _match(expected: list[dict], actual: list[dict], mapping: dict) -> bool:
    if not expected:
        return not actual
    first, rest = expected[0], expected[1:]
    for index, candidate in enumerate(actual):
        extended = _unify(first, candidate, mapping)
        if extended is not None and _match(rest, actual[:index] + actual[index + 1 :], extended):
            return True
    return False


def has_order_by(query: str) -> bool:
    """True when the outermost query ends with ORDER BY (so the order is part of the answer)."""
    depth = 0
    for token in tokens(query):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.keyword == "ORDER":
            return True
    return False


def same_graph(expected: Path, actual: bytes, actual_format: str, root: Path) -> bool:
    """Isomorphic graphs (blank nodes matched by structure)."""
    left = Graph()
    suffix = expected.suffix.lower()
    left.parse(
        expected,
        format={".nt": "nt", ".rdf": "xml"}.get(suffix, "turtle"),
        publicID=iri_of(expected, root),
    )
    right = Graph()
    right.parse(data=actual, format=actual_format)
    return isomorphic(left, right)
