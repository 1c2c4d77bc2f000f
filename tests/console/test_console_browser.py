"""The console's JavaScript in a real headless Chromium, against the app on real HTTP.

Chromium is driven through the DevTools protocol over a pipe (`--remote-debugging-pipe`:
JSON messages ending in NUL on file descriptors 3 and 4), so no driver package or browser
download is needed. Skipped when no Chromium is installed (Debian: `apt-get install
chromium`; or point ROLEGRAPH_CHROMIUM at a Chrome/Chromium binary).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from rolegraph.api.app import create_app
from rolegraph.queries import shipped_catalog

pytestmark = pytest.mark.browser


def chromium_binary() -> str | None:
    configured = os.environ.get("ROLEGRAPH_CHROMIUM")
    if configured:
        return configured
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    return next((found for name in names if (found := shutil.which(name))), None)


CHROMIUM = chromium_binary()
if CHROMIUM is None:
    pytest.skip(
        "no Chromium to drive (apt-get install chromium, or set ROLEGRAPH_CHROMIUM)",
        allow_module_level=True,
    )

TIMEOUT = 45.0
"""Seconds for the browser to answer or a page to get somewhere (generous: CI may be busy)."""


def _high_fd(fd: int) -> int:
    high = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return high


class Browser:
    """One headless Chromium with one page, driven over the DevTools pipe."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # the browser's ends move above 9, so putting them on fds 3 and 4 cannot clobber one
        to_browser_r, from_browser_w = (_high_fd(to_browser_r), _high_fd(from_browser_w))
        args = [
            binary,
            "--headless=new",
            "--no-sandbox",  # tests run as root in containers
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-extensions",
            "--window-size=1280,900",
            f"--user-data-dir={profile}",
            "--remote-debugging-pipe",
        ]
        self.log = profile / "chromium.log"
        log = os.open(self.log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o644)
        # posix_spawn puts the pipe ends on fds 3 and 4 (thread-safe: the app runs in a thread)
        self.pid = os.posix_spawn(
            binary,
            args,
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_DUP2, to_browser_r, 3),
                (os.POSIX_SPAWN_DUP2, from_browser_w, 4),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_DUP2, log, 2),
            ],
        )
        for fd in (to_browser_r, from_browser_w, log):
            os.close(fd)
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        for domain in ("Page", "Runtime", "Network"):
            self.call(f"{domain}.enable", session=True)

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.call("Browser.close")
        deadline = time.monotonic() + 10
        while os.waitpid(self.pid, os.WNOHANG) == (0, 0):
            if time.monotonic() > deadline:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
                break
            time.sleep(0.05)
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)

    def call(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                tail = self.log.read_text(errors="replace")[-2000:]
                raise RuntimeError(f"Chromium closed the pipe; its log ends:\n{tail}")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate",
            session=True,
            expression=expression,
            awaitPromise=True,
            returnByValue=True,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = TIMEOUT) -> Any:
        """Poll a JavaScript expression until it is truthy; its value."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                value = self.evaluate(expression)
            except RuntimeError:  # e.g. the page navigated while evaluating: try again
                value = None
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {expression}")
            time.sleep(0.05)

    def open(self, url: str) -> None:
        self.call("Page.navigate", session=True, url=url)
        page = json.dumps(url.split("#")[0])  # the console may rewrite the fragment at once
        self.wait_for(
            f"location.href.split('#')[0] === {page} && document.readyState === 'complete'"
        )

    def exceptions(self) -> list[dict[str, Any]]:
        return [e for e in self.events if e["method"] == "Runtime.exceptionThrown"]

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e["method"] == "Network.requestWillBeSent"
        ]


@pytest.fixture(scope="module")
def base_url(loaded_store, settings_factory, serve_app) -> Iterator[str]:
    app = create_app(settings_factory(loaded_store), store=loaded_store)
    with serve_app(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    assert CHROMIUM is not None
    instance = Browser(CHROMIUM, tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield instance
    finally:
        instance.close()


@pytest.fixture
def console(browser: Browser, base_url: str) -> Callable[[str], Browser]:
    """``console(fragment)`` opens the console (with an optional `#...` fragment)."""

    def open_console(fragment: str = "") -> Browser:
        browser.events.clear()
        browser.open("about:blank")
        browser.open(f"{base_url}/sparql{fragment}")
        browser.wait_for("document.querySelectorAll('.example').length > 0")
        return browser

    return open_console


def _set_query(page: Browser, text: str) -> None:
    page.evaluate(
        f"(() => {{ const q = document.getElementById('query'); q.value = {json.dumps(text)};"
        " q.dispatchEvent(new Event('input')); })()"
    )


def _run_with_keys(page: Browser) -> None:
    page.evaluate(
        "document.getElementById('query').dispatchEvent(new KeyboardEvent('keydown',"
        " {key: 'Enter', ctrlKey: true, bubbles: true}))"
    )


def test_examples_menu_loads_binds_and_runs(console: Callable[..., Browser], base_url: str) -> None:
    page = console()
    specs = shipped_catalog().group("examples")
    assert page.evaluate("document.querySelectorAll('.example').length") == len(specs)
    groups = page.evaluate("[...document.querySelectorAll('#examples h3')].map(h => h.textContent)")
    assert groups == sorted({s.tags[0] for s in specs})

    page.evaluate("document.querySelector('[data-name=activities_by_cadence]').click()")
    spec = shipped_catalog().get("activities_by_cadence")
    assert page.evaluate("document.getElementById('query').value") == spec.text
    info = page.evaluate("document.getElementById('example-info').textContent")
    assert spec.summary in info and "What does the role do day to day" in info
    assert "VALUES" in info  # how to bind a parameter
    assert "query=" in page.evaluate("location.hash")

    page.evaluate("document.querySelector('[data-bind=cadence]').click()")
    text = page.evaluate("document.getElementById('query').value")
    assert "VALUES ?cadence { rgc:cadence-daily }" in text
    assert "PREFIX rgc: <https://w3id.org/rolegraph/concept/>" in text

    page.evaluate("document.getElementById('run').click()")
    status = page.wait_for(
        "/rows? · \\d+ ms/.test(document.getElementById('status').textContent)"
        " && document.getElementById('status').textContent"
    )
    assert "row" in status
    headers = page.evaluate("[...document.querySelectorAll('#results th')].map(t => t.textContent)")
    assert headers == ["#", "?activity", "?activityLabel", "?details", "?serves"]
    downloads = page.evaluate(
        "[...document.querySelectorAll('#downloads a')].map(a => a.dataset.format)"
    )
    assert downloads == ["json", "xml", "csv", "tsv"]
    assert not page.exceptions()
    for url in page.requested_urls():
        assert url.startswith((base_url, "about:", "data:", "blob:")), url


def test_results_show_compact_iris_language_tags_and_datatypes(
    console: Callable[..., Browser],
) -> None:
    query = (
        "SELECT ?class ?label (1.5 AS ?number) WHERE { ?class a owl:Class ; rdfs:label ?label"
        " FILTER(?class = rg:KPI) }"
    )
    page = console("#" + urlencode({"query": query, "run": "1"}))
    page.wait_for("!!document.querySelector('#results td a')")
    link = page.evaluate(
        "(() => { const a = document.querySelector('#results td a');"
        " return [a.textContent, a.title, a.getAttribute('href')]; })()"
    )
    assert link == ["rg:KPI", "https://w3id.org/rolegraph/ontology#KPI", "/vocabulary#KPI"]
    cells = page.evaluate("[...document.querySelectorAll('#results td')].map(t => t.textContent)")
    assert cells[2] == "KPI@en"
    assert cells[3] == "1.5^^xsd:decimal"
    assert "1 row" in page.evaluate("document.getElementById('status').textContent")
    text = page.evaluate("document.getElementById('query').value")
    assert text.startswith("PREFIX rg: ") and "PREFIX rdfs: " in text and "PREFIX owl: " in text


def test_syntax_errors_are_shown_and_marked(console: Callable[..., Browser]) -> None:
    page = console()
    _set_query(page, "SELECT * WHERE {\n  ?s ?p ?o .\n  ?s ?p\n}")
    _run_with_keys(page)
    message = page.wait_for(
        "!document.getElementById('error').hidden && document.getElementById('error').textContent"
    )
    assert "Malformed query (400) at line 4" in message
    assert page.evaluate("document.querySelector('#gutter .bad').textContent") == "4"
    assert page.evaluate("!document.getElementById('mark').hidden")
    assert page.evaluate("document.getElementById('cursor').textContent").startswith("Ln 4,")
    _set_query(page, "SELECT * WHERE { ?s ?p ?o } LIMIT 1")  # editing clears the mark
    assert page.evaluate("document.getElementById('mark').hidden")
    assert not page.exceptions()


def test_construct_results_and_raw_formats(console: Callable[..., Browser]) -> None:
    page = console()
    _set_query(page, "CONSTRUCT { rg:KPI rdfs:label ?l } WHERE { rg:KPI rdfs:label ?l }")
    assert page.evaluate("document.getElementById('tabular-formats').disabled")
    page.evaluate("document.getElementById('run').click()")
    status = page.wait_for(
        "/triple/.test(document.getElementById('status').textContent)"
        " && document.getElementById('status').textContent"
    )
    assert status.startswith("1 triple")
    formats = page.evaluate(
        "[...document.querySelectorAll('#downloads a')].map(a => a.dataset.format)"
    )
    assert formats == ["turtle", "ntriples", "jsonld", "rdfxml"]
    page.evaluate(
        "(() => { const f = document.getElementById('format'); f.value = 'turtle';"
        " document.getElementById('run').click(); })()"
    )
    raw = page.wait_for("document.querySelector('#results pre.raw')?.textContent")
    assert "rg:KPI" in raw and '"KPI"@en' in raw


def test_tab_indents_and_the_url_keeps_the_query(console: Callable[..., Browser]) -> None:
    page = console("#" + urlencode({"query": "ASK { ?s ?p ?o }"}))
    assert page.evaluate("document.getElementById('query').value") == "ASK { ?s ?p ?o }"
    page.evaluate(
        "(() => { const q = document.getElementById('query'); q.focus(); q.setSelectionRange(0, 0);"
        " q.dispatchEvent(new KeyboardEvent('keydown', {key: 'Tab', bubbles: true})); })()"
    )
    # a synthetic Tab cannot type, but the console must have kept focus (default prevented)
    assert page.evaluate("document.activeElement.id") == "query"
    page.evaluate("document.getElementById('run').click()")
    assert page.wait_for("document.querySelector('#results .boolean')?.textContent") == "true"
    assert "ASK" in page.evaluate("decodeURIComponent(location.hash)")


def test_vocabulary_page_has_no_script_errors(browser: Browser, base_url: str) -> None:
    browser.events.clear()
    browser.open(f"{base_url}/vocabulary#KPI")
    assert browser.evaluate("document.getElementById('KPI').textContent").startswith("KPI")
    browser.evaluate(
        "(() => { const f = document.getElementById('filter'); f.value = 'importance';"
        " f.dispatchEvent(new Event('input')); })()"
    )
    assert browser.evaluate("document.getElementById('KPI').classList.contains('hidden')")
    assert not browser.exceptions()
