"""Sending: the SMTP client, what each server reply means, and the notice run that never sends twice.

Exactly once (E7, E8) rests on a ledger in the store, one row per (version, subscriber):

    (no row) or pending --claim--> sending --250--> sent
                                    |  4xx, drop before the end-of-data mark, polite stop --> pending
                                    |  permanent failure about the recipient --> failed (address suppressed)
                                    |  failure about the sender, relay, policy or message --> pending, run stops
                                    |  drop after the end-of-data mark, before the reply --> unknown (never re-sent)
                                    '-- still 'sending' when a run starts (kill -9) --> unknown

The claim is committed with a full sync before the DATA command (while MAIL FROM
and RCPT TO travel, so the disk's latency hides behind the network's); nothing can
be delivered before the end-of-data mark, so a crash at any point leaves either
nothing sent (no row, or pending) or a row that says the outcome is unknown. The
'sent' mark of one message rides in the same transaction as the claim of the next
(one commit per message, not two): if it is lost, the row says 'sending', which
becomes 'unknown', never a duplicate.

Replies are read by RFC 5321 and the enhanced status codes of RFC 3463 (E11):
only a permanent failure that concerns the recipient suppresses the address; a
refusal of the sender, the relay, the connection's policy or the message stops
the run and suppresses no one, and a circuit breaker stops a run whose
recipients fail in numbers no real list produces (see `Breaker`).
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import os
import re
import select
import signal
import smtplib
import socket
import sqlite3
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from ..model import PAST, Policy, Version
from ..notice import last_significant
from .compose import Composer, NotifyError, Recipient, safe_header
from .store import Mailbox, StoreError, check_text, mailbox, transaction, utc_now

SENDING, SENT, PENDING, FAILED, UNKNOWN = "sending", "sent", "pending", "failed", "unknown"
EX_TEMPFAIL = 75  # sysexits.h: try again later


# Settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SmtpSettings:
    """Where to send; the password only ever comes from POLICY_ARCHIVE_SMTP_PASSWORD (E9)."""

    host: str
    port: int
    security: str  # starttls | tls | none
    user: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0

    @classmethod
    def resolve(cls, smtp: Any, env: dict[str, str] | os._Environ[str] = os.environ) -> SmtpSettings:
        """Configuration, overridden by POLICY_ARCHIVE_SMTP_HOST/PORT/USER/PASSWORD."""
        security = smtp.security
        host = env.get("POLICY_ARCHIVE_SMTP_HOST") or smtp.host
        port_text = env.get("POLICY_ARCHIVE_SMTP_PORT") or smtp.port
        try:
            port = int(port_text) if port_text else {"tls": 465, "starttls": 587}.get(security, 25)
        except ValueError:
            raise NotifyError(f"POLICY_ARCHIVE_SMTP_PORT={port_text!r} is not a port number") from None
        user = env.get("POLICY_ARCHIVE_SMTP_USER") or smtp.user
        password = env.get("POLICY_ARCHIVE_SMTP_PASSWORD", "")
        if user and not password:
            raise NotifyError(
                f"SMTP user {user!r} is set but POLICY_ARCHIVE_SMTP_PASSWORD is not:"
                " the password is read from the environment only"
            )
        return cls(host, port, security, user, password, float(smtp.timeout))


# What a reply means ------------------------------------------------------------------------


class Outcome:
    """What one SMTP transaction means for its ledger row."""

    SENT = "sent"  # 250 after the end of data
    RETRY = "retry"  # 4xx, dropped before the end-of-data mark, abandoned: nothing delivered, try again
    RECIPIENT = "recipient"  # permanent failure about the recipient: suppress the address
    UNSUPPORTED = "unsupported"  # this server cannot carry this address (SMTPUTF8): failed, not suppressed
    STOP = "stop"  # about the sender, relay, policy or message: stop the run, suppress no one
    UNKNOWN = "unknown"  # dropped after the end-of-data mark, before the reply


_ENHANCED = re.compile(r"^\s*([245])\.(\d{1,3})\.(\d{1,3})(?!\d)")
# A 550/551/553 at RCPT without an enhanced code is about the mailbox, unless its words say otherwise.
_NOT_THE_MAILBOX = re.compile(
    r"relay|spam|polic|block|blacklist|listed|denied|reputation|authenticat|spf|dkim|dmarc|rbl|sender|rate", re.I
)


def enhanced_code(text: str) -> tuple[int, int, int] | None:
    """The RFC 3463 code at the start of a reply's text (`5.1.1 ...`), if the server gives one."""
    m = _ENHANCED.match(text)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _about_recipient(enhanced: tuple[int, int, int]) -> bool:
    """RFC 3463: X.1.x addressing (but X.1.7 and X.1.8 are the *sender's* address), X.2.1 disabled, X.2.2 full."""
    _, subject, detail = enhanced
    return (subject == 1 and detail not in (7, 8)) or (subject, detail) in ((2, 1), (2, 2))


def classify(stage: str, code: int, text: str) -> str:
    """The outcome of a refusal (`code` >= 400) at `stage`: MAIL, RCPT, DATA (the command) or END (after data).

    - 4xx anywhere: RETRY (RFC 5321 4.2.1: transient).
    - X.6.7 (RFC 6531: this recipient cannot take a non-ASCII address): UNSUPPORTED.
    - RCPT 5xx: RECIPIENT for X.1.x (not X.1.7/X.1.8), X.2.1, X.2.2; without an enhanced code, 550/551/553
      unless the text speaks of relay, policy, spam, ...; 552 without a code is "too many recipients",
      to be treated as 452 (RFC 5321 4.5.3.1.10). Anything else (5.7.x policy, 5.4.x routing, ...): STOP.
    - END 5xx: 554 always STOP (transaction failed: usually content or policy); the recipient codes above
      are RECIPIENT (a server may check the mailbox only after the data); anything else STOP.
    - MAIL or DATA 5xx: STOP (the sender, the relay or the message).
    """
    if code < 500:
        return Outcome.RETRY
    enhanced = enhanced_code(text)
    if enhanced and enhanced[1:] == (6, 7):
        return Outcome.UNSUPPORTED
    if stage == "RCPT":
        if enhanced and enhanced[0] == 5:
            return Outcome.RECIPIENT if _about_recipient(enhanced) else Outcome.STOP
        if code in (550, 551, 553) and not _NOT_THE_MAILBOX.search(text):
            return Outcome.RECIPIENT
        return Outcome.RETRY if code == 552 else Outcome.STOP
    if stage == "END":
        if code == 554:
            return Outcome.STOP
        return Outcome.RECIPIENT if enhanced and enhanced[0] == 5 and _about_recipient(enhanced) else Outcome.STOP
    return Outcome.STOP


@dataclass(frozen=True)
class Result:
    kind: str
    detail: str  # the server's reply (never the password), or what happened to the connection
    stage: str = ""  # connect, MAIL, RCPT, DATA, END


# The SMTP client ---------------------------------------------------------------------------


class Mailer:
    """One SMTP connection, reused for every message and reopened when the server drops it.

    `stop` is asked before each step that comes before the end-of-data mark: once it
    returns true, the transaction is abandoned (nothing was delivered: the row goes
    back to pending). After the mark, the reply is always awaited, so a polite stop
    never leaves an unknown outcome behind.
    """

    def __init__(self, settings: SmtpSettings, stop: Callable[[], Any] = lambda: False):
        self.settings = settings
        self.stop = stop
        self.smtp: smtplib.SMTP | None = None

    @property
    def where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def connect(self) -> Result | None:
        """Open the connection; None when it is ready, else why not (RETRY or STOP)."""
        s = self.settings
        context = ssl.create_default_context()
        smtp: smtplib.SMTP | None = None
        try:
            if s.security == "tls":
                smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            with contextlib.suppress(OSError):  # the end-of-data mark goes out alone, at once (no Nagle wait)
                smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # type: ignore[union-attr]
            code, reply = smtp.ehlo()
            if code >= 400:
                code, reply = smtp.helo()
                if code >= 400:
                    smtp.close()
                    return Result(
                        Outcome.RETRY if code < 500 else Outcome.STOP,
                        f"{self.where} refused EHLO and HELO: {code} {_text(reply)}",
                    )
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    return Result(
                        Outcome.STOP,
                        f"{self.where} does not offer STARTTLS:"
                        " set notify.smtp.security (tls, or none for a local relay)",
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPNotSupportedError:
            _close(smtp)
            return Result(Outcome.STOP, f"{self.where} does not offer SMTP AUTH: unset the SMTP user")
        except smtplib.SMTPAuthenticationError as exc:
            _close(smtp)
            # The reply is the server's; the password is never part of any message (E9).
            kind = Outcome.RETRY if exc.smtp_code < 500 else Outcome.STOP
            return Result(
                kind, f"{self.where} refused the login of {s.user!r}: {exc.smtp_code} {_text(exc.smtp_error)}"
            )
        except smtplib.SMTPConnectError as exc:
            _close(smtp)
            kind = Outcome.RETRY if exc.smtp_code < 500 else Outcome.STOP
            return Result(kind, f"{self.where} refused the connection: {exc.smtp_code} {_text(exc.smtp_error)}")
        except smtplib.SMTPResponseException as exc:
            _close(smtp)
            kind = Outcome.RETRY if exc.smtp_code < 500 else Outcome.STOP
            return Result(kind, f"{self.where}: {exc.smtp_code} {_text(exc.smtp_error)}")
        except ssl.SSLCertVerificationError as exc:
            _close(smtp)
            return Result(Outcome.STOP, f"{self.where}: the server's certificate is not valid: {exc.verify_message}")
        except socket.gaierror as exc:
            _close(smtp)
            kind = Outcome.RETRY if exc.errno == socket.EAI_AGAIN else Outcome.STOP
            return Result(kind, f"cannot find the SMTP server {s.host!r}: {exc.strerror}")
        except (OSError, smtplib.SMTPException) as exc:
            _close(smtp)
            return Result(Outcome.RETRY, f"cannot connect to {self.where}: {exc}")
        self.smtp = smtp
        return None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
        _close(self.smtp)
        self.smtp = None

    def _drop(self) -> None:
        _close(self.smtp)
        self.smtp = None

    def _reset(self) -> None:
        try:
            assert self.smtp is not None
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def _abandon(self, in_data: bool) -> Result:
        self._drop() if in_data else self._reset()
        return Result(Outcome.RETRY, "abandoned before the end of the message: the run was asked to stop")

    def _refused(self, stage: str, code: int, reply: bytes) -> Result:
        text = _text(reply)
        if code == 421:  # the server is closing the connection (RFC 5321 3.8)
            self._drop()
        else:
            self._reset()
        where = "end of DATA" if stage == "END" else stage
        return Result(classify(stage, code, text), f"{where} {code} {text}", stage)

    def _peer_gone(self) -> bool:
        """Whether the server has closed or reset the connection: checked before the end-of-data mark.

        Plain TCP only (a TLS socket is readable for its own records, such as session tickets).
        """
        sock = self.smtp.sock if self.smtp is not None else None
        if sock is None or isinstance(sock, ssl.SSLSocket):
            return False
        try:  # mid-DATA the server says nothing: readable means closed, reset, or an early error reply
            return bool(select.select([sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True

    def send(self, from_addr: str, to: Mailbox, data: bytes | Callable[[], bytes | None]) -> Result:
        """One SMTP transaction (`_send`), its detail cleared of the password (E9): a careless server
        may quote the credentials in its refusal, and the detail is printed and stored."""
        result = self._send(from_addr, to, data)
        detail = result.detail
        password, user = self.settings.password, self.settings.user
        if password:
            forms = [f"\0{user}\0{password}", password]  # AUTH PLAIN, then LOGIN, as sent and as base64
            for form in [base64.b64encode(f.encode()).decode() for f in forms] + [password]:
                detail = detail.replace(form, "[password hidden]")
        return result if detail == result.detail else dataclasses.replace(result, detail=detail)

    def _send(self, from_addr: str, to: Mailbox, data: bytes | Callable[[], bytes | None]) -> Result:
        """One SMTP transaction, with what its outcome means for the ledger.

        Done step by step instead of `sendmail` so that a dropped connection is
        told apart: until the end-of-data mark has gone out nothing can have been
        delivered (retry); after it, the server may have accepted the message
        (unknown, never re-sent). The message and the mark are written separately,
        with a check in between that the server is still there.

        `data` may be a function, called once the recipient is accepted and before
        the DATA command: the notice run waits there for its ledger claim (committed
        meanwhile, see `Notifier._deliver`); None abandons the transaction.
        """
        if self.smtp is None:
            failed = self.connect()
            if failed is not None:
                return failed
        smtp = self.smtp
        assert smtp is not None
        if to.smtputf8 and not smtp.has_extn("smtputf8"):
            return Result(
                Outcome.UNSUPPORTED,
                f"{self.where} does not offer SMTPUTF8, which an address with an accented local part needs"
                " (RFC 6531): send through a server that offers it",
            )
        options = (" SMTPUTF8" + (" BODY=8BITMIME" if smtp.has_extn("8bitmime") else "")) if to.smtputf8 else ""
        smtp.command_encoding = "utf-8" if to.smtputf8 else "ascii"
        try:
            # putcmd rather than mail()/rcpt(): the addresses are validated already, and smtplib's
            # quoteaddr parses each one again (a tenth of the client's time per message).
            smtp.putcmd("mail", f"FROM:<{from_addr}>{options}")
            code, reply = smtp.getreply()
            if code != 250:
                return self._refused("MAIL", code, reply)
            if self.stop():
                return self._abandon(in_data=False)
            smtp.putcmd("rcpt", f"TO:<{to.address}>")
            code, reply = smtp.getreply()
            if code not in (250, 251):
                return self._refused("RCPT", code, reply)
            if self.stop():
                return self._abandon(in_data=False)
            if callable(data):
                ready = data()
                if ready is None:
                    self._reset()
                    return Result(Outcome.RETRY, "not sent: the ledger did not give this message out")
                data = ready
            code, reply = smtp.docmd("data")
            if code != 354:
                return self._refused("DATA", code, reply)
            if self.stop():
                return self._abandon(in_data=True)
            payload = re.sub(rb"(?m)^\.", b"..", data)
            if not payload.endswith(b"\r\n"):
                payload += b"\r\n"
            smtp.send(payload)
            if self.stop():
                return self._abandon(in_data=True)
            if self._peer_gone():
                self._drop()
                return Result(Outcome.RETRY, "connection dropped during the message, before its end-of-data mark")
            smtp.send(b".\r\n")
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            return Result(Outcome.RETRY, f"connection dropped before the end of the message: {exc}")
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            return Result(Outcome.UNKNOWN, f"connection dropped after the message, before the server's reply: {exc}")
        if code == 250:
            return Result(Outcome.SENT, f"{code} {_text(reply)}")
        return self._refused("END", code, reply)


def _text(reply: bytes | str) -> str:
    text = reply.decode("utf-8", errors="replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _close(smtp: smtplib.SMTP | None) -> None:
    if smtp is not None:
        with contextlib.suppress(Exception):
            smtp.close()


# Polite stops ------------------------------------------------------------------------------


class PoliteStop:
    """SIGTERM and SIGINT ask the run to stop after, or instead of, the current transaction.

    The first signal only sets a flag (the current SMTP exchange goes on or is
    abandoned before its end-of-data mark, so no outcome is left unknown); a second
    one stops at once, as Ctrl-C does by default.
    """

    def __init__(self) -> None:
        self.name = ""

    def __call__(self) -> str:
        return self.name

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.name:
            raise KeyboardInterrupt
        self.name = signal.Signals(signum).name

    @contextlib.contextmanager
    def installed(self) -> Iterator[PoliteStop]:
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        saved = {s: signal.signal(s, self._handle) for s in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield self
        finally:
            for s, handler in saved.items():
                signal.signal(s, handler)


# Ledger ------------------------------------------------------------------------------------


class Ledger:
    """The (version, subscriber) delivery ledger (E7).

    Claims are committed with `synchronous=FULL` (on disk before the SMTP
    transaction starts); 'sent' marks are deferred into the next claim's
    transaction, or flushed on their own before any wait and at the end.
    """

    def __init__(self, conn: sqlite3.Connection, merge_marks: bool = True):
        self.conn = conn
        self.merge_marks = merge_marks
        self._marks: list[tuple[str, str, str, int]] = []

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        with transaction(self.conn):
            if self._marks:
                self.conn.executemany(
                    "UPDATE deliveries SET state = 'sent', updated_at = ?, detail = ?"
                    " WHERE version = ? AND subscriber_id = ? AND state = 'sending'",
                    self._marks,
                )
            yield
        self._marks.clear()

    def settle_crashed(self) -> int:
        """Rows still 'sending' from an earlier run: their outcome is unknown (E7)."""
        with self._transaction():
            return self.conn.execute("UPDATE deliveries SET state = 'unknown' WHERE state = 'sending'").rowcount

    def todo(self, version: Version, consented_before: str, resend_unknown: bool) -> list[Recipient]:
        """Active subscribers who consented before `consented_before` and still need this version."""
        states = ("pending", "unknown") if resend_unknown else ("pending", "pending")
        rows = self.conn.execute(
            "SELECT s.id, s.address, s.lang, s.token FROM subscribers s"
            " LEFT JOIN deliveries d ON d.version = ? AND d.subscriber_id = s.id"
            " WHERE s.status = 'active' AND s.consent_at < ? AND (d.state IS NULL OR d.state IN (?, ?))"
            " ORDER BY s.id",
            (version.id, consented_before, *states),
        ).fetchall()
        return [Recipient(r[0], r[1], r[2], r[3]) for r in rows]

    def claim(self, version: str, subscriber_id: int, message_id: str, resend_unknown: bool) -> str | None:
        """Take the row before sending; None when another outcome is already recorded or the reader left.

        Returns the Message-ID to use: a retried message keeps its first one, so
        a reader's mail program can tell it is the same notice.
        """
        with self._transaction():
            row = self.conn.execute(
                "INSERT INTO deliveries (version, subscriber_id, state, message_id, attempts, updated_at)"
                " SELECT ?, ?, 'sending', ?, 1, ? WHERE EXISTS"
                " (SELECT 1 FROM subscribers WHERE id = ? AND status = 'active')"
                " ON CONFLICT (version, subscriber_id) DO UPDATE SET state = 'sending',"
                " attempts = attempts + 1, updated_at = excluded.updated_at"
                " WHERE state = 'pending' OR (state = 'unknown' AND ?)"
                " RETURNING message_id",
                (version, subscriber_id, message_id, utc_now(), subscriber_id, resend_unknown),
            ).fetchone()
        return row[0] if row else None

    def sent(self, version: str, subscriber_id: int, reply: str) -> None:
        self._marks.append((utc_now(), reply, version, subscriber_id))
        if not self.merge_marks:
            self.flush()

    def flush(self) -> None:
        """Write deferred 'sent' marks now (before waiting, and at the end of a run)."""
        if self._marks:
            with self._transaction():
                pass

    def release(self, version: str, subscriber_id: int, detail: str) -> None:
        """Not delivered, try again later (4xx, dropped before the end-of-data mark, run stopped)."""
        with self._transaction():
            self.conn.execute(
                "UPDATE deliveries SET state = 'pending', updated_at = ?, detail = ?"
                " WHERE version = ? AND subscriber_id = ?",
                (utc_now(), detail, version, subscriber_id),
            )

    def settle(self, version: str, subscriber_id: int, state: str, detail: str, suppress: bool = False) -> None:
        """Record a final outcome (failed or unknown); a permanent failure of the recipient suppresses it (E8)."""
        now = utc_now()
        with self._transaction():
            self.conn.execute(
                "UPDATE deliveries SET state = ?, updated_at = ?, detail = ? WHERE version = ? AND subscriber_id = ?",
                (state, now, detail, version, subscriber_id),
            )
            if suppress:
                self.conn.execute(
                    "UPDATE subscribers SET status = 'bounced', status_at = ?, status_how = ?"
                    " WHERE id = ? AND status = 'active'",
                    (now, f"SMTP: {detail}", subscriber_id),
                )
                self.conn.execute(
                    "INSERT INTO subscriber_events (subscriber_id, at, event, detail) VALUES (?, ?, 'bounced', ?)",
                    (subscriber_id, now, f"version {version}: {detail}"),
                )

    def unsuppress(self, rows: list[tuple[str, int]], why: str) -> None:
        """The circuit breaker's undo: these failures go back to pending and their addresses to active."""
        now = utc_now()
        with self._transaction():
            for version, subscriber_id in rows:
                self.conn.execute(
                    "UPDATE deliveries SET state = 'pending', updated_at = ?, detail = ? || detail"
                    " WHERE version = ? AND subscriber_id = ? AND state = 'failed'",
                    (now, f"{why}; was: ", version, subscriber_id),
                )
                changed = self.conn.execute(
                    "UPDATE subscribers SET status = 'active', status_at = NULL, status_how = NULL"
                    " WHERE id = ? AND status = 'bounced'",
                    (subscriber_id,),
                ).rowcount
                if changed:
                    self.conn.execute(
                        "INSERT INTO subscriber_events (subscriber_id, at, event, detail)"
                        " VALUES (?, ?, 'bounce withdrawn', ?)",
                        (subscriber_id, now, f"version {version}: {why}"),
                    )

    def refuse(self, version: str, recipient: Recipient, detail: str) -> None:
        """A message that must not be built (header injection in a stored field): failed, not retried."""
        with self._transaction():
            self.conn.execute(
                "INSERT INTO deliveries (version, subscriber_id, state, message_id, updated_at, detail)"
                " VALUES (?, ?, 'failed', '', ?, ?) ON CONFLICT (version, subscriber_id) DO UPDATE"
                " SET state = 'failed', detail = excluded.detail, updated_at = excluded.updated_at",
                (version, recipient.id, utc_now(), detail),
            )

    def rows(self, versions: list[str], state: str) -> list[sqlite3.Row]:
        marks = ",".join("?" * len(versions))
        return self.conn.execute(
            "SELECT d.version, s.address, d.updated_at, d.detail FROM deliveries d"
            f" JOIN subscribers s ON s.id = d.subscriber_id WHERE d.state = ? AND d.version IN ({marks})"
            " ORDER BY d.version, s.id",
            (state, *versions),
        ).fetchall()


def lock(db: Path) -> FileLock:
    """One notify run at a time per store: another one would see our claims as crashed rows.

    An OS lock (filelock: flock on POSIX, msvcrt on Windows), released by the OS if the run is killed.
    """
    path = db.with_name(db.name + ".lock")
    held = FileLock(path, timeout=0)
    try:
        held.acquire()
    except Timeout:
        raise NotifyError(f"another 'policy-archive notify' is running on {db} (lock {path.name})") from None
    return held


# The run -----------------------------------------------------------------------------------


@dataclass
class Breaker:
    """Stops a run whose recipients fail as no real list does: a relay or a filter refusing everyone
    in words that look like 'no such user' must not wipe the list (issue 11).

    Trips on `consecutive` permanent recipient failures in a row, or when, among the first
    `window` messages of the run, at least `minimum` failed and they are `share` or more of
    them. A tripped breaker puts this run's failures back to pending and their addresses back
    to active. 0 disables a rule.
    """

    consecutive: int = 10
    share: float = 0.2
    window: int = 100
    minimum: int = 5
    attempts: int = 0
    failures: int = 0
    streak: int = 0

    def record(self, failed: bool) -> str:
        """Count one delivered or refused message; returns why the run must stop, or ''."""
        self.attempts += 1
        self.streak = self.streak + 1 if failed else 0
        if failed and self.attempts <= self.window:
            self.failures += 1
        if self.consecutive and self.streak >= self.consecutive:
            return f"{self.streak} recipients in a row were refused as permanent failures"
        if (
            self.share
            and failed
            and self.attempts <= self.window
            and self.failures >= self.minimum
            and self.failures / self.attempts >= self.share
        ):
            return f"{self.failures} of the first {self.attempts} messages were refused as permanent failures"
        return ""


TEMPORARY_STREAK = 5  # messages in a row left pending after their retries: the server is failing, stop


@dataclass
class Summary:
    sent: int = 0
    already: int = 0
    pending: int = 0
    failed: int = 0
    unknown: int = 0
    bounced: int = 0  # this run: recipients suppressed
    refused: int = 0  # this run: failed without suppression (not buildable, no SMTPUTF8)
    stopped: str = ""  # why the run stopped before the end
    stop_status: int = 0  # 1: a person must act; 75: try again later
    interrupted: str = ""  # the signal that asked for a polite stop
    failures: list[str] = field(default_factory=list)
    unknowns: list[str] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        """0 done; 75 left pending (unreachable, 4xx, drops, polite stop); 1 a person must look."""
        if self.stop_status:
            return self.stop_status
        if self.interrupted:
            return EX_TEMPFAIL
        if self.unknown or self.refused:
            return 1
        return EX_TEMPFAIL if self.pending else 0


def candidates(policy: Policy) -> list[Version]:
    """Versions that are announced: significant, in force or upcoming, already published (L2, T1, T3).

    A significant version that editorial fixes have since replaced is still the change readers
    must hear about (the site's notice says the same, `notice.last_significant`): it stays a
    candidate until a later significant version takes effect. The first version is not a change
    of anything (it has no changes page): it is never announced, like the site shows no notice for it.
    """
    latest = last_significant(policy)
    return [
        v
        for v in policy.versions
        if v.significant
        and (policy.status(v) != PAST or v is latest)
        and v.published <= policy.as_of
        and policy.previous(v) is not None
    ]


def consent_cutoff(version: Version, timezone: str) -> str:
    """Readers who consented up to the end of the publication day hear about a version; later ones do not."""
    day_after = dt.datetime.combine(version.published + dt.timedelta(days=1), dt.time(), ZoneInfo(timezone))
    return day_after.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def dry_run_name(version: Version, recipient: Recipient) -> str:
    """A file name for any valid address (up to 254 characters): ASCII, short, unique by subscriber id."""
    try:
        wire = mailbox(recipient.address).address
    except StoreError:
        wire = recipient.address
    safe = re.sub(r"[^A-Za-z0-9@._-]", "_", wire)[:60]
    return f"{version.id}_{recipient.id:06d}_{safe}.eml"


@dataclass
class Notifier:
    """Announces versions to subscribers through a ledger; the command line and the benchmark drive it."""

    conn: sqlite3.Connection
    composer: Composer
    timezone: str = "America/Toronto"
    retries: int = 3
    backoff: float = 2.0
    pause: float = 0.0  # seconds between messages (provider rate limits)
    resend_unknown: bool = False
    merge_marks: bool = True
    breaker: Breaker = field(default_factory=Breaker)
    ledger: Ledger = field(init=False)
    _claimer: ThreadPoolExecutor = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.conn, self.merge_marks)
        self._claimer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy-archive-claim")

    def plan(self, versions: list[Version], resend_unknown: bool | None = None) -> list[tuple[Version, Recipient]]:
        """What is left to send, oldest version first."""
        resend = self.resend_unknown if resend_unknown is None else resend_unknown
        work = []
        for version in versions:
            cutoff = consent_cutoff(version, self.timezone)
            work += [(version, r) for r in self.ledger.todo(version, cutoff, resend)]
        return work

    def dry_run(self, versions: list[Version], folder: Path) -> tuple[list[Path], list[str]]:
        """Write each message that would be sent as an .eml file; the ledger is not touched.

        Returns the files and, for messages that cannot be built, why.
        """
        folder.mkdir(parents=True, exist_ok=True)
        written, problems = [], []
        for version, recipient in self.plan(versions):
            try:
                check_text("token", recipient.token)
                data = self.composer.compose(version, recipient, self.composer.message_id(version, recipient))
            except (NotifyError, StoreError) as exc:
                problems.append(f"{version.id} {recipient.address!r}: {exc}")
                continue
            path = folder / dry_run_name(version, recipient)
            path.write_bytes(data)
            written.append(path)
        return written, problems

    def run(
        self,
        versions: list[Version],
        mailer: Mailer,
        progress: Callable[[int, int], None] | None = None,
        stop: Callable[[], str] = lambda: "",
    ) -> Summary:
        summary = Summary()
        self.ledger.settle_crashed()
        work = self.plan(versions)
        mailer.stop = stop
        sender = self.composer.sender.from_address
        bounced: list[tuple[str, int]] = []
        temporary = 0
        try:
            for done, (version, recipient) in enumerate(work, start=1):
                if stop():
                    summary.interrupted = stop()
                    break
                outcome = self._deliver(version, recipient, mailer, sender, summary)
                if outcome == Outcome.STOP:
                    break
                if outcome in (Outcome.SENT, Outcome.RECIPIENT):
                    if outcome == Outcome.RECIPIENT:
                        bounced.append((version.id, recipient.id))
                    if why := self.breaker.record(outcome == Outcome.RECIPIENT):
                        self.ledger.unsuppress(bounced, f"circuit breaker: {why}")
                        summary.bounced -= len(bounced)
                        summary.stopped = (
                            f"circuit breaker: {why}. This looks like a problem of the server or of the"
                            f" sending setup, not of {len(bounced)} addresses: they stay subscribed and their"
                            " messages pending. Check the replies below with the mail provider"
                            " (--max-consecutive-bounces and --max-bounce-share change the thresholds)"
                        )
                        summary.stop_status = 1
                        break
                temporary = temporary + 1 if outcome == Outcome.RETRY else 0
                if temporary >= TEMPORARY_STREAK:
                    summary.stopped = (
                        f"{temporary} messages in a row could not be delivered for now:"
                        " the server is failing temporarily"
                    )
                    summary.stop_status = EX_TEMPFAIL
                    break
                if progress:
                    progress(done, len(work))
                if self.pause:
                    self.ledger.flush()
                    self._wait(self.pause, stop)
            else:
                if stop():
                    summary.interrupted = stop()
        finally:
            self.ledger.flush()
            mailer.close()
            self._claimer.shutdown(wait=True)
            self._claimer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy-archive-claim")
        self._totals(versions, summary)
        return summary

    def _totals(self, versions: list[Version], summary: Summary) -> None:
        ids = [v.id for v in versions]
        if not ids:
            return
        summary.pending = len(self.plan(versions, resend_unknown=False))
        fails = self.ledger.rows(ids, FAILED)
        unknowns = self.ledger.rows(ids, UNKNOWN)
        summary.failed = len(fails)
        summary.unknown = len(unknowns)
        summary.failures = [f"{r['version']} {r['address']}: {r['detail']}" for r in fails]
        summary.unknowns = [f"{r['version']} {r['address']} ({r['updated_at']}): {r['detail']}" for r in unknowns]
        summary.already = len(self.ledger.rows(ids, SENT)) - summary.sent

    @staticmethod
    def _wait(seconds: float, stop: Callable[[], str]) -> None:
        """Sleep in short steps, so that a polite stop does not wait for the end of a backoff."""
        end = time.monotonic() + seconds
        while not stop() and (left := end - time.monotonic()) > 0:
            time.sleep(min(left, 0.1))

    def _deliver(self, version: Version, recipient: Recipient, mailer: Mailer, sender: str, summary: Summary) -> str:
        """One message, retried on transient failures; returns its Outcome (or 'skipped')."""
        try:
            safe_header("subscriber address", recipient.address)
            check_text("token", recipient.token)
            box = mailbox(recipient.address)
        except (NotifyError, StoreError) as exc:
            self.ledger.refuse(version.id, recipient, str(exc))
            summary.refused += 1
            return Outcome.UNSUPPORTED
        attempt = 0
        while True:
            # The claim is committed (and synced) by a helper thread while MAIL FROM and RCPT TO
            # travel; the DATA command waits for it. Nothing can be delivered before the end-of-data
            # mark, so the claim is still on disk before the message can exist anywhere else, and the
            # disk's latency hides behind the network's instead of adding to it.
            claimed = self._claimer.submit(
                self.ledger.claim,
                version.id,
                recipient.id,
                self.composer.message_id(version, recipient),
                self.resend_unknown,
            )

            def message(claimed: Future[str | None] = claimed) -> bytes | None:
                message_id = claimed.result()
                return None if message_id is None else self.composer.compose(version, recipient, message_id, box=box)

            result = mailer.send(sender, box, message)
            if claimed.result() is None:  # unsubscribed meanwhile, or settled by an earlier attempt
                return "skipped"
            if result.kind == Outcome.SENT:
                self.ledger.sent(version.id, recipient.id, result.detail)
                summary.sent += 1
                return Outcome.SENT
            if result.kind == Outcome.RECIPIENT:
                self.ledger.settle(version.id, recipient.id, FAILED, result.detail, suppress=True)
                summary.bounced += 1
                return Outcome.RECIPIENT
            if result.kind == Outcome.UNSUPPORTED:
                self.ledger.settle(version.id, recipient.id, FAILED, result.detail)
                summary.refused += 1
                return Outcome.UNSUPPORTED
            if result.kind == Outcome.UNKNOWN:
                self.ledger.settle(version.id, recipient.id, UNKNOWN, result.detail)
                return Outcome.UNKNOWN
            self.ledger.release(version.id, recipient.id, result.detail)
            if result.kind == Outcome.STOP:
                summary.stopped = result.detail + (
                    f" (message to {recipient.address}): this concerns the sender, the relay, the connection's"
                    " policy or the message (RFC 5321, RFC 3463), not this recipient. Nobody was suppressed and"
                    " every message stays pending: fix the sending setup with the mail provider, then run again"
                    " (if the reply really is about this one address, remove it with 'policy-archive subscribers"
                    " remove')"
                    if result.stage in ("RCPT", "DATA", "END")
                    else ". Nobody was suppressed and every message stays pending: fix it, then run again"
                )
                summary.stop_status = 1
                return Outcome.STOP
            if mailer.stop():  # abandoned for a polite stop: pending, not retried now
                return Outcome.RETRY
            if attempt >= self.retries:
                if mailer.smtp is None:  # the server is gone: everything left waits for the next run
                    summary.stopped = result.detail
                    summary.stop_status = EX_TEMPFAIL
                    return Outcome.STOP
                return Outcome.RETRY
            self.ledger.flush()
            self._wait(self.backoff * (2**attempt), mailer.stop)
            if mailer.stop():
                return Outcome.RETRY
            attempt += 1
