"""Checks across versions and configuration (no git needed): what one file alone cannot tell.

Translation drift: when a section changes in one language but not in another,
the other translation was probably forgotten (F2: French and English carry the
same information). It is a warning, not an error: some changes (a typo, an
accent) only exist in one language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Policy, Section, Version
from .problems import WARNING, Problem
from .source import comparable, scan


def _changed(before: Section, after: Section) -> bool:
    """Words changed: re-wrapping, trailing spaces, CRLF or the list marker are not a change."""
    return before.markdown != after.markdown and comparable(before.markdown) != comparable(after.markdown)


@dataclass
class _Drift:
    """One language left behind on one section, from the version where it happened until it catches up."""

    lang: str
    since: int  # index of the version where this language last changed the section
    start: int  # index of the version where another language changed it
    missed: list[tuple[int, str]]  # (version index, language) of each change it missed, oldest first
    end: int | None = None  # index of the version where it caught up


def translation_drift(policy: Policy, only: Iterable[str] | None = None) -> list[Problem]:
    """One warning per section left behind in a language, at the first version checked where it still is.

    A section is behind in language L when another language changed it after L's
    last change and L has not changed since. A change in L while behind is L
    catching up, not a new change the others must follow. `only` limits the
    report to these version ids (the versions an editor is working on): drift
    still open in one of them is reported there, once; None reports every drift
    at the version where it appeared. Sections new in a version are not
    compared: there is nothing to drift from.
    """
    wanted = None if only is None else set(only)
    versions = policy.versions
    names = list(dict.fromkeys(n for v in versions for n in v.section_names(policy.languages[0])))
    problems: list[Problem] = []
    for name in names:
        for drift in _section_drift(versions, name, policy.languages):
            end = drift.end if drift.end is not None else len(versions)
            shown = [i for i in range(drift.start, end) if wanted is None or versions[i].id in wanted]
            if shown:
                problems.append(_problem(versions, name, drift, shown[0]))
    return problems


def _section_drift(versions: list[Version], name: str, languages: list[str]) -> list[_Drift]:
    """Every drift of one section through the versions, in order."""
    found: list[_Drift] = []
    last: dict[str, int] = {}  # language -> index of its last change of the section
    open_: dict[str, _Drift] = {}  # language -> its drift still open
    previous: Version | None = None
    for i, version in enumerate(versions):
        sections = {lang: version.section(lang, name) for lang in languages}
        before = {lang: previous.section(lang, name) if previous else None for lang in languages}
        previous = version
        if any(s is None for s in sections.values()):
            _close(open_, i)
            last, open_ = {}, {}  # missing here (a load error, or a removed section): start afresh
            continue
        if any(b is None for b in before.values()) or not last:
            _close(open_, i)
            last, open_ = dict.fromkeys(languages, i), {}  # new section: nothing to drift from yet
            continue
        changed = [lang for lang in languages if _changed(before[lang], sections[lang])]  # type: ignore[arg-type]
        caught_up = [lang for lang in changed if lang in open_]
        leading = [lang for lang in changed if lang not in open_]
        for lang in changed:
            last[lang] = i
        for lang in caught_up:
            open_.pop(lang).end = i
        if not leading:
            continue
        for lang in languages:
            if lang in changed:
                continue
            if lang in open_:
                open_[lang].missed.append((i, leading[0]))  # still behind, now on a newer change too
            else:
                open_[lang] = _Drift(lang, last[lang], i, [(i, leading[0])])
                found.append(open_[lang])
    return found


def _close(open_: dict[str, _Drift], at: int) -> None:
    """Drifts still open when the section goes away end there: a removed section is not stale."""
    for drift in open_.values():
        drift.end = at


def _problem(versions: list[Version], name: str, drift: _Drift, at: int) -> Problem:
    version = versions[at]
    stale = version.section(drift.lang, name)
    assert stale is not None
    changed_at, lang = [m for m in drift.missed if m[0] <= at][-1]  # the latest change it missed so far
    witness = versions[changed_at].section(lang, name)
    assert witness is not None
    return Problem(
        WARNING,
        stale.path,
        f"unchanged since version {versions[drift.since].id}, but {_rel(witness, versions[changed_at])} changed: "
        f"the '{drift.lang}' translation may be out of date",
        f"compare with {_rel(witness, versions[changed_at])} and update {_rel(stale, version)}, "
        "or ignore this if the change does not apply to this language",
    )


def _rel(section: Section, version: Version) -> str:
    """`2024-06-01/fr/03-consentement.md`: short enough for a message, precise enough to open."""
    return f"{version.path.name}/{section.lang}/{section.name}"


# -- contacts ----------------------------------------------------------------------------------
# The privacy officer box (mkdocs.yml) is on every page, right under the text: a reader must not
# find two different ways to reach the person in charge (issue 12, L3).
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().\u00a0\u202f-]{8,}\d(?!\w)")


def _digits(phone: str) -> str:
    """The number a phone line dials: its last ten digits (a leading 1 or +1 aside)."""
    return re.sub(r"\D", "", phone)[-10:]


def contact_problems(
    policy: Policy, officer_email: str, officer_phone: str, only: Iterable[str] | None = None
) -> list[Problem]:
    """A warning where a version's text gives contacts and none is the officer's of mkdocs.yml.

    Per version an editor acts on (`only`: in force and upcoming) and language: when the text
    holds email addresses but not the officer's, or phone numbers but not the officer's, the
    first one found is reported at its file and line. A text that names no email or no phone
    at all is not a conflict."""
    wanted = None if only is None else set(only)
    email, phone = officer_email.strip().lower(), _digits(officer_phone)
    problems: list[Problem] = []
    for version in policy.versions:
        if wanted is not None and version.id not in wanted:
            continue
        for lang in policy.languages:
            emails: list[tuple[Section, int, str]] = []
            phones: list[tuple[Section, int, str]] = []
            for section in version.sections.get(lang, []):
                for number, line in enumerate(scan(section.markdown).prose, start=1):
                    emails += [(section, number, m.group(0)) for m in _EMAIL.finditer(line)]
                    phones += [
                        (section, number, m.group(0).strip())
                        for m in _PHONE.finditer(line)
                        if len(re.sub(r"\D", "", m.group(0))) >= 10
                    ]
            if email and emails and all(found.lower() != email for _s, _n, found in emails):
                section, number, found = emails[0]
                problems.append(
                    Problem(
                        WARNING,
                        section.path,
                        f"the text gives {found} as a contact, but the privacy officer's email in mkdocs.yml is "
                        f"{officer_email.strip()} (shown on every page)",
                        "make them the same: correct privacy_officer.email in mkdocs.yml, or the text in this version",
                        number,
                    )
                )
            if phone and phones and all(_digits(found) != phone for _s, _n, found in phones):
                section, number, found = phones[0]
                problems.append(
                    Problem(
                        WARNING,
                        section.path,
                        f"the text gives {found} as a phone number, but the privacy officer's phone in mkdocs.yml is "
                        f"{officer_phone.strip()} (shown on every page)",
                        "make them the same: correct privacy_officer.phone in mkdocs.yml, or the text in this version",
                        number,
                    )
                )
    return problems
