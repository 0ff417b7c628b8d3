"""Issue 14 in real Chromium: the policy on a date from the archive's form (both languages), the
edge answers of versions/at/, the language switch keeping the date, the citation's date and copy
button, and what a printout keeps."""

from __future__ import annotations

import pytest
from conftest import Site
from test_archive import V1, V2, V4, V5, demo_site

pytestmark = pytest.mark.browser

NBSP = "\u00a0"
SITE_URL = "https://dynamiqueconseil.com/confidentialite/"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = demo_site(tmp_path_factory.mktemp("demo-at") / "src")
    site.build("2026-12-01")
    return site


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def answer(page) -> str:
    box = page.locator("#pa-at-result .pa-at__answer")
    box.wait_for()
    return box.inner_text().replace(NBSP, " ")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("", "En vigueur le 12 août 2024 : version du 15 juin 2024 (en vigueur du 15 juin 2024 au 28 février 2025)"),
        (
            "en/",
            "In force on August 12, 2024: version of June 15, 2024 (in force from June 15, 2024 to February 28, 2025)",
        ),
    ],
)
def test_the_archive_form_leads_to_the_version_in_force_that_day(
    built: Site, serve, page, lang: str, expected: str
) -> None:
    base = serve(built.out)
    page.goto(f"{base}{lang}versions/")
    form = page.locator("form.pa-at-form")
    form.get_by_label("Date").fill("2024-08-12")  # the visible label names the field
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"{base}{lang}versions/at/?date=2024-08-12")  # a shareable address
    assert answer(page) == expected
    assert page.locator(f"#v-{V2}").get_attribute("class").split()[-1] == "pa-at__match"
    assert page.locator(".pa-at__match").count() == 1
    assert page.locator("#pa-at-date").input_value() == "2024-08-12"  # the field shows the day asked
    # The printed address names the day asked (cite.js), hidden on the screen.
    printed = page.locator(".pa-print-address a")
    assert printed.inner_text() == f"{SITE_URL}{lang}versions/at/?date=2024-08-12"
    assert not page.locator(".pa-print-address").is_visible()
    # The language switch keeps the day.
    other = "en/" if not lang else ""
    assert (
        page.locator("a.pa-switch:not([aria-current])")
        .get_attribute("href")
        .endswith(f"/{other}versions/at/?date=2024-08-12")
    )
    page.locator("#pa-at-result a").click()
    page.wait_for_url(f"{base}{lang}versions/{V2}/")


@pytest.mark.parametrize(
    ("day", "expected", "match"),
    [
        (
            "2023-12-22",
            "Aucune version de cette politique n’était en vigueur le 22 décembre 2023 : la première version "
            "est entrée en vigueur le 23 décembre 2023.",
            None,
        ),
        ("2024-06-14", "En vigueur le 14 juin 2024 : version du 23 décembre 2023 (en vigueur du 23 décembre 2023", V1),
        ("2024-06-15", "En vigueur le 15 juin 2024 : version du 15 juin 2024 (", V2),
        ("2026-12-01", "En vigueur le 1er décembre 2026 : version du 10 novembre 2026 (en vigueur depuis le", V4),
        (
            "2027-01-15",
            "En vigueur le 15 janvier 2027, selon ce qui était connu le 1er décembre 2026 : version du 15 janvier "
            "2027 (entrera en vigueur le 15 janvier 2027). Une version publiée après le 1er décembre 2026",
            V5,
        ),
        ("2024-02-30", "L’adresse ne contient pas de date valide ; choisissez une date (AAAA-MM-JJ).", None),
        ("<b>x</b>", "L’adresse ne contient pas de date valide", None),
    ],
)
def test_edge_answers(built: Site, serve, page, day: str, expected: str, match: str | None) -> None:
    base = serve(built.out)
    page.goto(f"{base}versions/at/?date={day}")
    assert answer(page).replace("\u202f", " ").startswith(expected.replace("\u202f", " "))
    assert page.locator("#pa-at-result b").count() == 0  # the address is text, never markup
    if match:
        assert page.locator(".pa-at__match").get_attribute("id") == f"v-{match}"
    else:
        assert page.locator(".pa-at__match").count() == 0


def test_without_javascript_the_table_answers(built: Site, serve, browser) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(serve(built.out) + "versions/at/?date=2024-08-12")
        assert page.locator("#pa-at-result").inner_text() == ""
        row = page.locator(f"#v-{V2}")
        assert "du 15 juin 2024 au 28 février 2025" in row.inner_text()
        assert row.locator("a").get_attribute("href") == f"../{V2}/"
        assert page.get_by_label("Date").is_visible()
    finally:
        context.close()


@pytest.mark.parametrize(("lang", "today"), [("", "1er mars 2026"), ("en/", "March 1, 2026")])
def test_cite_block_shows_the_readers_date_and_copies(built: Site, serve, browser, lang: str, today: str) -> None:
    base = serve(built.out)
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base.rstrip("/"))
    page = context.new_page()
    try:
        page.clock.install(time="2026-03-01T12:00:00")
        page.goto(f"{base}{lang}versions/{V2}/")
        page.locator(".pa-cite summary").click()
        text = page.locator(".pa-cite__text").inner_text()
        assert text.endswith(f"{'consulté le' if not lang else 'retrieved on'} {today}).")
        assert f"{SITE_URL}{lang}versions/{V2}/" in text
        button = page.locator("[data-pa-cite-copy]")
        assert button.is_visible()
        button.click()
        done = page.locator("[data-pa-cite-done]")
        done.filter(has_text="Citation").wait_for()
        assert done.inner_text() in ("Citation copiée.", "Citation copied.")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == " ".join(text.split())
    finally:
        context.close()


def test_print_keeps_the_address_and_answer_and_drops_the_form(built: Site, serve, page) -> None:
    base = serve(built.out)
    page.goto(f"{base}versions/at/?date=2024-08-12")
    answer(page)
    page.emulate_media(media="print")
    display = "sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).display : null; }"
    for selector in (".pa-at-form", ".md-header", ".md-sidebar--primary", "button"):
        assert page.evaluate(display, selector) in ("none", None), selector
    for selector in (".pa-print-address", "#pa-at-result .pa-at__answer", "#pa-at-result a", ".pa-at__versions"):
        assert page.evaluate(display, selector) not in ("none", None), selector
    page.goto(f"{base}versions/{V2}/")
    assert page.evaluate(display, ".pa-cite") == "none"
    assert page.evaluate(display, ".pa-print-address") == "block"
    assert page.locator(".pa-print-address").inner_text().replace(NBSP, " ") == (
        f"Adresse permanente : {SITE_URL}versions/{V2}/"
    )
