"""The seed site in a real browser: the policy renders, the language switcher round-trips, search stays in its language."""

from __future__ import annotations

import pytest
from conftest import Site

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, serve, seed_site: Site):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-CA")
    # The site is self-contained except Material's Google Fonts: keep the test off the network.
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith("http://127.0.0.1") else route.abort()
    )
    p = context.new_page()
    p.set_default_timeout(10_000)
    p.base = serve(seed_site.out)  # type: ignore[attr-defined]
    yield p
    context.close()


def switch_language(page, lang: str) -> None:
    """Open Material's language menu (a button in the header), then click the link in `lang`."""
    page.locator(".md-header .md-select > button").click()
    link = page.locator(f'.md-select__link[lang="{lang}"]')
    link.wait_for(state="visible")
    link.click()
    page.wait_for_load_state("load")


def test_language_switcher_round_trip(page) -> None:
    base = page.base
    page.goto(base)
    assert page.locator("html").get_attribute("lang") == "fr-CA"
    assert page.locator("h1").first.inner_text().strip().startswith("Politique de confidentialité")
    assert "Version en vigueur en date du 23 décembre 2023" in page.locator("article").inner_text()
    assert page.locator("nav.pa-toc a").count() == 13

    switch_language(page, "en-CA")
    assert page.url == base + "en/"
    assert page.locator("html").get_attribute("lang") == "en-CA"
    assert "In effect as of December 23, 2023" in page.locator("article").inner_text()

    switch_language(page, "fr-CA")
    assert page.url == base
    assert page.locator("html").get_attribute("lang") == "fr-CA"


def search(page, word: str) -> list[str]:
    """Type in Material's search box; the hrefs of the results once they appear."""
    box = page.locator("input.md-search__input")  # visible in the header at desktop width
    box.click()
    box.press_sequentially(word, delay=20)  # Material listens to key events, not to `fill`
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(state="attached")
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_french_search_returns_french_results_only(page) -> None:
    page.goto(page.base)
    hrefs = search(page, "témoins")
    assert hrefs, "no result for 'témoins' on the French page"
    assert all(h.startswith(page.base) for h in hrefs), hrefs
    assert not any(h.startswith(page.base + "en/") for h in hrefs), hrefs
    # Results land on the section's heading, whose id is the author's (here its words).
    assert "#10-temoins-et-technologies-similaires" in " ".join(hrefs)


def test_english_search_returns_english_results_only(page) -> None:
    page.goto(page.base + "en/")
    hrefs = search(page, "cookies")
    assert hrefs, "no result for 'cookies' on the English page"
    assert all(h.startswith(page.base + "en/") for h in hrefs), hrefs
    assert "#10-cookies-and-similar-technologies" in " ".join(hrefs)
