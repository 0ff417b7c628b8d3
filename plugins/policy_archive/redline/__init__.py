"""The redline: what changed between two versions, as the reader sees it.

Pipeline: each section's Markdown is rendered once with the site's extensions
(`render.Renderer`), parsed into blocks of tokens (`blocks`), aligned and paired
(`align`), diffed word by word (`words`), matched across sections with renames
and moves (`sections`), and written as well-nested HTML (`emit`). The browser's
compare page (`assets/compare.js`) runs the same steps on `data.version_data`.
"""

from __future__ import annotations

from functools import lru_cache

from ..l10n import strings, t
from ..model import Section, Version
from ..render import Renderer
from .blocks import Rendered, blocks_of
from .emit import Marks
from .sections import (
    ADDED,
    MODIFIED,
    MOVED,
    REMOVED,
    RENAMED,
    RENUMBERED,
    STATUSES,
    UNCHANGED,
    SectionChange,
    compare,
    stats,
)


def marks(lang: str) -> Marks:
    """The hidden start/end words and move notes of one language."""
    return Marks(
        t(lang, "ins_start"),
        t(lang, "ins_end"),
        t(lang, "del_start"),
        t(lang, "del_end"),
        strings(lang)["moved_from"],
        strings(lang)["moved_to"],
        strings(lang)["text_moved_to"],
        strings(lang)["text_moved_from"],
    )


class Redliner:
    """Renders sections once (by content) and compares versions with one renderer."""

    def __init__(self, renderer: Renderer | None = None) -> None:
        self.renderer = renderer or Renderer()
        self.rendered = lru_cache(maxsize=16384)(self._rendered)

    def _rendered(self, markdown: str, has_heading: bool) -> Rendered:
        return blocks_of(self.renderer(markdown), has_heading)

    def section(self, section: Section) -> Rendered:
        return self.rendered(section.markdown, section.level > 0)

    def compare(self, old: Version, new: Version, lang: str) -> list[SectionChange]:
        return compare(old, new, lang, self.section, marks(lang))


__all__ = [
    "ADDED",
    "MODIFIED",
    "MOVED",
    "REMOVED",
    "RENAMED",
    "RENUMBERED",
    "STATUSES",
    "UNCHANGED",
    "Marks",
    "Redliner",
    "SectionChange",
    "marks",
    "stats",
]
