"""Stops and drops (issue 11, 5): a connection lost before the end-of-data mark leaves the message pending
and retried; only a loss after it is unknown; SIGTERM and Ctrl-C stop politely and leave no unknown (E7)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import epoch
from policy_archive.mail.send import Mailer, Outcome, SmtpSettings
from policy_archive.mail.store import Mailbox
from test_notify import AS_OF, NEW, Direct, Env, Recorder, people, smtp_server


def test_drop_in_the_middle_of_the_data_is_retried_not_unknown() -> None:
    """The server resets the connection after 1,000 bytes of a message too big to sit in the socket buffers."""
    with smtp_server() as server:
        server.drop_in_data.add("big@example.org")
        mailer = Mailer(SmtpSettings("127.0.0.1", server.port, "none", timeout=20))
        body = b"Subject: big\r\n\r\n" + (b"x" * 998 + b"\r\n") * 6000  # 6 MB
        result = mailer.send("sender@example.org", Mailbox("big@example.org", False), body)
        assert result.kind == Outcome.RETRY, result
        assert "before the end" in result.detail
        again = mailer.send("sender@example.org", Mailbox("big@example.org", False), b"Subject: small\r\n\r\nhi\r\n")
        assert again.kind == Outcome.SENT  # the connection was reopened
        mailer.close()
        assert server.addresses() == ["big@example.org"]


def test_drop_at_the_data_command_then_delivered_once(direct: Direct, smtp: Recorder) -> None:
    direct.subscribe("a@example.org", "b@example.org", "c@example.org")
    smtp.drop_at_data_command.add("b@example.org")
    summary = direct.run(retries=1)
    assert summary.exit_status == 0, summary
    assert Counter(smtp.addresses()) == {"a@example.org": 1, "b@example.org": 1, "c@example.org": 1}
    assert direct.state("b@example.org") == ("sent", "active")


def test_drop_after_the_end_of_data_is_unknown(direct: Direct, smtp: Recorder) -> None:
    direct.subscribe("a@example.org", "b@example.org")
    smtp.drop_after_data.add("a@example.org")
    summary = direct.run(retries=3)
    assert direct.state("a@example.org") == ("unknown", "active")  # it may have been delivered: never re-sent
    assert summary.exit_status == 1 and "after the message, before the server's reply" in summary.unknowns[0]
    assert Counter(smtp.addresses())["a@example.org"] == 1


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_polite_stop_leaves_no_unknown(env: Env, smtp: Recorder, signum: int) -> None:
    """The signal lands while the server is slow to answer: the exchange is finished or abandoned cleanly."""
    readers = [a for a, _, _ in people(12)]
    env.subscribe(*people(12))
    smtp.slow = 0.25  # at RCPT and after the data: most of a run is spent waiting for the server
    exe = Path(sys.executable).parent / "policy-archive"
    full_env = {**os.environ, **env.env, "SOURCE_DATE_EPOCH": epoch(AS_OF), "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [str(exe), "notify", "--backoff", "0.01"],
        cwd=env.site.root,
        env=full_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while len(smtp.received) < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.3)  # into the next exchange
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 75, err  # pending messages: run again later
    assert f"stopped by {signal.Signals(signum).name}" in err and "Traceback" not in err
    conn = sqlite3.connect(env.db)
    states = dict(
        conn.execute(
            "SELECT s.address, d.state FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id"
        ).fetchall()
    )
    conn.close()
    assert "unknown" not in states.values() and "sending" not in states.values(), states
    received = set(smtp.addresses())
    assert 3 <= len(received) < 12
    assert all(states[a] == "sent" for a in received)  # every message the server got is recorded as sent
    assert all(states.get(a, "pending") == "pending" for a in set(readers) - received)
    smtp.slow = 0
    again = env.notify()
    assert again.returncode == 0, again.stderr
    assert Counter(smtp.addresses()) == Counter(readers)  # everyone once, nobody twice
    assert NEW in again.stderr or "sent" in again.stderr
