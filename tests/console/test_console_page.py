"""The console page: served to browsers, self-contained, configured for this endpoint.

The page's helpers (tokenizer, prefixes, parameter binding) are also run under Node, when it
is installed, and compared with rolegraph's own Python tokenizer on every example question.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from importlib import resources

import pytest
from fastapi.testclient import TestClient

from rolegraph.api.console import console_page
from rolegraph.namespaces import PREFIXES
from rolegraph.queries import shipped_catalog
from rolegraph.store.sparql_text import where_group_start

SCRIPT = resources.files("rolegraph.api").joinpath("console_assets", "console.js")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)


class _Page(HTMLParser):
    """Resource URLs, links, inline scripts and styles of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.sources: list[str] = []
        self.links: list[str] = []
        self.scripts: list[tuple[dict, str]] = []
        self.styles: list[str] = []
        self._open: tuple[str, dict] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in ("src", "srcset", "data", "poster", "action", "formaction"):
            if values.get(name):
                self.sources.append(values[name])
        if tag == "link" and values.get("href"):
            self.sources.append(values["href"])
        elif values.get("href"):
            self.links.append(values["href"])
        if tag in ("script", "style"):
            self._open = (tag, values)

    def handle_data(self, data: str) -> None:
        if self._open is None:
            return
        tag, values = self._open
        if tag == "script":
            self.scripts.append((values, data))
        else:
            self.styles.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._open = None


@pytest.fixture(scope="module")
def page(client: TestClient) -> tuple[str, _Page]:
    response = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    parsed = _Page()
    parsed.feed(response.text)
    return response.text, parsed


def test_served_to_browsers_only(client: TestClient) -> None:
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/sparql", headers={"Accept": browser}).text.startswith("<!doctype html>")
    turtle = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert "sd:Service" in turtle.text or "Service" in turtle.text
    assert client.get("/sparql").headers["content-type"].startswith("text/turtle")


def test_nothing_is_fetched_from_elsewhere(page: tuple[str, _Page]) -> None:
    _, parsed = page
    assert parsed.sources == [], "no src/href resources at all: CSS and JS are inline"
    for style in parsed.styles:
        assert "url(" not in style and "@import" not in style
    code = [body for attrs, body in parsed.scripts if attrs.get("type") != "application/json"]
    assert len(code) == 1 and "fetch(" in code[0]
    assert not re.search(r"""fetch\(\s*['"`](?:https?:)?//""", code[0])
    assert not re.search(r"""(?:https?:)?//[^'"`\s]*\.(?:js|css)\b""", code[0])
    for href in parsed.links:
        assert not EXTERNAL.match(href), href
    assert "/vocabulary" in parsed.links and "/docs" in parsed.links


def test_configured_for_this_endpoint(page: tuple[str, _Page]) -> None:
    _, parsed = page
    [config] = [json.loads(body) for attrs, body in parsed.scripts if attrs.get("id") == "config"]
    assert config == {"endpoint": "/sparql", "root": "", "prefixes": PREFIXES}


def test_root_path_is_honoured() -> None:
    text = console_page("/api/sparql", "limits", "/api")
    parsed = _Page()
    parsed.feed(text)
    assert "/api/vocabulary" in parsed.links and "/api/docs" in parsed.links


def test_data_cannot_break_out_of_the_page() -> None:
    text = console_page('/x"><script>alert(1)</script>', "<b>limits</b>", "</script>")
    assert "<script>alert(1)" not in text and "<b>limits</b>" not in text
    assert text.count("</script>") == 2  # the config block and the code


# -- the page's JavaScript helpers under Node --------------------------------------------

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
EXAMPLES = sorted(shipped_catalog().group("examples"), key=lambda s: s.name)


def _node(program: str, data: object) -> object:
    assert NODE is not None
    script = f"require({json.dumps(str(SCRIPT))});\nconst h = globalThis.rolegraphConsole;\n"
    script += "const data = JSON.parse(require('fs').readFileSync(0, 'utf8'));\n" + program
    done = subprocess.run(
        [NODE, "-e", script], input=json.dumps(data), capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@needs_node
def test_script_tokenizer_agrees_with_rolegraph() -> None:
    texts = [s.text for s in EXAMPLES] + [
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        "DESCRIBE <http://example.org/x>",
        'PREFIX a: <http://a/> SELECT ("{" AS ?x) # {\n WHERE { ?s a:p ?o }',
        "SELECT * WHERE { ?s ?p ?o ",
    ]
    found = _node(
        "console.log(JSON.stringify(data.map(t => [h.whereGroupStart(t), h.queryForm(t)])));",
        texts,
    )
    assert [f[0] for f in found] == [where_group_start(t) for t in texts]
    assert [f[1] for f in found[: len(EXAMPLES)]] == [s.form.upper() for s in EXAMPLES]


@needs_node
def test_script_adds_only_the_prefixes_a_query_uses() -> None:
    query = "# note rg:x\nSELECT ?a WHERE { ?a a rg:KPI ; skos:prefLabel 'x:y' }"
    text = _node("console.log(JSON.stringify(h.addPrefixes(data[0], data[1])));", [query, PREFIXES])
    assert text.splitlines()[:3] == [
        "# note rg:x",
        f"PREFIX rg: <{PREFIXES['rg']}>",
        f"PREFIX skos: <{PREFIXES['skos']}>",
    ]
    assert text.count("PREFIX") == 2
    again = _node("console.log(JSON.stringify(h.addPrefixes(data[0], data[1])));", [text, PREFIXES])
    assert again == text


@needs_node
def test_script_binds_parameters_that_the_endpoint_accepts(
    client: TestClient, loaded_store: object
) -> None:
    listed = client.get("/sparql/examples").json()
    program = """
const out = data.examples.map(ex => {
  let text = ex.text;
  for (const p of ex.params) {
    const value = p.default ?? p.example;
    if (value !== null) text = h.bindValue(text, p.variable, h.paramTerm(p, value, data.prefixes));
  }
  return h.addPrefixes(text, data.prefixes);  // as the console does after binding
});
console.log(JSON.stringify(out));"""
    bound = _node(program, {"examples": listed, "prefixes": PREFIXES})
    accept = "application/sparql-results+json, text/turtle;q=0.9"
    for entry, text in zip(listed, bound, strict=True):
        for param in entry["params"]:
            if param["default"] is not None or param["example"] is not None:
                assert f"VALUES ?{param['variable']} {{ " in text, entry["name"]
        response = client.get("/sparql", params={"query": text}, headers={"Accept": accept})
        assert response.status_code == 200, (entry["name"], response.text)
    unbind = "h.bindValue(h.bindValue(data, 'role', 'role:x'), 'role', null)"
    removed = _node(f"console.log(JSON.stringify({unbind}));", listed[0]["text"])
    assert removed == listed[0]["text"]


@needs_node
def test_script_reads_parameter_values_like_rolegraph() -> None:
    params = {
        "id": {
            "name": "role",
            "type": "id",
            "kind": "role",
            "namespace": "https://w3id.org/rolegraph/id/role/",
        },
        "concept": {
            "name": "level",
            "type": "concept",
            "kind": "importance",
            "namespace": "https://w3id.org/rolegraph/concept/importance-",
            "enum": ["critical", "important"],
        },
        "string": {"name": "q", "type": "string"},
        "integer": {"name": "n", "type": "integer"},
    }
    cases = [
        ["id", "ai-engineer", "role:ai-engineer"],
        ["id", "https://example.org/r", "<https://example.org/r>"],
        ["concept", "critical", "rgc:importance-critical"],
        ["concept", "importance-important", "rgc:importance-important"],
        ["concept", "nope", "error"],
        ["id", "Not An Id", "error"],
        ["string", 'say "hi"', '"say \\"hi\\""'],
        ["integer", "12", "12"],
        ["integer", "1.5", "error"],
    ]
    program = """
console.log(JSON.stringify(data.cases.map(([kind, value]) => {
  try { return h.paramTerm(data.params[kind], value, data.prefixes); } catch { return 'error'; }
})));"""
    found = _node(program, {"cases": cases, "params": params, "prefixes": PREFIXES})
    assert found == [case[2] for case in cases]
