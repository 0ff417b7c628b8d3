"""The subscriber store: who asked for the change notices, in which language, with proof of consent.

One SQLite file (stdlib `sqlite3`) holds the subscribers, an append-only log of
what happened to each (E3: consent and every unsubscribe are kept, never
deleted) and, beside them, the delivery ledger owned by `notify`. Timestamps
are stored as UTC `YYYY-MM-DDTHH:MM:SSZ` so they compare as text.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import secrets
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from email_validator import EmailNotValidError, validate_email

LANGUAGES = ("fr", "en")
ACTIVE, UNSUBSCRIBED, BOUNCED = "active", "unsubscribed", "bounced"
STATUSES = (ACTIVE, UNSUBSCRIBED, BOUNCED)
FORGOTTEN_DOMAIN = "forgotten.invalid"  # RFC 2606: never deliverable
CSV_COLUMNS = ["address", "lang", "status", "consent_at", "consent_how", "consent_source", "status_at", "status_how"]

SCHEMA = """
CREATE TABLE IF NOT EXISTS subscribers (
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
);
CREATE TABLE IF NOT EXISTS subscriber_events (
    id INTEGER PRIMARY KEY,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""


def forgotten_alias(address: str) -> str:
    """What stays of an erased address: a one-way digest, so an old list cannot bring it back."""
    digest = hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()[:32]
    return f"{digest}@{FORGOTTEN_DOMAIN}"


class StoreError(ValueError):
    """A request the store refuses, with a message meant for the site owner."""


def utc_now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_text(field: str, value: str) -> str:
    """Refuse control characters: they would end up in email headers or CSV exports (E9)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise StoreError(f"{field} contains a line break or control character: refused (header injection?)")
    return value


def normalise_address(address: str, check_deliverability: bool = False) -> str:
    """A valid, normalised ASCII address, or StoreError saying what is wrong with it."""
    check_text("address", address)
    try:
        info = validate_email(address.strip(), check_deliverability=check_deliverability, allow_smtputf8=False)
    except EmailNotValidError as exc:
        raise StoreError(f"{address.strip()!r} is not a valid email address: {exc}") from None
    return info.normalized


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


def connect(path: Path) -> sqlite3.Connection:
    """Open (and create) the store.

    WAL lets the unsubscribe server write while `notify` reads; autocommit mode
    (`isolation_level=None`) so every transaction is explicit and short.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, timeout=10, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    conn.execute("PRAGMA busy_timeout = 10000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")  # an erased address leaves no copy in free pages
    conn.executescript(SCHEMA)
    return conn


class Store:
    """Subscribers and their history; every change is one transaction with its log entry."""

    def __init__(self, conn: sqlite3.Connection, timezone: str = "America/Toronto"):
        self.conn = conn
        self.timezone = timezone

    @classmethod
    def open(cls, path: Path, timezone: str = "America/Toronto") -> Store:
        return cls(connect(path), timezone)

    def close(self) -> None:
        self.conn.close()

    def _event(self, subscriber_id: int, event: str, detail: str, at: str) -> None:
        self.conn.execute(
            "INSERT INTO subscriber_events (subscriber_id, at, event, detail) VALUES (?, ?, ?, ?)",
            (subscriber_id, at, event, detail),
        )

    def get(self, address: str) -> Subscriber | None:
        row = self.conn.execute("SELECT * FROM subscribers WHERE address = ?", (address.strip(),)).fetchone()
        return Subscriber(**dict(row)) if row else None

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
        check_text("consent how", how)
        check_text("consent source", source)
        consent_at = as_utc_text(when, self.timezone) if when else utc_now()
        forgotten = None if resubscribe else self.get(forgotten_alias(address))
        if forgotten is not None:
            raise StoreError(
                f"{address} asked to be forgotten on {forgotten.status_at}: not subscribed again"
                " (only 'subscribers add' with a new consent can)"
            )
        existing = self.get(address)
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if existing is None:
                cur = self.conn.execute(
                    "INSERT INTO subscribers (address, lang, token, consent_at, consent_how, consent_source)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
                    (address, lang, secrets.token_urlsafe(24), consent_at, how.strip(), source.strip()),
                )
                sid, outcome = int(cur.lastrowid or 0), "added"
                self._event(sid, "subscribed", f"{how.strip()}; {source.strip()}".strip("; "), consent_at)
            elif existing.status == ACTIVE:
                self.conn.execute("ROLLBACK")
                return existing, "already subscribed"
            elif not resubscribe:
                self.conn.execute("ROLLBACK")
                raise StoreError(
                    f"{address} {existing.status} on {existing.status_at}: not subscribed again"
                    " (use 'subscribers add' with a new consent)"
                )
            else:
                sid, outcome = existing.id, "subscribed again"
                self.conn.execute(
                    "UPDATE subscribers SET status = 'active', lang = ?, consent_at = ?, consent_how = ?,"
                    " consent_source = ?, status_at = NULL, status_how = NULL WHERE id = ?",
                    (lang, consent_at, how.strip(), source.strip(), sid),
                )
                self._event(sid, "subscribed", f"again: {how.strip()}; {source.strip()}".strip("; "), consent_at)
            self.conn.execute("COMMIT")
        except sqlite3.IntegrityError:  # the same address added by another process meanwhile
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise StoreError(f"{address} was added by someone else meanwhile: run the command again") from None
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        found = self.get(address)
        assert found is not None
        return found, outcome

    def set_status(self, subscriber_id: int, status: str, how: str) -> bool:
        """Unsubscribe or suppress; the record and its history stay (E3). False if nothing changed."""
        at = utc_now()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cur = self.conn.execute(
                "UPDATE subscribers SET status = ?, status_at = ?, status_how = ? WHERE id = ? AND status = 'active'",
                (status, at, how, subscriber_id),
            )
            if cur.rowcount:
                self._event(subscriber_id, status, how, at)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
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

    def forget(self, address: str, how: str = "command line") -> str:
        """Erase a person's address at their request; returns what stands in its place.

        The unsubscribe and the consent dates stay as proof (E3), but nothing left
        identifies the person: the address becomes a digest (so an import of an old
        list cannot re-add it), the token is replaced, free pages are overwritten
        (secure_delete) and the write-ahead log is checkpointed.
        """
        subscriber = self.get(address) or self.get(normalise_address(address))
        if subscriber is None:
            raise StoreError(f"{address.strip()} is not in the subscriber list")
        check_text("reason", how)
        alias, at = forgotten_alias(subscriber.address), utc_now()
        ledger = self.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'deliveries'").fetchone()
        self.conn.execute("BEGIN IMMEDIATE")
        try:
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
            tables = ["subscriber_events"] + (["deliveries"] if ledger else [])
            for table in tables:  # server replies and notes may quote the address
                for variant in {subscriber.address, subscriber.address.lower()}:
                    self.conn.execute(
                        f"UPDATE {table} SET detail = replace(detail, ?, ?) WHERE subscriber_id = ?",
                        (variant, alias, subscriber.id),
                    )
            self._event(subscriber.id, "forgotten", how, at)
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return alias

    def all(self, status: str | None = None) -> Iterator[Subscriber]:
        sql = "SELECT * FROM subscribers" + (" WHERE status = ?" if status else "") + " ORDER BY id"
        for row in self.conn.execute(sql, (status,) if status else ()):
            yield Subscriber(**dict(row))

    def events(self, subscriber_id: int) -> list[sqlite3.Row]:
        return self.conn.execute(
            "SELECT at, event, detail FROM subscriber_events WHERE subscriber_id = ? ORDER BY id", (subscriber_id,)
        ).fetchall()

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
