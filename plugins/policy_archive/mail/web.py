"""The subscription service: subscribe with double opt-in (E10), confirm, and unsubscribe (E1, E6, RFC 8058).

A WSGI application served by waitress (pure Python, no compiler needed, in
production since 2011; it has what the standard library's server lacked: a
listen backlog, a thread pool with a connection limit, idle timeouts, header and
body size limits, and safe handling of trusted proxies' X-Forwarded-* headers).
On top of waitress, `GuardedServer` cuts a client whose request takes longer than
`request_timeout` to arrive (a slow-loris sending a byte at a time never looks idle).

Routes, whatever prefix the reverse proxy keeps (the last path segments decide):

    GET  .../abonnement/ (or subscribe/, or /)  the form; ?lang=en for English, ?page= the page it came from
    POST .../abonnement/                        queue a confirmation email; the same answer for every address
    GET  .../confirmation/TOKEN                 a page with a button: link scanners confirm nothing
    POST .../confirmation/TOKEN                 confirm: the subscription becomes active, once
    GET  .../TOKEN (or ?token=TOKEN)            a page with an unsubscribe button
    POST .../TOKEN                              unsubscribe (RFC 8058 one-click or the button): 200, no redirect

Pages are in the reader's language (French by default), need no JavaScript,
set no cookie, and escape every value; confirmation emails leave from a
background thread (`Outbox`), so answering never waits for the mail server.
"""

from __future__ import annotations

import base64
import collections
import contextlib
import datetime as dt
import hashlib
import html
import logging
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote

from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.server import TcpWSGIServer
from waitress.task import ThreadedTaskDispatcher

from ..l10n import strings, t
from .compose import Sender, confirmation_email
from .send import Mailer, Outcome, SmtpSettings
from .store import ACTIVE, LANGUAGES, UNSUBSCRIBED, Store, StoreError, mailbox, utc_text

log = logging.getLogger("policy_archive.web")

MAX_BODY = 8192  # a subscribe form is a few hundred bytes; waitress answers 413 above this
TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
SUBSCRIBE_PATHS = {"abonnement", "subscribe", "inscription"}
CONFIRM_PATHS = {"confirmation", "confirm"}
STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:38rem;margin:3rem auto;padding:0 1rem;line-height:1.5}"
    "button{font-size:1rem;padding:.5rem 1rem}input[type=email]{font-size:1rem;padding:.3rem;width:100%;"
    "box-sizing:border-box}fieldset{border:0;padding:0}.pa-hp{position:absolute;left:-10000px;width:1px;"
    "height:1px;overflow:hidden}.pa-error{color:#a00;font-weight:bold}.pa-small{font-size:.9rem}"
)
CSP = (
    "default-src 'none'; style-src 'sha256-"
    + base64.b64encode(hashlib.sha256(STYLE.encode()).digest()).decode()
    + "'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


@dataclass(frozen=True)
class Limits:
    """Rate limits (S2). Unsubscribing is never limited: losing one is worse than serving a burst."""

    subscribe_per_client: int = 10  # subscribe POSTs per client address ...
    client_window: float = 600.0  # ... per 10 minutes
    per_address: int = 3  # confirmation emails per email address ...
    address_window: float = 3600.0  # ... per hour
    bad_tokens_per_client: int = 30  # unknown or expired tokens per client per window (guessing)
    confirm_hours: float = 48.0  # a confirmation link works once, for this long


@dataclass(frozen=True)
class ServiceConfig:
    """What the service needs: the store, who is writing, where the site is, how to send."""

    db: Path
    sender: Sender
    languages: tuple[str, ...] = LANGUAGES
    timezone: str = "America/Toronto"
    smtp: SmtpSettings | None = None  # None: confirmation emails stay queued (unsubscribing still works)
    contact: str = ""  # where to write when a link does not work
    limits: Limits = field(default_factory=Limits)

    @property
    def site_url(self) -> str:
        return self.sender.site_url

    @property
    def form_url(self) -> str:
        return self.sender.subscribe_url

    def policy_url(self, lang: str) -> str:
        return self.site_url + ("" if lang == self.languages[0] else f"{lang}/")

    def confirm_link(self, token: str) -> str:
        return self.form_url.rstrip("/") + "/confirmation/" + token


class RateLimiter:
    """Sliding-window counts per key, in memory (client addresses are not written to disk)."""

    def __init__(self, limit: int, window: float, max_keys: int = 100_000):
        self.limit, self.window, self.max_keys = limit, window, max_keys
        self._hits: dict[str, collections.deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        """Count one hit; False when the key is over its limit (the hit is then not counted)."""
        moment = time.monotonic() if now is None else now
        with self._lock:
            hits = self._hits.get(key)
            if hits is None:
                if len(self._hits) >= self.max_keys:  # forget the quietest keys rather than grow without bound
                    for old in [k for k, v in self._hits.items() if not v or v[-1] < moment - self.window]:
                        del self._hits[old]
                    if len(self._hits) >= self.max_keys:
                        self._hits.pop(next(iter(self._hits)))
                hits = self._hits[key] = collections.deque()
            while hits and hits[0] <= moment - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return False
            hits.append(moment)
            return True


# Pages -----------------------------------------------------------------------------------


@dataclass
class Response:
    status: str
    body: bytes
    lang: str
    headers: list[tuple[str, str]] = field(default_factory=list)


def masked(address: str) -> str:
    """`j…@example.com`: enough to recognise one's address, not enough to harvest it from a shared link."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def _page(lang: str, title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="{strings(lang)["html_lang"]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n<style>{STYLE}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    ).encode()


class SubscriptionService:
    """The WSGI application. One store connection per worker thread; no state but rate counters."""

    def __init__(self, config: ServiceConfig, wake: Callable[[], None] = lambda: None):
        self.config = config
        self.wake = wake
        limits = config.limits
        self.subscribe_limiter = RateLimiter(limits.subscribe_per_client, limits.client_window)
        self.token_limiter = RateLimiter(limits.bad_tokens_per_client, limits.client_window)
        self._local = threading.local()
        self._stores: list[Store] = []
        self._stores_lock = threading.Lock()
        Store.open(config.db, config.timezone).close()  # create or upgrade the store now, and fail early

    # Plumbing --------------------------------------------------------------------------

    def store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store.open(self.config.db, self.config.timezone)
            with self._stores_lock:
                self._stores.append(store)
        return store

    def close(self) -> None:
        with self._stores_lock:
            for store in self._stores:
                store.close()
            self._stores.clear()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            response = self.route(environ)
        except Exception:  # the reader gets a page, the log gets the traceback (never the token)
            log.exception("error answering %s", environ.get("REQUEST_METHOD"))
            lang = self.config.languages[0]
            title = t(lang, "service_error_title")
            body = _page(
                lang, title, f"<h1>{html.escape(title)}</h1>\n<p>{html.escape(t(lang, 'service_error_text'))}</p>"
            )
            response = Response("500 Internal Server Error", body, lang)
        headers = [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Length", str(len(response.body))),
            ("Content-Language", strings(response.lang)["html_lang"]),
            ("Cache-Control", "no-store"),
            ("Referrer-Policy", "no-referrer"),  # the address holds a token
            ("X-Robots-Tag", "noindex"),
            ("X-Content-Type-Options", "nosniff"),
            ("X-Frame-Options", "DENY"),
            ("Content-Security-Policy", CSP),
            *response.headers,
        ]
        start_response(response.status, headers)
        return [b"" if environ.get("REQUEST_METHOD") == "HEAD" else response.body]

    def route(self, environ: dict[str, Any]) -> Response:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD", "POST"):
            lang = self.config.languages[0]
            response = self._message(lang, "405 Method Not Allowed", "service_error_title", "service_error_text")
            response.headers.append(("Allow", "GET, HEAD, POST"))
            return response
        query = {k: v[0] for k, v in parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True).items()}
        segments = [s for s in environ.get("PATH_INFO", "/").split("/") if s]
        form = self._form(environ) if method == "POST" else {}
        last = segments[-1].lower() if segments else ""
        if not segments or last in SUBSCRIBE_PATHS:
            return self.subscribe(environ, method, query, form)
        if len(segments) >= 2 and segments[-2].lower() in CONFIRM_PATHS:
            return self.confirm(environ, method, segments[-1] if TOKEN.match(segments[-1]) else "")
        token = query.get("token") or segments[-1]
        return self.unsubscribe(environ, method, token if TOKEN.match(token) else "", form)

    @staticmethod
    def _form(environ: dict[str, Any]) -> dict[str, str]:
        """The POST body's fields (urlencoded, or multipart as some mail programs send RFC 8058's)."""
        length = str(environ.get("CONTENT_LENGTH") or "0")
        size = min(int(length), MAX_BODY) if length.isdigit() else 0  # waitress refused anything else already
        raw = environ["wsgi.input"].read(size) if size else b""
        ctype = str(environ.get("CONTENT_TYPE") or "")
        if ctype.lower().startswith("multipart/form-data"):
            message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {ctype}\r\n\r\n".encode("latin-1") + raw)
            fields = {}
            for part in message.iter_parts() if message.is_multipart() else []:
                name = part.get_param("name", header="content-disposition")
                if isinstance(name, str):
                    fields[name] = str(part.get_payload(decode=True) or b"", "utf-8", "replace").strip()
            return fields
        return {k: v[0] for k, v in parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True).items()}

    @staticmethod
    def _client(environ: dict[str, Any]) -> str:
        """The client's address: waitress has already replaced it by X-Forwarded-For's when, and only
        when, the connection comes from the trusted proxy (`--trusted-proxy`)."""
        return str(environ.get("REMOTE_ADDR") or "?")

    def _lang(self, value: str | None) -> str:
        return value if value in self.config.languages else self.config.languages[0]

    def _policy_link(self, lang: str) -> str:
        url = self.config.policy_url(lang)
        return f'<p><a href="{html.escape(url)}">{html.escape(t(lang, "email_unsubscribe_policy_link"))}</a></p>'

    def _message(self, lang: str, status: str, title_key: str, text_key: str, **values: str) -> Response:
        e = html.escape
        title = t(lang, title_key)
        text = t(lang, text_key, **values)
        body = f"<h1>{e(title)}</h1>\n<p>{e(text)}</p>\n{self._policy_link(lang)}"
        return Response(status, _page(lang, title, body), lang)

    def _both_languages(
        self, status: str, title_key: str, text_key: str, extra: Callable[[str], str] = lambda lang: ""
    ) -> Response:
        """A page for a reader whose language is unknown: French first, then English (F4)."""
        e, body = html.escape, []
        for lang in self.config.languages:
            body.append(
                f'<section lang="{strings(lang)["html_lang"]}">\n<h1>{e(t(lang, title_key))}</h1>\n'
                f"<p>{e(t(lang, text_key, address=self.config.contact))}</p>\n{extra(lang)}"
                f"{self._policy_link(lang)}\n</section>"
            )
        lang = self.config.languages[0]
        return Response(status, _page(lang, t(lang, title_key), "\n".join(body)), lang)

    def _form_link(self, lang: str) -> str:
        if not self.config.form_url:
            return ""
        url = f"{self.config.form_url}?lang={lang}"
        return f'<p><a href="{html.escape(url)}">{html.escape(t(lang, "service_subscribe_title"))}</a></p>\n'

    def _too_many(self, lang: str) -> Response:
        response = self._message(lang, "429 Too Many Requests", "service_too_many_title", "service_too_many_text")
        response.headers.append(("Retry-After", str(int(self.config.limits.client_window))))
        return response

    def _bad_token(self, environ: dict[str, Any]) -> bool:
        """Count a token that matched nothing; True when this client has guessed too often."""
        return not self.token_limiter.allow(self._client(environ))

    # Subscribing ------------------------------------------------------------------------

    def _source_page(self, value: str) -> str:
        """The page the reader came from, kept only if it is a page of this site (it goes in the consent record)."""
        value = value.strip()
        site = self.config.site_url
        if len(value) > 500 or not value.startswith(site) or any(ord(c) < 32 or ord(c) == 127 for c in value):
            return ""
        return value

    def _form_page(
        self, lang: str, page: str, status: str = "200 OK", error: str = "", values: dict | None = None
    ) -> Response:
        e, org, values = html.escape, self.config.sender.organisation, values or {}
        hours = f"{self.config.limits.confirm_hours:g}"
        chosen = self._lang(values.get("lang") or lang)
        title = t(lang, "service_subscribe_title")
        radios = "\n".join(
            f'<label lang="{strings(code)["html_lang"]}"><input type="radio" name="lang" value="{code}"'
            f"{' checked' if code == chosen else ''}> {e(strings(code)['name'])}</label>"
            for code in self.config.languages
        )
        others = " · ".join(
            f'<a href="?lang={code}&amp;page={e(quote(page, safe=""))}" lang="{strings(code)["html_lang"]}"'
            f' hreflang="{strings(code)["html_lang"]}">{e(strings(code)["name"])}</a>'
            for code in self.config.languages
            if code != lang
        )
        _, who = self.config.sender.identification(lang)
        body = "\n".join(
            [
                f"<h1>{e(title)}</h1>",
                f"<p>{e(t(lang, 'service_subscribe_intro', organisation=org))}</p>",
                f'<p class="pa-error" role="alert">{e(error)}</p>' if error else "",
                '<form method="post" action="">',
                f'<p><label for="pa-address">{e(t(lang, "service_address_label"))}</label><br>',
                f'<input type="email" id="pa-address" name="address" required autocomplete="email"'
                f' maxlength="254" value="{e(values.get("address", ""))}"></p>',
                f"<fieldset><legend>{e(t(lang, 'service_lang_label'))}</legend>\n{radios}\n</fieldset>",
                f'<p><label><input type="checkbox" name="consent" value="yes" required>'
                f" {e(t(lang, 'service_consent_label', organisation=org))}</label></p>",
                '<p class="pa-hp" aria-hidden="true">'
                f'<label for="pa-website">{e(t(lang, "service_honeypot_label"))}</label>'
                '<input type="text" id="pa-website" name="website" tabindex="-1" autocomplete="off" value=""></p>',
                f'<input type="hidden" name="page" value="{e(page)}">',
                f'<input type="hidden" name="ui" value="{e(lang)}">',
                f'<p class="pa-small">{e(t(lang, "service_double_opt_in", hours=hours))}</p>',
                f'<p><button type="submit">{e(t(lang, "service_submit"))}</button></p>',
                "</form>",
                f'<p class="pa-small">{e(t(lang, "service_who"))}<br>\n{who}</p>',
                self._policy_link(lang) + (f"<p>{others}</p>" if others else ""),
            ]
        )
        return Response(status, _page(lang, title, body), lang)

    def subscribe(self, environ: dict[str, Any], method: str, query: dict[str, str], form: dict[str, str]) -> Response:
        """The form (GET), or a request for a confirmation email (POST), answered alike for every address."""
        lang = self._lang(query.get("lang") or form.get("ui"))
        page = self._source_page(form.get("page") or query.get("page") or "")
        if not self.config.form_url:
            return self._message(lang, "404 Not Found", "service_not_found_title", "service_not_found_text")
        if method != "POST":
            return self._form_page(lang, page)
        if not self.subscribe_limiter.allow(self._client(environ)):
            return self._too_many(lang)
        checked = self._message(
            lang, "200 OK", "service_check_title", "service_check_text", hours=f"{self.config.limits.confirm_hours:g}"
        )
        if form.get("website"):  # the honeypot: people never see it, form-filling robots fill it
            return checked
        values = {"address": form.get("address", "")[:254], "lang": form.get("lang", "")}
        if form.get("consent") != "yes":
            return self._form_page(lang, page, "400 Bad Request", t(lang, "service_error_consent"), values)
        limits = self.config.limits
        try:
            token = self.store().request_confirmation(
                values["address"],
                self._lang(form.get("lang") or lang),
                form=f"{self.config.form_url} ({lang})",
                page=page,
                hours=limits.confirm_hours,
                per_address=(limits.per_address, limits.address_window),
            )
        except StoreError:
            return self._form_page(lang, page, "400 Bad Request", t(lang, "service_error_address"), values)
        if token is not None:
            self.wake()
        return checked

    # Confirming -------------------------------------------------------------------------

    def confirm(self, environ: dict[str, Any], method: str, token: str) -> Response:
        """GET shows the button (mail scanners follow links); POST confirms, once, within the time limit."""
        store = self.store()
        row = store.confirmation(token) if token else None
        if row is None or row["state"] == "failed":
            if self._bad_token(environ):
                return self._too_many(self.config.languages[0])
            return self._both_languages(
                "404 Not Found", "service_expired_title", "service_expired_text", self._form_link
            )
        lang, org, e = row["lang"], self.config.sender.organisation, html.escape
        if method == "POST":
            outcome, found = store.confirm(token)
            row = found or row
        else:
            now = utc_text(dt.datetime.now(dt.UTC))
            outcome = "used" if row["state"] == "confirmed" else "expired" if row["expires_at"] <= now else "ask"
        values = {"organisation": org, "address": masked(row["address"])}
        if outcome == "used":
            return self._message(lang, "200 OK", "service_used_title", "service_used_text")
        if outcome in ("expired", "unknown"):
            response = self._message(lang, "410 Gone", "service_expired_title", "service_expired_text")
            response.body = response.body.replace(b"</main>", self._form_link(lang).encode("utf-8") + b"</main>")
            return response
        if outcome == "ask":
            title = t(lang, "service_confirm_title")
            body = (
                f"<h1>{e(title)}</h1>\n<p>{e(t(lang, 'service_confirm_text', **values))}</p>\n"
                f'<form method="post" action="">\n<button type="submit">{e(t(lang, "service_confirm_button"))}'
                "</button>\n</form>\n" + self._policy_link(lang)
            )
            return Response("200 OK", _page(lang, title, body), lang)
        return self._message(lang, "200 OK", "service_confirmed_title", "service_confirmed_text", **values)

    # Unsubscribing ----------------------------------------------------------------------

    def unsubscribe(self, environ: dict[str, Any], method: str, token: str, form: dict[str, str]) -> Response:
        """GET shows what a POST would do, with the button; POST unsubscribes: 200, no redirect, no cookie."""
        store = self.store()
        subscriber = store.by_token(token) if token else None
        if subscriber is None:
            if self._bad_token(environ):
                return self._too_many(self.config.languages[0])
            return self._both_languages(
                "404 Not Found", "email_unsubscribe_unknown_title", "email_unsubscribe_unknown_text"
            )
        lang, e = subscriber.lang, html.escape
        values = {"organisation": self.config.sender.organisation, "address": masked(subscriber.address)}
        if method == "POST":
            # E3: how the person left, as it happened: the page's own button, or a mail program's one-click POST.
            if form.get("via") == "page":
                via = "unsubscribe page, button"
            elif form.get("List-Unsubscribe") == "One-Click":
                via = "one-click unsubscribe (RFC 8058)"
            else:
                via = "unsubscribe address, POST"
            if subscriber.status == ACTIVE:
                store.set_status(subscriber.id, UNSUBSCRIBED, via)
        elif subscriber.status == ACTIVE:
            title = t(lang, "email_unsubscribe_page_title")
            body = (
                f"<h1>{e(title)}</h1>\n<p>{e(t(lang, 'email_unsubscribe_page_text', **values))}</p>\n"
                '<form method="post" action="">\n'
                '<input type="hidden" name="via" value="page">\n'
                f'<button type="submit">{e(t(lang, "email_unsubscribe_page_button"))}</button>\n</form>\n'
                + self._policy_link(lang)
            )
            return Response("200 OK", _page(lang, title, body), lang)
        return self._message(lang, "200 OK", "email_unsubscribe_done_title", "email_unsubscribe_done_text", **values)


# The confirmation outbox -------------------------------------------------------------------


class Outbox:
    """Sends the queued confirmation emails from a thread of its own; retries with a growing delay.

    The tokens wait in the store until their email is out (then only their hash
    stays), so a restart loses nothing. The log names a request by its number and a
    reply by its code only: no address, no token.
    """

    def __init__(self, config: ServiceConfig, max_attempts: int = 8, idle_close: float = 30.0):
        self.config = config
        self.max_attempts = max_attempts
        self.idle_close = idle_close
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def wake(self) -> None:
        self._wake.set()

    def start(self) -> None:
        if self.config.smtp is None:
            log.warning("no SMTP settings: confirmation emails stay queued")
            return
        self._thread = threading.Thread(target=self._run, name="policy-archive-outbox", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        assert self.config.smtp is not None
        store = Store.open(self.config.db, self.config.timezone)
        mailer = Mailer(self.config.smtp, stop=self._stopping.is_set)
        last_used = last_purge = 0.0
        try:
            store.requeue_interrupted()
            while not self._stopping.is_set():
                if time.monotonic() - last_purge > 3600:
                    store.purge_confirmations()
                    last_purge = time.monotonic()
                try:
                    row = store.next_confirmation()
                except sqlite3.Error:
                    log.exception("outbox: cannot read the store")
                    row = None
                if row is None:
                    if mailer.smtp is not None and time.monotonic() - last_used > self.idle_close:
                        mailer.close()
                    self._wake.wait(5.0)
                    self._wake.clear()
                    continue
                self._send(store, mailer, row)
                last_used = time.monotonic()
        finally:
            mailer.close()
            store.close()

    def _send(self, store: Store, mailer: Mailer, row: sqlite3.Row) -> None:
        config, cid = self.config, row["id"]
        try:
            box = mailbox(row["address"])
            data = confirmation_email(
                config.sender, row["lang"], box, config.confirm_link(row["token"]), config.limits.confirm_hours
            )
        except (StoreError, ValueError) as exc:
            store.confirmation_outcome(cid, "failed", f"not built: {type(exc).__name__}")
            log.warning("confirmation %s: could not be built", cid)
            return
        result = mailer.send(config.sender.from_address, box, data)
        code = " ".join(result.detail.split()[:2]) if result.stage else result.kind
        if result.kind == Outcome.SENT:
            store.confirmation_outcome(cid, "mailed", code)
            log.info("confirmation %s: sent", cid)
        elif result.kind in (Outcome.RECIPIENT, Outcome.UNSUPPORTED):
            store.confirmation_outcome(cid, "failed", code)
            log.warning("confirmation %s: refused for good (%s)", cid, code)
        else:  # retry later; a refusal of the sender or relay waits longer, and says so in the log
            attempts = int(store.conn.execute("SELECT attempts FROM confirmations WHERE id = ?", (cid,)).fetchone()[0])
            if attempts >= self.max_attempts:
                store.confirmation_outcome(cid, "failed", code)
                log.warning("confirmation %s: given up after %s attempts (%s)", cid, attempts, code)
                return
            delay = 600.0 if result.kind == Outcome.STOP else min(30.0 * 2 ** (attempts - 1), 3600.0)
            retry_at = utc_text(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=delay))
            store.confirmation_outcome(cid, "queued", code, retry_at)
            log.warning("confirmation %s: not sent (%s: %s), next try in %.0f s", cid, result.kind, code, delay)


# Serving -----------------------------------------------------------------------------------


class GuardedChannel(HTTPChannel):
    """Remembers when the request being received started (see `GuardedServer.maintenance`)."""

    request_started = 0.0
    _timed: object = None

    def received(self, data: bytes) -> bool:
        result = super().received(data)
        if self.request is not None and self.request is not self._timed:
            self._timed = self.request
            self.request_started = time.monotonic()
        return bool(result)


class GuardedServer(TcpWSGIServer):
    """waitress, plus a deadline for receiving a whole request (headers and body)."""

    channel_class = GuardedChannel
    request_timeout = 10.0

    def maintenance(self, now: float) -> None:
        super().maintenance(now)
        cutoff = time.monotonic() - self.request_timeout
        for channel in list(self.active_channels.values()):
            started = getattr(channel, "request_started", 0.0)
            if channel.request is not None and not channel.request.completed and started and started < cutoff:
                channel.will_close = True


@dataclass(frozen=True)
class ServerOptions:
    """The production settings; tests shorten the timeouts."""

    threads: int = 8
    backlog: int = 1024  # pending connections the kernel holds while every thread is busy
    connection_limit: int = 200
    channel_timeout: float = 30.0  # an idle connection is closed after this
    request_timeout: float = 10.0  # a request must arrive whole within this (slow clients)
    cleanup_interval: float = 1.0
    trusted_proxy: str | None = None  # the reverse proxy's address: only its X-Forwarded-* are believed
    trusted_proxy_count: int = 1


class Server:
    """A running service: waitress, the WSGI application and the confirmation outbox."""

    def __init__(
        self, config: ServiceConfig, host: str = "127.0.0.1", port: int = 8025, options: ServerOptions | None = None
    ):
        options = options or ServerOptions()
        self.outbox = Outbox(config)
        self.app = SubscriptionService(config, wake=self.outbox.wake)
        proxy: dict[str, Any] = {}
        if options.trusted_proxy:
            proxy = {
                "trusted_proxy": options.trusted_proxy,
                "trusted_proxy_count": options.trusted_proxy_count,
                "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"},
            }
        adj = Adjustments(
            host=host,
            port=port,
            threads=options.threads,
            backlog=options.backlog,
            connection_limit=options.connection_limit,
            channel_timeout=int(max(1, options.channel_timeout)),
            cleanup_interval=int(max(1, options.cleanup_interval)),
            max_request_body_size=MAX_BODY,
            max_request_header_size=16_384,
            clear_untrusted_proxy_headers=True,  # a client's own X-Forwarded-For is dropped, never believed
            expose_tracebacks=False,
            ident="policy-archive",
            asyncore_use_poll=True,  # select() stops at 1024 descriptors
            **proxy,
        )
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(adj.threads)
        self._map: dict[int, Any] = {}
        self.waitress = GuardedServer(self.app, map=self._map, dispatcher=dispatcher, adj=adj, sockinfo=adj.listen[0])
        self.waitress.request_timeout = options.request_timeout
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.waitress.effective_port)

    def run(self) -> None:
        """Serve until stopped (SIGINT, SIGTERM raised as SystemExit, or `stop`); in-flight requests finish."""
        self.outbox.start()
        try:
            self.waitress.run()  # returns when the socket map is emptied, or after SystemExit/KeyboardInterrupt
        finally:
            self._close_all()
            self.waitress.task_dispatcher.shutdown(cancel_pending=False, timeout=10)
            self.outbox.stop()
            self.app.close()

    def _close_all(self) -> None:
        for dispatcher in list(self._map.values()):
            dispatcher.close()

    def _stop_accepting(self) -> None:
        if self.waitress.accepting:
            self.waitress.accepting = False
            wasyncore.dispatcher.close(self.waitress)  # the listening socket only; the trigger stays

    def shutdown(self, grace: float = 10.0) -> None:
        """Stop accepting, let the requests in progress finish (up to `grace` s), then stop. Any thread,
        or a signal handler: it only schedules work on the server's loop."""
        with contextlib.suppress(OSError):  # already stopped
            self.waitress.trigger.pull_trigger(self._stop_accepting)

        def drain() -> None:
            end = time.monotonic() + grace
            while time.monotonic() < end and any(
                ch.requests or ch.total_outbufs_len for ch in list(self.waitress.active_channels.values())
            ):
                time.sleep(0.05)
            # The loop may run this thunk, closing the trigger, before the pull's own write: then that
            # write fails on the closed pipe, harmlessly.
            with contextlib.suppress(OSError):
                self.waitress.trigger.pull_trigger(self._close_all)

        threading.Thread(target=drain, name="policy-archive-drain", daemon=True).start()

    def start(self) -> Server:
        """Serve from a thread (tests, embedding)."""
        self._thread = threading.Thread(target=self.run, name="policy-archive-service", daemon=True)
        self._thread.start()
        return self

    def stop(self, timeout: float = 15.0) -> None:
        self.shutdown(grace=0)
        if self._thread is not None:
            self._thread.join(timeout)
