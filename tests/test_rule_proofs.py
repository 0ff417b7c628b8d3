"""Rules whose earlier tests could not fail (issue 15): each test here breaks when its rule does.

- L3: the officer block on every page type, in both languages (not only the home pages);
- L4: every version page's metadata names the organisation, the effective date and the last update;
- A1: `<ins>` and `<del>` are underlined / struck through, not told apart by colour alone, and their
  text meets 4.5:1 contrast, measured on the computed styles in Chromium.
"""

from __future__ import annotations

import re

import pytest
from conftest import Site
from policy_archive.l10n import format_date
from test_archive import V1, V3, V4, V5, demo_site

PAGE_TYPES = {
    "policy": "",
    "archive": "versions/",
    "past version": f"versions/{V3}/",
    "upcoming version": f"versions/{V5}/",
    "changes": f"versions/{V4}/changes/",
    "compare": "versions/compare/",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Site:
    site = demo_site(tmp_path_factory.mktemp("proofs") / "src")
    site.build("2026-12-01")
    return site


def officer(html: str) -> str:
    found = re.search(r'<aside class="pa-officer".*?</aside>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found[0])) if found else ""


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "404"])
def test_l3_officer_block_on_every_page_type(demo: Site, kind: str, lang: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    if kind == "404":
        html = (demo.out / prefix / "404.html").read_text(encoding="utf-8")
    else:
        html = demo.html(prefix + PAGE_TYPES[kind])
    block = officer(html)
    title = "Responsable de la conformité" if lang == "fr" else "Person in charge of compliance"
    for part in ("Jean-Philippe Monfet", title, "Dynamique Conseil inc.", "jpmonfet@dynamiqueconseil.com"):
        assert part in block, (kind, lang, part)
    assert 'href="tel:+14182905701"' in html and 'href="mailto:jpmonfet@dynamiqueconseil.com"' in html


def meta(html: str) -> dict[str, str]:
    found = re.search(r'<p class="pa-meta">(.*?)</p>', html, re.S)
    assert found, "no metadata line"
    parts = {}
    for name in ("org", "effective", "updated"):
        part = re.search(rf'class="pa-meta__{name}"[^>]*>(.*?)</(?:span|strong)>', found[1], re.S)
        parts[name] = re.sub(r"<[^>]+>", "", part[1]) if part else ""
    parts["datetime"] = (re.search(r'<time datetime="([\d-]+)"', found[1]) or [None, ""])[1]
    return parts


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("vid", [V1, V3, V4, V5])
def test_l4_every_version_names_organisation_effective_and_updated_dates(demo: Site, vid: str, lang: str) -> None:
    import datetime as dt

    prefix = "" if lang == "fr" else "en/"
    line = meta(demo.html(f"{prefix}versions/{vid}/"))
    assert line["org"].strip() == "Dynamique Conseil inc."
    assert format_date(dt.date.fromisoformat(vid), lang) in line["effective"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", line["datetime"])
    assert format_date(dt.date.fromisoformat(line["datetime"]), lang) in line["updated"]


CONTRAST = """
(sel) => {
  const el = document.querySelector(sel);
  const s = getComputedStyle(el);
  const rgb = (c) => c.match(/[\\d.]+/g).map(Number);
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  // The background actually behind the text: the first ancestor with an opaque background.
  let bg = null;
  for (let n = el; n && !bg; n = n.parentElement) {
    const c = rgb(getComputedStyle(n).backgroundColor);
    if (c.length < 4 || c[3] > 0) bg = c;
  }
  bg = bg || [255, 255, 255];
  const [l1, l2] = [lum(rgb(s.color)), lum(bg)].sort((a, b) => b - a);
  return { line: s.textDecorationLine, ratio: (l1 + 0.05) / (l2 + 0.05) };
}
"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a1_ins_and_del_are_underlined_struck_and_contrasted(demo: Site, serve, browser, lang: str) -> None:
    base = serve(demo.out)
    page = browser.new_page()
    page.goto(f"{base}{'' if lang == 'fr' else 'en/'}versions/{V3}/changes/")  # words inserted and deleted
    for selector, decoration in (("ins", "underline"), ("del", "line-through")):
        style = page.evaluate(CONTRAST, f"article {selector}:has(> .pa-sr)")  # a redline mark, not the legend
        assert decoration in style["line"], (selector, style)
        assert style["ratio"] >= 4.5, (selector, style)
        hidden = page.locator(f"article {selector} .pa-sr")
        assert hidden.count() >= 1 and hidden.first.inner_text().strip(), selector  # start/end words, screen readers
    page.close()
