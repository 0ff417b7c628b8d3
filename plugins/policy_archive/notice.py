"""Which change notices a reader must see (L2, T1, T2, T3, A4).

A notice is shown for a significant version that took effect within the notice
window, and for a significant version announced but not yet in force. Editorial
fixes (`significant: false`) never get one, and never cut one short: the notice
belongs to the significant change and lasts its whole window, whatever
editorial fixes take effect after it (L2, T3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .model import Policy, Version

CHANGED, UPCOMING = "changed", "upcoming"


@dataclass(frozen=True)
class Notice:
    version: Version
    kind: str  # CHANGED or UPCOMING
    expires: dt.date  # last day the notice is shown; the browser hides it after, even without a rebuild

    @property
    def key(self) -> str:
        """What a dismissal is remembered by: one version, one kind."""
        return f"{self.version.id}:{self.kind}"


def notices(policy: Policy, window_days: int) -> list[Notice]:
    """Notices in force on `policy.as_of`: the recent change first, then the announced one."""
    found: list[Notice] = []
    current = last_significant(policy)
    if (
        current is not None
        and policy.previous(current) is not None
        and 0 <= (policy.as_of - current.effective).days <= window_days
    ):
        found.append(Notice(current, CHANGED, current.effective + dt.timedelta(days=window_days)))
    for version in policy.upcoming:
        if version.significant:
            found.append(Notice(version, UPCOMING, version.effective + dt.timedelta(days=window_days)))
            break
    return found


def last_significant(policy: Policy) -> Version | None:
    """The latest significant version that has taken effect: the change a reader is told about,
    even when editorial fixes (in force now) followed it."""
    taken_effect = [v for v in policy.versions if v.effective <= policy.as_of and v.significant]
    return max(taken_effect, key=lambda v: v.effective, default=None)
