"""The rules' core decisions in this process, without a build or a subprocess (fast; mutation testing runs these).

The notice window (L2, T1, T2, T3), which versions `notify` announces and to whom
(L2, T3, E3: consent before publication), and the delivery ledger (E7, E8).
The built-site and command-line tests prove the same rules end to end.
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from policy_archive.mail.send import Ledger, candidates, consent_cutoff
from policy_archive.mail.store import Store
from policy_archive.model import Policy, Version
from policy_archive.notice import CHANGED, UPCOMING, Notice, last_significant, notices

D = dt.date.fromisoformat


def version(vid: str, *, published: str | None = None, significant: bool = True) -> Version:
    return Version(
        id=vid,
        path=Path("policy") / vid,
        effective=D(vid),
        published=D(published or vid),
        significant=significant,
        reduces_rights=False,
        summary={"fr": "Résumé.", "en": "Summary."},
    )


def policy(as_of: str, *versions: Version) -> Policy:
    return Policy(versions=list(versions), as_of=D(as_of), languages=["fr", "en"])


FIRST, CHANGE = "2023-12-23", "2025-01-10"


# The notice window -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2025-01-09", [("2025-01-10", UPCOMING, "2025-02-09")]),  # T2: announced before it takes effect
        ("2025-01-10", [("2025-01-10", CHANGED, "2025-02-09")]),  # day 0
        ("2025-02-09", [("2025-01-10", CHANGED, "2025-02-09")]),  # day 30, the last
        ("2025-02-10", []),  # day 31
    ],
)
def test_notice_window_edges(as_of: str, expected: list[tuple[str, str, str]]) -> None:
    found = notices(policy(as_of, version(FIRST), version(CHANGE, published="2025-01-01")), 30)
    assert [(n.version.id, n.kind, n.expires.isoformat()) for n in found] == expected


def test_a_notice_is_keyed_by_version_and_kind() -> None:
    assert Notice(version(CHANGE), CHANGED, D("2025-02-09")).key == "2025-01-10:changed"
    assert Notice(version(CHANGE), UPCOMING, D("2025-02-09")).key == "2025-01-10:upcoming"


def test_the_first_version_and_editorial_fixes_get_no_notice() -> None:
    assert notices(policy("2023-12-24", version(FIRST)), 30) == []  # changed nothing (L2 is about amendments)
    fix = version(CHANGE, significant=False)
    assert notices(policy("2025-01-12", version(FIRST), fix), 30) == []  # T3
    assert notices(policy("2025-01-09", version(FIRST), fix), 30) == []  # no announcement of a fix either


def test_an_editorial_fix_does_not_end_the_notice_of_the_change_before_it() -> None:
    """L2, T3: the notice belongs to the significant change and lasts its whole window."""
    fix = version("2025-01-20", significant=False)
    p = policy("2025-02-01", version(FIRST), version(CHANGE), fix)
    assert last_significant(p) is p.versions[1]
    assert [(n.version.id, n.kind) for n in notices(p, 30)] == [(CHANGE, CHANGED)]


def test_the_latest_change_in_force_and_the_first_announced_one_both_show() -> None:
    p = policy(
        "2025-03-01",
        version(FIRST),
        version(CHANGE),
        version("2025-02-20"),
        version("2025-03-10", published="2025-02-25", significant=False),
        version("2025-04-01", published="2025-02-26"),
        version("2025-05-01", published="2025-02-27"),
    )
    assert [(n.version.id, n.kind) for n in notices(p, 30)] == [("2025-02-20", CHANGED), ("2025-04-01", UPCOMING)]
    assert last_significant(p) is p.get("2025-02-20")
    assert last_significant(policy("2023-12-01", version(FIRST))) is None  # nothing in force yet


def test_the_window_length_is_the_option() -> None:
    p = policy("2025-01-17", version(FIRST), version(CHANGE))
    assert notices(p, 7)[0].expires == D("2025-01-17")
    assert notices(policy("2025-01-18", version(FIRST), version(CHANGE)), 7) == []


# Which versions notify announces ------------------------------------------------------------


def test_candidates_are_published_significant_amendments_not_yet_replaced() -> None:
    first, change = version(FIRST), version(CHANGE, published="2025-01-01")
    assert candidates(policy("2024-12-31", first, change)) == []  # not published yet
    assert candidates(policy("2025-01-01", first, change)) == [change]  # published, upcoming (T2)
    assert candidates(policy("2025-01-10", first, change)) == [change]  # in force
    fix = version("2025-02-01", significant=False)
    p = policy("2025-02-05", first, change, fix)
    assert candidates(p) == [change]  # L2, T3: the fix replaced it, it is still the news; the fix is not
    later = version("2025-03-01", published="2025-02-20")
    assert candidates(policy("2025-02-25", first, change, fix, later)) == [change, later]
    assert candidates(policy("2025-03-02", first, change, fix, later)) == [later]  # a later change took effect
    assert candidates(policy("2024-01-01", first)) == []  # the first version is never announced


def test_consent_cutoff_is_the_end_of_the_publication_day_in_the_site_time_zone() -> None:
    v = version(CHANGE, published="2025-01-01")
    assert consent_cutoff(v, "America/Toronto") == "2025-01-02T05:00:00Z"  # EST, UTC-5
    summer = version("2025-07-15", published="2025-07-01")
    assert consent_cutoff(summer, "America/Toronto") == "2025-07-02T04:00:00Z"  # EDT, UTC-4
    assert consent_cutoff(v, "UTC") == "2025-01-02T00:00:00Z"


def test_consent_cutoff_does_not_depend_on_the_machine_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        assert consent_cutoff(version(CHANGE, published="2025-01-01"), "America/Toronto") == "2025-01-02T05:00:00Z"
    finally:
        monkeypatch.undo()
        time.tzset()


# The ledger ------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    s = Store.open(tmp_path / "store.sqlite3")
    yield s
    s.close()


def states(store: Store) -> dict[tuple[str, str], str]:
    rows = store.conn.execute(
        "SELECT d.version, s.address, d.state FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id"
    ).fetchall()
    return {(v, a): state for v, a, state in rows}


def test_todo_lists_active_readers_who_consented_before_the_cutoff(store: Store) -> None:
    for address, when in (
        ("a@example.org", "2024-06-01"),
        ("b@example.org", "2025-01-03"),
        ("c@example.org", "2024-01-01"),
    ):
        store.add(address, "en" if address[0] == "a" else "fr", how="web form", when=when)
    store.remove("c@example.org")
    ledger = Ledger(store.conn)
    v = version(CHANGE, published="2025-01-01")
    todo = ledger.todo(v, consent_cutoff(v, "America/Toronto"), resend_unknown=False)
    assert [(r.address, r.lang) for r in todo] == [("a@example.org", "en")]
    assert todo[0].token and todo[0].id == store.get("a@example.org").id  # type: ignore[union-attr]


def test_a_claimed_row_is_never_claimed_again_and_sent_is_written_after_the_250(store: Store) -> None:
    """E7: claim before the transaction, mark sent after; a second claim gets nothing."""
    reader = store.add("a@example.org", "fr", how="web form", when="2024-06-01")[0]
    ledger = Ledger(store.conn)
    assert ledger.claim(CHANGE, reader.id, "<m1@x>", resend_unknown=False) == "<m1@x>"
    assert states(store) == {(CHANGE, "a@example.org"): "sending"}
    assert ledger.claim(CHANGE, reader.id, "<m2@x>", resend_unknown=False) is None
    ledger.sent(CHANGE, reader.id, "250 queued")
    assert states(store)[(CHANGE, "a@example.org")] == "sending"  # deferred into the next transaction
    ledger.flush()
    assert states(store)[(CHANGE, "a@example.org")] == "sent"
    assert ledger.claim(CHANGE, reader.id, "<m3@x>", resend_unknown=True) is None
    v = version(CHANGE, published="2025-01-01")
    assert ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=True) == []
    assert ledger.rows([CHANGE], "sent")[0]["detail"] == "250 queued"


def test_sent_marks_are_written_at_once_without_merging(store: Store) -> None:
    reader = store.add("a@example.org", "fr", how="web form", when="2024-06-01")[0]
    ledger = Ledger(store.conn, merge_marks=False)
    ledger.claim(CHANGE, reader.id, "<m@x>", resend_unknown=False)
    ledger.sent(CHANGE, reader.id, "250 ok")
    assert states(store)[(CHANGE, "a@example.org")] == "sent"


def test_a_crash_while_sending_is_unknown_and_not_resent_unless_asked(store: Store) -> None:
    reader = store.add("a@example.org", "fr", how="web form", when="2024-06-01")[0]
    ledger = Ledger(store.conn)
    ledger.claim(CHANGE, reader.id, "<m1@x>", resend_unknown=False)
    assert Ledger(store.conn).settle_crashed() == 1  # the next run finds the row still 'sending'
    assert states(store)[(CHANGE, "a@example.org")] == "unknown"
    v = version(CHANGE, published="2025-01-01")
    assert ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=False) == []
    assert ledger.claim(CHANGE, reader.id, "<m2@x>", resend_unknown=False) is None
    assert [r.address for r in ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=True)] == ["a@example.org"]
    assert ledger.claim(CHANGE, reader.id, "<m2@x>", resend_unknown=True) == "<m1@x>"  # keeps its Message-ID
    attempts = store.conn.execute("SELECT attempts FROM deliveries").fetchone()[0]
    assert attempts == 2


def test_release_keeps_the_row_pending_and_settle_suppresses_only_when_asked(store: Store) -> None:
    """E8: a 4xx goes back to pending; a 5xx about the recipient fails and suppresses the address."""
    a = store.add("a@example.org", "fr", how="web form", when="2024-06-01")[0]
    b = store.add("b@example.org", "fr", how="web form", when="2024-06-01")[0]
    ledger = Ledger(store.conn)
    for reader in (a, b):
        ledger.claim(CHANGE, reader.id, f"<{reader.id}@x>", resend_unknown=False)
    ledger.release(CHANGE, a.id, "451 greylisted")
    v = version(CHANGE, published="2025-01-01")
    for resend_unknown in (False, True):  # pending is to do, whatever is done with unknown outcomes
        assert [r.address for r in ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown)] == ["a@example.org"]
    assert ledger.claim(CHANGE, a.id, "<again@x>", resend_unknown=False) == f"<{a.id}@x>"
    ledger.settle(CHANGE, a.id, "failed", "550 5.7.1 policy")  # E11: by default nobody is suppressed
    ledger.settle(CHANGE, b.id, "failed", "550 5.1.1 unknown user", suppress=True)
    assert states(store) == {(CHANGE, "a@example.org"): "failed", (CHANGE, "b@example.org"): "failed"}
    assert store.get("a@example.org").status == "active"  # type: ignore[union-attr]
    bounced = store.get("b@example.org")
    assert bounced is not None and bounced.status == "bounced" and "5.1.1" in (bounced.status_how or "")
    assert [e["event"] for e in store.events(b.id)][-1] == "bounced"
    assert [r["detail"] for r in ledger.rows([CHANGE], "failed")] == ["550 5.7.1 policy", "550 5.1.1 unknown user"]
    assert len(ledger.rows(["2020-01-01", CHANGE], "failed")) == 2  # several versions at once
    # The circuit breaker's undo: back to pending and active, with a trace.
    ledger.unsuppress([(CHANGE, b.id)], "breaker")
    assert states(store)[(CHANGE, "b@example.org")] == "pending"
    assert store.get("b@example.org").status == "active"  # type: ignore[union-attr]
    assert [e["event"] for e in store.events(b.id)][-1] == "bounce withdrawn"
    assert ledger.rows([CHANGE], "pending")[0]["detail"].startswith("breaker; was: 550 5.1.1")
    ledger.unsuppress([(CHANGE, a.id)], "breaker")  # not bounced: the address stays as it was, no event
    assert [e["event"] for e in store.events(a.id)].count("bounce withdrawn") == 0


def test_a_reader_who_left_is_not_claimed_and_a_refused_message_is_failed(store: Store) -> None:
    a = store.add("a@example.org", "fr", how="web form", when="2024-06-01")[0]
    store.remove("a@example.org")
    ledger = Ledger(store.conn)
    assert ledger.claim(CHANGE, a.id, "<m@x>", resend_unknown=False) is None
    assert states(store) == {}
    b = store.add("b@example.org", "fr", how="web form", when="2024-06-01")[0]
    v = version(CHANGE, published="2025-01-01")
    (recipient,) = ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=False)
    ledger.refuse(CHANGE, recipient, "header injection")
    assert states(store) == {(CHANGE, "b@example.org"): "failed"}
    c = store.add("c@example.org", "fr", how="web form", when="2024-06-01")[0]
    ledger.claim(CHANGE, c.id, "<c@x>", resend_unknown=False)
    ledger.release(CHANGE, c.id, "451 later")  # a row that exists already, pending
    (again,) = ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=False)
    ledger.refuse(CHANGE, again, "header injection")
    assert states(store)[(CHANGE, "c@example.org")] == "failed"
    assert ledger.rows([CHANGE], "failed")[-1]["detail"] == "header injection"
    assert ledger.todo(v, "2030-01-01T00:00:00Z", resend_unknown=True) == []
    assert ledger.claim(CHANGE, b.id, "<m@x>", resend_unknown=True) is None
