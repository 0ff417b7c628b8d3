"""The store: one schema with versioned migrations (a store made by the first releases upgrades in place),
one transaction helper, and an erasure that leaves the address nowhere or fails loudly (E3)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import Site
from policy_archive.mail.store import SCHEMA_VERSION, Store, StoreError, schema_version, transaction
from test_notify import Direct, Recorder

# The CREATE statements of the first releases, copied verbatim from subscribers.py (SCHEMA) and
# notify.py (LEDGER_SCHEMA) as they were before the mail package: a store they made must upgrade.
OLD_SCHEMA = """
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
OLD_LEDGER_SCHEMA = """
CREATE TABLE IF NOT EXISTS deliveries (
    version TEXT NOT NULL,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers(id),
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'pending', 'failed', 'unknown')),
    message_id TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (version, subscriber_id)
) WITHOUT ROWID;
"""


def old_store(path: Path, ledger: bool = True) -> None:
    """A store as the first releases left it: their PRAGMAs, their tables, some history."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(OLD_SCHEMA + (OLD_LEDGER_SCHEMA if ledger else ""))
    conn.execute(
        "INSERT INTO subscribers (address, lang, token, consent_at, consent_how, consent_source, status, status_at,"
        " status_how) VALUES ('marie@example.org', 'fr', 'tok-marie-0123456789abcd', '2024-01-15T05:00:00Z',"
        " 'web form', '/abonnement/', 'active', NULL, NULL), ('gone@example.org', 'en', 'tok-gone-0123456789abcde',"
        " '2024-01-15T05:00:00Z', 'phone', '', 'unsubscribed', '2024-03-01T05:00:00Z', 'asked by phone')"
    )
    conn.execute(
        "INSERT INTO subscriber_events (subscriber_id, at, event, detail) VALUES"
        " (1, '2024-01-15T05:00:00Z', 'subscribed', 'web form'), (2, '2024-03-01T05:00:00Z', 'unsubscribed', 'phone')"
    )
    if ledger:
        conn.execute(
            "INSERT INTO deliveries VALUES ('2025-03-01', 1, 'unknown', '<m@x>', 1, '2025-02-15T10:00:00Z', 'dropped')"
        )
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 0
    conn.close()


@pytest.mark.parametrize("ledger", [True, False], ids=["after-notify", "before-any-notify"])
def test_a_store_from_the_first_releases_upgrades_in_place(tmp_path: Path, ledger: bool) -> None:
    db = tmp_path / "subscribers.sqlite3"
    old_store(db, ledger)
    store = Store.open(db)
    assert schema_version(store.conn) == SCHEMA_VERSION
    marie, gone = store.get("marie@example.org"), store.get("gone@example.org")
    assert marie is not None and marie.token == "tok-marie-0123456789abcd" and marie.consent_source == "/abonnement/"
    assert gone is not None and gone.status == "unsubscribed" and gone.status_how == "asked by phone"
    assert [e["event"] for e in store.events(marie.id)] == ["subscribed"]
    rows = store.conn.execute("SELECT state FROM deliveries").fetchall()
    assert [r[0] for r in rows] == (["unknown"] if ledger else [])
    assert store.request_confirmation("new@example.org", "en", form="https://x.example/abonnement/") is not None
    store.close()
    again = Store.open(db)  # opening an upgraded store changes nothing
    assert schema_version(again.conn) == SCHEMA_VERSION and len(list(again.all())) == 2
    again.close()


def test_the_command_line_reads_an_old_store(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "subscribers.sqlite3"
    old_store(db)
    listing = site.run("subscribers", "list", env={"POLICY_ARCHIVE_DB": str(db)})
    assert listing.returncode == 0, listing.stderr
    assert "marie@example.org\tfr\tactive" in listing.stdout and "gone@example.org\ten\tunsubscribed" in listing.stdout


def test_a_store_from_a_newer_release_is_refused(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "subscribers.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer policy-archive"):
        Store.open(db)
    listing = site.run("subscribers", "list", env={"POLICY_ARCHIVE_DB": str(db)})
    assert listing.returncode == 1 and "newer policy-archive (schema 99" in listing.stderr
    assert "Traceback" not in listing.stderr


def test_processes_opening_an_old_store_together_migrate_it_once(tmp_path: Path) -> None:
    db = tmp_path / "subscribers.sqlite3"
    old_store(db)
    code = (
        "import sys; from pathlib import Path; from policy_archive.mail.store import Store;"
        " Store.open(Path(sys.argv[1])).close()"
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(db)], stderr=subprocess.PIPE, text=True) for _ in range(6)
    ]
    errors = [p.communicate(timeout=60)[1] for p in procs]
    assert all(p.returncode == 0 for p in procs), errors
    store = Store.open(db)
    assert schema_version(store.conn) == SCHEMA_VERSION and len(list(store.all())) == 2
    store.close()


def test_one_transaction_helper_commits_or_rolls_back(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.sqlite3")
    store.add("a@example.org", how="form")
    with pytest.raises(RuntimeError), transaction(store.conn):
        store.conn.execute("UPDATE subscribers SET lang = 'en'")
        raise RuntimeError("half-way")
    assert store.get("a@example.org").lang == "fr"  # type: ignore[union-attr]
    assert not store.conn.in_transaction
    with transaction(store.conn):
        store.conn.execute("UPDATE subscribers SET lang = 'en'")
    assert store.get("a@example.org").lang == "en"  # type: ignore[union-attr]
    store.close()


def no_trace(folder: Path, address: str) -> None:
    """The address, in any letter case, in no file of the store (database, write-ahead log, shared memory)."""
    for path in folder.glob("store.sqlite3*"):
        assert address.lower().encode() not in path.read_bytes().lower(), path.name


def texts(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    values = [str(v) for t in tables for row in conn.execute(f'SELECT * FROM "{t}"') for v in row if isinstance(v, str)]
    conn.close()
    return values


def test_forget_after_a_bounce_quoted_in_another_letter_case(direct: Direct, smtp: Recorder, site: Site) -> None:
    """Not in status_how, not in the ledger's or the log's server replies, whatever their letter case."""
    direct.subscribe("Lea.Tremblay@example.org", "marilea.tremblay@example.org", "other@example.org")
    smtp.rcpt_replies["Lea.Tremblay@example.org"] = "550 5.1.1 <LEA.TREMBLAY@EXAMPLE.ORG>: Recipient address rejected"
    direct.run()
    assert direct.state("Lea.Tremblay@example.org") == ("failed", "bounced")
    store = Store.open(direct.db)
    bounced = store.get("lea.tremblay@example.org")
    assert bounced is not None and "LEA.TREMBLAY@EXAMPLE.ORG" in (bounced.status_how or "")
    store.request_confirmation("LEA.tremblay@example.org", "fr", form="https://x.example/abonnement/")
    store.close()
    result = site.run("subscribers", "forget", "lea.tremblay@EXAMPLE.org", env={"POLICY_ARCHIVE_DB": str(direct.db)})
    assert result.returncode == 0, result.stderr
    assert not [v for v in texts(direct.db) if "lea.tremblay@example.org" in v.lower() and "marilea" not in v.lower()]
    assert any("marilea.tremblay@example.org" in v for v in texts(direct.db))  # a longer address is someone else
    store = Store.open(direct.db)
    forgotten = next(s for s in store.all() if s.address.endswith("@forgotten.invalid"))
    assert forgotten.status == "bounced" and "@forgotten.invalid" in (forgotten.status_how or "")
    assert store.conn.execute("SELECT count(*) FROM confirmations").fetchone()[0] == 0
    store.close()
    for path in direct.db.parent.glob("store.sqlite3*"):
        data = path.read_bytes().lower()
        assert data.count(b"lea.tremblay@example.org") == data.count(b"marilea.tremblay@example.org"), path.name


READER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("SELECT count(*) FROM subscribers").fetchone()
print("open", flush=True)
if sys.argv[2] == "hold":
    sys.stdin.readline()
    conn.execute("BEGIN")
    conn.execute("SELECT count(*) FROM subscribers").fetchone()
    print("reading", flush=True)
    sys.stdin.readline()
    conn.execute("COMMIT")
    print("done", flush=True)
else:
    end = time.monotonic() + float(sys.argv[2])
    while time.monotonic() < end:
        conn.execute("SELECT address FROM subscribers").fetchall()
        time.sleep(0.01)
sys.stdin.readline()
conn.close()
"""


def reader(db: Path, mode: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), mode], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "open"
    return proc


def test_forget_while_another_process_holds_a_read_fails_loudly_then_completes(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    Store.open(db).close()
    held = reader(db, "hold")  # keeps the database open, so the log is not folded in when others close
    try:
        store = Store.open(db)
        store.add("lea@example.org", how="web form")
        store.add("paul@example.org", how="web form")
        store.close()
        assert b"lea@example.org" in (tmp_path / "store.sqlite3-wal").read_bytes()
        held.stdin.write("\n")  # type: ignore[union-attr]
        held.stdin.flush()  # type: ignore[union-attr]
        assert held.stdout.readline().strip() == "reading"  # type: ignore[union-attr]
        env = {"POLICY_ARCHIVE_DB": str(db)}
        started = time.monotonic()
        failed = site.run("subscribers", "forget", "lea@example.org", "--wait", "1", env=env)
        assert failed.returncode == 1, failed.stdout
        assert "store.sqlite3-wal" in failed.stderr and "another process is reading the store" in failed.stderr
        assert "run 'policy-archive subscribers forget lea@example.org' again" in failed.stderr
        assert "Traceback" not in failed.stderr and time.monotonic() - started < 30
        assert not [v for v in texts(db) if "lea@example.org" in v.lower()]  # gone from the tables already
        held.stdin.write("\n")  # type: ignore[union-attr]
        held.stdin.flush()  # type: ignore[union-attr]
        assert held.stdout.readline().strip() == "done"  # type: ignore[union-attr]
        done = site.run("subscribers", "forget", "lea@example.org", env=env)
        assert done.returncode == 0, done.stderr
        assert "already forgotten" in done.stdout
        no_trace(tmp_path, "lea@example.org")
    finally:
        held.communicate("\n", timeout=10)


def test_forget_while_another_process_keeps_reading(site: Site, tmp_path: Path) -> None:
    """Readers that come and go (the subscription service): forget waits for a gap and completes."""
    db = tmp_path / "store.sqlite3"
    Store.open(db).close()
    busy = reader(db, "20")
    try:
        store = Store.open(db)
        store.add("lea@example.org", how="web form")
        store.add("paul@example.org", how="web form")
        store.close()
        done = site.run("subscribers", "forget", "lea@example.org", env={"POLICY_ARCHIVE_DB": str(db)})
        assert done.returncode == 0, done.stderr
        no_trace(tmp_path, "lea@example.org")
    finally:
        busy.kill()
        busy.communicate(timeout=10)


def test_forget_inside_one_process_with_a_thread_reading(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    store = Store.open(db)
    store.add("lea@example.org", how="web form")
    stop = threading.Event()

    def read() -> None:
        other = Store.open(db)
        while not stop.is_set():
            list(other.all())
        other.close()

    thread = threading.Thread(target=read)
    thread.start()
    try:
        alias, already = store.forget("lea@example.org", wait=5)
    finally:
        stop.set()
        thread.join()
    assert alias.endswith("@forgotten.invalid") and not already
    store.close()
    no_trace(tmp_path, "lea@example.org")
