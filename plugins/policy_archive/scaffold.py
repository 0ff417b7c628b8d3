"""`policy-archive new-version`: start the next version from the latest one.

Published versions are immutable, so every change (even a typo) is a new
version; copying the latest one keeps file names, hence section identities
and anchors, the same, and the diff shows only what the editor changes.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from .problems import plural

VERSION_FILE = "version.yml"


class ScaffoldError(ValueError):
    """The new version cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class NewVersion:
    path: Path
    source: str  # id of the version it was copied from
    published: dt.date
    sections: dict[str, int]  # files copied per language


def existing_versions(policy_dir: Path) -> list[str]:
    """Ids of the version folders (named YYYY-MM-DD), oldest first."""
    found = []
    if policy_dir.is_dir():
        for folder in policy_dir.iterdir():
            if folder.is_dir():
                try:
                    dt.date.fromisoformat(folder.name)
                except ValueError:
                    continue
                found.append(folder.name)
    return sorted(found)


def parse_date(text: str) -> dt.date:
    try:
        date = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ScaffoldError(f"{text!r} is not a date: write the effective date as YYYY-MM-DD") from None
    if date.isoformat() != text.strip():
        raise ScaffoldError(f"{text!r} is not a date: write the effective date as YYYY-MM-DD")
    return date


def version_yml(effective: dt.date, published: dt.date, source: str, languages: list[str]) -> str:
    """The new version.yml: dates filled, summaries empty with a note (check fails until filled)."""
    summaries = "\n".join(f'  {lang}: ""' for lang in languages)
    return (
        f"# Version {effective.isoformat()}, made from {source} by `policy-archive new-version`.\n"
        f"effective: {effective.isoformat()}\n"
        f"# The day the text is made public; before 'effective' to announce a change (T2).\n"
        f"published: {published.isoformat()}\n"
        f"# true: readers see a notice and subscribers get an email; false for an editorial fix (T3).\n"
        f"significant: true\n"
        f"# true when a change reduces readers' rights: their express consent is then needed.\n"
        f"reduces_rights: false\n"
        f"summary:\n"
        f"  # TO FILL: a plain-language summary of the changes, in every language.\n"
        f"  # `policy-archive check` reports the empty summaries as errors until you do.\n"
        f"{summaries}\n"
    )


def new_version(policy_dir: Path, effective: dt.date, today: dt.date, languages: list[str]) -> NewVersion:
    """Copy the latest version to `policy_dir/<effective>` with a fresh version.yml.

    Refuses a date that exists or is not after the latest version: versions take
    effect in order, and a folder name is a permanent address.
    """
    versions = existing_versions(policy_dir)
    if not versions:
        raise ScaffoldError(
            f"{policy_dir}: no version to start from; create the first one by hand "
            "(a folder YYYY-MM-DD with version.yml and one folder per language)"
        )
    target = policy_dir / effective.isoformat()
    if target.exists():
        raise ScaffoldError(_exists_message(target, effective, today, versions))
    latest = versions[-1]
    if effective <= dt.date.fromisoformat(latest):
        raise ScaffoldError(
            f"{effective} is not after the latest version {latest}: "
            f"a new version must take effect after every existing one (try a date after {latest})"
        )
    source = policy_dir / latest
    missing = [lang for lang in languages if not (source / lang).is_dir()]
    if missing:
        raise ScaffoldError(f"{source}: has no {', '.join(missing)} folder to copy; fix that version first")
    target.mkdir()
    counts = {}
    for lang in languages:
        shutil.copytree(source / lang, target / lang)
        counts[lang] = len(list((target / lang).glob("*.md")))
    published = min(today, effective)
    (target / VERSION_FILE).write_text(version_yml(effective, published, latest, languages), encoding="utf-8")
    return NewVersion(target, latest, published, counts)


def _exists_message(target: Path, effective: dt.date, today: dt.date, versions: list[str]) -> str:
    """Why the date is taken, and what to do: a version in force or past is published and never edited."""
    later = max(dt.date.fromisoformat(versions[-1]), today) + dt.timedelta(days=1)
    if effective <= today:
        replaced = [v for v in versions if v > target.name and dt.date.fromisoformat(v) <= today]
        state = f"past, replaced by {replaced[0]}" if replaced else f"in force since {effective}"
        return (
            f"{target}: version {effective} already exists and is published ({state}): its text must not change."
            f" To change the policy, make a new version with a later date (policy-archive new-version {later})"
        )
    announced = _published(target)
    if announced is not None and announced <= today:
        return (
            f"{target}: version {effective} already exists: it is upcoming (announced on {announced}, takes effect"
            f" on {effective}). You may still correct it in {target.name}/ before then (readers have seen it:"
            " say so in its summary), or pick a date after it for a further version"
        )
    return (
        f"{target}: version {effective} already exists and is not published yet (takes effect on {effective}):"
        f" edit its files in {target.name}/, or pick another date"
    )


def _published(folder: Path) -> dt.date | None:
    """The `published` date of a version's version.yml, None when it cannot be read."""
    import yaml

    try:
        value = yaml.safe_load((folder / VERSION_FILE).read_text(encoding="utf-8")).get("published")
    except (OSError, UnicodeDecodeError, yaml.YAMLError, AttributeError):
        return None
    return value if isinstance(value, dt.date) and not isinstance(value, dt.datetime) else None


# The ways a date is written in a policy, in French and in English ("1er mars 2025", "March 1, 2025").
_MONTHS = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}  # fmt: skip
_ACCENTS = {"é": "[ée]", "û": "[ûu]"}
_SPACE = r"[\s\u00a0\u202f]+"


def _month(name: str) -> str:
    return "".join(_ACCENTS.get(c, re.escape(c)) for c in name)


def date_pattern(date: dt.date) -> re.Pattern[str]:
    """Every usual written form of `date`: ISO, `23 décembre 2023`, `1er mars`, `December 23, 2023`, `23/12/2023`."""
    d, y = date.day, date.year
    day = rf"0?{d}" + (r"(?:er|ᵉʳ|<sup>er</sup>|st)?" if d == 1 else r"(?:st|nd|rd|th|e)?")
    months = "|".join(_month(m[date.month - 1]) for m in _MONTHS.values())
    forms = [
        rf"{y}-{date.month:02d}-{d:02d}",
        rf"{d:02d}/{date.month:02d}/{y}",
        rf"{day}{_SPACE}(?:{months}),?{_SPACE}{y}",
        rf"(?:{months}){_SPACE}{day},?{_SPACE}{y}",
    ]
    return re.compile(rf"(?<![\w/-])(?:{'|'.join(forms)})(?![\w/-])", re.IGNORECASE)


def written_date(date: dt.date, lang: str) -> str:
    """`1er août 2024`, `August 1, 2024`, as the site writes dates; ISO in a language without strings."""
    from .l10n import format_date

    try:
        return format_date(date, lang)
    except ValueError:
        return date.isoformat()


def stale_dates(made: NewVersion, languages: list[str]) -> list[tuple[Path, int, str]]:
    """Dates in the copied text equal to the previous version's effective date: (file, line, text).

    A sentence such as 'applies as of December 23, 2023' was true of the version it
    was copied from; in the new one it is probably out of date.
    """
    pattern = date_pattern(dt.date.fromisoformat(made.source))
    found = []
    for lang in languages:
        for path in sorted((made.path / lang).glob("*.md")):
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, start=1):
                found += [(path, number, m.group(0)) for m in pattern.finditer(line)]
    return found


def next_steps(made: NewVersion, root: Path, languages: list[str]) -> str:
    """What the editor does next, in order, with paths relative to the site."""
    try:
        rel = made.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = str(made.path)
    folders = " and ".join(f"{rel}/{lang}/" for lang in languages)
    copied = ", ".join(f"{lang}: {plural(n, 'section')}" for lang, n in made.sections.items())
    return "\n".join(
        [
            f"Created {rel}/ from version {made.source} ({copied}); published: {made.published}.",
            "Next:",
            f"  1. Edit the sections in {folders} (keep the same file names in every language).",
            f"  2. Fill the summaries in {rel}/{VERSION_FILE}; set significant: false for an editorial fix.",
            "  3. Check: policy-archive check",
            f'  4. Commit: git add {rel} && git commit -m "Policy version {made.path.name}"',
        ]
    )
