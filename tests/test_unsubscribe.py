"""The unsubscribe endpoint over real HTTP (E1, E6, RFC 8058): GET shows, POST unsubscribes."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Site
from policy_archive.subscribers import Store
from policy_archive.unsubscribe import Site as UnsubscribeSite
from policy_archive.unsubscribe import make_server, serve_in_thread


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int, Path]]:
    db = tmp_path / "store.sqlite3"
    site = UnsubscribeSite(
        db=db,
        organisation="Dynamique Conseil inc.",
        contact="desabonnement@dynamiqueconseil.com",
        site_url="https://dynamiqueconseil.com/confidentialite/",
    )
    httpd = make_server(site, "127.0.0.1", 0)
    serve_in_thread(httpd)
    yield "127.0.0.1", httpd.server_address[1], db
    httpd.shutdown()
    httpd.server_close()


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
    host, port, db = server
    token = subscriber(db, "a@example.org", "fr")
    done = request(host, port, "POST", f"/unsubscribe?token={token}", "")
    assert done.status == 200
    assert status(db, "a@example.org") == ("unsubscribed", "unsubscribe page")


def test_unknown_token_is_a_404_in_both_languages(server: tuple[str, int, Path]) -> None:
    host, port, db = server
    subscriber(db, "a@example.org", "fr")
    for method, body in (("GET", None), ("POST", "List-Unsubscribe=One-Click")):
        page = request(host, port, method, "/desabonnement/AAAAAAAAAAAAAAAAAAAAAAAA", body)
        assert page.status == 404
        text = page.text  # type: ignore[attr-defined]
        assert text.index("Lien de désabonnement invalide") < text.index("Invalid unsubscribe link")  # F4
    assert request(host, port, "GET", "/").status == 404
    assert status(db, "a@example.org")[0] == "active"


def test_the_command_serves(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    token = subscriber(db, "a@example.org", "en")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "policy-archive"
    proc = subprocess.Popen(
        [str(exe), "unsubscribe-server", "--port", str(port), "--db", str(db)],
        cwd=site.root,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                page = request("127.0.0.1", port, "POST", f"/{token}", "List-Unsubscribe=One-Click")
                break
            except ConnectionRefusedError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.05)
        assert page.status == 200
        assert status(db, "a@example.org")[0] == "unsubscribed"
    finally:
        proc.terminate()
        proc.wait(10)
