"""Read `policy/` from disk, validate everything, and build the model.

Every problem names its file (and line when there is one) and says what to do;
callers decide whether warnings matter. Nothing here raises on bad content.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import errno
import os
import re
import stat
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markdown.extensions.toc import slugify

from . import stored_versions
from .corrections import read_corrections
from .model import Policy, Section, Version, as_date
from .problems import ERROR, WARNING, Problem, errors
from .safety import executable_problems
from .source import PLACEHOLDER as _PLACEHOLDER  # tests/gitrepo.py fills placeholders with it
from .source import (
    Scan,
    explicit_ids,
    find_headings,
    head_span,
    heading_text,
    normalise,
    placeholders,
    scan,
    templates,
    text_before,
)

if TYPE_CHECKING:
    from .buildcache import Store

VERSION_FILE = "version.yml"
REQUIRED_KEYS = {"effective", "published", "significant", "summary"}
OPTIONAL_KEYS = {"reduces_rights", "corrections"}
SECTION_SUFFIX = ".md"
# Other spellings of Markdown: never skipped in silence, since the editor meant a section.
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkd", ".mkdn", ".mdwn"}
# A section's file name is its permanent anchor in every language and version: plain ASCII,
# the same on every file system (macOS and Windows fold case; macOS decomposes accents).
_SECTION_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]*\.md$")
_FOLDER_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOOSE_DATE = re.compile(r"^(\d{4})[-_./](\d{1,2})[-_./](\d{1,2})$")
# Characters that are not text: invalid in XML (feeds) and HTML. Tab and line ends are text.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
REPLACEMENT = "\ufffd"
_CONTROL_NAMES = {
    "\x07": "bell",
    "\x08": "backspace",
    "\x0b": "vertical tab",
    "\x0c": "form feed, a page break",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
}


@dataclass(frozen=True)
class Limits:
    """The largest section file and version accepted, in bytes: checked with stat before reading.

    A runaway file (a pasted PDF, a generated dump) would otherwise take minutes and
    gigabytes to build; the defaults are far above any real policy.
    """

    section_bytes: int = 512 * 1024
    version_bytes: int = 4096 * 1024


DEFAULT_LIMITS = Limits()


# An in-page link: [text](#fragment) or href="#fragment".
_FRAGMENT_LINK = re.compile(r"\]\(\s*<?#([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)|\bhref\s*=\s*[\"']#([^\"']+)[\"']")


class _MetadataLoader(yaml.SafeLoader):
    """SafeLoader that leaves an impossible date (`2023-13-45`) as text instead of raising ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_MetadataLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    """version.yml's data and the node it was built from: composed once, the node shared with
    `_yaml_keys` and `read_corrections` for their line numbers (composing is most of the cost).

    The same two steps as `yaml.load` (compose, then construct), so the same errors."""
    loader = _MetadataLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _yaml_keys(node: yaml.Node | None) -> tuple[dict[str, int], list[tuple[str, str, int, int]]]:
    """Line of each top-level key, so schema errors can point at it, and the keys written
    twice, as (mapping, key, first line, second line): YAML silently keeps the last."""
    if not isinstance(node, yaml.MappingNode):
        return {}, []
    duplicates: list[tuple[str, str, int, int]] = []

    def keys(mapping: yaml.MappingNode, name: str) -> dict[str, int]:
        seen: dict[str, int] = {}
        for k, _ in mapping.value:
            if not isinstance(k, yaml.ScalarNode):
                continue
            if k.value in seen:
                duplicates.append((name, k.value, seen[k.value], k.start_mark.line + 1))
            else:
                seen[k.value] = k.start_mark.line + 1
        return seen

    lines = keys(node, "")
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "summary" and isinstance(v, yaml.MappingNode):
            keys(v, "summary.")
    return lines, duplicates


@lru_cache(maxsize=65536)
def _slug(title: str) -> str:
    """A heading's generated anchor, as `toc` makes it (titles repeat from version to version)."""
    return slugify(title, "-")


@lru_cache(maxsize=256)
def _real(folder: Path) -> Path:
    """A policy folder's real path: asked for each of its thousands of files (cleared by `load_version`)."""
    return Path(os.path.realpath(folder))


def _kb(size: int) -> str:
    return f"{(size + 1023) // 1024} KB"


@lru_cache(maxsize=1024)
def _folder_inside(folder: Path, root: Path) -> bool:
    """Whether a folder really is inside `root` (links followed): asked once per folder, not
    once per file. Cleared by `load_version`, so a folder replaced by a link is seen."""
    return Path(os.path.realpath(folder)).is_relative_to(_real(root))


def _stat(path: Path, root: Path, problems: list[Problem]) -> os.stat_result | None:
    """The file's status, following links; None (with the reason) for a link that loops,
    dangles or leaves `root`, or a path that cannot be looked at."""
    with contextlib.suppress(OSError):
        status = os.lstat(path)
        # Not a link: its status is the same through `stat`, and its real path is its real
        # folder's plus its name (unless the name is '..'), so one realpath per folder is
        # enough; a link, or anything unusual, takes the long way below.
        if not stat.S_ISLNK(status.st_mode) and path.name != ".." and _folder_inside(path.parent, root):
            return status
    try:
        status = path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            problems.append(
                Problem(
                    ERROR,
                    path,
                    "is a symbolic link that leads back to itself (a loop)",
                    "replace the link with the file it stands for, or delete it",
                )
            )
        elif path.is_symlink() and exc.errno in (errno.ENOENT, errno.ENOTDIR):
            problems.append(
                Problem(
                    ERROR,
                    path,
                    f"is a symbolic link to '{os.readlink(path)}', which does not exist",
                    "point the link at an existing file, or replace it with the file itself",
                )
            )
        else:
            problems.append(
                Problem(ERROR, path, f"cannot be read: {exc.strerror or exc}", "make it readable (chmod a+r)")
            )
        return None
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(_real(root)):
        problems.append(
            Problem(
                ERROR,
                path,
                f"is a symbolic link to {real}, outside {root.name}/",
                f"copy the text into {root.name}/ instead of linking to it: only files inside it are published",
            )
        )
        return None
    return status


def _read(path: Path, root: Path, limit: int, limit_option: str, problems: list[Problem]) -> str | None:
    """A text file as the model keeps it (UTF-8, no BOM, LF endings), or None with the reason.

    Checked before reading: links, file type (a pipe would block, a folder cannot be
    read) and size (stat first: a runaway file is never loaded into memory).
    """
    status = _stat(path, root, problems)
    if status is None:
        return None
    if stat.S_ISDIR(status.st_mode):
        problems.append(
            Problem(ERROR, path, "is a folder, not a file", f"replace the folder with a file named {path.name}")
        )
        return None
    if not stat.S_ISREG(status.st_mode):
        problems.append(
            Problem(
                ERROR,
                path,
                "is not a regular file (a pipe, socket or device)",
                "replace it with a plain text file",
            )
        )
        return None
    size = status.st_size

    def too_big() -> Problem:  # made only when needed: thousands of files are not
        return Problem(
            ERROR,
            path,
            f"is {_kb(size)}, more than the {_kb(limit)} allowed ({limit_option})",
            f"split it into smaller files, or raise {limit_option} in mkdocs.yml if it really is this long",
        )

    if size > limit:
        problems.append(too_big())
        return None
    try:
        with path.open("rb") as handle:
            # The size stat gave, then whatever it grew by, up to the limit: the same bytes as
            # read(limit + 1), without making room for the limit on every file.
            raw = handle.read(size + 1)
            if len(raw) > size:
                raw += handle.read(limit + 1 - len(raw))
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        problems.append(Problem(ERROR, path, f"cannot be read ({reason})", f"make it readable: chmod a+r {path.name}"))
        return None
    if len(raw) > limit:  # it grew after stat
        problems.append(too_big())
        return None
    text = _clean(raw)
    return text if text is not None else _decode(path, raw, problems)


@lru_cache(maxsize=1024)
def _clean(raw: bytes) -> str | None:
    """The text of a file `_decode` finds nothing wrong with, else None (then `_decode` says why).

    Cached by content: most files are the same from one version to the next, and the same
    text object for the same bytes makes the caches keyed by text (`scan`) compare by identity."""
    return _decode(Path(), raw, [])  # the path only names a problem, and no problem means text


def _decode(path: Path, raw: bytes, problems: list[Problem]) -> str | None:
    """UTF-8 only, never a guess: a wrong guess publishes replacement characters (U+FFFD)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        problems.append(Problem(ERROR, path, "is UTF-16 text, not UTF-8", "save the file as UTF-8", 1))
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.append(
            Problem(
                ERROR,
                path,
                f"is not valid UTF-8 (byte 0x{raw[exc.start]:02X} at column {column}: probably Latin-1 or Windows-1252)",
                "save the file as UTF-8 (in most editors: Save As, Encoding: UTF-8)",
                line,
            )
        )
        return None
    text = normalise(text)  # a BOM or CRLF from another editor is not a problem
    if "\x00" in text:
        problems.append(
            Problem(
                ERROR,
                path,
                "contains a NUL byte (binary file?)",
                "save it as plain text Markdown" if path.suffix == SECTION_SUFFIX else "save it as plain text",
                text[: text.index("\x00")].count("\n") + 1,
            )
        )
        return None
    if m := _CONTROL.search(text):
        line = text.count("\n", 0, m.start()) + 1
        column = m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
        name = _CONTROL_NAMES.get(m.group(0), "control character")
        problems.append(
            Problem(
                ERROR,
                path,
                f"contains an invisible control character U+{ord(m.group(0)):04X} ({name}) at column {column}",
                "delete it: it is not text, and feeds and pages that contain it are invalid",
                line,
            )
        )
        return None
    return text


def _replacement_problems(path: Path, text: str, published: bool, problems: list[Problem]) -> None:
    """U+FFFD is what a wrong conversion leaves where a letter was: never publish it in silence."""
    if (at := text.find(REPLACEMENT)) < 0:
        return
    problems.append(
        Problem(
            WARNING if published else ERROR,
            path,
            "contains the replacement character U+FFFD (�): a letter was lost in a conversion",
            "it was published like this; fix it in a new version"
            if published
            else "type the missing letter again where � stands",
            text.count("\n", 0, at) + 1,
        )
    )


def _listing(folder: Path, problems: list[Problem]) -> list[Path]:
    """The entries of a folder, sorted, without hidden ones (.DS_Store, .gitkeep, editor locks)."""
    try:
        return sorted(p for p in folder.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        problems.append(
            Problem(ERROR, folder, f"cannot be read: {exc.strerror or exc}", "make it readable (chmod a+rx)")
        )
        return []


def _is_dir(path: Path) -> bool:
    """A folder (through links); False for a loop or a dangling link, which are reported as files."""
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def _suggest_name(name: str) -> str:
    """`01 Objectifs de la Politique.MD` -> `01-objectifs-de-la-politique.md`."""
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix else name
    ascii_ = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9._-]+", "-", ascii_.lower()).strip("-.") or "section"
    return slug + SECTION_SUFFIX


def _version_file_problem(folder: Path, problems: list[Problem]) -> None:
    """version.yml is missing: say so, and name a look-alike (`version.yaml`, `Version.yml`) to rename."""
    path = folder / VERSION_FILE
    alike = [p.name for p in _listing(folder, []) if re.fullmatch(r"versions?\.ya?ml", p.name, re.IGNORECASE)]
    problems.append(
        Problem(
            ERROR,
            path,
            "missing version.yml",
            f"rename {alike[0]} to {VERSION_FILE}"
            if alike
            else "create it with effective, published, significant and summary (see README)",
        )
    )


def _load_metadata(
    folder: Path, languages: list[str], root: Path, limits: Limits, problems: list[Problem], draft: bool = False
) -> tuple[dict[str, Any], dict[str, int], str, yaml.Node] | None:
    """version.yml's values, the line of each key, its text and its node, or None when it cannot be used.

    `draft`: empty summaries are warnings (a fresh copy can still be compared, `diff`)."""
    path = folder / VERSION_FILE
    if not os.path.lexists(path):
        _version_file_problem(folder, problems)
        return None
    text = _read(path, root, limits.section_bytes, "max_section_kb", problems)
    if text is None:
        return None
    try:
        data, node = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(
                ERROR,
                path,
                f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
                "remove the tag: version.yml holds plain text, dates and true/false only"
                if isinstance(exc, yaml.constructor.ConstructorError)
                else "fix the syntax (indentation, quotes, colons)",
                mark.line + 1 if mark else None,
            )
        )
        return None
    if data is None:
        problems.append(
            Problem(
                ERROR,
                path,
                "is empty",
                "write effective, published, significant and summary in it (see README)",
            )
        )
        return None
    if not isinstance(data, dict):
        problems.append(Problem(ERROR, path, "must be a mapping of keys to values", "see the example in README", 1))
        return None
    lines, duplicates = _yaml_keys(node)
    ok = True

    def err(key: str, message: str, hint: str) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(ERROR, path, message, hint, lines.get(key)))

    for mapping, key, first, second in duplicates:
        ok = False
        problems.append(
            Problem(
                ERROR,
                path,
                f"'{mapping}{key}' is written twice (lines {first} and {second}): YAML would keep only the last",
                "keep one of them",
                second,
            )
        )
    for key in sorted(REQUIRED_KEYS - data.keys()):
        err(key, f"missing required key '{key}'", f"add '{key}:' to version.yml")
    for key in sorted(data.keys() - REQUIRED_KEYS - OPTIONAL_KEYS, key=str):
        problems.append(
            Problem(WARNING, path, f"unknown key '{key}' is ignored", "check its spelling", lines.get(str(key)))
        )

    for key in ("effective", "published"):
        if key in data:
            value = as_date(data[key])
            if value is None and isinstance(data[key], dt.datetime):
                err(
                    key,
                    f"'{key}' has a time ({data[key]}): a version takes effect on a day",
                    "write only the date, YYYY-MM-DD",
                )
            elif value is None:
                err(key, f"'{key}' is not a date: {data[key]!r}", "write it as YYYY-MM-DD")
            data[key] = value
    for key in ("significant", "reduces_rights"):
        if key in data and not isinstance(data[key], bool):
            err(key, f"'{key}' must be true or false, not {data[key]!r}", "write true or false without quotes")
    if "summary" in data:
        summary = data["summary"]
        if not isinstance(summary, dict):
            err(
                "summary",
                "'summary' must map each language to its text",
                "write 'summary:' then one indented line per language, e.g. 'fr: ...'",
            )
        else:
            for lang in sorted((k for k in summary if k not in languages), key=str):
                problems.append(
                    Problem(
                        WARNING,
                        path,
                        f"summary in '{lang}' is ignored: it is not one of the site's languages ({', '.join(languages)})",
                        f"remove it, or add '{lang}' to languages in mkdocs.yml",
                        lines.get("summary"),
                    )
                )
            for lang in languages:
                text_ = summary.get(lang)
                if text_ is not None and not isinstance(text_, str):
                    err("summary", f"summary.{lang} must be text", "quote it or use '>-' for a paragraph")
                elif not (text_ or "").strip():
                    level = ERROR if data.get("significant") is True and not draft else WARNING
                    ok = ok and level != ERROR
                    problems.append(
                        Problem(
                            level,
                            path,
                            f"summary for '{lang}' is missing or empty",
                            f"write a plain-language summary of the changes under 'summary: {lang}:'",
                            lines.get("summary"),
                        )
                    )
    return (data, lines, text, node) if ok else None


def _load_section(path: Path, lang: str, first: bool, text: str, problems: list[Problem]) -> Section | None:
    """One section file's text (read by `_read`), or None (with the reason in `problems`) when it
    cannot be published.

    `first`: the language's first file, which may be a preamble without a heading.
    """
    if not text.strip():
        problems.append(
            Problem(
                ERROR,
                path,
                "is empty",
                "write the section, starting with a heading such as '## 1. Title', or delete the file in every language",
            )
        )
        return None
    result = scan(text)
    if result.front_matter:
        problems.append(
            Problem(
                ERROR,
                path,
                f"starts with YAML front matter (lines 1-{result.front_matter}), which would be published as text",
                "remove it: a section's title is its heading, a version's dates and summary go in version.yml",
                1,
            )
        )
        return None
    if result.unclosed_fence:
        line, fence = result.unclosed_fence
        problems.append(
            Problem(
                ERROR,
                path,
                f"a fenced code block ({fence}) is never closed",
                f"close it with a {fence} line (same character, at least as long)",
                line,
            )
        )
        return None
    if not result.headings:
        return _preamble(path, lang, text, first, problems)
    heading = result.headings[0]
    if (before := text_before(result, heading.line)) is not None:
        problems.append(
            Problem(
                ERROR,
                path,
                f"text before the section's heading (line {heading.line}) would not be published",
                _item_over_rule_hint(result, before)
                or "start the file with its heading and move the text below it "
                '(only anchors such as <a id="x"></a> and comments may come first)',
                before,
            )
        )
        return None
    if not heading.title:
        problems.append(
            Problem(
                ERROR,
                path,
                "the section's heading has no text",
                "write the section's title after the '#' signs, e.g. '## 1. Title'",
                heading.line,
            )
        )
        return None
    for sub in result.headings[1:]:
        if sub.glued:
            problems.append(
                Problem(
                    WARNING,
                    path,
                    f"'{sub.title}' is underlined as a heading but follows a line of text: "
                    "it will be published as part of that paragraph, not as a heading",
                    f"leave a blank line above line {sub.line}, or write it as '{'#' * sub.level} {sub.source}'",
                    sub.line,
                )
            )
    first_head, last_head = head_span(result, heading.line)
    head = "\n".join(result.lines[first_head - 1 : last_head]) if first_head else ""
    return Section(
        path.name,
        lang,
        path,
        text,
        heading.title,
        heading.level,
        heading.line,
        heading_end=heading.end,
        heading_source=heading.source,
        heading_attrs=heading.attrs,
        heading_id=heading.id,
        head=head,
    )


def _preamble(path: Path, lang: str, text: str, first: bool, problems: list[Problem]) -> Section | None:
    """A file without a heading: the language's first file is a preamble published as written."""
    result = scan(text)
    item = result.items_over_rules[0] if result.items_over_rules else None
    if not first:
        problems.append(
            Problem(
                ERROR,
                path,
                "has no heading",
                _item_over_rule_hint(result, item)
                or "start the section with a heading line such as '## 1. Title' "
                "(only the first file of a language may be a preamble without one)",
                item or 1,
            )
        )
        return None
    if item is not None and (hint := _item_over_rule_hint(result, item)):
        problems.append(Problem(WARNING, path, "is published as a preamble without heading: it has none", hint, item))
    first_head, last_head = head_span(result)
    head = "\n".join(result.lines[first_head - 1 : last_head]) if first_head else ""
    section = Section(path.name, lang, path, text, "", 0, 0, head=head)
    if not section.body.strip():
        problems.append(
            Problem(
                ERROR,
                path,
                "has only comments or anchors: nothing would be published",
                "write the preamble's text, or delete the file in every language",
                1,
            )
        )
        return None
    return section


def _item_over_rule_hint(result: Scan, line: int | None) -> str:
    """For `1. Objectifs` over `---`: Markdown reads a list item and a rule, the editor probably meant a heading."""
    if line is None or line not in result.items_over_rules:
        return ""
    text = result.lines[line - 1].strip()
    title = text.lstrip("-*+").strip() if text[0] in "-*+" else text
    return f"'{text}' over '---' is a list item and a rule, not a heading: write it as '## {title}'"


@dataclass(frozen=True)
class _Facts:
    """What `_check_sections` reads in one section's text, each with its line number."""

    slugs: tuple[str, ...]  # the generated anchor of each heading
    links: tuple[tuple[str, int], ...]  # in-page links: (fragment, line)
    placeholders: tuple[tuple[str, int], ...]
    templates: tuple[tuple[str, int], ...]
    ids: tuple[tuple[str, int], ...]  # ids the text sets itself (`explicit_ids`)


@lru_cache(maxsize=4096)
def _facts(markdown: str) -> _Facts:
    """Read once per distinct text: most sections are identical from one version to the next."""
    result = scan(markdown)
    return _Facts(
        slugs=tuple(_slug(h.title) for h in result.headings),
        links=tuple(
            (m.group(1) or m.group(2), number)
            for number, line in enumerate(result.prose, start=1)
            for m in _FRAGMENT_LINK.finditer(line)
        ),
        placeholders=tuple(placeholders(result)),
        templates=tuple(templates(result)),
        ids=tuple(explicit_ids(result)),
    )


def _check_sections(
    version: Version, languages: list[str], published: bool, names: dict[str, set[str]], problems: list[Problem]
) -> None:
    """Same files in every language (F1, F2), unique anchors, no unfilled placeholders or templates.

    `names`: the section files on disk per language, not only those that loaded: a
    broken file is reported once, for what it is. A language folder that is missing
    is reported once, not once per file.
    """
    default = languages[0]
    for lang in languages[1:] if default in names else []:
        if lang not in names:
            continue
        for name in sorted(names[lang] - names[default]):
            problems.append(
                Problem(
                    ERROR,
                    version.path / lang / name,
                    f"has no {default} counterpart: no '{lang}' text may be published without the '{default}' text (F1)",
                    f"add {version.path.name}/{default}/{name} or remove this file",
                )
            )
        for name in sorted(names[default] - names[lang]):
            problems.append(
                Problem(
                    ERROR,
                    version.path / default / name,
                    f"has no '{lang}' translation: every language must have the same sections (F2)",
                    f"add {version.path.name}/{lang}/{name}",
                )
            )
    level = WARNING if published else ERROR
    for lang in languages:
        seen: dict[str, tuple[Section, int | None]] = {}
        links: list[tuple[Section, str, int]] = []
        slugs: set[str] = set()
        for section in version.sections.get(lang, []):
            _replacement_problems(section.path, section.markdown, published, problems)
            facts = _facts(section.markdown)
            slugs.update(facts.slugs)
            links += [(section, fragment, number) for fragment, number in facts.links]
            for placeholder, number in facts.placeholders:
                hint = (
                    "it was published like this; fix it in a new version"
                    if published
                    else "replace it with the real text before this version takes effect"
                )
                problems.append(Problem(level, section.path, f"unfilled placeholder {placeholder}", hint, number))
            for tag, number in facts.templates:
                shown = tag if len(tag) <= 60 else tag[:57] + "..."
                hint = (
                    "nothing expands templates in the policy: it was published like this; fix it in a new version"
                    if published
                    else "nothing expands templates in the policy: replace it with the text it stands for"
                )
                problems.append(
                    Problem(level, section.path, f"template syntax left in the text: {shown}", hint, number)
                )
            ids: list[tuple[str, int | None]] = [(section.anchor, section.heading_line or None)]
            for anchor, number in facts.ids:
                if not (number == section.heading_line and anchor == section.anchor == section.heading_id):
                    ids.append((anchor, number))
            for anchor, number in ids:
                if anchor not in seen:
                    seen[anchor] = (section, number)
                    continue
                other, other_line = seen[anchor]
                where = f"{other.name}:{other_line}" if other_line else other.name
                own = other is section and anchor == section.anchor
                problems.append(
                    Problem(
                        ERROR,
                        section.path,
                        f"duplicate anchor '#{anchor}' (also in {where})",
                        "remove this id: the section's file name already gives it that anchor"
                        if own
                        else "rename one of the files or ids so each anchor is unique",
                        number,
                    )
                )
        for section, fragment, number in links:
            if fragment not in seen and fragment not in slugs and fragment != "top":
                problems.append(
                    Problem(
                        WARNING,
                        section.path,
                        f"link to '#{fragment}', which no heading or anchor of this version defines",
                        f"fix the link, or give its target that id (e.g. '## Title {{: #{fragment} }}')",
                        number,
                    )
                )


def _published(folder: Path, as_of: dt.date) -> bool | None:
    """Whether the folder's version is published on `as_of` (`_read_version`); None when its
    name is not a date (it is refused whatever the date)."""
    date = _folder_date(folder, [])
    return None if date is None else date <= as_of


def _folder_date(folder: Path, problems: list[Problem]) -> dt.date | None:
    """The date a version folder is named after (strictly YYYY-MM-DD: it is a permanent address)."""
    name = folder.name
    if _FOLDER_DATE.match(name):
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(name)
    hint = "name each version folder after its effective date, YYYY-MM-DD"
    if m := _LOOSE_DATE.match(name):
        with contextlib.suppress(ValueError):
            hint = f"rename it {dt.date(*map(int, m.groups())).isoformat()} (YYYY-MM-DD)"
    problems.append(Problem(ERROR, folder, f"version folder name '{name}' is not a date", hint))
    return None


def _section_files(
    lang_dir: Path, root: Path, published: bool, problems: list[Problem]
) -> tuple[list[Path], list[Path]]:
    """(section files to read, all files named like sections) of one language folder.

    Only `*.md` files with a plain name are sections. Other Markdown spellings
    (`.MD`, `.markdown`) and names that cannot be permanent anchors are refused in a
    version not yet in force, and a warning in one already in force (it was
    published without them, or with that name); any other file is ignored with a warning.
    """
    level = WARNING if published else ERROR
    when = "it was published like this; in the next version, " if published else ""
    read: list[Path] = []
    named: list[Path] = []
    for path in _listing(lang_dir, problems):
        name = path.name
        suffix = path.suffix
        if suffix == SECTION_SUFFIX:
            named.append(path)
            if _SECTION_NAME.match(name):
                read.append(path)
                continue
            problems.append(
                Problem(
                    level,
                    path,
                    f"file name '{name}' cannot be a section's permanent anchor"
                    " (only lower-case letters a-z, digits, '-', '_' and '.')",
                    f"{when}rename it {_suggest_name(name)} in every language",
                )
            )
            if published:
                read.append(path)
        elif suffix.lower() in MARKDOWN_SUFFIXES:
            problems.append(
                Problem(
                    level,
                    path,
                    f"is not read: section files end in '{SECTION_SUFFIX}' (lower case), not '{suffix}'"
                    + (", so it was never published" if published else ""),
                    f"to publish its text, add it as {_suggest_name(name)} in a new version; otherwise delete it"
                    if published
                    else f"rename it {_suggest_name(name)}",
                )
            )
        elif _is_dir(path):
            problems.append(
                Problem(
                    WARNING,
                    path,
                    "is a folder inside a language folder: it is ignored",
                    "sections are .md files directly in the language folder; move what it holds out of policy/",
                )
            )
        else:
            problems.append(
                Problem(
                    WARNING,
                    path,
                    f"is not a section (only {SECTION_SUFFIX} files are published): it is ignored",
                    "move it out of the policy folder, or delete it",
                )
            )
    return read, named


def _sizes(paths: list[Path]) -> dict[Path, int]:
    """The size of each regular file among `paths`, from stat alone (the others are reported when read)."""
    sizes = {}
    for path in paths:
        with contextlib.suppress(OSError):
            status = os.stat(path)
            if stat.S_ISREG(status.st_mode):
                sizes[path] = status.st_size
    return sizes


# Versions read in this process, with the state of their folder then (`_tree_state`): `mkdocs
# serve` reads the whole policy again at each rebuild, and all folders but one are unchanged.
_READ: OrderedDict[tuple[Any, ...], tuple[tuple[Any, ...], Version | None, list[Problem]]] = OrderedDict()
_READ_MAX = 4096  # folders remembered (a test run reads thousands)


def _tree_state(folder: Path) -> tuple[Any, ...] | None:
    """What reading `folder` depends on: every entry's path, type, permissions, size, inode and
    times (a write sets ctime, which no tool sets back). None when the folder holds anything but
    plain files and folders (a link's target may change unseen): it is then read each time."""
    try:
        own = os.lstat(folder)
    except OSError:
        return None
    if not stat.S_ISDIR(own.st_mode):
        return None
    state: list[tuple[Any, ...]] = [(str(folder), own.st_mode, own.st_ino, own.st_mtime_ns, own.st_ctime_ns)]
    stack = [str(folder)]
    while stack:
        try:
            with os.scandir(stack.pop()) as found:
                entries = sorted((e.path, e.stat(follow_symlinks=False)) for e in found)
        except OSError:
            return None
        for path, st in entries:
            if stat.S_ISDIR(st.st_mode):
                stack.append(path)
                state.append((path, st.st_mode, st.st_ino, st.st_mtime_ns, st.st_ctime_ns))
            elif stat.S_ISREG(st.st_mode):
                state.append((path, st.st_mode, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
            else:
                return None
    return tuple(state)


def _copy(version: Version | None) -> Version | None:
    """A copy whose git fields and lists may be changed (`git.read_history` fills them) without
    changing the one remembered."""
    if version is None:
        return None
    return dataclasses.replace(
        version,
        sections={lang: list(sections) for lang, sections in version.sections.items()},
        commit=None,
        commit_author=None,
        commit_date=None,
        updated={},
        corrections=list(version.corrections),
    )


def load_version(
    folder: Path,
    languages: list[str],
    as_of: dt.date,
    problems: list[Problem],
    limits: Limits = DEFAULT_LIMITS,
    root: Path | None = None,
    draft: bool = False,
    store: Store | None = None,
) -> Version | None:
    """Read one version folder; problems are appended, None when it cannot be used.

    `draft`: an unfinished version (empty summaries) still loads, with warnings.

    `root`: the policy folder; links that lead out of it are refused.

    A folder read before in this process and unchanged since (`_tree_state`) is not read again:
    the same version and problems come back. With a `store` (the build cache), nor is one read by
    an earlier build (`stored_versions`).
    """
    root = root or folder.parent
    # The date matters only by whether the version is published (the level of some problems): a
    # build on another day, or with one more version, reads no unchanged folder again.
    key = (str(folder), tuple(languages), _published(folder, as_of), limits, str(root), draft)
    state = _tree_state(folder)
    if state is not None and (seen := _READ.get(key)) is not None and seen[0] == state:
        _READ.move_to_end(key)
        problems += seen[2]
        return _copy(seen[1])
    found: list[Problem] = []

    def read() -> stored_versions.Loaded:
        return _read_version(folder, languages, as_of, found, limits, root, draft), found

    if state is not None and store is not None:
        version, found = store.get(
            stored_versions.key(key, state), read, stored_versions.encode, stored_versions.decode
        )
        version = _copy(version)  # the caller's, as below
    else:
        version, found = read()
    problems += found
    if state is not None:
        _READ[key] = (state, _copy(version), found)
        _READ.move_to_end(key)
        while len(_READ) > _READ_MAX:
            _READ.popitem(last=False)
    return version


def _read_version(
    folder: Path,
    languages: list[str],
    as_of: dt.date,
    problems: list[Problem],
    limits: Limits,
    root: Path,
    draft: bool,
) -> Version | None:
    _folder_inside.cache_clear()  # and the root's real path: a folder replaced by a link is seen
    _real.cache_clear()
    folder_date = _folder_date(folder, problems)
    if folder_date is None:
        return None
    published = folder_date <= as_of
    for entry in _listing(folder, problems):
        if entry.name == VERSION_FILE or entry.name in languages:
            continue
        if _is_dir(entry):
            problems.append(
                Problem(
                    WARNING,
                    entry,
                    f"'{entry.name}' is not a configured language; it is ignored",
                    f"use one of: {', '.join(languages)}",
                )
            )
        else:
            problems.append(
                Problem(
                    WARNING,
                    entry,
                    "is not part of the version: it is ignored",
                    f"a version folder holds {VERSION_FILE} and one folder per language"
                    f" ({', '.join(lang + '/' for lang in languages)}); move it out of the policy folder",
                )
            )
    files: dict[str, list[Path]] = {}
    names: dict[str, set[str]] = {}
    for lang in languages:
        lang_dir = folder / lang
        if not _is_dir(lang_dir):
            if os.path.lexists(lang_dir):
                if _stat(lang_dir, root, problems) is not None:
                    problems.append(
                        Problem(ERROR, lang_dir, "is a file, not a folder", f"make {lang}/ a folder of section files")
                    )
                continue
            problems.append(
                Problem(
                    ERROR,
                    lang_dir,
                    f"missing the '{lang}' text of this version",
                    f"create {folder.name}/{lang}/ with the same section files as the other languages",
                )
            )
            continue
        files[lang], named = _section_files(lang_dir, root, published, problems)
        if named:
            names[lang] = {p.name for p in named}
        else:
            problems.append(
                Problem(ERROR, lang_dir, "has no section files", "add Markdown files such as 01-objectifs.md")
            )
    # Sizes first, from stat: a runaway file is named as such and never read.
    sizes = _sizes([folder / VERSION_FILE, *(p for paths in files.values() for p in paths)])
    for path in [p for p, n in sizes.items() if n > limits.section_bytes]:
        sizes.pop(path)
        for paths in files.values():
            if path in paths:  # (an oversized version.yml is reported when it is read)
                _read(path, root, limits.section_bytes, "max_section_kb", problems)  # says it is too big
                paths.remove(path)
    size = sum(sizes.values())
    if size > limits.version_bytes:
        problems.append(
            Problem(
                ERROR,
                folder,
                f"this version's files total {_kb(size)}, more than the {_kb(limits.version_bytes)} allowed"
                " (max_version_kb)",
                "split the text into several documents, or raise max_version_kb in mkdocs.yml"
                " if it really is this long",
            )
        )
        return None
    loaded = _load_metadata(folder, languages, root, limits, problems, draft)
    sections: dict[str, list[Section]] = {}
    for lang, paths in files.items():
        for index, path in enumerate(paths):
            text = _read(path, root, limits.section_bytes, "max_section_kb", problems)
            if text is not None and (section := _load_section(path, lang, index == 0, text, problems)) is not None:
                sections.setdefault(lang, []).append(section)
    if loaded is None:
        return None
    meta, lines, meta_text, node = loaded
    path = folder / VERSION_FILE
    if meta["effective"] != folder_date:
        problems.append(
            Problem(
                ERROR,
                path,
                f"effective date {meta['effective']} does not match the folder name {folder.name}",
                "make them equal (the folder name is the version's permanent address)",
                lines.get("effective"),
            )
        )
        return None
    if meta["published"] > meta["effective"]:
        problems.append(
            Problem(
                ERROR,
                path,
                f"published ({meta['published']}) is after effective ({meta['effective']})",
                "a version is published on or before the day it takes effect",
                lines.get("published"),
            )
        )
        return None
    _replacement_problems(path, meta_text, published, problems)
    if meta.get("reduces_rights") is True and meta["significant"] is False:
        problems.append(
            Problem(
                WARNING if published else ERROR,
                path,
                "reduces_rights is true but significant is false: a change that reduces rights is always announced",
                "set significant: true (the notice and the email then ask for express consent)",
                lines.get("reduces_rights"),
            )
        )
    version = Version(
        id=folder.name,
        path=folder,
        effective=meta["effective"],
        published=meta["published"],
        significant=meta["significant"],
        reduces_rights=bool(meta.get("reduces_rights", False)),
        summary={k: v.strip() for k, v in (meta.get("summary") or {}).items() if isinstance(v, str)},
        sections=sections,
        corrections=read_corrections(
            meta.get("corrections"), meta_text, path, meta["effective"], languages, problems, node
        ),
    )
    _check_sections(version, languages, published, names, problems)
    problems += executable_problems(version, WARNING if published else ERROR)
    return version


def load_policy(
    policy_dir: Path,
    languages: list[str],
    as_of: dt.date,
    limits: Limits = DEFAULT_LIMITS,
    drafts: bool = False,
    store: Store | None = None,
) -> tuple[Policy, list[Problem]]:
    """Read and validate every version under `policy_dir`.

    `drafts`: versions whose summaries are still empty load too (warnings, not errors): `diff`.
    `store`: the build cache, where unchanged version folders are kept between builds.

    Folders whose name starts with '.' are ignored (drafts kept aside, tools' folders).
    """
    problems: list[Problem] = []
    versions: list[Version] = []
    if not _is_dir(policy_dir):
        exists = os.path.lexists(policy_dir)
        problems.append(
            Problem(
                ERROR,
                policy_dir,
                "is not a folder" if exists else "policy folder not found",
                "create it with one folder per version, or set policy_dir in mkdocs.yml",
            )
        )
        return Policy([], as_of, languages), problems
    for entry in _listing(policy_dir, problems):
        if _is_dir(entry):
            version = load_version(entry, languages, as_of, problems, limits, policy_dir, drafts, store)
            if version is not None:
                versions.append(version)
        elif _stat(entry, policy_dir, problems) is not None:
            problems.append(
                Problem(
                    WARNING,
                    entry,
                    "is not a version folder: it is ignored",
                    "keep only version folders (YYYY-MM-DD) in the policy folder; move other files elsewhere",
                )
            )
    if not versions and not errors(problems):
        problems.append(
            Problem(
                ERROR,
                policy_dir,
                "no versions found",
                "create a version with 'policy-archive new-version YYYY-MM-DD' or by hand",
            )
        )
    policy = Policy(versions, as_of, languages)
    problems = _without_fixed_slips(policy, policy_dir, problems)
    if versions and policy.in_force is None:
        problems.append(
            Problem(
                WARNING,
                policy_dir,
                f"no version is in force on {as_of}: every version is upcoming",
                "check the effective dates or the build date (SOURCE_DATE_EPOCH, as_of)",
            )
        )
    return policy, problems


# Slips a published version keeps for good (its text never changes): worth a warning only until fixed.
_SLIPS = ("unfilled placeholder ", "template syntax left in the text: ")


def _without_fixed_slips(policy: Policy, policy_dir: Path, problems: list[Problem]) -> list[Problem]:
    """Drop a past version's placeholder and template warnings once the version in force has fixed them.

    They were published like that and can only be fixed by a new version; once that version is
    in force (same language, same placeholder gone), repeating them on every check is noise.
    """
    if policy.in_force is None:
        return problems
    past = {v.id for v in policy.versions if v.effective < policy.in_force.effective}

    def where(problem: Problem) -> tuple[str, str] | None:
        try:
            version, lang, *_ = problem.file.relative_to(policy_dir).parts
        except ValueError:
            return None
        return version, lang

    slips = [(p, where(p)) for p in problems if p.message.startswith(_SLIPS)]
    current = {(place[1], p.message) for p, place in slips if place and place[0] == policy.in_force.id}
    fixed = {
        id(p)
        for p, place in slips
        if p.level == WARNING and place and place[0] in past and (place[1], p.message) not in current
    }
    return [p for p in problems if id(p) not in fixed]


__all__ = [
    "DEFAULT_LIMITS",
    "VERSION_FILE",
    "_PLACEHOLDER",
    "Limits",
    "find_headings",
    "heading_text",
    "load_policy",
    "load_version",
]
