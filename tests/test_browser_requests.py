"""Issue 10 in real Chromium: every request a built page makes returns 200, and the site works
under the Content-Security-Policy the README gives.

The site is served the way a host serves it: under the path of its `site_url` (built for the
address it is served at, so its absolute addresses, the language alternates and the 404 pages'
assets, are this server's), with the nearest `404.html` for a missing address, as GitHub Pages
does. Both the root (`/`) and a path prefix (`/confidentialite/`, like this repository's site)
are served. Every page type in both languages is loaded with a fresh browser context (no cache)
and every response and failed request is recorded.
"""

from __future__ import annotations

import http.server
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, Site
from test_archive import V3, V4, demo_site

pytestmark = pytest.mark.browser

# The policy the README documents (section "Content-Security-Policy"): the test reads it from there.
README = REPO / "README.md"


def readme_csp() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("Content-Security-Policy: default-src")
    return text[start : text.index("\n", start)].split(":", 1)[1].strip()


# Each page type, relative to a language's root ("" for French, "en/" for English).
PAGES = {
    "policy": "",
    "archive": "versions/",
    "version": f"versions/{V3}/",
    "changes": f"versions/{V4}/changes/",
    "compare": f"versions/compare/?from={V3}&to={V4}",
    "at": "versions/at/?date=2024-08-12",  # the policy on a date (at.js)
    "further document": "gouvernance/",
    "not found": "no/such/page/",
}


@dataclass
class Served:
    """A built site and the address it is served at."""

    site: Site
    base: str  # ends with "/": the site_url the site was built for
    prefix: str  # the URL path the site lives under
    server: http.server.ThreadingHTTPServer
    headers: dict[str, str] = field(default_factory=dict)


def handler(root: Path, prefix: str, headers: dict[str, str]) -> type[http.server.SimpleHTTPRequestHandler]:
    class Host(http.server.SimpleHTTPRequestHandler):
        """A static host: the site under `prefix`, the nearest 404.html for what is missing."""

        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

        def end_headers(self) -> None:
            for name, value in headers.items():
                self.send_header(name, value)
            super().end_headers()

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            relative = parts.path[len(prefix) :] if parts.path.startswith(prefix) else None
            if relative is not None and (root / relative).exists():
                # A folder without its slash gets the redirect every host sends.
                self.path = "/" + relative + (f"?{parts.query}" if parts.query else "")
                return super().do_GET()
            return self.not_found(relative or "")

        def not_found(self, relative: str) -> None:
            folder = root / relative
            while folder != root and not (folder / "404.html").is_file():
                folder = folder.parent
            page = (folder / "404.html") if (folder / "404.html").is_file() else root / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Host


def serve_built(root: Path, prefix: str, headers: dict[str, str], build) -> Iterator[Served]:
    """Start the server first (its port is the site's address), then build for that address."""
    out = root / "site"
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler(out, prefix, headers))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}{prefix}"
    try:
        yield Served(build(root, base), base, prefix, server, headers)
    finally:
        server.shutdown()
        server.server_close()


def demo_for(root: Path, site_url: str) -> Site:
    """The demo (five versions, an upcoming one, a notice) with its governance policy, built for `site_url`."""
    site = demo_site(root)
    shutil.copytree(REPO / "examples" / "demo" / "gouvernance", site.root / "gouvernance")
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("https://dynamiqueconseil.com/confidentialite/", site_url)
    text = text.replace(
        "notice_days: 30",
        "notice_days: 30\n      documents:\n        - slug: gouvernance\n          policy_dir: gouvernance",
    )
    config.write_text(text, encoding="utf-8")
    site.build("2026-12-01")
    return site


@pytest.fixture(scope="module", params=["/", "/confidentialite/"], ids=["root", "prefix"])
def served(request, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("served")
    yield from serve_built(root, request.param, {}, demo_for)


@pytest.fixture(scope="module")
def with_csp(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("csp")
    yield from serve_built(root, "/confidentialite/", {"Content-Security-Policy": readme_csp()}, demo_for)


@dataclass
class Visit:
    responses: list[tuple[int, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)


# Recorded before any script of the page runs: every CSP violation, whatever blocked it.
RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
"""


def visit(browser, url: str, wait_for: str | None = None, action=None, today: str | None = None) -> Visit:
    """Load `url` in a fresh context (no cache) and record what the page asked for and what went wrong."""
    context = browser.new_context()
    page = context.new_page()
    seen = Visit()
    page.add_init_script(RECORD_VIOLATIONS)
    if today:
        page.clock.install(time=f"{today}T12:00:00")  # the day the notices are judged on (notice.js)
    page.on("response", lambda r: seen.responses.append((r.status, r.url)))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url} {r.failure}"))
    page.on("pageerror", lambda e: seen.errors.append(str(e)))
    page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(url, wait_until="networkidle")
        if wait_for:
            page.wait_for_selector(wait_for, timeout=10000)
        if action:
            action(page)
        page.wait_for_load_state("networkidle")
        seen.violations = page.evaluate("window.__violations")
    finally:
        context.close()
    return seen


@pytest.mark.parametrize("lang", ["", "en/"], ids=["fr", "en"])
def test_every_request_of_every_page_type_returns_200(served: Served, browser, lang: str) -> None:
    problems = []
    for kind, path in PAGES.items():
        url = served.base + lang + path
        wait = "#pa-compare[data-pa-state=done]" if kind == "compare" else None
        seen = visit(browser, url, wait)
        document = [status for status, u in seen.responses if u == url]
        expected = 404 if kind == "not found" else 200
        assert document == [expected], (kind, url, document)
        others = [(s, u) for s, u in seen.responses if u != url]
        assert len(others) >= 5, (kind, others)  # styles, scripts, sitemaps: the page was really built
        problems += [f"{kind}: {s} {u}" for s, u in others if s != 200]
        problems += [f"{kind}: failed {f}" for f in seen.failed]
        problems += [f"{kind}: outside the site {u}" for _, u in others if not u.startswith(served.base)]
        problems += [f"{kind}: {e}" for e in seen.errors if not (kind == "not found" and "404" in e)]
        if kind == "not found":
            assert any(u.endswith("/bundle." + u.split("/bundle.")[-1]) for _, u in others), "404 page has no assets"
    assert not problems, "\n".join(problems)


def test_the_language_switcher_goes_straight_to_the_other_page(served: Served, browser) -> None:
    """No detour through Material's sitemap lookup: one navigation, no redirect, the page itself."""
    context = browser.new_context()
    page = context.new_page()
    statuses: list[tuple[int, str]] = []
    page.on("response", lambda r: statuses.append((r.status, r.url)) if r.request.is_navigation_request() else None)
    try:
        for path in (f"versions/{V3}/changes/", "gouvernance/versions/"):
            page.goto(served.base + path, wait_until="networkidle")
            statuses.clear()
            page.locator(".md-header__option .md-select").hover()
            page.locator('a.pa-switch[hreflang="en-CA"]').click()
            page.wait_for_url(served.base + "en/" + path)
            page.wait_for_load_state("networkidle")
            assert statuses == [(200, served.base + "en/" + path)], statuses
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["", "en/"], ids=["fr", "en"])
def test_the_site_works_under_the_readme_content_security_policy(with_csp: Served, browser, lang: str) -> None:
    assert "unsafe-inline" not in readme_csp() and "unsafe-eval" not in readme_csp()
    base = with_csp.base + lang
    problems = []
    for kind in ("policy", "archive", "version", "changes", "at", "further document", "not found"):
        seen = visit(browser, base + PAGES[kind])
        problems += [f"{kind}: CSP {v}" for v in seen.violations]
        problems += [f"{kind}: {e}" for e in seen.errors if not (kind == "not found" and "404" in e)]
    # The compare page computes its redline in the browser, from data.json.
    seen = visit(browser, base + PAGES["compare"], "#pa-compare[data-pa-state=done] section.pa-change--modified")
    problems += [f"compare: CSP {v}" for v in seen.violations] + [f"compare: {e}" for e in seen.errors]
    # The notice can be dismissed (notice.js) and search answers in the page's language.
    query = {"": "renseignements", "en/": "information"}[lang]

    def search(page) -> None:
        shown = page.locator("[data-pa-notice]:not([hidden])").count()
        page.locator(".pa-notice__dismiss").first.click()
        assert shown and page.locator("[data-pa-notice]:not([hidden])").count() == shown - 1
        box = page.locator("input.md-search__input")  # in the header at desktop width
        box.click()
        box.press_sequentially(query, delay=20)  # Material listens to key events, not to `fill`
        page.locator(".md-search-result__item a.md-search-result__link").first.wait_for(state="attached")
        links = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
        assert links and all(("/en/" in link) == (lang == "en/") for link in links), links

    seen = visit(browser, base, action=search, today="2026-12-01")
    problems += [f"search: CSP {v}" for v in seen.violations] + [f"search: {e}" for e in seen.errors]
    assert not problems, "\n".join(problems)


GOVERNANCE_ID = "2024-09-22"  # a version of the demo's governance policy, not of its privacy policy
BAD_ADDRESSES = [
    "?from=1999-01-01&to={to}",  # no such version
    f"?from={GOVERNANCE_ID}&to={{to}}",  # another document's version
    "?from=../../versions/2023-12-23&to={to}",  # a path
    "?from=%2e%2e%2f&to={to}",
    "?from=https://evil.example/data.json&to={to}",  # an address
    "?from=&to={to}",  # empty
    "?to={to}",  # missing
    '?from="]<img src=x onerror=alert(1)>&to={to}',  # a quote: it used to throw in the picker
]


@pytest.mark.parametrize("lang", ["", "en/"], ids=["fr", "en"])
def test_the_compare_page_refuses_bad_addresses_before_fetching(served: Served, browser, lang: str) -> None:
    from policy_archive.l10n import strings

    words = strings("fr" if not lang else "en")
    context = browser.new_context()
    page = context.new_page()
    fetched: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("data.json") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    compare = served.base + lang + "versions/compare/"
    try:
        for query in BAD_ADDRESSES:
            page.goto(compare + query.format(to=V4), wait_until="networkidle")
            page.wait_for_selector("#pa-compare[data-pa-state=error]", timeout=10000)
            assert page.inner_text("#pa-compare") == words["compare_error"], query
            # The picker keeps its own choice: the address never selects anything it does not list.
            assert page.locator('select[name="from"]').input_value() == "2026-11-10", query
        page.goto(compare + f"?from={V4}&to={V4}", wait_until="networkidle")
        page.wait_for_selector("#pa-compare[data-pa-state=same]", timeout=10000)
        assert page.inner_text("#pa-compare") == words["compare_same"]
        assert not fetched, fetched  # nothing was fetched for any of them
        # The governance policy's compare page refuses the privacy policy's versions the same way.
        page.goto(served.base + lang + f"gouvernance/versions/compare/?from={V3}&to={GOVERNANCE_ID}")
        page.wait_for_selector("#pa-compare[data-pa-state=error]", timeout=10000)
        assert not fetched, fetched
        # A good pair still works, and the picker shows it.
        page.goto(compare + f"?from={V3}&to={V4}", wait_until="networkidle")
        page.wait_for_selector("#pa-compare[data-pa-state=done]", timeout=10000)
        assert page.locator('select[name="from"]').input_value() == V3
        assert len(fetched) == 2
    finally:
        context.close()
    assert not errors and not dialogs, (errors, dialogs)
