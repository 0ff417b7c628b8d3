"""Issue 3 in real Chromium: the notice (A4), the switcher on generated pages, the compare picker, no-JS."""

from __future__ import annotations

import shutil

import pytest
from conftest import Site
from test_archive import V3, V4, V5, demo_site

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = demo_site(tmp_path_factory.mktemp("demo-browser") / "src")
    site.build("2026-12-01")
    return site


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def visible_notices(page) -> list[str]:
    return page.eval_on_selector_all("[data-pa-notice]:not([hidden])", "els => els.map(e => e.dataset.paNotice)")


def freeze_clock(page, iso_date: str) -> None:
    """The browser's 'today', so the notice window is judged on a known day."""
    page.clock.install(time=f"{iso_date}T12:00:00")


def test_notice_shows_dismisses_and_stays_dismissed(built: Site, serve, page) -> None:
    base = serve(built.out)
    freeze_clock(page, "2026-12-01")
    page.goto(base)  # the policy page announces the upcoming version in its text, not twice (issue 12)
    assert visible_notices(page) == [f"{V4}:changed"]
    page.goto(base + "versions/")
    assert visible_notices(page) == [f"{V4}:changed", f"{V5}:upcoming"]
    notice = page.locator(f'[data-pa-notice="{V4}:changed"]')
    button = notice.get_by_role("button", name="Masquer cet avis")
    button.focus()
    page.keyboard.press("Enter")  # keyboard reachable (A4)
    assert visible_notices(page) == [f"{V5}:upcoming"]
    page.reload()
    assert visible_notices(page) == [f"{V5}:upcoming"]
    page.goto(base + f"versions/{V3}/")  # every page of the language remembers it
    assert visible_notices(page) == [f"{V5}:upcoming"]
    page.locator(f'[data-pa-notice="{V5}:upcoming"]').get_by_role("button").click()
    assert visible_notices(page) == []
    page.reload()  # (until then a "notice dismissed" line keeps the text in place: test_browser_reader)
    assert page.locator(".md-banner").is_hidden()  # no empty bar left behind


def test_notice_reappears_for_a_newer_version(built: Site, serve, page, tmp_path) -> None:
    served = tmp_path / "served"  # a private copy: this test swaps the site under the reader
    shutil.copytree(built.out, served)
    base = serve(served)
    freeze_clock(page, "2026-12-01")
    page.goto(base)
    for button in page.locator(".pa-notice__dismiss").all():
        button.click()
    assert visible_notices(page) == []
    # The same site one version later (V5 in force): its "changed" notice is new to this reader.
    newer = demo_site(tmp_path / "newer")
    newer.build("2027-01-20")
    shutil.rmtree(served)
    shutil.copytree(newer.out, served)
    page.reload()
    assert visible_notices(page) == [f"{V5}:changed"]


def test_notice_hides_itself_after_its_window_without_rebuild(built: Site, serve, page) -> None:
    base = serve(built.out)
    freeze_clock(page, "2027-03-01")  # past both windows (V4 + 30 days, V5 + 30 days)
    page.goto(base)
    assert visible_notices(page) == []


def test_language_switcher_on_version_and_changes_pages(built: Site, serve, page) -> None:
    base = serve(built.out)
    for path in (f"versions/{V3}/", f"versions/{V3}/changes/"):
        page.goto(base + path)
        page.locator(".md-header__option .md-select").hover()
        page.locator('a.pa-switch[hreflang="en-CA"]').click()
        page.wait_for_url(base + "en/" + path)
        assert page.locator("html").get_attribute("lang") == "en-CA"
        page.locator(".md-header__option .md-select").hover()
        page.locator('a.pa-switch[hreflang="fr-CA"]').click()
        page.wait_for_url(base + path)


def test_without_javascript_notice_and_changes_pages_work(built: Site, serve, browser) -> None:
    base = serve(built.out)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base)
    assert page.locator(f'[data-pa-notice="{V4}:changed"]').is_visible()
    assert page.locator(".pa-notice__dismiss").first.is_hidden()
    page.locator(f'[data-pa-notice="{V4}:changed"] a').click()
    page.wait_for_url(base + f"versions/{V4}/changes/")
    assert page.locator("ins").first.is_visible() and page.locator("del").first.is_visible()
    page.goto(base + f"versions/{V3}/changes/")
    summary = page.locator("details.pa-unchanged summary").first
    summary.click()  # native <details> opens without JavaScript
    assert page.locator("details.pa-unchanged[open]").count() == 1
    context.close()


def test_compare_picker_produces_the_redline_at_a_shareable_address(built: Site, serve, page) -> None:
    base = serve(built.out)
    page.goto(base + "versions/")
    form = page.locator("form.pa-compare-form")
    form.locator('select[name="from"]').select_option("2023-12-23")
    form.locator('select[name="to"]').select_option(V4)
    form.get_by_role("button", name="Comparer").click()
    page.wait_for_url(f"{base}versions/compare/?from=2023-12-23&to={V4}")
    page.wait_for_selector('#pa-compare[data-pa-state="done"]')
    compare = page.locator("#pa-compare")
    # V1 → V4 spans the demo's changes: section 2 removed, incidents added, cookie table added.
    assert compare.locator("section.pa-change--removed").count() >= 1
    assert compare.locator("section.pa-change--added").count() >= 1
    inserted = " ".join(compare.locator("ins").all_inner_texts())
    deleted = " ".join(compare.locator("del").all_inner_texts())
    assert "début de l’ajout" in inserted and "confidentialite@dynamiqueconseil.com" in inserted
    assert "jpmonfet@dynamiqueconseil.com" in deleted
    assert compare.locator("table ins").count() >= 1  # the cookie table, row by row
    # The picker shows what was chosen; the same address reloads the same redline.
    assert form.locator('select[name="to"]').input_value() == V4
    page.reload()
    page.wait_for_selector('#pa-compare[data-pa-state="done"]')
    assert " ".join(page.locator("#pa-compare ins").all_inner_texts()) == inserted


def test_compare_consecutive_versions_matches_the_changes_page(built: Site, serve, page) -> None:
    """The browser twin and the build agree on what changed between V3 and V4."""
    base = serve(built.out)
    page.goto(f"{base}en/versions/compare/?from={V3}&to={V4}")
    page.wait_for_selector('#pa-compare[data-pa-state="done"]')
    browser_changed = sorted(
        page.eval_on_selector_all("#pa-compare section.pa-change--modified", "e => e.map(x => x.dataset.section)")
    )
    page.goto(f"{base}en/versions/{V4}/changes/")
    built_changed = sorted(
        page.eval_on_selector_all("section.pa-change--modified", "e => e.map(x => x.dataset.section)")
    )
    assert browser_changed == built_changed and built_changed
    assert "start of addition" in page.locator("section.pa-change ins").first.inner_text()
