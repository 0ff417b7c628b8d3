"""Problems found in the content: what, where, and what to do about it."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    file: Path
    message: str
    hint: str = ""
    line: int | None = None

    def format(self, root: Path | None = None) -> str:
        """`file:line: error: message (hint)`, the shape editors and CI log parsers know."""
        path = self.file
        if root is not None:
            with contextlib.suppress(ValueError):
                path = self.file.resolve().relative_to(root.resolve())
        where = f"{path}:{self.line}" if self.line else f"{path}"
        text = f"{where}: {self.level}: {self.message}"
        return f"{text}\n    → {self.hint}" if self.hint else text


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]


class ContentError(Exception):
    """Raised when the content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = problems
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        errs = errors(self.problems)
        lines = [p.format(self.root) for p in self.problems]
        lines.append(f"{len(errs)} error(s): the policy was not published.")
        return "\n".join(lines)
