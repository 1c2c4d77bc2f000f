"""The `/vocabulary` page: the vocabulary model as one self-contained HTML reference.

Every class, property, concept scheme and concept has an anchor (`/vocabulary#KPI`,
`/vocabulary#rgc:importance-critical`). Everything taken from the data is HTML-escaped;
links to the console and the API docs are relative, so the page works under a root path.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from urllib.parse import quote

from rolegraph.api.vocabulary_model import (
    ClassInfo,
    ConceptInfo,
    PropertyInfo,
    SchemeInfo,
    TermRef,
    VocabularyModel,
)

_WEB = re.compile(r"^https?://", re.IGNORECASE)

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f}
header{background:#1f3a5f;color:#fff;padding:.6rem 1.5rem;display:flex;gap:1.2rem;
 align-items:center;flex-wrap:wrap}
header a{color:#fff}header strong{font-size:1.1rem;margin-right:auto}
main{max-width:70rem;margin:0 auto;padding:1rem 1.5rem 4rem}
code{font:13px ui-monospace,monospace;background:#f1f3f5;padding:0 .2rem;border-radius:3px}
a{color:#1f5fa8;text-decoration:none}a:hover{text-decoration:underline}
.term{border-top:1px solid #dde;padding:.6rem 0}.term:target{background:#fff8dc}
.term h3{margin:.2rem 0;font-size:1.05rem}.term h3 code{font-weight:normal;margin-left:.4rem}
.term h3 a.pilcrow{color:#aaa;margin-left:.3rem;font-weight:normal}
dl.facts{display:grid;grid-template-columns:11rem 1fr;gap:.15rem .8rem;margin:.4rem 0}
dl.facts dt{color:#555}dl.facts dd{margin:0}
.toc{columns:16rem;font-size:14px}.toc li{break-inside:avoid}
.badge{font-size:12px;background:#e7eef7;border-radius:3px;padding:0 .3rem;margin-left:.3rem}
table{border-collapse:collapse;width:100%;font-size:14px;margin:.4rem 0}
td,th{border-bottom:1px solid #e3e3e3;padding:.25rem .4rem;text-align:left;vertical-align:top}
tr:target{background:#fff8dc}
#filter{font:inherit;padding:.3rem .5rem;width:20rem;max-width:100%}
.hidden{display:none}
"""

_SCRIPT = """
const box = document.getElementById('filter');
box.addEventListener('input', () => {
  const words = box.value.toLowerCase().split(/\\s+/).filter(Boolean);
  document.querySelectorAll('.term, .concept').forEach(el => {
    const text = el.textContent.toLowerCase();
    el.classList.toggle('hidden', !words.every(w => text.includes(w)));
  });
});
"""


def _ref(ref: TermRef) -> str:
    """A term reference: a link to its anchor on this page, or to its IRI elsewhere."""
    code = f"<code>{escape(ref.curie)}</code>"
    if ref.anchor is not None:
        href = f"#{quote(ref.anchor, safe=':')}"
    elif _WEB.match(ref.iri):
        href = ref.iri
    else:  # only web IRIs become links (never `javascript:` and the like)
        return f'<span title="{escape(ref.iri)}">{code}</span>'
    return f'<a href="{escape(href)}" title="{escape(ref.iri)}">{code}</a>'


def _refs(refs: Iterable[TermRef]) -> str:
    return ", ".join(_ref(r) for r in refs)


def _facts(rows: Iterable[tuple[str, str]]) -> str:
    """A definition list of the rows whose (already escaped) value is not empty."""
    items = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows if v)
    return f'<dl class="facts">{items}</dl>' if items else ""


def _console_link(query: str) -> str:
    return f'<a href="sparql#query={quote(query, safe="")}">try in the console</a>'


def _heading(label: str, curie: str, anchor: str, badges: Iterable[str] = ()) -> str:
    marks = "".join(f'<span class="badge">{escape(b)}</span>' for b in badges)
    code = f"<code>{escape(curie)}</code>" if curie != label else ""
    return (
        f"<h3>{escape(label)}{code}{marks}"
        f'<a class="pilcrow" href="#{escape(quote(anchor, safe=":"))}" '
        f'aria-label="link to {escape(curie)}">¶</a></h3>'
    )


def _class(cls: ClassInfo) -> str:
    query = (
        f"SELECT ?item ?label WHERE {{\n  ?item a {cls.curie} .\n"
        "  OPTIONAL { ?item skos:prefLabel ?label }\n}\nLIMIT 100"
    )
    facts = _facts(
        [
            ("IRI", f"<code>{escape(cls.iri)}</code>"),
            ("subclass of", _refs(cls.superclasses)),
            ("subclasses", _refs(cls.subclasses)),
            ("disjoint with", _refs(cls.disjoint_with)),
            ("close match", _refs(cls.close_matches)),
            ("properties (domain)", _refs(cls.properties)),
            ("values of (range)", _refs(cls.used_by)),
            ("instances", _console_link(query)),
        ]
    )
    return (
        f'<section class="term" id="{escape(cls.anchor)}">'
        f"{_heading(cls.label, cls.curie, cls.anchor, ['class'])}"
        f"<p>{escape(cls.definition)}</p>{facts}</section>"
    )


def _property(prop: PropertyInfo) -> str:
    chains = "<br>".join(
        f"<code>{escape(' / '.join(chain))}</code>" for chain in prop.property_chains
    )
    query = f"SELECT ?subject ?value WHERE {{\n  ?subject {prop.curie} ?value .\n}}\nLIMIT 100"
    facts = _facts(
        [
            ("IRI", f"<code>{escape(prop.iri)}</code>"),
            ("domain", _refs(prop.domain)),
            ("range", _refs(prop.range)),
            ("characteristics", escape(", ".join(prop.characteristics))),
            ("subproperty of", _refs(prop.super_properties)),
            ("inverse of", _refs(prop.inverse_of)),
            ("property chain", chains),
            ("close match", _refs(prop.close_matches)),
            ("uses", _console_link(query) if prop.kind != "annotation" else ""),
        ]
    )
    return (
        f'<section class="term" id="{escape(prop.anchor)}">'
        f"{_heading(prop.label, prop.curie, prop.anchor, [prop.kind + ' property'])}"
        f"<p>{escape(prop.definition)}</p>{facts}</section>"
    )


def _concept(concept: ConceptInfo) -> str:
    rank = "" if concept.rank is None else str(concept.rank)
    return (
        f'<tr class="concept" id="{escape(concept.anchor)}">'
        f"<td>{escape(concept.label)}</td>"
        f'<td><a href="#{escape(quote(concept.anchor, safe=":"))}" title="{escape(concept.iri)}">'
        f"<code>{escape(concept.curie)}</code></a></td>"
        f"<td>{escape(', '.join(concept.alt_labels))}</td>"
        f"<td>{escape(concept.definition)}</td>"
        f"<td>{escape(', '.join(concept.notation))}</td><td>{escape(rank)}</td></tr>"
    )


def _scheme(scheme: SchemeInfo) -> str:
    rows = "".join(_concept(c) for c in scheme.concepts)
    badge = "open scheme" if scheme.open else "closed scheme"
    return (
        f'<section class="term" id="{escape(scheme.anchor)}">'
        f"{_heading(scheme.label, scheme.curie, scheme.anchor, [badge])}"
        f"<p>{escape(scheme.definition)}</p>"
        "<table><thead><tr><th>label</th><th>concept</th><th>alternative labels</th>"
        f"<th>definition</th><th>notation</th><th>rank</th></tr></thead><tbody>{rows}</tbody>"
        "</table></section>"
    )


def _toc(title: str, items: Iterable[tuple[str, str]]) -> str:
    links = "".join(
        f'<li><a href="#{escape(quote(anchor, safe=":"))}">{escape(label)}</a></li>'
        for anchor, label in items
    )
    return f"<h3>{escape(title)}</h3><ul class=toc>{links}</ul>"


def vocabulary_html(model: VocabularyModel) -> str:
    """The whole reference page."""
    onto = model.ontology
    own_classes = [c for c in model.classes if c.defined_here]
    own_props = [p for p in model.properties if p.defined_here]
    external = [c for c in model.classes if not c.defined_here] + [
        p for p in model.properties if not p.defined_here
    ]
    license_link = (
        f'<a href="{escape(onto.license)}">{escape(onto.license)}</a>'
        if _WEB.match(onto.license)
        else escape(onto.license)
    )
    meta = _facts(
        [
            ("ontology IRI", f"<code>{escape(onto.iri)}</code>"),
            ("version", escape(onto.version)),
            ("version IRI", f"<code>{escape(onto.version_iri)}</code>"),
            ("license", license_link if onto.license else ""),
            ("creator", escape(onto.creator)),
            ("created", escape(onto.created)),
            ("modified", escape(onto.modified)),
            (
                "namespace",
                f"<code>PREFIX {escape(onto.prefix)}: &lt;{escape(onto.namespace)}&gt;</code>",
            ),
            (
                "download",
                '<a href="vocabulary?format=turtle">Turtle</a> · '
                '<a href="vocabulary?format=json">JSON</a>',
            ),
        ]
    )
    toc = (
        _toc("Classes", [(c.anchor, c.label) for c in own_classes])
        + _toc("Properties", [(p.anchor, p.label) for p in own_props])
        + _toc("Concept schemes", [(s.anchor, s.label) for s in model.schemes])
    )
    external_terms = "".join(
        _class(t) if isinstance(t, ClassInfo) else _property(t) for t in external
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(onto.title or 'rolegraph vocabulary')}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{_STYLE}</style></head><body>"
        "<header><strong>rolegraph vocabulary</strong>"
        '<a href="sparql">SPARQL console</a><a href="docs">API docs</a>'
        '<a href="vocabulary?format=turtle">Turtle</a></header><main>'
        f"<h1>{escape(onto.title)}</h1><p>{escape(onto.description)}</p>{meta}"
        '<p><label>Filter terms <input id="filter" type="search" '
        'placeholder="e.g. skill, functional, importance"></label></p>'
        f'<nav aria-label="contents">{toc}</nav>'
        f'<h2 id="classes">Classes ({len(own_classes)})</h2>'
        + "".join(_class(c) for c in own_classes)
        + f'<h2 id="properties">Properties ({len(own_props)})</h2>'
        + "".join(_property(p) for p in own_props)
        + f'<h2 id="schemes">Concept schemes ({len(model.schemes)})</h2>'
        "<p>Controlled values: each is a <code>skos:Concept</code> in one scheme; queries "
        "name them like <code>rgc:importance-critical</code>.</p>"
        + "".join(_scheme(s) for s in model.schemes)
        + f'<h2 id="external">Terms from other vocabularies ({len(external)})</h2>'
        "<p>Declared in the ontology because rolegraph data uses them; defined elsewhere.</p>"
        f"{external_terms}</main><script>{_SCRIPT}</script></body></html>"
    )
