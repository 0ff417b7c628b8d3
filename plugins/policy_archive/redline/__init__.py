"""The redline: what changed between two versions, as the reader sees it.

Pipeline: each section's Markdown is rendered once with the site's extensions
(`render.Renderer`), parsed into blocks of tokens (`blocks`), aligned and paired
(`align`), diffed word by word (`words`), matched across sections with renames
and moves (`sections`), and written as well-nested HTML (`emit`). The browser's
compare page (`assets/compare.js`) runs the same steps on `data.version_data`.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from functools import lru_cache
from typing import Any

from ..l10n import strings, t
from ..model import Policy, Section, Version
from ..render import Renderer
from .blocks import Rendered, blocks_of
from .emit import Marks
from .lineage import Lineage, lineage
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
        self._lineages: dict[int, tuple[Policy, Lineage]] = {}  # id(policy) -> (policy, its lineage)
        self._digests: dict[tuple[int, str], tuple[Version, str]] = {}  # (id(version), lang) -> (version, `_digest`)

    def _rendered(self, markdown: str, has_heading: bool) -> Rendered:
        return blocks_of(self.renderer(markdown), has_heading)

    def section(self, section: Section) -> Rendered:
        return self.rendered(section.markdown, section.level > 0)

    # Where redlines are kept between builds (`buildcache.Store`), and what they depend on besides
    # the two texts and the language: the renderer's setup. None: each call computes.
    store: Any = None
    store_key: str = ""

    def compare(self, old: Version, new: Version, lang: str) -> list[SectionChange]:
        """The redline of every section; from the store when the same two texts were compared before
        (a fresh copy each time: pages adjust the ids of what they get)."""
        if self.store is None:
            return compare(old, new, lang, self.section, marks(lang))
        return self.store.get(  # type: ignore[no-any-return]
            self.key(old, new, lang),
            lambda: compare(old, new, lang, self.section, marks(lang)),
            _encode_changes,
            _decode_changes,
            fresh=True,
        )

    def key(self, old: Version, new: Version, lang: str) -> str:
        """The store's key of the redline of `old` -> `new` in `lang`: the two texts and the setup."""
        pair = f"{self.store_key}\0{lang}\0{self._digest(old, lang)}\0{self._digest(new, lang)}"
        return "redline:" + hashlib.sha256(pair.encode()).hexdigest()

    def _digest(self, version: Version, lang: str) -> str:
        """What a redline reads of one version's text in `lang`, hashed once per build (each version
        is in two pairs, and each pair's key is asked for twice: `prefill`, then the page)."""
        found = self._digests.get((id(version), lang))
        if found is None or found[0] is not version:
            digest = hashlib.sha256()
            for s in version.sections.get(lang, []):
                fields_ = (s.name, s.anchor, s.title, str(s.level), s.heading_id or "", s.markdown)
                digest.update("\0".join(fields_).encode())
                digest.update(b"\1")
            found = (version, digest.hexdigest())
            self._digests[(id(version), lang)] = found
        return found[1]

    def lineage(self, policy: Policy) -> Lineage:
        """Which sections of successive versions are one clause (`lineage.lineage`), once per policy
        and build: the pages of every language and the sitemap all ask. The policy is kept with its
        answer, so an id reused by a later object can never return a stale one."""
        found = self._lineages.get(id(policy))
        if found is None or found[0] is not policy:
            default = policy.languages[0] if policy.languages else ""
            found = (policy, lineage(policy.versions, default, self.section))
            self._lineages[id(policy)] = found
        return found[1]


# What a page reads of a redline; the block operations (`ops`, `heading_runs`) serve the terminal's
# `diff`, which never uses the store.
_STORED = [f.name for f in fields(SectionChange) if f.name not in ("ops", "heading_runs")]


def _encode_changes(changes: list[SectionChange]) -> list[dict[str, Any]]:
    return [{name: getattr(c, name) for name in _STORED} for c in changes]


def _decode_changes(data: list[dict[str, Any]]) -> list[SectionChange]:
    """Stored changes; TypeError when they are not (the store then compares again)."""
    out = [SectionChange(**{name: item[name] for name in _STORED}) for item in data]
    if not all(isinstance(c.body_html, str) and isinstance(c.heading_html, str) for c in out):
        raise TypeError("not a redline")
    return out


__all__ = [
    "ADDED",
    "MODIFIED",
    "MOVED",
    "REMOVED",
    "RENAMED",
    "RENUMBERED",
    "STATUSES",
    "UNCHANGED",
    "Lineage",
    "Marks",
    "Redliner",
    "SectionChange",
    "marks",
    "stats",
]
