"""Write the redline corpus: three bilingual policy histories, one site folder each (`tests/corpus/<name>/`).

Each `history_*.py` module defines `NAME`, `SITE` (values for mkdocs.yml) and
`VERSIONS`: the first version's text, then for every later version a function
that edits the previous version's text (`Policy.sub`, `add`, `drop`, `rename`,
`set`, formatting transforms), its metadata and the constructs it exercises
(`covers`). This script replays the edits and writes, deterministically:

    tests/corpus/<name>/mkdocs.yml
    tests/corpus/<name>/docs/.keep
    tests/corpus/<name>/policy/<YYYY-MM-DD>/{version.yml,fr/*.md,en/*.md}
    tests/corpus/README.md (which version exercises which construct)

and checks its own output with plain Python-Markdown (the site's extensions):
no Markdown syntax left in the rendered text, every in-page link lands on an id
of its version page (section anchors being the file names without their number),
same files in both languages, formatting-only versions render identically.

Usage: `.venv/bin/python tests/corpus/make_corpus.py [--check-only]`.
"""

from __future__ import annotations

import argparse
import importlib
import itertools
import re
import shutil
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import markdown

HERE = Path(__file__).resolve().parent
LANGS = ("fr", "en")
HISTORIES = ("history_coop", "history_nordet", "history_biblio")
EXTENSIONS = ["attr_list", "md_in_html", "tables", "toc"]
NBSP, NNBSP = "\u00a0", "\u202f"

# Constructs the corpus must exercise, each in at least two versions (README lists where).
CONSTRUCTS = {
    "setext": "setext headings (`===` and `---` underlines)",
    "atx-closing": "ATX headings with closing hashes",
    "subheadings": "level-3 and level-4 sub-headings",
    "attr-heading": "attribute list on a section heading (`## Title {: #id }`)",
    "attr-subheading": "custom id on a sub-heading (`### Sub {#id}`)",
    "attr-paragraph": "attribute list on a paragraph's last line (`{: datetime=... }`, `{: .class }`)",
    "anchor-line": "anchor line (`<a id=...></a>`) right above a section heading",
    "inpage-links": "in-page links to explicit ids, anchor lines and auto-generated heading ids",
    "preamble-no-heading": "heading-less `00-` preamble",
    "html-heading": "inline HTML in a heading",
    "links": "site-absolute and external links",
    "link-target-only": "a version that changes only link targets",
    "md-table": "Markdown table: rows added, removed, cells changed",
    "html-table": "raw HTML `<table>`: rows added, removed, cells changed",
    "table-added-removed": "a whole table added in one version, removed in a later one",
    "lists": "ordered, unordered and nested lists",
    "list-paragraph": "a paragraph turned into a list, or a list into a paragraph",
    "inline": "emphasis, strong, inline code, literal asterisks, `&` and `<` as text",
    "fr-typography": "French typography: « », non-breaking spaces before : (and ; ? !)",
    "retitle-rename": "retitled section whose file name changes with the title",
    "section-moved": "section moved to another position (renumbered file name)",
    "paragraph-moved": "paragraphs moved from one section to another",
    "sentences-to-sections": "four sentences of a paragraph turned into the headings of four new sections",
    "rewrap": "formatting only: lines re-wrapped",
    "list-markers": "formatting only: `-` list markers changed to `*`",
    "trailing-spaces": "formatting only: trailing spaces",
    "crlf": "formatting only: CRLF line endings in every file of the version",
    "no-render-change": "the rendered text does not change at all",
    "revert": "a section restored to its text of two versions before",
    "rewrite": "the whole policy rewritten",
    "reword": "sentences reworded",
    "list-items": "list items added or removed",
    "sections-added-removed": "sections added or removed",
    "upcoming": "a version published before it takes effect, after the build date",
}


# --------------------------------------------------------------------------- model of a history
def fr_typography(text: str, space_before_punct: bool = True) -> str:
    """Non-breaking space before `:` (and a narrow one before `; ? !`, or none: Quebec usage), inside « »."""
    text = re.sub(r"(?<=[^\s|]) :(?=\s|$)", NBSP + ":", text, flags=re.M)
    text = re.sub(r"(?<=[^\s|]) ([;?!])(?=\s|$|\))", (NNBSP + r"\1") if space_before_punct else r"\1", text, flags=re.M)
    return text.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")


def _pattern(old: str) -> re.Pattern[str]:
    """`old` as a regex where any whitespace matches any whitespace (texts get re-wrapped, typography fixed)."""
    tokens = old.split()
    out = re.escape(tokens[0]) if tokens else ""
    lead = r"\s*" if old[:2].isspace() else ""
    for prev, tok in itertools.pairwise(tokens):
        loose = tok[0] in ";:?!»)" or prev[-1] in "«("
        out += (r"\s*" if loose else r"\s+") + re.escape(tok)
    trail = r"\s*" if old[-2:].isspace() else r"[ \t]*\n?" if old[-1:].isspace() else ""
    return re.compile(lead + out + trail)


@dataclass
class Policy:
    """The text of one version: file name -> language -> Markdown."""

    files: dict[str, dict[str, str]]
    typography: Callable[[str], str] = lambda s: s
    past: list[Policy] = field(default_factory=list, repr=False)  # the earlier versions, oldest first

    def copy(self) -> Policy:
        return Policy({n: dict(t) for n, t in self.files.items()}, self.typography)

    def restore(self, name: str, back: int) -> None:
        """A revert: the section's text as it was `back` versions before this one (1 = the previous version)."""
        self.files[name] = dict(self.past[-back].files[name])

    def _fix(self, lang: str, text: str) -> str:
        return self.typography(text) if lang == "fr" else text

    def sub(
        self,
        name: str,
        fr: Iterable[tuple[str, str]] | tuple[str, str],
        en: Iterable[tuple[str, str]] | tuple[str, str],
    ) -> None:
        """Replace, in each language, each `old` (exactly one occurrence, whitespace-insensitive) by `new`."""
        for lang, edits in (("fr", fr), ("en", en)):
            pairs = [edits] if isinstance(edits, tuple) else list(edits)
            for old, new in pairs:
                text = self.files[name][lang]
                found = list(_pattern(old).finditer(text))
                if len(found) != 1:
                    raise ValueError(f"{name} ({lang}): {len(found)} matches for {old[:70]!r}")
                m = found[0]
                self.files[name][lang] = text[: m.start()] + self._fix(lang, new) + text[m.end() :]

    def add(self, name: str, fr: str, en: str) -> None:
        if name in self.files:
            raise ValueError(f"{name} already exists")
        self.set(name, fr, en)

    def set(self, name: str, fr: str, en: str) -> None:
        self.files[name] = {"fr": self._fix("fr", _clean(fr)), "en": _clean(en)}

    def drop(self, name: str) -> None:
        del self.files[name]

    def rename(self, old: str, new: str) -> None:
        if new in self.files:
            raise ValueError(f"{new} already exists")
        self.files[new] = self.files.pop(old)

    def transform(self, fn: Callable[[str], str], names: Iterable[str] | None = None) -> None:
        """Apply a formatting transform to both languages of some files (all by default)."""
        for name in list(names or self.files):
            for lang in LANGS:
                self.files[name][lang] = fn(self.files[name][lang])


def _clean(text: str) -> str:
    """A section written in Python source: common indentation removed, one final newline.

    `␣␣` at the end of a line stands for the two trailing spaces of a Markdown hard line break
    (trailing spaces in Python source would not survive editors and linters).
    """
    lines = text.replace("␣␣\n", "  \n").strip("\n").splitlines()
    indent = min((len(ln) - len(ln.lstrip()) for ln in lines if ln.strip()), default=0)
    return "\n".join(ln[indent:] for ln in lines).rstrip() + "\n"


@dataclass
class Version:
    """One version: metadata, the edit from the previous version, and what it exercises."""

    effective: str
    summary_fr: str
    summary_en: str
    edit: Callable[[Policy], None] | None = None
    published: str | None = None
    significant: bool = False
    covers: list[str] = field(default_factory=list)
    crlf: bool = False  # this version's files only are written with CRLF line endings
    reduces_rights: bool = False


# --------------------------------------------------------------------------- formatting transforms
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#|>|\||<|\{:|=+\s*$|-+\s*$)")


def rewrap(width: int) -> Callable[[str], str]:
    """Re-wrap every plain paragraph at `width` columns (never creating a line that Markdown would read as a block)."""

    def fn(text: str) -> str:
        out: list[str] = []
        para: list[str] = []

        def flush() -> None:
            if not para:
                return
            if any(ln.endswith(("  ", "<br>", "<br />")) for ln in para):  # hard line breaks: keep the lines
                out.extend(para)
                para.clear()
                return
            words = " ".join(ln.strip() for ln in para).split(" ")
            for w in range(width, width - 30, -1):
                lines, line = [], ""
                for word in words:
                    if line and len(line) + 1 + len(word) > w:
                        lines.append(line)
                        line = word
                    else:
                        line = f"{line} {word}" if line else word
                lines.append(line)
                if not any(_BLOCK_START.match(ln) for ln in lines[1:]):
                    break
            out.extend(lines)
            para.clear()

        lines = text.split("\n")
        for i, ln in enumerate(lines):
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            plain = ln.strip() and not ln.startswith((" ", "\t")) and not _BLOCK_START.match(ln)
            underline = re.fullmatch(r"\s*(=+|-+)\s*", nxt) is not None
            if plain and not underline and not re.match(r"\s*\{:", nxt):
                para.append(ln)
            else:
                flush()
                out.append(ln)
        flush()
        return "\n".join(out)

    return fn


def dash_to_star(text: str) -> str:
    """`-` list markers become `*`."""
    return re.sub(r"^(\s*)- ", r"\1* ", text, flags=re.M)


def trailing_space(text: str) -> str:
    """One trailing space on every non-blank line (one space is not a line break in Markdown)."""
    return "\n".join(ln + " " if ln.strip() else ln for ln in text.split("\n"))


# --------------------------------------------------------------------------- writing
def _yaml_text(v: Version, typography: Callable[[str], str]) -> str:
    def block(text: str) -> str:
        words, lines, line = text.split(), [], ""
        for w in words:
            if line and len(line) + 1 + len(w) > 92:
                lines.append(line)
                line = w
            else:
                line = f"{line} {w}" if line else w
        lines.append(line)
        return "\n".join("    " + ln for ln in lines)

    return (
        f"effective: {v.effective}\n"
        f"published: {v.published or v.effective}\n"
        f"significant: {'true' if v.significant else 'false'}\n"
        + ("reduces_rights: true\n" if v.reduces_rights else "")
        + f"summary:\n  fr: >-\n{block(typography(v.summary_fr))}\n  en: >-\n{block(v.summary_en)}\n"
    )


MKDOCS = """\
site_name: {site_name}
site_url: http://127.0.0.1:8000/
site_author: {org_name}
docs_dir: docs
use_directory_urls: true
strict: true

theme:
  name: material
  custom_dir: ../../../overrides
  font: false
  language: fr
  features:
    - navigation.tabs
    - toc.follow
  palette:
    primary: {palette}

markdown_extensions:
  - attr_list
  - md_in_html
  - tables
  - toc:
      permalink: true

validation:
  links:
    absolute_links: relative_to_docs

plugins:
  - search
  - i18n:
      docs_structure: folder
      reconfigure_search: false
      languages:
        - locale: fr
          default: true
          name: Français
          build: true
        - locale: en
          name: English
          build: true
  - policy-archive:
      policy_dir: policy
      # Corpus for the redline benchmark (bench/redline_quality.py): fictitious data.
      # The build date is pinned by SOURCE_DATE_EPOCH (2026-12-01).
      as_of: "2026-12-01"
      notice_days: 30
      git_provenance: false
      organisation:
        name: {org_name}
        address: {address}
        phone: {phone}
        email: {email}
        website: {website}
      privacy_officer:
        name: {officer}
        title:
          fr: {officer_title_fr}
          en: {officer_title_en}
        email: {officer_email}
        phone: {phone}
        address: {address}
"""


def build(module: str) -> tuple[object, list[tuple[Version, Policy]]]:
    """Replay a history's edits: every version with its full text."""
    mod = importlib.import_module(module)
    versions: list[Version] = mod.VERSIONS
    policy: Policy = mod.initial()
    out = []
    for i, v in enumerate(versions):
        if i:
            policy = policy.copy()
            policy.past = [p for _, p in out]
            assert v.edit is not None, v.effective
            v.edit(policy)
        out.append((v, policy))
    return mod, out


def write(module: str, root: Path) -> list[tuple[Version, Policy]]:
    """Write one history's site folder from scratch."""
    mod, versions = build(module)
    site = root / mod.NAME
    shutil.rmtree(site / "policy", ignore_errors=True)
    (site / "docs").mkdir(parents=True, exist_ok=True)
    (site / "docs" / ".keep").write_text(
        "Pages generated from policy/ by policy-archive; MkDocs needs this folder to exist.\n", encoding="utf-8"
    )
    (site / "mkdocs.yml").write_text(MKDOCS.format(**mod.SITE), encoding="utf-8")
    for v, policy in versions:
        folder = site / "policy" / v.effective
        for lang in LANGS:
            (folder / lang).mkdir(parents=True, exist_ok=True)
            for name, texts in sorted(policy.files.items()):
                text = texts[lang]
                (folder / lang / name).write_bytes(text.replace("\n", "\r\n" if v.crlf else "\n").encode("utf-8"))
        (folder / "version.yml").write_text(_yaml_text(v, policy.typography), encoding="utf-8")
    return versions


# --------------------------------------------------------------------------- self-check
class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.text: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if tag == "a" and a.get("href"):
            self.hrefs.append(a["href"] or "")
        if tag in ("code", "pre"):
            self.skip += 1
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "tr", "div"):
            self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)


LEAK = re.compile(
    r"\{:|\{#|\*\*|__|\]\(|^[ \t]*#|===|\|[ \t]*:?-{3,}|\S[ \t]+##[ \t]*$|\[[A-ZÀ-Ý][A-ZÀ-Ý ’'_-]{2,}\]", re.M
)
ANCHOR = re.compile(r"^\d+[a-z]?[-_.]")
EXPLICIT_ID = re.compile(r"\{:?[^}\n]*#([\w-]+)[^}\n]*\}|<a id=\"([\w-]+)\"")


def render(policy: Policy, lang: str) -> str:
    """The version's sections rendered one by one with the site's Markdown extensions."""
    parts = []
    for name in sorted(policy.files):
        md = markdown.Markdown(extensions=EXTENSIONS)
        parts.append(md.convert(policy.files[name][lang]))
    return "\n".join(parts)


def check(module: str, versions: list[tuple[Version, Policy]]) -> list[str]:
    """Problems in a history's own text (independent of the engine)."""
    problems = []
    previous_html: dict[str, str] = {}
    dates = [v.effective for v, _ in versions]
    if dates != sorted(dates) or len(set(dates)) != len(dates):
        problems.append(f"{module}: dates not strictly increasing")
    if len(versions) < 22:
        problems.append(f"{module}: only {len(versions)} versions")
    for v, policy in versions:
        where = f"{module} {v.effective}"
        if v.effective > "2026-11-30" and v is not versions[-1][0]:
            problems.append(f"{where}: only the last version may be after 2026-11-30")
        if (v.published or v.effective) > v.effective:
            problems.append(f"{where}: published after effective")
        if not 6 <= len(policy.files) <= 15:
            problems.append(f"{where}: {len(policy.files)} sections")
        for c in v.covers:
            if c not in CONSTRUCTS:
                problems.append(f"{where}: unknown construct {c}")
        for lang in LANGS:
            for name, texts in policy.files.items():
                if "{{" in texts[lang] or "{%" in texts[lang]:
                    problems.append(f"{where} {lang}/{name}: template syntax")
            html = render(policy, lang)
            parser = _Html()
            parser.feed(html)
            anchors = [ANCHOR.sub("", n.rsplit(".", 1)[0]) for n in policy.files]
            explicit = [a or b for texts in policy.files.values() for a, b in EXPLICIT_ID.findall(texts[lang])]
            for dup in sorted({i for i in anchors + explicit if (anchors + explicit).count(i) > 1}):
                problems.append(f"{where} {lang}: id #{dup} used twice (section anchors are the file names)")
            ids = parser.ids | set(anchors)
            for href in parser.hrefs:
                if href.startswith("#") and href[1:] not in ids:
                    problems.append(f"{where} {lang}: in-page link {href} has no target")
            for m in LEAK.finditer("".join(parser.text)):
                problems.append(f"{where} {lang}: Markdown left in the rendered text: {m.group()!r}")
            text = re.sub(r"\s+", " ", "".join(parser.text)).strip()
            if "no-render-change" in v.covers and previous_html.get(lang) != text:
                problems.append(f"{where} {lang}: tagged no-render-change but the rendered text differs")
            previous_html[lang] = text
    return problems


# --------------------------------------------------------------------------- README
README_HEAD = """\
# Redline corpus

Three fictitious bilingual (French, English) privacy-policy histories used by
`bench/redline_quality.py` and the redline tests. Each folder is a complete site
(`mkdocs.yml`, empty `docs/`, `policy/<YYYY-MM-DD>/{version.yml,fr/,en/}`); build one with
`cd tests/corpus/<name> && SOURCE_DATE_EPOCH=1796126400 NO_MKDOCS_2_WARNING=1 ../../../.venv/bin/mkdocs build --strict`
(the build date every figure assumes: 2026-12-01 12:00 UTC). `bench/redline_quality.py` measures them.

The folders are **generated**: edit the base texts and scripted edits in `history_*.py`,
then run `.venv/bin/python tests/corpus/make_corpus.py` (it rewrites the folders and this
file, and checks the output with plain Python-Markdown: no syntax left in the rendered text,
every in-page link lands on an id, formatting-only versions render identically). Every edit
is made in both languages; the English text is a translation of the French.

Ids: section anchors are the file names without their number (`07-conservation.md` →
`#conservation`); sub-heading ids are Python-Markdown's own slugs (`### Usage information` →
`#usage-information`), which in-page links of the corpus rely on.
"""


def readme(all_versions: dict[str, tuple[object, list[tuple[Version, Policy]]]]) -> str:
    out = [README_HEAD]
    index: dict[str, list[str]] = {c: [] for c in CONSTRUCTS}
    for mod, versions in all_versions.values():
        name = mod.NAME  # type: ignore[attr-defined]
        out.append(f"\n## `{name}`: {mod.DESCRIPTION}\n")  # type: ignore[attr-defined]
        out.append("| version | sections | what changes (its summary) | constructs |")
        out.append("|---|---:|---|---|")
        for v, policy in versions:
            flags = " (upcoming: published " + str(v.published) + ")" if v.effective > "2026-12-01" else ""
            flags += " (CRLF files)" if v.crlf else ""
            out.append(f"| {v.effective} | {len(policy.files)} | {v.summary_en}{flags} | {', '.join(v.covers)} |")
            for c in v.covers:
                index[c].append(f"{name} {v.effective}")
    out.append("\n## Where each construct is exercised\n")
    out.append("| construct | what | versions |")
    out.append("|---|---|---|")
    for c, what in CONSTRUCTS.items():
        out.append(f"| `{c}` | {what} | {'; '.join(index[c])} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--check-only", action="store_true", help="replay and check, write nothing")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(HERE))
    built = {}
    problems = []
    for module in HISTORIES:
        mod, versions = build(module)
        built[module] = (mod, versions)
        problems += check(module, versions)
    counts = {c: sum(c in v.covers for _, vs in built.values() for v, _ in vs) for c in CONSTRUCTS}
    problems += [f"construct {c} exercised {n} time(s), needs 2" for c, n in counts.items() if n < 2]
    if not args.check_only:
        for module in HISTORIES:
            write(module, HERE)
        (HERE / "README.md").write_text(readme(built), encoding="utf-8")
    for p in problems:
        print(p)
    total = sum(len(vs) for _, vs in built.values())
    print(f"{len(built)} histories, {total} versions: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
