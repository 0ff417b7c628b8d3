"""Read `policy/` from disk, validate everything, and build the model.

Every problem names its file (and line when there is one) and says what to do;
callers decide whether warnings matter. Nothing here raises on bad content.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .model import Policy, Section, Version
from .problems import ERROR, WARNING, Problem

VERSION_FILE = "version.yml"
REQUIRED_KEYS = {"effective", "published", "significant", "summary"}
OPTIONAL_KEYS = {"reduces_rights"}

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}")
# An unfilled template placeholder: capitals in square brackets, not a link.
_PLACEHOLDER = re.compile(r"\[([A-ZÀ-ÖØ-Ý][A-ZÀ-ÖØ-Ý0-9 ’'_\-]{2,})\](?![(\[:])")
_INLINE_SYNTAX = re.compile(r"(\*\*|__|\*|_|`)|\{[^}]*\}|\[([^\]]*)\]\([^)]*\)")


class _MetadataLoader(yaml.SafeLoader):
    """SafeLoader that leaves an impossible date (`2023-13-45`) as text instead of raising ValueError."""


def _timestamp_or_text(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_MetadataLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def heading_text(raw: str) -> str:
    """Heading Markdown to plain text: drops emphasis markers, attribute lists, link targets."""
    return _INLINE_SYNTAX.sub(lambda m: m.group(2) or "", raw).strip()


def find_headings(markdown: str) -> list[tuple[int, int, str]]:
    """(line, level, raw text) of every ATX heading outside fenced code."""
    found, fenced = [], False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced and (m := _HEADING.match(line)):
            found.append((number, len(m.group(1)), m.group(2)))
    return found


def _yaml_lines(text: str) -> dict[str, int]:
    """Line number of each top-level key, so schema errors can point at it."""
    try:
        node = yaml.compose(text)
    except yaml.YAMLError:
        return {}
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def _as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _load_metadata(
    folder: Path, languages: list[str], problems: list[Problem]
) -> tuple[dict[str, Any], dict[str, int]] | None:
    """version.yml's values and the line of each key, or None when it cannot be used."""
    path = folder / VERSION_FILE
    if not path.is_file():
        problems.append(
            Problem(
                ERROR,
                path,
                "missing version.yml",
                "create it with effective, published, significant and summary (see README)",
            )
        )
        return None
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        data = yaml.load(text, Loader=_MetadataLoader)  # a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(
            Problem(
                ERROR,
                path,
                f"not valid YAML: {getattr(exc, 'problem', exc)}",
                "fix the syntax (indentation, quotes, colons)",
                mark.line + 1 if mark else None,
            )
        )
        return None
    if not isinstance(data, dict):
        problems.append(Problem(ERROR, path, "must be a mapping of keys to values", "see the example in README", 1))
        return None
    lines = _yaml_lines(text)
    ok = True

    def err(key: str, message: str, hint: str) -> None:
        nonlocal ok
        ok = False
        problems.append(Problem(ERROR, path, message, hint, lines.get(key)))

    for key in sorted(REQUIRED_KEYS - data.keys()):
        err(key, f"missing required key '{key}'", f"add '{key}:' to version.yml")
    for key in sorted(data.keys() - REQUIRED_KEYS - OPTIONAL_KEYS, key=str):
        problems.append(Problem(WARNING, path, f"unknown key '{key}' is ignored", "check its spelling", lines.get(key)))

    for key in ("effective", "published"):
        if key in data:
            value = _as_date(data[key])
            if value is None:
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
            for lang in languages:
                text_ = summary.get(lang)
                if text_ is not None and not isinstance(text_, str):
                    err("summary", f"summary.{lang} must be text", "quote it or use '>-' for a paragraph")
                elif not (text_ or "").strip():
                    level = ERROR if data.get("significant") is True else WARNING
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
    return (data, lines) if ok else None


def _load_section(path: Path, lang: str, problems: list[Problem]) -> Section | None:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(ERROR, path, "is not valid UTF-8", "save the file as UTF-8", line))
        return None
    if "\x00" in text:
        problems.append(
            Problem(
                ERROR,
                path,
                "contains a NUL byte (binary file?)",
                "save it as plain text Markdown",
                text[: text.index("\x00")].count("\n") + 1,
            )
        )
        return None
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
    headings = find_headings(text)
    if not headings:
        problems.append(
            Problem(ERROR, path, "has no heading", "start the section with a heading line such as '## 1. Title'", 1)
        )
        return None
    line, level, raw_title = headings[0]
    before = [
        number
        for number, ln in enumerate(text.splitlines()[: line - 1], start=1)
        if ln.strip() and not re.fullmatch(r"\s*<!--.*-->\s*", ln)
    ]
    if before:
        problems.append(
            Problem(
                ERROR,
                path,
                f"text before the section's heading (line {line}) would not be published",
                "start the file with its heading and move the text below it",
                before[0],
            )
        )
        return None
    fences = [number for number, ln in enumerate(text.splitlines(), start=1) if _FENCE.match(ln)]
    if len(fences) % 2:
        problems.append(
            Problem(
                ERROR,
                path,
                "a fenced code block (```) is never closed",
                "close it with a matching ``` line",
                fences[-1],
            )
        )
        return None
    return Section(path.name, lang, path, text, heading_text(raw_title), level, line)


def _check_sections(version: Version, languages: list[str], published: bool, problems: list[Problem]) -> None:
    """Same files in every language (F1, F2), unique anchors, no unfilled placeholders."""
    default = languages[0]
    # Files on disk, not only the sections that loaded: a broken file is reported once, for what it is.
    names = {lang: {p.name for p in (version.path / lang).glob("*.md")} for lang in languages}
    for lang in languages[1:]:
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
    for lang in languages:
        seen: dict[str, tuple[Path, int]] = {}
        for section in version.sections.get(lang, []):
            ids = [(section.anchor, section.heading_line)]
            for number, line in enumerate(section.markdown.splitlines(), start=1):
                ids += [(m.group(1), number) for m in _EXPLICIT_ID.finditer(line)]
                for m in _PLACEHOLDER.finditer(line):
                    level = WARNING if published else ERROR
                    hint = (
                        "it was published like this; fix it in a new version"
                        if published
                        else "replace it with the real text before this version takes effect"
                    )
                    problems.append(Problem(level, section.path, f"unfilled placeholder {m.group(0)}", hint, number))
            for anchor, number in ids:
                if anchor in seen:
                    other, other_line = seen[anchor]
                    problems.append(
                        Problem(
                            ERROR,
                            section.path,
                            f"duplicate anchor '#{anchor}' (also in {other.name}:{other_line})",
                            "rename one of the files or ids so each anchor is unique",
                            number,
                        )
                    )
                else:
                    seen[anchor] = (section.path, number)


def load_version(folder: Path, languages: list[str], as_of: dt.date, problems: list[Problem]) -> Version | None:
    """Read one version folder; problems are appended, None when it cannot be used."""
    try:
        folder_date = dt.date.fromisoformat(folder.name)
    except ValueError:
        problems.append(
            Problem(
                ERROR,
                folder,
                f"version folder name '{folder.name}' is not a date",
                "name each version folder after its effective date, YYYY-MM-DD",
            )
        )
        return None
    loaded = _load_metadata(folder, languages, problems)
    for lang_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        if lang_dir.name not in languages:
            problems.append(
                Problem(
                    WARNING,
                    lang_dir,
                    f"'{lang_dir.name}' is not a configured language; it is ignored",
                    f"use one of: {', '.join(languages)}",
                )
            )
    sections: dict[str, list[Section]] = {}
    for lang in languages:
        lang_dir = folder / lang
        if not lang_dir.is_dir():
            problems.append(
                Problem(
                    ERROR,
                    lang_dir,
                    f"missing the '{lang}' text of this version",
                    f"create {folder.name}/{lang}/ with the same section files as the other languages",
                )
            )
            continue
        for path in sorted(lang_dir.glob("*.md")):
            if (section := _load_section(path, lang, problems)) is not None:
                sections[lang] = [*sections.get(lang, []), section]
        if lang_dir.is_dir() and not any(lang_dir.glob("*.md")):
            problems.append(
                Problem(ERROR, lang_dir, "has no section files", "add Markdown files such as 01-objectifs.md")
            )
    if loaded is None:
        return None
    meta, lines = loaded
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
    version = Version(
        id=folder.name,
        path=folder,
        effective=meta["effective"],
        published=meta["published"],
        significant=meta["significant"],
        reduces_rights=bool(meta.get("reduces_rights", False)),
        summary={k: v.strip() for k, v in (meta.get("summary") or {}).items() if isinstance(v, str)},
        sections=sections,
    )
    _check_sections(version, languages, meta["effective"] <= as_of, problems)
    return version


def load_policy(policy_dir: Path, languages: list[str], as_of: dt.date) -> tuple[Policy, list[Problem]]:
    """Read and validate every version under `policy_dir`."""
    problems: list[Problem] = []
    versions: list[Version] = []
    if not policy_dir.is_dir():
        problems.append(
            Problem(
                ERROR,
                policy_dir,
                "policy folder not found",
                "create it with one folder per version, or set policy_dir in mkdocs.yml",
            )
        )
        return Policy([], as_of, languages), problems
    for folder in sorted(p for p in policy_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        if (version := load_version(folder, languages, as_of, problems)) is not None:
            versions.append(version)
    if not versions and not problems:
        problems.append(
            Problem(
                ERROR,
                policy_dir,
                "no versions found",
                "create a version with 'policy-archive new-version YYYY-MM-DD' or by hand",
            )
        )
    policy = Policy(versions, as_of, languages)
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


__all__ = ["VERSION_FILE", "find_headings", "heading_text", "load_policy", "load_version"]
