"""The email notice of a significant change: compose it, send it, and never send it twice.

Exactly once (E7, E8) rests on a ledger in the subscriber store, one row per
(version, subscriber):

    (no row) or pending --claim--> sending --250--> sent
                                    |  4xx, drop before the end of DATA --> pending (retried, then next run)
                                    |  5xx to RCPT or DATA --> failed (address suppressed)
                                    '-- still 'sending' when a run starts --> unknown (listed, not re-sent)

The claim is committed with a full sync before the SMTP transaction starts, so a
crash at any point leaves either nothing sent (no row, or pending) or a row that
says the outcome is unknown. The 'sent' mark of one message rides in the same
transaction as the claim of the next (one commit per message, not two): if it
is lost, the row says 'sending', which becomes 'unknown', never a duplicate.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
import re
import secrets
import smtplib
import sqlite3
import ssl
import textwrap
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import quoprimime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr
from pathlib import Path
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo

from filelock import FileLock, Timeout

from .l10n import format_date, strings, t
from .model import PAST, Policy, Version
from .subscribers import StoreError, check_text, normalise_address, utc_now

SENDING, SENT, PENDING, FAILED, UNKNOWN = "sending", "sent", "pending", "failed", "unknown"

LEDGER_SCHEMA = """
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


class NotifyError(Exception):
    """A problem the site owner must fix before anything can be sent; its text says what."""


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


@dataclass(frozen=True)
class Sender:
    """Who the notice is from and where its links point (E1, E4); checked once for header injection."""

    organisation: str
    postal_address: str
    phone: str
    email: str
    website: str
    from_address: str
    reply_to: str
    list_id: str
    message_id_domain: str
    unsubscribe_url: str
    unsubscribe_mailto: str
    site_url: str
    default_lang: str = "fr"

    @classmethod
    def from_config(cls, options: Any, mkdocs: dict[str, Any]) -> Sender:
        org, notify = options.organisation, options.notify
        site_url = str(mkdocs.get("site_url") or "")
        if not site_url.startswith(("https://", "http://")):
            raise NotifyError("site_url is not set in mkdocs.yml: the notice links to the site")
        if not org.name or not org.address or not (org.phone or org.email or org.website):
            raise NotifyError(
                "the notice must identify the sender (E1): set organisation.name, organisation.address"
                " and a phone, email or website under plugins.policy-archive in mkdocs.yml"
            )
        sender = notify.sender or org.email
        if not sender:
            raise NotifyError("no sender address: set notify.sender (or organisation.email) in mkdocs.yml")
        for name, value in (
            ("organisation.name", org.name),
            ("notify.sender", sender),
            ("notify.reply_to", notify.reply_to),
            ("notify.list_id", notify.list_id),
            ("notify.message_id_domain", notify.message_id_domain),
            ("notify.unsubscribe_url", notify.unsubscribe_url),
            ("notify.unsubscribe_mailto", notify.unsubscribe_mailto),
        ):
            safe_header(name, value)
        try:
            sender = normalise_address(sender)
            reply_to = normalise_address(notify.reply_to) if notify.reply_to else ""
            mailto = normalise_address(notify.unsubscribe_mailto) if notify.unsubscribe_mailto else ""
        except StoreError as exc:
            raise NotifyError(f"mkdocs.yml, notify: {exc}") from None
        if not notify.unsubscribe_url and not mailto:
            raise NotifyError(
                "no way to unsubscribe (E1): set notify.unsubscribe_url (https) and/or notify.unsubscribe_mailto"
            )
        if notify.unsubscribe_url and not notify.unsubscribe_url.startswith("https://"):
            raise NotifyError("notify.unsubscribe_url must start with https:// (RFC 8058 one-click unsubscribe)")
        domain = sender.rpartition("@")[2]
        list_id = notify.list_id or f"confidentialite.{domain}"
        if not re.fullmatch(r"[A-Za-z0-9.-]+", list_id):
            raise NotifyError(f"notify.list_id {list_id!r} must be a dotted name such as confidentialite.{domain}")
        return cls(
            organisation=org.name,
            postal_address=org.address,
            phone=org.phone,
            email=org.email,
            website=org.website,
            from_address=sender,
            reply_to=reply_to,
            list_id=list_id,
            message_id_domain=notify.message_id_domain or domain,
            unsubscribe_url=notify.unsubscribe_url,
            unsubscribe_mailto=mailto,
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            default_lang=options.languages[0],
        )


def _qp(text: str) -> bytes:
    """UTF-8 text as quoted-printable with CRLF lines of at most 76 characters (RFC 2045).

    Line by line, so a body encoded in pieces split at line ends is the same as
    the body encoded at once.
    """
    return quoprimime.body_encode(text.encode("utf-8").decode("latin-1"), 76, eol="\r\n").encode("ascii")


def safe_header(name: str, value: str) -> str:
    """Refuse CR, LF and other control characters in anything that becomes a header (E9)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise NotifyError(f"{name} contains a line break or control character: refused (header injection?)")
    return value


# Composing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    id: int
    address: str
    lang: str
    token: str


@dataclass(frozen=True)
class _Template:
    """Everything of one (version, language) message that is the same for every reader."""

    lang: str
    subject: str
    headers: bytes  # From, Reply-To, Subject, List-Id, MIME-Version, Content-Type, Content-Language
    text_part: bytes  # part headers and the encoded text up to the reader's own lines
    html_part: bytes
    text_tail: str  # the reader's lines, with {link} for the unsubscribe address
    html_tail: str
    end: bytes  # closing delimiter


class Composer:
    """Builds the notice for one reader (E1, E2, E4, E5, F4); per-version parts are built once."""

    def __init__(self, sender: Sender, policy: Policy):
        self.sender = sender
        self.policy = policy
        self._templates: dict[tuple[str, str], _Template] = {}
        self._from = formataddr((sender.organisation, sender.from_address))

    def links(self, version: Version, lang: str) -> tuple[str | None, str]:
        """(changes page or None for a first version, full version) for one language."""
        base = self.sender.site_url + ("" if lang == self.sender.default_lang else f"{lang}/")
        full = f"{base}versions/{version.id}/"
        return (f"{full}changes/" if self.policy.previous(version) is not None else None), full

    def unsubscribe_link(self, token: str) -> str:
        base = self.sender.unsubscribe_url
        if not base:
            return ""
        return base + token if base.endswith(("/", "=")) else f"{base}/{token}"

    def unsubscribe_mailto(self, token: str) -> str:
        if not self.sender.unsubscribe_mailto:
            return ""
        return f"mailto:{self.sender.unsubscribe_mailto}?subject={quote('unsubscribe ' + token)}"

    def template(self, version: Version, lang: str) -> _Template:
        key = (version.id, lang)
        if key not in self._templates:
            self._templates[key] = self._build_template(version, lang)
        return self._templates[key]

    def _build_template(self, version: Version, lang: str) -> _Template:
        s, org = self.sender, self.sender.organisation
        date = format_date(version.effective, lang)
        upcoming = version.effective > self.policy.as_of
        intro = t(lang, "email_intro_upcoming" if upcoming else "email_intro_in_force", organisation=org, date=date)
        summary = version.summary.get(lang) or version.summary.get(s.default_lang, "")
        changes, full = self.links(version, lang)
        subject = safe_header("subject", t(lang, "email_subject", date=date))
        contact = [
            (t(lang, "email_phone"), s.phone, None),
            (t(lang, "email_email"), s.email, f"mailto:{s.email}"),
            (t(lang, "email_website"), s.website, s.website),
        ]
        contact = [c for c in contact if c[1]]

        def wrap(text: str) -> str:
            return "\n\n".join(
                textwrap.fill(p, 72, break_long_words=False, break_on_hyphens=False)
                for p in re.split(r"\n\s*\n", text.strip())
            )

        why = t(lang, "email_why", organisation=org).replace("..", ".")  # "inc." at the end of a sentence
        # Plain text (E5: first, with the same links as the HTML).
        text = [t(lang, "email_greeting"), wrap(intro), t(lang, "email_summary_title"), wrap(summary)]
        if version.reduces_rights:
            text.append(wrap(t(lang, "email_consent")))
        if changes:
            text.append(f"{t(lang, 'email_changes_link')}\n{changes}")
        text.append(f"{t(lang, 'email_full_link')}\n{full}")
        sender_block = "\n".join([org, s.postal_address] + [f"{label} {value}" for label, value, _ in contact])
        # A plain rule, not the "-- " signature mark: mail programs dim or drop signatures,
        # and the sender identification and unsubscribe link must stay visible (E1).
        tail = ["-" * 20, sender_block, wrap(why)]
        text_head = "\n\n".join(text) + "\n\n" + "\n".join(tail[:2]) + "\n\n" + tail[2] + "\n\n"

        e = html.escape
        parts = [
            f"<p>{e(t(lang, 'email_greeting'))}</p>",
            f"<p>{e(intro)}</p>",
            f"<h2>{e(t(lang, 'email_summary_title'))}</h2>",
            *(f"<p>{e(p)}</p>" for p in re.split(r"\n\s*\n", summary.strip())),
        ]
        if version.reduces_rights:
            parts.append(f"<p><strong>{e(t(lang, 'email_consent'))}</strong></p>")
        links = []
        if changes:
            links.append(f'<li><a href="{e(changes)}">{e(t(lang, "email_changes_link").rstrip(" :"))}</a></li>')
        links.append(f'<li><a href="{e(full)}">{e(t(lang, "email_full_link").rstrip(" :"))}</a></li>')
        parts.append("<ul>\n" + "\n".join(links) + "\n</ul>")
        contact_html = "".join(
            f"<br>\n{e(label)} " + (f'<a href="{e(href)}">{e(value)}</a>' if href else e(value))
            for label, value, href in contact
        )
        parts.append(
            f'<hr>\n<p style="font-size:small">{e(org)}<br>\n{e(s.postal_address)}{contact_html}</p>\n'
            f'<p style="font-size:small">{e(why)}'
        )
        lang_tag = strings(lang)["html_lang"]
        html_head = (
            f'<!DOCTYPE html>\n<html lang="{lang_tag}">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(subject)}</title>\n</head>\n<body>\n" + "\n".join(parts) + "\n"
        )  # ends at a line end: the reader's lines are encoded on their own
        unsubscribe = t(lang, "email_unsubscribe")
        mailto = t(lang, "email_unsubscribe_mailto", address=s.unsubscribe_mailto) if s.unsubscribe_mailto else ""
        text_tail = wrap(unsubscribe) + "\n{link}\n" + (f"{wrap(mailto)}\n" if mailto else "")
        html_tail = (
            f'<br>\n{e(unsubscribe)} <a href="{{link}}">{{link}}</a>'
            + (f"<br>\n{e(mailto)}" if mailto else "")
            + "</p>\n</body>\n</html>\n"
        )
        # Headers that are the same for every reader go through the email package once
        # (display name quoting, RFC 2047 for the accented subject, folding).
        boundary = f"=_policy-archive-{secrets.token_hex(12)}"  # "=_" never occurs in quoted-printable
        static = EmailMessage(policy=SMTP)
        static["From"] = self._from
        if s.reply_to:
            static["Reply-To"] = s.reply_to
        static["Subject"] = subject
        static["List-Id"] = f"{t(lang, 'email_list_name')} <{s.list_id}>"
        static["MIME-Version"] = "1.0"
        static["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
        static["Content-Language"] = lang_tag
        headers = static.as_bytes().split(b"\r\n\r\n", 1)[0] + b"\r\n"

        def part(subtype: str, body: str) -> bytes:
            return (
                f'\r\n--{boundary}\r\nContent-Type: text/{subtype}; charset="utf-8"\r\n'
                "Content-Transfer-Encoding: quoted-printable\r\n\r\n"
            ).encode("ascii") + _qp(body)

        return _Template(
            lang=lang,
            subject=subject,
            headers=headers,
            text_part=part("plain", text_head),
            html_part=part("html", html_head),
            text_tail=text_tail,
            html_tail=html_tail,
            end=f"\r\n--{boundary}--\r\n".encode("ascii"),
        )

    def compose(self, version: Version, recipient: Recipient, message_id: str, now: dt.datetime | None = None) -> bytes:
        """The message for one reader, as the bytes handed to the SMTP server (one recipient, E7).

        Only the reader's own parts are built here (To, Date, Message-ID, the
        unsubscribe lines); the rest comes encoded from the version's template.
        Building an EmailMessage per reader cost more than the SMTP exchange
        itself (header refolding; see BENCHMARKS.md), and the output is the same
        MIME: multipart/alternative, text then HTML, quoted-printable UTF-8 (E5).
        """
        address = safe_header("subscriber address", recipient.address)
        if not address.isascii() or "@" not in address:
            raise NotifyError(f"subscriber address {address!r} is not a plain ASCII address: refused")
        safe_header("Message-ID", message_id)
        lang = recipient.lang if recipient.lang in self.policy.languages else self.sender.default_lang
        tpl = self.template(version, lang)
        link, mailto = self.unsubscribe_link(recipient.token), self.unsubscribe_mailto(recipient.token)
        targets = ",\r\n ".join(f"<{u}>" for u in (link, mailto) if u)
        head = (
            f"To: {address}\r\nDate: {format_datetime(now or dt.datetime.now(dt.UTC))}\r\n"
            f"Message-ID: {message_id}\r\nList-Unsubscribe: {targets}\r\n"
            + ("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" if link else "")
        )
        shown = link or mailto
        return b"".join(
            (
                head.encode("ascii"),
                tpl.headers,
                tpl.text_part,
                _qp(tpl.text_tail.replace("{link}", shown)),
                tpl.html_part,
                _qp(tpl.html_tail.replace("{link}", html.escape(shown))),
                tpl.end,
            )
        )

    def message_id(self, version: Version, recipient: Recipient) -> str:
        return f"<policy-{version.id}.{recipient.id}.{secrets.token_hex(6)}@{self.sender.message_id_domain}>"


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
        conn.executescript(LEDGER_SCHEMA)

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            if self._marks:
                self.conn.executemany(
                    "UPDATE deliveries SET state = 'sent', updated_at = ?, detail = ?"
                    " WHERE version = ? AND subscriber_id = ? AND state = 'sending'",
                    self._marks,
                )
            yield
            self.conn.execute("COMMIT")
            self._marks.clear()
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

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
        """Not delivered, try again later (4xx, dropped connection before the end of DATA)."""
        with self._transaction():
            self.conn.execute(
                "UPDATE deliveries SET state = 'pending', updated_at = ?, detail = ?"
                " WHERE version = ? AND subscriber_id = ?",
                (utc_now(), detail, version, subscriber_id),
            )

    def settle(self, version: str, subscriber_id: int, state: str, detail: str, suppress: bool = False) -> None:
        """Record a final outcome (failed or unknown); a permanent failure suppresses the address (E8)."""
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


# SMTP --------------------------------------------------------------------------------------


class Outcome:
    SENT, TRANSIENT, PERMANENT, UNKNOWN = "sent", "transient", "permanent", "unknown"


class SenderRefused(NotifyError):
    """The server refuses our MAIL FROM or login: no reader is at fault, stop the run."""


class Mailer:
    """One SMTP connection, reused for every message and reopened when the server drops it."""

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def connect(self) -> None:
        s = self.settings
        context = ssl.create_default_context()
        try:
            if s.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=s.timeout, context=context)
            else:
                smtp = smtplib.SMTP(s.host, s.port, timeout=s.timeout)
            smtp.ehlo()
            if s.security == "starttls":
                if not smtp.has_extn("starttls"):
                    smtp.close()
                    raise SenderRefused(
                        f"{s.host}:{s.port} does not offer STARTTLS:"
                        " set notify.smtp.security (tls, or none for a local relay)"
                    )
                smtp.starttls(context=context)
                smtp.ehlo()
            if s.user:
                smtp.login(s.user, s.password)
        except smtplib.SMTPNotSupportedError:
            raise SenderRefused(f"{s.host}:{s.port} does not offer SMTP AUTH: unset the SMTP user") from None
        except smtplib.SMTPAuthenticationError as exc:
            # The reply is the server's; the password is never part of any message (E9).
            raise SenderRefused(f"{s.host}:{s.port} refused the login of {s.user!r}: {exc.smtp_code}") from None
        self.smtp = smtp

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            with contextlib.suppress(Exception):
                self.smtp.close()
        self.smtp = None

    def _drop(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(Exception):
                self.smtp.close()
        self.smtp = None

    def _reset(self) -> None:
        try:
            assert self.smtp is not None
            self.smtp.rset()
        except (smtplib.SMTPException, OSError):
            self._drop()

    def send(self, from_addr: str, to_addr: str, data: bytes) -> tuple[str, str]:
        """One SMTP transaction, with what its outcome means for the ledger.

        Done step by step instead of `sendmail` so that a dropped connection is
        told apart: before the end of DATA nothing was delivered (retry); after
        it, the server may have accepted the message (unknown, never re-sent).
        """
        if self.smtp is None:
            try:
                self.connect()
            except (OSError, smtplib.SMTPException) as exc:
                self._drop()
                return Outcome.TRANSIENT, f"cannot connect to {self.settings.host}:{self.settings.port}: {exc}"
        smtp = self.smtp
        assert smtp is not None
        try:
            code, reply = smtp.mail(from_addr)
            if code == 421:
                self._drop()
                return Outcome.TRANSIENT, f"MAIL {code} {reply.decode(errors='replace')}"
            if code >= 500:
                self._reset()
                raise SenderRefused(
                    f"the server refuses the sender {from_addr}: {code} {reply.decode(errors='replace')}"
                )
            if code >= 400:
                self._reset()
                return Outcome.TRANSIENT, f"MAIL {code} {reply.decode(errors='replace')}"
            code, reply = smtp.rcpt(to_addr)
            if code not in (250, 251):
                self._reset() if code != 421 else self._drop()
                kind = Outcome.PERMANENT if code >= 500 else Outcome.TRANSIENT
                return kind, f"RCPT {code} {reply.decode(errors='replace')}"
            code, reply = smtp.docmd("data")
            if code != 354:
                self._reset() if code != 421 else self._drop()
                kind = Outcome.PERMANENT if code >= 500 else Outcome.TRANSIENT
                return kind, f"DATA {code} {reply.decode(errors='replace')}"
            payload = re.sub(rb"(?m)^\.", b"..", data)
            if not payload.endswith(b"\r\n"):
                payload += b"\r\n"
            smtp.send(payload + b".\r\n")
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            return Outcome.TRANSIENT, f"connection dropped before the end of the message: {exc}"
        except OSError as exc:
            self._drop()
            return Outcome.TRANSIENT, f"connection error before the end of the message: {exc}"
        try:
            code, reply = smtp.getreply()
        except (smtplib.SMTPServerDisconnected, OSError) as exc:
            self._drop()
            return Outcome.UNKNOWN, f"connection dropped after the message, before the server's reply: {exc}"
        text = f"{code} {reply.decode(errors='replace')}"
        if code == 250:
            return Outcome.SENT, text
        if code == 421:
            self._drop()
        return (Outcome.PERMANENT if code >= 500 else Outcome.TRANSIENT), f"end of DATA {text}"


# The run -----------------------------------------------------------------------------------


@dataclass
class Summary:
    sent: int = 0
    already: int = 0
    pending: int = 0
    failed: int = 0
    unknown: int = 0
    refused: int = 0
    aborted: str = ""
    failures: list[str] = field(default_factory=list)
    unknowns: list[str] = field(default_factory=list)


def candidates(policy: Policy) -> list[Version]:
    """Versions that are announced: significant, in force or upcoming, already published (L2, T1, T3).

    The first version is not a change of anything (it has no changes page): it is never announced,
    like the site shows no change notice for it.
    """
    return [
        v
        for v in policy.versions
        if v.significant and policy.status(v) != PAST and v.published <= policy.as_of and policy.previous(v) is not None
    ]


def consent_cutoff(version: Version, timezone: str) -> str:
    """Readers who consented up to the end of the publication day hear about a version; later ones do not."""
    day_after = dt.datetime.combine(version.published + dt.timedelta(days=1), dt.time(), ZoneInfo(timezone))
    return day_after.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
    ledger: Ledger = field(init=False)

    def __post_init__(self) -> None:
        self.ledger = Ledger(self.conn, self.merge_marks)

    def plan(self, versions: list[Version], resend_unknown: bool | None = None) -> list[tuple[Version, Recipient]]:
        """What is left to send, oldest version first."""
        resend = self.resend_unknown if resend_unknown is None else resend_unknown
        work = []
        for version in versions:
            cutoff = consent_cutoff(version, self.timezone)
            work += [(version, r) for r in self.ledger.todo(version, cutoff, resend)]
        return work

    def dry_run(self, versions: list[Version], folder: Path) -> list[Path]:
        """Write each message that would be sent as an .eml file; the ledger is not touched."""
        folder.mkdir(parents=True, exist_ok=True)
        written = []
        for version, recipient in self.plan(versions):
            try:
                data = self.composer.compose(version, recipient, self.composer.message_id(version, recipient))
            except NotifyError:
                continue
            safe = re.sub(r"[^A-Za-z0-9@._-]", "_", recipient.address)
            path = folder / f"{version.id}_{recipient.id:06d}_{safe}.eml"
            path.write_bytes(data)
            written.append(path)
        return written

    def run(
        self, versions: list[Version], mailer: Mailer, progress: Callable[[int, int], None] | None = None
    ) -> Summary:
        summary = Summary()
        self.ledger.settle_crashed()
        work = self.plan(versions)
        sender = self.composer.sender.from_address
        try:
            for done, (version, recipient) in enumerate(work, start=1):
                outcome = self._deliver(version, recipient, mailer, sender, summary)
                if outcome == "abort":
                    break
                if progress:
                    progress(done, len(work))
                if self.pause:
                    self.ledger.flush()
                    time.sleep(self.pause)
        finally:
            self.ledger.flush()
            mailer.close()
        ids = [v.id for v in versions]
        if ids:
            summary.pending = len(self.plan(versions, resend_unknown=False))
            fails = self.ledger.rows(ids, FAILED)
            unknowns = self.ledger.rows(ids, UNKNOWN)
            summary.failed = len(fails)
            summary.unknown = len(unknowns)
            summary.failures = [f"{r['version']} {r['address']}: {r['detail']}" for r in fails]
            summary.unknowns = [f"{r['version']} {r['address']} ({r['updated_at']}): {r['detail']}" for r in unknowns]
            summary.already = len(self.ledger.rows(ids, SENT)) - summary.sent
        return summary

    def _deliver(self, version: Version, recipient: Recipient, mailer: Mailer, sender: str, summary: Summary) -> str:
        try:
            safe_header("subscriber address", recipient.address)
            check_text("token", recipient.token)
        except (NotifyError, StoreError) as exc:
            self.ledger.refuse(version.id, recipient, str(exc))
            summary.refused += 1
            return "refused"
        attempt = 0
        while True:
            message_id = self.ledger.claim(
                version.id, recipient.id, self.composer.message_id(version, recipient), self.resend_unknown
            )
            if message_id is None:  # unsubscribed meanwhile, or settled by an earlier attempt
                return "skipped"
            data = self.composer.compose(version, recipient, message_id)
            try:
                outcome, detail = mailer.send(sender, recipient.address, data)
            except SenderRefused as exc:
                self.ledger.release(version.id, recipient.id, str(exc))
                summary.aborted = str(exc)
                return "abort"
            if outcome == Outcome.SENT:
                self.ledger.sent(version.id, recipient.id, detail)
                summary.sent += 1
                return "sent"
            if outcome == Outcome.PERMANENT:
                self.ledger.settle(version.id, recipient.id, FAILED, detail, suppress=True)
                return "failed"
            if outcome == Outcome.UNKNOWN:
                self.ledger.settle(version.id, recipient.id, UNKNOWN, detail)
                return "unknown"
            self.ledger.release(version.id, recipient.id, detail)
            if attempt >= self.retries:
                if mailer.smtp is None:  # the server is gone: everything left waits for the next run
                    summary.aborted = detail
                    return "abort"
                return "pending"
            time.sleep(self.backoff * (2**attempt))
            attempt += 1
