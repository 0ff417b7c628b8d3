"""Issue 12 in real Chromium: what a reader sees is never ambiguous.

The notices fit in one small block, and dismissing one leaves the text where it was; the
language switch keeps the section and the compare selection; the 404 page follows the language
of the address; the compare page shows the summaries, counts and legend, and a section whose only
change is its number as renumbered.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest
from conftest import REPO, Site

pytestmark = pytest.mark.browser

DEMO = REPO / "examples" / "demo"
AS_OF = "2026-12-01"  # the demo's recent change (2026-11-10, and its governance policy's) and its announced one
V2, V3, V4, V5 = "2024-06-15", "2025-03-01", "2026-11-10", "2027-01-15"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Site:
    """The whole demo (two documents), built on a day when three notices are in force."""
    root = tmp_path_factory.mktemp("reader") / "demo"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("site", "*.sqlite3"))
    site = Site(root)
    site.build(AS_OF)
    return site


@pytest.fixture(scope="module")
def base(demo: Site):
    """The built demo over HTTP, as a static host serves it: a missing address gets the root 404.html."""
    root = demo.out

    class Host(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            if code != 404:
                return super().send_error(code, message, explain)
            body = (root / "404.html").read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def new_page(browser, viewport=None, javascript: bool = True):
    context = browser.new_context(viewport=viewport or PHONE, java_script_enabled=javascript)
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    if javascript:
        page.clock.install(time=f"{AS_OF}T12:00:00")  # the notice windows are judged on a known day
    return page


def shown_notices(page) -> list[str]:
    return page.eval_on_selector_all("[data-pa-notice]:not([hidden])", "els => els.map(e => e.dataset.paNotice)")


# ---------------------------------------------------------------------------- notices


@pytest.mark.parametrize("path", ["", "versions/", "en/versions/", f"versions/{V3}/changes/", "gouvernance/"])
def test_notices_are_one_block_within_a_quarter_of_a_phone_screen(browser, base, path: str) -> None:
    page = new_page(browser)
    page.goto(base + path)
    assert page.locator(".pa-notices").count() == 1
    assert page.locator("[data-pa-notice]").count() >= 2, shown_notices(page)
    banner = page.locator(".md-banner").bounding_box()
    assert banner and banner["height"] <= 844 / 4, banner  # 211 px: the whole bar, border included
    page.context.close()


def test_an_upcoming_version_is_announced_once_per_page(demo: Site) -> None:
    upcoming = f'data-pa-notice="{V5}:upcoming"'
    for path in ("", "en/", f"versions/{V5}/", f"versions/{V5}/changes/", f"en/versions/{V5}/"):
        html = demo.html(path)
        assert upcoming not in html, path  # the page announces it itself (upcoming line, banner, summary)
    home = demo.html("")
    assert home.count('class="pa-upcoming"') == 1 and "15 janvier 2027" in home
    assert "elle ne s’appliquera pas à vous sans votre consentement explicite" in home  # reduces rights
    for path in ("versions/", f"versions/{V4}/", "gouvernance/", "404.html"):
        html = (demo.out / path).read_text() if path.endswith(".html") else demo.html(path)
        assert html.count(upcoming) == 1 and 'class="pa-upcoming"' not in html, path


def text_top(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


def first_paragraph_in_view(page) -> str:
    """A selector for the first paragraph of the article that the reader sees whole."""
    index = page.evaluate(
        """() => [...document.querySelectorAll("article p")].findIndex(p => {
             const r = p.getBoundingClientRect();
             return p.offsetParent && r.top >= 0 && r.bottom <= innerHeight && p.innerText.trim().length > 40;
           })"""
    )
    assert index >= 0
    return f"article p >> nth={index}"


@pytest.mark.parametrize("scrolled", [0, 120, 600], ids=["top", "banner-half-seen", "banner-out-of-view"])
def test_dismissing_a_notice_leaves_the_text_in_place(browser, base, scrolled: int) -> None:
    page = new_page(browser)
    page.goto(base + "versions/")
    page.evaluate(f"window.scrollTo(0, {scrolled})")
    paragraph = first_paragraph_in_view(page)
    before, y_before = text_top(page, paragraph), page.evaluate("scrollY")
    assert y_before == scrolled
    # The reader's click (a scripted one: Playwright would first scroll the button into view).
    page.locator(f'[data-pa-notice="{V4}:changed"] .pa-notice__dismiss').evaluate("b => b.click()")
    assert f"{V4}:changed" not in shown_notices(page)
    after = text_top(page, paragraph)
    assert abs(after - before) <= 2, (scrolled, before, after, page.evaluate("scrollY"))
    # Focus stays in the notice block, and focusing it did not scroll either.
    assert page.evaluate("document.activeElement.closest('.pa-notices') !== null")
    # Remembered: the next page shows the other notices only, with no trace of this one.
    page.reload()
    assert shown_notices(page) == [f"{V5}:upcoming", "gouvernance/2026-11-20:changed"]
    assert page.locator(".pa-notices__done").count() == 0
    page.context.close()


def test_dismissing_every_notice_by_keyboard_leaves_no_bar_on_the_next_page(browser, base) -> None:
    page = new_page(browser)
    page.goto(base)
    while page.locator(".pa-notice__dismiss:visible").count():
        page.locator(".pa-notice__dismiss:visible").first.focus()
        page.keyboard.press("Enter")  # keyboard reachable (A4)
    assert shown_notices(page) == []
    page.goto(base + "versions/")
    assert shown_notices(page) == [f"{V5}:upcoming"]  # never dismissed: it was not shown on the home page
    page.locator(".pa-notice__dismiss:visible").click()
    page.reload()
    assert shown_notices(page) == [] and page.locator(".md-banner").is_hidden()
    page.context.close()


# ---------------------------------------------------------------------------- language switch


def switch_href(page, hreflang: str) -> str:
    return page.locator(f'a.pa-switch[hreflang="{hreflang}"]').get_attribute("href") or ""


def switch_to(page, hreflang: str) -> None:
    page.locator(".md-header__option .md-select").hover()
    page.locator(f'a.pa-switch[hreflang="{hreflang}"]').click()
    page.wait_for_load_state("load")


def test_language_switch_keeps_the_section(browser, base) -> None:
    page = new_page(browser, {"width": 1280, "height": 900})
    page.goto(base + "#objectifs")
    switch_to(page, "en-CA")
    assert page.url == base + "en/#objectifs"
    assert page.locator("html").get_attribute("lang") == "en-CA"
    assert 0 <= text_top(page, "#objectifs") < 200  # the reader lands on the same section
    # A heading's own id is in its language: the switch carries its section's anchor instead.
    page.goto(base + "en/#2-procedures-for-obtaining-consent")
    assert switch_href(page, "fr-CA").endswith("/#consentement")
    page.evaluate("location.hash = '#a-to-provide-products-and-services'")  # followed on hashchange
    assert switch_href(page, "fr-CA").endswith("/#objectifs-collecte")
    switch_to(page, "fr-CA")
    assert page.url == base + "#objectifs-collecte"
    page.context.close()


def test_language_switch_keeps_the_compare_selection(browser, base) -> None:
    page = new_page(browser, {"width": 1280, "height": 900})
    page.goto(base + f"versions/compare/?from={V2}&to={V4}")
    page.wait_for_selector("#pa-compare[data-pa-state=done]")
    switch_to(page, "en-CA")
    assert page.url == base + f"en/versions/compare/?from={V2}&to={V4}"
    page.wait_for_selector("#pa-compare[data-pa-state=done]")
    assert page.locator("select[name=from]").input_value() == V2
    assert page.locator("select[name=to]").input_value() == V4
    page.context.close()


# ---------------------------------------------------------------------------- 404


def test_404_page_follows_the_language_of_the_address(browser, base, demo: Site) -> None:
    english = (demo.out / "en" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en-CA"' in english and "<h1>Page not found</h1>" in english
    page = new_page(browser)
    response = page.goto(base + "en/versions/1999-01-01/")  # the host answers with the root 404.html
    assert response and response.status == 404
    page.wait_for_url(re.compile(r"/en/404\.html$"))
    assert page.locator("html").get_attribute("lang") == "en-CA"
    assert page.locator("h1").inner_text() == "Page not found"
    assert "Page introuvable" not in page.locator("article").inner_text()
    page.goto(base + "versions/1999-01-01/")
    assert page.url == base + "versions/1999-01-01/"
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert "Page not found" not in page.locator("article").inner_text()
    page.context.close()
    # Without JavaScript the root 404 says it in both languages, French first, each with its lang.
    page = new_page(browser, javascript=False)
    page.goto(base + "en/nothing-here/")
    blocks = page.eval_on_selector_all(".pa-notfound:not([hidden])", "els => els.map(e => [e.lang, e.innerText])")
    assert [lang for lang, _ in blocks] == ["fr-CA", "en-CA"]
    assert "Page not found" in blocks[1][1]
    page.context.close()


# ---------------------------------------------------------------------------- compare page


@pytest.mark.parametrize(
    ("lang", "summaries", "legend", "renumbered"),
    [
        ("", "Résumés des versions comparées", "Légende", "Section renumérotée"),
        ("en/", "Summaries of the versions compared", "Legend", "Section renumbered"),
    ],
)
def test_compare_page_shows_summaries_counts_legend_and_renumbered_sections(
    browser, base, lang: str, summaries: str, legend: str, renumbered: str
) -> None:
    page = new_page(browser, {"width": 1280, "height": 900})
    page.goto(f"{base}{lang}versions/compare/?from={V2}&to={V4}")
    page.wait_for_selector("#pa-compare[data-pa-state=done]")
    box = page.locator("[data-pa-compare-summaries]")
    assert box.is_visible() and summaries in box.inner_text()
    shown = page.eval_on_selector_all("[data-pa-version]:not([hidden])", "els => els.map(e => e.dataset.paVersion)")
    assert shown == [V3, V4]  # every version after the older one, up to the newer one
    assert "Loi 25" in box.inner_text() or "Law 25" in box.inner_text()  # V3's summary
    assert legend in page.locator(".pa-legend").inner_text()
    assert page.locator(".pa-legend ins").is_visible() and page.locator(".pa-legend del").is_visible()
    counts = page.locator("#pa-compare .pa-summary__counts").inner_text()
    assert re.search(r"\d+ (modifiée|modified)", counts) and re.search(r"\d+ (renumérotée|renumbered)", counts)
    assert re.search(r"\d+ (déplacée|moved)", counts) and re.search(r"\d+ (renommée|renamed)", counts)
    # "4. Objectifs…" became "3. Objectifs…" with the same text: renumbered, folded, not modified.
    section = page.locator('#pa-compare section[data-section="04-objectifs-collecte.md"]')
    assert (section.locator(".pa-status").text_content() or "").startswith(renumbered)  # folded: not rendered
    assert section.locator("xpath=ancestor::details").count() == 1
    assert page.locator("#pa-compare .pa-status--renumbered").count() >= 3
    # The other way round, the same range.
    page.goto(f"{base}{lang}versions/compare/?from={V4}&to={V2}")
    page.wait_for_selector("#pa-compare[data-pa-state=done]")
    shown = page.eval_on_selector_all("[data-pa-version]:not([hidden])", "els => els.map(e => e.dataset.paVersion)")
    assert shown == [V3, V4]
    page.context.close()


def test_compare_page_without_a_choice_shows_no_summaries(browser, base) -> None:
    page = new_page(browser, {"width": 1280, "height": 900})
    page.goto(base + "versions/compare/")
    assert page.locator("[data-pa-compare-summaries]").is_hidden()
    page.context.close()


def test_changes_page_counts_renumbered_sections(demo: Site) -> None:
    html = demo.html(f"versions/{V3}/changes/")
    assert "6 renumérotées" in html
    assert re.search(r'pa-change--renumbered"[^>]*data-section="10-temoins.md"', html)  # "10. Témoins" -> "9. Témoins"
    assert (
        Path(demo.out / "en" / "versions" / V3 / "changes" / "index.html").read_text().count("pa-status--renumbered")
        == 6
    )
