"""The policy on a given date, said in words: which version applied, and for how long.

One answer for the command line (`policy-archive at`), the site's `versions/at/` page and a
version's citation, so a reader, an editor and a lawyer read the same sentence. Pure functions
of the model and the strings (no MkDocs).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .l10n import format_date, t
from .model import UPCOMING, Policy, Version


def period_words(policy: Policy, version: Version, lang: str) -> str:
    """A version's period in force, as the status banner says it: 'en vigueur du … au …', 'en vigueur
    depuis le …' (with its announced end, if any), 'entrera en vigueur le …'."""
    start, end = policy.period(version)
    first = format_date(start, lang)
    last = format_date(end, lang) if end is not None else ""
    if policy.status(version) == UPCOMING:
        return (
            t(lang, "period_upcoming_range", start=first, end=last)
            if end
            else t(lang, "period_takes_effect", start=first)
        )
    if end is None:
        return t(lang, "period_in_force_since", start=first)
    if end >= policy.as_of:  # in force now, its end already announced
        return t(lang, "period_in_force_until", start=first, end=last)
    return t(lang, "period_in_force_range", start=first, end=last)


@dataclass(frozen=True)
class Answer:
    """Which version applied on `day`, seen from the build date."""

    day: dt.date
    version: Version | None  # None: before the first version
    start: dt.date | None  # the version's period in force
    end: dt.date | None  # None: no later version known
    provisional: bool  # `day` is after the build date: a later version may not be published yet
    as_of: dt.date
    first: Version | None  # the first version, for the answer before it

    def as_dict(self) -> dict[str, str | bool | None]:
        """What a script reads (`policy-archive at --format json`)."""

        def iso(d: dt.date | None) -> str | None:
            return d.isoformat() if d else None

        return {
            "date": self.day.isoformat(),
            "version": self.version.id if self.version else None,
            "from": iso(self.start),
            "to": iso(self.end),
            "as_of": self.as_of.isoformat(),
            "provisional": self.provisional,
            "first": self.first.id if self.first else None,
        }


def answer(policy: Policy, day: dt.date) -> Answer:
    """The version in force on `day` (`Policy.at`) with its period."""
    version = policy.at(day)
    start, end = policy.period(version) if version else (None, None)
    first = policy.versions[0] if policy.versions else None
    return Answer(day, version, start, end, policy.known_only_as_of(day), policy.as_of, first)


def sentence(policy: Policy, found: Answer, lang: str) -> str:
    """'En vigueur le 12 août 2024 : version du 15 juin 2024 (en vigueur du 15 juin 2024 au 28 février
    2025)', or why no version applied: plain text, to escape where it becomes HTML."""
    day = format_date(found.day, lang)
    if found.version is None:
        if found.first is None:
            return t(lang, "at_no_version", day=day)
        first = format_date(found.first.effective, lang)
        key = "at_none_upcoming" if policy.status(found.first) == UPCOMING else "at_none"
        return t(lang, key, day=day, first=first)
    version = t(lang, "version_of", date=format_date(found.version.effective, lang))
    period = period_words(policy, found.version, lang)
    if found.provisional:
        return t(lang, "at_answer_later", day=day, as_of=format_date(found.as_of, lang), version=version, period=period)
    return t(lang, "at_answer", day=day, version=version, period=period)
