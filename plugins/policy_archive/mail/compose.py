"""What subscribers receive: the notice of a significant change, and the confirmation of a web subscription.

Every string that comes from mkdocs.yml or version.yml (organisation name and
address, summaries, URLs) is HTML-escaped in the HTML part, refused in headers
when it holds a control character (E9), and written into From and Reply-To as
one mailbox that parsers read back exactly (`mailbox_header`).
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import itertools
import re
import secrets
import textwrap
from dataclasses import dataclass
from email import quoprimime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP, SMTPUTF8
from email.utils import format_datetime, quote
from typing import Any
from urllib.parse import quote as url_quote

from ..l10n import format_date, strings, t
from ..model import Policy, Version
from .store import Mailbox, StoreError, mailbox, normalise_address


class NotifyError(Exception):
    """A problem the site owner must fix before anything can be sent; its text says what."""


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_header(name: str, value: str) -> str:
    """Refuse CR, LF and other control characters in anything that becomes a header (E9)."""
    if _CONTROL.search(value):
        raise NotifyError(f"{name} contains a line break or control character: refused (header injection?)")
    return value


def _encoded_words(text: str) -> list[str]:
    """RFC 2047 B-encoded words of at most 75 characters, split after a space where one is near."""
    chunks: list[bytes] = []
    current = b""
    for word in re.findall(r"\S+\s*", text):
        data = word.encode("utf-8")
        if current and len(current) + len(data) > 45:
            chunks.append(current)
            current = b""
        for ch in word:  # a word longer than one encoded word is cut between characters
            piece = ch.encode("utf-8")
            if len(current) + len(piece) > 45:
                chunks.append(current)
                current = b""
            current += piece
    chunks.append(current)
    return [f"=?utf-8?b?{base64.b64encode(c).decode('ascii')}?=" for c in chunks if c]


def mailbox_header(display_name: str, addr_spec: str) -> str:
    """One mailbox (From, Reply-To) in ASCII that reads back as exactly this name and this address.

    An ASCII name is quoted by `email.headerregistry.Address`. A name with accents is
    written as runs: ASCII words in a quoted-string (so commas, parentheses and quotes
    stay inside it), accented words as one encoded-word per run. Runs keep encoded-words
    apart: RFC 2047 drops the space between two adjacent encoded-words, which some parsers
    (Python's own) do not, so a name folded across encoded-words would read differently
    from one program to the next. Folded at spaces (unfolding gives the same text back).
    """
    name = " ".join(display_name.split())
    Address(addr_spec=addr_spec)  # raises on an addr-spec that is not one
    if not name:
        return addr_spec
    if name.isascii():
        value = str(Address(display_name=name, addr_spec=addr_spec))
    else:
        words = []
        for is_ascii, run in itertools.groupby(name.split(" "), key=str.isascii):
            text = " ".join(run)
            words += [f'"{quote(text)}"'] if is_ascii else _encoded_words(text)
        value = " ".join([*words, f"<{addr_spec}>"])
    lines, line, room = [], "", 78 - len("Reply-To: ")
    for word in value.split(" "):
        if line and len(line) + 1 + len(word) > room:
            lines.append(line)
            line, room = word, 77
        else:
            line = f"{line} {word}" if line else word
    return "\r\n ".join([*lines, line])


def _qp(text: str) -> bytes:
    """UTF-8 text as quoted-printable with CRLF lines of at most 76 characters (RFC 2045).

    Line by line, so a body encoded in pieces split at line ends is the same as
    the body encoded at once.
    """
    return quoprimime.body_encode(text.encode("utf-8").decode("latin-1"), 76, eol="\r\n").encode("ascii")


def _web_link(url: str) -> str | None:
    """Only http(s) addresses become links: a `javascript:` website in mkdocs.yml stays plain text (S1)."""
    return url if url.lower().startswith(("https://", "http://")) else None


# Settings ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    """Who the messages are from and where their links point (E1, E4); checked once for header injection."""

    organisation: str
    postal_address: str
    phone: str
    email: str
    website: str
    from_address: str  # the wire form (ASCII domain)
    reply_to: str
    list_id: str
    message_id_domain: str
    unsubscribe_url: str
    unsubscribe_mailto: str
    site_url: str
    default_lang: str = "fr"
    subscribe_url: str = ""

    @classmethod
    def from_config(cls, options: Any, mkdocs: Any, for_notices: bool = True) -> Sender:
        """From the plugin's options; `for_notices=False` (the web service) does not need an unsubscribe address."""
        org, notify = options.organisation, options.notify
        site_url = str(mkdocs.get("site_url") or "")
        if not site_url.startswith(("https://", "http://")):
            raise NotifyError("site_url is not set in mkdocs.yml: the messages link to the site")
        if not org.name or not org.address or not (org.phone or org.email or org.website):
            raise NotifyError(
                "the messages must identify the sender (E1): set organisation.name, organisation.address"
                " and a phone, email or website under plugins.policy-archive in mkdocs.yml"
            )
        sender = notify.sender or org.email
        if not sender:
            raise NotifyError("no sender address: set notify.sender (or organisation.email) in mkdocs.yml")
        subscribe_url = getattr(notify, "subscribe_url", "") or ""
        for name, value in (
            ("organisation.name", org.name),
            ("organisation.address", org.address),
            ("organisation.phone", org.phone),
            ("organisation.email", org.email),
            ("organisation.website", org.website),
            ("notify.sender", sender),
            ("notify.reply_to", notify.reply_to),
            ("notify.list_id", notify.list_id),
            ("notify.message_id_domain", notify.message_id_domain),
            ("notify.unsubscribe_url", notify.unsubscribe_url),
            ("notify.unsubscribe_mailto", notify.unsubscribe_mailto),
            ("notify.subscribe_url", subscribe_url),
        ):
            safe_header(name, value or "")

        def wire(name: str, value: str) -> str:
            try:
                box = mailbox(normalise_address(value))
            except StoreError as exc:
                raise NotifyError(f"mkdocs.yml, {name}: {exc}") from None
            if box.smtputf8:
                raise NotifyError(f"mkdocs.yml, {name}: {value} needs SMTPUTF8 (accented local part): use an ASCII one")
            return box.address

        sender = wire("notify.sender", sender)
        reply_to = wire("notify.reply_to", notify.reply_to) if notify.reply_to else ""
        mailto = wire("notify.unsubscribe_mailto", notify.unsubscribe_mailto) if notify.unsubscribe_mailto else ""
        if for_notices and not notify.unsubscribe_url and not mailto:
            raise NotifyError(
                "no way to unsubscribe (E1): set notify.unsubscribe_url (https) and/or notify.unsubscribe_mailto"
            )
        for name, url in (("notify.unsubscribe_url", notify.unsubscribe_url), ("notify.subscribe_url", subscribe_url)):
            if url and not url.startswith("https://"):
                raise NotifyError(f"{name} must start with https:// (it is a link in the messages)")
        domain = sender.rpartition("@")[2]
        list_id = notify.list_id or f"confidentialite.{domain}"
        if not re.fullmatch(r"[A-Za-z0-9.-]+", list_id):
            raise NotifyError(f"notify.list_id {list_id!r} must be a dotted name such as confidentialite.{domain}")
        message_id_domain = notify.message_id_domain or domain
        if not re.fullmatch(r"[A-Za-z0-9.-]+", message_id_domain):
            raise NotifyError(f"notify.message_id_domain {message_id_domain!r} must be an ASCII domain name")
        return cls(
            organisation=" ".join(org.name.split()),
            postal_address=org.address,
            phone=org.phone,
            email=org.email,
            website=org.website,
            from_address=sender,
            reply_to=reply_to,
            list_id=list_id,
            message_id_domain=message_id_domain,
            unsubscribe_url=notify.unsubscribe_url,
            unsubscribe_mailto=mailto,
            site_url=site_url if site_url.endswith("/") else site_url + "/",
            default_lang=options.languages[0],
            subscribe_url=subscribe_url,
        )

    def from_header(self) -> str:
        return mailbox_header(self.organisation, self.from_address)

    def reply_to_header(self) -> str:
        return mailbox_header(self.organisation, self.reply_to) if self.reply_to else ""

    def contact(self, lang: str) -> list[tuple[str, str, str | None]]:
        """(label, value, link or None) for the phone, email and website that identify the sender (E1)."""
        rows = [
            (t(lang, "email_phone"), self.phone, None),
            (t(lang, "email_email"), self.email, f"mailto:{self.email}" if self.email else None),
            (t(lang, "email_website"), self.website, _web_link(self.website)),
        ]
        return [row for row in rows if row[1]]

    def identification(self, lang: str) -> tuple[str, str]:
        """The sender block, as text and as HTML (every value escaped)."""
        contact = self.contact(lang)
        text = "\n".join([self.organisation, self.postal_address] + [f"{label} {value}" for label, value, _ in contact])
        e = html.escape
        markup = f"{e(self.organisation)}<br>\n{e(self.postal_address)}" + "".join(
            f"<br>\n{e(label)} " + (f'<a href="{e(href)}">{e(value)}</a>' if href else e(value))
            for label, value, href in contact
        )
        return text, markup

    def message_id(self, kind: str) -> str:
        return f"<{kind}.{secrets.token_hex(8)}@{self.message_id_domain}>"


def _wrap(text: str) -> str:
    return "\n\n".join(
        textwrap.fill(p, 72, break_long_words=False, break_on_hyphens=False) for p in re.split(r"\n\s*\n", text.strip())
    )


def _html_page(lang: str, title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{strings(lang)["html_lang"]}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}"
    )


# The notice --------------------------------------------------------------------------------


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
        return f"mailto:{self.sender.unsubscribe_mailto}?subject={url_quote('unsubscribe ' + token)}"

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
        # The policy's own words: "no reduction of your rights ... without your express consent".
        consent = t(lang, "email_consent_express")
        why = t(lang, "email_why", organisation=org).replace("..", ".")  # "inc." at the end of a sentence
        sender_text, sender_html = s.identification(lang)
        # Plain text (E5: first, with the same links as the HTML).
        text = [t(lang, "email_greeting"), _wrap(intro), t(lang, "email_summary_title"), _wrap(summary)]
        if version.reduces_rights:
            text.append(_wrap(consent))
        if changes:
            text.append(f"{t(lang, 'email_changes_link')}\n{changes}")
        text.append(f"{t(lang, 'email_full_link')}\n{full}")
        # A plain rule, not the "-- " signature mark: mail programs dim or drop signatures,
        # and the sender identification and unsubscribe link must stay visible (E1).
        text_head = "\n\n".join(text) + "\n\n" + "-" * 20 + "\n" + sender_text + "\n\n" + _wrap(why) + "\n\n"

        e = html.escape
        parts = [
            f"<p>{e(t(lang, 'email_greeting'))}</p>",
            f"<p>{e(intro)}</p>",
            f"<h2>{e(t(lang, 'email_summary_title'))}</h2>",
            *(f"<p>{e(p)}</p>" for p in re.split(r"\n\s*\n", summary.strip())),
        ]
        if version.reduces_rights:
            parts.append(f"<p><strong>{e(consent)}</strong></p>")
        links = []
        if changes:
            links.append(f'<li><a href="{e(changes)}">{e(t(lang, "email_changes_link").rstrip(" :"))}</a></li>')
        links.append(f'<li><a href="{e(full)}">{e(t(lang, "email_full_link").rstrip(" :"))}</a></li>')
        parts.append("<ul>\n" + "\n".join(links) + "\n</ul>")
        parts.append(f'<hr>\n<p style="font-size:small">{sender_html}</p>\n<p style="font-size:small">{e(why)}')
        html_head = _html_page(lang, subject, "\n".join(parts) + "\n")  # the reader's lines are encoded on their own
        unsubscribe = t(lang, "email_unsubscribe")
        mailto = t(lang, "email_unsubscribe_mailto", address=s.unsubscribe_mailto) if s.unsubscribe_mailto else ""
        text_tail = _wrap(unsubscribe) + "\n{link}\n" + (f"{_wrap(mailto)}\n" if mailto else "")
        html_tail = (
            f'<br>\n{e(unsubscribe)} <a href="{{link}}">{{link}}</a>'
            + (f"<br>\n{e(mailto)}" if mailto else "")
            + "</p>\n</body>\n</html>\n"
        )
        # Headers that are the same for every reader go through the email package once (RFC 2047 for
        # the accented subject, folding); From and Reply-To are written by `mailbox_header`.
        boundary = f"=_policy-archive-{secrets.token_hex(12)}"  # "=_" never occurs in quoted-printable
        static = EmailMessage(policy=SMTP)
        static["Subject"] = subject
        static["List-Id"] = f"{t(lang, 'email_list_name')} <{s.list_id}>"
        static["MIME-Version"] = "1.0"
        static["Content-Type"] = f'multipart/alternative; boundary="{boundary}"'
        static["Content-Language"] = strings(lang)["html_lang"]
        mailboxes = f"From: {s.from_header()}\r\n" + (f"Reply-To: {s.reply_to_header()}\r\n" if s.reply_to else "")
        headers = mailboxes.encode("ascii") + static.as_bytes().split(b"\r\n\r\n", 1)[0] + b"\r\n"

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

    def compose(
        self,
        version: Version,
        recipient: Recipient,
        message_id: str,
        now: dt.datetime | None = None,
        box: Mailbox | None = None,
    ) -> bytes:
        """The message for one reader, as the bytes handed to the SMTP server (one recipient, E7).

        Only the reader's own parts are built here (To, Date, Message-ID, the
        unsubscribe lines); the rest comes encoded from the version's template.
        Building an EmailMessage per reader cost more than the SMTP exchange
        itself (header refolding; see BENCHMARKS.md), and the output is the same
        MIME: multipart/alternative, text then HTML, quoted-printable UTF-8 (E5).
        An address with an accented local part goes out as UTF-8 in the To header
        (RFC 6532): only over SMTPUTF8, which the sender checks.
        """
        safe_header("subscriber address", recipient.address)
        safe_header("Message-ID", message_id)
        if box is None:
            try:
                box = mailbox(recipient.address)
            except StoreError as exc:
                raise NotifyError(str(exc)) from None
        lang = recipient.lang if recipient.lang in self.policy.languages else self.sender.default_lang
        tpl = self.template(version, lang)
        link, mailto = self.unsubscribe_link(recipient.token), self.unsubscribe_mailto(recipient.token)
        targets = ",\r\n ".join(f"<{u}>" for u in (link, mailto) if u)
        head = (
            f"To: {box.address}\r\nDate: {format_datetime(now or dt.datetime.now(dt.UTC))}\r\n"
            f"Message-ID: {message_id}\r\nList-Unsubscribe: {targets}\r\n"
            + ("List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n" if link else "")
        )
        shown = link or mailto
        return b"".join(
            (
                head.encode("utf-8" if box.smtputf8 else "ascii"),
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


# The confirmation of a web subscription (E10) ----------------------------------------------


def confirmation_email(
    sender: Sender, lang: str, to: Mailbox, link: str, hours: float, now: dt.datetime | None = None
) -> bytes:
    """The email with the single-use confirmation link, in the language the person chose.

    It asks for nothing else and offers nothing (E2); a person who did not ask is
    told that ignoring it is enough. Built with the email package: one per request.
    """
    org = sender.organisation
    subject = t(lang, "confirm_email_subject")
    sender_text, sender_html = sender.identification(lang)
    paragraphs = [
        t(lang, "email_greeting"),
        t(lang, "confirm_email_intro", organisation=org).replace("..", "."),  # "inc." ends the sentence
        t(lang, "confirm_email_action", hours=f"{hours:g}"),
    ]
    ignore = t(lang, "confirm_email_ignore")
    text = "\n\n".join(_wrap(p) for p in paragraphs) + f"\n\n{link}\n\n{_wrap(ignore)}\n\n" + "-" * 20
    text += f"\n{sender_text}\n"
    e = html.escape
    body = (
        "".join(f"<p>{e(p)}</p>\n" for p in paragraphs)
        + f'<p><a href="{e(link)}">{e(t(lang, "confirm_email_link"))}</a><br>\n{e(link)}</p>\n'
        + f"<p>{e(ignore)}</p>\n<hr>\n"
        + f'<p style="font-size:small">{sender_html}</p>\n</body>\n</html>\n'
    )
    msg = EmailMessage(policy=SMTPUTF8 if to.smtputf8 else SMTP)
    msg["To"] = to.address
    msg["Subject"] = safe_header("subject", subject)
    msg["Date"] = format_datetime(now or dt.datetime.now(dt.UTC))
    msg["Message-ID"] = sender.message_id("confirm")
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    msg.set_content(text, charset="utf-8", cte="quoted-printable")
    msg.add_alternative(_html_page(lang, subject, body), subtype="html", charset="utf-8", cte="quoted-printable")
    msg["Content-Language"] = strings(lang)["html_lang"]  # after set_content, which clears Content-* headers
    head = f"From: {sender.from_header()}\r\n" + (
        f"Reply-To: {sender.reply_to_header()}\r\n" if sender.reply_to else ""
    )
    return head.encode("ascii") + msg.as_bytes()
