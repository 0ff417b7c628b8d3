"""Domain objects: a policy is a list of versions, each a set of sections per language.

Nothing here reads files or renders HTML; `load` builds these objects and
`pages` turns them into Markdown.
"""

from __future__ import annotations

import bisect
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from .source import heading_at

_NUMBER_PREFIX = re.compile(r"^\d+[a-z]?[-_.]")


@dataclass(frozen=True)
class Section:
    """One Markdown file of one language of one version; its file name is its identity.

    A section is `head` (anchor and comment lines, usually empty), its heading
    (lines `heading_line`..`heading_end`), then `body`. A preamble (the first
    file of a language, written without a heading) has level 0 and no heading.
    """

    name: str  # file name, e.g. "01-objectifs.md": identity across versions and languages
    lang: str
    path: Path
    markdown: str  # the file's text, heading included (no BOM, LF line endings)
    title: str  # heading text, Markdown inline syntax stripped; "" for a preamble
    level: int  # heading level (1 for the document title, 2 for sections, 0 for a preamble)
    heading_line: int  # 1-based line of the heading's text in the file; 0 for a preamble
    heading_end: int = 0  # last line of the heading (the underline of a setext heading); set from the text if 0
    heading_source: str = ""  # the heading's inline Markdown, trailing attribute list removed
    heading_attrs: str = ""  # that attribute list's contents without braces or colon: "#id .class"
    heading_id: str | None = None  # the id the attribute list sets, if any
    head: str = ""  # lines before the heading (empty anchors, comments), without surrounding blank lines

    def __post_init__(self) -> None:
        # Sections built by hand (tests, older callers) give only the first seven fields:
        # read the rest from the text so every Section tells the same story.
        if self.heading_line <= 0 or (self.heading_end >= self.heading_line and self.heading_source):
            return
        heading = heading_at(self.markdown, self.heading_line)
        if heading is None:
            object.__setattr__(self, "heading_end", max(self.heading_end, self.heading_line))
            return
        object.__setattr__(self, "heading_end", max(self.heading_end, heading.end))
        if not self.heading_source:
            object.__setattr__(self, "heading_source", heading.source)
            object.__setattr__(self, "heading_attrs", heading.attrs)
            object.__setattr__(self, "heading_id", heading.id)

    @property
    def anchor(self) -> str:
        """Stable id for the section: the file name without its order number or suffix."""
        return section_anchor(self.name)

    @property
    def body(self) -> str:
        """The Markdown after the heading (for a preamble: after its head)."""
        lines = self.markdown.split("\n")
        if self.heading_end > 0:
            start = self.heading_end
        else:
            first = next((i for i, line in enumerate(lines) if line.strip()), 0)
            start = first + len(self.head.split("\n")) if self.head else 0
        return "\n".join(lines[start:]).strip("\n")


@lru_cache(maxsize=4096)  # asked for every section of every page (tens of thousands of times a build)
def section_anchor(name: str) -> str:
    """`01-objectifs.md` -> `objectifs`; the same anchor in every language and version."""
    stem = name.rsplit(".", 1)[0]
    return _NUMBER_PREFIX.sub("", stem) or stem


@dataclass(frozen=True)
class Correction:
    """A public correction declared in version.yml: the only change a version in force may receive (T5)."""

    date: dt.date
    reason: dict[str, str]  # language -> why the text changed
    commit: str | None = None  # a hash prefix, when the correction names its commit

    def covers(self, sha: str, day: dt.date) -> bool:
        """Whether this declaration covers a commit: the one it names, else any commit made on its date."""
        if self.commit:
            return sha.lower().startswith(self.commit.lower())
        return day == self.date


@dataclass
class Version:
    """One version of the policy: its metadata and its sections in every language."""

    id: str
    path: Path
    effective: dt.date
    published: dt.date
    significant: bool
    reduces_rights: bool
    summary: dict[str, str]
    sections: dict[str, list[Section]] = field(default_factory=dict)
    # Filled by `git` when history is available (provenance), else None.
    commit: str | None = None
    commit_author: str | None = None
    commit_date: dt.date | None = None
    # Last change of each language's text, from git; empty without history.
    updated: dict[str, dt.date] = field(default_factory=dict)
    # Public corrections declared in version.yml, oldest first (T5).
    corrections: list[Correction] = field(default_factory=list)

    def last_updated(self) -> dt.date:
        """One date for the version, in every language (F2: one legal text in two languages):
        the latest change of its text in any language, else `published`."""
        return max(self.updated.values(), default=None) or self.published

    def text_updated(self, lang: str) -> dt.date:
        """When this language's text last changed (a translation's own date), else `published`."""
        return self.updated.get(lang) or self.published

    def section_names(self, lang: str) -> list[str]:
        return [s.name for s in self.sections.get(lang, [])]

    def section(self, lang: str, name: str) -> Section | None:
        for s in self.sections.get(lang, []):
            if s.name == name:
                return s
        return None


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def as_date(value: object) -> dt.date | None:
    """A date written YYYY-MM-DD (YAML reads it as a date; quoted, it is text). Nothing looser:
    Python 3.11 would also read `20231223` or `2023-W51-6`, which are no folder names."""
    if isinstance(value, dt.datetime):
        return None
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


# Status of a version relative to the build date.
IN_FORCE, PAST, UPCOMING = "in-force", "past", "upcoming"


@dataclass
class Policy:
    """All versions, oldest first, seen from one date (`as_of`)."""

    versions: list[Version]
    as_of: dt.date
    languages: list[str]

    def __post_init__(self) -> None:
        self.versions.sort(key=lambda v: v.effective)

    @cached_property
    def in_force(self) -> Version | None:
        current = None
        for v in self.versions:
            if v.effective <= self.as_of:
                current = v
        return current

    @property
    def upcoming(self) -> list[Version]:
        return [v for v in self.versions if v.effective > self.as_of]

    def status(self, version: Version) -> str:
        if version.effective > self.as_of:
            return UPCOMING
        return IN_FORCE if version is self.in_force else PAST

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Version id -> index. `list.index` compares dataclasses field by field: O(n) per
        call, and every page asks for its neighbours, so a build was O(n²) in versions."""
        return {v.id: i for i, v in enumerate(self.versions)}

    def _position(self, version: Version) -> int:
        return self._positions[version.id]

    def previous(self, version: Version) -> Version | None:
        i = self._position(version)
        return self.versions[i - 1] if i > 0 else None

    def next(self, version: Version) -> Version | None:
        i = self._position(version)
        return self.versions[i + 1] if i + 1 < len(self.versions) else None

    def period(self, version: Version) -> tuple[dt.date, dt.date | None]:
        """The dates a version is (or will be) in force: from its effective date to the day before the next."""
        nxt = self.next(version)
        return version.effective, (nxt.effective - dt.timedelta(days=1)) if nxt else None

    def get(self, version_id: str) -> Version | None:
        for v in self.versions:
            if v.id == version_id:
                return v
        return None

    def at(self, day: dt.date) -> Version | None:
        """The version in force on `day`: the latest one that took effect on or before it (each runs
        to the day before the next, as `period` says); None before the first. A day after the build
        date gets the answer known on it (`as_of`): a later version may not be published yet."""
        i = bisect.bisect_right(self.versions, day, key=lambda v: v.effective)
        return self.versions[i - 1] if i else None

    def known_only_as_of(self, day: dt.date) -> bool:
        """Whether the answer for `day` is only as far as known on the build date (`at`)."""
        return day > self.as_of


@dataclass
class Document:
    """One versioned document of a site: the privacy policy at the root of each language, others
    (governance policy, cookie policy: L5) under their own prefix, each versioned the same way."""

    prefix: str  # "" for the main document, "gouvernance/" for a further one
    policy_dir: Path
    policy: Policy

    @property
    def main(self) -> bool:
        return not self.prefix


def resolve_as_of(option: str | dt.date | None, timezone: str = "America/Toronto") -> dt.date:
    """The date that decides what is in force.

    `SOURCE_DATE_EPOCH` first (reproducible builds), then the `as_of` option, then
    today in the organisation's time zone.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    tz = ZoneInfo(timezone)
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz).date()
        except ValueError as exc:
            raise ValueError(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds") from exc
    if isinstance(option, dt.date):
        return option
    if option:
        try:
            return dt.date.fromisoformat(str(option))
        except ValueError as exc:
            raise ValueError(f"as_of: {option!r} is not a date (YYYY-MM-DD)") from exc
    return dt.datetime.now(tz).date()
