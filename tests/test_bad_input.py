"""Issue 10: a corpus of broken input, each case through `policy-archive check` and `mkdocs build --strict`.

Each case is a copy of the repository's site broken one way, with its expected
outcome:

- refused: both exit non-zero; check prints `file:line: error: message` (no line only
  where none exists, e.g. a missing file) and a hint `→ what to do`; the build says the
  same words, writes nothing to site/, and neither prints a traceback;
- warned: both succeed; check prints `file:line: warning: ...` and a hint; the site is built;
- accepted: both succeed without a word about it, and the site is built right.

Both run in-process through their own command lines (click's CliRunner), so a Python
exception that would be a traceback for an editor fails the case. Every case runs both,
and the build's refusals must be among check's, in the same words (check and build agree).
"""

from __future__ import annotations

import logging
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import REPO, SEED, Site, epoch
from policy_archive.cli import main
from policy_archive.problems import ERROR, Problem
from test_check import write
from test_init_config import run

AS_OF = "2024-06-01"  # the seed version is in force
V = f"policy/{SEED}"
UP = "policy/2025-01-01"  # an upcoming version: rules about text not yet published are errors there
CONTENT, FILES, ENCODING, CONFIG = "content", "file system", "encodings", "size and configuration"
REFUSED, WARNED, ACCEPTED = "refused", "warned", "accepted"
ROOT_SKIP = "running as root: chmod 000 does not stop root from reading (the FIFO and folder cases cover it)"

META = """effective: 2023-12-23
published: 2023-12-23
significant: true
reduces_rights: false
summary:
  fr: Première version publiée.
  en: First published version.
"""


@dataclass(frozen=True)
class Case:
    id: str
    area: str
    setup: Callable[[Site], object]
    outcome: str
    where: str = ""  # "file", or "file@text": on the line of the file's first line holding `text`
    text: str = ""  # words of the message
    verify: Callable[[Site], None] | None = None  # accepted or warned: what the built site must show
    skip: str = ""  # a reason to skip, decided when the corpus is made
    allowed: str = ""  # a character the case publishes on purpose (U+FFFD in a version already in force)


# --- setup helpers: small, each breaks one thing -----------------------------------------------


def meta(text: str, version: str = V) -> Callable[[Site], None]:
    """Replace version.yml with `text` (str, or bytes for encodings)."""
    return lambda s: write(s, f"{version}/version.yml", text)


def meta_edit(old: str, new: str) -> Callable[[Site], None]:
    """version.yml (the compact one above) with one piece changed."""
    assert old in META, old
    return meta(META.replace(old, new))


def section(rel: str, text: str | bytes) -> Callable[[Site], None]:
    return lambda s: write(s, rel, text)


def both(name: str, fr: str | bytes, en: str | bytes, version: str = V) -> Callable[[Site], None]:
    """The same section file in both languages."""

    def setup(s: Site) -> None:
        write(s, f"{version}/fr/{name}", fr)
        write(s, f"{version}/en/{name}", en)

    return setup


def upcoming(then: Callable[[Site], object] | None = None) -> Callable[[Site], None]:
    """Add the upcoming version (placeholders filled), then break it."""

    def setup(s: Site) -> None:
        s.add_version("2025-01-01")
        if then:
            then(s)

    return setup


def rename_section(version: str, old: str, new: str) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        for lang in ("fr", "en"):
            (s.root / version / lang / old).rename(s.root / version / lang / new)

    return setup


def link(rel: str, target: str) -> Callable[[Site], None]:
    """Replace `rel` with a symbolic link to `target` (as written)."""

    def setup(s: Site) -> None:
        path = s.root / rel
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        elif os.path.lexists(path):
            path.unlink()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.symlink_to(target)

    return setup


def fifo(rel: str) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        (s.root / rel).unlink()
        os.mkfifo(s.root / rel)

    return setup


def folder_instead(rel: str) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        (s.root / rel).unlink()
        (s.root / rel).mkdir()
        (s.root / rel / "x.md").write_text("## x\n", encoding="utf-8")

    return setup


def unreadable(rel: str) -> Callable[[Site], None]:
    return lambda s: (s.root / rel).chmod(0)


def copy_version(name: str) -> Callable[[Site], None]:
    return lambda s: shutil.copytree(s.root / V, s.policy / name)


def reencode(rel: str, transform: Callable[[str], bytes]) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        path = s.root / rel
        path.write_bytes(transform(path.read_text(encoding="utf-8")))

    return setup


def _no_handler(s: Site) -> None:
    """The published page keeps the text and drops the handler (the sanitiser's second line)."""
    page = s.html("")
    assert "onerror" not in page and "Texte <img" in page


def bom_crlf(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")


def config(transform: Callable[[str], str]) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        path = s.root / "mkdocs.yml"
        path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")

    return setup


def options(*lines: str) -> Callable[[Site], None]:
    """Options of the policy-archive plugin, written where `notice_days: 30` is."""
    text = "".join(f"      {line}\n" for line in lines)
    keep = "" if any(line.startswith("notice_days:") for line in lines) else "      notice_days: 30\n"
    return config(lambda t: t.replace("      notice_days: 30\n", keep + text))


def document(slug: str, folder: str = "gouvernance", make: bool = True) -> Callable[[Site], None]:
    """A further document with `slug` (its folder a copy of the policy unless `make` is false)."""
    quoted = f'"{slug}"'

    def setup(s: Site) -> None:
        options("documents:", f"  - slug: {quoted}", f"    policy_dir: {folder}")(s)
        if make and not (s.root / folder).exists():
            shutil.copytree(s.policy, s.root / folder)

    return setup


def i18n_language(locale: str) -> Callable[[Site], None]:
    """One more language built by the i18n plugin."""
    block = f"        - locale: {locale}\n          name: {locale.upper()}\n          build: true\n"
    return edit_config("        - locale: en\n", block + "        - locale: en\n")


def edit_config(old: str, new: str) -> Callable[[Site], None]:
    """mkdocs.yml with one piece (which must be there) replaced."""

    def transform(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return config(transform)


def chain(*steps: Callable[[Site], object]) -> Callable[[Site], None]:
    def setup(s: Site) -> None:
        for step in steps:
            step(s)

    return setup


# --- what a built site must show ---------------------------------------------------------------


def html(s: Site, path: str = "") -> str:
    return (s.out / path / "index.html").read_text(encoding="utf-8")


def shows(path: str, *texts: str, absent: tuple[str, ...] = ()) -> Callable[[Site], None]:
    def verify(s: Site) -> None:
        page = html(s, path)
        for text in texts:
            assert text in page, f"{text!r} not on /{path}"
        for text in absent:
            assert text not in page, f"{text!r} on /{path}"

    return verify


def no_page(path: str) -> Callable[[Site], None]:
    def verify(s: Site) -> None:
        assert not (s.out / path).exists(), f"/{path} was published"

    return verify


def formatting_only(s: Site) -> None:
    """A BOM/CRLF copy of an LF version: the changes page says the text is the same, marks nothing."""
    for lang, path in (("fr", "versions/2025-02-01/changes/"), ("en", "en/versions/2025-02-01/changes/")):
        page = html(s, path)
        assert 'class="pa-summary__same"' in page, lang
        assert "pa-status--modified" not in page and "pa-status--renamed" not in page, lang
        body = page.split('class="pa-legend"', 1)[1].split("</p>", 1)[1]
        assert "<ins" not in body and "<del" not in body, lang


def bom_crlf_version(s: Site) -> None:
    """2025-01-01 in LF, then 2025-02-01 with the same text saved with a BOM and CRLF endings."""
    s.add_version("2025-01-01")
    s.add_version("2025-02-01", summary={"fr": "Même texte.", "en": "Same text."})
    shutil.rmtree(s.policy / "2025-02-01")
    shutil.copytree(s.policy / "2025-01-01", s.policy / "2025-02-01")
    write(s, "policy/2025-02-01/version.yml", bom_crlf(META.replace("2023-12-23", "2025-02-01")))
    for path in (s.policy / "2025-02-01").glob("*/*.md"):
        path.write_bytes(bom_crlf(path.read_text(encoding="utf-8")))


# --- the corpus ----------------------------------------------------------------------------------

_YML = f"{V}/version.yml"
_UP_YML = f"{UP}/version.yml"
_SEC = f"{V}/fr/02-entree-en-vigueur.md"
_SEC_EN = f"{V}/en/02-entree-en-vigueur.md"
_LATIN1 = "## 2. Entrée en vigueur\n\nLa présente politique entre en vigueur le 23 décembre 2023.\n"

YAML_CASES = [
    Case(
        "yml-missing-effective",
        CONTENT,
        meta_edit("effective: 2023-12-23\n", ""),
        REFUSED,
        _YML,
        "missing required key 'effective'",
    ),
    Case(
        "yml-missing-published",
        CONTENT,
        meta_edit("published: 2023-12-23\n", ""),
        REFUSED,
        _YML,
        "missing required key 'published'",
    ),
    Case(
        "yml-missing-significant",
        CONTENT,
        meta_edit("significant: true\n", ""),
        REFUSED,
        _YML,
        "missing required key 'significant'",
    ),
    Case(
        "yml-missing-summary", CONTENT, meta(META.split("summary:")[0]), REFUSED, _YML, "missing required key 'summary'"
    ),
    Case(
        "yml-significant-quoted",
        CONTENT,
        meta_edit("significant: true", 'significant: "true"'),
        REFUSED,
        f"{_YML}@significant",
        "'significant' must be true or false",
    ),
    Case(
        "yml-significant-number",
        CONTENT,
        meta_edit("significant: true", "significant: 1"),
        REFUSED,
        f"{_YML}@significant",
        "'significant' must be true or false, not 1",
    ),
    Case(
        "yml-reduces-rights-text",
        CONTENT,
        meta_edit("reduces_rights: false", "reduces_rights: non"),
        REFUSED,
        f"{_YML}@reduces_rights",
        "'reduces_rights' must be true or false",
    ),
    Case(
        "yml-effective-words",
        CONTENT,
        meta_edit("effective: 2023-12-23", "effective: bientôt"),
        REFUSED,
        f"{_YML}@effective",
        "'effective' is not a date: 'bientôt'",
    ),
    Case(
        "yml-effective-impossible",
        CONTENT,
        meta_edit("effective: 2023-12-23", "effective: 2023-02-30"),
        REFUSED,
        f"{_YML}@effective",
        "'effective' is not a date: '2023-02-30'",
    ),
    Case(
        "yml-effective-compact",
        CONTENT,
        meta_edit("effective: 2023-12-23", 'effective: "20231223"'),
        REFUSED,
        f"{_YML}@effective",
        "'effective' is not a date: '20231223'",
    ),
    Case(
        "yml-effective-number",
        CONTENT,
        meta_edit("effective: 2023-12-23", "effective: 20231223"),
        REFUSED,
        f"{_YML}@effective",
        "'effective' is not a date: 20231223",
    ),
    Case(
        "yml-effective-with-time",
        CONTENT,
        meta_edit("effective: 2023-12-23", "effective: 2023-12-23 10:00:00"),
        REFUSED,
        f"{_YML}@effective",
        "'effective' has a time",
    ),
    Case(
        "yml-effective-not-folder",
        CONTENT,
        meta_edit("effective: 2023-12-23", "effective: 2023-12-24"),
        REFUSED,
        f"{_YML}@effective",
        "does not match the folder name 2023-12-23",
    ),
    Case(
        "yml-published-after-effective",
        CONTENT,
        meta_edit("published: 2023-12-23", "published: 2024-01-05"),
        REFUSED,
        f"{_YML}@published",
        "published (2024-01-05) is after effective (2023-12-23)",
    ),
    Case(
        "yml-published-not-a-date",
        CONTENT,
        meta_edit("published: 2023-12-23", "published: hier"),
        REFUSED,
        f"{_YML}@published",
        "'published' is not a date",
    ),
    Case(
        "yml-unknown-key",
        CONTENT,
        meta(META + "signifiant: true\n"),
        WARNED,
        f"{_YML}@signifiant",
        "unknown key 'signifiant' is ignored",
    ),
    Case(
        "yml-key-not-text", CONTENT, meta(META + "2024: oui\n"), WARNED, f"{_YML}@2024", "unknown key '2024' is ignored"
    ),
    Case("yml-empty-file", CONTENT, meta(""), REFUSED, _YML, "is empty"),
    Case("yml-only-comments", CONTENT, meta("# à remplir\n"), REFUSED, _YML, "is empty"),
    Case(
        "yml-syntax-error",
        CONTENT,
        meta_edit("published: 2023-12-23", "published: [2023-12-23"),
        REFUSED,
        f"{_YML}@significant",
        "not valid YAML",
    ),
    Case("yml-tab-indent", CONTENT, meta_edit("  fr: ", "\tfr: "), REFUSED, f"{_YML}@\tfr", "not valid YAML"),
    Case(
        "yml-list",
        CONTENT,
        meta("- effective: 2023-12-23\n- significant: true\n"),
        REFUSED,
        f"{_YML}:1",
        "must be a mapping",
    ),
    Case("yml-scalar", CONTENT, meta("version du 23 décembre\n"), REFUSED, f"{_YML}:1", "must be a mapping"),
    Case(
        "yml-summary-text",
        CONTENT,
        meta(META.split("summary:")[0] + "summary: Première version.\n"),
        REFUSED,
        f"{_YML}@summary",
        "'summary' must map each language to its text",
    ),
    Case(
        "yml-summary-list",
        CONTENT,
        meta(META.split("summary:")[0] + "summary:\n  - fr\n  - en\n"),
        REFUSED,
        f"{_YML}@summary",
        "'summary' must map each language",
    ),
    Case(
        "yml-summary-unknown-language",
        CONTENT,
        meta(META + "  de: Erste Fassung.\n"),
        WARNED,
        f"{_YML}@summary",
        "summary in 'de' is ignored",
    ),
    Case(
        "yml-summary-fr-missing",
        CONTENT,
        meta_edit("  fr: Première version publiée.\n", ""),
        REFUSED,
        f"{_YML}@summary",
        "summary for 'fr' is missing or empty",
    ),
    Case(
        "yml-summary-fr-empty-editorial",
        CONTENT,
        meta(META.replace("significant: true", "significant: false").replace("Première version publiée.", "''")),
        WARNED,
        f"{_YML}@summary",
        "summary for 'fr' is missing or empty",
    ),
    Case(
        "yml-summary-en-number",
        CONTENT,
        meta_edit("en: First published version.", "en: 2023"),
        REFUSED,
        f"{_YML}@summary",
        "summary.en must be text",
    ),
    Case(
        "yml-duplicate-key",
        CONTENT,
        meta(META + "significant: false\n"),
        REFUSED,
        f"{_YML}@significant: false",
        "'significant' is written twice (lines 3 and 8)",
    ),
    Case(
        "yml-duplicate-summary-language",
        CONTENT,
        meta(META + "  fr: Autre résumé.\n"),
        REFUSED,
        f"{_YML}@Autre",
        "'summary.fr' is written twice",
    ),
    Case(
        "yml-python-tag",
        CONTENT,
        meta(META + "x: !!python/object/apply:os.system ['true']\n"),
        REFUSED,
        f"{_YML}@python",
        "not valid YAML",
    ),
    Case("yml-two-documents", CONTENT, meta(META + "---\n" + META), REFUSED, f"{_YML}@---", "not valid YAML"),
    Case(
        "yml-reduces-rights-editorial",
        CONTENT,
        upcoming(
            lambda s: meta(
                META.replace("2023-12-23", "2025-01-01")
                .replace("significant: true", "significant: false")
                .replace("reduces_rights: false", "reduces_rights: true"),
                UP,
            )(s)
        ),
        REFUSED,
        f"{_UP_YML}@reduces_rights",
        "reduces_rights is true but significant is false",
    ),
    Case(
        "yml-named-version-yaml",
        CONTENT,
        lambda s: (s.root / _YML).rename(s.root / V / "version.yaml"),
        REFUSED,
        _YML,
        "missing version.yml",
    ),
    Case(
        "yml-announced-before-effective",
        CONTENT,
        upcoming(
            lambda s: meta(
                META.replace("effective: 2023-12-23", "effective: 2025-01-01").replace(
                    "published: 2023-12-23", "published: 2024-05-01"
                ),
                UP,
            )(s)
        ),
        ACCEPTED,
        verify=shows("versions/", "pa-notice--upcoming"),  # the policy page announces it in its text
    ),
]

SECTION_CASES = [
    Case(
        "sec-no-heading",
        CONTENT,
        section(_SEC_EN, "Text without a title.\n"),
        REFUSED,
        f"{_SEC_EN}:1",
        "has no heading",
    ),
    Case("sec-empty", CONTENT, section(_SEC, ""), REFUSED, _SEC, "is empty"),
    Case("sec-blank-lines", CONTENT, section(_SEC, "\n  \n\t\n"), REFUSED, _SEC, "is empty"),
    Case(
        "sec-only-front-matter",
        CONTENT,
        section(_SEC, "---\ntitle: Entrée en vigueur\n---\n"),
        REFUSED,
        f"{_SEC}:1",
        "starts with YAML front matter",
    ),
    Case(
        "sec-front-matter-then-heading",
        CONTENT,
        section(_SEC, "---\ntitle: x\n---\n\n## 2. Entrée en vigueur\n\nTexte.\n"),
        REFUSED,
        f"{_SEC}:1",
        "starts with YAML front matter",
    ),
    Case(
        "sec-heading-without-text",
        CONTENT,
        section(_SEC, "##\n\nTexte.\n"),
        REFUSED,
        f"{_SEC}:1",
        "the section's heading has no text",
    ),
    Case(
        "sec-text-before-heading",
        CONTENT,
        section(_SEC, "Texte perdu.\n\n## 2. Entrée en vigueur\n"),
        REFUSED,
        f"{_SEC}:1",
        "text before the section's heading",
    ),
    Case(
        "sec-unclosed-fence",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\n```\ncode\n"),
        REFUSED,
        f"{_SEC}:3",
        "never closed",
    ),
    Case("sec-only-comment", CONTENT, section(_SEC, "<!-- à écrire -->\n"), REFUSED, f"{_SEC}:1", "has no heading"),
    Case(
        "sec-preamble-only-comment",
        CONTENT,
        section(f"{V}/fr/00-preambule.md", "<!-- à écrire -->\n"),
        REFUSED,
        f"{V}/fr/00-preambule.md:1",
        "has only comments or anchors",
    ),
    Case(
        "sec-list-item-over-rule",
        CONTENT,
        section(_SEC, "2. Entrée en vigueur\n---\n\nTexte.\n"),
        REFUSED,
        f"{_SEC}:1",
        "has no heading",  # the hint: '2. Entrée en vigueur' over '---' is a list item and a rule
    ),
    Case(
        "sec-duplicate-anchor-files",
        CONTENT,
        both("14-consentement.md", "## 14. Consentement\n", "## 14. Consent\n"),
        REFUSED,
        f"{V}/fr/14-consentement.md:1",
        "duplicate anchor '#consentement'",
    ),
    Case(
        "sec-duplicate-explicit-id",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\n### Précision {#objectifs}\n"),
        REFUSED,
        f"{_SEC}:3",
        "duplicate anchor '#objectifs'",
    ),
    Case(
        "sec-english-only-F1",
        CONTENT,
        section(f"{V}/en/14-extra.md", "## 14. Extra\n"),
        REFUSED,
        f"{V}/en/14-extra.md",
        "has no fr counterpart",
    ),
    Case(
        "sec-french-only-F2",
        CONTENT,
        section(f"{V}/fr/14-extra.md", "## 14. Extra\n"),
        REFUSED,
        f"{V}/fr/14-extra.md",
        "has no 'en' translation",
    ),
    Case(
        "sec-language-missing",
        CONTENT,
        lambda s: shutil.rmtree(s.root / V / "en"),
        REFUSED,
        f"{V}/en",
        "missing the 'en' text",
    ),
    Case(
        "sec-language-empty",
        CONTENT,
        lambda s: [p.unlink() for p in (s.root / V / "en").glob("*.md")],
        REFUSED,
        f"{V}/en",
        "has no section files",
    ),
    Case(
        "sec-default-language-empty",
        CONTENT,
        lambda s: [p.unlink() for p in (s.root / V / "fr").glob("*.md")],
        REFUSED,
        f"{V}/fr",
        "has no section files",
    ),
    Case(
        "sec-placeholder-upcoming",
        CONTENT,
        upcoming(
            section(
                f"{UP}/fr/02-entree-en-vigueur.md", "## 2. Entrée en vigueur\n\nLe [NOM DE L'ORGANISME] s'engage.\n"
            )
        ),
        REFUSED,
        f"{UP}/fr/02-entree-en-vigueur.md:3",
        "unfilled placeholder",
    ),
    Case(
        "sec-template-upcoming",
        CONTENT,
        upcoming(section(f"{UP}/fr/02-entree-en-vigueur.md", "## 2. Entrée en vigueur\n\n{{ site.name }}\n")),
        REFUSED,
        f"{UP}/fr/02-entree-en-vigueur.md:3",
        "template syntax left in the text",
    ),
    Case(
        "sec-script-upcoming",
        CONTENT,
        upcoming(
            section(
                f"{UP}/fr/02-entree-en-vigueur.md", "## 2. Entrée en vigueur\n\nTexte.\n\n<script>alert(1)</script>\n"
            )
        ),
        REFUSED,
        f"{UP}/fr/02-entree-en-vigueur.md:5",
        "executable content: <script> element",
    ),
    Case(
        "sec-javascript-link-upcoming",
        CONTENT,
        upcoming(
            section(f"{UP}/en/02-entree-en-vigueur.md", "## 2. Coming into force\n\n[here](javascript:alert(1))\n")
        ),
        REFUSED,
        f"{UP}/en/02-entree-en-vigueur.md:3",
        "'javascript:' address",
    ),
    Case(
        "sec-onerror-in-force",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\nTexte <img src=x onerror=alert(1)>.\n"),
        WARNED,
        f"{_SEC}:3",
        "executable content: event-handler attribute 'onerror'",
        verify=_no_handler,
    ),
    Case(
        "sec-link-to-nowhere",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\nVoir [plus bas](#nulle-part).\n"),
        WARNED,
        f"{_SEC}:3",
        "link to '#nulle-part'",
    ),
    Case(
        "sec-setext-glued",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\nTexte\nSous-titre\n---\n"),
        WARNED,
        f"{_SEC}:4",
        "is underlined as a heading but follows a line of text",
    ),
    Case(
        "sec-heading-only",
        CONTENT,
        both("02-entree-en-vigueur.md", "## 2. Entrée en vigueur\n", "## 2. Coming into force\n"),
        ACCEPTED,
        verify=shows("", 'id="entree-en-vigueur"'),
    ),
    Case(
        "sec-html-table",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\n<table><tr><td>Date</td><td>23 décembre</td></tr></table>\n"),
        ACCEPTED,
        verify=shows("", "<td>23 décembre</td>"),
    ),
    Case(
        "sec-long-line",
        CONTENT,
        section(_SEC, "## 2. Entrée en vigueur\n\n" + "mot " * 30000 + "\n"),
        ACCEPTED,
        verify=shows("", "mot mot mot"),
    ),
    Case(
        "sec-heading-level-4",
        CONTENT,
        section(_SEC, "#### 2. Entrée en vigueur\n\nTexte.\n"),
        ACCEPTED,
        verify=shows("", "Entrée en vigueur"),
    ),
]

FILE_CASES = [
    Case(
        "fs-section-link-loop",
        FILES,
        link(_SEC, "02-entree-en-vigueur.md"),
        REFUSED,
        _SEC,
        "symbolic link that leads back to itself",
    ),
    Case(
        "fs-section-link-pair-loop",
        FILES,
        chain(link(_SEC, "a.lnk"), link(f"{V}/fr/a.lnk", "02-entree-en-vigueur.md")),
        REFUSED,
        _SEC,
        "symbolic link that leads back to itself",
    ),
    Case(
        "fs-version-yml-link-loop",
        FILES,
        link(_YML, "version.yml"),
        REFUSED,
        _YML,
        "symbolic link that leads back to itself",
    ),
    Case(
        "fs-version-folder-link-loop",
        FILES,
        link("policy/2024-01-01", "2024-01-01"),
        REFUSED,
        "policy/2024-01-01",
        "symbolic link that leads back to itself",
    ),
    Case(
        "fs-language-link-loop",
        FILES,
        link(f"{V}/en", "en"),
        REFUSED,
        f"{V}/en",
        "symbolic link that leads back to itself",
    ),
    Case(
        "fs-section-dangling-link",
        FILES,
        link(_SEC, "ailleurs.md"),
        REFUSED,
        _SEC,
        "is a symbolic link to 'ailleurs.md', which does not exist",
    ),
    Case("fs-version-yml-dangling-link", FILES, link(_YML, "../meta.yml"), REFUSED, _YML, "which does not exist"),
    Case("fs-language-dangling-link", FILES, link(f"{V}/en", "../english"), REFUSED, f"{V}/en", "which does not exist"),
    Case("fs-section-link-outside", FILES, link(_SEC, "/etc/hostname"), REFUSED, _SEC, "outside policy/"),
    Case(
        "fs-version-yml-link-outside",
        FILES,
        chain(lambda s: write(s, "meta.yml", META), link(_YML, "../../meta.yml")),
        REFUSED,
        _YML,
        "outside policy/",
    ),
    Case(
        "fs-section-link-inside",
        FILES,
        chain(
            lambda s: write(s, "policy/.shared/entree.md", "## 2. Entrée en vigueur\n\nTexte partagé.\n"),
            link(_SEC, "../../.shared/entree.md"),
        ),
        ACCEPTED,
        verify=shows("", "Texte partagé."),
    ),
    Case(
        "fs-section-unreadable",
        FILES,
        unreadable(_SEC),
        REFUSED,
        _SEC,
        "cannot be read",
        skip=ROOT_SKIP if os.geteuid() == 0 else "",
    ),
    Case(
        "fs-version-yml-unreadable",
        FILES,
        unreadable(_YML),
        REFUSED,
        _YML,
        "cannot be read",
        skip=ROOT_SKIP if os.geteuid() == 0 else "",
    ),
    Case("fs-section-fifo", FILES, fifo(_SEC), REFUSED, _SEC, "is not a regular file"),
    Case("fs-version-yml-fifo", FILES, fifo(_YML), REFUSED, _YML, "is not a regular file"),
    Case("fs-version-yml-folder", FILES, folder_instead(_YML), REFUSED, _YML, "is a folder, not a file"),
    Case("fs-section-folder", FILES, folder_instead(_SEC), REFUSED, _SEC, "is a folder, not a file"),
    Case(
        "fs-language-file",
        FILES,
        chain(lambda s: shutil.rmtree(s.root / V / "en"), section(f"{V}/en", "en")),
        REFUSED,
        f"{V}/en",
        "is a file, not a folder",
    ),
    Case(
        "fs-folder-month-13",
        FILES,
        copy_version("2024-13-01"),
        REFUSED,
        "policy/2024-13-01",
        "version folder name '2024-13-01' is not a date",
    ),
    Case(
        "fs-folder-draft",
        FILES,
        copy_version("draft"),
        REFUSED,
        "policy/draft",
        "version folder name 'draft' is not a date",
    ),
    Case(
        "fs-folder-short-date", FILES, copy_version("2024-1-5"), REFUSED, "policy/2024-1-5", "'2024-1-5' is not a date"
    ),
    Case(
        "fs-folder-compact-date",
        FILES,
        copy_version("20240105"),
        REFUSED,
        "policy/20240105",
        "'20240105' is not a date",
    ),
    Case("fs-folder-hidden", FILES, copy_version(".brouillon"), ACCEPTED, verify=no_page(".brouillon")),
    Case(
        "fs-section-upper-case",
        FILES,
        upcoming(rename_section(UP, "01-objectifs.md", "01-Objectifs.md")),
        REFUSED,
        f"{UP}/fr/01-Objectifs.md",
        "cannot be a section's permanent anchor",
    ),
    Case(
        "fs-section-space",
        FILES,
        upcoming(rename_section(UP, "01-objectifs.md", "01 objectifs.md")),
        REFUSED,
        f"{UP}/fr/01 objectifs.md",
        "cannot be a section's permanent anchor",
    ),
    Case(
        "fs-section-accent",
        FILES,
        upcoming(rename_section(UP, "02-entree-en-vigueur.md", "02-entrée.md")),
        REFUSED,
        f"{UP}/fr/02-entrée.md",
        "cannot be a section's permanent anchor",
    ),
    Case(
        "fs-section-upper-case-in-force",
        FILES,
        rename_section(V, "01-objectifs.md", "01-Objectifs.md"),
        WARNED,
        f"{V}/fr/01-Objectifs.md",
        "cannot be a section's permanent anchor",
        verify=shows("", 'id="Objectifs"'),
    ),
    Case(
        "fs-section-MD",
        FILES,
        upcoming(rename_section(UP, "01-objectifs.md", "01-objectifs.MD")),
        REFUSED,
        f"{UP}/fr/01-objectifs.MD",
        "section files end in '.md' (lower case), not '.MD'",
    ),
    Case(
        "fs-section-markdown",
        FILES,
        upcoming(rename_section(UP, "01-objectifs.md", "01-objectifs.markdown")),
        REFUSED,
        f"{UP}/fr/01-objectifs.markdown",
        "not '.markdown'",
    ),
    Case(
        "fs-section-mkd",
        FILES,
        upcoming(rename_section(UP, "01-objectifs.md", "01-objectifs.mkd")),
        REFUSED,
        f"{UP}/fr/01-objectifs.mkd",
        "not '.mkd'",
    ),
    Case(
        "fs-section-MD-in-force",
        FILES,
        both("14-extra.MD", "## Extra\n", "## Extra\n"),
        WARNED,
        f"{V}/fr/14-extra.MD",
        "so it was never published",
        verify=shows("", absent=("Extra</h2>",)),
    ),
    Case(
        "fs-stray-file-in-language",
        FILES,
        section(f"{V}/fr/notes.txt", "à revoir\n"),
        WARNED,
        f"{V}/fr/notes.txt",
        "is not a section",
    ),
    Case(
        "fs-backup-file",
        FILES,
        section(f"{V}/fr/01-objectifs.md~", "## vieux\n"),
        WARNED,
        f"{V}/fr/01-objectifs.md~",
        "is not a section",
    ),
    Case(
        "fs-stray-file-in-version",
        FILES,
        section(f"{V}/notes.md", "à revoir\n"),
        WARNED,
        f"{V}/notes.md",
        "is not part of the version",
    ),
    Case(
        "fs-stray-file-in-policy",
        FILES,
        section("policy/README.md", "Notes\n"),
        WARNED,
        "policy/README.md",
        "is not a version folder",
    ),
    Case(
        "fs-unknown-language-folder",
        FILES,
        lambda s: shutil.copytree(s.root / V / "en", s.root / V / "de"),
        WARNED,
        f"{V}/de",
        "'de' is not a configured language",
    ),
    Case(
        "fs-folder-in-language",
        FILES,
        section(f"{V}/fr/images/logo.svg", "<svg/>"),
        WARNED,
        f"{V}/fr/images",
        "is a folder inside a language folder",
    ),
    Case(
        "fs-hidden-files",
        FILES,
        chain(
            section(f"{V}/fr/.DS_Store", b"\x00\x01"),
            section(f"{V}/.gitkeep", ""),
            link(f"{V}/fr/.#01-objectifs.md", "user@host.1234"),
        ),
        ACCEPTED,
    ),
    Case("fs-policy-missing", FILES, lambda s: shutil.rmtree(s.policy), REFUSED, "policy", "policy folder not found"),
    Case("fs-policy-empty", FILES, lambda s: shutil.rmtree(s.policy / SEED), REFUSED, "policy", "no versions found"),
]

_B = "## 2. Entrée en vigueur\n\nLa présente politique entre en vigueur le 23 décembre 2023.\n"

ENCODING_CASES = [
    Case(
        "enc-latin1-version-yml", ENCODING, meta(META.encode("latin-1")), REFUSED, f"{_YML}@Premi", "is not valid UTF-8"
    ),
    Case(
        "enc-latin1-section", ENCODING, section(_SEC, _B.encode("latin-1")), REFUSED, f"{_SEC}:1", "is not valid UTF-8"
    ),
    Case(
        "enc-cp1252-quote",
        ENCODING,
        section(_SEC, "## 2. Entrée\n\nL’entrée.\n".encode("cp1252")),
        REFUSED,
        f"{_SEC}:1",
        "probably Latin-1 or Windows-1252",
    ),
    Case("enc-utf16-section", ENCODING, section(_SEC, _B.encode("utf-16")), REFUSED, f"{_SEC}:1", "is UTF-16 text"),
    Case("enc-utf16-version-yml", ENCODING, meta(META.encode("utf-16")), REFUSED, f"{_YML}:1", "is UTF-16 text"),
    Case(
        "enc-bom-section",
        ENCODING,
        section(_SEC, "\ufeff" + _B),
        ACCEPTED,
        verify=shows("", "entre en vigueur le 23 décembre 2023", absent=("\ufeff",)),
    ),
    Case(
        "enc-crlf-section",
        ENCODING,
        section(_SEC, _B.replace("\n", "\r\n")),
        ACCEPTED,
        verify=shows("", "entre en vigueur le 23 décembre 2023"),
    ),
    Case(
        "enc-cr-only-section",
        ENCODING,
        section(_SEC, _B.replace("\n", "\r")),
        ACCEPTED,
        verify=shows("", "<p>La présente politique entre en vigueur"),
    ),
    Case(
        "enc-bom-crlf-version-yml",
        ENCODING,
        meta(bom_crlf(META)),
        ACCEPTED,
        verify=shows("versions/", "Première version publiée."),
    ),
    Case("enc-bom-crlf-no-false-change", ENCODING, bom_crlf_version, ACCEPTED, verify=formatting_only),
    Case("enc-nul-section", ENCODING, section(_SEC, _B + "\x00\x00"), REFUSED, f"{_SEC}:4", "contains a NUL byte"),
    Case("enc-nul-version-yml", ENCODING, meta(META + "\x00"), REFUSED, f"{_YML}:8", "contains a NUL byte"),
    Case(
        "enc-bell-section",
        ENCODING,
        section(_SEC, _B.replace("présente", "pré\x07sente")),
        REFUSED,
        f"{_SEC}:3",
        "control character U+0007",
    ),
    Case(
        "enc-form-feed-section",
        ENCODING,
        section(_SEC, _B + "\x0c\nSuite.\n"),
        REFUSED,
        f"{_SEC}:4",
        "control character U+000C",
    ),
    Case(
        "enc-escape-version-yml",
        ENCODING,
        meta(META.replace("Première", "\x1b[31mPremière")),
        REFUSED,
        f"{_YML}@fr:",
        "control character U+001B",
    ),
    Case(
        "enc-c1-control-section",
        ENCODING,
        section(_SEC, _B.replace("politique", "politique\x85")),
        REFUSED,
        f"{_SEC}:3",
        "control character U+0085",
    ),
    Case(
        "enc-replacement-char-upcoming",
        ENCODING,
        upcoming(section(f"{UP}/fr/02-entree-en-vigueur.md", "## 2. Entr\ufffde en vigueur\n")),
        REFUSED,
        f"{UP}/fr/02-entree-en-vigueur.md:1",
        "replacement character U+FFFD",
    ),
    Case(
        "enc-replacement-char-summary",
        ENCODING,
        upcoming(meta(META.replace("2023-12-23", "2025-01-01").replace("Première", "Premi\ufffdre"), UP)),
        REFUSED,
        f"{_UP_YML}@fr:",
        "replacement character U+FFFD",
    ),
    Case(
        "enc-replacement-char-in-force",
        ENCODING,
        section(_SEC, _B.replace("é", "\ufffd")),
        WARNED,
        f"{_SEC}:1",
        "replacement character U+FFFD",
        verify=shows("", "Entr\ufffde en vigueur"),
        allowed="\ufffd",
    ),
    Case(
        "enc-tabs",
        ENCODING,
        section(_SEC, "## 2. Entrée en vigueur\n\nDate\t: 23 décembre.\n"),
        ACCEPTED,
        verify=shows("", "23 décembre"),
    ),
    Case(
        "enc-decomposed-accents",
        ENCODING,
        section(_SEC, "## 2. Entre\u0301e en vigueur\n\nTexte.\n"),
        ACCEPTED,
        verify=shows("", "Entre\u0301e en vigueur"),
    ),
]


def _big(rel: str, size: int) -> Callable[[Site], None]:
    """A sparse file of `size` bytes: stat says it is big, nothing needs reading it."""

    def setup(s: Site) -> None:
        with (s.root / rel).open("r+b") as handle:
            handle.truncate(size)

    return setup


def _many_big_sections(s: Site) -> None:
    """Twelve sections of 400 KB: each under the section limit, together over the version's."""
    for lang in ("fr", "en"):
        for n in range(20, 26):
            write(s, f"{V}/{lang}/{n}-x.md", "")
            _big(f"{V}/{lang}/{n}-x.md", 400 * 1024)(s)


def _slug(slug: str, text: str, where: str = "mkdocs.yml@slug:") -> Case:
    return Case(f"cfg-slug-{slug or 'empty'}".replace("/", "-"), CONFIG, document(slug), REFUSED, where, text)


_FR_EN = "        - locale: fr\n          default: true\n"
CONFIG_CASES = [
    Case(
        "cfg-site-name-markup",
        CONFIG,
        config(lambda t: t.replace("site_name: Dynamique Conseil inc.", "site_name: 'Acme\"><b>'")),
        REFUSED,
        "mkdocs.yml@site_name:",
        "site_name may not contain",
    ),
    Case(
        "size-section-50mb",
        CONFIG,
        _big(_SEC, 50 * 1024 * 1024),
        REFUSED,
        _SEC,
        "is 51200 KB, more than the 512 KB allowed (max_section_kb)",
    ),
    Case(
        "size-section-over-default",
        CONFIG,
        section(_SEC, "## 2. Entrée en vigueur\n\n" + "mot " * 140_000),
        REFUSED,
        _SEC,
        "more than the 512 KB allowed",
    ),
    Case(
        "size-version-yml",
        CONFIG,
        meta(META + "#" * 600_000 + "\n"),
        REFUSED,
        _YML,
        "more than the 512 KB allowed (max_section_kb)",
    ),
    Case(
        "size-section-limit-option",
        CONFIG,
        options("max_section_kb: 4"),
        REFUSED,
        f"{V}/fr/05-renseignements-collectes.md",
        "more than the 4 KB allowed (max_section_kb)",
    ),
    Case(
        "size-version-limit-option",
        CONFIG,
        options("max_version_kb: 32"),
        REFUSED,
        V,
        "this version's files total 48 KB, more than the 32 KB allowed (max_version_kb)",
    ),
    Case(
        "size-version-over-default",
        CONFIG,
        _many_big_sections,
        REFUSED,
        V,
        "more than the 4096 KB allowed (max_version_kb)",
    ),
    Case(
        "cfg-max-section-kb-zero",
        CONFIG,
        options("max_section_kb: 0"),
        REFUSED,
        "mkdocs.yml@max_section_kb",
        "option 'max_section_kb': 0 is out of range",
    ),
    Case(
        "cfg-max-section-kb-text",
        CONFIG,
        options("max_section_kb: 1 MB"),
        REFUSED,
        "mkdocs.yml@max_section_kb",
        "must be a whole number of KB, not '1 MB'",
    ),
    Case(
        "cfg-max-version-kb-negative",
        CONFIG,
        options("max_version_kb: -1"),
        REFUSED,
        "mkdocs.yml@max_version_kb",
        "-1 is out of range",
    ),
    Case(
        "cfg-notice-days-negative",
        CONFIG,
        options("notice_days: -5"),
        REFUSED,
        "mkdocs.yml@notice_days",
        "option 'notice_days': -5 is out of range",
    ),
    Case(
        "cfg-notice-days-zero",
        CONFIG,
        options("notice_days: 0"),
        REFUSED,
        "mkdocs.yml@notice_days",
        "0 is out of range",
    ),
    Case(
        "cfg-notice-days-text",
        CONFIG,
        options("notice_days: trente"),
        REFUSED,
        "mkdocs.yml@notice_days",
        "must be a whole number of days, not 'trente'",
    ),
    Case("cfg-notice-days-bool", CONFIG, options("notice_days: true"), REFUSED, "mkdocs.yml@notice_days", "not True"),
    Case("cfg-notice-days-float", CONFIG, options("notice_days: 7.5"), REFUSED, "mkdocs.yml@notice_days", "not 7.5"),
    Case(
        "cfg-notice-days-huge",
        CONFIG,
        options("notice_days: 100000000"),
        REFUSED,
        "mkdocs.yml@notice_days",
        "100000000 is out of range",
    ),
    Case(
        "cfg-timezone-unknown",
        CONFIG,
        options("timezone: Mars/Olympus"),
        REFUSED,
        "mkdocs.yml@timezone",
        "'Mars/Olympus' is not a known time zone",
    ),
    Case(
        "cfg-timezone-empty",
        CONFIG,
        options('timezone: ""'),
        REFUSED,
        "mkdocs.yml@timezone",
        "must be a time zone name",
    ),
    Case(
        "cfg-timezone-number",
        CONFIG,
        options("timezone: -5"),
        REFUSED,
        "mkdocs.yml@timezone",
        "must be a time zone name, not -5",
    ),
    Case(
        "cfg-timezone-path",
        CONFIG,
        options("timezone: ../../../etc/passwd"),
        REFUSED,
        "mkdocs.yml@timezone",
        "is not a known time zone",
    ),
    Case(
        "cfg-timezone-folder",
        CONFIG,
        options("timezone: America"),
        REFUSED,
        "mkdocs.yml@timezone",
        "'America' is not a known time zone",
    ),
    Case(
        "cfg-as-of-impossible",
        CONFIG,
        options('as_of: "2024-13-01"'),
        REFUSED,
        "mkdocs.yml@as_of",
        "'2024-13-01' is not a date",
    ),
    Case(
        "cfg-as-of-words", CONFIG, options("as_of: yesterday"), REFUSED, "mkdocs.yml@as_of", "'yesterday' is not a date"
    ),
    Case(
        "cfg-as-of-datetime",
        CONFIG,
        options("as_of: 2024-06-01 10:00:00"),
        REFUSED,
        "mkdocs.yml@as_of",
        "must be a date without a time",
    ),
    Case("cfg-as-of-unquoted-date", CONFIG, options("as_of: 2024-06-01"), ACCEPTED),
    Case(
        "cfg-languages-empty",
        CONFIG,
        options("languages: []"),
        REFUSED,
        "mkdocs.yml@languages: []",
        "lists no language",
    ),
    Case(
        "cfg-languages-not-a-list",
        CONFIG,
        options("languages: fr"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "must be a list of language codes, not 'fr'",
    ),
    Case(
        "cfg-languages-duplicate",
        CONFIG,
        options("languages: [fr, fr, en]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "lists 'fr' twice",
    ),
    Case(
        "cfg-languages-not-a-code",
        CONFIG,
        options("languages: [fr, english]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "'english' is not a language code",
    ),
    Case(
        "cfg-languages-number",
        CONFIG,
        options("languages: [fr, 1]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "1 is not a language code",
    ),
    Case(
        "cfg-language-without-strings",
        CONFIG,
        chain(options("languages: [fr, en, de]"), i18n_language("de")),
        REFUSED,
        "mkdocs.yml@languages: ",
        "no reader strings for language 'de'",
    ),
    Case(
        "cfg-languages-english-only",
        CONFIG,
        options("languages: [en]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "the first of policy-archive's languages ('en') must be i18n's default language ('fr')",
    ),
    Case(
        "cfg-languages-english-first",
        CONFIG,
        options("languages: [en, fr]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "must be i18n's default language ('fr')",
    ),
    Case(
        "cfg-languages-french-only-i18n-both",
        CONFIG,
        options("languages: [fr]"),
        REFUSED,
        "mkdocs.yml@languages: ",
        "the i18n plugin builds ['en'], which policy-archive's languages ['fr'] do not list",
    ),
    Case(
        "cfg-i18n-default-english",
        CONFIG,
        chain(
            edit_config(_FR_EN, "        - locale: fr\n"),
            edit_config("        - locale: en\n", "        - locale: en\n          default: true\n"),
        ),
        REFUSED,
        "mkdocs.yml@policy-archive",
        "must be i18n's default language ('en')",
    ),
    Case(
        "cfg-i18n-extra-language",
        CONFIG,
        i18n_language("es"),
        REFUSED,
        "mkdocs.yml@policy-archive",
        "the i18n plugin builds ['es']",
    ),
    Case(
        "cfg-i18n-english-not-built",
        CONFIG,
        edit_config(
            "          name: English\n          build: true\n", "          name: English\n          build: false\n"
        ),
        REFUSED,
        "mkdocs.yml@policy-archive",
        "languages ['en'] are not built by the i18n plugin",
    ),
    Case(
        "cfg-french-only-site",
        CONFIG,
        chain(
            options("languages: [fr]"),
            edit_config(
                "          name: English\n          build: true\n", "          name: English\n          build: false\n"
            ),
        ),
        WARNED,
        f"{V}/en",
        "'en' is not a configured language",
        verify=no_page("en"),
    ),
    _slug("versions", "'versions' is an address the site already uses"),
    _slug("assets", "'assets' is an address the site already uses"),
    _slug("search", "'search' is an address the site already uses"),
    _slug("feed.xml", "'feed.xml' is not a usable address"),
    _slug("en", "document slug 'en' is a language code"),
    _slug("fr", "document slug 'fr' is a language code"),
    _slug("legal/cookies", "'legal/cookies' is not a usable address"),
    _slug("..", "'..' is not a usable address"),
    _slug("", "'' is not a usable address"),
    _slug("Gouvernance", "'Gouvernance' is not a usable address"),
    _slug("témoins", "'témoins' is not a usable address"),
    Case(
        "cfg-slug-duplicate",
        CONFIG,
        chain(
            lambda s: shutil.copytree(s.policy, s.root / "gouvernance"),
            options(
                "documents:",
                "  - slug: gouvernance",
                "    policy_dir: gouvernance",
                '  - slug: "gouvernance"',
                "    policy_dir: temoins",
            ),
            lambda s: shutil.copytree(s.policy, s.root / "temoins"),
        ),
        REFUSED,
        'mkdocs.yml@slug: "gouvernance"',
        "document slug 'gouvernance' is used twice",
    ),
    Case(
        "cfg-slug-missing",
        CONFIG,
        options("documents:", "  - policy_dir: gouvernance"),
        REFUSED,
        "mkdocs.yml@documents",
        "Required configuration not provided",
    ),
    Case(
        "cfg-documents-not-a-list",
        CONFIG,
        options("documents: gouvernance"),
        REFUSED,
        "mkdocs.yml@documents",
        "Expected a list of items",
    ),
    Case(
        "cfg-document-folder-missing",
        CONFIG,
        document("gouvernance", "gouvernance", make=False),
        REFUSED,
        "gouvernance",
        "policy folder not found",
    ),
    Case(
        "cfg-document-folder-outside",
        CONFIG,
        document("gouvernance", "../elsewhere", make=False),
        REFUSED,
        "mkdocs.yml@policy_dir: ../elsewhere",
        "policy_dir '../elsewhere' is outside the site's folder",
    ),
    Case(
        "cfg-policy-dir-absolute",
        CONFIG,
        edit_config("      policy_dir: policy\n", "      policy_dir: /etc\n"),
        REFUSED,
        "mkdocs.yml@policy_dir",
        "policy_dir '/etc' is outside the site's folder",
    ),
    Case(
        "cfg-policy-dir-file",
        CONFIG,
        chain(edit_config("      policy_dir: policy\n", "      policy_dir: mkdocs.yml\n")),
        REFUSED,
        "mkdocs.yml@policy_dir",
        "policy_dir 'mkdocs.yml' is a file, not a folder",
    ),
    Case(
        "cfg-policy-dir-in-docs",
        CONFIG,
        chain(
            edit_config("      policy_dir: policy\n", "      policy_dir: docs/policy\n"),
            lambda s: shutil.copytree(s.policy, s.root / "docs" / "policy"),
        ),
        REFUSED,
        "mkdocs.yml@policy_dir",
        "overlaps docs_dir or site_dir",
    ),
    Case(
        "cfg-policy-dir-shared",
        CONFIG,
        document("gouvernance", "policy", make=False),
        REFUSED,
        "mkdocs.yml@        policy_dir: policy",
        "is also the folder of the privacy policy",
    ),
    Case(
        "cfg-policy-dir-empty",
        CONFIG,
        edit_config("      policy_dir: policy\n", '      policy_dir: ""\n'),
        REFUSED,
        "mkdocs.yml@policy_dir",
        "must name a folder",
    ),
    Case(
        "cfg-policy-dir-number",
        CONFIG,
        edit_config("      policy_dir: policy\n", "      policy_dir: 2023\n"),
        REFUSED,
        "mkdocs.yml@policy_dir",
        "must name a folder, not 2023",
    ),
    Case(
        "cfg-unknown-option",
        CONFIG,
        options("notice_dayz: 10"),
        REFUSED,
        "mkdocs.yml@notice_dayz",
        "Unrecognised configuration name: notice_dayz",
    ),
    Case(
        "cfg-organisation-name-number",
        CONFIG,
        edit_config("        name: Dynamique Conseil inc.\n", "        name: 42\n"),
        REFUSED,
        "mkdocs.yml@name: 42",
        "option 'organisation': Sub-option 'name'",
    ),
    Case(
        "cfg-officer-title-text",
        CONFIG,
        edit_config(
            "        title:\n          fr: Responsable de la conformité\n          en: Person in charge of compliance\n",
            "        title: Responsable\n",
        ),
        REFUSED,
        "mkdocs.yml@title:",
        "Sub-option 'title'",
    ),
    Case(
        "cfg-git-provenance-text",
        CONFIG,
        options("git_provenance: peut-être"),
        REFUSED,
        "mkdocs.yml@git_provenance",
        "option 'git_provenance'",
    ),
    Case(
        "cfg-notify-retries-negative",
        CONFIG,
        edit_config("        retries: 3\n", "        retries: -1\n"),
        REFUSED,
        "mkdocs.yml@retries",
        "Sub-option 'retries': -1 is out of range",
    ),
    Case(
        "cfg-notify-backoff-text",
        CONFIG,
        edit_config("        backoff: 2\n", "        backoff: vite\n"),
        REFUSED,
        "mkdocs.yml@backoff",
        "must be a number of seconds, not 'vite'",
    ),
    Case(
        "cfg-smtp-port-range",
        CONFIG,
        edit_config("          port: 1025\n", "          port: 70000\n"),
        REFUSED,
        "mkdocs.yml@port",
        "Sub-option 'port': 70000 is out of range",
    ),
    Case(
        "cfg-smtp-security-unknown",
        CONFIG,
        edit_config("          security: none\n", "          security: ssl\n"),
        REFUSED,
        "mkdocs.yml@security",
        "Sub-option 'security'",
    ),
    Case(
        "cfg-smtp-timeout-zero",
        CONFIG,
        edit_config("          security: none\n", "          security: none\n          timeout: 0\n"),
        REFUSED,
        "mkdocs.yml@timeout",
        "Sub-option 'timeout': 0 is out of range",
    ),
    Case(
        "cfg-mkdocs-yml-syntax",
        CONFIG,
        config(lambda t: t + "  - : [\n"),
        REFUSED,
        "mkdocs.yml@- : [",
        "while parsing a block mapping",
    ),
    Case(
        "cfg-mkdocs-yml-latin1",
        CONFIG,
        reencode("mkdocs.yml", lambda t: t.encode("latin-1")),
        REFUSED,
        "mkdocs.yml@Fran",
        "unacceptable character #x00e7",
    ),
    Case(
        "cfg-no-site-url",
        CONFIG,
        config(lambda t: re.sub(r"^site_url: .*\n", "", t, flags=re.M)),
        REFUSED,
        "mkdocs.yml",
        "set 'site_url'",
    ),
    Case(
        "cfg-no-i18n",
        CONFIG,
        config(lambda t: t[: t.index("  - i18n:")] + t[t.index("  - policy-archive:") :]),
        REFUSED,
        "mkdocs.yml@plugins",
        "needs the 'i18n' plugin",
    ),
    Case(
        "cfg-main-html-not-ours",
        CONFIG,
        section("overrides/main.html", '{% extends "base.html" %}\n'),
        REFUSED,
        "overrides/main.html:1",
        'must start with {% extends "policy-archive.html" %}',
    ),
]

CASES = YAML_CASES + SECTION_CASES + FILE_CASES + ENCODING_CASES + CONFIG_CASES


# --- running both commands -----------------------------------------------------------------------


def check(s: Site, *args: str) -> Result:
    return run(s.root, "check", *args, as_of=AS_OF)


def build(s: Site) -> Result:
    """`mkdocs build --strict` through MkDocs' own command line, in this process.

    That command line is meant to run once per process: it adds a log handler and a
    duplicate-message filter each time, and changes the warnings filters. They are put
    back, so each build prints all its own messages, as it would on its own.
    """
    import warnings

    from mkdocs.__main__ import cli

    logger, build_log = logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build")
    saved = (list(logger.handlers), logger.level, logger.propagate, list(build_log.filters))
    try:
        with warnings.catch_warnings():
            return CliRunner().invoke(
                cli,
                ["build", "--strict", "-f", str(s.root / "mkdocs.yml"), "-d", str(s.out)],
                env={"SOURCE_DATE_EPOCH": epoch(AS_OF), "NO_MKDOCS_2_WARNING": "1"},
            )
    finally:
        logger.handlers[:], logger.level, logger.propagate, build_log.filters[:] = saved


def crashed(result: Result) -> str:
    """The traceback an editor would see, or ''."""
    if result.exception is None or isinstance(result.exception, SystemExit):
        return ""
    import traceback

    return "".join(traceback.format_exception(result.exception))


def refusals(output: str) -> set[str]:
    """The messages of every error line (`file:line: error: message`, or MkDocs' `ERROR - message`)."""
    found = set()
    for line in output.splitlines():
        body = re.sub(r"^(ERROR|WARNING)\s+-\s+", "", line)
        if m := re.match(r"^(.+?): error: (.*)$", body):
            found.add(m.group(2))
        elif body != line and not re.match(r"^.+?: warning: ", body):
            found.add(body)
    return found


def located(s: Site, where: str) -> str:
    """`file@text` -> `file:N`, N the first line of the file holding `text`."""
    if "@" not in where:
        return where
    rel, needle = where.split("@", 1)
    lines = (s.root / rel).read_bytes().split(b"\n")
    number = next(i for i, line in enumerate(lines, 1) if needle.encode() in line)
    return f"{rel}:{number}"


def reported(output: str, where: str, level: str, text: str) -> bool:
    """`where: level: ...text...` followed by its hint line."""
    lines = output.splitlines()
    for i, line in enumerate(lines):
        if line.startswith(f"{where}: {level}: ") and text in line:
            hint = lines[i + 1].strip() if i + 1 < len(lines) else ""
            assert hint.startswith("→ ") and len(hint) > 5, f"no hint after {line!r}"
            return True
    return False


def _params(cases: list[Case]) -> list[object]:
    return [pytest.param(c, id=c.id, marks=[pytest.mark.skip(reason=c.skip)] if c.skip else []) for c in cases]


@pytest.mark.parametrize("case", _params(CASES))
def test_bad_input(site: Site, case: Case) -> None:
    case.setup(site)
    site.out.mkdir()
    (site.out / "index.html").write_text("previous build", encoding="utf-8")
    checked = check(site)
    assert not crashed(checked), crashed(checked)
    assert "Traceback" not in checked.output, checked.output
    where = located(site, case.where)
    built = build(site)
    assert not crashed(built), crashed(built)
    assert "Traceback" not in built.output, built.output

    if case.outcome == REFUSED:
        assert checked.exit_code == 1, checked.output
        assert reported(checked.stderr, where, "error", case.text), (
            f"no '{where}: error: ...{case.text}' in\n{checked.stderr}"
        )
        assert built.exit_code != 0, built.output
        assert case.text in built.output, built.output  # the same words
        # check reports first whatever the build refuses
        assert refusals(built.output) <= refusals(checked.stderr), refusals(built.output) - refusals(checked.stderr)
        # the build stopped before writing anything: the previous site is as it was
        assert [p.name for p in site.out.iterdir()] == ["index.html"]
        assert (site.out / "index.html").read_text(encoding="utf-8") == "previous build"
        return

    assert checked.exit_code == 0, checked.stderr
    assert built.exit_code == 0, built.output
    if case.outcome == WARNED:
        assert reported(checked.stderr, where, "warning", case.text), (
            f"no '{where}: warning: ...{case.text}' in\n{checked.stderr}"
        )
    else:
        assert "0 errors, 2 warnings" in checked.stderr, checked.stderr  # only the seed's two placeholders
    pages = [p for p in site.out.rglob("*") if p.suffix in (".html", ".xml", ".json")]
    assert len(pages) > 5 and html(site) != "previous build"
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert all(c not in text for c in "\ufffd\ufeff" if c not in case.allowed), page
    if case.verify:
        case.verify(site)


def test_the_corpus_covers_every_area() -> None:
    """At least 100 cases, over the four areas of issue 10, each with an outcome and a message."""
    assert len(CASES) >= 100 and len({c.id for c in CASES}) == len(CASES)
    per_area = {area: sum(c.area == area for c in CASES) for area in (CONTENT, FILES, ENCODING, CONFIG)}
    assert all(n >= 15 for n in per_area.values()), per_area
    for case in CASES:
        assert case.outcome in (REFUSED, WARNED, ACCEPTED)
        assert (case.outcome == ACCEPTED) == (not case.text), case.id


# --- the same refusals through the real command lines (a representative subset) ---------------

SUBPROCESS = ["fs-section-link-loop", "enc-latin1-version-yml", "cfg-timezone-unknown", "cfg-slug-versions"]


@pytest.mark.parametrize("case", [c for c in CASES if c.id in SUBPROCESS], ids=lambda c: c.id)
def test_real_command_lines_refuse_without_a_traceback(site: Site, case: Case) -> None:
    """`policy-archive check` and `mkdocs build --strict` as an editor runs them: exit status, words, no traceback."""
    case.setup(site)
    checked = site.run("check", as_of=AS_OF)
    built = site.mkdocs("build", "--strict", as_of=AS_OF)
    for result in (checked, built):
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert case.text in result.stderr
    assert reported(checked.stderr, located(site, case.where), "error", case.text), checked.stderr
    assert refusals(built.stderr) <= refusals(checked.stderr)
    assert not site.out.exists()


# --- output for CI ---------------------------------------------------------------------------------


def _ci_site(site: Site) -> None:
    """One error (an upcoming section named with a comma and a colon) and one warning with a '%'."""
    upcoming(rename_section(UP, "01-objectifs.md", "01-a,b:c.md"))(site)
    write(site, _YML, META + "100%: oui\n")


def test_check_format_github_prints_workflow_commands(site: Site) -> None:
    _ci_site(site)
    result = CliRunner().invoke(
        main,
        ["-f", str(site.root / "mkdocs.yml"), "check", "--format", "github"],
        env={"SOURCE_DATE_EPOCH": epoch(AS_OF), "GITHUB_WORKSPACE": str(site.root)},
    )
    assert result.exit_code == 1, result.output
    commands = result.stdout.splitlines()
    assert all(line.startswith(("::error ", "::warning ")) for line in commands), result.stdout
    # properties escape ',' and ':'; the message escapes '%' and the line break before the hint
    assert (
        "::error file=policy/2025-01-01/fr/01-a%2Cb%3Ac.md,title=policy-archive check%3A error::"
        "file name '01-a,b:c.md' cannot be a section's permanent anchor" in result.stdout
    )
    assert (
        "::warning file=policy/2023-12-23/version.yml,line=8,title=policy-archive check%3A warning::"
        "unknown key '100%25' is ignored%0A→ check its spelling" in commands
    )
    assert "error" in result.stderr.splitlines()[-1]  # the summary stays on stderr


def test_check_format_json_is_one_document(site: Site) -> None:
    import json

    _ci_site(site)
    result = run(site.root, "check", "--format", "json", as_of=AS_OF)
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    problems, summary = document["problems"], document["summary"]
    assert summary["errors"] == 2 and summary["warnings"] == 3 and summary["ok"] is False
    assert summary["versions"] == 2 and summary["as_of"] == AS_OF
    assert {
        "level": "warning",
        "file": "policy/2023-12-23/version.yml",
        "line": 8,
        "message": "unknown key '100%' is ignored",
        "hint": "check its spelling",
    } in problems
    names = {p["file"] for p in problems if p["level"] == "error"}
    assert names == {"policy/2025-01-01/fr/01-a,b:c.md", "policy/2025-01-01/en/01-a,b:c.md"}


def test_check_format_json_for_a_broken_mkdocs_yml(site: Site) -> None:
    import json

    options("notice_days: -5")(site)
    result = run(site.root, "check", "--format", "json", as_of=AS_OF)
    assert result.exit_code == 1
    [problem] = json.loads(result.stdout)["problems"]
    assert problem["file"] == "mkdocs.yml" and problem["line"] == 45
    assert problem["message"].endswith("option 'notice_days': -5 is out of range")
    assert problem["hint"] == "write a whole number of days from 1 to 365, e.g. 30"


def test_check_format_human_is_the_default(site: Site) -> None:
    _ci_site(site)
    default, human = check(site), check(site, "--format", "human")
    assert default.exit_code == human.exit_code == 1 and default.stderr == human.stderr and not default.stdout
    assert reported(default.stderr, f"{UP}/fr/01-a,b:c.md", "error", "permanent anchor")


def test_github_escaping() -> None:
    """GitHub's rules: data escapes %, CR, LF; properties also ':' and ','."""
    problem = Problem(ERROR, Path("/w/a:b,c%.md"), "50% done\r\nnext", "fix: it, now", 3)
    assert problem.github(Path("/w")) == (
        "::error file=a%3Ab%2Cc%25.md,line=3,title=policy-archive check%3A error::50%25 done%0D%0Anext%0A→ fix: it, now"
    )


# --- the languages rule ----------------------------------------------------------------------------


def test_this_site_is_french_first() -> None:
    """With this repository's configuration, French is present, first, and i18n's default (F3)."""
    from policy_archive.config import load_site

    config, options_, warnings = load_site(REPO / "mkdocs.yml")
    i18n = config.plugins["i18n"].config
    assert options_.languages[0] == "fr" and "en" in options_.languages and not warnings
    assert next(lang.locale for lang in i18n.languages if lang.default) == "fr"


def test_an_oversized_file_is_never_opened(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size limits are checked from stat: a runaway file is refused without being read."""
    import datetime as dt

    from policy_archive.load import Limits, load_policy

    _big(_SEC, 50 * 1024 * 1024)(site)
    opened: list[str] = []
    real_open = Path.open

    def spy(self: Path, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(self.name)
        return real_open(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", spy)
    _policy, problems = load_policy(site.policy, ["fr", "en"], dt.date(2024, 6, 1), Limits())
    assert [p.message for p in problems if p.level == ERROR] == [
        "is 51200 KB, more than the 512 KB allowed (max_section_kb)"
    ]
    assert "02-entree-en-vigueur.md" in [p.file.name for p in problems]
    assert opened.count("02-entree-en-vigueur.md") == 1  # the English one; the French one is never opened
