"""Everything a reader sees in words: strings per language and dates written the local way."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from pathlib import Path

import yaml
from babel import Locale
from babel.dates import format_date as babel_format_date

STRINGS_DIR = Path(__file__).parent / "strings"


@cache
def strings(lang: str) -> dict[str, str]:
    """The reader-facing strings of one language (`strings/<lang>.yml`)."""
    path = STRINGS_DIR / f"{lang}.yml"
    if not path.is_file():
        raise ValueError(f"no strings for language '{lang}': add {path}")
    # The package's own files: libyaml's loader when there is one (a tenth of the time).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


# `{count|section inchangée|sections inchangées}`: the word that agrees with the number `count`.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def t(lang: str, key: str, **values: object) -> str:
    """One string, with `{name}` placeholders filled.

    `{name|one|other}` gives the form that agrees with the number `name`, by the language's
    plural rule (CLDR, through Babel: in French 0 and 1 take the singular). When `name` is not
    a number (a template for the browser, `count="{count}"`), the form is left for compare.js.
    A value that ends with a period ("Dynamique Conseil inc.") also ends the sentence
    when the string puts one right after it: one period, not two.
    """
    return _filled(lang, key, values) if values else _plain(lang, key)


@lru_cache(maxsize=4096)  # a build asks for the same few strings tens of thousands of times
def _plain(lang: str, key: str) -> str:
    return _filled(lang, key, {})


def _filled(lang: str, key: str, values: dict[str, object]) -> str:
    text = strings(lang)[key]

    def agree(m: re.Match[str]) -> str:
        value = values.get(m.group(1))
        if isinstance(value, int) and not isinstance(value, bool):
            return m.group(2) if _plural_form(lang, value) == "one" else m.group(3)
        return "{" + m.group(0) + "}"  # kept, braces doubled for format()

    text = _PLURAL.sub(agree, text)
    for name, value in values.items():
        if str(value).endswith("."):
            text = text.replace(f"{{{name}}}.", f"{{{name}}}")
    return text.format(**values)


def _plural_form(lang: str, number: int) -> str:
    return _locale(lang).plural_form(abs(number))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(strings(lang)["babel_locale"])


@lru_cache(maxsize=65536)  # a build writes the same few hundred dates thousands of times
def format_date(date: dt.date, lang: str) -> str:
    """A long date: '23 décembre 2023' / 'December 23, 2023' (Babel, CLDR data)."""
    text = babel_format_date(date, "long", locale=strings(lang)["babel_locale"])
    if lang == "fr" and date.day == 1:
        # French writes the first of the month as an ordinal: « 1er décembre ».
        text = "1er" + text[1:]
    return text
