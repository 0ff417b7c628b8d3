"""`policy-archive new-version`: the next version starts as a copy of the latest, summaries to fill."""

from __future__ import annotations

import datetime as dt
import filecmp

import pytest
import yaml
from conftest import Site

SEED = "2023-12-23"


def test_new_version_copies_the_latest_and_says_what_to_do(site: Site) -> None:
    result = site.run("new-version", "2024-09-01", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    folder = site.policy / "2024-09-01"
    for lang in ("fr", "en"):
        cmp = filecmp.dircmp(site.policy / SEED / lang, folder / lang)
        assert cmp.left_list == cmp.right_list and not cmp.diff_files and len(cmp.left_list) > 10
    meta = yaml.safe_load((folder / "version.yml").read_text(encoding="utf-8"))
    assert meta == {
        "effective": dt.date(2024, 9, 1),
        "published": dt.date(2024, 6, 1),  # today: announced before it takes effect (T2)
        "significant": True,
        "reduces_rights": False,
        "summary": {"fr": "", "en": ""},
    }
    assert "# TO FILL" in (folder / "version.yml").read_text(encoding="utf-8")
    out = result.stdout
    assert f"Created policy/2024-09-01/ from version {SEED}" in out
    assert "policy/2024-09-01/fr/ and policy/2024-09-01/en/" in out
    assert "Fill the summaries in policy/2024-09-01/version.yml" in out
    assert "policy-archive check" in out
    assert "git add policy/2024-09-01 && git commit" in out
    # The only warnings: the seed's effective date, copied into the new text (tests/test_editor_messages.py).
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert all("is the effective date of version 2023-12-23" in line for line in warnings), result.stderr


def test_check_then_requires_the_summaries_of_a_significant_version(site: Site) -> None:
    site.run("new-version", "2024-09-01", as_of="2024-06-01", check=True)
    result = site.run("check", as_of="2024-06-01")
    assert result.returncode == 1
    for lang in ("fr", "en"):
        assert f"policy/2024-09-01/version.yml:9: error: summary for '{lang}' is missing or empty" in result.stderr
    assert "Traceback" not in result.stderr

    path = site.policy / "2024-09-01" / "version.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('fr: ""', "fr: Clarification des délais.").replace('en: ""', "en: Clearer time limits.")
    path.write_text(text, encoding="utf-8")
    result = site.run("check", as_of="2024-06-01")
    assert "summary for" not in result.stderr


def test_published_is_the_effective_date_when_that_is_earlier_than_today(site: Site) -> None:
    result = site.run("new-version", "2024-03-01", as_of="2024-06-01")
    assert result.returncode == 0, result.stderr
    meta = yaml.safe_load((site.policy / "2024-03-01" / "version.yml").read_text(encoding="utf-8"))
    assert meta["published"] == dt.date(2024, 3, 1)
    assert "takes effect at once, without being announced first" in result.stderr


@pytest.mark.parametrize(
    ("date", "message"),
    [
        (SEED, f"version {SEED} already exists"),
        ("2023-12-22", f"2023-12-22 is not after the latest version {SEED}"),
        ("2024-13-01", "'2024-13-01' is not a date: write the effective date as YYYY-MM-DD"),
        ("2024-9-1", "'2024-9-1' is not a date"),
        ("demain", "'demain' is not a date"),
    ],
)
def test_new_version_refuses_bad_dates(site: Site, date: str, message: str) -> None:
    before = sorted(p.name for p in site.policy.iterdir())
    result = site.run("new-version", date, as_of="2024-06-01")
    assert result.returncode == 1
    assert message in result.stderr
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(p.name for p in site.policy.iterdir()) == before


def test_new_version_refuses_a_date_before_a_newer_version(site: Site) -> None:
    site.run("new-version", "2024-09-01", as_of="2024-06-01", check=True)
    result = site.run("new-version", "2024-08-01", as_of="2024-06-01")
    assert result.returncode == 1
    assert "2024-08-01 is not after the latest version 2024-09-01" in result.stderr
    assert not (site.policy / "2024-08-01").exists()


def test_new_version_without_any_version(site: Site) -> None:
    import shutil

    shutil.rmtree(site.policy / SEED)
    result = site.run("new-version", "2024-09-01", as_of="2024-06-01")
    assert result.returncode == 1
    assert "no version to start from" in result.stderr
