"""`compare.js` in real Chromium: the browser redline matches the Python one on the hard cases."""

from __future__ import annotations

import json
import re
from pathlib import Path

import markdown
import pytest
from policy_archive.diff import compare, section_markdown, version_data
from test_diff import SEED, assert_valid, version

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "overrides" / "assets" / "compare.js"
EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables"]
FR = {
    "ins-start": "début de l’ajout",
    "ins-end": "fin de l’ajout",
    "del-start": "début de la suppression",
    "del-end": "fin de la suppression",
    "status-added": "ajoutée",
    "status-removed": "supprimée",
    "status-modified": "modifiée",
    "status-unchanged": "inchangée",
    "status-moved": "déplacée",
    "unchanged-summary": "Sections inchangées",
}

OLD = {
    "01-a.md": (
        "## 1. Liste\n\nIntro.\n\n1. Premier\n2. Deuxième\n3. Troisième\n\n"
        "Lisez nos [conditions](https://example.com/v1) avant.\n\n- **C. Données démographiques**\n"
    ),
    "02-b.md": "## 2. Tableau\n\n| Donnée | Durée |\n|---|---|\n| Courriel | 2 ans |\n| Adresse | 5 ans |\n",
    "03-c.md": "## 3. Stable\n\nRien ne change ici.\n",
    "04-d.md": "## 4. Retirée\n\nCette section disparaît.\n",
}
NEW = {
    "01-a.md": (
        "## 1. Liste\n\nIntro.\n\n1. Premier\n2. Nouveau point\n3. Deuxième\n4. Troisième\n\n"
        "Lisez nos [conditions](https://example.com/v2) avant.\n\n- **C. Données démographiques et linguistiques**\n"
    ),
    "02-b.md": "## 2. Tableau\n\n| Donnée | Durée |\n|---|---|\n| Courriel | 3 ans |\n| Adresse | 5 ans |\n",
    "03-c.md": "## 3. Stable\n\nRien ne change ici.\n",
    "05-e.md": "## 5. Ajoutée\n\nUne section **nouvelle**.\n",
}


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def page_html(old: dict, new: dict) -> str:
    attrs = " ".join(f'data-{k}="{v}"' for k, v in FR.items())
    return (
        '<!doctype html><html lang="fr-CA"><head><meta charset="utf-8"><title>t</title></head><body>'
        f'<main id="out" {attrs}></main>'
        f'<script src="compare.js"></script>'
        f"<script>const OLD = {json.dumps(old)}; const NEW = {json.dumps(new)};"
        "PolicyCompare.renderInto(document.getElementById('out'), OLD, NEW);</script></body></html>"
    )


@pytest.fixture
def run_page(browser, tmp_path: Path, serve):
    """Serve a static page feeding two versions' data to compare.js; returns the loaded page."""
    pages = []

    def run(old: dict, new: dict):
        (tmp_path / "compare.js").write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
        (tmp_path / "index.html").write_text(page_html(old, new), encoding="utf-8")
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(serve(tmp_path))
        page.wait_for_selector("#out[data-pa-state=done]", timeout=5000)
        assert not errors, errors
        pages.append(page)
        return page

    yield run
    for page in pages:
        page.close()


def texts(page, selector: str) -> list[str]:
    """Visible text of each match (hidden start/end words removed)."""
    return page.eval_on_selector_all(
        selector,
        "els => els.map(e => { const c = e.cloneNode(true); c.querySelectorAll('.pa-sr').forEach(s => s.remove());"
        " return c.textContent.replace(/\\s+/g, ' ').trim(); })",
    )


def test_hard_cases_in_chromium(run_page) -> None:
    old = version_data(version("2023-12-23", OLD), "fr", render)
    new = version_data(version("2025-01-01", NEW), "fr", render)
    page = run_page(old, new)
    # an item inserted in a numbered list: still one list, the new item marked inside its <li>
    assert page.locator("#a ~ ol > li").count() == 4
    assert texts(page, "ol > li > ins") == ["Nouveau point"]
    # a link whose target changed: old link struck, new one inserted, both targets visible
    assert page.locator('del a[href="https://example.com/v1"]').count() == 1
    assert page.locator('ins a[href="https://example.com/v2"]').count() == 1
    assert "https://example.com/v2" in texts(page, "ins:has(a)")[0]
    # emphasis reworded: the bold stays, the added words inside it
    assert texts(page, "li > strong > ins") == ["et linguistiques"]
    # a table row changed: the change sits inside its cell
    assert texts(page, "td > del") == ["2"] and texts(page, "td > ins") == ["3"]
    # statuses, with text labels; unchanged folded away; removed at its old place
    statuses = page.eval_on_selector_all(
        "section[data-status]", "els => els.map(e => e.dataset.name + ':' + e.dataset.status)"
    )
    assert statuses == ["01-a.md:modified", "02-b.md:modified", "03-c.md:unchanged", "04-d.md:removed", "05-e.md:added"]
    assert page.locator("details.pa-unchanged section[data-status=unchanged]").count() == 1
    assert texts(page, "#d .pa-status") == ["supprimée"] and texts(page, "#e .pa-status") == ["ajoutée"]
    # hidden start/end words in the page's language around every change
    n_ins, n_del = page.locator("ins").count(), page.locator("del").count()
    assert page.locator("ins > .pa-sr:first-child", has_text="début de l’ajout").count() == n_ins
    assert page.locator("ins > .pa-sr:last-child", has_text="fin de l’ajout").count() == n_ins
    assert page.locator("del > .pa-sr:first-child", has_text="début de la suppression").count() == n_del
    # valid structure: no block inside a change
    assert page.locator("ins p, ins li, ins ul, ins ol, ins td, del p, del li, del ul, del ol, del td").count() == 0
    assert_valid(page.inner_html("#out"))


def _visible_changes(html: str) -> list[tuple[str, str]]:
    html = re.sub(r'<span class="pa-sr">[^<]*</span>', "", html)
    found = re.findall(r"<(ins|del)>(.*?)</\1>", html, flags=re.S)
    return [(tag, " ".join(re.sub(r"<[^>]+>", " ", body).split())) for tag, body in found]


def test_browser_matches_python_on_the_seed(run_page) -> None:
    old_files = {p.name: p.read_text(encoding="utf-8") for p in sorted((SEED / "fr").glob("*.md"))}
    new_files = dict(old_files)
    new_files["05-renseignements-collectes.md"] = (
        old_files["05-renseignements-collectes.md"]
        .replace("Prénom et nom de famille", "Nom complet")
        .replace("**C. Données démographiques**", "**C. Données démographiques et linguistiques**")
    )
    new_files["10-temoins.md"] = old_files["10-temoins.md"].replace("pixels invisibles", "pixels espions")
    del new_files["07-procedes.md"]
    old, new = version("2023-12-23", old_files), version("2025-01-01", new_files)
    python_html = render("\n".join(section_markdown(c) for c in compare(old, new, "fr")))
    page = run_page(version_data(old, "fr", render), version_data(new, "fr", render))
    browser_html = page.inner_html("#out")
    assert_valid(browser_html)
    assert _visible_changes(browser_html) == _visible_changes(python_html)


def test_auto_init_from_address(browser, tmp_path: Path, serve) -> None:
    """The compare page: per-version data files, versions picked by ?from=&to= (a shareable address)."""
    for vid, files in (("2023-12-23", OLD), ("2025-01-01", NEW)):
        folder = tmp_path / "versions" / vid
        folder.mkdir(parents=True)
        data = version_data(version(vid, files), "fr", render)
        (folder / "data.json").write_text(json.dumps(data), encoding="utf-8")
    compare_dir = tmp_path / "versions" / "compare"
    compare_dir.mkdir()
    (tmp_path / "compare.js").write_text(SCRIPT.read_text(encoding="utf-8"), encoding="utf-8")
    attrs = " ".join(f'data-{k}="{v}"' for k, v in FR.items())
    (compare_dir / "index.html").write_text(
        f'<!doctype html><html lang="fr-CA"><meta charset="utf-8"><title>t</title>'
        f'<div id="out" data-pa-compare data-data-url="../{{id}}/data.json" {attrs}></div>'
        '<script src="../../compare.js"></script></html>',
        encoding="utf-8",
    )
    page = browser.new_page()
    try:
        page.goto(serve(tmp_path) + "versions/compare/?from=2023-12-23&to=2025-01-01")
        page.wait_for_selector("#out[data-pa-state=done]", timeout=5000)
        assert texts(page, "ol > li > ins") == ["Nouveau point"]
        page.goto(serve(tmp_path) + "versions/compare/?from=2023-12-23&to=1999-01-01")
        page.wait_for_selector("#out[data-pa-state=error]", timeout=5000)
    finally:
        page.close()
