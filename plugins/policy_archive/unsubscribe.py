"""The unsubscribe address of every notice (E1, E6): a tiny HTTP endpoint, standard library only.

GET shows a page with a button and never unsubscribes (link scanners follow
GETs); POST unsubscribes, including the RFC 8058 one-click POST mail programs
send with the body `List-Unsubscribe=One-Click`, and answers 200 with no
redirect and no cookie. The token is the last segment of the path (so the
server works behind any prefix a reverse proxy keeps) or `?token=`.
"""

from __future__ import annotations

import html
import re
import threading
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from .l10n import strings, t
from .subscribers import ACTIVE, UNSUBSCRIBED, Store

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,128}$")
MAX_BODY = 4096


@dataclass(frozen=True)
class Site:
    """What the pages need to say who is asking and where the policy is."""

    db: Path
    organisation: str
    contact: str  # an address readers can write to when the link fails
    site_url: str
    languages: tuple[str, ...] = ("fr", "en")
    timezone: str = "America/Toronto"


def masked(address: str) -> str:
    """`j…@example.com`: enough to recognise one's address, not enough to harvest it from a shared link."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}…@{domain}"


def _page(lang: str, title: str, body: str) -> bytes:
    return (
        f'<!DOCTYPE html>\n<html lang="{strings(lang)["html_lang"]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;"
        "line-height:1.5}button{font-size:1rem;padding:.5rem 1rem}</style>\n"
        f"</head>\n<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server_version = "policy-archive-unsubscribe"
    sys_version = ""
    site: Site  # set by `make_server`

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: request lines carry tokens, which are secrets."""

    def _token(self) -> str:
        parts = urlsplit(self.path)
        token = (parse_qs(parts.query).get("token") or [""])[0]
        if not token:
            segments = [s for s in parts.path.split("/") if s]
            token = segments[-1] if segments else ""
        return token if _TOKEN.match(token) else ""

    def _answer(self, status: int, page: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Referrer-Policy", "no-referrer")  # the URL holds the token
        self.send_header("X-Robots-Tag", "noindex")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page)

    def _policy_link(self, lang: str) -> str:
        url = self.site.site_url + ("" if lang == self.site.languages[0] else f"{lang}/")
        return f'<p><a href="{html.escape(url)}">{html.escape(t(lang, "email_unsubscribe_policy_link"))}</a></p>'

    def _unknown(self) -> None:
        """Unknown token: French first, then English (F4), since the reader's language is unknown."""
        e, body = html.escape, []
        for lang in self.site.languages:
            body.append(
                f'<section lang="{strings(lang)["html_lang"]}">\n'
                f"<h1>{e(t(lang, 'email_unsubscribe_unknown_title'))}</h1>\n"
                f"<p>{e(t(lang, 'email_unsubscribe_unknown_text', address=self.site.contact))}</p>\n"
                f"{self._policy_link(lang)}\n</section>"
            )
        lang = self.site.languages[0]
        self._answer(404, _page(lang, t(lang, "email_unsubscribe_unknown_title"), "\n".join(body)))

    def do_GET(self) -> None:
        """Show what a POST would do, with the button; never unsubscribe here."""
        token = self._token()
        store = Store.open(self.site.db, self.site.timezone)
        try:
            subscriber = store.by_token(token) if token else None
        finally:
            store.close()
        if subscriber is None:
            return self._unknown()
        lang, e = subscriber.lang, html.escape
        values = {"organisation": self.site.organisation, "address": masked(subscriber.address)}
        if subscriber.status == ACTIVE:
            title = t(lang, "email_unsubscribe_page_title")
            body = (
                f"<h1>{e(title)}</h1>\n<p>{e(t(lang, 'email_unsubscribe_page_text', **values))}</p>\n"
                '<form method="post" action="">\n'
                '<input type="hidden" name="List-Unsubscribe" value="One-Click">\n'
                f'<button type="submit">{e(t(lang, "email_unsubscribe_page_button"))}</button>\n</form>'
            )
        else:
            title = t(lang, "email_unsubscribe_done_title")
            body = f"<h1>{e(title)}</h1>\n<p>{e(t(lang, 'email_unsubscribe_done_text', **values))}</p>"
        self._answer(200, _page(lang, title, body + "\n" + self._policy_link(lang)))

    do_HEAD = do_GET

    def do_POST(self) -> None:
        """Unsubscribe (RFC 8058 one-click or the page's button): 200, no redirect, no cookie."""
        length = min(int(self.headers.get("Content-Length") or 0), MAX_BODY)
        body = self.rfile.read(length).decode("utf-8", errors="replace") if length > 0 else ""
        token = self._token()
        store = Store.open(self.site.db, self.site.timezone)
        try:
            subscriber = store.by_token(token) if token else None
            if subscriber is None:
                return self._unknown()
            one_click = parse_qs(body).get("List-Unsubscribe") == ["One-Click"]
            via = "one-click unsubscribe (RFC 8058)" if one_click else "unsubscribe page"
            if subscriber.status == ACTIVE:
                store.set_status(subscriber.id, UNSUBSCRIBED, via)
        finally:
            store.close()
        lang, e = subscriber.lang, html.escape
        title = t(lang, "email_unsubscribe_done_title")
        text = t(
            lang, "email_unsubscribe_done_text", organisation=self.site.organisation, address=masked(subscriber.address)
        )
        self._answer(200, _page(lang, title, f"<h1>{e(title)}</h1>\n<p>{e(text)}</p>\n{self._policy_link(lang)}"))


def make_server(site: Site, host: str = "127.0.0.1", port: int = 8025) -> ThreadingHTTPServer:
    """An HTTP server bound to `host:port` (port 0: any free port) answering for `site`."""
    Store.open(site.db, site.timezone).close()  # create the store (and fail early on a bad path)
    handler = type("BoundHandler", (Handler,), {"site": site})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def serve_in_thread(server: ThreadingHTTPServer) -> threading.Thread:
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return thread
