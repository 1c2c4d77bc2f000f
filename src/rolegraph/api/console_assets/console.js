'use strict';
// The rolegraph SPARQL console. Inlined into the page by rolegraph.api.console; it talks to
// the endpoint with relative URLs only. The pure helpers (tokenizer, prefixes, terms, VALUES
// binding) do not touch the DOM and are exposed as globalThis.rolegraphConsole for tests.

const FORMS = ['SELECT', 'CONSTRUCT', 'ASK', 'DESCRIBE'];
const KINDS = ['ws', 'comment', 'string', 'iri', 'var', 'name', 'number', 'punct'];
// the same tokens as rolegraph.store.sparql_text: comments, strings and IRIs are whole tokens
const TOKEN = new RegExp([
  '(\\s+)', '(#[^\\n\\r]*)',
  '("""(?:[^"\\\\]|\\\\[\\s\\S]|"(?!""))*"""|\'\'\'(?:[^\'\\\\]|\\\\[\\s\\S]|\'(?!\'\'))*\'\'\'' +
    '|"(?:[^"\\\\\\n\\r]|\\\\.)*"|\'(?:[^\'\\\\\\n\\r]|\\\\.)*\')',
  '(<[^<>"{}|^`\\\\\\x00-\\x20]*>)',
  '([?$][\\p{L}\\p{N}_\\u00B7\\u0300-\\u036F\\u203F-\\u2040]+)',
  '((?:[\\p{L}_][\\p{L}\\p{N}_\\-.]*)?:[\\p{L}\\p{N}_\\-.:%\\\\]*|[\\p{L}_][\\p{L}\\p{N}_\\-.]*)',
  '(\\d[\\w.]*)', '([\\s\\S])',
].join('|'), 'gyu');

function tokens(text) {
  const out = [];
  TOKEN.lastIndex = 0;
  let m;
  while (TOKEN.lastIndex < text.length && (m = TOKEN.exec(text)) !== null) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    const kind = KINDS[group - 1];
    if (kind !== 'ws') out.push({kind, text: m[0], start: m.index});
  }
  return out;
}

const keyword = t => (t && t.kind === 'name' && !t.text.includes(':') ? t.text.toUpperCase() : null);
const significant = toks => toks.filter(t => t.kind !== 'comment');

function afterPrologue(toks) {
  let i = 0;
  for (;;) {
    const kw = keyword(toks[i]);
    if (kw === 'PREFIX') i += 3;
    else if (kw === 'BASE') i += 2;
    else return i;
  }
}

/** SELECT, CONSTRUCT, ASK or DESCRIBE; null when the text is not a query. */
function queryForm(text) {
  const toks = significant(tokens(text));
  const kw = keyword(toks[afterPrologue(toks)]);
  return FORMS.includes(kw) ? kw : null;
}

/** Offset of the `{` opening the outermost WHERE group (as store.sparql_text does). */
function whereGroupStart(text) {
  const toks = significant(tokens(text));
  let i = afterPrologue(toks);
  const form = keyword(toks[i]);
  if (!FORMS.includes(form)) return null;
  i += 1;
  if (form === 'CONSTRUCT') {
    if (!toks[i] || toks[i].text !== '{') return null;
    let depth = 0;
    for (; i < toks.length; i++) {
      if (toks[i].text === '{') depth++;
      else if (toks[i].text === '}' && --depth === 0) { i++; break; }
    }
  }
  let depth = 0;
  for (; i < toks.length; i++) {
    const t = toks[i].text;
    if (t === '(' || t === '[') depth++;
    else if (t === ')' || t === ']') depth--;
    else if (t === '{' && depth === 0) {
      let k = i, inner;
      while ((inner = wrappedSelectGroup(toks, k)) !== null) k = inner;
      return toks[k].start;
    }
  }
  return null;
}

/** Index after the `}` matching the `{` at toks[i]. */
function skipGroup(toks, i) {
  let depth = 0;
  for (let j = i; j < toks.length; j++) {
    if (toks[j].text === '{') depth++;
    else if (toks[j].text === '}' && --depth === 0) return j + 1;
  }
  return toks.length;
}

const NOT_TRANSPARENT = ['LIMIT', 'OFFSET', 'VALUES', 'GROUP', 'HAVING'];

/** When the group at toks[k] only wraps `{ SELECT * WHERE { ... } ORDER BY ... }`, the index of
 * the sub-select's WHERE brace (bound there, as store.sparql_text does); else null. */
function wrappedSelectGroup(toks, k) {
  let j = k + 1;
  if (j + 2 >= toks.length || toks[j].text !== '{' || keyword(toks[j + 1]) !== 'SELECT') return null;
  j += 2;
  if (['DISTINCT', 'REDUCED'].includes(keyword(toks[j]))) j++;
  if (!toks[j] || toks[j].text !== '*') return null;
  j++;
  if (keyword(toks[j]) === 'WHERE') j++;
  if (!toks[j] || toks[j].text !== '{') return null;
  const inner = j;
  let m = skipGroup(toks, inner);
  for (; m < toks.length && toks[m].text !== '}'; m++) {
    if (NOT_TRANSPARENT.includes(keyword(toks[m])) || toks[m].text === '{') return null;
  }
  if (toks[m + 1] && toks[m + 1].text === '}' && skipGroup(toks, k) === m + 2) return inner;
  return null;
}

/** Prefixes the query declares, and the known ones it uses without declaring. */
function prefixUse(text, known) {
  const toks = significant(tokens(text));
  const declared = new Set(), used = new Set();
  toks.forEach((t, i) => {
    if (keyword(t) === 'PREFIX' && toks[i + 1]) declared.add(toks[i + 1].text.replace(/:$/, ''));
    else if (t.kind === 'name' && t.text.includes(':') && keyword(toks[i - 1]) !== 'PREFIX') {
      used.add(t.text.slice(0, t.text.indexOf(':')));
    }
  });
  const missing = Object.keys(known).filter(p => used.has(p) && !declared.has(p));
  return {declared, used, missing};
}

/** `text` with PREFIX lines for the known prefixes it uses but does not declare. */
function addPrefixes(text, known) {
  const {missing} = prefixUse(text, known);
  if (!missing.length) return text;
  const lines = missing.map(p => `PREFIX ${p}: <${known[p]}>\n`).join('');
  const first = significant(tokens(text))[0];
  if (!first) return lines + text;
  const at = text.lastIndexOf('\n', first.start - 1) + 1;  // start of the first code line
  const gap = keyword(first) === 'PREFIX' ? '' : '\n';
  return text.slice(0, at) + lines + gap + text.slice(at);
}

const PN_LOCAL = /^[\p{L}\p{N}_]([\p{L}\p{N}_\-.]*[\p{L}\p{N}_\-])?$/u;

/** `rg:KPI` for an IRI in a known namespace (longest namespace wins), else null. */
function compact(iri, known) {
  let best = null;
  for (const [prefix, ns] of Object.entries(known)) {
    if (iri.startsWith(ns) && (!best || ns.length > best[1].length)) {
      const local = iri.slice(ns.length);
      if (local === '' || PN_LOCAL.test(local)) best = [prefix, ns];
    }
  }
  return best ? `${best[0]}:${iri.slice(best[1].length)}` : null;
}

const iriTerm = (iri, known) => compact(iri, known) || `<${iri}>`;

/** The SPARQL term for a parameter value, as rolegraph's Param.to_term reads it. */
function paramTerm(param, raw, known) {
  const value = raw.trim();
  const isIri = /^(https?:\/\/|urn:)/.test(value);
  const fail = reason => { throw new Error(`${param.name}: ${reason}`); };
  if (value === '') return null;
  switch (param.type) {
    case 'id':
      if (isIri) return iriTerm(value, known);
      if (!/^[a-z0-9][a-z0-9.\-]*$/.test(value)) fail('lowercase letters, digits, - and . (or a full IRI)');
      return iriTerm(param.namespace + value, known);
    case 'concept': {
      if (isIri) return iriTerm(value, known);
      const short = value.startsWith(param.kind + '-') ? value.slice(param.kind.length + 1) : value;
      if (param.enum && !param.enum.includes(short)) fail(`one of ${param.enum.join(', ')}`);
      return iriTerm(param.namespace + short, known);
    }
    case 'iri':
      if (!isIri || /[<>"{}|^`\\\s]/.test(value)) fail('an absolute http(s) or urn IRI');
      return iriTerm(value, known);
    case 'integer':
      if (!/^[+-]?\d+$/.test(value)) fail('an integer');
      return value;
    case 'decimal':
      if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(value)) fail('a decimal number');
      return `"${value}"^^<http://www.w3.org/2001/XMLSchema#decimal>`;
    case 'boolean':
      if (!/^(true|false|1|0)$/i.test(value)) fail('true or false');
      return /^(true|1)$/i.test(value) ? 'true' : 'false';
    default:
      if (param.enum && !param.enum.includes(value)) fail(`one of ${param.enum.join(', ')}`);
      return JSON.stringify(value);
  }
}

/** `text` with `?variable` bound by a VALUES line at the start of the WHERE group (a line the
 * console put there before is replaced); `term` null removes the line. */
function bindValue(text, variable, term) {
  const line = new RegExp(`^[ \\t]*VALUES \\?${variable} \\{[^}\\n]*\\}[ \\t]*\\n`, 'm');
  const values = term === null ? '' : `  VALUES ?${variable} { ${term} }\n`;
  if (line.test(text)) return text.replace(line, values);
  if (term === null) return text;
  const brace = whereGroupStart(text);
  if (brace === null) throw new Error('no WHERE group to bind a variable in');
  const rest = text.slice(brace + 1);
  return text.slice(0, brace + 1) + '\n' + values.replace(/\n$/, '') + (rest.startsWith('\n') ? '' : '\n') + rest;
}

/** Triples of an N-Triples document as SPARQL-JSON-like terms {type, value, ...}. */
function parseNTriples(body) {
  const term = String.raw`<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9\-]+|\^\^<[^>]*>)?`;
  const line = new RegExp(`^(${term})\\s+(${term})\\s+(${term})\\s*\\.\\s*$`);
  const read = t => {
    if (t.startsWith('<')) return {type: 'uri', value: t.slice(1, -1)};
    if (t.startsWith('_:')) return {type: 'bnode', value: t.slice(2)};
    const end = t.lastIndexOf('"');
    const lexical = JSON.parse(t.slice(0, end + 1)
      .replace(/\\U([0-9A-Fa-f]{8})/g, (_, h) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/\\'/g, "'"));
    const rest = t.slice(end + 1), out = {type: 'literal', value: lexical};
    if (rest.startsWith('@')) out['xml:lang'] = rest.slice(1);
    else if (rest.startsWith('^^')) out.datatype = rest.slice(3, -1);
    return out;
  };
  const rows = [];
  for (const text of body.split('\n')) {
    if (!text.trim()) continue;
    const m = line.exec(text.trim());
    if (!m) return null;  // RDF-star or something unexpected: show the raw text instead
    rows.push({subject: read(m[1]), predicate: read(m[2]), object: read(m[3])});
  }
  return rows;
}

const helpers = {tokens, queryForm, whereGroupStart, prefixUse, addPrefixes, compact, paramTerm, bindValue, parseNTriples};
globalThis.rolegraphConsole = helpers;

// ---------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------

const MEDIA = {
  json: ['application/sparql-results+json', 'json'], xml: ['application/sparql-results+xml', 'xml'],
  csv: ['text/csv', 'csv'], tsv: ['text/tab-separated-values', 'tsv'],
  turtle: ['text/turtle', 'ttl'], ntriples: ['application/n-triples', 'nt'],
  jsonld: ['application/ld+json', 'jsonld'], rdfxml: ['application/rdf+xml', 'rdf'],
};
const TABULAR = ['json', 'xml', 'csv', 'tsv'], GRAPH = ['turtle', 'ntriples', 'jsonld', 'rdfxml'];
const XSD_STRING = 'http://www.w3.org/2001/XMLSchema#string';
const RG = 'https://w3id.org/rolegraph/';

function startConsole() {
  const config = JSON.parse(document.getElementById('config').textContent);
  const $ = id => document.getElementById(id);
  const editor = $('query'), gutter = $('gutter'), mark = $('mark');
  const known = config.prefixes;
  let examples = [], current = null, leaveOnTab = false, lineCount = 0;

  const el = (tag, attrs = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'class') node.className = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v);
    }
    node.append(...children.filter(c => c !== null && c !== undefined));
    return node;
  };

  // -- editor: line numbers, position, keys, error mark ------------------------------------
  function lines() {
    const n = editor.value.split('\n').length;
    if (n !== lineCount) {
      lineCount = n;
      gutter.textContent = '';
      for (let i = 1; i <= n; i++) gutter.append(el('span', {'data-line': i}, String(i)), '\n');
    }
    gutter.scrollTop = editor.scrollTop;
    placeMark();
  }
  function cursor() {
    const before = editor.value.slice(0, editor.selectionStart).split('\n');
    $('cursor').textContent = `Ln ${before.length}, Col ${before[before.length - 1].length + 1}`;
  }
  let errorLine = null;
  function placeMark() {
    mark.hidden = errorLine === null;
    if (errorLine === null) return;
    const lineHeight = parseFloat(getComputedStyle(editor).lineHeight) || 20;
    mark.style.top = `${8 + (errorLine - 1) * lineHeight - editor.scrollTop}px`;
  }
  function markError(line, column) {
    clearMark();
    if (!line) return;
    errorLine = Math.min(line, editor.value.split('\n').length);
    const number = gutter.querySelector(`[data-line="${errorLine}"]`);
    if (number) number.classList.add('bad');
    const starts = editor.value.split('\n').slice(0, errorLine - 1).reduce((n, l) => n + l.length + 1, 0);
    const lineText = editor.value.split('\n')[errorLine - 1] || '';
    const at = starts + Math.min(Math.max((column || 1) - 1, 0), lineText.length);
    editor.focus();
    editor.setSelectionRange(at, at);
    cursor();
    placeMark();
  }
  function clearMark() {
    errorLine = null;
    gutter.querySelectorAll('.bad').forEach(n => n.classList.remove('bad'));
    placeMark();
  }
  function setQuery(text) {
    editor.value = text;
    clearMark();
    lines();
    cursor();
    updateFormats();
  }
  function insert(text) {  // keeps the browser's undo history where it can
    if (!document.execCommand('insertText', false, text)) editor.setRangeText(text, editor.selectionStart, editor.selectionEnd, 'end');
  }
  editor.addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); return; }
    if (e.key === 'Escape') { leaveOnTab = true; return; }
    if (e.key === 'Tab' && !leaveOnTab && !e.shiftKey) { e.preventDefault(); insert('  '); }
    leaveOnTab = false;
  });
  editor.addEventListener('input', () => { clearMark(); lines(); cursor(); updateFormats(); });
  editor.addEventListener('scroll', () => { gutter.scrollTop = editor.scrollTop; placeMark(); });
  ['keyup', 'click', 'select'].forEach(ev => editor.addEventListener(ev, cursor));
  new ResizeObserver(() => { gutter.style.height = editor.offsetHeight + 'px'; }).observe(editor);

  // -- URL: #query=...(&run=1) ---------------------------------------------------------------
  function fromHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    const text = params.get('query');
    if (text === null) return false;
    setQuery(addPrefixes(text, known));
    if (params.get('run') === '1') run();
    return true;
  }
  function toHash() {
    history.replaceState(null, '', '#' + new URLSearchParams({query: editor.value}).toString());
  }
  window.addEventListener('hashchange', fromHash);
  $('share').addEventListener('click', async () => {
    toHash();
    try { await navigator.clipboard.writeText(location.href); $('status').textContent = 'link copied'; }
    catch { $('status').textContent = 'the link is in the address bar'; }
  });

  // -- formats --------------------------------------------------------------------------------
  function updateFormats() {
    const form = queryForm(editor.value);
    const graph = form === 'CONSTRUCT' || form === 'DESCRIBE';
    $('tabular-formats').disabled = graph;
    $('graph-formats').disabled = form !== null && !graph;
    const select = $('format');
    if (select.selectedOptions[0] && select.selectedOptions[0].parentElement.disabled) select.value = 'table';
  }

  // -- running --------------------------------------------------------------------------------
  function showError(status, problem) {
    const box = $('error');
    box.hidden = false;
    box.textContent = '';
    const where = problem.line ? ` at line ${problem.line}, column ${problem.column}` : '';
    box.append(el('strong', {}, `${problem.title || 'Error'} (${status})${where}`),
      el('pre', {}, problem.detail || ''));
    if (problem.line) markError(problem.line, problem.column);
  }
  async function readProblem(response) {
    const text = await response.text();
    try { return JSON.parse(text); } catch { return {title: response.statusText, detail: text}; }
  }
  let running = null;
  async function run() {
    const text = addPrefixes(editor.value, known);
    if (text !== editor.value) setQuery(text);
    toHash();
    const form = queryForm(text);
    const graph = form === 'CONSTRUCT' || form === 'DESCRIBE';
    const format = $('format').value;
    const accept = format !== 'table' ? MEDIA[format][0]
      : graph ? 'application/n-triples' : 'application/sparql-results+json';
    if (running) running.abort();
    running = new AbortController();
    $('error').hidden = true;
    $('downloads').hidden = true;
    $('results').textContent = '';
    $('status').textContent = 'running…';
    const started = performance.now();
    let response, body;
    try {
      response = await fetch(config.endpoint, {
        method: 'POST', body: text, signal: running.signal,
        headers: {'Content-Type': 'application/sparql-query', Accept: accept},
      });
      body = response.ok ? await response.text() : null;
    } catch (err) {
      if (err.name === 'AbortError') return;
      $('status').textContent = '';
      showError('network', {title: 'The endpoint could not be reached', detail: String(err)});
      return;
    }
    const ms = Math.round(performance.now() - started);
    if (!response.ok) {
      $('status').textContent = `${response.status} after ${ms} ms`;
      showError(response.status, await readProblem(response));
      return;
    }
    const type = response.headers.get('Content-Type') || '';
    let summary;
    if (format !== 'table') {
      $('results').append(el('pre', {class: 'raw'}, body));
      summary = `${body.length.toLocaleString()} characters of ${type.split(';')[0]}`;
    } else if (type.includes('sparql-results+json')) {
      summary = showSolutions(JSON.parse(body));
    } else {
      summary = showTriples(body);
    }
    $('status').textContent = `${summary} · ${ms} ms`;
    showDownloads(text, graph ? GRAPH : form === 'ASK' ? ['json', 'xml'] : TABULAR);
  }

  function termNode(term) {
    if (!term) return '';
    if (term.type === 'uri') {
      const iri = term.value, short = compact(iri, known);
      const attrs = {title: iri, class: 'iri'};
      if (iri.startsWith(RG + 'ontology#')) attrs.href = `${config.root}/vocabulary#${iri.slice(RG.length + 9)}`;
      else if (iri.startsWith(RG + 'concept/')) attrs.href = `${config.root}/vocabulary#${short}`;
      else if (iri.startsWith(RG)) attrs.href = '#' + new URLSearchParams({query: `DESCRIBE <${iri}>`, run: '1'});
      else if (/^https?:\/\//i.test(iri)) Object.assign(attrs, {href: iri, target: '_blank', rel: 'noopener'});
      return el(attrs.href ? 'a' : 'span', attrs, short || `<${iri}>`);  // only web IRIs link out
    }
    if (term.type === 'bnode') return el('span', {class: 'bnode'}, `_:${term.value}`);
    if (term.type === 'triple') {
      const t = term.value;
      return el('span', {}, '<< ', termNode(t.subject), ' ', termNode(t.predicate), ' ', termNode(t.object), ' >>');
    }
    const parts = [el('span', {class: 'literal'}, term.value)];
    if (term['xml:lang']) parts.push(el('span', {class: 'lang'}, `@${term['xml:lang']}`));
    else if (term.datatype && term.datatype !== XSD_STRING) {
      parts.push(el('span', {class: 'dt', title: term.datatype}, `^^${compact(term.datatype, known) || `<${term.datatype}>`}`));
    }
    return el('span', {}, ...parts);
  }
  function table(vars, rows) {
    const head = el('tr', {}, el('th', {}, '#'), ...vars.map(v => el('th', {}, `?${v}`)));
    const body = el('tbody');
    rows.forEach((row, i) => body.append(el('tr', {}, el('td', {class: 'n'}, String(i + 1)),
      ...vars.map(v => el('td', {}, termNode(row[v]))))));
    return el('table', {class: 'results'}, el('thead', {}, head), body);
  }
  function showSolutions(data) {
    if ('boolean' in data) {
      $('results').append(el('p', {class: 'boolean'}, String(data.boolean)));
      return 'ASK';
    }
    const rows = data.results.bindings;
    $('results').append(table(data.head.vars, rows));
    return `${rows.length.toLocaleString()} row${rows.length === 1 ? '' : 's'}`;
  }
  function showTriples(body) {
    const triples = parseNTriples(body);
    if (triples === null) {
      $('results').append(el('pre', {class: 'raw'}, body));
      return 'graph';
    }
    $('results').append(table(['subject', 'predicate', 'object'], triples));
    return `${triples.length.toLocaleString()} triple${triples.length === 1 ? '' : 's'}`;
  }
  function showDownloads(text, formats) {
    const box = $('downloads');
    box.textContent = 'Download:';
    for (const name of formats) {
      const link = el('a', {href: '#', 'data-format': name}, $('format').querySelector(`option[value="${name}"]`).textContent);
      link.addEventListener('click', async e => {
        e.preventDefault();
        const response = await fetch(config.endpoint, {
          method: 'POST', body: new URLSearchParams({query: text, format: name}),
        });
        if (!response.ok) { showError(response.status, await readProblem(response)); return; }
        const url = URL.createObjectURL(await response.blob());
        const save = el('a', {href: url, download: `result.${MEDIA[name][1]}`});
        document.body.append(save);
        save.click();
        save.remove();
        setTimeout(() => URL.revokeObjectURL(url), 10000);
      });
      box.append(link);
    }
    box.hidden = false;
  }

  // -- examples -----------------------------------------------------------------------------
  function showExamples() {
    const words = $('example-filter').value.toLowerCase().split(/\s+/).filter(Boolean);
    const groups = new Map();
    for (const ex of examples) {
      const hay = [ex.name, ex.summary, ex.description, ...ex.tags].join(' ').toLowerCase();
      if (!words.every(w => hay.includes(w))) continue;
      const group = ex.tags[0] || 'other';
      if (!groups.has(group)) groups.set(group, []);
      groups.get(group).push(ex);
    }
    const list = $('examples');
    list.textContent = '';
    for (const [group, items] of [...groups].sort((a, b) => a[0].localeCompare(b[0]))) {
      list.append(el('h3', {}, group));
      for (const ex of items) {
        list.append(el('button', {
          type: 'button', class: 'example' + (current === ex ? ' current' : ''), 'data-name': ex.name,
          title: ex.tags.join(', '), onclick: () => loadExample(ex),
        }, ex.summary, el('small', {}, ex.name)));
      }
    }
    if (!groups.size) list.append(el('p', {class: 'muted'}, 'no example matches'));
  }
  function loadExample(ex) {
    current = ex;
    setQuery(ex.text);
    toHash();
    showExamples();
    const info = $('example-info');
    info.hidden = false;
    info.textContent = '';
    info.append(el('h2', {}, ex.summary),
      el('div', {}, el('code', {}, ex.name), ' ', ...ex.tags.map(t => el('span', {class: 'tag'}, t))));
    if (ex.description) info.append(el('p', {}, ex.description));
    if (ex.comment) info.append(el('pre', {class: 'comment'}, ex.comment));
    if (ex.params.length) info.append(paramsTable(ex));
  }
  function paramsTable(ex) {
    const rows = ex.params.map(p => {
      const id = `param-${p.name}`;
      const initial = p.default ?? p.example ?? '';
      let input;
      if (p.enum) {
        input = el('select', {id}, el('option', {value: ''}, '(unbound)'),
          ...p.enum.map(v => el('option', {value: v}, v)));
        input.value = initial;
      } else {
        input = el('input', {id, value: initial, placeholder: p.example || ''});
      }
      const message = el('div', {class: 'bind-error', role: 'status'});
      const bind = () => {
        message.textContent = '';
        try {
          const term = paramTerm(p, input.value, known);
          setQuery(addPrefixes(bindValue(editor.value, p.variable, term), known));
          toHash();
        } catch (err) { message.textContent = err.message; }
      };
      const type = p.kind ? `${p.type} (${p.kind})` : p.type;
      const notes = [p.required ? 'required' : '', p.default !== null ? `default ${p.default}` : '', p.description]
        .filter(Boolean).join(' · ');
      return el('tr', {},
        el('td', {}, el('label', {for: id}, el('code', {}, `?${p.variable}`))),
        el('td', {}, type), el('td', {}, input, message),
        el('td', {}, el('button', {type: 'button', onclick: bind, 'data-bind': p.name}, 'Bind')),
        el('td', {class: 'muted'}, notes));
    });
    return el('div', {},
      el('p', {class: 'muted'}, 'Parameters are plain variables: left unbound, a variable matches ' +
        'every value (defaults apply in rolegraph query and the API, not here). Bind one with a ' +
        'VALUES line at the start of the WHERE group — “Bind” writes it, an empty value removes it — ' +
        'or replace the variable in the query with a term.'),
      el('table', {class: 'params'}, el('tbody', {}, ...rows)));
  }
  $('example-filter').addEventListener('input', showExamples);
  fetch(config.endpoint + '/examples').then(r => r.json()).then(list => {
    examples = list;
    showExamples();
  }).catch(err => { $('examples').textContent = `examples could not be loaded: ${err}`; });

  $('run').addEventListener('click', run);
  $('add-prefixes').addEventListener('click', () => setQuery(addPrefixes(editor.value, known)));
  if (!fromHash()) setQuery(addPrefixes(editor.value, known));
}

if (typeof document !== 'undefined') startConsole();
