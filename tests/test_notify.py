"""`policy-archive notify` against a real SMTP server (aiosmtpd, in this process, on 127.0.0.1).

The command runs as a subprocess, as in a hook or a CI step; what counts is
what the server received. Covers E1-E9, F4, L2, T1.
"""

from __future__ import annotations

import asyncio
import contextlib
import email
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP
from conftest import REPO, Site, copy_site, epoch
from policy_archive.mail.compose import Composer, Sender
from policy_archive.mail.send import Mailer, Notifier, SmtpSettings, Summary, candidates, lock
from policy_archive.mail.store import Store

AS_OF = "2025-02-15"  # 2023-12-23 in force, 2025-03-01 upcoming (published 2025-02-01)
NEW = "2025-03-01"


class Recorder:
    """An SMTP handler that keeps what it accepted and misbehaves on request.

    Replies are given as the server would write them ("554 5.7.1 Relay access denied"),
    per address at RCPT (`rcpt_replies`) or at the end of DATA (`data_replies`), or for
    every MAIL FROM (`mail_reply`).
    """

    def __init__(self) -> None:
        self.received: list[tuple[str, bytes]] = []
        self.lock = threading.Lock()
        self.tempfail_once: set[str] = set()  # 451 at RCPT, once
        self.reject: set[str] = set()  # 550 at RCPT, always
        self.rcpt_replies: dict[str, str] = {}  # address -> reply to its RCPT TO, always
        self.data_replies: dict[str, str] = {}  # address -> reply after its message, always (message not kept)
        self.mail_reply: str | None = None  # reply to every MAIL FROM
        self.drop_at_mail: set[int] = set()  # close the connection at the n-th MAIL FROM
        self.drop_after_data: set[str] = set()  # keep the message, close before replying (once)
        self.drop_at_data_command: set[str] = set()  # close instead of answering DATA (once)
        self.drop_in_data: set[str] = set()  # read 1000 bytes of the message, then reset the connection (once)
        self.slow: float = 0.0  # seconds before answering RCPT and the end of DATA
        self.mails = 0
        self.connections = 0
        self.port = 0  # set when the server starts

    async def handle_EHLO(self, server, session, envelope, hostname, responses):  # type: ignore[no-untyped-def]
        with self.lock:
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, mail_options):  # type: ignore[no-untyped-def]
        with self.lock:
            self.mails += 1
            drop = self.mails in self.drop_at_mail
        if drop:
            server.transport.close()
            return "421 4.3.0 closing"
        if self.mail_reply:
            return self.mail_reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # type: ignore[no-untyped-def]
        if self.slow:
            await asyncio.sleep(self.slow)
        if address in self.rcpt_replies:
            return self.rcpt_replies[address]
        if address in self.reject:
            return "550 5.1.1 mailbox unavailable"
        if address in self.tempfail_once:
            self.tempfail_once.discard(address)
            return "451 4.7.1 greylisted, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        rcpt = envelope.rcpt_tos[0]
        if self.slow:
            await asyncio.sleep(self.slow)
        if rcpt in self.data_replies:
            return self.data_replies[rcpt]
        with self.lock:
            self.received.append((rcpt, envelope.content))
        if rcpt in self.drop_after_data:
            self.drop_after_data.discard(rcpt)
            server.transport.close()
        return "250 2.0.0 queued"

    def addresses(self) -> list[str]:
        with self.lock:
            return [r for r, _ in self.received]

    def message(self, address: str) -> EmailMessage:
        data = [d for r, d in self.received if r == address]
        assert len(data) == 1, f"{address} received {len(data)} messages"
        return email.message_from_bytes(data[0], policy=default_policy)  # type: ignore[return-value]


class FaultySMTP(SMTP):
    """aiosmtpd's server, able to drop the connection at the DATA command or in the middle of the data."""

    async def smtp_DATA(self, arg: str) -> None:
        recorder: Recorder = self.event_handler
        rcpts = set(self.envelope.rcpt_tos) if self.envelope else set()
        if rcpts & recorder.drop_at_data_command:
            recorder.drop_at_data_command -= rcpts
            self.transport.close()
            return
        if rcpts & recorder.drop_in_data:
            recorder.drop_in_data -= rcpts
            await self.push("354 End data with <CR><LF>.<CR><LF>")
            await self._reader.read(1000)
            self.transport.abort()  # unread data left: the client's next writes meet a reset
            return
        await super().smtp_DATA(arg)


class FaultyController(Controller):
    def factory(self):  # type: ignore[no-untyped-def]
        return FaultySMTP(self.handler, **self.SMTP_kwargs)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def smtp_server(smtputf8: bool = True) -> Iterator[Recorder]:
    """A real SMTP server in this process on 127.0.0.1; with or without the SMTPUTF8 extension."""
    recorder = Recorder()
    controller = FaultyController(recorder, hostname="127.0.0.1", port=free_port(), enable_SMTPUTF8=smtputf8)
    controller.start()
    recorder.port = int(controller.port)
    try:
        yield recorder
    finally:
        controller.stop()


def add_version(
    site: Site,
    date: str,
    published: str,
    *,
    significant: bool = True,
    reduces_rights: bool = False,
    summary: dict[str, str] | None = None,
) -> None:
    """A new version folder: the seed's text with its own metadata."""
    site.add_version(
        date,
        published=published,
        significant=significant,
        reduces_rights=reduces_rights,
        summary=summary
        or {
            "fr": f"Nous conservons vos renseignements moins longtemps (version {date}).",
            "en": f"We keep your information for a shorter time (version {date}).",
        },
    )


class Env:
    """A site with one upcoming significant version, a store and a server; runs `notify`."""

    def __init__(self, site: Site, smtp: Recorder):
        self.site, self.smtp = site, smtp
        self.db = site.root / "subscribers.sqlite3"
        self.env = {"POLICY_ARCHIVE_DB": str(self.db), "POLICY_ARCHIVE_SMTP_PORT": str(smtp.port)}

    def subscribe(self, *people: tuple[str, str, str]) -> None:
        """(address, lang, consent date) each, straight into the store."""
        store = Store.open(self.db)
        for address, lang, when in people:
            store.add(address, lang, how="web form, box ticked", source="/abonnement/", when=when)
        store.close()

    def notify(self, *args: str, as_of: str = AS_OF) -> subprocess.CompletedProcess:
        return self.site.run("notify", "--backoff", "0.01", *args, as_of=as_of, env=self.env)

    def ledger(self) -> dict[tuple[str, str], str]:
        Store.open(self.db).close()  # created and migrated
        conn = sqlite3.connect(self.db)
        rows = conn.execute(
            "SELECT d.version, s.address, d.state FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id"
        ).fetchall()
        conn.close()
        return {(v, a): state for v, a, state in rows}

    def status(self, address: str) -> str:
        store = Store.open(self.db)
        found = store.get(address)
        store.close()
        assert found is not None
        return found.status


def people(n: int, when: str = "2024-06-01") -> list[tuple[str, str, str]]:
    return [(f"reader{i:03d}@example.org", "en" if i % 3 == 0 else "fr", when) for i in range(n)]


def composer_for(site: Site, as_of: str = AS_OF) -> tuple[Composer, list]:
    """The notice composer and the announced versions of `site`, as `notify` builds them."""
    from policy_archive.cli import Project

    project = Project(site.root / "mkdocs.yml", as_of)
    policy, problems = project.load()
    assert not [p for p in problems if p.level == "error"], problems
    return Composer(Sender.from_config(project.options, project.mkdocs), policy), candidates(policy)


Shipped = tuple[Composer, list]  # the notice composer and the announced versions


def shipped_site(tmp_path_factory: pytest.TempPathFactory) -> Shipped:
    """The repository's site with one upcoming significant version (for a module-scoped fixture)."""
    site = copy_site(REPO, tmp_path_factory.mktemp("notify-site") / "src")
    add_version(site, NEW, "2025-02-01", reduces_rights=True)
    return composer_for(site)


class Direct:
    """`notify`'s machinery in this process, for the many cases that need no command line:
    a real store file, a real SMTP server, the shipped Notifier and Mailer."""

    def __init__(self, shipped: Shipped, db: Path, smtp: Recorder):
        self.composer, self.versions = shipped
        self.db, self.smtp = db, smtp

    def subscribe(self, *addresses: str, lang: str = "fr", when: str = "2024-06-01") -> None:
        store = Store.open(self.db)
        for address in addresses:
            store.add(address, lang, how="web form, box ticked", source="/abonnement/", when=when)
        store.close()

    def run(self, **options) -> Summary:  # type: ignore[no-untyped-def]
        store = Store.open(self.db)
        try:
            notifier = Notifier(store.conn, self.composer, **{"retries": 0, "backoff": 0.01, **options})
            return notifier.run(self.versions, Mailer(SmtpSettings("127.0.0.1", self.smtp.port, "none", timeout=10)))
        finally:
            store.close()

    def state(self, address: str) -> tuple[str | None, str]:
        """(the ledger's state for the new version or None, the subscriber's status)."""
        store = Store.open(self.db)
        try:
            subscriber = store.get(address)
            assert subscriber is not None, address
            row = store.conn.execute(
                "SELECT state FROM deliveries WHERE version = ? AND subscriber_id = ?", (NEW, subscriber.id)
            ).fetchone()
            return (row[0] if row else None), subscriber.status
        finally:
            store.close()


def test_messages_as_received(env: Env) -> None:
    """One message per reader in their language, with every header and link the requirements name."""
    env.subscribe(
        ("marie@example.org", "fr", "2024-06-01"),
        ("john@example.com", "en", "2024-06-01"),
        ("late@example.org", "fr", "2025-02-10"),  # subscribed after publication: not told
        ("gone@example.org", "fr", "2024-06-01"),
    )
    store = Store.open(env.db)
    gone = store.get("gone@example.org")
    assert gone is not None
    store.remove(gone.address)
    tokens = {s.address: s.token for s in store.all()}
    store.close()

    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(env.smtp.addresses()) == ["john@example.com", "marie@example.org"]
    assert "sent 2," in result.stderr

    base = "https://dynamiqueconseil.com/confidentialite/"
    for address, lang in (("marie@example.org", "fr"), ("john@example.com", "en")):
        msg = env.smtp.message(address)
        token = tokens[address]
        unsubscribe = f"https://dynamiqueconseil.com/confidentialite/desabonnement/{token}"
        # E4 headers
        assert msg["From"].addresses[0].addr_spec == "confidentialite@dynamiqueconseil.com"
        assert msg["From"].addresses[0].display_name == "Dynamique Conseil inc."
        assert msg["To"] == address
        assert msg["Date"].datetime is not None
        assert re.fullmatch(r"<policy-2025-03-01\.\d+\.[0-9a-f]+@dynamiqueconseil\.com>", msg["Message-ID"])
        assert msg["Content-Language"] == f"{lang}-CA"
        assert msg["List-Id"].endswith("<confidentialite.dynamiqueconseil.com>")
        assert msg["List-Unsubscribe"] == (
            f"<{unsubscribe}>, <mailto:desabonnement@dynamiqueconseil.com?subject=unsubscribe%20{token}>"
        )
        assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        for value in msg.values():
            assert "\n" not in str(value).strip()
        raw = dict(env.smtp.received)[address]
        assert not msg.defects and not any(p.defects for p in msg.walk())
        assert all(len(line) <= 76 for line in raw.split(b"\r\n\r\n", 1)[1].split(b"\r\n"))  # RFC 2045
        # E5: multipart/alternative, text first, then HTML with lang
        assert msg.get_content_type() == "multipart/alternative"
        text_part, html_part = msg.iter_parts()
        assert text_part.get_content_type() == "text/plain"
        assert html_part.get_content_type() == "text/html"
        assert text_part["Content-Transfer-Encoding"] == "quoted-printable"
        text, page = text_part.get_content(), html_part.get_content()
        assert f'<html lang="{lang}-CA">' in page
        prefix = base if lang == "fr" else base + "en/"
        for link in (f"{prefix}versions/{NEW}/changes/", f"{prefix}versions/{NEW}/", unsubscribe):
            assert link in text
            assert f'href="{link}"' in page
        # E1: sender identification
        for part in (text, page):
            assert "Dynamique Conseil inc." in part
            assert "401, rue Racine Est, Chicoutimi (Québec) G7H 1S8" in part
            assert "418-290-5701" in part
            assert "desabonnement@dynamiqueconseil.com" in part
    fr = env.smtp.message("marie@example.org")
    fr_text = " ".join(fr.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]
    assert fr["Subject"] == "Avis de modification de notre politique de confidentialité (en vigueur le 1er mars 2025)"
    assert "entrera en vigueur le 1er mars 2025" in fr_text
    assert "Nous conservons vos renseignements moins longtemps" in fr_text
    assert "consentement explicite" in fr_text  # reduces_rights
    assert "désabonnez-vous gratuitement, sans ouvrir de session" in fr_text
    en = env.smtp.message("john@example.com")
    en_text = " ".join(en.get_body(("plain",)).get_content().split())  # type: ignore[union-attr]
    assert en["Subject"] == "Notice of changes to our privacy policy (effective March 1, 2025)"
    assert "takes effect on March 1, 2025" in en_text
    assert "without your express consent" in en_text and "explicit" not in en_text  # the policy's wording
    assert "We keep your information for a shorter time" in en_text
    # E2: nothing but the notice (no image, no tracking, no offer)
    page = en.get_body(("html",)).get_content()  # type: ignore[union-attr]
    assert "<img" not in page and "utm_" not in page


def test_rerun_sends_nothing_twice(env: Env) -> None:
    env.subscribe(*people(5))
    first = env.notify()
    assert first.returncode == 0, first.stderr
    assert len(env.smtp.received) == 5
    again = env.notify()
    assert again.returncode == 0, again.stderr
    assert len(env.smtp.received) == 5
    assert "sent 0, already sent 5, pending 0, failed 0, unknown 0" in again.stderr
    assert set(env.ledger().values()) == {"sent"}


def test_451_then_success(env: Env) -> None:
    env.subscribe(*people(4))
    env.smtp.tempfail_once.add("reader001@example.org")
    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert Counter(env.smtp.addresses()) == Counter(a for a, _, _ in people(4))


def test_4xx_after_retries_stays_pending_for_the_next_run(env: Env) -> None:
    env.subscribe(*people(3))
    env.smtp.tempfail_once.add("reader001@example.org")
    result = env.notify("--retries", "0")
    assert result.returncode == 75, result.stderr  # EX_TEMPFAIL: run again later
    assert "sent 2, already sent 0, pending 1" in result.stderr
    assert env.ledger()[(NEW, "reader001@example.org")] == "pending"
    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert Counter(env.smtp.addresses()) == Counter(a for a, _, _ in people(3))


def test_550_fails_one_address_and_the_run_goes_on(env: Env) -> None:
    env.subscribe(*people(4))
    env.smtp.reject.add("reader002@example.org")
    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert "failed: 2025-03-01 reader002@example.org: RCPT 550" in result.stderr
    assert "sent 3," in result.stderr and "failed 1" in result.stderr
    assert "reader002@example.org" not in env.smtp.addresses()
    assert env.status("reader002@example.org") == "bounced"  # suppressed (E8)
    assert env.ledger()[(NEW, "reader002@example.org")] == "failed"
    env.smtp.reject.clear()
    env.notify()
    assert "reader002@example.org" not in env.smtp.addresses()  # not retried


def test_connection_dropped_mid_run(env: Env) -> None:
    env.subscribe(*people(6))
    env.smtp.drop_at_mail.update({3, 6})
    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert Counter(env.smtp.addresses()) == Counter(a for a, _, _ in people(6))
    assert env.smtp.connections >= 3  # reopened after each drop


def test_drop_after_data_is_unknown_and_not_resent(env: Env) -> None:
    """The server may have the message: E7 says report it, never send it again on its own."""
    env.subscribe(*people(3))
    env.smtp.drop_after_data.add("reader001@example.org")
    result = env.notify()
    assert result.returncode == 1
    assert "unknown: 2025-03-01 reader001@example.org" in result.stderr
    assert "--resend-unknown" in result.stderr
    assert env.ledger()[(NEW, "reader001@example.org")] == "unknown"
    again = env.notify()
    assert "unknown 1" in again.stderr
    assert env.smtp.addresses().count("reader001@example.org") == 1
    first_id = env.smtp.message("reader001@example.org")["Message-ID"]
    forced = env.notify("--resend-unknown")
    assert forced.returncode == 0, forced.stderr
    copies = [d for r, d in env.smtp.received if r == "reader001@example.org"]
    assert len(copies) == 2  # the owner asked for it; same Message-ID so mail programs can merge them
    assert email.message_from_bytes(copies[1], policy=default_policy)["Message-ID"] == first_id


def test_sigkill_mid_run_then_resume(env: Env) -> None:
    """kill -9 in the middle, run again: no reader twice, none lost (counted at the server)."""
    readers = [a for a, _, _ in people(12)]
    env.subscribe(*people(12))
    exe = Path(sys.executable).parent / "policy-archive"
    full_env = {**os.environ, **env.env, "SOURCE_DATE_EPOCH": epoch(AS_OF), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [str(exe), "notify", "--pause", "0.15"],
        cwd=env.site.root,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while len(env.smtp.received) < 4 and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = len(env.smtp.received)
    assert 4 <= before < 12, "the kill did not land mid-run"

    result = env.notify()
    received = Counter(env.smtp.addresses())
    assert all(n == 1 for n in received.values()), f"duplicates: {received}"
    ledger = env.ledger()
    unknown = {a for (v, a), state in ledger.items() if state == "unknown"}
    # Nothing lost: every reader got the notice, or is listed as unknown for the owner to decide.
    assert set(received) | unknown == set(readers)
    assert len(unknown) <= 1
    assert result.returncode == (1 if unknown else 0), result.stderr
    assert all(state == "sent" for (v, a), state in ledger.items() if a not in unknown)


def test_since_a_git_revision(env: Env) -> None:
    """`--since REV` announces only the versions added after REV (post-receive hook, CI)."""
    git = pytest.importorskip("git")
    new = env.site.policy / NEW
    parked = env.site.root / "parked"
    shutil.move(new, parked)
    repo = git.Repo.init(env.site.root)
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Test").set_value("user", "email", "test@example.org")
    repo.index.add(["mkdocs.yml", "policy"])
    first = repo.index.commit("seed version").hexsha
    shutil.move(parked, new)
    repo.index.add(["policy"])
    repo.index.commit(f"version {NEW}")

    env.subscribe(("old@example.org", "fr", "2023-01-01"))  # would hear about both versions
    nothing = env.notify("--since", "HEAD")
    assert nothing.returncode == 0, nothing.stderr
    assert "no significant version to announce" in nothing.stderr
    result = env.notify("--since", first)
    assert result.returncode == 0, result.stderr
    assert env.smtp.addresses() == ["old@example.org"]
    assert env.smtp.message("old@example.org")["Subject"].endswith("(en vigueur le 1er mars 2025)")
    bad = env.notify("--since", "no-such-rev")
    assert bad.returncode == 1 and "unknown git revision" in bad.stderr and "Traceback" not in bad.stderr
    # Without --since, nothing more: NEW was announced once, and the version in force is the
    # first one, which changed nothing and is never announced.
    env.notify()
    assert Counter(env.smtp.addresses()) == {"old@example.org": 1}


def test_dry_run_writes_files_and_records_nothing(env: Env, tmp_path: Path) -> None:
    env.subscribe(*people(3))
    out = tmp_path / "outbox"
    result = env.notify("--dry-run", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.eml"))
    assert len(files) == 3
    msg = email.message_from_bytes(files[0].read_bytes(), policy=default_policy)
    assert msg["To"] == "reader000@example.org" and msg["Content-Language"] == "en-CA"
    assert env.smtp.received == [] and env.ledger() == {}
    assert env.notify().returncode == 0
    assert len(env.smtp.received) == 3


def test_version_option(env: Env, site: Site) -> None:
    add_version(site, "2025-01-10", "2025-01-10", significant=False)
    env.subscribe(("old@example.org", "en", "2023-01-01"))
    editorial = env.notify("--version", "2025-01-10")
    assert editorial.returncode == 1 and "not significant" in editorial.stderr
    missing = env.notify("--version", "2031-01-01")
    assert missing.returncode == 1 and "no version 2031-01-01" in missing.stderr
    result = env.notify("--version", NEW)
    assert result.returncode == 0, result.stderr
    assert env.smtp.addresses() == ["old@example.org"]
    body = env.smtp.message("old@example.org").get_body(("plain",))
    assert body is not None and "/versions/2025-03-01/" in body.get_content()


def test_header_injection_is_refused(env: Env) -> None:
    env.subscribe(("ok@example.org", "fr", "2024-06-01"))
    # Through the command line: refused before it reaches the store.
    bad = env.site.run("subscribers", "add", "x@example.org\r\nBcc: victim@example.net", "--how", "form", env=env.env)
    assert bad.returncode == 1 and "header injection" in bad.stderr and "Traceback" not in bad.stderr
    # Through the store itself (a hand-edited database): refused when sending, the others still go.
    conn = sqlite3.connect(env.db)
    conn.execute(
        "INSERT INTO subscribers (address, lang, token, consent_at, consent_how)"
        " VALUES ('evil@example.org\r\nBcc: victim@example.net', 'fr', 'tok-evil-0123456789',"
        " '2024-01-01T00:00:00Z', 'x')"
    )
    conn.commit()
    conn.close()
    result = env.notify()
    assert result.returncode == 1, result.stderr  # a person must look at a stored address that cannot be sent to
    assert env.smtp.addresses() == ["ok@example.org"]
    assert "header injection" in result.stderr
    again = env.notify()  # recorded as failed: listed, not retried, and no longer a reason to fail
    assert again.returncode == 0 and "failed 1" in again.stderr
    # Through the configuration: nothing is sent at all.
    cfg = env.site.root / "mkdocs.yml"
    cfg.write_text(
        cfg.read_text(encoding="utf-8").replace(
            "        name: Dynamique Conseil inc.\n",
            '        name: "Dynamique Conseil inc.\\r\\nBcc: victim@example.net"\n',
            1,
        ),
        encoding="utf-8",
    )
    store = Store.open(env.db)
    store.add("second@example.org", "fr", how="web form", when="2024-06-01")
    store.close()
    refused = env.notify()
    assert refused.returncode == 1
    assert "organisation.name contains a line break" in refused.stderr and "Traceback" not in refused.stderr
    assert env.smtp.addresses() == ["ok@example.org"]


def test_password_comes_from_the_environment_and_is_never_printed(env: Env) -> None:
    env.subscribe(("ok@example.org", "fr", "2024-06-01"))
    no_password = env.site.run("notify", as_of=AS_OF, env={**env.env, "POLICY_ARCHIVE_SMTP_USER": "robot"})
    assert no_password.returncode == 1 and "POLICY_ARCHIVE_SMTP_PASSWORD" in no_password.stderr
    secret = "s3cret-Pa55word"
    refused = env.site.run(
        "notify",
        as_of=AS_OF,
        env={**env.env, "POLICY_ARCHIVE_SMTP_USER": "robot", "POLICY_ARCHIVE_SMTP_PASSWORD": secret},
    )
    assert refused.returncode == 1  # the test server offers no AUTH
    assert "does not offer SMTP AUTH" in refused.stderr
    assert secret not in refused.stderr + refused.stdout
    assert env.smtp.received == []
    assert env.ledger()[(NEW, "ok@example.org")] == "pending"  # released, sent by the next good run


def test_server_unreachable_leaves_everything_pending(env: Env) -> None:
    env.subscribe(*people(2))
    env.env["POLICY_ARCHIVE_SMTP_PORT"] = str(free_port())
    result = env.notify("--retries", "1")
    assert result.returncode == 75  # EX_TEMPFAIL: try again later, as the README says
    assert "run stopped: cannot connect" in result.stderr and "pending 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_one_run_at_a_time(env: Env) -> None:
    """A second run would take the first one's claims for crashed rows: it is refused."""
    env.subscribe(*people(1))
    held = lock(env.db)
    try:
        second = env.notify()
    finally:
        held.release()
    assert second.returncode == 1 and "another 'policy-archive notify' is running" in second.stderr
    assert env.smtp.received == []
    assert env.notify().returncode == 0 and len(env.smtp.received) == 1


def test_first_version_is_never_announced(env: Env) -> None:
    """The first version changed nothing: no email, like no notice on the site (L2 is about amendments)."""
    shutil.rmtree(env.site.policy / NEW)
    env.subscribe(("early@example.org", "fr", "2020-01-01"))
    result = env.notify()
    assert result.returncode == 0, result.stderr
    assert "no significant version to announce" in result.stderr
    assert env.smtp.received == []


def test_a_change_replaced_by_an_editorial_fix_is_still_announced(env: Env) -> None:
    """L2, T3: an editorial fix that took effect before notify ran does not swallow the significant
    change it followed; the subscriber hears about the change, once, and nothing about the fix."""
    add_version(env.site, "2025-03-10", "2025-03-05", significant=False)
    env.subscribe(("late@example.org", "fr", "2024-01-01"))
    first = env.notify(as_of="2025-03-20")
    assert first.returncode == 0, first.stderr
    assert env.smtp.addresses() == ["late@example.org"]
    body = env.smtp.message("late@example.org").get_body(("plain",))
    assert body is not None and "/versions/2025-03-01/" in body.get_content()
    assert env.ledger() == {(NEW, "late@example.org"): "sent"}
    again = env.notify(as_of="2025-03-20")
    assert again.returncode == 0 and len(env.smtp.received) == 1, again.stderr
    # once a later significant version takes effect, the older one is no longer news
    add_version(env.site, "2025-06-01", "2025-05-01")
    env.subscribe(("new@example.org", "en", "2024-01-01"))
    later = env.notify(as_of="2025-06-02")
    assert later.returncode == 0, later.stderr
    assert (NEW, "new@example.org") not in env.ledger()
    assert ("2025-06-01", "new@example.org") in env.ledger()
