"""Version folders as read, kept in the build cache between builds (`load.load_version`).

Reading a 100-version policy (a few thousand files, a YAML document per version, every check)
was a tenth of a warm build, for folders that had not changed since the build before. A folder
is kept under the state of its tree (`load._tree_state`: every entry's path, type, permissions,
size, inode and times; a write sets ctime, which no tool sets back), with what reading it gave:
the version and the problems found. The cache as a whole is tied to the plugin's code, so a
change of the rules reads everything again. Entries are plain JSON, rebuilt into the model's
objects and checked by shape: a damaged one is read again from the folder.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from typing import Any

from .model import Correction, Section, Version
from .problems import Problem

Loaded = tuple[Version | None, list[Problem]]


def key(read_key: tuple[Any, ...], state: tuple[Any, ...]) -> str:
    """The entry of one folder read with these options (`read_key`) in this state."""
    return "version:" + hashlib.sha256(repr((read_key, state)).encode()).hexdigest()


def encode(loaded: Loaded) -> dict[str, Any]:
    version, problems = loaded
    return {"version": None if version is None else _version(version), "problems": [_problem(p) for p in problems]}


def decode(data: dict[str, Any]) -> Loaded:
    """TypeError, KeyError or ValueError when `data` is not an entry (the store reads the folder again)."""
    raw = data["version"]
    version = None if raw is None else _read_version(raw)
    return version, [_read_problem(p) for p in data["problems"]]


def _version(v: Version) -> dict[str, Any]:
    # The git fields are left out: `git.read_history` fills them afresh at each build.
    return {
        "id": v.id,
        "path": str(v.path),
        "effective": v.effective.isoformat(),
        "published": v.published.isoformat(),
        "significant": v.significant,
        "reduces_rights": v.reduces_rights,
        "summary": v.summary,
        "sections": {lang: [_section(s) for s in sections] for lang, sections in v.sections.items()},
        "corrections": [{"date": c.date.isoformat(), "reason": c.reason, "commit": c.commit} for c in v.corrections],
    }


def _read_version(d: dict[str, Any]) -> Version:
    summary = d["summary"]
    if not (isinstance(summary, dict) and all(isinstance(k, str) and isinstance(t, str) for k, t in summary.items())):
        raise TypeError("not a summary")
    return Version(
        id=_str(d["id"]),
        path=Path(_str(d["path"])),
        effective=dt.date.fromisoformat(d["effective"]),
        published=dt.date.fromisoformat(d["published"]),
        significant=_bool(d["significant"]),
        reduces_rights=_bool(d["reduces_rights"]),
        summary=dict(summary),
        sections={_str(lang): [_read_section(s) for s in sections] for lang, sections in d["sections"].items()},
        corrections=[
            Correction(dt.date.fromisoformat(c["date"]), dict(c["reason"]), c["commit"]) for c in d["corrections"]
        ],
    )


_SECTION_TEXT = ("name", "lang", "markdown", "title", "heading_source", "heading_attrs", "head")
_SECTION_INT = ("level", "heading_line", "heading_end")


def _section(s: Section) -> dict[str, Any]:
    out: dict[str, Any] = {name: getattr(s, name) for name in (*_SECTION_TEXT, *_SECTION_INT)}
    return {**out, "path": str(s.path), "heading_id": s.heading_id}


def _read_section(d: dict[str, Any]) -> Section:
    values: dict[str, Any] = {name: _str(d[name]) for name in _SECTION_TEXT}
    values.update({name: _int(d[name]) for name in _SECTION_INT})
    heading_id = d["heading_id"]
    if heading_id is not None:
        heading_id = _str(heading_id)
    return Section(path=Path(_str(d["path"])), heading_id=heading_id, **values)


def _problem(p: Problem) -> dict[str, Any]:
    return {"level": p.level, "file": str(p.file), "message": p.message, "hint": p.hint, "line": p.line}


def _read_problem(d: dict[str, Any]) -> Problem:
    line = d["line"]
    if line is not None:
        line = _int(line)
    return Problem(_str(d["level"]), Path(_str(d["file"])), _str(d["message"]), _str(d["hint"]), line)


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("not a text")
    return value


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("not a number")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("not a yes/no")
    return value
