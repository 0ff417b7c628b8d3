"""L5: more than one document (here a governance policy), each versioned the same way, on one site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Site

GOV = {
    "fr": (
        "# Politique de gouvernance",
        "## 1. Rôles et responsabilités",
        "La personne responsable veille au respect de la loi.",
    ),
    "en": (
        "# Governance Policy",
        "## 1. Roles and Responsibilities",
        "The person in charge ensures compliance with the Act.",
    ),
}


def write_document(folder: Path, vid: str, sentence: dict[str, str], published: str | None = None) -> None:
    version = folder / vid
    for lang, (title, heading, text) in GOV.items():
        (version / lang).mkdir(parents=True)
        (version / lang / "00-titre.md").write_text(f"{title}\n\nPréambule / preamble.\n", encoding="utf-8")
        (version / lang / "01-roles.md").write_text(f"{heading}\n\n{text} {sentence[lang]}\n", encoding="utf-8")
    (version / "version.yml").write_text(
        f"effective: {vid}\npublished: {published or vid}\nsignificant: true\n"
        "summary:\n  fr: Rôles précisés.\n  en: Roles clarified.\n",
        encoding="utf-8",
    )


def with_governance(site: Site) -> Site:
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "notice_days: 30",
            "notice_days: 30\n      documents:\n        - slug: gouvernance\n          policy_dir: gouvernance",
        ),
        encoding="utf-8",
    )
    folder = site.root / "gouvernance"
    write_document(folder, "2024-01-01", {"fr": "", "en": ""})
    write_document(folder, "2025-01-10", {"fr": "Elle rend compte chaque année.", "en": "It reports every year."})
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Site:
    from conftest import REPO, copy_site

    site = with_governance(copy_site(REPO, tmp_path_factory.mktemp("docs") / "src"))
    site.build("2025-01-20")
    return site


def test_each_document_has_its_own_pages_in_both_languages(built: Site) -> None:
    for prefix, lang_root in (("gouvernance/", ""), ("gouvernance/", "en/")):
        base = lang_root + prefix
        assert (built.out / base / "index.html").is_file()
        for path in ("versions/", "versions/2024-01-01/", "versions/2025-01-10/changes/", "versions/compare/"):
            assert (built.out / base / path / "index.html").is_file(), base + path
        assert (built.out / base / "feed.xml").is_file()
        assert (built.out / base / "versions" / "2025-01-10" / "data.json").is_file()
    page = built.html("gouvernance/")
    assert "Politique de gouvernance" in page and "Version en vigueur en date du 10 janvier 2025" in page
    assert "Governance Policy" in built.html("en/gouvernance/")
    changes = built.html("gouvernance/versions/2025-01-10/changes/")
    assert re.search(r"<ins>.*?Elle rend compte chaque année", changes, re.S)
    # The privacy policy is still the site's root, unchanged.
    assert "Version en vigueur en date du 23 décembre 2023" in built.html("")
    feed = (built.out / "en" / "gouvernance" / "feed.xml").read_text()
    assert "/en/gouvernance/versions/2025-01-10/changes/" in feed and "/gouvernance/en/" not in feed
    index = json.loads((built.out / "gouvernance" / "versions.json").read_text())
    assert index["in_force"] == "2025-01-10" and index["versions"][0]["url"]["en"].endswith(
        "/en/gouvernance/versions/2024-01-01/"
    )


def test_navigation_switcher_notice_and_sitemap_cover_every_document(built: Site) -> None:
    root = built.html("")
    nav = re.findall(r'class="md-tabs__link"[^>]*>\s*([^<]+?)\s*<', root)
    assert nav == ["Politique de confidentialité", "Politique de gouvernance", "Historique des versions"]
    page = built.html("gouvernance/versions/2024-01-01/")
    assert re.search(r'hreflang="en-CA" href="https://[^"]+/en/gouvernance/versions/2024-01-01/"', page)
    # The governance change is announced on every page, by name, with a link to its changes.
    keys = re.findall(r'data-pa-notice="([^"]+)"', root)
    assert keys == ["gouvernance/2025-01-10:changed"]
    assert "Notre document «\u202fPolitique de gouvernance\u202f» a été modifié le 10 janvier 2025." in root
    assert 'href="gouvernance/versions/2025-01-10/changes/"' in root
    assert "Our Governance Policy changed on January 10, 2025." in built.html("en/")
    sitemap = (built.out / "sitemap.xml").read_text()
    assert "/gouvernance/versions/2025-01-10/changes/</loc>" in sitemap


def test_check_covers_every_document_and_commands_take_document(site: Site) -> None:
    with_governance(site)
    ok = site.run("check", as_of="2025-01-20")
    assert ok.returncode == 0, ok.stderr
    assert "3 versions checked" in ok.stderr
    (site.root / "gouvernance" / "2025-01-10" / "en" / "01-roles.md").unlink()
    broken = site.run("check", as_of="2025-01-20")
    assert broken.returncode == 1 and "gouvernance/2025-01-10/fr/01-roles.md" in broken.stderr
    assert "Traceback" not in broken.stderr
    (site.root / "gouvernance" / "2025-01-10" / "en" / "01-roles.md").write_text(
        "## 1. Roles and Responsibilities\n\nThe person in charge ensures compliance with the Act. It reports every year.\n",
        encoding="utf-8",
    )
    diff = site.run("--document", "gouvernance", "diff", "2024-01-01", "2025-01-10", "--lang", "en", as_of="2025-01-20")
    assert diff.returncode == 0, diff.stderr
    assert "{+It reports every year.+}" in diff.stdout
    unknown = site.run("--document", "nope", "check")
    assert unknown.returncode == 2 and "no document 'nope'" in unknown.stderr and "gouvernance" in unknown.stderr
    refused = site.run("--document", "gouvernance", "notify", "--dry-run", str(site.root / "out"))
    assert refused.returncode == 2 and "privacy policy only" in refused.stderr
