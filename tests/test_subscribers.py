"""`policy-archive subscribers`: the store, consent records (E3) and CSV, through the command line."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from conftest import Site
from policy_archive.mail.store import Store, StoreError, as_utc_text


def run(site: Site, db: Path, *args: str):  # type: ignore[no-untyped-def]
    return site.run("subscribers", *args, env={"POLICY_ARCHIVE_DB": str(db)})


def test_add_list_remove_keeps_the_record(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    added = run(site, db, "add", "Marie@Example.ORG", "--how", "web form, box ticked", "--source", "/abonnement/")
    assert added.returncode == 0, added.stderr
    assert "Marie@example.org: added (fr)" in added.stdout  # domain lower-cased, local part kept; French by default
    en = run(site, db, "add", "john@example.com", "--lang", "en", "--how", "phone call", "--when", "2024-05-01")
    assert en.returncode == 0, en.stderr
    again = run(site, db, "add", "marie@example.org", "--how", "form")
    assert "already subscribed" in again.stdout

    removed = run(site, db, "remove", "MARIE@example.org", "--reason", "asked by phone")
    assert removed.returncode == 0, removed.stderr
    listing = run(site, db, "list")
    assert "Marie@example.org\tfr\tunsubscribed since" in listing.stdout
    assert "john@example.com\ten\tactive\tconsent 2024-05-01T04:00:00Z: phone call" in listing.stdout
    active = run(site, db, "list", "--status", "active")
    assert "Marie" not in active.stdout

    store = Store.open(db)
    marie = store.get("marie@example.org")
    assert marie is not None and marie.consent_how == "web form, box ticked" and marie.status_how == "asked by phone"
    assert [e["event"] for e in store.events(marie.id)] == ["subscribed", "unsubscribed"]  # E3
    store.close()

    twice = run(site, db, "remove", "marie@example.org")
    assert twice.returncode == 1 and "already unsubscribed" in twice.stderr
    unknown = run(site, db, "remove", "nobody@example.org")
    assert unknown.returncode == 1 and "not in the subscriber list" in unknown.stderr
    assert "Traceback" not in twice.stderr + unknown.stderr


def test_add_refuses_bad_input(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    bad = run(site, db, "add", "not-an-address", "--how", "form")
    assert bad.returncode == 1 and "is not a valid email address" in bad.stderr and "Traceback" not in bad.stderr
    no_consent = run(site, db, "add", "a@example.org", "--how", " ")
    assert no_consent.returncode == 1 and "no consent record" in no_consent.stderr
    injected = run(site, db, "add", "a@example.org\nBcc: b@example.org", "--how", "form")
    assert injected.returncode == 1 and "header injection" in injected.stderr


def test_import_reports_bad_lines_and_imports_the_rest(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    store = Store.open(db)
    gone, _ = store.add("gone@example.org", how="form")
    store.remove(gone.address)
    store.close()
    source = tmp_path / "list.csv"
    source.write_text(
        "\ufeffaddress,lang,consent_at,consent_how,consent_source\n"  # Excel's BOM
        "ok1@example.org,fr,2024-01-15,web form,/abonnement/\n"
        "not an address,fr,2024-01-15,web form,/abonnement/\n"
        "ok2@example.org,en,2024-02-01T10:30:00-05:00,,\n"
        "ok3@example.org,de,2024-01-15,web form,\n"
        "ok4@example.org,,someday,web form,\n"
        "gone@example.org,fr,2024-01-15,web form,\n"
        "\n"
        "OK1@example.org,fr,2024-01-15,web form,\n",
        encoding="utf-8",
    )
    result = run(site, db, "import", str(source), "--how", "paper form at the office")
    assert result.returncode == 1
    err = result.stderr
    assert f"{source}:3: 'not an address' is not a valid email address" in err
    assert f"{source}:5: language 'de' is not one of fr, en" in err
    assert f"{source}:6: 'someday' is not a date" in err
    assert f"{source}:7: gone@example.org unsubscribed on" in err  # an import never undoes an unsubscribe
    assert f"{source}:9: ok1@example.org already subscribed" in err
    assert "2 subscribers added, 1 already known, 4 lines refused" in err
    assert "Traceback" not in err
    store = Store.open(db)
    ok2 = store.get("ok2@example.org")
    assert ok2 is not None
    assert (ok2.lang, ok2.consent_at, ok2.consent_how) == ("en", "2024-02-01T15:30:00Z", "paper form at the office")
    assert ok2.consent_source == "import list.csv"
    assert store.get("gone@example.org").status == "unsubscribed"  # type: ignore[union-attr]
    store.close()


def test_import_without_consent_record_is_refused_line_by_line(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    source = tmp_path / "bare.csv"
    source.write_text("email\na@example.org\n", encoding="utf-8")
    result = run(site, db, "import", str(source))
    assert result.returncode == 1 and f"{source}:2: no consent record" in result.stderr
    no_column = tmp_path / "nocol.csv"
    no_column.write_text("name\nAlice\n", encoding="utf-8")
    result = run(site, db, "import", str(no_column), "--how", "form")
    assert f"{no_column}:1: no 'address' (or 'email') column" in result.stderr


def test_export_then_import_keeps_consent_and_unsubscribes(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.sqlite3")
    store.add("a@example.org", "en", how="web form", source="/subscribe/", when="2024-03-01")
    bounced, _ = store.add("b@example.org", how="web form")
    store.set_status(bounced.id, "bounced", "SMTP 550")
    text = store.export_csv()
    store.close()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["address"] for r in rows] == ["a@example.org", "b@example.org"]
    assert "token" not in rows[0]  # tokens are secrets
    other = Store.open(tmp_path / "b.sqlite3")
    added, notes, errs = other.import_csv(text)
    assert (added, notes, errs) == (2, [], [])
    a, b = other.get("a@example.org"), other.get("b@example.org")
    assert a is not None and (a.lang, a.consent_at, a.consent_source) == ("en", "2024-03-01T05:00:00Z", "/subscribe/")
    assert b is not None and b.status == "bounced"  # a suppression survives the move
    other.close()


def test_export_command_and_store_location(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    run(site, db, "add", "a@example.org", "--how", "form")
    out = run(site, db, "export", "-")
    assert out.returncode == 0 and out.stdout.startswith("address,lang,status,consent_at")
    inside = site.run("subscribers", "--help")
    assert inside.returncode == 0
    # The store must never be published: inside docs/ or site/ is refused.
    published = site.run("subscribers", "list", "--db", "docs/subscribers.sqlite3")
    assert published.returncode == 1 and "would be published" in published.stderr
    # Default: next to mkdocs.yml, where .gitignore expects it.
    default = site.run("subscribers", "add", "b@example.org", "--how", "form")
    assert default.returncode == 0, default.stderr
    assert (site.root / "subscribers.sqlite3").is_file()


def test_dates_are_stored_as_utc() -> None:
    assert as_utc_text("2024-01-15") == "2024-01-15T05:00:00Z"  # midnight in Montreal
    assert as_utc_text("2024-07-01T12:00:00+00:00") == "2024-07-01T12:00:00Z"
    try:
        as_utc_text("15/01/2024")
    except StoreError as exc:
        assert "is not a date" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("accepted a non-ISO date")


def test_forget_erases_the_address_and_keeps_it_from_coming_back(site: Site, tmp_path: Path) -> None:
    """A person's erasure request: no trace of the address in the file, proof dates kept, no re-import."""
    db = tmp_path / "store.sqlite3"
    assert run(site, db, "add", "lea@example.org", "--how", "web form", "--source", "/abonnement/").returncode == 0
    assert run(site, db, "add", "paul@example.org", "--how", "web form").returncode == 0
    forgotten = run(site, db, "forget", "Lea@Example.org", "--reason", "asked by email")
    assert forgotten.returncode == 0, forgotten.stderr
    assert "forgotten" in forgotten.stdout and "@forgotten.invalid" in forgotten.stdout
    for path in tmp_path.glob("store.sqlite3*"):  # the database, its WAL and shared memory files
        assert b"lea@example.org" not in path.read_bytes().lower(), path.name
    store = Store.open(db)
    rows = [s for s in store.all() if s.address.endswith("@forgotten.invalid")]
    assert len(rows) == 1 and rows[0].status == "unsubscribed" and rows[0].consent_how == "web form"
    assert [e["event"] for e in store.events(rows[0].id)] == ["subscribed", "unsubscribed", "forgotten"]
    store.close()
    again = tmp_path / "old-list.csv"
    again.write_text("address,lang\nlea@example.org,fr\nnew@example.org,en\n", encoding="utf-8")
    imported = run(site, db, "import", str(again), "--how", "old list")
    assert "old-list.csv:2: lea@example.org asked to be forgotten" in imported.stderr
    assert "paul@example.org\tfr\tactive" in run(site, db, "list").stdout
    missing = run(site, db, "forget", "nobody@example.org")
    assert (
        missing.returncode == 1 and "not in the subscriber list" in missing.stderr and "Traceback" not in missing.stderr
    )
