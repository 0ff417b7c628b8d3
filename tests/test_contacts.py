"""Issue 12: `check` warns when the policy text's contacts differ from the privacy officer's of mkdocs.yml.

The officer box (mkdocs.yml) is on every page, right under the text: a reader must not find two
ways to reach the person in charge (L3). The check reads the text readers see now or will see
(the version in force and the upcoming ones), in every language, and names the file and line.
"""

from __future__ import annotations

from pathlib import Path

from conftest import REPO, Site, copy_site

SECTION = "13-responsable.md"


def report(site: Site, as_of: str) -> str:
    result = site.run("check", as_of=as_of)
    return result.stdout + result.stderr


def set_officer(site: Site, **values: str) -> None:
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    for key, value in values.items():
        old = {"email": "email: jpmonfet@dynamiqueconseil.com", "phone": "phone: 418-290-5701"}[key]
        assert old in text
        text = text.replace(old, f"{key}: {value}")
    (site.root / "mkdocs.yml").write_text(text, encoding="utf-8")


def test_the_repository_text_and_officer_agree(site: Site) -> None:
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    assert "privacy officer" not in result.stdout + result.stderr


def test_another_officer_email_is_a_warning_at_the_texts_line(site: Site) -> None:
    set_officer(site, email="privacy@example.ca")
    result = site.run("check", as_of="2024-06-01")
    out = result.stdout + result.stderr
    for lang in ("fr", "en"):
        assert (
            f"policy/2023-12-23/{lang}/{SECTION}:9: warning: the text gives jpmonfet@dynamiqueconseil.com as a "
            "contact, but the privacy officer's email in mkdocs.yml is privacy@example.ca (shown on every page)"
        ) in out
    assert "correct privacy_officer.email in mkdocs.yml, or the text in this version" in out
    assert result.returncode == 0  # a warning; --strict makes it fail
    assert site.run("check", "--strict", as_of="2024-06-01").returncode == 1


def test_another_officer_phone_is_a_warning_and_formats_do_not_matter(site: Site) -> None:
    set_officer(site, phone="+1 (418) 290-5701")  # the same number written otherwise
    assert "phone number" not in report(site, "2024-06-01")
    set_officer_text = (
        (site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("+1 (418) 290-5701", "514 555-0199")
    )
    (site.root / "mkdocs.yml").write_text(set_officer_text, encoding="utf-8")
    out = report(site, "2024-06-01")
    assert f"policy/2023-12-23/fr/{SECTION}:8: warning: the text gives 418-290-5701 as a phone number" in out
    assert "privacy officer's phone in mkdocs.yml is 514 555-0199" in out


def test_only_the_text_in_force_and_upcoming_counts(site: Site) -> None:
    # A new version changes the address; the officer follows it: the old text may keep the old one.
    site.add_version(
        "2024-03-01",
        replace={
            lang: [("jpmonfet@dynamiqueconseil.com", "confidentialite@dynamiqueconseil.com")] for lang in ("fr", "en")
        },
    )
    set_officer(site, email="confidentialite@dynamiqueconseil.com")
    out = report(site, "2024-06-01")
    assert "privacy officer's email" not in out
    # Before it takes effect, the text in force still gives the old address: that is a conflict.
    out = report(site, "2024-02-01")
    assert f"policy/2023-12-23/fr/{SECTION}:9: warning: the text gives jpmonfet@dynamiqueconseil.com" in out
    assert "policy/2024-03-01/fr/13-responsable.md:9: warning" not in out


def test_the_demo_agrees_with_its_officer(tmp_path: Path) -> None:
    demo = copy_site(REPO / "examples" / "demo", tmp_path / "demo")
    out = demo.run("check", as_of="2026-12-01")
    assert "privacy officer" not in out.stdout + out.stderr, out.stdout
