"""Issue 14, "for those who must prove what applied": one section's history, in built HTML.

A copy of the repository's site gets five new versions in which one section changes twice, a
section file is renamed (with its heading), a section is removed and another added, and a table
gains a row. Every section of every version page links to its history; the history lists the
versions in which the section changed, with its redline, and counts the others. The markup the
browser's side-by-side view is made from (views.js) is checked here; tests/test_browser_views.py
checks what a reader sees.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
from pathlib import Path

import pytest
from conftest import REPO, Site, copy_site
from policy_archive import redline
from policy_archive.load import load_policy

V0, V1, V2, V3, V4, V5 = "2023-12-23", "2024-02-01", "2024-04-01", "2024-06-01", "2024-08-01", "2024-10-01"
AS_OF = "2024-11-01"  # V5 in force
VERSIONS = [V0, V1, V2, V3, V4, V5]

# Section "objectifs" changes in V1 and V3 only.
OBJ_1 = {
    "fr": [("essentiels pour nous", "essentiels pour notre organisation")],
    "en": [("essential to us", "essential to our organization")],
}
OBJ_2 = {
    "fr": [("conformément aux lois en vigueur", "conformément aux lois applicables")],
    "en": [("in accordance with applicable laws", "in accordance with the laws that apply")],
}
# Section "conservation" gets a table in V1 and a row in V2.
TABLE = {
    "fr": [
        (
            "pour des longues périodes.",
            "pour des longues périodes.\n\n| Renseignement | Durée |\n|---|---|\n| Courriel | 3 ans |",
        )
    ],
    "en": [
        (
            "retained for long periods.",
            "retained for long periods.\n\n| Information | Period |\n|---|---|\n| Email | 3 years |",
        )
    ],
}
ROW = {
    "fr": [("| Courriel | 3 ans |", "| Courriel | 3 ans |\n| Téléphone | 1 an |")],
    "en": [("| Email | 3 years |", "| Email | 3 years |\n| Telephone | 1 year |")],
}
# Section "temoins" (10-temoins.md) becomes "traceurs" (10-traceurs.md) in V3, its heading retitled.
RETITLE = {
    "fr": [("## 10. Témoins et technologies similaires", "## 10. Témoins, traceurs et technologies similaires")],
    "en": [("## 10. Cookies and Similar Technologies", "## 10. Cookies, Trackers and Similar Technologies")],
}
INCIDENTS = {
    "fr": "## 11b. Incidents de confidentialité\n\nEn cas d’incident de confidentialité, nous avisons les personnes concernées.\n",
    "en": "## 11b. Confidentiality Incidents\n\nIn the event of a confidentiality incident, we notify the people concerned.\n",
}
PREAMBLE = {
    "fr": [("Merci de visiter", "Nous vous remercions de visiter")],
    "en": [("Thank you for visiting", "We thank you for visiting")],
}


def _merge(*changes: dict[str, list[tuple[str, str]]]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {"fr": [], "en": []}
    for change in changes:
        for lang, pairs in change.items():
            out[lang] += pairs
    return out


def history_site(root: Path) -> Site:
    """The repository's site with versions V1…V5 (each copied from the seed, edits cumulative)."""
    site = copy_site(REPO, root)
    steps = {
        V1: [OBJ_1, TABLE],
        V2: [OBJ_1, TABLE, ROW],
        V3: [OBJ_1, TABLE, ROW, OBJ_2, RETITLE],
        V4: [OBJ_1, TABLE, ROW, OBJ_2, RETITLE],
        V5: [OBJ_1, TABLE, ROW, OBJ_2, RETITLE, PREAMBLE],
    }
    for vid, changes in steps.items():
        folder = site.add_version(vid, replace=_merge(*changes))
        for lang in ("fr", "en"):
            if RETITLE in changes:
                (folder / lang / "10-temoins.md").rename(folder / lang / "10-traceurs.md")
            if vid in (V4, V5):
                (folder / lang / "02-entree-en-vigueur.md").unlink()
                (folder / lang / "11b-incidents.md").write_text(INCIDENTS[lang], encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    site = history_site(tmp_path_factory.mktemp("history") / "src")
    site.build(AS_OF)
    return site


def article(page: str) -> str:
    m = re.search(r"<article\b.*?</article>", page, re.S)
    assert m, "no <article>"
    return m.group(0)


def words(fragment: str) -> str:
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))).replace("\u00a0", " ").strip()


def entries(page: str) -> list[str]:
    """The versions a history lists, in its order (each is a heading with the version's id)."""
    return re.findall(r'<h2 id="v-([\d-]+)"', page)


def statuses(page: str) -> list[str]:
    return re.findall(r'<section class="pa-change pa-change--(\w+)"', page)


def prefix(lang: str) -> str:
    return "" if lang == "fr" else "en/"


# ---------------------------------------------------------------------------- (a) changed twice


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_section_lists_the_versions_where_it_changed_and_counts_the_others(built: Site, lang: str) -> None:
    page = built.html(f"{prefix(lang)}versions/sections/objectifs/")
    assert entries(page) == [V0, V1, V3]  # oldest first: added, then changed twice
    assert statuses(page) == ["added", "modified", "modified"]
    text = words(article(page))
    if lang == "fr":
        assert "Historique de la section « 1. Objectifs de la politique de confidentialité »" in text
        assert "a changé dans 3 versions et est restée inchangée dans 3 versions" in text
        assert text.count("Puis inchangée dans la version suivante.") == 1  # V2
        assert text.count("Puis inchangée dans les 2 versions suivantes.") == 1  # V4, V5
        assert "de la plus ancienne à la plus récente" in text
        assert "Version du 1er février 2024" in text and "Version du 1er juin 2024" in text
    else:
        assert "History of the section “1. Objectives of the Privacy Policy”" in text
        assert "changed in 3 versions and stayed unchanged in 3 versions" in text
        assert text.count("Then unchanged in the next version.") == 1
        assert text.count("Then unchanged in the next 2 versions.") == 1
        assert "oldest first" in text
        assert "Version of February 1, 2024" in text
    body = article(page)
    # Each entry: its date linked to the version's page, its summary, the redline of the section.
    assert f'<a href="../../{V3}/">' in body and f'<a href="../../{V3}/changes/">' in body
    assert f"version {V3}" in text  # conftest's summaries: "Résumé de la version …" / "Summary of version …"
    changed = re.split(r'<h2 id="v-', body)[3]  # the V3 entry
    ins = "applicables" if lang == "fr" else "apply"
    assert re.search(r"<del>.*?</del>", changed) and ins in " ".join(re.findall(r"<ins>(.*?)</ins>", changed))
    # The section's heading sits under the version's; nothing on the page repeats an id.
    assert "<h3>" in changed
    ids = re.findall(r' id="([^"]+)"', body)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    # Printed, every entry gives its version's permanent address.
    for vid in (V0, V1, V3):
        assert f"https://dynamiqueconseil.com/confidentialite/{prefix(lang)}versions/{vid}/</a>" in body


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_every_section_of_every_version_links_to_its_history(built: Site, lang: str) -> None:
    label = "Historique de cette section" if lang == "fr" else "History of this section"
    for vid in VERSIONS:
        page = built.html(f"{prefix(lang)}versions/{vid}/")
        sections = re.findall(r'<section class="pa-section"[^>]*>.*?</section>', page, re.S)
        assert sections
        for section in sections:
            # The link is the last thing in the section.
            last = re.search(
                r'<p class="pa-section__history" data-search-exclude(?:="")?><a href="\.\./sections/([\w-]+)/">(.*?)</a></p>\s*</section>$',
                section,
                re.S,
            )
            assert last, section[-300:]
            assert words(last.group(2)).startswith(label)
    policy = built.html(prefix(lang))  # the text in force links from the language's root
    assert 'href="versions/sections/objectifs/"' in policy
    # The link is not the policy's words: search does not find it on the text in force.
    index = json.loads((built.out / prefix(lang) / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] and not any(label in doc["text"] for doc in index["docs"])
    assert (built.out / prefix(lang) / "versions" / "sections" / "objectifs" / "index.html").is_file()


# ---------------------------------------------------------------------------- (b) renamed


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_renamed_section_keeps_one_history(built: Site, lang: str) -> None:
    page = built.html(f"{prefix(lang)}versions/sections/traceurs/")
    assert entries(page) == [V0, V3]
    assert statuses(page) == ["added", "renamed"]
    text = words(article(page))
    old, new = {
        "fr": (
            "Anciennement « 10. Témoins et technologies similaires »",
            "Témoins, traceurs et technologies similaires",
        ),
        "en": ("Formerly “10. Cookies and Similar Technologies”", "Cookies, Trackers and Similar Technologies"),
    }[lang]
    assert old in text and new in text
    assert ("inchangée dans 4 versions" if lang == "fr" else "unchanged in 4 versions") in text
    # There is no second history under the old name: the old versions' sections lead to this one.
    assert not (built.out / prefix(lang) / "versions" / "sections" / "temoins").exists()
    for vid in (V0, V1, V2):
        version = built.html(f"{prefix(lang)}versions/{vid}/")
        section = re.search(r'<section class="pa-section"[^>]*data-section="10-temoins.md".*?</section>', version, re.S)
        assert section and 'href="../sections/traceurs/"' in section.group(0)
    current = built.html(f"{prefix(lang)}versions/{V5}/")
    section = re.search(r'<section class="pa-section"[^>]*data-section="10-traceurs.md".*?</section>', current, re.S)
    assert section and 'href="../sections/traceurs/"' in section.group(0)


# ---------------------------------------------------------------------------- (c) removed, added


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_removed_section_and_an_added_one(built: Site, lang: str) -> None:
    removed = built.html(f"{prefix(lang)}versions/sections/entree-en-vigueur/")
    assert entries(removed) == [V0, V4] and statuses(removed) == ["added", "removed"]
    gone = re.split(r'<h2 id="v-', article(removed))[2]
    assert "<del>" in gone and "<ins>" not in gone
    assert ("Section supprimée" if lang == "fr" else "Section removed") in words(gone)
    text = words(article(removed))
    assert ("inchangée dans 3 versions" if lang == "fr" else "unchanged in 3 versions") in text
    # No longer in force: no link to the text in force.
    assert ("dans la version en vigueur" if lang == "fr" else "in the version in force") not in text
    added = built.html(f"{prefix(lang)}versions/sections/incidents/")
    assert entries(added) == [V4] and statuses(added) == ["added"]
    assert "../../../#incidents" in article(added)  # read it in the text in force


def test_history_pages_are_in_the_sitemap_but_not_in_search_or_the_navigation(built: Site) -> None:
    anchors = sorted(p.name for p in (built.out / "versions" / "sections").iterdir())
    assert "objectifs" in anchors and "traceurs" in anchors and "temoins" not in anchors
    assert anchors == sorted(p.name for p in (built.out / "en" / "versions" / "sections").iterdir())
    sitemap = (built.out / "sitemap.xml").read_text(encoding="utf-8")
    for anchor in anchors:
        assert f"/confidentialite/versions/sections/{anchor}/</loc>" in sitemap
        assert (
            f'hreflang="en-CA" href="https://dynamiqueconseil.com/confidentialite/en/versions/sections/{anchor}/"'
            in sitemap
        )
    assert "/en/versions/sections/objectifs/</loc>" in (built.out / "en" / "sitemap.xml").read_text(encoding="utf-8")
    for index in (built.out / "search" / "search_index.json", built.out / "en" / "search" / "search_index.json"):
        locations = {d["location"] for d in json.loads(index.read_text(encoding="utf-8"))["docs"]}
        assert not any("sections/" in location for location in locations)
    page = built.html("versions/sections/objectifs/")
    tabs = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', page)
    assert tabs == re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', built.html("")) and tabs
    assert not re.search(r'class="md-nav__link[^"]*" href="[^"]*sections/', page)
    # Each language's page names the other (A3), and the switcher leads there.
    assert (
        'hreflang="en-CA" href="https://dynamiqueconseil.com/confidentialite/en/versions/sections/objectifs/"' in page
    )
    assert re.search(r'<a href="\.\./\.\./\.\./en/versions/sections/objectifs/" hreflang="en-CA"', page)


# ---------------------------------------------------------------------------- (d) a table, side by side


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_table_gaining_a_row_carries_what_side_by_side_needs(built: Site, lang: str) -> None:
    """views.js makes the old column from a block without its <ins> and rows marked pa-row--ins,
    the new one without <del> and pa-row--del: the changes page must hold both in one table."""
    page = built.html(f"{prefix(lang)}versions/{V2}/changes/")
    section = re.search(
        r'<section class="pa-change pa-change--modified"[^>]*data-section="11-conservation.md".*?</section>', page, re.S
    )
    assert section, "the table's section is modified"
    redline = re.search(r'<div class="pa-redline">(.*)</div></section>', section.group(0), re.S)
    assert redline
    table = re.search(r"<table>.*?</table>", redline.group(1), re.S)
    assert table
    rows = re.findall(r"<tr([^>]*)>(.*?)</tr>", table.group(0), re.S)
    assert len(rows) == 3
    added = [cells for attrs, cells in rows if 'class="pa-row--ins"' in attrs]
    assert len(added) == 1 and ("Téléphone" if lang == "fr" else "Telephone") in added[0] and "<ins>" in added[0]
    assert not any("pa-row--del" in attrs for attrs, _ in rows)
    # The toolbar's place and words, in the page's language; the control itself is the script's.
    holder = re.search(r"<div class=\"pa-views\" data-pa-views=\"\"([^>]*) hidden=\"\"></div>", page)
    assert holder
    side = "Côte à côte" if lang == "fr" else "Side by side"
    assert f'data-pa-views-side="{side}"' in holder.group(1)
    assert ('data-pa-views-old="Ancien texte"' if lang == "fr" else 'data-pa-views-old="Old text"') in holder.group(1)
    assert "<fieldset" not in page and "<input" not in article(page)  # nothing for a reader without JavaScript
    assert "assets/policy-archive/views.js" in page
    for path in ("versions/compare/", "versions/sections/conservation/"):
        other = built.html(prefix(lang) + path)
        assert "data-pa-views" in other and "assets/policy-archive/views.js" in other
    assert "views.js" not in built.html(f"{prefix(lang)}versions/{V2}/")  # a version's text has no redline
    history = built.html(f"{prefix(lang)}versions/sections/conservation/")
    assert entries(history) == [V0, V1, V2]


def test_the_history_follows_the_redline_matching(built: Site) -> None:
    """The lineage the pages use, from the redline's own matching, in one pass over the versions."""
    policy, problems = load_policy(built.policy, ["fr", "en"], dt.date.fromisoformat(AS_OF))
    assert not [p for p in problems if p.level == "error"]
    redliner = redline.Redliner()
    lineage = redliner.lineage(policy)
    assert redliner.lineage(policy) is lineage  # once per policy
    assert lineage.identity(V0, "10-temoins.md") == lineage.identity(V5, "10-traceurs.md") == "traceurs"
    assert lineage.identity(V3, "02-entree-en-vigueur.md") == "entree-en-vigueur"
    assert lineage.identity(V5, "02-entree-en-vigueur.md") is None
    assert "temoins" not in lineage.anchors and lineage.anchors[0] == "preambule"


def test_a_hostile_section_title_is_words_on_its_history(tmp_path: Path) -> None:
    """A section title full of markup reaches the history page, its title and its links as text (S1)."""
    from test_escaping import Page, hostile, hostile_site, nothing_executable

    site = hostile_site(tmp_path / "src")
    site.build("2024-06-01")
    for lang in ("fr", "en"):
        page = site.out / prefix(lang) / "versions" / "sections" / "objectifs" / "index.html"
        source = page.read_text(encoding="utf-8")
        assert nothing_executable(page, site.out) == []
        assert hostile("SECTION") in Page(source).text  # in the page's heading, once escaped
        (title,) = re.findall(r"<title>(.*?)</title>", source, re.S)
        assert "<" not in title
        version = Page(site.html(f"{prefix(lang)}versions/2024-05-01/")).text
        assert hostile("SECTION") in version  # the history link's hidden words, on the version's page
    governance = site.html("gouvernance/versions/sections/roles/")  # a further document's histories
    assert hostile("GOVSECTION") in Page(governance).text
    assert re.search(r'<p class="pa-links">.*?<a href="\.\./\.\./">', governance)  # its own archive
