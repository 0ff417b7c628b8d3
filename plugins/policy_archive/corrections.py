"""`corrections:` in version.yml: the public corrections a version in force may receive (T5).

```yaml
corrections:
  - date: 2026-11-28
    commit: 1a2b3c4        # optional: the commit it declares (a hash prefix)
    reason:
      fr: Ajout de la traduction anglaise.
      en: English translation added.
```

A correction declares a change committed after the version took effect: the commit it
names, or, without `commit`, every commit made on its date (git.py decides what needs one).
Every problem names version.yml and the line of the entry or key at fault.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from .model import Correction, as_date
from .problems import ERROR, WARNING, Problem

KEY = "corrections"
ENTRY_KEYS = ("date", "reason", "commit")
_HEX = re.compile(r"^[0-9a-fA-F]{4,40}$")
EXAMPLE = "e.g. '- date: 2026-11-28' then 'reason:' with one indented line per language"


def _lines(text: str, node: yaml.Node | None = None) -> tuple[int | None, list[tuple[int, dict[str, int]]]]:
    """The line of `corrections:` and, per entry, its first line and the line of each of its keys.

    `node`: `text` already composed (load passes it: composing again would cost as much)."""
    if node is None:
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError:
            return None, []
    if not isinstance(node, yaml.MappingNode):
        return None, []
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == KEY:
            entries = []
            if isinstance(v, yaml.SequenceNode):
                for item in v.value:
                    keys = {}
                    if isinstance(item, yaml.MappingNode):
                        keys = {
                            ik.value: ik.start_mark.line + 1 for ik, _ in item.value if isinstance(ik, yaml.ScalarNode)
                        }
                    entries.append((item.start_mark.line + 1, keys))
            return k.start_mark.line + 1, entries
    return None, []


def read_corrections(
    value: Any,
    text: str,
    path: Path,
    effective: dt.date,
    languages: list[str],
    problems: list[Problem],
    node: yaml.Node | None = None,
) -> list[Correction]:
    """The valid entries of `corrections:`, oldest first; a problem (with its line) for each fault.

    `node`: `text` as yaml.compose returns it, when the caller has it already."""
    key_line, entries = _lines(text, node)

    def err(message: str, hint: str, line: int | None, level: str = ERROR) -> None:
        problems.append(Problem(level, path, message, hint, line))

    if value is None:
        return []
    if not isinstance(value, list):
        err("'corrections' must be a list of corrections", EXAMPLE, key_line)
        return []
    found: list[Correction] = []
    for index, entry in enumerate(value):
        first, keys = entries[index] if index < len(entries) else (key_line, {})
        name = f"corrections[{index + 1}]"
        if not isinstance(entry, dict):
            err(f"{name} must be a mapping with date and reason", EXAMPLE, first)
            continue
        ok = True
        for key in sorted((k for k in entry if k not in ENTRY_KEYS), key=str):
            ok = False
            err(
                f"{name}: unknown key '{key}'",
                f"a correction has only {', '.join(ENTRY_KEYS)} (check the spelling)",
                keys.get(str(key), first),
            )
        raw = entry.get("date")
        date = as_date(raw)
        if "date" not in entry:
            ok = False
            err(f"{name}: missing 'date'", "write the day the change was committed, YYYY-MM-DD", first)
        elif date is None:
            ok = False
            what = f"has a time ({raw})" if isinstance(raw, dt.datetime) else f"is not a date: {raw!r}"
            err(f"{name}: 'date' {what}", "write it as YYYY-MM-DD", keys.get("date", first))
        elif date < effective:
            ok = False
            err(
                f"{name}: 'date' {date} is before the version took effect ({effective})",
                "a change made before the effective date needs no correction: remove this entry",
                keys.get("date", first),
            )
        commit = entry.get("commit")
        if commit is not None and not (isinstance(commit, str) and _HEX.match(commit.strip())):
            ok = False
            err(
                f"{name}: 'commit' must be a commit hash (4 to 40 hexadecimal digits), not {commit!r}",
                "copy it from 'git log --oneline', in quotes if it is all digits, or remove it",
                keys.get("commit", first),
            )
        reason = entry.get("reason")
        reasons: dict[str, str] = {}
        if not isinstance(reason, dict):
            ok = False
            err(
                f"{name}: 'reason' must give the reason in every language ({', '.join(languages)})",
                "write 'reason:' then one indented line per language, e.g. 'fr: ...'",
                keys.get("reason", first),
            )
        else:
            for lang in sorted((k for k in reason if k not in languages), key=str):
                err(
                    f"{name}: reason in '{lang}' is ignored: it is not one of the site's languages",
                    f"remove it, or add '{lang}' to languages in mkdocs.yml",
                    keys.get("reason", first),
                    WARNING,
                )
            for lang in languages:
                said = reason.get(lang)
                if not isinstance(said, str) or not said.strip():
                    ok = False
                    err(
                        f"{name}: the reason in '{lang}' is missing or not text",
                        f"write it under 'reason: {lang}:': readers see it beside the version",
                        keys.get("reason", first),
                    )
                else:
                    reasons[lang] = " ".join(said.split())
        if ok and date is not None:
            found.append(Correction(date, reasons, commit.strip().lower() if isinstance(commit, str) else None))
    return sorted(found, key=lambda c: c.date)
