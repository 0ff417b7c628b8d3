"""International addresses (issue 11, 2): stored as email-validator normalises them, IDN domains sent as
punycode, accented local parts over SMTPUTF8 when the server offers it and a clear per-subscriber
failure when it does not; never a crash (E7, E8, RFC 6531, RFC 6532)."""

from __future__ import annotations

import email
from email.policy import SMTPUTF8 as SMTPUTF8_POLICY
from email.policy import strict
from pathlib import Path

from conftest import Site
from policy_archive.mail.store import Store, mailbox, normalise_address
from test_notify import NEW, Direct, Env, Shipped, add_version, smtp_server

IDN = "jose@bücher.de"  # ASCII local part, accented domain
UTF8 = "josé@bücher.de"  # accented local part: needs SMTPUTF8
PLAIN = "plain@example.org"


def test_addresses_are_stored_normalised_and_sent_as_punycode() -> None:
    assert normalise_address("Jose@Bücher.DE") == "Jose@bücher.de"
    assert normalise_address("jose@xn--bcher-kva.de") == IDN  # one person, one row, whatever the spelling
    assert mailbox(IDN).address == "jose@xn--bcher-kva.de" and not mailbox(IDN).smtputf8
    assert mailbox(UTF8).address == "josé@xn--bcher-kva.de" and mailbox(UTF8).smtputf8
    assert mailbox(PLAIN).address == PLAIN


def test_the_command_line_keeps_one_row_per_person(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    env = {"POLICY_ARCHIVE_DB": str(db)}
    first = site.run("subscribers", "add", "jose@xn--bcher-kva.de", "--how", "form", env=env)
    assert first.returncode == 0 and f"{IDN}: added" in first.stdout, first.stderr
    again = site.run("subscribers", "add", "JOSE@BÜCHER.DE", "--how", "form", env=env)
    assert "already subscribed" in again.stdout or "added" in again.stdout  # local parts may differ in case
    store = Store.open(db)
    assert store.get("jose@xn--bcher-kva.de") is not None and store.get(IDN) is not None
    store.close()


def _deliver(shipped: Shipped, tmp_path: Path, smtputf8: bool) -> tuple[Direct, object]:
    with smtp_server(smtputf8=smtputf8) as server:
        direct = Direct(shipped, tmp_path / f"store-{smtputf8}.sqlite3", server)
        direct.subscribe(IDN, UTF8, PLAIN)
        summary = direct.run()
        return direct, summary


def test_with_smtputf8_everyone_gets_the_notice(shipped: Shipped, tmp_path: Path) -> None:
    with smtp_server(smtputf8=True) as server:
        direct = Direct(shipped, tmp_path / "store.sqlite3", server)
        direct.subscribe(IDN, UTF8, PLAIN)
        summary = direct.run()
        assert summary.exit_status == 0 and summary.sent == 3, summary
        received = dict(server.received)
        assert set(received) == {"jose@xn--bcher-kva.de", "josé@xn--bcher-kva.de", PLAIN}  # envelopes
        ascii_idn = email.message_from_bytes(received["jose@xn--bcher-kva.de"], policy=strict)
        assert ascii_idn["To"] == "jose@xn--bcher-kva.de"
        assert received["jose@xn--bcher-kva.de"].isascii()  # no SMTPUTF8 needed for it
        utf8 = email.message_from_string(received["josé@xn--bcher-kva.de"].decode("utf-8"), policy=SMTPUTF8_POLICY)
        assert utf8["To"].addresses[0].username == "josé"  # RFC 6532 header
        assert utf8["Subject"].startswith("Avis de modification")
        assert direct.state(UTF8) == ("sent", "active")


def test_without_smtputf8_the_accented_address_fails_alone(shipped: Shipped, tmp_path: Path) -> None:
    with smtp_server(smtputf8=False) as server:
        direct = Direct(shipped, tmp_path / "store.sqlite3", server)
        direct.subscribe(PLAIN, UTF8, IDN)
        summary = direct.run()
        assert sorted(server.addresses()) == ["jose@xn--bcher-kva.de", PLAIN]  # the run went on past it
        assert direct.state(UTF8) == ("failed", "active")  # not suppressed: a better server can reach it
        assert summary.exit_status == 1 and summary.refused == 1
        line = next(f for f in summary.failures if UTF8 in f)
        assert "does not offer SMTPUTF8" in line and "RFC 6531" in line
        again = direct.run()  # recorded: not retried, and no longer a reason to fail
        assert again.exit_status == 0 and len(server.received) == 2


def test_cli_never_crashes_on_international_addresses(site: Site, tmp_path: Path) -> None:
    add_version(site, NEW, "2025-02-01")
    with smtp_server(smtputf8=False) as server:
        env = Env(site, server)
        env.subscribe((UTF8, "fr", "2024-06-01"), (IDN, "en", "2024-06-01"), (PLAIN, "fr", "2024-06-01"))
        result = env.notify()
        assert "Traceback" not in result.stderr
        assert result.returncode == 1  # one address could not be sent to: a person must look
        assert f"failed: {NEW} {UTF8}:" in result.stderr and "SMTPUTF8" in result.stderr
        assert "sent 2," in result.stderr
        resend = env.notify("--resend-unknown")
        assert resend.returncode == 0 and "Traceback" not in resend.stderr
        outbox = tmp_path / "outbox"
        dry = env.notify("--dry-run", str(outbox))
        assert dry.returncode == 0, dry.stderr
    with smtp_server(smtputf8=True) as server:
        env = Env(site, server)
        env.db = tmp_path / "other.sqlite3"
        env.env["POLICY_ARCHIVE_DB"] = str(env.db)
        env.subscribe((UTF8, "fr", "2024-06-01"))
        dry = env.notify("--dry-run", str(outbox))
        assert dry.returncode == 0 and "1 message written" in dry.stderr, dry.stderr
        written = [p for p in outbox.glob("*.eml") if "xn--bcher-kva.de" in p.name]
        assert written and all(p.name.isascii() for p in outbox.iterdir())
