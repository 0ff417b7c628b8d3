"""The subscriber store: who asked for the change notices, in which language, with proof of consent.

One SQLite file (stdlib `sqlite3`) holds the subscribers, an append-only log of
what happened to each (E3: consent and every unsubscribe are kept, never
deleted), the delivery ledger of `send`, and the web subscriptions waiting for
their confirmation (E10). Timestamps are stored as UTC `YYYY-MM-DDTHH:MM:SSZ`
so they compare as text.

The schema is versioned with `PRAGMA user_version`: `MIGRATIONS` are applied in
order when a store is opened, so a store made by an older release upgrades in
place. Every write goes through `transaction` (BEGIN IMMEDIATE: a writer waits
for the lock up front instead of failing half-way with "database is locked").
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import secrets
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email

LANGUAGES = ("fr", "en")
ACTIVE, UNSUBSCRIBED, BOUNCED = "active", "unsubscribed", "bounced"
STATUSES = (ACTIVE, UNSUBSCRIBED, BOUNCED)
FORGOTTEN_DOMAIN = "forgotten.invalid"  # RFC 2606: never deliverable
CSV_COLUMNS = ["address", "lang", "status", "consent_at", "consent_how", "consent_source", "status_at", "status_how"]
BUSY_TIMEOUT_MS = 10_000

# Each migration is a list of statements run in one transaction; never edit a published one, add the next.
MIGRATIONS: list[tuple[int, list[str]]] = [
    # 1: the schema of the first releases (subscribers.py and notify.py), unchanged, for stores made without it.
    (
        1,
        [
            """CREATE TABLE IF NOT EXISTS subscribers (
    id INTEGER PRIMARY KEY,
    address TEXT NOT NULL UNIQUE COLLATE NOCASE,
    lang TEXT NOT NULL DEFAULT 'fr' CHECK (lang IN ('fr', 'en')),
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'unsubscribed', 'bounced')),
    token TEXT NOT NULL UNIQUE,
    consent_at TEXT NOT NULL,
    consent_how TEXT NOT NULL,
    consent_source TEXT NOT NULL DEFAULT '',
    status_at TEXT,
    status_how TEXT
)""",
            """CREATE TABLE IF NOT EXISTS subscriber_events (
    id INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
)""",
            """CREATE TABLE IF NOT EXISTS deliveries (
    version TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'pending', 'failed', 'unknown')),
    message_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version, subscriber_id)
) WITHOUT ROWID""",
        ],
    ),
    # 2: web subscriptions with double opt-in (E10), and the index `forget` and the history need.
    (
        2,
        [
            "CREATE INDEX IF NOT EXISTS subscriber_events_by_subscriber ON subscriber_events (subscriber_id)",
            """CREATE TABLE confirmations (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    token TEXT,
    address TEXT NOT NULL COLLATE NOCASE,
    lang TEXT NOT NULL CHECK (lang IN ('fr', 'en')),
    form TEXT NOT NULL,
    page TEXT NOT NULL DEFAULT '',
    requested_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'queued'
        CHECK (state IN ('queued', 'sending', 'mailed', 'failed', 'confirmed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try_at TEXT NOT NULL,
    confirmed_at TEXT,
    detail TEXT NOT NULL DEFAULT ''
)""",
            "CREATE INDEX confirmations_by_address ON confirmations (address, requested_at)",
            "CREATE INDEX confirmations_outbox ON confirmations (state, next_try_at)",
        ],
    ),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


class StoreError(ValueError):
    """A request the store refuses, with a message meant for the site owner."""


def utc_text(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def utc_now() -> str:
    return utc_text(dt.datetime.now(dt.UTC))


def as_utc_text(value: str, timezone: str = "America/Toronto") -> str:
    """A date or date-time from a person or a CSV file, as stored UTC text.

    A bare date means the start of that day in the organisation's time zone; a
    date-time without offset is local time there too.
    """
    value = value.strip()
    try:
        if len(value) == 10:
            moment = dt.datetime.combine(dt.date.fromisoformat(value), dt.time(), ZoneInfo(timezone))
        else:
            moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=ZoneInfo(timezone))
    except ValueError:
        raise StoreError(
            f"{value!r} is not a date (YYYY-MM-DD) or a date-time (YYYY-MM-DDTHH:MM[:SS][±HH:MM])"
        ) from None
    return utc_text(moment)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_text(field: str, value: str) -> str:
    """Refuse control characters: they would end up in email headers or CSV exports (E9)."""
    if _CONTROL.search(value):
        raise StoreError(f"{field} contains a line break or control character: refused (header injection?)")
    return value


def normalise_address(address: str, check_deliverability: bool = False) -> str:
    """The normalised form email-validator gives (Unicode domain, NFC), or StoreError saying what is wrong.

    International addresses are accepted: an IDN domain is kept in Unicode here and
    sent as punycode; a non-ASCII local part needs a server that offers SMTPUTF8
    (see `mailbox`).
    """
    check_text("address", address)
    try:
        info = validate_email(address.strip(), check_deliverability=check_deliverability, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise StoreError(f"{address.strip()!r} is not a valid email address: {exc}") from None
    return info.normalized


@dataclass(frozen=True)
class Mailbox:
    """An address as it goes on the wire (envelope and To header)."""

    address: str  # the domain in ASCII (punycode)
    smtputf8: bool  # the local part is not ASCII: only a server that offers SMTPUTF8 can take it


def mailbox(address: str) -> Mailbox:
    """The wire form of a stored address; StoreError if it is not an address at all (a hand-edited store)."""
    if address.isascii():
        return Mailbox(address, False)
    try:
        info = validate_email(address, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as exc:
        raise StoreError(f"{address!r} is not a valid email address: {exc}") from None
    if info.ascii_email:
        return Mailbox(info.ascii_email, False)
    return Mailbox(f"{info.local_part}@{info.ascii_domain}", True)


def address_forms(address: str) -> set[str]:
    """Every spelling of one address that may have been stored or quoted: as given, normalised, punycode."""
    forms = {address.strip()}
    try:
        info = validate_email(address.strip(), check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError:
        return forms
    forms |= {info.normalized, f"{info.local_part}@{info.ascii_domain}"}
    if info.ascii_email:
        forms.add(info.ascii_email)
    return {f for f in forms if f}


def forgotten_alias(address: str) -> str:
    """What stays of an erased address: a one-way digest, so an old list cannot bring it back."""
    digest = hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{FORGOTTEN_DOMAIN}"


def token_hash(token: str) -> str:
    """Confirmation tokens are stored hashed: a copy of the file cannot confirm anyone."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


@dataclass(frozen=True)
class Subscriber:
    id: int
    address: str
    lang: str
    status: str
    token: str
    consent_at: str
    consent_how: str
    consent_source: str
    status_at: str | None
    status_how: str | None


# Connections, schema, transactions --------------------------------------------------------


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """The one way this package writes: BEGIN IMMEDIATE, COMMIT, or ROLLBACK on any exception.

    IMMEDIATE takes the write lock at the start, waiting up to the busy timeout;
    a deferred transaction that reads then writes can fail at once with
    "database is locked" when another writer committed meanwhile (WAL snapshots).
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def schema_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def migrate(conn: sqlite3.Connection, path: Path | str = "store") -> int:
    """Bring the store to SCHEMA_VERSION; returns the version it had. Refuses a store from a newer release."""
    found = schema_version(conn)
    if found == SCHEMA_VERSION:
        return found
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer policy-archive (schema {found}; this one knows up to {SCHEMA_VERSION}):"
            " upgrade policy-archive"
        )
    with transaction(conn):
        found = schema_version(conn)  # another process may have migrated while we waited for the lock
        for number, statements in MIGRATIONS:
            if number > found:
                for statement in statements:
                    conn.execute(statement)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    return found


def connect(path: Path) -> sqlite3.Connection:
    """Open (create, upgrade) the store.

    WAL lets the web service write while `notify` reads; FULL sync makes every
    commit durable before the next SMTP transaction (E7); secure_delete overwrites
    what an erasure removes; autocommit mode (`isolation_level=None`) so that every
    transaction is explicit and short.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
    try:
        conn.row_factory = sqlite3.Row
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # an erased address leaves no copy in free pages
        migrate(conn, path)
    except BaseException:
        conn.close()
        raise
    return conn


def _mentions(forms: Iterable[str]) -> re.Pattern[str]:
    """An address in any letter case, not as part of a longer address (marilea@ is not lea@)."""
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w!#$%&'*+/=?^`{{|}}~.-])(?:{alternatives})(?![\w-]|\.\w)", re.IGNORECASE)


class Store:
    """Subscribers and their history; every change is one transaction with its log entry."""

    def __init__(self, conn: sqlite3.Connection, timezone: str = "America/Toronto", path: Path | None = None):
        self.conn = conn
        self.timezone = timezone
        self.path = path

    @classmethod
    def open(cls, path: Path, timezone: str = "America/Toronto") -> Store:
        return cls(connect(path), timezone, path)

    def close(self) -> None:
        self.conn.close()

    def _event(self, subscriber_id: int, event: str, detail: str, at: str) -> None:
        self.conn.execute(
            "INSERT INTO subscriber_events (subscriber_id, at, event, detail) VALUES (?, ?, ?, ?)",
            (subscriber_id, at, event, detail),
        )

    def _row(self, address: str) -> Subscriber | None:
        row = self.conn.execute("SELECT * FROM subscribers WHERE address = ?", (address,)).fetchone()
        return Subscriber(**dict(row)) if row else None

    def get(self, address: str) -> Subscriber | None:
        """By address, in whatever form it is given (case of the domain, punycode or Unicode)."""
        found = self._row(address.strip())
        if found is None:
            try:
                normal = normalise_address(address)
            except StoreError:
                return None
            found = self._row(normal) if normal != address.strip() else None
        return found

    def by_token(self, token: str) -> Subscriber | None:
        row = self.conn.execute("SELECT * FROM subscribers WHERE token = ?", (token,)).fetchone()
        return Subscriber(**dict(row)) if row else None

    def add(
        self,
        address: str,
        lang: str = "fr",
        *,
        how: str,
        source: str = "",
        when: str | None = None,
        check_deliverability: bool = False,
        resubscribe: bool = True,
    ) -> tuple[Subscriber, str]:
        """Subscribe one address with its consent record; returns it and what happened.

        An address that unsubscribed comes back only with a new consent and only
        when `resubscribe` is true (an import must not undo an unsubscribe).
        """
        address = normalise_address(address, check_deliverability)
        if lang not in LANGUAGES:
            raise StoreError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
        if not how.strip():
            raise StoreError("no consent record: say how consent was given (e.g. 'web form, box ticked')")
        how, source = check_text("consent how", how).strip(), check_text("consent source", source).strip()
        consent_at = as_utc_text(when, self.timezone) if when else utc_now()
        forgotten = None if resubscribe else self.get(forgotten_alias(address))
        if forgotten is not None:
            raise StoreError(
                f"{address} asked to be forgotten on {forgotten.status_at}: not subscribed again"
                " (only 'subscribers add' with a new consent can)"
            )
        try:
            with transaction(self.conn):
                existing = self._row(address)
                if existing is None:
                    cur = self.conn.execute(
                        "INSERT INTO subscribers (address, lang, token, consent_at, consent_how, consent_source)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (address, lang, secrets.token_urlsafe(24), consent_at, how, source),
                    )
                    outcome = "added"
                    self._event(int(cur.lastrowid or 0), "subscribed", f"{how}; {source}".strip("; "), consent_at)
                elif existing.status == ACTIVE:
                    outcome = "already subscribed"
                elif not resubscribe:
                    raise StoreError(
                        f"{address} {existing.status} on {existing.status_at}: not subscribed again"
                        " (use 'subscribers add' with a new consent)"
                    )
                else:
                    outcome = "subscribed again"
                    self._reactivate(existing.id, lang, consent_at, how, source, f"again: {how}; {source}".strip("; "))
        except sqlite3.IntegrityError:  # the same address added by another process meanwhile
            raise StoreError(f"{address} was added by someone else meanwhile: run the command again") from None
        found = self._row(address)
        assert found is not None
        return found, outcome

    def _reactivate(self, sid: int, lang: str, consent_at: str, how: str, source: str, detail: str) -> None:
        self.conn.execute(
            "UPDATE subscribers SET status = 'active', lang = ?, consent_at = ?, consent_how = ?,"
            " consent_source = ?, status_at = NULL, status_how = NULL WHERE id = ?",
            (lang, consent_at, how, source, sid),
        )
        self._event(sid, "subscribed", detail, consent_at)

    def set_status(self, subscriber_id: int, status: str, how: str) -> bool:
        """Unsubscribe or suppress; the record and its history stay (E3). False if nothing changed."""
        at = utc_now()
        with transaction(self.conn):
            cur = self.conn.execute(
                "UPDATE subscribers SET status = ?, status_at = ?, status_how = ? WHERE id = ? AND status = 'active'",
                (status, at, how, subscriber_id),
            )
            if cur.rowcount:
                self._event(subscriber_id, status, how, at)
        return bool(cur.rowcount)

    def remove(self, address: str, how: str = "command line") -> Subscriber:
        subscriber = self.get(address)
        if subscriber is None:
            raise StoreError(f"{address.strip()} is not in the subscriber list")
        if subscriber.status != ACTIVE:
            raise StoreError(f"{subscriber.address} is already {subscriber.status} (since {subscriber.status_at})")
        self.set_status(subscriber.id, UNSUBSCRIBED, check_text("reason", how))
        found = self.get(subscriber.address)
        assert found is not None
        return found

    # Erasure ------------------------------------------------------------------------------

    def forget(self, address: str, how: str = "command line", wait: float = 10.0) -> tuple[str, bool]:
        """Erase a person's address at their request; returns (what stands in its place, already forgotten).

        The unsubscribe and the consent dates stay as proof (E3), but nothing left
        identifies the person: the address becomes a digest (so an import of an old
        list cannot re-add it), the token is replaced, every text that quotes the
        address in any letter case (server replies, bounce reasons, pending web
        subscriptions) is scrubbed, free pages are overwritten (secure_delete) and the
        write-ahead log is emptied. That last step waits up to `wait` seconds for other
        processes' reads to end; if it cannot, StoreError says so and running it again
        finishes the job (an address already forgotten is scrubbed again).
        """
        check_text("reason", how)
        subscriber = self.get(address)
        forms = address_forms(subscriber.address if subscriber else address)
        if subscriber is None:
            alias = next((forgotten_alias(f) for f in forms if self._row(forgotten_alias(f))), "")
            if not alias:
                raise StoreError(f"{address.strip()} is not in the subscriber list")
            already = True
        else:
            alias, already, at = forgotten_alias(subscriber.address), False, utc_now()
            with transaction(self.conn):
                if subscriber.status == ACTIVE:
                    self.conn.execute(
                        "UPDATE subscribers SET status = ?, status_at = ?, status_how = ? WHERE id = ?",
                        (UNSUBSCRIBED, at, how, subscriber.id),
                    )
                    self._event(subscriber.id, UNSUBSCRIBED, how, at)
                self.conn.execute(
                    "UPDATE subscribers SET address = ?, token = ?, consent_source = '' WHERE id = ?",
                    (alias, secrets.token_urlsafe(24), subscriber.id),
                )
                self._event(subscriber.id, "forgotten", how, at)
        self._scrub(forms, alias)
        self._empty_wal(address.strip(), wait)
        self._check_files(forms)
        return alias, already

    def _scrub(self, forms: set[str], alias: str) -> None:
        """Replace the address in every text of every table, and drop its pending web subscriptions."""
        pattern = _mentions(forms)
        self.conn.create_function(
            "pa_mentions", 1, lambda v: isinstance(v, str) and bool(pattern.search(v)), deterministic=True
        )
        self.conn.create_function(
            "pa_scrub", 1, lambda v: pattern.sub(alias, v) if isinstance(v, str) else v, deterministic=True
        )
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        with transaction(self.conn):
            self.conn.execute("DELETE FROM confirmations WHERE pa_mentions(address)")
            for table in tables:
                for column in self.conn.execute(f"PRAGMA table_info({table})").fetchall():
                    name = column["name"]
                    self.conn.execute(f'UPDATE "{table}" SET "{name}" = pa_scrub("{name}") WHERE pa_mentions("{name}")')

    def _file(self) -> Path | None:
        row = self.conn.execute("PRAGMA database_list").fetchone()
        return Path(row["file"]) if row and row["file"] else None

    def _empty_wal(self, address: str, wait: float) -> None:
        """Copy the write-ahead log into the database and truncate it, waiting for readers up to `wait` s."""
        db = self._file()
        if db is None:
            return
        wal = db.with_name(db.name + "-wal")
        deadline = time.monotonic() + wait
        self.conn.execute(f"PRAGMA busy_timeout = {int(max(0.05, min(wait, 1.0)) * 1000)}")
        try:
            while True:
                busy = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
                if not busy and (not wal.exists() or wal.stat().st_size == 0):
                    return
                if time.monotonic() >= deadline:
                    raise StoreError(
                        f"{address}: erased from the tables, but an older copy may remain in {wal.name} (and"
                        f" {db.name}) because another process is reading the store (the subscription service, a"
                        f" notify run, a backup?) and kept reading for {wait:g} s. Let it finish or stop it, then"
                        f" run 'policy-archive subscribers forget {address}' again to complete the erasure"
                    )
                time.sleep(0.05)
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _check_files(self, forms: set[str]) -> None:
        """Last check on the bytes of the files; VACUUM once if a copy survived, fail loudly if it still does."""
        db = self._file()
        if db is None:
            return
        needles = {f.lower().encode("utf-8") for f in forms}
        # Another live address may contain this one (marilea@ holds lea@): the bytes cannot tell them apart.
        for column_values in self._texts():
            if any(n in column_values for n in needles):
                return

        def found() -> list[str]:
            files = [p for p in (db, db.with_name(db.name + "-wal")) if p.exists()]
            return [p.name for p in files if any(n in p.read_bytes().lower() for n in needles)]

        if not found():
            return
        self.conn.execute("VACUUM")
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if left := found():
            raise StoreError(
                f"the address is erased from the tables but its bytes are still in {', '.join(left)}:"
                " copy the store elsewhere with 'sqlite3 FILE .dump' and report this"
            )

    def _texts(self) -> Iterator[bytes]:
        """Every live text value, lower-cased bytes (for `_check_files`)."""
        tables = [
            r[0]
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        for table in tables:
            for row in self.conn.execute(f'SELECT * FROM "{table}"'):
                for value in row:
                    if isinstance(value, str):
                        yield value.lower().encode("utf-8")

    # Reading ------------------------------------------------------------------------------

    def all(self, status: str | None = None) -> Iterator[Subscriber]:
        sql = "SELECT * FROM subscribers" + (" WHERE status = ?" if status else "") + " ORDER BY id"
        for row in self.conn.execute(sql, (status,) if status else ()):
            yield Subscriber(**dict(row))

    def events(self, subscriber_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT at, event, detail FROM subscriber_events WHERE subscriber_id = ? ORDER BY id", (subscriber_id,)
        ).fetchall()

    # Web subscriptions (double opt-in, E10) -----------------------------------------------

    def request_confirmation(
        self,
        address: str,
        lang: str,
        *,
        form: str,
        page: str = "",
        hours: float = 48,
        per_address: tuple[int, float] = (3, 3600.0),
        now: dt.datetime | None = None,
    ) -> str | None:
        """Queue a confirmation email; returns its token, or None when this address asked too often.

        The same for every address, subscribed or not (no enumeration): whether the
        person is already on the list only matters when they confirm.
        """
        address = normalise_address(address)
        if lang not in LANGUAGES:
            raise StoreError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
        check_text("form", form)
        check_text("page", page)
        moment = now or dt.datetime.now(dt.UTC)
        limit, window = per_address
        token = secrets.token_urlsafe(32)
        with transaction(self.conn):
            recent = self.conn.execute(
                "SELECT count(*) FROM confirmations WHERE address = ? AND requested_at > ?",
                (address, utc_text(moment - dt.timedelta(seconds=window))),
            ).fetchone()[0]
            if recent >= limit:
                return None
            self.conn.execute(
                "INSERT INTO confirmations (token_hash, token, address, lang, form, page, requested_at, expires_at,"
                " next_try_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    token_hash(token),
                    token,
                    address,
                    lang,
                    form,
                    page,
                    utc_text(moment),
                    utc_text(moment + dt.timedelta(hours=hours)),
                    utc_text(moment),
                ),
            )
        return token

    def confirmation(self, token: str) -> sqlite3.Row | None:
        return self.conn.execute(
            "SELECT id, address, lang, state, expires_at, form, page FROM confirmations WHERE token_hash = ?",
            (token_hash(token),),
        ).fetchone()

    def confirm(self, token: str, now: dt.datetime | None = None) -> tuple[str, sqlite3.Row | None]:
        """Make the subscription of this token active, once; returns (outcome, the request).

        Outcomes: 'subscribed', 'confirmed again' (already active: the earlier consent
        stays, so no notice owed under it is lost), 'used', 'expired', 'unknown'.
        """
        at = utc_text(now or dt.datetime.now(dt.UTC))
        with transaction(self.conn):
            row = self.conn.execute("SELECT * FROM confirmations WHERE token_hash = ?", (token_hash(token),)).fetchone()
            if row is None or row["state"] == "failed":
                return "unknown", None
            if row["state"] == "confirmed":
                return "used", row
            if row["expires_at"] <= at:
                return "expired", row
            how = "web form, consent box ticked, confirmed by email"
            source = f"form {row['form']}" + (f", from page {row['page']}" if row["page"] else "")
            detail = f"{how}; {source}; requested {row['requested_at']}, confirmed {at}"
            existing = self._row(row["address"])
            if existing is None:
                cur = self.conn.execute(
                    "INSERT INTO subscribers (address, lang, token, consent_at, consent_how, consent_source)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (row["address"], row["lang"], secrets.token_urlsafe(24), at, how, source),
                )
                self._event(int(cur.lastrowid or 0), "subscribed", detail, at)
                outcome = "subscribed"
            elif existing.status == ACTIVE:
                self._event(existing.id, "consent confirmed", detail, at)
                outcome = "confirmed again"
            else:
                self._reactivate(existing.id, row["lang"], at, how, source, f"again: {detail}")
                outcome = "subscribed"
            self.conn.execute(
                "UPDATE confirmations SET state = 'confirmed', confirmed_at = ?, token = NULL WHERE id = ?",
                (at, row["id"]),
            )
        return outcome, row

    # The confirmation outbox (the web service's mail thread) -------------------------------

    def next_confirmation(self, now: dt.datetime | None = None) -> sqlite3.Row | None:
        """Claim the oldest confirmation email due; None when there is none."""
        at = utc_text(now or dt.datetime.now(dt.UTC))
        with transaction(self.conn):
            row = self.conn.execute(
                "SELECT id, token, address, lang, expires_at FROM confirmations"
                " WHERE state = 'queued' AND next_try_at <= ? AND expires_at > ? ORDER BY id LIMIT 1",
                (at, at),
            ).fetchone()
            if row is not None:
                self.conn.execute(
                    "UPDATE confirmations SET state = 'sending', attempts = attempts + 1 WHERE id = ?", (row["id"],)
                )
        return row

    def confirmation_outcome(self, cid: int, state: str, detail: str = "", retry_at: str | None = None) -> None:
        """mailed (token dropped: only its hash stays), failed, or queued again at `retry_at`."""
        with transaction(self.conn):
            if state == "queued":
                self.conn.execute(
                    "UPDATE confirmations SET state = 'queued', next_try_at = ?, detail = ? WHERE id = ?",
                    (retry_at or utc_now(), detail, cid),
                )
            else:
                self.conn.execute(
                    "UPDATE confirmations SET state = ?, token = NULL, detail = ? WHERE id = ? AND state = 'sending'",
                    (state, detail, cid),
                )

    def requeue_interrupted(self) -> int:
        """Confirmation emails a stopped service was sending: queued again (a second copy harms no one)."""
        with transaction(self.conn):
            return self.conn.execute("UPDATE confirmations SET state = 'queued' WHERE state = 'sending'").rowcount

    def purge_confirmations(self, now: dt.datetime | None = None, grace_days: float = 1) -> int:
        """Requests past their expiry (plus a day, so a late click says 'expired'): personal data not kept longer."""
        cutoff = utc_text((now or dt.datetime.now(dt.UTC)) - dt.timedelta(days=grace_days))
        with transaction(self.conn):
            return self.conn.execute("DELETE FROM confirmations WHERE expires_at < ?", (cutoff,)).rowcount

    # CSV -------------------------------------------------------------------------------

    def import_csv(
        self, text: str, *, how: str = "", source: str = "", check_deliverability: bool = False
    ) -> tuple[int, list[str], list[str]]:
        """Add every good line of a CSV file; returns (added, notes, errors), each message with its line.

        Columns (header row required): address (or email), then optionally lang,
        status, consent_at, consent_how, consent_source. `how`/`source` fill a
        missing consent record. A bad line is reported and the rest imported.
        """
        reader = csv.DictReader(io.StringIO(text))
        fields = [f.strip().lower() for f in reader.fieldnames or []]
        reader.fieldnames = fields
        if "address" not in fields and "email" not in fields:
            return 0, [], ["line 1: no 'address' (or 'email') column in the header row"]
        added, notes, errs = 0, [], []
        for row in reader:
            line = reader.line_num
            values = {k: (v or "").strip() for k, v in row.items() if k}
            address = values.get("address") or values.get("email") or ""
            if not address and not any(values.values()):
                continue
            status = (values.get("status") or ACTIVE).lower()
            try:
                if status not in STATUSES:
                    raise StoreError(f"status {status!r} is not one of {', '.join(STATUSES)}")
                subscriber, outcome = self.add(
                    address,
                    (values.get("lang") or "fr").lower(),
                    how=values.get("consent_how") or how,
                    source=values.get("consent_source") or source,
                    when=values.get("consent_at") or None,
                    check_deliverability=check_deliverability,
                    resubscribe=False,
                )
            except StoreError as exc:
                errs.append(f"line {line}: {exc}")
                continue
            if outcome == "added":
                added += 1
                if status != ACTIVE:  # carried over from an export: the suppression stays
                    self.set_status(subscriber.id, status, values.get("status_how") or "imported")
            else:
                notes.append(f"line {line}: {subscriber.address} {outcome}")
        return added, notes, errs

    def export_csv(self, rows: Iterable[Subscriber] | None = None) -> str:
        """Every subscriber with consent and status (tokens stay in the store: they are secrets)."""
        out = io.StringIO()
        writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for s in rows if rows is not None else self.all():
            writer.writerow({k: getattr(s, k) or "" for k in CSV_COLUMNS})
        return out.getvalue()


Clock = Callable[[], dt.datetime]
