"""One block of a redline: kept, inserted, deleted or changed, with its word runs."""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import Block
from .words import DELETE, INSERT, Run, count_words

CHANGE = "change"


@dataclass
class BlockOp:
    """One block of the redline. `runs` for a changed text block, `cells` for a changed row.

    `move` is set on a block moved from or to another place: ("from"|"to", title of the other section).
    """

    tag: str  # equal | insert | delete | change
    old: Block | None
    new: Block | None
    runs: tuple[Run, ...] = ()
    cells: tuple[tuple[Run, ...], ...] = ()
    move: tuple[str, str] | None = field(default=None)

    @property
    def block(self) -> Block:
        return self.new or self.old  # type: ignore[return-value]

    @property
    def inserted(self) -> int:
        if self.move and self.move[0] == "to":
            return 0
        if self.tag == INSERT:
            return count_words(self.block.all_tokens())
        return sum(count_words(r.tokens) for r in self._runs() if r.tag == INSERT)

    @property
    def deleted(self) -> int:
        if self.move and self.move[0] == "to":
            return 0
        if self.tag == DELETE:
            return count_words(self.block.all_tokens())
        return sum(count_words(r.tokens) for r in self._runs() if r.tag == DELETE)

    def _runs(self) -> list[Run]:
        return [*self.runs, *(r for cell in self.cells for r in cell)]
