"""Subscribing on the web with double opt-in (E10, CASL), over real HTTP to waitress on 127.0.0.1, with the
confirmation emails caught by a real SMTP server (aiosmtpd) and the outcome read from the store file."""

from __future__ import annotations

import http.client
import re
import sqlite3
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import Site
from policy_archive.mail.store import Store
from policy_archive.mail.web import Limits, Server, ServerOptions
from test_notify import Recorder
from test_unsubscribe import SITE_URL, service

FORM = "/confidentialite/abonnement/"
PAGE = SITE_URL + "versions/"


class Page:
    def __init__(self, response: http.client.HTTPResponse, body: bytes):
        self.status = response.status
        self.headers = {k.lower(): v for k, v in response.getheaders()}
        self.body = body
        self.text = body.decode("utf-8")


def call(
    server: Server, method: str, path: str, fields: dict[str, str] | None = None, headers: dict | None = None
) -> Page:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
    body = urlencode(fields) if fields is not None else None
    all_headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    conn.request(method, path, body=body, headers={**all_headers, **(headers or {})})
    response = conn.getresponse()
    page = Page(response, response.read())
    conn.close()
    return page


def subscribe(server: Server, address: str, lang: str = "fr", ui: str = "fr", **extra: str) -> Page:
    fields = {"address": address, "lang": lang, "consent": "yes", "page": PAGE, "website": "", **extra}
    return call(server, "POST", f"{FORM}?lang={ui}", fields)


def wait_for(smtp: Recorder, count: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while len(smtp.received) < count:
        assert time.monotonic() < deadline, f"{len(smtp.received)} of {count} confirmation emails arrived"
        time.sleep(0.02)


def confirmation_path(smtp: Recorder, address: str) -> str:
    """The confirmation link of the email `address` received, as a path on this server."""
    message = smtp.message(address)
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    link = re.search(r"https://\S+/confirmation/[A-Za-z0-9_-]+", text)
    assert link, text
    return "/confidentialite/" + link[0].split("/confidentialite/", 1)[1]


@pytest.fixture
def running(tmp_path: Path, smtp: Recorder) -> Iterator[Server]:
    server = service(tmp_path / "store.sqlite3", smtp.port)
    yield server
    server.stop()


def status(server: Server, address: str) -> str | None:
    store = Store.open(server.app.config.db)
    found = store.get(address)
    store.close()
    return found.status if found else None


class Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input":
            self.inputs.append(dict(attrs))
        self.scripts += tag == "script"


def test_the_form_in_french_by_default_and_in_english(running: Server) -> None:
    page = call(running, "GET", f"{FORM}?page={PAGE}")
    assert page.status == 200 and '<html lang="fr-CA">' in page.text
    assert "Recevoir les avis de modification de la politique de confidentialité" in page.text
    parsed = Inputs()
    parsed.feed(page.text)
    consent = next(i for i in parsed.inputs if i.get("name") == "consent")
    assert consent["type"] == "checkbox" and "checked" not in consent  # CASL: never ticked in advance
    assert any(i.get("name") == "website" for i in parsed.inputs)  # the honeypot
    assert parsed.scripts == 0 and "Set-Cookie" not in str(page.headers)  # no JavaScript, no cookie
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert page.headers["content-language"] == "fr-CA" and page.headers["cache-control"] == "no-store"
    assert "retirer mon consentement en tout temps" in page.text  # CASL: consent can be withdrawn
    assert "401, rue Racine Est" in page.text  # CASL: who asks, and how to reach them
    english = call(running, "GET", f"{FORM}?lang=en")
    assert '<html lang="en-CA">' in english.text and "I agree that Dynamique Conseil inc." in english.text


def test_double_opt_in_from_request_to_confirmation(running: Server, smtp: Recorder) -> None:
    """E10: POST sends a link; GET on it confirms nothing (mail scanners); the button confirms, once."""
    answer = subscribe(running, "Marie@Example.org", lang="en")
    assert answer.status == 200 and "Vérifiez votre boîte de réception" in answer.text  # the page's language
    wait_for(smtp, 1)
    message = smtp.message("Marie@example.org")
    assert message["Subject"] == "Confirm your subscription to notices of changes to the privacy policy"  # chosen
    assert message["From"].addresses[0].display_name == "Dynamique Conseil inc."
    assert status(running, "marie@example.org") is None  # nothing until confirmed
    path = confirmation_path(smtp, "Marie@example.org")
    for _ in range(3):  # a link scanner
        shown = call(running, "GET", path)
        assert shown.status == 200 and '<form method="post"' in shown.text and "M…@example.org" in shown.text
    assert status(running, "marie@example.org") is None
    done = call(running, "POST", path, {})
    assert done.status == 200 and "Subscription confirmed" in done.text
    store = Store.open(running.app.config.db)
    marie = store.get("marie@example.org")
    assert marie is not None and marie.status == "active" and marie.lang == "en"
    assert marie.consent_how == "web form, consent box ticked, confirmed by email"  # E3/E10: how
    assert marie.consent_source == f"form {SITE_URL}abonnement/ (fr), from page {PAGE}"  # which form, which page
    (event,) = store.events(marie.id)
    assert re.search(r"requested \d{4}-\d\d-\d\dT\S+Z, confirmed \d{4}-\d\d-\d\dT\S+Z$", event["detail"])  # when
    assert event["at"] == marie.consent_at
    token_row = store.conn.execute("SELECT token, token_hash, state FROM confirmations").fetchone()
    assert token_row["token"] is None and token_row["state"] == "confirmed"  # only the hash stays
    store.close()
    again = call(running, "POST", path, {})
    assert again.status == 200 and "already been used" in again.text  # single use
    store = Store.open(running.app.config.db)
    assert len(store.events(marie.id)) == 1
    store.close()


def test_an_expired_link_confirms_nothing(running: Server, smtp: Recorder) -> None:
    subscribe(running, "late@example.org")
    wait_for(smtp, 1)
    path = confirmation_path(smtp, "late@example.org")
    conn = sqlite3.connect(running.app.config.db)
    conn.execute("UPDATE confirmations SET expires_at = '2020-01-01T00:00:00Z'")  # 48 hours have passed
    conn.commit()
    conn.close()
    assert call(running, "GET", path).status == 410
    expired = call(running, "POST", path, {})
    assert expired.status == 410 and "Lien de confirmation expiré" in expired.text
    assert status(running, "late@example.org") is None
    unknown = call(running, "POST", "/confidentialite/abonnement/confirmation/" + "A" * 43, {})
    assert unknown.status == 404 and unknown.text.index("expiré") < unknown.text.index("Expired")


def test_the_same_answer_for_known_and_unknown_addresses(running: Server, smtp: Recorder) -> None:
    """No enumeration: the answer does not depend on the address being on the list."""
    store = Store.open(running.app.config.db)
    known, _ = store.add("known@example.org", how="phone call", when="2024-01-15")
    store.close()
    first = subscribe(running, "known@example.org")
    second = subscribe(running, "unknown@example.org")
    assert (first.status, first.body) == (second.status, second.body)
    strip = {"date"}
    assert {k: v for k, v in first.headers.items() if k not in strip} == {
        k: v for k, v in second.headers.items() if k not in strip
    }
    wait_for(smtp, 2)  # both get a confirmation email
    again = call(running, "POST", confirmation_path(smtp, "known@example.org"), {})
    assert again.status == 200
    store = Store.open(running.app.config.db)
    still = store.get("known@example.org")
    assert still is not None and still.consent_at == known.consent_at  # the earlier consent stays in force
    assert [e["event"] for e in store.events(known.id)] == ["subscribed", "consent confirmed"]
    store.close()


def test_refusals_say_what_is_wrong(running: Server, smtp: Recorder) -> None:
    unticked = call(running, "POST", FORM, {"address": "a@example.org", "lang": "fr", "page": PAGE})
    assert unticked.status == 400 and "Cochez la case de consentement" in unticked.text
    assert 'value="a@example.org"' in unticked.text  # kept for the second try
    bad = subscribe(running, "not an address")
    assert bad.status == 400 and "n’est pas valide" in bad.text
    time.sleep(0.3)
    assert smtp.received == []
    conn = sqlite3.connect(running.app.config.db)
    assert conn.execute("SELECT count(*) FROM confirmations").fetchone()[0] == 0
    conn.close()


def test_everything_echoed_is_escaped(tmp_path: Path, smtp: Recorder) -> None:
    """S1: organisation name, the page parameter and the typed address never become markup."""
    hostile = '<script>alert(1)</script> "><img src=x onerror=alert(1)> ]]>'
    server = service(tmp_path / "s.sqlite3", smtp.port, organisation=hostile)
    try:
        form = call(server, "GET", f"{FORM}?page={SITE_URL}%22%3E%3Cscript%3Ealert(2)%3C/script%3E&lang=%22%3E")
        bad = call(server, "POST", FORM, {"address": hostile, "lang": "fr", "consent": "yes"})
        for page in (form, bad):
            assert "<script>" not in page.text and "<img" not in page.text and "]]>" not in page.text
            assert "&lt;script&gt;" in page.text
    finally:
        server.stop()


def test_honeypot_and_rate_limits(tmp_path: Path, smtp: Recorder) -> None:
    server = service(
        tmp_path / "s.sqlite3",
        smtp.port,
        limits=Limits(subscribe_per_client=6, per_address=3),
    )
    try:
        robot = subscribe(server, "robot@example.org", website="http://spam.example/")
        assert robot.status == 200 and "Vérifiez votre boîte" in robot.text  # looks the same to the robot
        same = [
            subscribe(server, address).status
            for address in ("ann@example.org", "ANN@example.org", "ann@EXAMPLE.org", "ann@example.org")
        ]
        assert same == [200, 200, 200, 200]  # the answer never changes ...
        wait_for(smtp, 3)
        time.sleep(0.3)
        assert len(smtp.received) == 3  # ... but one address gets at most 3 emails an hour, and the robot none
        assert subscribe(server, "bob@example.org").status == 200
        limited = subscribe(server, "carl@example.org")
        assert limited.status == 429 and limited.headers["retry-after"] == "600"  # 6 per client per 10 minutes
    finally:
        server.stop()


def test_x_forwarded_for_is_believed_only_from_the_trusted_proxy(tmp_path: Path, smtp: Recorder) -> None:
    """A client cannot dodge the per-client limit with its own X-Forwarded-For; the proxy's is used."""
    limits = Limits(subscribe_per_client=2)
    direct = service(tmp_path / "a.sqlite3", smtp.port, limits=limits)
    proxied = service(
        tmp_path / "b.sqlite3",
        smtp.port,
        limits=limits,
        options=ServerOptions(trusted_proxy="127.0.0.1"),
    )
    try:
        spoofed = [
            call(
                direct,
                "POST",
                FORM,
                {"address": f"s{i}@example.org", "lang": "fr", "consent": "yes"},
                {"X-Forwarded-For": f"203.0.113.{i}"},
            ).status
            for i in range(3)
        ]
        assert spoofed == [200, 200, 429]  # one client, whatever it claims
        behind = [
            call(
                proxied,
                "POST",
                FORM,
                {"address": f"p{i}@example.org", "lang": "fr", "consent": "yes"},
                {"X-Forwarded-For": f"203.0.113.{i}", "X-Forwarded-Proto": "https"},
            ).status
            for i in range(3)
        ]
        assert behind == [200, 200, 200]  # three readers behind the same proxy
        same_reader = [
            call(
                proxied,
                "POST",
                FORM,
                {"address": f"q{i}@example.org", "lang": "fr", "consent": "yes"},
                {"X-Forwarded-For": "198.51.100.7"},
            ).status
            for i in range(3)
        ]
        assert same_reader == [200, 200, 429]
    finally:
        direct.stop()
        proxied.stop()


@pytest.mark.slow
def test_the_site_links_to_the_form_on_the_policy_page_and_the_archive(site: Site) -> None:
    """'Recevoir les avis de modification' / 'Get change notices': only where the service is configured."""
    config = site.root / "mkdocs.yml"
    original = config.read_text(encoding="utf-8")
    config.write_text(
        original.replace(
            "        unsubscribe_mailto: desabonnement@dynamiqueconseil.com\n",
            "        unsubscribe_mailto: desabonnement@dynamiqueconseil.com\n"
            "        subscribe_url: https://dynamiqueconseil.com/confidentialite/abonnement/\n",
        ),
        encoding="utf-8",
    )
    site.build("2024-06-01")
    for path, text, lang in (
        ("", "Recevoir les avis de modification", "fr"),
        ("en/", "Get change notices", "en"),
        ("versions/", "Recevoir les avis de modification", "fr"),
        ("en/versions/", "Get change notices", "en"),
    ):
        page = site.html(path)
        link = re.search(
            r'<a href="(https://dynamiqueconseil\.com/confidentialite/abonnement/[^"]+)"[^>]*>([^<]+)</a>', page
        )
        assert link and link[2] == text, path
        assert f"?lang={lang}&amp;page=https%3A//dynamiqueconseil.com/confidentialite/{path}" in link[1]
    assert "abonnement/?lang" not in site.html("versions/2023-12-23/")  # not on every page
    config.write_text(original, encoding="utf-8")  # no service configured: no link
    site.build("2024-06-01")
    assert "pa-subscribe" not in site.html("") and "pa-subscribe" not in site.html("en/versions/")
