"""Issue 12 in real Chromium: on a phone (390 × 844), a version page's status is on the first
screen, change notices shown, for a past, the current and an upcoming version, in both languages."""

from __future__ import annotations

import pytest
from conftest import Site
from test_archive import V2, V4, V5, demo_site

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = demo_site(tmp_path_factory.mktemp("demo-status") / "src")
    site.build("2026-12-01")
    return site


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("vid", [V2, V4, V5])
def test_status_is_above_the_fold_on_a_phone(built: Site, serve, browser, lang: str, vid: str) -> None:
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True)
    page = context.new_page()
    try:
        page.clock.install(time="2026-12-01T12:00:00")  # the notices of the recent and the next change show
        page.goto(serve(built.out) + ("" if lang == "fr" else "en/") + f"versions/{vid}/")
        assert page.locator("[data-pa-notice]:not([hidden])").count() >= 1  # the worst case: notices above
        status = page.locator("article .pa-banner").first
        box = status.bounding_box()
        assert box is not None and status.is_visible()
        assert 0 <= box["y"] < PHONE["height"] - 40, f"status starts at {box['y']:.0f} px"  # a line of it shows
        meta = page.locator("article .pa-meta").first.bounding_box()
        assert meta is not None and box["y"] < meta["y"], "the status comes first, before the page's metadata"
        words = status.inner_text()
        expected = {
            (V2, "fr"): "n’est plus en vigueur",
            (V4, "fr"): "en vigueur depuis le 10 novembre 2026",
            (V5, "fr"): "entrera en vigueur le 15 janvier 2027",
            (V2, "en"): "no longer in force",
            (V4, "en"): "in force since November 10, 2026",
            (V5, "en"): "takes effect on January 15, 2027",
        }[(vid, lang)]
        assert expected in words.replace("\u00a0", " ")
    finally:
        context.close()
