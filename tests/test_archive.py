"""Issue 3 in built HTML: archive, version pages, banners, changes pages, upcoming versions, feeds.

The content is the demo's five versions (examples/demo/policy) inside a copy of
the repository's site, built for real with the date pinned.
"""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import REPO, Site, copy_site

DEMO = REPO / "examples" / "demo" / "policy"
V1, V2, V3, V4, V5 = "2023-12-23", "2024-06-15", "2025-03-01", "2026-11-10", "2027-01-15"


def demo_site(root) -> Site:
    site = copy_site(REPO, root)
    shutil.rmtree(site.policy)
    shutil.copytree(DEMO, site.policy)
    return site


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Site:
    """The demo built as of 2026-12-01: V4 in force since 21 days, V5 upcoming."""
    site = demo_site(tmp_path_factory.mktemp("demo") / "src")
    site.build("2026-12-01")
    return site


def text(html: str) -> str:
    """Visible text, roughly: tags out, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&rsquo;", "’").strip()


def rows(html: str) -> list[str]:
    return re.findall(r'<tr class="pa-row pa-row--([\w-]+)" id="v-([\d-]+)"', html)


def test_archive_lists_every_version_newest_first_with_status(demo: Site) -> None:
    for path in ("versions/", "en/versions/"):
        html = demo.html(path)
        assert rows(html) == [("upcoming", V5), ("in-force", V4), ("past", V3), ("past", V2), ("past", V1)]
    fr = text(demo.html("versions/"))
    assert "du 1er mars 2025 au 9 novembre 2026" in fr
    assert "depuis le 10 novembre 2026" in fr and "à compter du 15 janvier 2027" in fr
    assert "À venir" in fr and "En vigueur" in fr and "Antérieure" in fr
    en = text(demo.html("en/versions/"))
    assert "from March 1, 2025 to November 9, 2026" in en and "Upcoming" in en and "In force" in en


def test_archive_links_to_text_and_changes_and_is_linked_from_policy(demo: Site) -> None:
    html = demo.html("versions/")
    for version in (V1, V2, V3, V4, V5):
        assert f'href="{version}/"' in html
    for version in (V2, V3, V4, V5):
        assert f'href="{version}/changes/"' in html
    assert f'href="{V1}/changes/"' not in html  # the first version has nothing to compare with
    assert not (demo.out / "versions" / V1 / "changes").exists()
    assert 'href="versions/"' in demo.html("")
    assert "Incidents de confidentialité" in text(html) or "incident" in text(html).lower()


def test_version_pages_carry_banners(demo: Site) -> None:
    past = demo.html(f"versions/{V3}/")
    assert "Cette version n’est plus en vigueur" in text(past)
    assert re.search(r'class="pa-banner pa-banner--past".*?<a href="\.\./\.\./">', past, re.S)
    assert "This version is no longer in force" in text(demo.html(f"en/versions/{V3}/"))
    current = demo.html(f"versions/{V4}/")
    assert "pa-banner--current" in current and "pa-banner--past" not in current
    upcoming = demo.html(f"versions/{V5}/")
    assert "Cette version n’est pas encore en vigueur" in text(upcoming)
    assert "elle entrera en vigueur le 15 janvier 2027" in text(upcoming)


def test_version_in_force_is_also_at_its_permanent_address(demo: Site) -> None:
    root, permanent = text(demo.html("")), text(demo.html(f"versions/{V4}/"))
    for sentence in ("Version en vigueur en date du 10 novembre 2026", "Témoins et technologies similaires"):
        assert sentence in root and sentence in permanent


def test_policy_in_force_announces_upcoming_version(demo: Site) -> None:
    html = demo.html("")
    assert "Cette politique sera modifiée le 15 janvier 2027." in text(html)
    assert f'href="versions/{V5}/changes/"' in html
    assert "This policy will change on January 15, 2027." in text(demo.html("en/"))


def test_changes_page_summary_redline_and_accessible_marks(demo: Site) -> None:
    fr = demo.html(f"versions/{V3}/changes/")
    assert "Résumé des modifications" in text(fr)
    assert "<ins" in fr and "<del" in fr
    assert "début de l’ajout" in fr and "fin de la suppression" in fr
    assert "Section supprimée" in text(fr) and "Section ajoutée" in text(fr) and "Section modifiée" in text(fr)
    assert '<details class="pa-unchanged"' in fr  # unchanged sections folded away
    en = demo.html(f"en/versions/{V3}/changes/")
    assert "start of addition" in en and "end of deletion" in en and "début de" not in en
    # The redline of V2 (editorial) is about the placeholder being filled.
    v2 = text(demo.html(f"versions/{V2}/changes/"))
    assert "NOM DE L’ORGANISME" in v2 and "Dynamique Conseil inc." in v2


def test_changed_link_target_is_visible(demo: Site) -> None:
    html = demo.html(f"versions/{V3}/changes/")
    assert "mailto:confidentialite@dynamiqueconseil.com" in html
    assert "jpmonfet@dynamiqueconseil.com" in html  # the old address stays readable, struck


def test_language_switcher_and_alternates_on_generated_pages(demo: Site) -> None:
    for fr_path in ("versions/", f"versions/{V3}/", f"versions/{V3}/changes/", "versions/compare/"):
        en_path = "en/" + fr_path
        fr, en = demo.html(fr_path), demo.html(en_path)
        assert '<html lang="fr-CA"' in fr and '<html lang="en-CA"' in en
        assert re.search(rf'hreflang="en-CA" href="https://[^"]+/{re.escape(en_path)}"', fr)
        assert re.search(rf'hreflang="fr-CA" href="https://[^"]+/{re.escape(fr_path)}"', en)
        assert re.search(rf'hreflang="x-default" href="https://[^"]+/{re.escape(fr_path)}"', en)
        switch_fr = re.search(r'<a href="([^"]+)" hreflang="en-CA" lang="en-CA"', fr).group(1)
        depth = fr_path.count("/")
        assert switch_fr == "../" * depth + en_path


def test_archived_pages_stay_out_of_search(demo: Site) -> None:
    fr = json.loads((demo.out / "search" / "search_index.json").read_text())
    locations = {d["location"].split("#")[0] for d in fr["docs"]}
    assert locations <= {"", "versions/"}


def test_feeds_and_versions_index(demo: Site) -> None:
    feed = (demo.out / "feed.xml").read_text()
    assert 'xml:lang="fr-CA"' in feed and feed.count("<entry>") == 5  # V5 announced on 2026-11-25
    assert f"/versions/{V3}/changes/" in feed
    en_feed = (demo.out / "en" / "feed.xml").read_text()
    assert f"/en/versions/{V3}/changes/" in en_feed and "Changes that took effect on March 1, 2025" in en_feed
    index = json.loads((demo.out / "versions.json").read_text())
    assert index["in_force"] == V4
    assert [v["status"] for v in index["versions"]] == ["past", "past", "past", "in-force", "upcoming"]


def test_upcoming_version_becomes_in_force_when_date_passes(tmp_path) -> None:
    site = demo_site(tmp_path / "src")
    site.build("2027-01-14")
    assert "Version en vigueur en date du 10 novembre 2026" in text(site.html(""))
    assert "sera modifiée le 15 janvier 2027" in text(site.html(""))
    site.build("2027-01-15")
    html = text(site.html(""))
    assert "Version en vigueur en date du 15 janvier 2027" in html
    assert "sera modifiée" not in html
    assert rows(site.html("versions/"))[:2] == [("in-force", V5), ("past", V4)]


def test_builds_are_reproducible(tmp_path) -> None:
    a, b = demo_site(tmp_path / "a"), demo_site(tmp_path / "b")
    a.build("2026-12-01")
    b.build("2026-12-01")
    files = sorted(
        p.relative_to(a.out) for p in a.out.rglob("*") if p.is_file() and p.suffix in {".html", ".xml", ".json"}
    )
    assert files
    for rel in files:
        assert (a.out / rel).read_bytes() == (b.out / rel).read_bytes(), rel
