"""Issue 14, for those who must prove what applied: the policy on a date (`Policy.at`, the
`policy-archive at` command, the `versions/at/` page), citing a version, and the printed address.

Built for real from the demo's five versions (as of 2026-12-01: V4 in force, V5 upcoming) with its
governance policy as a further document; the command runs in a copy of the repository's site.
"""

from __future__ import annotations

import datetime as dt
import html as htmllib
import json
import re
import shutil

import pytest
from conftest import REPO, Site, copy_site
from policy_archive.at import answer, sentence
from policy_archive.l10n import format_date
from policy_archive.load import load_policy
from test_archive import V1, V2, V3, V4, V5, demo_site

AS_OF = "2026-12-01"
SITE_URL = "https://dynamiqueconseil.com/confidentialite/"
NBSP, NNBSP = "\u00a0", "\u202f"


def with_governance(site: Site) -> Site:
    """The demo's governance policy as a further document, under `gouvernance/`."""
    shutil.copytree(REPO / "examples" / "demo" / "gouvernance", site.root / "gouvernance")
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "notice_days: 30",
            "notice_days: 30\n      documents:\n        - slug: gouvernance\n          policy_dir: gouvernance",
        ),
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Site:
    site = with_governance(demo_site(tmp_path_factory.mktemp("at") / "src"))
    site.build(AS_OF)
    return site


def words(fragment: str) -> str:
    """Visible text: tags out, entities decoded, runs of ASCII spaces one space (French typography's
    non-breaking spaces are kept: they are part of the words)."""
    return re.sub(r"[ \t\r\n]+", " ", htmllib.unescape(re.sub(r"<[^>]+>", "", fragment))).strip()


def element(page: str, pattern: str) -> str:
    found = re.search(pattern, page, re.S)
    assert found, pattern
    return found.group(0)


# -- the core: Policy.at and its sentence ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def policy():
    loaded, _problems = load_policy(REPO / "examples" / "demo" / "policy", ["fr", "en"], dt.date.fromisoformat(AS_OF))
    return loaded


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2023-12-22", None),  # before the first version
        (V1, V1),  # its first day
        ("2024-06-14", V1),  # the day before the next one takes effect: still the previous one
        (V2, V2),
        ("2024-08-12", V2),
        ("2025-02-28", V2),
        (V3, V3),
        (AS_OF, V4),  # the build date
        ("2027-01-14", V4),
        (V5, V5),  # an upcoming version, on its first day
        ("2040-01-01", V5),  # long after: the last version known
    ],
)
def test_policy_at_gives_the_version_in_force_on_a_day(policy, day: str, expected: str | None) -> None:
    version = policy.at(dt.date.fromisoformat(day))
    assert (version.id if version else None) == expected
    if version is not None:  # the same answer as the periods the archive shows
        start, end = policy.period(version)
        assert start <= dt.date.fromisoformat(day) and (end is None or dt.date.fromisoformat(day) <= end)


def test_the_answer_after_the_build_date_is_as_far_as_known(policy) -> None:
    assert not answer(policy, dt.date.fromisoformat(AS_OF)).provisional
    later = answer(policy, dt.date(2026, 12, 2))
    assert later.provisional and later.version is not None and later.version.id == V4
    assert "selon ce qui était connu le 1er décembre 2026" in sentence(policy, later, "fr")
    assert "as far as known on December 1, 2026" in sentence(policy, later, "en")


def test_sentences_in_both_languages(policy) -> None:
    found = answer(policy, dt.date(2024, 8, 12))
    assert sentence(policy, found, "fr") == (
        f"En vigueur le 12 août 2024{NBSP}: version du 15 juin 2024 (en vigueur du 15 juin 2024 au 28 février 2025)"
    )
    assert sentence(policy, found, "en") == (
        "In force on August 12, 2024: version of June 15, 2024 (in force from June 15, 2024 to February 28, 2025)"
    )
    before = answer(policy, dt.date(2023, 1, 1))
    assert before.version is None
    assert sentence(policy, before, "en") == (
        "No version of this policy was in force on January 1, 2023: the first version took effect on December 23, 2023."
    )


# -- the command line ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def repo_site(tmp_path_factory) -> Site:
    """The repository's site with versions added: 2023-12-23, 2024-06-15, 2025-03-01, and 2025-09-01
    announced (upcoming as of 2025-06-01)."""
    site = copy_site(REPO, tmp_path_factory.mktemp("at-cli") / "src")
    site.add_version("2024-06-15")
    site.add_version("2025-03-01")
    site.add_version("2025-09-01", published="2025-05-15")
    return site


CLI_AS_OF = "2025-06-01"


@pytest.mark.parametrize(
    ("day", "line"),
    [
        ("2025-02-28", "2024-06-15\t2024-06-15\t2025-02-28"),  # the day before a version takes effect
        ("2025-03-01", "2025-03-01\t2025-03-01\t2025-08-31"),  # its first day
        ("2024-08-12", "2024-06-15\t2024-06-15\t2025-02-28"),
        ("2023-12-23", "2023-12-23\t2023-12-23\t2024-06-14"),
    ],
)
def test_cli_at_prints_the_version_and_its_period(repo_site: Site, day: str, line: str) -> None:
    result = repo_site.run("at", day, as_of=CLI_AS_OF)
    assert result.returncode == 0, result.stderr
    first, text = result.stdout.rstrip("\n").split("\n")
    assert first == line
    assert text.startswith(f"En vigueur le {format_date(dt.date.fromisoformat(day), 'fr')}{NBSP}: version du ")
    assert "selon ce qui était connu" not in text


def test_cli_at_an_upcoming_version_is_marked_as_known_on_the_build_date(repo_site: Site) -> None:
    result = repo_site.run("at", "2025-09-01", as_of=CLI_AS_OF)
    assert result.returncode == 0, result.stderr
    first, text = result.stdout.rstrip("\n").split("\n")
    assert first == "2025-09-01\t2025-09-01\t"
    assert text == (
        f"En vigueur le 1er septembre 2025, selon ce qui était connu le 1er juin 2025{NBSP}: version du "
        "1er septembre 2025 (entrera en vigueur le 1er septembre 2025). Une version publiée après le "
        "1er juin 2025 pourrait s’appliquer à cette date."
    )
    english = repo_site.run("at", "2025-09-01", "--lang", "en", as_of=CLI_AS_OF)
    assert english.stdout.split("\n")[1] == (
        "In force on September 1, 2025, as far as known on June 1, 2025: version of September 1, 2025 "
        "(takes effect on September 1, 2025). A version published after June 1, 2025 could apply on that date."
    )
    # --as-of (an explicit flag) decides as the build date would: on 2025-10-01 it is a plain answer.
    settled = repo_site.run("--as-of", "2025-10-01", "at", "2025-09-01", "--lang", "en")
    assert settled.stdout.split("\n")[1] == (
        "In force on September 1, 2025: version of September 1, 2025 (in force since September 1, 2025)"
    )


def test_cli_at_before_the_first_version_exits_1(repo_site: Site) -> None:
    result = repo_site.run("at", "2023-12-22", as_of=CLI_AS_OF)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.strip() == (
        f"Aucune version de cette politique n’était en vigueur le 22 décembre 2023{NBSP}: "
        "la première version est entrée en vigueur le 23 décembre 2023."
    )
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("bad", ["2024-02-30", "2024/08/12", "20240812", "yesterday", "2024-8-12", ""])
def test_cli_at_a_bad_date_exits_2_naming_it(repo_site: Site, bad: str) -> None:
    result = repo_site.run("at", bad, as_of=CLI_AS_OF)
    assert result.returncode == 2
    assert f"'{bad}' is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_cli_at_json_and_unknown_language(repo_site: Site) -> None:
    result = repo_site.run("at", "2024-08-12", "--format", "json", "--lang", "en", as_of=CLI_AS_OF)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data == {
        "date": "2024-08-12",
        "version": "2024-06-15",
        "from": "2024-06-15",
        "to": "2025-02-28",
        "as_of": CLI_AS_OF,
        "provisional": False,
        "first": "2023-12-23",
        "lang": "en",
        "text": "In force on August 12, 2024: version of June 15, 2024 (in force from June 15, 2024 to February 28, 2025)",
    }
    none = repo_site.run("at", "2020-01-01", "--format", "json", as_of=CLI_AS_OF)
    assert none.returncode == 1 and json.loads(none.stdout)["version"] is None
    unknown = repo_site.run("at", "2024-08-12", "--lang", "de", as_of=CLI_AS_OF)
    assert unknown.returncode == 2 and "unknown language 'de'" in unknown.stderr


# -- the page versions/at/ -----------------------------------------------------------------------------------

PERIODS = {  # (from, to) as the rows carry them
    V1: (V1, "2024-06-14"),
    V2: (V2, "2025-02-28"),
    V3: (V3, "2026-11-09"),
    V4: (V4, "2027-01-14"),
    V5: (V5, ""),
}


@pytest.mark.parametrize(
    ("lang", "title", "label", "submit"),
    [
        ("fr", "La politique à une date", "Date", "Afficher la version"),
        ("en", "The policy on a given date", "Date", "Show the version"),
    ],
)
def test_at_page_in_both_languages(demo: Site, lang: str, title: str, label: str, submit: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    page = demo.html(f"{prefix}versions/at/")
    assert f'<html lang="{"fr-CA" if lang == "fr" else "en-CA"}"' in page
    assert re.search(rf"<h1[^>]*>{re.escape(title)}", page)
    form = element(page, r'<form class="pa-at-form".*?</form>')
    assert 'method="get"' in form and 'action="./"' in form
    assert f'<label for="pa-at-date">{label}</label>' in form
    assert re.search(r'<input type="date" id="pa-at-date" name="date" required(="")?>', form)
    assert words(element(form, r"<button.*?</button>")) == submit
    assert re.search(r'<div id="pa-at-result" class="pa-at__result" aria-live="polite" data-pa-at', page)
    # Without JavaScript, the table answers by reading: every version, its period, a link to it.
    for vid, (start, end) in PERIODS.items():
        row = element(page, rf'<tr class="pa-row pa-row--[\w-]+" id="v-{vid}".*?</tr>')
        assert f'data-pa-from="{start}"' in row and f'data-pa-to="{end}"' in row
        assert f'href="../{vid}/"' in row
    fr_period = "du 15 juin 2024 au 28 février 2025" if lang == "fr" else "from June 15, 2024 to February 28, 2025"
    assert fr_period in words(element(page, rf'<tr [^>]*id="v-{V2}".*?</tr>'))
    # The alternates pair the two languages' pages (A3).
    other = "en/" if lang == "fr" else ""
    assert f'hreflang="{"en-CA" if lang == "fr" else "fr-CA"}" href="{SITE_URL}{other}versions/at/"' in page


def test_at_page_carries_the_sentences_at_js_fills(demo: Site) -> None:
    box = htmllib.unescape(element(demo.html("versions/at/"), r"<div id=\"pa-at-result\"[^>]*>"))
    assert f'data-pa-answer="En vigueur le {{day}}{NBSP}: {{version}} ({{period}})"' in box
    assert "selon ce qui était connu le 1er décembre 2026" in box and f'data-pa-as-of="{AS_OF}"' in box
    assert "la première version est entrée en vigueur le 23 décembre 2023." in box
    assert "AAAA-MM-JJ" in box
    row = htmllib.unescape(element(demo.html("versions/at/"), rf'<tr [^>]*id="v-{V4}"[^>]*>'))
    assert 'data-pa-label="version du 10 novembre 2026"' in row
    assert 'data-pa-period="en vigueur depuis le 10 novembre 2026, jusqu’au 14 janvier 2027 inclusivement"' in row
    en = htmllib.unescape(element(demo.html("en/versions/at/"), r"<div id=\"pa-at-result\"[^>]*>"))
    assert 'data-pa-answer="In force on {day}: {version} ({period})"' in en
    en_row = htmllib.unescape(element(demo.html("en/versions/at/"), rf'<tr [^>]*id="v-{V5}"[^>]*>'))
    assert 'data-pa-period="takes effect on January 15, 2027"' in en_row and 'data-pa-status="upcoming"' in en_row
    # An English page says it is a translation, as every other one does.
    assert "This English version is a translation." in words(demo.html("en/versions/at/"))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_archive_has_a_date_form_to_the_at_page(demo: Site, lang: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    form = element(demo.html(f"{prefix}versions/"), r'<form class="pa-at-form".*?</form>')
    heading = "La politique à une date donnée" if lang == "fr" else "The policy on a given date"
    assert f'<h2 id="at">{heading}</h2>' in form
    assert 'method="get"' in form and 'action="at/"' in form
    assert re.search(r'<label for="pa-at-date">[^<]+</label> <input type="date" id="pa-at-date" name="date"', form)


def test_at_page_for_a_further_document_and_in_the_sitemap(demo: Site) -> None:
    for prefix in ("", "en/"):
        page = demo.html(f"{prefix}gouvernance/versions/at/")
        assert 'id="v-2024-09-22"' in page and 'href="../2024-09-22/"' in page
        assert f"{SITE_URL}{prefix}gouvernance/versions/at/" in page  # its printed address
    sitemap = (demo.out / "sitemap.xml").read_text(encoding="utf-8")
    for path in ("versions/at/", "en/versions/at/", "gouvernance/versions/at/", "en/gouvernance/versions/at/"):
        assert f"{SITE_URL}{path}" in sitemap, path


def test_generated_pages_run_no_inline_script(demo: Site) -> None:
    """CSP `script-src 'self'` (S1): at.js and cite.js are files; the pages carry data, not code."""
    for path in ("versions/at/", "en/versions/at/", f"versions/{V2}/", "versions/"):
        page = demo.html(path)
        for tag in re.findall(r"<script\b[^>]*>", page):
            assert " src=" in tag or 'type="application/json"' in tag, (path, tag)
        assert " on" not in " ".join(re.findall(r"<(?:input|button|form)\b[^>]*>", page)).replace(" one", "")
    assert 'src="../../assets/policy-archive/at.js"' in demo.html("versions/at/")
    assert 'src="../../../assets/policy-archive/cite.js"' in demo.html(f"en/versions/{V2}/")
    assert "at.js" not in demo.html(f"versions/{V2}/")


# -- cite this version ---------------------------------------------------------------------------------------


def cite(page: str) -> str:
    return words(element(page, r'<p class="pa-cite__text".*?</p>'))


def test_cite_block_in_both_languages(demo: Site) -> None:
    fr = demo.html(f"versions/{V2}/")
    block = element(fr, r'<details class="pa-cite".*?</details>')
    assert words(element(block, r"<summary>.*?</summary>")) == "Citer cette version"
    assert cite(fr) == (
        f"Dynamique Conseil inc., «{NNBSP}Politique de confidentialité{NNBSP}», version du 15 juin 2024, "
        f"en vigueur du 15 juin 2024 au 28 février 2025. Adresse permanente{NBSP}: "
        f"{SITE_URL}versions/{V2}/ (consulté le [date de consultation])."
    )
    assert f'<a href="{SITE_URL}versions/{V2}/">' in block
    en = demo.html(f"en/versions/{V2}/")
    assert words(element(en, r'<details class="pa-cite".*?<summary>.*?</summary>')) == "Cite this version"
    assert cite(en) == (
        "Dynamique Conseil inc., “Privacy Policy,” version of June 15, 2024, in force from June 15, 2024 "
        f"to February 28, 2025. Permanent address: {SITE_URL}en/versions/{V2}/ (retrieved on [date retrieved])."
    )
    # The copy button waits for cite.js (hidden without it); its confirmation is a live region.
    assert re.search(r'<p class="pa-cite__actions" data-pa-cite-actions(="")? hidden', block)
    assert 'aria-live="polite"' in block and 'data-pa-copied="Citation copiée."' in block


@pytest.mark.parametrize(
    ("vid", "fr", "en"),
    [
        (
            V4,
            "en vigueur depuis le 10 novembre 2026, jusqu’au 14 janvier 2027 inclusivement",
            "in force since November 10, 2026, until January 14, 2027 inclusive",
        ),
        (V5, "entrera en vigueur le 15 janvier 2027", "takes effect on January 15, 2027"),
        (V3, "en vigueur du 1er mars 2025 au 9 novembre 2026", "in force from March 1, 2025 to November 9, 2026"),
    ],
)
def test_cite_block_gives_the_period_as_the_banner_does(demo: Site, vid: str, fr: str, en: str) -> None:
    assert f", {fr}. Adresse permanente" in cite(demo.html(f"versions/{vid}/"))
    assert f", {en}. Permanent address" in cite(demo.html(f"en/versions/{vid}/"))


def test_the_cite_block_holds_no_build_clock(demo: Site, tmp_path) -> None:
    """The reader's date is written by cite.js: the page holds a placeholder, and two builds of the
    same input on the same SOURCE_DATE_EPOCH, on different days of the wall clock or not, are identical."""
    today = dt.date.today()
    for lang in ("fr", "en"):
        block = element(
            demo.html(f"{'' if lang == 'fr' else 'en/'}versions/{V2}/"), r'<details class="pa-cite".*?</details>'
        )
        assert format_date(today, lang) not in words(block) and today.isoformat() not in block
    again = with_governance(demo_site(tmp_path / "again"))
    again.build(AS_OF)
    for path in ("versions/at/", "en/versions/at/", f"versions/{V2}/", f"en/versions/{V5}/", "versions/"):
        assert (again.out / path / "index.html").read_bytes() == (demo.out / path / "index.html").read_bytes(), path


# -- print ---------------------------------------------------------------------------------------------------

PRINTED = {  # page -> the permanent address it prints (a policy page prints its version's)
    f"versions/{V2}/": f"versions/{V2}/",
    f"versions/{V3}/changes/": f"versions/{V3}/changes/",
    "versions/compare/": "versions/compare/",
    "versions/at/": "versions/at/",
    "": f"versions/{V4}/",
}


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_pages_carry_their_permanent_address_for_print(demo: Site, lang: str) -> None:
    prefix = "" if lang == "fr" else "en/"
    words_of = "Adresse permanente" + NBSP + ":" if lang == "fr" else "Permanent address:"
    for path, address in PRINTED.items():
        block = element(demo.html(prefix + path), r'<p class="pa-print-only pa-print-address".*?</p>')
        assert words(block) == f"{words_of} {SITE_URL}{prefix}{address}", path
    kept = element(demo.html(prefix + "versions/compare/"), r'<p class="pa-print-only[^>]*>')
    assert 'data-pa-keep-query="from to"' in kept
    assert 'data-pa-keep-query="date"' in demo.html(prefix + "versions/at/")


def test_print_stylesheet_shows_the_address_and_hides_the_forms() -> None:
    assets = REPO / "plugins" / "policy_archive" / "theme" / "assets" / "policy-archive"
    screen = (assets / "policy-archive.css").read_text(encoding="utf-8")
    paper = (assets / "print.css").read_text(encoding="utf-8")
    assert re.search(r"\.pa-print-only \{ display: none; \}", screen)
    assert re.search(r"\.pa-print-only \{\s*display: block !important;", paper)
    hidden = paper[: paper.index("display: none !important")]
    for selector in (".pa-at-form", ".pa-cite", ".pa-compare-form", "button"):
        assert selector in hidden, selector


def test_the_sanitiser_lets_a_date_field_through_and_nothing_else() -> None:
    """The date picker needs `<input>` in the allow-list (S1): only as a date field, without handlers."""
    from policy_archive.safety import sanitise

    picker = '<label for="d">Date</label> <input type="date" id="d" name="date" required>'
    assert sanitise(picker) == picker.replace("required>", 'required="">')
    hostile = sanitise('<input type="password" name="p" onfocus="steal()" formaction="javascript:x" value="x">')
    assert hostile == '<input type="date" name="p">'
