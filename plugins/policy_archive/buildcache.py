"""The build cache: what a build computed from immutable text, kept for the next build.

A published version never changes (T5), so what a build derives from its text is the same from
one build to the next: the HTML of each distinct section (`fragments`), the redline between two
versions (`redline.Redliner.compare`), the compare page's data, and whole pages (`pagecache`).
`.cache/policy-archive/build/` (beside mkdocs.yml, git-ignored like Material's own `.cache`)
keeps them, each under a key made of everything it depends on. The cache as a whole is tied to
the plugin's code and strings (`code_key`) and to the Markdown version: a change of either
starts afresh. A build is byte-identical with and without the cache.

The results are kept in an SQLite database (`cache.sqlite`), read one entry at a time when a
build asks for it, so a build holds what it uses, not the whole archive's, and a build that made
little writes little. The folder is safe to delete. A damaged or foreign file is ignored (and
replaced), never trusted: each entry is compressed (Zstandard) JSON, with a text after it when
the result is one (a page's HTML, a section's JSON: kept as it is, not escaped into a JSON
string), decoded and checked by its reader.
`cache: false` in the plugin's options, or `POLICY_ARCHIVE_CACHE=0` for one run, turns it off.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import markdown
import zstandard

from .env import switch

ENV = "POLICY_ARCHIVE_CACHE"
DEFAULT_DIR = ".cache/policy-archive/build"  # relative to mkdocs.yml
FORMAT = 5  # 1: one JSON file (cache.json); 2: SQLite, uncompressed; 3: zlib, text inside the JSON;
# 4: entries kept only for the next build
# An entry the last build did not use is kept for this many more builds: `mkdocs serve` (its own
# site_url, so its own pages) and `mkdocs build` run in turn each find their pages.
KEEP_UNUSED = 1
FILE = "cache.sqlite"
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
    """Results by key for one build, read from the previous build's database when asked (a build
    holds only what it uses); what it made is written at the end (`save`).

    `get` returns the object made (or decoded) once and shared, unless `fresh`: then each call
    decodes its own copy, for results the caller changes (a redline whose ids a page adjusts). The
    call that makes it decodes what `encode` gave, not its stored bytes: `encode` must give what
    storing gives back (JSON values: lists, not tuples)."""

    def __init__(
        self,
        db: sqlite3.Connection | None = None,
        loaded: frozenset[str] = frozenset(),
        kept: bool = True,
        missed: dict[str, int] | None = None,
    ) -> None:
        self._db = db
        self.loaded = loaded  # the keys the previous builds kept
        self.missed = missed or {}  # key -> how many builds in a row did not use it (when any did not)
        self.kept = kept  # False: the cache is off, nothing is written at the end (so nothing packed for it)
        self.new: dict[str, bytes] = {}  # key -> entry made in this build, compressed (a tenth of the memory)
        self.live: dict[str, Any] = {}
        self.used: set[str] = set()
        self.damaged: set[str] = set()
        self.made: Counter[str] = Counter()  # kind (the key's prefix) -> results computed
        self.reused: Counter[str] = Counter()  # kind -> results taken from this or an earlier build

    def _entry(self, key: str) -> tuple[Any, str | None] | None:
        """The JSON value and text kept under `key`, made in this build or an earlier one; None
        when there is none, or it cannot be read (then it is damaged, and made again)."""
        data = self.new.get(key)
        if data is None:
            if self._db is None or key not in self.loaded or key in self.damaged:
                return None
            try:
                row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                return None
            data = row[0] if row else None
        try:
            return _unpack(data)
        except (TypeError, ValueError, zstandard.ZstdError):  # not ours (text, another format): made again
            self.damaged.add(key)
            self.new.pop(key, None)
            return None

    def _stored(self, key: str) -> Any:
        """What `get` kept under `key` (its text if it is one, else its JSON), or _MISSING."""
        entry = self._entry(key)
        if entry is None:
            return _MISSING
        value, text = entry
        return value if text is None else text

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
        stored = self._stored(key)
        if stored is not _MISSING:
            try:
                found = decode(stored)
                self.reused[kind] += 1
            except (KeyError, TypeError, ValueError, AttributeError):  # not the expected shape: made again
                self.damaged.add(key)
                self.new.pop(key, None)
        if found is _MISSING:
            self.made[kind] += 1
            found = make()
            if self.kept or fresh:  # fresh: a later call decodes it again, even with the cache off
                encoded = encode(found)
                self.new[key] = _pack(None, encoded) if isinstance(encoded, str) else _pack(encoded)
                if fresh:  # the caller's copy is what that later call gets, without the round trip
                    found = decode(encoded)
        if not fresh:
            self.live[key] = found
        return found

    def find(self, key: str) -> tuple[Any, str] | None:
        """A stored value (decoded JSON) and its text, made by an earlier build, or None; `put`
        keeps one. For results made elsewhere than in `get` (a page, once MkDocs has rendered it)."""
        self.used.add(key)
        entry = self._entry(key)
        if entry is None or entry[1] is None:
            return None
        self.reused[key.split(":", 1)[0]] += 1
        return entry[0], entry[1]

    def put(self, key: str, value: Any, text: str) -> None:
        self.used.add(key)
        self.made[key.split(":", 1)[0]] += 1
        self.damaged.discard(key)
        self.new[key] = _pack(value, text)

    def holds(self, key: str) -> bool:
        """Whether `get` would find `key` without making it (as far as can be told unread)."""
        return key in self.live or key in self.new or (key in self.loaded and key not in self.damaged)

    def adopt(self, entries: dict[str, bytes]) -> None:
        """Entries another process made for this build (`prefill`), packed as `get` packs them; read
        and checked like the database's when asked. What this build made itself stays."""
        for key, data in entries.items():
            if key not in self.new and key not in self.live:
                self.new[key] = data
                self.made[key.split(":", 1)[0]] += 1

    def keep(self, keys: list[str]) -> None:
        """Entries this build did not need but the next may (a page kept whole holds them)."""
        self.used.update(k for k in keys if k in self.loaded or k in self.new)

    @property
    def changed(self) -> bool:
        """Whether the next build would find anything else than this one found (else: not written)."""
        return bool(self.new) or bool(self.loaded - self.used) or any(k in self.used for k in self.missed)

    def report(self) -> str:
        kinds = sorted(set(self.made) | set(self.reused))
        return ", ".join(f"{kind}s made {self.made[kind]}, reused {self.reused[kind]}" for kind in kinds) or "nothing"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# Zstandard at its fastest level: 3-4 times faster than zlib's, and smaller. Compressed because
# redlines repeat their markup, and a cold build holds all it made until `save`.
_COMPRESSOR = zstandard.ZstdCompressor(level=1)
_DECOMPRESSOR = zstandard.ZstdDecompressor()


def _pack(value: Any, text: str | None = None) -> bytes:
    """JSON, then (after a NUL byte, which JSON never holds) the text, if any, as it is."""
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    if text is not None:
        data += b"\0" + text.encode()
    # A copy of the exact size: zstandard's result keeps its worst-case allocation, which held
    # 14 MB more at the end of a 100-version build.
    return bytes(memoryview(_COMPRESSOR.compress(data)))


def _unpack(data: bytes) -> tuple[Any, str | None]:
    """(JSON value, text or None); ValueError, TypeError or ZstdError when `data` is not an entry."""
    head, nul, text = _DECOMPRESSOR.decompress(data).partition(b"\0")
    return json.loads(head), (text.decode() if nul else None)


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, missed INTEGER NOT NULL DEFAULT 0)",
)


def _connect(path: Path) -> sqlite3.Connection:
    # Autocommit mode: `save` opens its own transaction. A second build at the same time waits.
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    # No fsync: a build stopped half-way still leaves the previous state (the rollback journal),
    # and a file damaged by a power cut is read as no cache (`load`, `save`): a cache needs no more.
    db.execute("PRAGMA synchronous=OFF")
    return db


def load(folder: Path) -> tuple[Store, str | None]:
    """What a previous build kept, and why none of it could be read (None when all is well)."""
    path = folder / FILE
    if not path.is_file():
        return Store(), None
    try:
        db = _connect(path)
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("format") != str(FORMAT) or meta.get("code") != code_key():
            return Store(db), None  # another format, plugin or Markdown version: start afresh
        rows = db.execute("SELECT key, missed FROM entries").fetchall()
    except sqlite3.Error as exc:
        return Store(), f"build cache {path} could not be read ({exc}); it is made again"
    return Store(db, frozenset(key for key, _ in rows), missed={key: n for key, n in rows if n}), None


def save(folder: Path, store: Store) -> str | None:
    """Keep what this build used, and what it did not use but a build of the last `KEEP_UNUSED`
    did, in one transaction (a build stopped half-way leaves the previous state); the reason it
    could not be written, if so (a read-only checkout still builds). Only what changed is written."""
    path = folder / FILE
    try:
        if not store.changed and path.is_file():
            return None
        folder.mkdir(parents=True, exist_ok=True)
        try:
            _write(path, store)
        except sqlite3.DatabaseError as exc:  # not a database (damaged, another program's file): made anew
            if isinstance(exc, sqlite3.OperationalError):  # locked, read-only, full: not the file's fault
                raise
            store.close()
            path.unlink()
            store.loaded = frozenset()
            store.new = {k: v for k, v in store.new.items() if k in store.used}
            _write(path, store)
    except (OSError, sqlite3.Error) as exc:
        return f"build cache not written to {folder}: {exc}"
    finally:
        store.close()
    return None


def _write(path: Path, store: Store) -> None:
    db = _connect(path)
    try:
        db.execute("BEGIN IMMEDIATE")
        db.execute(_SCHEMA[0])
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("format") != str(FORMAT) or meta.get("code") != code_key():
            db.execute("DROP TABLE IF EXISTS entries")  # another format's columns, or another plugin's results
        db.execute(_SCHEMA[1])
        db.executemany(
            "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)", [("format", str(FORMAT)), ("code", code_key())]
        )
        new = [(k, v) for k, v in store.new.items() if k in store.used]
        db.executemany("INSERT OR REPLACE INTO entries (key, value) VALUES (?, ?)", new)
        # Damaged entries this build did not make again go; unused ones age, and go once too old.
        keys = [k for (k,) in db.execute("SELECT key FROM entries")]
        damaged = [(k,) for k in keys if k in store.damaged and k not in store.new]
        db.executemany("DELETE FROM entries WHERE key = ?", damaged)
        unused = [(k,) for k in keys if k not in store.used and k not in store.new]
        db.executemany("UPDATE entries SET missed = missed + 1 WHERE key = ?", unused)
        db.execute("DELETE FROM entries WHERE missed > ?", (KEEP_UNUSED,))
        used_again = [(k,) for k in store.used if store.missed.get(k)]
        db.executemany("UPDATE entries SET missed = 0 WHERE key = ?", used_again)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    finally:
        db.close()
