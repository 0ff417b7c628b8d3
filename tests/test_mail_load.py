"""The subscription service under load and abuse (S2, issue 11, 3), on loopback, started as the
`policy-archive subscription-service` command: bursts, slow clients, oversized and malformed requests."""

from __future__ import annotations

import http.client
import os
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import REPO, copy_site
from policy_archive.mail.store import Store
from test_notify import Recorder, free_port, smtp_server

pytestmark = pytest.mark.slow


@dataclass
class Service:
    port: int
    db: Path
    smtp: Recorder
    proc: subprocess.Popen
    log: Path

    def connect(self, timeout: float = 30) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Service]:
    root = tmp_path_factory.mktemp("load")
    site = copy_site(REPO, root / "site")
    config = site.root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "        unsubscribe_mailto: desabonnement@dynamiqueconseil.com\n",
            "        unsubscribe_mailto: desabonnement@dynamiqueconseil.com\n"
            "        subscribe_url: https://dynamiqueconseil.com/confidentialite/abonnement/\n",
        ),
        encoding="utf-8",
    )
    db = root / "store.sqlite3"
    port = free_port()
    log = root / "service.log"
    with smtp_server() as smtp:
        env = {**os.environ, "POLICY_ARCHIVE_SMTP_PORT": str(smtp.port), "NO_MKDOCS_2_WARNING": "1"}
        exe = Path(sys.executable).parent / "policy-archive"
        command = [
            str(exe),
            "subscription-service",
            "--port",
            str(port),
            "--db",
            str(db),
            "--timeout",
            "2",
            "--request-timeout",
            "2",
            "--max-subscribes-per-client",
            "1000",
        ]
        with log.open("w") as out:
            proc = subprocess.Popen(command, cwd=site.root, env=env, stderr=out)
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert proc.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "the service did not start"
                time.sleep(0.05)
        yield Service(port, db, smtp, proc, log)
        proc.terminate()
        proc.wait(30)


def burst(count: int, make_request: Callable[[int], int]) -> tuple[Counter, list[str]]:
    """`count` clients released at the same instant; (status codes, errors)."""
    barrier = threading.Barrier(count)
    statuses: Counter = Counter()
    errors: list[str] = []
    lock = threading.Lock()

    def client(i: int) -> None:
        try:
            barrier.wait(30)
            code = make_request(i)
            with lock:
                statuses[code] += 1
        except Exception as exc:  # a reset, a refused connection, a timeout: all counted as lost
            with lock:
                errors.append(repr(exc))

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    return statuses, errors


def test_200_simultaneous_one_click_unsubscribes(service: Service) -> None:
    """Issue 11, 3: 20 simultaneous POSTs lost 8 to resets with the standard library's server."""
    store = Store.open(service.db)
    tokens = [store.add(f"burst{i:03d}@example.org", how="import")[0].token for i in range(200)]
    store.close()

    def unsubscribe(i: int) -> int:
        conn = service.connect()
        conn.request(
            "POST",
            f"/confidentialite/desabonnement/{tokens[i]}",
            body="List-Unsubscribe=One-Click",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    statuses, errors = burst(200, unsubscribe)
    assert errors == [] and statuses == Counter({200: 200}), (errors[:5], statuses)
    conn = sqlite3.connect(service.db)
    done = conn.execute(
        "SELECT count(*) FROM subscribers WHERE address LIKE 'burst%' AND status = 'unsubscribed'"
    ).fetchone()[0]
    conn.close()
    assert done == 200


def test_50_simultaneous_subscribes(service: Service) -> None:
    """50 pending confirmations, 50 emails, no 'database is locked'."""
    before = len(service.smtp.received)

    def subscribe(i: int) -> int:
        conn = service.connect()
        body = urlencode({"address": f"new{i:02d}@example.org", "lang": "fr", "consent": "yes", "website": ""})
        conn.request(
            "POST",
            "/confidentialite/abonnement/",
            body=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
        response = conn.getresponse()
        response.read()
        conn.close()
        return response.status

    statuses, errors = burst(50, subscribe)
    assert errors == [] and statuses == Counter({200: 50}), (errors[:5], statuses)
    conn = sqlite3.connect(service.db)
    pending = conn.execute("SELECT count(*) FROM confirmations WHERE address LIKE 'new%'").fetchone()[0]
    conn.close()
    assert pending == 50
    deadline = time.monotonic() + 60
    while len(service.smtp.received) < before + 50 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(a for a in service.smtp.addresses() if a.startswith("new")) == [
        f"new{i:02d}@example.org" for i in range(50)
    ]
    log = service.log.read_text()
    assert "database is locked" not in log and "Traceback" not in log


def test_a_client_sending_headers_a_byte_at_a_time_is_cut(service: Service) -> None:
    request = b"GET /confidentialite/abonnement/ HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200
    started = time.monotonic()
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        closed = False
        for byte in request:
            try:
                sock.sendall(bytes([byte]))
            except OSError:
                closed = True
                break
            time.sleep(0.1)  # never idle for long: only a deadline for the whole request catches it
            if time.monotonic() - started > 8:
                break
        if not closed:
            try:
                closed = sock.recv(1024) == b""
            except OSError:
                closed = True
    elapsed = time.monotonic() - started
    assert closed, "the server kept a slow client's connection open"
    assert 1.5 <= elapsed < 8, elapsed  # --request-timeout 2, checked every second


def test_an_idle_connection_is_closed(service: Service) -> None:
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        started = time.monotonic()
        assert sock.recv(1024) == b""
        assert 1.5 <= time.monotonic() - started < 8


def raw(service: Service, data: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", service.port), timeout=10) as sock:
        sock.sendall(data)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


def test_an_oversized_body_gets_413(service: Service) -> None:
    head = (
        b"POST /confidentialite/abonnement/ HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
    )
    answer = raw(service, head + b"Content-Length: 10000000\r\n\r\n" + b"a" * 1000)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]


def test_a_non_numeric_content_length_gets_400(service: Service) -> None:
    answer = raw(service, b"POST /confidentialite/abonnement/ HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert b"Traceback" not in answer
    still = service.connect()
    still.request("GET", "/confidentialite/abonnement/")
    assert still.getresponse().status == 200  # and the service is still there
    still.close()
