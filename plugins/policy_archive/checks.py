"""Checks across versions (no git needed): what one file alone cannot tell.

Translation drift: when a section changes from one version to the next in one
language but not in another, the other translation was probably forgotten (F2:
French and English carry the same information). It is a warning, not an error:
some changes (a typo, an accent) only exist in one language.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Policy, Section, Version
from .problems import WARNING, Problem


def _normalised(section: Section) -> str:
    """The text without trailing spaces or blank lines: whitespace is not a change."""
    return "\n".join(line.rstrip() for line in section.markdown.strip().splitlines())


def _changed(before: Section | None, after: Section | None) -> bool:
    return before is None or after is None or _normalised(before) != _normalised(after)


def translation_drift(policy: Policy, only: Iterable[str] | None = None) -> list[Problem]:
    """Warnings for sections changed in some languages but not in others since the previous version.

    `only` limits the check to these version ids (the versions an editor is
    working on); None checks every version. Sections new in a version are not
    compared: there is nothing to drift from.
    """
    wanted = None if only is None else set(only)
    problems: list[Problem] = []
    for version in policy.versions:
        previous = policy.previous(version)
        if previous is None or (wanted is not None and version.id not in wanted):
            continue
        problems += _drift(previous, version, policy.languages)
    return problems


def _drift(previous: Version, version: Version, languages: list[str]) -> list[Problem]:
    problems = []
    names = [n for n in version.section_names(languages[0]) if previous.section(languages[0], n)]
    for name in names:
        pairs = {lang: (previous.section(lang, name), version.section(lang, name)) for lang in languages}
        if any(after is None or before is None for before, after in pairs.values()):
            continue  # a missing translation is load's error (F2), not drift
        changed = [lang for lang, (before, after) in pairs.items() if _changed(before, after)]
        if not changed or len(changed) == len(languages):
            continue
        witness = pairs[changed[0]][1]
        assert witness is not None
        for lang in languages:
            if lang in changed:
                continue
            stale = pairs[lang][1]
            assert stale is not None
            problems.append(
                Problem(
                    WARNING,
                    stale.path,
                    f"unchanged since version {previous.id}, but {_rel(witness, version)} changed: "
                    f"the '{lang}' translation may be out of date",
                    f"compare with {_rel(witness, version)} and update {_rel(stale, version)}, "
                    "or ignore this if the change does not apply to this language",
                )
            )
    return problems


def _rel(section: Section, version: Version) -> str:
    """`2024-06-01/fr/03-consentement.md`: short enough for a message, precise enough to open."""
    return f"{version.path.name}/{section.lang}/{section.name}"
