"""Everything a reader sees in words: strings per language and dates written the local way."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import yaml
from babel.dates import format_date as babel_format_date

STRINGS_DIR = Path(__file__).parent / "strings"


@cache
def strings(lang: str) -> dict[str, str]:
    """The reader-facing strings of one language (`strings/<lang>.yml`)."""
    path = STRINGS_DIR / f"{lang}.yml"
    if not path.is_file():
        raise ValueError(f"no strings for language '{lang}': add {path}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def t(lang: str, key: str, **values: object) -> str:
    """One string, with `{name}` placeholders filled.

    A value that ends with a period ("Dynamique Conseil inc.") also ends the sentence
    when the string puts one right after it: one period, not two.
    """
    text = strings(lang)[key]
    for name, value in values.items():
        if str(value).endswith("."):
            text = text.replace(f"{{{name}}}.", f"{{{name}}}")
    return text.format(**values)


def format_date(date: dt.date, lang: str) -> str:
    """A long date: '23 décembre 2023' / 'December 23, 2023' (Babel, CLDR data)."""
    text = babel_format_date(date, "long", locale=strings(lang)["babel_locale"])
    if lang == "fr" and date.day == 1:
        # French writes the first of the month as an ordinal: « 1er décembre ».
        text = "1er" + text[1:]
    return text
