"""Switches an environment variable sets for one run, over a plugin option (`mkdocs serve`, CI)."""

from __future__ import annotations

import os

OFF = ("0", "false", "no", "off")
ON = ("1", "true", "yes", "on")


def switch(name: str, option: bool = True, environ: dict[str, str] | None = None) -> bool:
    """`name`=0/false/no/off or 1/true/yes/on wins over `option`; anything else leaves the option."""
    value = (os.environ if environ is None else environ).get(name, "").strip().lower()
    if value in OFF:
        return False
    if value in ON:
        return True
    return bool(option)
