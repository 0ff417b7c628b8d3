"""What each SMTP reply does to the list (E8, E11; RFC 5321, RFC 3463), against a real aiosmtpd server.

Every class of reply is played by the server at the stage where it happens (MAIL FROM, RCPT TO,
the DATA command, the end of the data). Only a permanent failure about the recipient suppresses
an address; a refusal about the sender, the relay, the policy or the message stops the run with
every message left pending and nobody suppressed. The circuit breaker stops a run whose
recipients fail as no real list does. Most cases run the shipped Notifier in this process (fast);
the command-line cases check exit statuses and what the owner reads.
"""

from __future__ import annotations

import sqlite3

import pytest
from policy_archive.mail.send import Breaker, Outcome, classify, enhanced_code
from policy_archive.mail.store import Store
from test_notify import Direct, Env, Recorder, people

A, B, C = "first@example.org", "target@example.org", "third@example.org"

# (stage, the server's reply, what happens to the target: bounce | stop | pending | failed)
CASES = [
    ("rcpt", "550 5.1.1 <target@example.org>: Recipient address rejected: User unknown", "bounce"),
    ("rcpt", "550 5.1.1 <TARGET@EXAMPLE.ORG>... User unknown", "bounce"),
    ("rcpt", "556 5.1.10 Recipient address has null MX", "bounce"),
    ("rcpt", "550 5.2.1 Mailbox disabled, not accepting messages", "bounce"),
    ("rcpt", "552 5.2.2 Mailbox full", "bounce"),
    ("rcpt", "550 No such user here", "bounce"),  # no enhanced code: 550 is about the mailbox
    ("rcpt", "554 5.7.1 <target@example.org>: Relay access denied", "stop"),
    ("rcpt", "550 5.7.1 Service unavailable; client host [127.0.0.1] blocked using zen.spamhaus.org", "stop"),
    ("rcpt", "550 Relaying denied", "stop"),  # no enhanced code, but the words are about the relay
    ("rcpt", "553 5.1.8 <confidentialite@dynamiqueconseil.com>: Sender address rejected: Domain not found", "stop"),
    ("rcpt", "550 5.4.4 Unable to route", "stop"),
    ("rcpt", "450 4.2.0 Mailbox busy", "pending"),
    ("rcpt", "553 5.6.7 Non-ASCII addresses not permitted for that recipient", "failed"),
    ("mail", "550 5.7.1 Sender not authorised to send from this domain", "stop"),
    ("mail", "553 5.1.7 Bad sender's mailbox address syntax", "stop"),
    ("mail", "451 4.3.0 Try again later", "pending"),
    ("data", "554 5.7.1 Message rejected as spam", "stop"),
    ("data", "550 5.7.1 Message rejected: content policy", "stop"),
    ("data", "554 Transaction failed", "stop"),
    ("data", "552 5.3.4 Message size exceeds fixed limit", "stop"),
    ("data", "550 5.1.1 User unknown", "bounce"),  # some servers check the mailbox after the data
    ("data", "452 4.3.1 Insufficient system storage", "pending"),
]


@pytest.mark.parametrize(("stage", "reply", "expected"), CASES, ids=[f"{c[0]}-{c[1][:22]}" for c in CASES])
def test_every_class_of_reply(direct: Direct, smtp: Recorder, stage: str, reply: str, expected: str) -> None:
    """E11: the target is the second of three readers; the server plays `reply` at `stage`."""
    direct.subscribe(A, B, C)
    if stage == "mail":
        smtp.mail_reply = reply  # every MAIL FROM: the first message already meets it
    elif stage == "rcpt":
        smtp.rcpt_replies[B] = reply
    else:
        smtp.data_replies[B] = reply
    summary = direct.run()
    code = reply.split()[0]
    if expected == "bounce":
        assert direct.state(B) == ("failed", "bounced")  # suppressed (E8)
        assert sorted(smtp.addresses()) == [A, C]  # the run went on
        assert summary.exit_status == 0 and not summary.stopped
        assert any(code in line for line in summary.failures)
    elif expected == "stop":
        assert summary.stop_status == 1 and summary.exit_status == 1
        assert reply.split(" ", 1)[1] in summary.stopped  # the owner sees the server's words
        assert "Nobody was suppressed" in summary.stopped
        store = Store.open(direct.db)
        assert [s.status for s in store.all()] == ["active"] * 3  # the list is untouched
        store.close()
        # Nothing settled: the refused message is pending, the ones after it were never claimed.
        expected_rows = ["pending", None, None] if stage == "mail" else ["sent", "pending", None]
        assert [direct.state(x)[0] for x in (A, B, C)] == expected_rows
        assert summary.pending == 2 + (stage == "mail")
    elif expected == "pending":
        assert direct.state(B) == ("pending", "active")
        assert summary.exit_status == 75  # try again later
        if stage != "mail":
            assert sorted(smtp.addresses()) == [A, C]
    else:  # failed for this address on this server, not suppressed: the person did nothing wrong
        assert direct.state(B) == ("failed", "active")
        assert summary.exit_status == 1 and summary.refused == 1
        assert sorted(smtp.addresses()) == [A, C]


def test_classify_table() -> None:
    """The rules of E11 at a glance, including the codes that name the sender (X.1.7, X.1.8)."""
    assert enhanced_code("5.1.1 unknown") == (5, 1, 1) and enhanced_code("no code") is None
    assert classify("RCPT", 550, "5.1.1 unknown") == Outcome.RECIPIENT
    assert classify("RCPT", 553, "5.1.7 bad sender syntax") == Outcome.STOP
    assert classify("RCPT", 550, "5.1.8 bad sender domain") == Outcome.STOP
    assert classify("RCPT", 552, "too many recipients") == Outcome.RETRY  # RFC 5321 4.5.3.1.10
    assert classify("RCPT", 421, "4.4.2 closing") == Outcome.RETRY
    assert classify("END", 554, "5.1.1 oddly placed") == Outcome.STOP  # 554 after the data always stops
    assert classify("END", 552, "5.2.2 full") == Outcome.RECIPIENT
    assert classify("MAIL", 550, "5.1.1 whatever") == Outcome.STOP
    assert classify("DATA", 554, "5.5.1 no valid recipients") == Outcome.STOP


def test_relay_denied_for_everyone_stops_and_keeps_the_list(env: Env, smtp: Recorder) -> None:
    """Issue 11, 1: '554 5.7.1 Relay access denied' used to bounce the whole list and exit 0."""
    readers = people(20)
    env.subscribe(*readers)
    for address, _, _ in readers:
        smtp.rcpt_replies[address] = f"554 5.7.1 <{address}>: Relay access denied"
    result = env.notify()
    assert result.returncode == 1, result.stderr
    assert "run stopped: RCPT 554 5.7.1" in result.stderr and "Relay access denied" in result.stderr
    assert "Nobody was suppressed" in result.stderr and "Traceback" not in result.stderr
    assert "pending 20" in result.stderr
    assert set(env.ledger().values()) <= {"pending"}
    assert all(env.status(a) == "active" for a, _, _ in readers)
    smtp.rcpt_replies.clear()  # the relay is fixed: everyone gets the notice, once
    again = env.notify()
    assert again.returncode == 0, again.stderr
    assert sorted(smtp.addresses()) == sorted(a for a, _, _ in readers)


def test_content_refused_after_data_stops_the_run(env: Env, smtp: Recorder) -> None:
    readers = people(4)
    env.subscribe(*readers)
    for address, _, _ in readers:
        smtp.data_replies[address] = "554 5.7.1 Message rejected: looks like spam"
    result = env.notify()
    assert result.returncode == 1
    assert "run stopped: end of DATA 554 5.7.1 Message rejected: looks like spam" in result.stderr
    assert all(env.status(a) == "active" for a, _, _ in readers)
    assert set(env.ledger().values()) == {"pending"}


def test_refused_sender_stops_before_anyone(env: Env, smtp: Recorder) -> None:
    env.subscribe(*people(3))
    smtp.mail_reply = "553 5.1.7 The sender address is not allowed"
    result = env.notify()
    assert result.returncode == 1 and "run stopped: MAIL 553 5.1.7" in result.stderr
    assert smtp.received == [] and "pending 3" in result.stderr


def test_circuit_breaker_share_of_the_first_messages(direct: Direct, smtp: Recorder) -> None:
    """A filter answering '5.1.1 unknown' for everyone: stop at 5 of the first 5, undo those bounces."""
    readers = [f"r{i:02d}@example.org" for i in range(15)]
    direct.subscribe(*readers)
    for address in readers:
        smtp.rcpt_replies[address] = "550 5.1.1 User unknown"
    summary = direct.run()
    assert summary.stop_status == 1 and "circuit breaker: 5 of the first 5 messages" in summary.stopped
    assert [direct.state(a) for a in readers[:5]] == [("pending", "active")] * 5  # undone, not bounced
    assert all(direct.state(a) == (None, "active") for a in readers[5:])
    store = Store.open(direct.db)
    events = [e["event"] for e in store.events(store.get(readers[0]).id)]  # type: ignore[union-attr]
    store.close()
    assert events == ["subscribed", "bounced", "bounce withdrawn"]  # E3: the log keeps both


def test_circuit_breaker_consecutive_failures(direct: Direct, smtp: Recorder) -> None:
    readers = [f"r{i:02d}@example.org" for i in range(14)]
    direct.subscribe(*readers)
    for address in readers[2:]:
        smtp.rcpt_replies[address] = "550 5.1.1 User unknown"
    summary = direct.run(breaker=Breaker(consecutive=10, share=0))
    assert "10 recipients in a row" in summary.stopped
    assert [direct.state(a)[1] for a in readers] == ["active"] * 14
    assert [direct.state(a)[0] for a in readers[:2]] == ["sent", "sent"]
    assert summary.bounced == 0


def test_a_normal_share_of_bounces_does_not_trip(direct: Direct, smtp: Recorder) -> None:
    readers = [f"r{i:02d}@example.org" for i in range(30)]
    direct.subscribe(*readers)
    smtp.rcpt_replies[readers[7]] = "550 5.1.1 User unknown"
    smtp.rcpt_replies[readers[19]] = "550 5.2.1 Mailbox disabled"
    summary = direct.run()
    assert not summary.stopped and summary.exit_status == 0
    assert direct.state(readers[7]) == ("failed", "bounced") and direct.state(readers[19]) == ("failed", "bounced")
    assert len(smtp.received) == 28


def test_circuit_breaker_from_the_command_line(env: Env, smtp: Recorder) -> None:
    readers = people(8)
    env.subscribe(*readers)
    for address, _, _ in readers:
        smtp.rcpt_replies[address] = "550 5.1.1 User unknown"
    result = env.notify()
    assert result.returncode == 1
    assert "run stopped: circuit breaker: 5 of the first 5 messages" in result.stderr
    assert all(env.status(a) == "active" for a, _, _ in readers)
    # The owner checked with the provider: these are real bounces after all.
    forced = env.notify("--max-bounce-share", "0", "--max-consecutive-bounces", "0")
    assert forced.returncode == 0, forced.stderr
    assert all(env.status(a) == "bounced" for a, _, _ in readers)


def test_temporary_failures_in_a_row_stop_with_75(direct: Direct, smtp: Recorder) -> None:
    readers = [f"r{i:02d}@example.org" for i in range(12)]
    direct.subscribe(*readers)
    for address in readers:
        smtp.rcpt_replies[address] = "451 4.3.0 Temporary local problem"
    summary = direct.run()
    assert summary.exit_status == 75 and "failing temporarily" in summary.stopped
    assert smtp.mails == 5  # stopped after 5, not after trying everyone with backoff
    conn = sqlite3.connect(direct.db)
    assert conn.execute("SELECT count(*) FROM deliveries WHERE state != 'pending'").fetchone()[0] == 0
    conn.close()
