"""What every benchmark writes the same way: the machine it ran on, and its block of BENCHMARKS.md."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def machine() -> str:
    return f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}, {platform.system()}"


def write_block(path: Path, heading: str, start: str, end: str, block: str) -> None:
    """Put `block` (which begins with `start` and ends with `end`) under `heading` in `path`, in place
    of the previous one; every other section of the file is left alone."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        text = head + block + rest.split(end, 1)[1]
    elif heading in text:
        head, rest = text.split(heading, 1)
        text = head + heading + "\n\n" + block + "\n" + rest
    else:
        text = text.rstrip("\n") + f"\n\n{heading}\n\n{block}\n"
    path.write_text(text, encoding="utf-8")
