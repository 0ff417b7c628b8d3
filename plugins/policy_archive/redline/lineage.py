"""Which sections of successive versions are one clause: a section's history follows it across
renames and moves.

The redline's own matching (`sections.match_sections`: file name, then anchor, then identical
text, then similar text) links each section of a version to its state in the previous version.
A chain of such links is one clause, named by the anchor of its latest state, so the history of
a renamed section is found at its current name, and an old version's section whose file was
renamed later leads there too. The chains are built once, in one pass over consecutive versions,
in the default language: the history pages of every language are the same pages (F2), and the
French text prevails.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Version
from .sections import Render, match_sections


@dataclass(frozen=True)
class Lineage:
    """(version id, section file name) -> the clause it belongs to (the anchor of its latest state)."""

    ids: dict[tuple[str, str], str]

    def identity(self, version_id: str, name: str) -> str | None:
        return self.ids.get((version_id, name))

    @property
    def anchors(self) -> list[str]:
        """Every clause once, in the order it first appears (the same order in every build)."""
        return list(dict.fromkeys(self.ids.values()))


def lineage(versions: Sequence[Version], lang: str, render: Render) -> Lineage:
    """Chains of matched sections across consecutive versions (oldest first).

    Two chains whose latest states share an anchor (a section removed, and a later one added
    under the same file name) share one history: the address names the anchor, and a reader who
    follows it finds every text that was published under it.
    """
    chain_of: dict[tuple[str, str], int] = {}
    latest: list[str] = []  # chain -> anchor of its latest state
    previous: Version | None = None
    for version in versions:
        news = version.sections.get(lang, [])
        olds = previous.sections.get(lang, []) if previous is not None else []
        match = match_sections(olds, news, render) if olds and news else {}
        for j, section in enumerate(news):
            i = match.get(j)
            if i is not None and previous is not None:
                chain = chain_of[(previous.id, olds[i].name)]
            else:
                chain = len(latest)
                latest.append("")
            chain_of[(version.id, section.name)] = chain
            latest[chain] = section.anchor
        previous = version
    return Lineage({key: latest[chain] for key, chain in chain_of.items()})
