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
from markdown.extensions.toc import slugify

from .model import Policy, Section, Version
from .problems import ERROR, WARNING, Problem
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

VERSION_FILE = "version.yml"
REQUIRED_KEYS = {"effective", "published", "significant", "summary"}
OPTIONAL_KEYS = {"reduces_rights"}


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


def _load_section(path: Path, lang: str, first: bool, problems: list[Problem]) -> Section | None:
    """One section file, or None (with the reason in `problems`) when it cannot be published.

    `first`: the language's first file, which may be a preamble without a heading.
    """
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.append(Problem(ERROR, path, "is not valid UTF-8", "save the file as UTF-8", line))
        return None
    text = normalise(text)  # a BOM or CRLF from another editor is not a problem
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


def _check_sections(version: Version, languages: list[str], published: bool, problems: list[Problem]) -> None:
    """Same files in every language (F1, F2), unique anchors, no unfilled placeholders or templates."""
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
    level = WARNING if published else ERROR
    for lang in languages:
        seen: dict[str, tuple[Section, int | None]] = {}
        links: list[tuple[Section, str, int]] = []
        slugs: set[str] = set()
        for section in version.sections.get(lang, []):
            result = scan(section.markdown)
            slugs.update(slugify(h.title, "-") for h in result.headings)
            for number, line in enumerate(result.prose, start=1):
                links += [(section, m.group(1) or m.group(2), number) for m in _FRAGMENT_LINK.finditer(line)]
            for placeholder, number in placeholders(result):
                hint = (
                    "it was published like this; fix it in a new version"
                    if published
                    else "replace it with the real text before this version takes effect"
                )
                problems.append(Problem(level, section.path, f"unfilled placeholder {placeholder}", hint, number))
            for tag, number in templates(result):
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
            for anchor, number in explicit_ids(result):
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
        for index, path in enumerate(sorted(lang_dir.glob("*.md"))):
            if (section := _load_section(path, lang, index == 0, problems)) is not None:
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


__all__ = ["VERSION_FILE", "_PLACEHOLDER", "find_headings", "heading_text", "load_policy", "load_version"]
