"""`policy-archive new-version`: start the next version from the latest one.

Published versions are immutable, so every change (even a typo) is a new
version; copying the latest one keeps file names, hence section identities
and anchors, the same, and the diff shows only what the editor changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

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
        f"# true when a change reduces readers' rights: they must then consent explicitly.\n"
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
        raise ScaffoldError(f"{target}: version {effective} already exists; edit it or pick another date")
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


def next_steps(made: NewVersion, root: Path, languages: list[str]) -> str:
    """What the editor does next, in order, with paths relative to the site."""
    try:
        rel = made.path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        rel = str(made.path)
    folders = " and ".join(f"{rel}/{lang}/" for lang in languages)
    copied = ", ".join(f"{lang}: {n} sections" for lang, n in made.sections.items())
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
