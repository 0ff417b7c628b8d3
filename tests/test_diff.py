"""The redline engine on the hard cases of DESIGN.md ("Diffs"), its HTML validity, and `policy-archive diff`."""

from __future__ import annotations

import datetime as dt
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import markdown
import pytest
from policy_archive import diff
from policy_archive.diff import compare, diff_blocks, render_blocks, section_markdown, stats, version_data
from policy_archive.load import find_headings, heading_text
from policy_archive.model import Section, Version

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "policy" / "2023-12-23"
EXTENSIONS = ["attr_list", "md_in_html", "toc", "tables"]
HIDDEN = {
    "fr": ("début de l’ajout", "fin de l’ajout", "début de la suppression", "fin de la suppression"),
    "en": ("start of addition", "end of addition", "start of deletion", "end of deletion"),
}
BLOCK_ELEMENTS = {
    "p", "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
    "pre", "blockquote", "section", "details", "summary", "hr", "dl", "dt", "dd",
}  # fmt: skip
VOID = {"br", "hr", "img", "input", "meta", "link", "wbr"}


class Checker(HTMLParser):
    """Well-formedness: every tag closed in order; <ins>/<del> never hold a block or another change."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]
        if tag in VOID:
            return
        if tag in BLOCK_ELEMENTS and any(t in ("ins", "del") for t in self.stack):
            self.errors.append(f"<{tag}> inside <{[t for t in self.stack if t in ('ins', 'del')][-1]}>")
        if tag in ("ins", "del") and any(t in ("ins", "del") for t in self.stack):
            self.errors.append(f"<{tag}> nested in another change")
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids += [v for k, v in attrs if k == "id" and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()


def render(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def assert_valid(html: str) -> Checker:
    checker = Checker()
    checker.feed(f"<div>{html}</div>")
    checker.close()
    assert not checker.errors, (checker.errors, html)
    assert not checker.stack, (checker.stack, html)
    assert len(checker.ids) == len(set(checker.ids)), checker.ids
    return checker


def assert_hidden_texts(html: str, lang: str) -> None:
    """Every change carries its start and end words, in the page's language (A1)."""
    ins_start, ins_end, del_start, del_end = HIDDEN[lang]
    n_ins, n_del = html.count("<ins>"), html.count("<del>")
    assert html.count(f'<span class="pa-sr">{ins_start} </span>') == n_ins
    assert html.count(f'<span class="pa-sr"> {ins_end}</span>') == n_ins
    assert html.count(f'<span class="pa-sr">{del_start} </span>') == n_del
    assert html.count(f'<span class="pa-sr"> {del_end}</span>') == n_del


def redline(old: str, new: str, lang: str = "fr") -> str:
    """Body redline rendered to HTML, checked for validity and hidden texts."""
    html = render(render_blocks(diff_blocks(old, new), "sec", lang))
    assert_valid(html)
    assert_hidden_texts(html, lang)
    return html


def visible(html: str) -> str:
    """What a sighted reader sees: hidden spans dropped."""
    return re.sub(r'<span class="pa-sr">[^<]*</span>', "", html)


def section(name: str, text: str, lang: str = "fr") -> Section:
    line, level, raw = find_headings(text)[0]
    return Section(name, lang, Path(name), text, heading_text(raw), level, line)


def version(vid: str, files: dict[str, str], lang: str = "fr") -> Version:
    day = dt.date.fromisoformat(vid)
    sections = [section(name, text, lang) for name, text in files.items()]
    return Version(vid, Path(vid), day, day, True, False, {lang: "."}, {lang: sections})


# --------------------------------------------------------------------------- hard cases


def test_item_inserted_in_numbered_list() -> None:
    old = "Intro.\n\n1. Premier\n2. Deuxième\n3. Troisième\n"
    new = "Intro.\n\n1. Premier\n2. Nouveau point\n3. Deuxième\n4. Troisième\n"
    ops = diff_blocks(old, new)
    assert [op.tag for op in ops] == ["equal", "equal", "insert", "equal", "equal"]  # renumbering is not a change
    html = redline(old, new)
    assert html.count("<ol>") == 1 and html.count("<li>") == 4
    assert re.search(r"<li><ins>.*Nouveau point.*</ins></li>", html)
    assert "<del>" not in html


def test_paragraph_turned_into_list() -> None:
    old = "Nous collectons votre nom, votre courriel et votre adresse.\n"
    new = "Nous collectons :\n\n- votre nom\n- votre courriel\n- votre adresse\n"
    html = redline(old, new)
    assert html.count("<ul>") == 1 and html.count("<li>") == 3
    assert re.search(r"<p>Nous collectons <del>.*</del>.*</p>", html)
    assert all(re.search(rf"<li><ins>.*votre {w}.*</ins></li>", html) for w in ("nom", "courriel", "adresse"))


def test_link_target_changed_text_unchanged() -> None:
    old = "Lisez nos [conditions](https://example.com/v1) avant.\n"
    new = "Lisez nos [conditions](https://example.com/v2) avant.\n"
    html = redline(old, new)
    assert re.search(r'<del>.*<a href="https://example.com/v1">conditions</a>.*https://example.com/v1.*</del>', html)
    assert re.search(r'<ins>.*<a href="https://example.com/v2">conditions</a>.*https://example.com/v2.*</ins>', html)
    assert "Lisez nos" in html and "avant." in html


def test_link_text_changed_same_target_stays_one_link() -> None:
    html = redline("Voir [la page](/a).\n", "Voir [la nouvelle page](/a).\n")
    assert html.count("<a ") == 1
    assert re.search(r'<a href="/a">la <ins>.*nouvelle.*</ins> page</a>', html)


def test_emphasis_added() -> None:
    html = redline(
        "Vous pouvez retirer votre consentement.\n", "Vous pouvez **toujours** retirer votre consentement.\n"
    )
    assert re.search(r"<ins>.*<strong>toujours</strong>.*</ins>", html)
    html = redline("Un mot important ici.\n", "Un mot **important** ici.\n")
    assert re.search(r"<del>.*important.*</del><ins>.*<strong>important</strong>.*</ins>", html)


def test_emphasis_reworded_keeps_its_markup() -> None:
    html = redline("- **C. Données démographiques**\n", "- **C. Données démographiques et linguistiques**\n")
    assert re.search(r"<li><strong>C. Données démographiques <ins>.*et linguistiques.*</ins></strong></li>", html)


def test_table_row_changed() -> None:
    old = "| Donnée | Durée |\n|---|---|\n| Courriel | 2 ans |\n| Adresse | 5 ans |\n"
    new = "| Donnée | Durée |\n|---|---|\n| Courriel | 3 ans |\n| Adresse | 5 ans |\n| Téléphone | 1 an |\n"
    html = redline(old, new)
    assert html.count("<table>") == 1 and html.count("<tr>") == 4
    assert re.search(r"<td><del>.*2.*</del><ins>.*3.*</ins> ans</td>", html)
    assert re.search(r"<td><ins>.*Téléphone.*</ins></td>\s*<td><ins>.*1 an.*</ins></td>", html)


def test_table_column_added_keeps_shape() -> None:
    old = "| A | B |\n|---|---|\n| a1 | b1 |\n"
    new = "| A | B | C |\n|---|---|---|\n| a1 | b1 | c1 |\n"
    html = redline(old, new)
    assert html.count("<th>") == 3 and html.count("<td>") == 3


def test_heading_reworded_id_from_new_text() -> None:
    old = "Texte.\n\n### Ancien titre\n\nSuite.\n"
    new = "Texte.\n\n### Titre revu\n\nSuite.\n"
    html = redline(old, new)
    assert 'id="sec-titre-revu"' in html
    assert "sec-ancien" not in html
    # A removed sub-heading keeps the id of its own (old) text.
    html = redline("### Disparu\n\nTexte.\n", "Texte.\n")
    assert 'id="sec-disparu"' in html


def test_nested_list_continuation_and_deletion_stay_valid() -> None:
    old = (SEED / "fr" / "05-renseignements-collectes.md").read_text(encoding="utf-8")
    body = old.split("\n", 1)[1]
    new = body.replace("- **B. Justificatifs d’identité**", "- **B. Identité**")
    new = re.sub(r"\n    - \*\*C\. Données sur la consommation de contenu\*\*\n\n.*?\n", "\n", new, flags=re.S)
    new = new.replace("Requêtes de recherche", "Les requêtes de recherche")
    html = redline(body, new)
    assert html.count("<ul>") == render(body).count("<ul>")
    assert re.search(r"<del>.*Données sur la consommation", html)


def test_code_block_changed_is_valid() -> None:
    html = redline("```\nancien code\n```\n", "```\nnouveau code\n```\n")
    assert "<pre" in html and "<del>" in html and "<ins>" in html


def test_english_hidden_texts() -> None:
    html = redline("We keep your name.\n", "We keep your full name.\n", lang="en")
    assert "start of addition" in html and "début" not in html


def test_spaces_between_changes_are_merged() -> None:
    html = visible(redline("un deux trois quatre\n", "un cinq six quatre\n"))
    assert html.count("<del>") == 1 and html.count("<ins>") == 1


# --------------------------------------------------------------------------- sections


def seed_files(lang: str = "fr") -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((SEED / lang).glob("*.md"))}


def test_sections_statuses_order_and_validity() -> None:
    old_files = seed_files()
    new_files = dict(old_files)
    del new_files["07-procedes.md"]  # removed
    new_files["09-partage.md"] = old_files["09-partage.md"].replace("tiers", "tierces parties", 1)  # modified
    new_files["14-nouveau.md"] = "## 14. Nouveau\n\nUne section **ajoutée**.\n"  # added
    # moved: same content under a new file name, at a new place
    new_files["15-autres-informations.md"] = new_files.pop("12-autres-informations.md")
    old, new = version("2023-12-23", old_files), version("2025-01-01", new_files)
    changes = compare(old, new, "fr")
    by_name = {c.name: c for c in changes}
    assert by_name["07-procedes.md"].status == "removed"
    assert by_name["09-partage.md"].status == "modified"
    assert by_name["14-nouveau.md"].status == "added"
    assert by_name["15-autres-informations.md"].status == "moved"
    assert by_name["15-autres-informations.md"].old_name == "12-autres-informations.md"
    assert by_name["01-objectifs.md"].status == "unchanged"
    names = [c.name for c in changes]
    assert names.index("07-procedes.md") == names.index("06-finalites.md") + 1  # removed at its old place
    assert names[-2:] == ["14-nouveau.md", "15-autres-informations.md"]  # new order
    assert by_name["13-responsable.md"].status in ("unchanged", "moved")  # either one of the pair moved
    counts = stats(changes)
    assert counts["removed"] == counts["added"] == counts["modified"] == 1
    assert counts["moved"] + counts["unchanged"] == 12
    assert counts["words_inserted"] > 0 and counts["words_deleted"] > 0
    page = "\n".join(section_markdown(c) for c in changes)
    html = render(page)
    checker = assert_valid(html)
    assert_hidden_texts(html, "fr")
    assert {c.anchor for c in changes} <= set(checker.ids)
    removed = by_name["07-procedes.md"]
    assert removed.heading.startswith("<del>") and removed.title.startswith("7. ")
    assert by_name["14-nouveau.md"].heading.startswith("<ins>")


def test_same_name_reordered_is_moved() -> None:
    files = {"01-a.md": "## A\n\nTexte a.\n", "02-b.md": "## B\n\nTexte b.\n", "03-c.md": "## C\n\nTexte c.\n"}
    old = version("2023-12-23", files)
    new = version("2025-01-01", {k: files[k] for k in ("01-a.md", "03-c.md", "02-b.md")})
    statuses = {c.name: c.status for c in compare(old, new, "fr")}
    assert sorted(statuses.values()) == ["moved", "unchanged", "unchanged"]


def test_section_heading_reworded() -> None:
    old = version("2023-12-23", {"01-a.md": "## 1. Ancien nom\n\nTexte.\n"})
    new = version("2025-01-01", {"01-a.md": "## 1. Nouveau nom\n\nTexte.\n"})
    (change,) = compare(old, new, "fr")
    assert change.status == "modified" and change.title == "1. Nouveau nom"
    assert "<del>" in change.heading and "<ins>" in change.heading and "{#" not in change.heading
    html = render(section_markdown(change))
    assert 'id="a"' in html


def test_identical_versions_all_unchanged_and_cached() -> None:
    files = seed_files("en")
    old, new = version("2023-12-23", files, "en"), version("2025-01-01", dict(files), "en")
    changes = compare(old, new, "en")
    assert {c.status for c in changes} == {"unchanged"}
    assert all("<ins>" not in c.body and "<del>" not in c.body for c in changes)
    assert_valid(render("\n".join(section_markdown(c) for c in changes)))


def test_compare_seed_against_modified_copy_is_fast() -> None:
    old_files = seed_files()
    new_files = {k: v.replace("renseignements personnels", "renseignements", 3) for k, v in old_files.items()}
    old, new = version("2023-12-23", old_files), version("2025-01-01", new_files)
    diff._SECTION_CACHE.clear()
    start = time.perf_counter()
    changes = compare(old, new, "fr")
    first = time.perf_counter() - start
    start = time.perf_counter()
    compare(old, new, "fr")
    again = time.perf_counter() - start
    assert first < 2.0 and again < first
    html = render("\n".join(section_markdown(c) for c in changes))
    assert_valid(html)
    assert_hidden_texts(html, "fr")


def test_version_data_format() -> None:
    files = {
        "01-a.md": "## 1. A\n\nUn [lien](/x) **gras**.\n\n- point\n\n    suite\n\n| H | I |\n|---|---|\n| c | d |\n"
    }
    data = version_data(version("2025-01-01", files), "fr", render)
    assert data["version"] == "2025-01-01" and data["lang"] == "fr" and data["format"] == 1
    (sec,) = data["sections"]
    assert (sec["name"], sec["anchor"], sec["level"], sec["title"]) == ("01-a.md", "a", 2, "1. A")
    kinds = [(b["kind"], b["depth"]) for b in sec["blocks"]]
    assert kinds == [("para", 0), ("item", 0), ("para", 1), ("row", 0), ("row", 0)]
    assert sec["blocks"][0]["html"] == 'Un <a href="/x">lien</a> <strong>gras</strong>.'
    assert sec["blocks"][3]["header"] is True and sec["blocks"][3]["cells"] == ["H", "I"]


# --------------------------------------------------------------------------- command line


@pytest.fixture
def two_versions(site):
    new = site.add_version(
        "2025-01-01",
        published="2024-12-01",
        fill_placeholders=False,
        replace={"fr": [("pixels invisibles", "pixels espions")], "en": [("web beacons", "tracking pixels")]},
    )
    (new / "fr" / "07-procedes.md").unlink()
    (new / "en" / "07-procedes.md").unlink()
    return site


def test_diff_command_plain_output(two_versions) -> None:
    result = two_versions.run("diff", "2023-12-23", "2025-01-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "== 10-temoins.md: modified ==" in out
    assert "pixels [-invisibles-]{+espions+}" in out
    assert "== 07-procedes.md: removed ==" in out
    assert "== 01-objectifs.md: unchanged ==" in out
    assert "1 removed, 1 modified, 12 unchanged" in out
    result = two_versions.run("diff", "2023-12-23", "2025-01-01", "--lang", "en")
    assert result.returncode == 0 and "[-web beacons-]{+tracking pixels+}" in result.stdout


def test_diff_command_unknown_version(two_versions) -> None:
    result = two_versions.run("diff", "2023-12-23", "2030-01-01")
    assert result.returncode == 2
    assert "2030-01-01" in result.stderr and "2023-12-23, 2025-01-01" in result.stderr
    assert "Traceback" not in result.stderr
    result = two_versions.run("diff", "2023-12-23", "2025-01-01", "--lang", "de")
    assert result.returncode == 2 and "Traceback" not in result.stderr
