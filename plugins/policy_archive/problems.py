"""Problems found in the content: what, where, and what to do about it.

One Problem prints three ways: for people (`file:line: error: message` and a
hint), for GitHub Actions (workflow commands, so errors show on the lines of a
pull request) and as JSON for other tools.
"""

from __future__ import annotations

import contextlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"
HINT = "\n    → "  # between a message and what to do, in every output that is read by people


@dataclass(frozen=True)
class Problem:
    level: str  # ERROR or WARNING
    file: Path
    message: str
    hint: str = ""
    line: int | None = None

    def where(self, root: Path | None = None) -> str:
        """The file, relative to `root` when it is inside it (else as given)."""
        if root is not None:
            # Links are kept as written (a link loop cannot be resolved); a root reached
            # through a link (/tmp -> /private/tmp) is matched once both are resolved.
            with contextlib.suppress(ValueError):
                return _absolute(self.file).relative_to(_absolute(root)).as_posix()
            with contextlib.suppress(ValueError, OSError, RuntimeError):
                return self.file.resolve().relative_to(root.resolve()).as_posix()
        return self.file.as_posix()

    def format(self, root: Path | None = None) -> str:
        """`file:line: error: message (hint)`, the shape editors and CI log parsers know."""
        where = f"{self.where(root)}:{self.line}" if self.line else self.where(root)
        text = f"{where}: {self.level}: {self.message}"
        return f"{text}{HINT}{self.hint}" if self.hint else text

    def github(self, root: Path | None = None) -> str:
        """A GitHub Actions workflow command (`::error file=...,line=...,title=...::message`).

        `root` is where GitHub's paths start (the checkout); data and properties are
        escaped as the runner expects, so a message cannot end the command early.
        """
        props = {"file": self.where(root)}
        if self.line:
            props["line"] = str(self.line)
        props["title"] = f"policy-archive check: {self.level}"
        text = f"{self.message}\n→ {self.hint}" if self.hint else self.message
        joined = ",".join(f"{key}={_escape_property(value)}" for key, value in props.items())
        return f"::{self.level} {joined}::{_escape_data(text)}"

    def as_dict(self, root: Path | None = None) -> dict[str, object]:
        """The JSON form: the file relative to the site root."""
        return {
            "level": self.level,
            "file": self.where(root),
            "line": self.line,
            "message": self.message,
            "hint": self.hint,
        }


def _absolute(path: Path) -> Path:
    """An absolute path without resolving symbolic links."""
    return Path(os.path.abspath(path))


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (`%`, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property values (also `:` and `,`)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def plural(count: int, noun: str, many: str | None = None) -> str:
    """`1 version`, `2 versions`, `0 errors`: a count with its noun in the right number."""
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.level == ERROR]


def as_json(problems: list[Problem], root: Path | None, summary: dict[str, object]) -> str:
    """One JSON document: every problem, then the counts (for CI tools that read JSON)."""
    n_err = len(errors(problems))
    document = {
        "problems": [p.as_dict(root) for p in problems],
        "summary": {**summary, "errors": n_err, "warnings": len(problems) - n_err},
    }
    return json.dumps(document, ensure_ascii=False, indent=2)


class ContentError(Exception):
    """Raised when the content cannot be published; carries every problem found."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = problems
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        errs = errors(self.problems)
        lines = [p.format(self.root) for p in self.problems]
        lines.append(f"{plural(len(errs), 'error')}: the policy was not published.")
        return "\n".join(lines)
