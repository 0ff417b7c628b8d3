"""The build cache: what a build computed from immutable text, kept for the next build.

A published version never changes (T5), so what a build derives from its text is the same from
one build to the next: the HTML of each distinct section (`fragments`) and the redline between
two versions (`redline.Redliner.compare`). `.cache/policy-archive/build/` (beside mkdocs.yml,
git-ignored like Material's own `.cache`) keeps them, each under a key made of everything it
depends on: the text, the Markdown setup (extensions and their options), the language. The file
as a whole is tied to the plugin's code and strings (`code_key`) and to the Markdown version: a
change of either starts afresh. Pages themselves are assembled again at each build, so a build
is byte-identical with and without the cache.

The folder is safe to delete. A damaged or foreign file is ignored (and replaced), never
trusted: it is JSON only. `cache: false` in the plugin's options, or `POLICY_ARCHIVE_CACHE=0`
for one run, turns it off.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import markdown

from .env import switch

ENV = "POLICY_ARCHIVE_CACHE"
DEFAULT_DIR = ".cache/policy-archive/build"  # relative to mkdocs.yml
FORMAT = 1
FILE = "cache.json"
T = TypeVar("T")
_MISSING = object()


def enabled(option: bool = True, environ: dict[str, str] | None = None) -> bool:
    """Whether to read and write the cache: `POLICY_ARCHIVE_CACHE` (0/1) wins over the option."""
    return switch(ENV, option, environ)


@cache
def code_key() -> str:
    """The plugin's own code and reader strings, hashed: what a cached result also depends on, even
    between two releases (an edited checkout, a patched install)."""
    package = Path(__file__).resolve().parent
    digest = hashlib.sha256(markdown.__version__.encode())
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.yml")]):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


class Store:
    """Results by key, in memory for one build; what the build used can be kept for the next.

    `get` returns the object made (or decoded) once and shared, unless `fresh`: then each call
    decodes its own copy, for results the caller changes (a redline whose ids a page adjusts)."""

    def __init__(self, entries: dict[str, Any] | None = None) -> None:
        self.entries: dict[str, Any] = entries or {}  # key -> JSON value
        self.live: dict[str, Any] = {}
        self.used: set[str] = set()
        self.made: Counter[str] = Counter()  # kind (the key's prefix) -> results computed
        self.reused: Counter[str] = Counter()  # kind -> results taken from this or an earlier build

    def get(
        self,
        key: str,
        make: Callable[[], T],
        encode: Callable[[T], Any],
        decode: Callable[[Any], T],
        fresh: bool = False,
    ) -> T:
        kind = key.split(":", 1)[0]
        self.used.add(key)
        if not fresh and key in self.live:
            self.reused[kind] += 1
            return self.live[key]  # type: ignore[no-any-return]
        found: Any = _MISSING
        if key in self.entries:
            try:
                found = decode(self.entries[key])
                self.reused[kind] += 1
            except (KeyError, TypeError, ValueError, AttributeError):  # a damaged entry: made again
                del self.entries[key]
        if found is _MISSING:
            self.made[kind] += 1
            found = make()
            self.entries[key] = encode(found)
            if fresh:
                found = decode(self.entries[key])  # the caller's copy is never the stored one
        if not fresh:
            self.live[key] = found
        return found

    def kept(self) -> dict[str, Any]:
        """What this build used: what the next may reuse (the rest is stale and dropped)."""
        return {k: self.entries[k] for k in sorted(self.used) if k in self.entries}

    def report(self) -> str:
        kinds = sorted(set(self.made) | set(self.reused))
        return ", ".join(f"{kind}s made {self.made[kind]}, reused {self.reused[kind]}" for kind in kinds) or "nothing"


def load(folder: Path) -> tuple[Store, str | None]:
    """What a previous build kept, and why none of it could be read (None when all is well)."""
    path = folder / FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Store(), None
    except (OSError, ValueError) as exc:
        return Store(), f"build cache {path} could not be read ({exc}); it is made again"
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("code") != code_key():
        return Store(), None  # another format, plugin or Markdown version: start afresh
    entries = data.get("entries")
    if not isinstance(entries, dict):
        return Store(), f"build cache {path} is not in the expected form; it is made again"
    return Store(entries), None


def save(folder: Path, store: Store) -> str | None:
    """Keep what this build used, atomically (a build stopped half-way leaves the old file); the
    reason it could not be written, if so (a read-only checkout still builds)."""
    data = {"format": FORMAT, "code": code_key(), "entries": store.kept()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, suffix=".tmp", delete=False) as out:
            json.dump(data, out, ensure_ascii=False, separators=(",", ":"))
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(out.name, 0o666 & ~umask)
        os.replace(out.name, folder / FILE)
    except OSError as exc:
        return f"build cache not written to {folder}: {exc}"
    return None
