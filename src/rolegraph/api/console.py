"""A small query console page for browsers (GET /sparql with Accept: text/html).

Self-contained: no script, style or font is fetched from anywhere; it calls this endpoint
(and /sparql/prefixes) with relative URLs only.
"""

from __future__ import annotations

import html

EXAMPLE_QUERY = """SELECT ?class ?label WHERE {
  ?class a owl:Class ;
         rdfs:label ?label .
}
ORDER BY ?label
LIMIT 25"""

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>rolegraph SPARQL</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:15px/1.4 system-ui,sans-serif;margin:1.5rem;max-width:75rem}
textarea{width:100%;height:16rem;font:13px/1.4 ui-monospace,monospace}
table{border-collapse:collapse;margin-top:1rem;font-size:13px}
td,th{border:1px solid #ccc;padding:.2rem .4rem;text-align:left;vertical-align:top}
pre{background:#f6f6f6;padding:.5rem;overflow:auto}.err{color:#a00}
</style></head><body>
<h1>rolegraph SPARQL endpoint</h1>
<p>SPARQL 1.1 queries over the union of all graphs. {limits}
Machine-readable description: <code>curl -H 'Accept: text/turtle' {endpoint}</code>.</p>
<form id="f" method="get" action="{endpoint}">
<textarea name="query" id="q" spellcheck="false">{example}</textarea>
<p><label>Format <select name="format" id="fmt">
<option value="">table</option><option>json</option><option>xml</option><option>csv</option>
<option>tsv</option><option>turtle</option><option>ntriples</option><option>rdfxml</option>
<option>jsonld</option></select></label>
<button type="submit">Run</button> <span id="status"></span></p>
</form>
<div id="out"></div>
<script>
const q = document.getElementById('q'), out = document.getElementById('out');
const st = document.getElementById('status');
fetch('{endpoint}/prefixes').then(r => r.json()).then(p => {
  if (q.value.startsWith('PREFIX')) return;
  const decls = Object.entries(p).map(([k, v]) => 'PREFIX ' + k + ': <' + v + '>');
  q.value = decls.join('\\n') + '\\n\\n' + q.value;
}).catch(() => {});
function cell(t) {
  if (!t) return '';
  if (t.type === 'uri') return '<' + t.value + '>';
  return t.value + (t['xml:lang'] ? '@' + t['xml:lang'] : '');
}
function show(text, cls) {
  const p = document.createElement('pre');
  p.className = cls || '';
  p.textContent = text;
  out.append(p);
}
document.getElementById('f').addEventListener('submit', async e => {
  if (document.getElementById('fmt').value) return;  // plain GET: the browser shows it
  e.preventDefault();
  st.textContent = 'running…';
  out.textContent = '';
  const t0 = performance.now();
  const r = await fetch('{endpoint}', {method: 'POST', body: q.value, headers: {
    'Content-Type': 'application/sparql-query',
    'Accept': 'application/sparql-results+json, text/turtle;q=0.9'}});
  const text = await r.text();
  st.textContent = r.status + ' in ' + Math.round(performance.now() - t0) + ' ms';
  if (!r.ok) return show(text, 'err');
  if (!(r.headers.get('Content-Type') || '').includes('json')) return show(text);
  const data = JSON.parse(text);
  if ('boolean' in data) return show(String(data.boolean));
  const vars = data.head.vars, table = document.createElement('table');
  const head = table.insertRow();
  vars.forEach(v => {
    const th = document.createElement('th');
    th.textContent = '?' + v;
    head.append(th);
  });
  data.results.bindings.forEach(b => {
    const row = table.insertRow();
    vars.forEach(v => { row.insertCell().textContent = cell(b[v]); });
  });
  st.textContent += ' · ' + data.results.bindings.length + ' rows';
  out.append(table);
});
</script></body></html>"""


def console_page(endpoint: str, limits: str) -> str:
    """The console HTML for the endpoint at `endpoint` (a path or URL)."""
    return (
        _PAGE.replace("{endpoint}", html.escape(endpoint))
        .replace("{limits}", html.escape(limits))
        .replace("{example}", html.escape(EXAMPLE_QUERY))
    )
