"""`load_policy` on the Markdown other organisations write: what loads, into which Section, and what is refused.

Each test builds a small version folder by hand; no MkDocs, no subprocess.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from policy_archive.load import load_policy
from policy_archive.model import Section
from policy_archive.problems import ERROR, WARNING, Problem

LANGS = ["fr", "en"]
V = "2024-01-01"
AS_OF = dt.date(2024, 6, 1)  # V is in force
DEFAULT = {
    "00-preambule.md": "# Politique\n\nTexte.\n",
    "01-objectifs.md": "## 1. Objectifs\n\nTexte.\n",
    "02-consentement.md": "## 2. Consentement\n\nTexte.\n",
}


def make_version(
    root: Path, files: dict[str, str | bytes], vid: str = V, langs: tuple[str, ...] = ("fr", "en")
) -> Path:
    """policy/<vid>/ with the default sections in every language, `files` ("fr/01-x.md": text) replacing some."""
    folder = root / "policy" / vid
    meta = {
        "effective": dt.date.fromisoformat(vid),
        "published": dt.date.fromisoformat(vid),
        "significant": False,
        "summary": {"fr": "Résumé.", "en": "Summary."},
    }
    folder.mkdir(parents=True)
    (folder / "version.yml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    for lang in langs:
        (folder / lang).mkdir()
        for name, text in DEFAULT.items():
            (folder / lang / name).write_text(text, encoding="utf-8")
    for rel, text in files.items():
        path = folder / rel
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return folder


def load(root: Path, files: dict[str, str | bytes], as_of: dt.date = AS_OF) -> tuple[dict[str, Section], list[Problem]]:
    """The French sections by file name, and every problem."""
    make_version(root, files)
    policy, problems = load_policy(root / "policy", LANGS, as_of)
    sections = {s.name: s for v in policy.versions for s in v.sections.get("fr", [])}
    return sections, problems


def section(tmp_path: Path, name: str, text: str | bytes) -> Section:
    """Load one French section that must load without any problem."""
    sections, problems = load(tmp_path, {f"fr/{name}": text})
    assert problems == [], [p.format() for p in problems]
    return sections[name]


def only_problem(problems: list[Problem], level: str = ERROR) -> Problem:
    assert len(problems) == 1, [p.format() for p in problems]
    assert problems[0].level == level
    assert problems[0].hint, problems[0]
    return problems[0]


# --- 1. setext headings ---------------------------------------------------------------


def test_setext_level_1_and_2(tmp_path: Path) -> None:
    s = section(tmp_path, "01-objectifs.md", "Objectifs de la politique\n=========================\n\nTexte.\n")
    assert (s.title, s.level, s.heading_line, s.heading_end, s.body) == ("Objectifs de la politique", 1, 1, 2, "Texte.")
    assert s.heading_source == "Objectifs de la politique"


def test_setext_level_2_with_trailing_spaces_on_the_underline(tmp_path: Path) -> None:
    s = section(tmp_path, "01-objectifs.md", "Objectifs\n---   \nTexte.\n")
    assert (s.title, s.level, s.heading_end, s.body) == ("Objectifs", 2, 2, "Texte.")


def test_a_numbered_title_over_equals_signs_is_a_heading(tmp_path: Path) -> None:
    s = section(tmp_path, "01-objectifs.md", "1. Objectifs\n============\n\nTexte.\n")
    assert (s.title, s.level, s.heading_end) == ("1. Objectifs", 1, 2)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("1. Objectifs\n---\n\nTexte.\n", 1, "has no heading"),
        ("<!-- x -->\n- Objectifs\n---\n## 1. Objectifs\n", 2, "text before the section's heading (line 4)"),
    ],
)
def test_a_list_item_over_dashes_is_a_list_and_a_rule_and_the_hint_says_so(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": text})
    p = only_problem(problems)
    assert (p.line, p.message.startswith(message)) == (line, True), p.format()
    assert "is a list item and a rule, not a heading: write it as '## " in p.hint


def test_a_preamble_starting_with_a_numbered_item_over_dashes_is_a_warning(tmp_path: Path) -> None:
    sections, problems = load(tmp_path, {"fr/00-preambule.md": "\n1. Politique\n---\n\nTexte.\n"})
    p = only_problem(problems, WARNING)
    assert p.line == 2 and "write it as '## 1. Politique'" in p.hint
    assert sections["00-preambule.md"].level == 0


def test_headings_in_code_do_not_count(tmp_path: Path) -> None:
    text = "## 1. Objectifs\n\n~~~~\nPas un titre\n---\n```\n~~~~\n\n    ## code indenté\n\nFin.\n"
    s = section(tmp_path, "01-objectifs.md", text)
    assert (s.title, s.heading_end) == ("1. Objectifs", 1)


def test_a_rule_after_a_blank_line_is_not_a_heading(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": "Texte.\n\n---\n\nSuite.\n"})
    p = only_problem(problems)
    assert (p.file.name, p.message, p.line) == ("01-objectifs.md", "has no heading", 1)


@pytest.mark.parametrize("text", ["- élément\n---\n", "| a | b |\n|---|---|\n| 1 | 2 |\n---\n"])
def test_a_rule_under_a_list_item_or_table_row_is_not_a_heading(tmp_path: Path, text: str) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": text})
    assert only_problem(problems).message == "has no heading"


def test_a_setext_sub_heading_glued_to_a_paragraph_is_a_warning(tmp_path: Path) -> None:
    text = "## 1. Objectifs\n\nUne phrase.\nSous-titre\n----------\n"
    sections, problems = load(tmp_path, {"fr/01-objectifs.md": text})
    p = only_problem(problems, WARNING)
    assert p.line == 4 and "'Sous-titre' is underlined as a heading but follows a line of text" in p.message
    assert "blank line above line 4" in p.hint
    assert sections["01-objectifs.md"].title == "1. Objectifs"


# --- 2. anchor lines above the heading ----------------------------------------------------


def test_anchor_and_comment_lines_before_the_heading_are_the_head(tmp_path: Path) -> None:
    text = '\n<a id="search"></a><a name="recherche"></a>\n<!-- importé\n     de l\'ancien site -->\n\n## 1. Objectifs\n\nTexte.\n'
    s = section(tmp_path, "01-objectifs.md", text)
    assert s.head == '<a id="search"></a><a name="recherche"></a>\n<!-- importé\n     de l\'ancien site -->'
    assert (s.heading_line, s.heading_end, s.title, s.body) == (6, 6, "1. Objectifs", "Texte.")


def test_anchor_right_above_a_setext_heading(tmp_path: Path) -> None:
    s = section(tmp_path, "01-objectifs.md", '<a id="obj"></a>\nObjectifs\n---------\n\nTexte.\n')
    assert (s.head, s.heading_line, s.heading_end, s.level, s.body) == ('<a id="obj"></a>', 2, 3, 2, "Texte.")


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("\nTexte perdu.\n\n## 1. Objectifs\n", 2),
        ('<a id="x"></a>\nTexte perdu.\n## 1. Objectifs\n', 2),
        ('<a id="x">pas vide</a>\n\n## 1. Objectifs\n', 1),
        ("```\ncode\n```\n## 1. Objectifs\n", 1),
        ("Un paragraphe\nObjectifs\n=========\n", 1),  # the heading is the line above the underline only
    ],
)
def test_other_text_before_the_heading_is_an_error(tmp_path: Path, text: str, line: int) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": text})
    p = only_problem(problems)
    assert p.line == line
    assert p.message.startswith("text before the section's heading (line ")
    assert p.message.endswith(") would not be published")


# --- 3. attribute lists and ids -------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "attrs", "id_"),
    [
        ("## 1. Objectifs {: #optional-features }", "#optional-features", "optional-features"),
        ("## 1. Objectifs {#features .important}", "#features .important", "features"),
        ('## 1. Objectifs {: .important data-x="y" }', '.important data-x="y"', None),
        ("1. Objectifs {#features}\n===", "#features", "features"),
    ],
)
def test_heading_attribute_lists(tmp_path: Path, heading: str, attrs: str, id_: str | None) -> None:
    s = section(tmp_path, "01-objectifs.md", f"{heading}\n\nTexte.\n")
    assert (s.title, s.heading_source, s.heading_attrs, s.heading_id) == ("1. Objectifs", "1. Objectifs", attrs, id_)
    assert s.body == "Texte."


def test_an_explicit_heading_id_equal_to_the_section_anchor_is_fine(tmp_path: Path) -> None:
    s = section(tmp_path, "01-objectifs.md", "## 1. Objectifs {#objectifs}\n\nTexte.\n")
    assert s.heading_id == "objectifs"


@pytest.mark.parametrize(
    ("text", "anchor", "line", "other"),
    [
        ("## 2. Consentement\n\nParagraphe{: #p1 }\n", "p1", 3, "01-objectifs.md:3"),
        ("## 2. Consentement\n\nParagraphe\n{: #p1 }\n", "p1", 4, "01-objectifs.md:3"),
        ('## 2. Consentement\n\n<span id="objectifs">x</span>\n', "objectifs", 3, "01-objectifs.md:1"),
        ('## 2. Consentement\n\n<a name="objectifs"></a>\n', "objectifs", 3, "01-objectifs.md:1"),
        ("## 2. Consentement {#objectifs}\n", "objectifs", 1, "01-objectifs.md:1"),
    ],
)
def test_duplicate_ids_from_attribute_lists_and_html(
    tmp_path: Path, text: str, anchor: str, line: int, other: str
) -> None:
    files = {"fr/01-objectifs.md": "## 1. Objectifs\n\nTexte {: #p1 }\n", "fr/02-consentement.md": text}
    _, problems = load(tmp_path, files)
    p = only_problem(problems)
    assert (p.file.name, p.line, p.message) == (
        "02-consentement.md",
        line,
        f"duplicate anchor '#{anchor}' (also in {other})",
    )


def test_ids_in_code_or_comments_do_not_count(tmp_path: Path) -> None:
    text = '## 2. Consentement\n\n```html\n<a id="objectifs"></a>\n```\n\n`<a id="objectifs">` <!-- <a id="objectifs"></a> -->\n'
    section(tmp_path, "02-consentement.md", text)


def test_an_anchor_repeating_the_section_anchor_says_to_remove_it(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/02-consentement.md": '<a id="consentement"></a>\n## 2. Consentement\n'})
    p = only_problem(problems)
    assert (p.line, p.message) == (1, "duplicate anchor '#consentement' (also in 02-consentement.md:2)")
    assert "file name already gives it that anchor" in p.hint


# --- 4. a preamble without heading ---------------------------------------------------------


def test_the_first_file_may_be_a_preamble_without_heading(tmp_path: Path) -> None:
    text = "Merci de visiter notre site.\n\nEn naviguant, vous acceptez la politique.\n"
    s = section(tmp_path, "00-preambule.md", text)
    assert (s.level, s.title, s.heading_line, s.heading_end, s.heading_source, s.head) == (0, "", 0, 0, "", "")
    assert s.body == text.strip()


def test_a_preamble_keeps_its_anchor_lines_as_head(tmp_path: Path) -> None:
    s = section(tmp_path, "00-preambule.md", '\n<a id="top"></a>\n\nMerci.\n')
    assert (s.head, s.body, s.level) == ('<a id="top"></a>', "Merci.", 0)


def test_only_the_first_file_may_go_without_heading(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": "Texte sans titre.\n"})
    p = only_problem(problems)
    assert (p.message, p.line) == ("has no heading", 1)
    assert "only the first file of a language may be a preamble" in p.hint


def test_a_preamble_of_comments_only_is_an_error(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/00-preambule.md": "<!-- à écrire -->\n"})
    assert "nothing would be published" in only_problem(problems).message


# --- 5. inline HTML and Markdown in headings ------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "title", "source_"),
    [
        (
            '## <span class="x">Firefox</span> and **you**',
            "Firefox and you",
            '<span class="x">Firefox</span> and **you**',
        ),
        (
            "## [Témoins](https://x.ca/t) &amp; `cookies`",
            "Témoins & cookies",
            "[Témoins](https://x.ca/t) &amp; `cookies`",
        ),
        ("## Vos _droits_ [ici][1] {: #droits }", "Vos droits ici", "Vos _droits_ [ici][1]"),
        (r"## 1\. Objectifs \*importants\*", "1. Objectifs *importants*", r"1\. Objectifs \*importants\*"),
        ("## Des   espaces\t en trop", "Des espaces en trop", "Des   espaces\t en trop"),
    ],
)
def test_plain_titles(tmp_path: Path, heading: str, title: str, source_: str) -> None:
    s = section(tmp_path, "01-objectifs.md", f"{heading}\n\nTexte.\n")
    assert (s.title, s.heading_source) == (title, source_)


def test_a_heading_without_text_is_an_error(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": "## {#objectifs}\n\nTexte.\n"})
    p = only_problem(problems)
    assert (p.message, p.line) == ("the section's heading has no text", 1)


# --- 6. template syntax left in the text ----------------------------------------------------

TEMPLATED = "\n".join(
    [
        "## 2. Consentement",
        "",
        "Écrivez à {{ site.data.contact.email }}.",  # 3
        "{% include 'adresse.md' %}",  # 4
        "{{< courriel >}}",  # 5
        "`{{ dans du code }}`",
        "```",
        "{{ dans un bloc de code }}",
        "```",
    ]
)


@pytest.mark.parametrize(("as_of", "level"), [(dt.date(2023, 12, 1), ERROR), (AS_OF, WARNING)])
def test_template_syntax_is_reported_like_a_placeholder(tmp_path: Path, as_of: dt.date, level: str) -> None:
    _, problems = load(tmp_path, {"fr/02-consentement.md": TEMPLATED}, as_of=as_of)
    found = [(p.level, p.line, p.message) for p in problems if p.file.name == "02-consentement.md"]
    assert found == [
        (level, 3, "template syntax left in the text: {{ site.data.contact.email }}"),
        (level, 4, "template syntax left in the text: {% include 'adresse.md' %}"),
        (level, 5, "template syntax left in the text: {{< courriel >}}"),
    ]
    assert all("nothing expands templates" in p.hint for p in problems if p.file.name == "02-consentement.md")


def test_placeholders_in_code_are_not_reported(tmp_path: Path) -> None:
    section(tmp_path, "02-consentement.md", "## 2. Consentement\n\n`[NOM DE L'ORGANISME]`\n")


# --- 8. formatting noise and other refusals ---------------------------------------------------


def test_bom_and_crlf_are_read_as_plain_lf(tmp_path: Path) -> None:
    raw = '\ufeff<a id="x"></a>\r\n\r\n## 1. Objectifs\r\n\r\nTexte.\r\nSuite.\r\n'.encode()
    s = section(tmp_path, "01-objectifs.md", raw)
    assert (s.heading_line, s.title, s.head, s.body) == (3, "1. Objectifs", '<a id="x"></a>', "Texte.\nSuite.")
    assert "\r" not in s.markdown and not s.markdown.startswith("\ufeff")


def test_crlf_keeps_line_numbers_right(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": b"\xef\xbb\xbf\r\n\r\nPerdu.\r\n## 1. Objectifs\r\n"})
    p = only_problem(problems)
    assert (p.line, p.message) == (3, "text before the section's heading (line 4) would not be published")


def test_an_unclosed_tilde_fence_names_its_fence(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": "## 1. Objectifs\n\n~~~~\ncode\n~~~\n"})
    p = only_problem(problems)
    assert (p.line, p.message) == (3, "a fenced code block (~~~~) is never closed")


def test_front_matter_is_refused_with_its_own_message(tmp_path: Path) -> None:
    _, problems = load(tmp_path, {"fr/01-objectifs.md": "---\ntitle: Objectifs\n---\n## 1. Objectifs\n"})
    p = only_problem(problems)
    assert (p.line, p.message) == (1, "starts with YAML front matter (lines 1-3), which would be published as text")


# --- the model for sections built by hand ---------------------------------------------------


def test_a_section_built_with_the_old_seven_fields_reads_the_rest_from_its_text() -> None:
    s = Section("01-x.md", "fr", Path("01-x.md"), "Titre {#t}\n=====\n\nTexte.", "Titre", 1, 1)
    assert (s.heading_end, s.heading_source, s.heading_attrs, s.heading_id, s.body) == (2, "Titre", "#t", "t", "Texte.")
    atx = Section("01-x.md", "fr", Path("01-x.md"), "## Titre\nTexte.", "Titre", 2, 1)
    assert (atx.heading_end, atx.body) == (1, "Texte.")


def test_in_page_link_to_an_id_nothing_defines_is_a_warning(tmp_path: Path) -> None:
    import datetime as dt

    from policy_archive.load import load_policy

    folder = tmp_path / "2024-01-01"
    for lang in ("fr", "en"):
        (folder / lang).mkdir(parents=True)
        (folder / lang / "01-a.md").write_text(
            "## A propos {: #about }\n\nVoir [ici](#about), [la suite](#b-suite), [plus bas](#cible) "
            'et [nulle part](#absent).\n\n### B suite\n\n<a id="cible"></a>\n\nTexte.\n',
            encoding="utf-8",
        )
    (folder / "version.yml").write_text(
        "effective: 2024-01-01\npublished: 2024-01-01\nsignificant: false\nsummary:\n  fr: x\n  en: x\n",
        encoding="utf-8",
    )
    _policy, problems = load_policy(tmp_path, ["fr", "en"], dt.date(2024, 6, 1))
    found = [p for p in problems if "no heading or anchor" in p.message]
    assert [(p.level, p.line) for p in found] == [("warning", 3), ("warning", 3)]
    assert all("'#absent'" in p.message for p in found)
