"""The change notice in built HTML (L2, T1, T2, T3, A4): when it shows, where, and what it says."""

from __future__ import annotations

import posixpath
import re

import pytest
from conftest import Site

SEED = "2023-12-23"


def add_version(site: Site, vid: str, **options) -> None:
    """A new version with one sentence changed in both languages."""
    site.add_version(
        vid,
        summary={"fr": "Nous précisons la durée de conservation.", "en": "We specify the retention period."},
        replace={
            "fr": [("sont détruits.", "sont détruits de façon sécuritaire.")],
            "en": [("destroyed.", "securely destroyed.")],
        },
        **options,
    )


def resolve(page: str, href: str) -> str:
    """Where a relative link on the page at `page` leads, as a site path."""
    return posixpath.normpath(posixpath.join("/" + page, href)).lstrip("/") + "/"


def notices(html: str) -> list[tuple[str, str]]:
    """(key, expires) of every notice on a page."""
    return re.findall(r'data-pa-notice="([^"]+)" data-expires="([^"]+)"', html)


@pytest.fixture
def changed(site: Site) -> Site:
    add_version(site, "2025-01-10")
    return site


@pytest.mark.parametrize(
    ("as_of", "shown"),
    [("2025-01-09", False), ("2025-01-10", True), ("2025-02-09", True), ("2025-02-10", False)],
    ids=["day-1-upcoming-only", "day-0", "day-30", "day-31"],
)
def test_notice_window_edges(changed: Site, as_of: str, shown: bool) -> None:
    changed.build(as_of)
    # The archive: the policy page announces an upcoming version in its own text, not in the notice.
    keys = [k for k, _ in notices(changed.html("versions/"))]
    assert ("2025-01-10:changed" in keys) is shown
    if as_of == "2025-01-09":
        assert keys == ["2025-01-10:upcoming"]  # announced before it takes effect (T2)


def test_notice_on_every_page_of_both_languages_with_date_and_link(changed: Site) -> None:
    changed.build("2025-01-20")
    for path in ("", "versions/", f"versions/{SEED}/", "versions/2025-01-10/changes/", "versions/compare/"):
        html = changed.html(path)
        assert notices(html) == [("2025-01-10:changed", "2025-02-09")], path
        assert "Notre politique de confidentialité a été modifiée le 10 janvier 2025." in html
        href = re.search(r'<a href="([^"]*)">Voir les modifications</a>', html).group(1)
        assert resolve(path, href) == "versions/2025-01-10/changes/"
    en = changed.html("en/versions/")
    assert "Our privacy policy changed on January 10, 2025." in en
    href = re.search(r'<a href="([^"]*)">See the changes</a>', en).group(1)
    assert resolve("en/versions/", href) == "en/versions/2025-01-10/changes/"
    assert (changed.out / "404.html").read_text().count("data-pa-notice=") == 1


def test_notice_markup_is_accessible_without_javascript(changed: Site) -> None:
    changed.build("2025-01-20")
    html = changed.html("")
    block = re.search(r'<div class="pa-notice.*?</div>', html, re.S).group(0)
    assert 'role="region"' in block and "aria-labelledby=" in block
    assert re.search(r"<button[^>]*hidden", block)  # the dismiss button appears only with JavaScript
    assert "data-pa-notice" in block and "hidden" not in block.split(">", 1)[0]


def test_editorial_fix_gets_no_notice_but_updates_date(site: Site) -> None:
    add_version(site, "2025-01-10", significant=False)
    site.build("2025-01-12")
    html = site.html("")
    assert notices(html) == []
    assert "Version en vigueur en date du 10 janvier 2025" in html


def test_upcoming_significant_version_announced_with_consent_warning(site: Site) -> None:
    add_version(site, "2025-03-01", published="2025-01-15", reduces_rights=True)
    site.build("2025-01-20")
    archive = site.html("versions/")
    assert notices(archive) == [("2025-03-01:upcoming", "2025-03-31")]
    assert "Notre politique de confidentialité sera modifiée le 1er mars 2025." in archive
    assert "Elle réduit vos droits et ne s’appliquera pas à vous sans votre consentement explicite." in archive
    # The policy in force announces it once, in its own text (issue 12), with the same warning.
    html = site.html("")
    assert notices(html) == [] and html.count('class="pa-upcoming"') == 1
    assert "elle ne s’appliquera pas à vous sans votre consentement explicite" in html
    assert "it will not apply to you without your express consent" in site.html("en/")
    assert "Version en vigueur en date du 23 décembre 2023" in html  # the seed is still in force


def test_first_version_alone_has_no_change_notice(site: Site) -> None:
    site.build("2023-12-24")
    assert notices(site.html("")) == []


@pytest.mark.parametrize("as_of", ["2025-01-20", "2025-02-09"])
def test_an_editorial_fix_does_not_end_the_notice_of_a_significant_change(site: Site, as_of: str) -> None:
    """L2, T3: the notice belongs to the significant change and lasts its whole window, fixes or not."""
    add_version(site, "2025-01-10")
    site.add_version(
        "2025-01-15",
        significant=False,
        summary={"fr": "Coquille corrigée.", "en": "Typo fixed."},
        replace={  # the significant change, kept, plus a punctuation fix
            "fr": [("sont détruits.", "sont détruits de façon sécuritaire."), ("(ci-après la", "(ci-après, la")],
            "en": [("destroyed.", "securely destroyed.")],
        },
    )
    site.build(as_of)
    for path in ("", "en/", "versions/"):
        assert notices(site.html(path)) == [("2025-01-10:changed", "2025-02-09")], path
    site.build("2025-02-10")  # the window of the significant change has closed
    assert notices(site.html("")) == []
