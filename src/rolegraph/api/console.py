"""The query console page for browsers (GET /sparql with Accept: text/html).

Self-contained: the CSS and JavaScript in `console_assets/` are inlined into the page, and
the page fetches only from this service, with paths under its root (the endpoint itself,
`/sparql/examples`, links to `/vocabulary` and `/docs`). The prefix map is embedded as JSON.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib import resources

import orjson

from rolegraph.namespaces import PREFIXES

EXAMPLE_QUERY = """# Classes of the rolegraph ontology, with how many instances each has.
SELECT ?class ?label (COUNT(?item) AS ?instances) WHERE {
  ?class a owl:Class ;
         rdfs:label ?label .
  FILTER(STRSTARTS(STR(?class), STR(rg:)))
  OPTIONAL { ?item a ?class }
}
GROUP BY ?class ?label
ORDER BY DESC(?instances) ?label"""

_PLACEHOLDER = re.compile(r"\{(css|js|root|endpoint|limits|query|config)\}")
_SCRIPT_UNSAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@cache
def _asset(name: str) -> str:
    return resources.files("rolegraph.api").joinpath("console_assets", name).read_text("utf-8")


def script_json(value: object) -> str:
    """JSON that is safe inside a `<script>` element (no `</script>` can close it early)."""
    return orjson.dumps(value).decode("utf-8").translate(_SCRIPT_UNSAFE)


def console_page(endpoint: str, limits: str, root: str = "") -> str:
    """The console HTML for the endpoint at path `endpoint`, in an app mounted at `root`."""
    config = {"endpoint": endpoint, "root": root, "prefixes": PREFIXES}
    values = {
        "css": _asset("console.css"),
        "js": _asset("console.js"),
        "root": html.escape(root),
        "endpoint": html.escape(endpoint),
        "limits": html.escape(limits),
        "query": html.escape(EXAMPLE_QUERY),
        "config": script_json(config),
    }
    return _PLACEHOLDER.sub(lambda match: values[match.group(1)], _asset("console.html"))
