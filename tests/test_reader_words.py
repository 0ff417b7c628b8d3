"""Issue 12, what a reader reads: status first, changes titles that follow it, the translation
note, the words of the interface in the page's language, French typography, search excerpts.

Built for real from the demo's five versions (as of 2026-12-01: V4 in force, V5 upcoming) and
from copies of the repository's site.
"""

from __future__ import annotations

import html as htmllib
import json
import re
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site
from test_archive import V2, V3, V4, V5, demo_site

STRINGS = REPO / "plugins" / "policy_archive" / "strings"
NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Site:
    site = demo_site(tmp_path_factory.mktemp("words") / "src")
    site.build("2026-12-01")
    return site


def article(page: str) -> str:
    m = re.search(r"<article\b.*?</article>", page, re.S)
    assert m, "no <article>"
    return m.group(0)


def text(page: str) -> str:
    """Visible text of the article: tags out, entities decoded, every kind of space collapsed."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", article(page)))).strip()


def first_block(page: str) -> str:
    """What comes right after the page's title."""
    body = article(page)
    after = body[body.index("</h1>") + 5 :]
    m = re.match(r"\s*<(div|p)\b[^>]*>.*?</\1>", after, re.S)
    assert m, after[:300]
    return m.group(0)


# -- 1. Status first ----------------------------------------------------------------------------

STATUS = {
    ("fr", V2): "Cette version n’est plus en vigueur : en vigueur du 15 juin 2024 au 28 février 2025, "
    "elle a été remplacée par la version du 1er mars 2025.",
    ("en", V2): "This version is no longer in force: in force from June 15, 2024 to February 28, 2025, "
    "it was replaced by the version of March 1, 2025.",
    ("fr", V4): "Cette version est en vigueur depuis le 10 novembre 2026. Elle s’appliquera jusqu’au "
    "14 janvier 2027 inclusivement, puis sera remplacée par la version du 15 janvier 2027.",
    ("en", V4): "This version has been in force since November 10, 2026. It will apply until January 14, 2027 "
    "inclusive, and will then be replaced by the version of January 15, 2027.",
    ("fr", V5): "Cette version n’est pas encore en vigueur : elle entrera en vigueur le 15 janvier 2027.",
    ("en", V5): "This version is not yet in force: it takes effect on January 15, 2027.",
}


@pytest.mark.parametrize(("lang", "vid"), list(STATUS))
def test_version_page_opens_with_its_status(demo: Site, lang: str, vid: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    page = demo.html(f"{prefix}versions/{vid}/")
    block = first_block(page)
    assert 'role="note"' in block and "pa-banner" in block
    words = re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", block)))
    assert STATUS[(lang, vid)] in words
    # The replacing version is a link to its own page.
    if vid == V2:
        assert f'href="../{V3}/"' in block
    if vid == V4:
        assert f'href="../{V5}/"' in block


@pytest.mark.parametrize(("lang", "in_force"), [("fr", "Version en vigueur en date du"), ("en", "In effect as of")])
def test_in_force_wording_only_on_the_version_in_force(demo: Site, lang: str, in_force: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    assert in_force in text(demo.html(prefix))
    assert in_force in text(demo.html(f"{prefix}versions/{V4}/"))
    effective = {"fr": "Date d’entrée en vigueur : 15 juin 2024", "en": "Effective date: June 15, 2024"}[lang]
    for vid in (V2, V3, V5):
        page = text(demo.html(f"{prefix}versions/{vid}/"))
        assert in_force not in page, vid
    assert effective.replace(NBSP, " ") in text(demo.html(f"{prefix}versions/{V2}/"))


CHANGES = {
    ("fr", V3): "Modifications entrées en vigueur le 1er mars 2025",
    ("fr", V4): "Modifications entrées en vigueur le 10 novembre 2026",
    ("fr", V5): "Modifications qui entreront en vigueur le 15 janvier 2027",
    ("en", V3): "Changes that took effect on March 1, 2025",
    ("en", V4): "Changes that took effect on November 10, 2026",
    ("en", V5): "Changes that will take effect on January 15, 2027",
}


@pytest.mark.parametrize(("lang", "vid"), list(CHANGES))
def test_changes_page_title_follows_the_status(demo: Site, lang: str, vid: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    page = demo.html(f"{prefix}versions/{vid}/changes/")
    h1 = re.search(r"<h1[^>]*>(.*?)<a ", page, re.S)
    assert h1 and htmllib.unescape(h1.group(1)).strip() == CHANGES[(lang, vid)]
    assert f"<title>{CHANGES[(lang, vid)]}" in page


def test_policy_page_before_any_version_takes_effect(site: Site) -> None:
    """The only version is upcoming: the root shows it, and says it is not yet in force."""
    for lang, placeholder in (("fr", "[NOM DE L’ORGANISME]"), ("en", "[NAME OF THE ORGANIZATION]")):
        section = site.policy / "2023-12-23" / lang / "06-finalites.md"  # refused in an upcoming version
        section.write_text(section.read_text(encoding="utf-8").replace(placeholder, "Org"), encoding="utf-8")
    site.build("2023-06-01")
    fr, en = text(site.html("")), text(site.html("en/"))
    assert "Cette version n’est pas encore en vigueur : elle entrera en vigueur le 23 décembre 2023." in fr
    assert "This version is not yet in force: it takes effect on December 23, 2023." in en
    assert "Version en vigueur en date du" not in fr and "In effect as of" not in en


# -- 2. Translation status -------------------------------------------------------------------------

NOTE = "This English version is a translation. In case of discrepancy, the French text prevails."


def test_every_english_page_says_it_is_a_translation(demo: Site) -> None:
    paths = ["", "versions/", f"versions/{V2}/", f"versions/{V4}/", f"versions/{V5}/changes/"]
    for path in paths:
        en = text(demo.html("en/" + path))
        assert NOTE in en, path
        assert "traduction" not in text(demo.html(path)).lower(), path
    # A version's page dates its translation and its original.
    assert "Translation last updated on June 15, 2024; French text last updated on June 15, 2024." in text(
        demo.html(f"en/versions/{V2}/")
    )


def test_archive_shows_both_languages_dates(demo: Site) -> None:
    fr, en = text(demo.html("versions/")), text(demo.html("en/versions/"))
    assert "Texte français mis à jour le 14 février 2025 · Texte anglais mis à jour le 14 février 2025" in fr
    assert "French text last updated on February 14, 2025 · English text last updated on February 14, 2025" in en


# -- 3. Words ------------------------------------------------------------------------------------------


def test_permalinks_and_footer_in_the_page_language(demo: Site) -> None:
    for path, lang in (("", "fr"), ("en/", "en")):
        for page in ("", "versions/", f"versions/{V2}/", f"versions/{V3}/changes/"):
            h = demo.html(path + page)
            titles = set(re.findall(r'class="headerlink" href="[^"]*" title="([^"]*)"', h))
            assert titles == {"Lien permanent" if lang == "fr" else "Permanent link"}, (path + page, titles)
            footer = re.search(r'<div class="md-copyright">(.*?)</div>', h, re.S)
            assert footer
            made = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", footer.group(1))).strip()
            assert made == (
                "Site réalisé avec Material for MkDocs" if lang == "fr" else "Made with Material for MkDocs"
            )


def _values(lang: str) -> dict[str, str]:
    return yaml.safe_load((STRINGS / f"{lang}.yml").read_text(encoding="utf-8"))


def test_french_strings_use_non_breaking_spaces() -> None:
    """U+00A0 before a colon, U+202F before ; ? ! and inside « »: never an ordinary space or none."""
    bad = []
    for key, value in _values("fr").items():
        if not isinstance(value, str):
            continue
        value = re.sub(r"\{[^}]*\}", "x", value)  # placeholders are words
        value = re.sub(r"https?://\S+", "", value)
        for m in re.finditer(r"(.)(:)(?=\s|$)|(.)([;?!])|(«)(.)|(.)(»)", value):
            before, mark = (m.group(1), ":") if m.group(2) else (m.group(3), m.group(4))
            if m.group(5):
                before, mark = m.group(6), "«"
            elif m.group(8):
                before, mark = m.group(7), "»"
            wanted = NBSP if mark == ":" else NNBSP
            if before != wanted:
                bad.append(f"{key}: {mark!r} with {before!r} instead of {wanted!r}")
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_strings_read_the_same_with_libyaml_and_pure_python(lang: str) -> None:
    """l10n.strings reads the package's own files with libyaml when PyYAML has it: every value
    must come out as the pure-Python reader gives it (the one that reads editors' files)."""
    from policy_archive import l10n

    assert l10n.strings(lang) == _values(lang)


def test_english_says_express_consent() -> None:
    english = (STRINGS / "en.yml").read_text(encoding="utf-8")
    assert "explicit" not in english.lower()
    assert "express consent" in _values("en")["email_consent_express"]
    assert "express consent" in _values("en")["notice_consent"]


# -- 4. One table of contents, search excerpts with spaces -------------------------------------------------


def test_policy_page_has_one_table_of_contents(site: Site) -> None:
    """A policy whose first section is not a level-1 title: Material's own table of contents
    would list the same sections a second time beside the page's."""
    for lang in ("fr", "en"):
        preamble = site.policy / "2023-12-23" / lang / "00-preambule.md"
        preamble.write_text(re.sub(r"^# .*\n", "", preamble.read_text(encoding="utf-8")), encoding="utf-8")
    site.build("2024-06-01")
    for path in ("", "en/", "versions/2023-12-23/"):
        h = site.html(path)
        assert h.count('<nav class="pa-toc"') == 1
        sidebar = re.search(r'<div class="md-sidebar md-sidebar--secondary"([^>]*)>(.*?)</nav>', h, re.S)
        assert sidebar is None or "hidden" in sidebar.group(1) or "md-nav__link" not in sidebar.group(2), path


def test_search_excerpts_have_spaces_between_fields(demo: Site) -> None:
    for lang, words in (
        ("fr", ["Statut Résumé des modifications Consulter", "Texte intégral Modifications", "Table des matières 1."]),
        ("en", ["Status Summary of changes View", "Full text Changes", "Contents 1."]),
    ):
        index = Path(demo.out, "" if lang == "fr" else "en", "search", "search_index.json")
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        # What a result shows: the text without its tags (nothing stands in for them).
        excerpts = " ".join(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", d["text"])) for d in docs)
        for expected in words:
            assert expected in excerpts, (lang, expected)


def test_translation_notice_wording_is_configurable(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    own = "Traduction fournie pour information seulement. Seul le texte français fait foi."
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "notice_days: 30", f'notice_days: 30\n      translation_notice:\n        en: "{own}"'
        ),
        encoding="utf-8",
    )
    site.build("2024-06-01")
    assert own in text(site.html("en/")) and own in text(site.html("en/versions/"))
    assert NOTE not in text(site.html("en/"))
    assert own not in text(site.html(""))


def test_translation_notice_for_the_original_language_is_refused(site: Site) -> None:
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "notice_days: 30", 'notice_days: 30\n      translation_notice:\n        fr: "Traduction."'
        ),
        encoding="utf-8",
    )
    line = config.read_text(encoding="utf-8").split("\n").index("      translation_notice:") + 1
    result = site.run("check")
    assert result.returncode == 1
    assert f"mkdocs.yml:{line}: error: translation_notice names 'fr'" in result.stderr + result.stdout
    assert "Traceback" not in result.stderr


def test_counts_agree_with_their_number_in_each_language() -> None:
    """No "version(s)": the word agrees with the number, by the language's plural rule (CLDR)."""
    from policy_archive.l10n import strings, t

    assert t("fr", "history_counts", changed=1, unchanged=0) == (
        "Cette section a changé dans 1 version et est restée inchangée dans 0 version."
    )
    assert t("en", "history_counts", changed=1, unchanged=0) == (
        "This section changed in 1 version and stayed unchanged in 0 versions."
    )
    assert t("fr", "unchanged_fold", count=3, titles="A, B, C").startswith("3 sections inchangées")
    assert t("en", "renumbered_fold", count=1, titles="A").startswith("1 renumbered section,")
    # A template for the browser keeps the choice for compare.js.
    assert "{count|section inchangée|sections inchangées}" in t("fr", "unchanged_fold", count="{count}", titles="x")
    for lang in ("fr", "en"):
        assert not [k for k, v in strings(lang).items() if isinstance(v, str) and "(s)" in v], lang
