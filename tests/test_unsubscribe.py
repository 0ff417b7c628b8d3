"""The unsubscribe addresses of the subscription service over real HTTP (E1, E6, RFC 8058):
GET shows a button, POST unsubscribes; waitress on 127.0.0.1, a real store file."""

from __future__ import annotations

import http.client
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import Site
from policy_archive.mail.compose import Sender
from policy_archive.mail.send import SmtpSettings
from policy_archive.mail.store import Store
from policy_archive.mail.web import Limits, Server, ServerOptions, ServiceConfig

SITE_URL = "https://dynamiqueconseil.com/confidentialite/"


def sender(organisation: str = "Dynamique Conseil inc.", subscribe_url: str = SITE_URL + "abonnement/") -> Sender:
    """The repository's mkdocs.yml settings, as the service gets them."""
    return Sender(
        organisation=organisation,
        postal_address="401, rue Racine Est, Chicoutimi (Québec) G7H 1S8",
        phone="418-290-5701",
        email="jpmonfet@dynamiqueconseil.com",
        website="https://dynamiqueconseil.com/",
        from_address="confidentialite@dynamiqueconseil.com",
        reply_to="jpmonfet@dynamiqueconseil.com",
        list_id="confidentialite.dynamiqueconseil.com",
        message_id_domain="dynamiqueconseil.com",
        unsubscribe_url=SITE_URL + "desabonnement/",
        unsubscribe_mailto="desabonnement@dynamiqueconseil.com",
        site_url=SITE_URL,
        subscribe_url=subscribe_url,
    )


def service(
    db: Path,
    smtp_port: int | None = None,
    limits: Limits | None = None,
    options: ServerOptions | None = None,
    organisation: str = "Dynamique Conseil inc.",
) -> Server:
    """A running service on a free port of 127.0.0.1 (stop it with `.stop()`)."""
    config = ServiceConfig(
        db=db,
        sender=sender(organisation),
        smtp=SmtpSettings("127.0.0.1", smtp_port, "none", timeout=10) if smtp_port else None,
        contact="desabonnement@dynamiqueconseil.com",
        limits=limits or Limits(),
    )
    return Server(config, "127.0.0.1", 0, options or ServerOptions(threads=8)).start()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    db = tmp_path / "store.sqlite3"
    running = service(db)
    yield "127.0.0.1", running.port, db
    running.stop()


def request(host: str, port: int, method: str, path: str, body: str | None = None) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body is not None else {}
    conn.request(method, path, body=body, headers=headers)
    response = conn.getresponse()
    response.text = response.read().decode("utf-8")  # type: ignore[attr-defined]
    conn.close()
    return response


def subscriber(db: Path, address: str, lang: str) -> str:
    store = Store.open(db)
    s, _ = store.add(address, lang, how="web form")
    store.close()
    return s.token


def status(db: Path, address: str) -> tuple[str, str | None]:
    store = Store.open(db)
    s = store.get(address)
    store.close()
    assert s is not None
    return s.status, s.status_how


def test_get_shows_a_button_and_never_unsubscribes(server: tuple[str, int, Path]) -> None:
    host, port, db = server
    token = subscriber(db, "john@example.com", "en")
    for _ in range(2):  # a link scanner may follow it several times
        page = request(host, port, "GET", f"/confidentialite/desabonnement/{token}")
        assert page.status == 200
        assert '<html lang="en-CA">' in page.text  # type: ignore[attr-defined]
        assert '<form method="post"' in page.text and "Unsubscribe me" in page.text  # type: ignore[attr-defined]
        assert "j…@example.com" in page.text  # type: ignore[attr-defined]
        assert page.getheader("Set-Cookie") is None
    assert status(db, "john@example.com")[0] == "active"


def test_one_click_post_unsubscribes_with_200_no_redirect_no_cookie(server: tuple[str, int, Path]) -> None:
    host, port, db = server
    token = subscriber(db, "marie@example.org", "fr")
    done = request(host, port, "POST", f"/desabonnement/{token}", "List-Unsubscribe=One-Click")
    assert done.status == 200
    assert done.getheader("Location") is None and done.getheader("Set-Cookie") is None
    assert '<html lang="fr-CA">' in done.text and "Désabonnement confirmé" in done.text  # type: ignore[attr-defined]
    assert status(db, "marie@example.org") == ("unsubscribed", "one-click unsubscribe (RFC 8058)")
    again = request(host, port, "POST", f"/desabonnement/{token}", "List-Unsubscribe=One-Click")
    assert again.status == 200  # idempotent
    shown = request(host, port, "GET", f"/desabonnement/{token}")
    assert "Désabonnement confirmé" in shown.text and "<form" not in shown.text  # type: ignore[attr-defined]
    store = Store.open(db)
    events = [e["event"] for e in store.events(store.get("marie@example.org").id)]  # type: ignore[union-attr]
    store.close()
    assert events == ["subscribed", "unsubscribed"]  # recorded once (E3)


def test_the_page_button_and_query_token(server: tuple[str, int, Path]) -> None:
    """E3: the page's button is recorded as the page, not as a mail program's one-click POST (RFC 8058)."""
    host, port, db = server
    token = subscriber(db, "a@example.org", "fr")
    page = request(host, port, "GET", f"/unsubscribe?token={token}")
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', page.text)  # type: ignore[attr-defined]
    assert '<form method="post" action="">' in page.text and fields  # type: ignore[attr-defined]
    done = request(host, port, "POST", f"/unsubscribe?token={token}", urlencode(fields))  # what the button sends
    assert done.status == 200
    assert status(db, "a@example.org") == ("unsubscribed", "unsubscribe page, button")
    other = subscriber(db, "b@example.org", "fr")
    assert request(host, port, "POST", f"/unsubscribe?token={other}", "").status == 200  # neither: said so
    assert status(db, "b@example.org") == ("unsubscribed", "unsubscribe address, POST")


def test_unknown_token_is_a_404_in_both_languages(server: tuple[str, int, Path]) -> None:
    host, port, db = server
    subscriber(db, "a@example.org", "fr")
    for method, body in (("GET", None), ("POST", "List-Unsubscribe=One-Click")):
        page = request(host, port, method, "/desabonnement/AAAAAAAAAAAAAAAAAAAAAAAA", body)
        assert page.status == 404
        text = page.text  # type: ignore[attr-defined]
        assert text.index("Lien de désabonnement invalide") < text.index("Invalid unsubscribe link")  # F4
    assert status(db, "a@example.org")[0] == "active"


def test_one_click_as_multipart_form_data(server: tuple[str, int, Path]) -> None:
    """RFC 8058 lets the mail program send the body as multipart/form-data."""
    host, port, db = server
    token = subscriber(db, "m@example.org", "en")
    body = '--XyZ\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--XyZ--\r\n'
    conn = http.client.HTTPConnection(host, port, timeout=10)
    conn.request("POST", f"/{token}", body=body, headers={"Content-Type": "multipart/form-data; boundary=XyZ"})
    response = conn.getresponse()
    response.read()
    conn.close()
    assert response.status == 200
    assert status(db, "m@example.org") == ("unsubscribed", "one-click unsubscribe (RFC 8058)")


def test_methods_and_guessing(tmp_path: Path) -> None:
    """Other methods get 405; a client that keeps trying unknown tokens is slowed down (429)."""
    running = service(tmp_path / "store.sqlite3", limits=Limits(bad_tokens_per_client=3))
    try:
        assert request("127.0.0.1", running.port, "PUT", "/desabonnement/AAAAAAAAAAAAAAAAAAAAAAAA", "x").status == 405
        codes = [request("127.0.0.1", running.port, "GET", f"/{'B' * 20}{i:04d}").status for i in range(5)]
        assert codes == [404, 404, 404, 429, 429]
    finally:
        running.stop()


@pytest.mark.parametrize("command", ["subscription-service", "unsubscribe-server"])
def test_the_command_serves_and_stops_politely(site: Site, tmp_path: Path, command: str) -> None:
    """`unsubscribe-server` is kept as an alias; SIGTERM stops it cleanly (exit 0, no traceback)."""
    db = tmp_path / "store.sqlite3"
    token = subscriber(db, "a@example.org", "en")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "policy-archive"
    proc = subprocess.Popen(
        [str(exe), command, "--port", str(port), "--db", str(db)],
        cwd=site.root,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                page = request("127.0.0.1", port, "POST", f"/{token}", "List-Unsubscribe=One-Click")
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.05)
        assert page.status == 200
        assert page.getheader("Server") == "policy-archive"
        assert status(db, "a@example.org")[0] == "unsubscribed"
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "Traceback" not in err
