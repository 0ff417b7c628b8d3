"""E9: the SMTP password, read from the environment, appears in no output of any failure path.

`notify` runs as a subprocess against real aiosmtpd servers that refuse the login
(535), echo the credentials back in their refusal (a careless server), drop the
connection during AUTH, speak plain text to a TLS client, or do not exist. After
each run the password (and the base64 forms AUTH PLAIN and LOGIN put on the wire)
is looked for in stdout, stderr, every byte of the subscriber store, and the
dry-run messages.
"""

from __future__ import annotations

import base64
import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.smtp import AuthResult
from conftest import Site
from test_notify import AS_OF, NEW, Env, FaultyController, Recorder, add_version, free_port

SECRET = "s3cret-Pa55word"
USER = "robot"
FORMS = [
    SECRET,
    base64.b64encode(SECRET.encode()).decode(),  # AUTH LOGIN
    base64.b64encode(f"\0{USER}\0{SECRET}".encode()).decode(),  # AUTH PLAIN
]


@contextlib.contextmanager
def auth_server(reply: str | None = None, drop: bool = False) -> Iterator[Recorder]:
    """A server offering AUTH without TLS that refuses every login: 535, `reply`, or a dropped connection."""

    def refuse(server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        if drop:
            server.transport.close()
            return AuthResult(success=False, handled=True)
        return AuthResult(success=False, handled=False, message=reply)

    recorder = Recorder()
    controller = FaultyController(
        recorder, hostname="127.0.0.1", port=free_port(), auth_require_tls=False, authenticator=refuse
    )
    controller.start()
    recorder.port = int(controller.port)
    try:
        yield recorder
    finally:
        controller.stop()


def leaks(env: Env, *outputs: str, folder: Path | None = None) -> list[str]:
    """Where a form of the password shows: in the outputs, the store's files, the dry-run folder."""
    found = [f"output {i}" for i, out in enumerate(outputs) for form in FORMS if form in out]
    files = [p for p in env.db.parent.glob(env.db.name + "*")]
    if folder is not None:
        files += sorted(folder.rglob("*"))
    for path in files:
        if path.is_file():
            data = path.read_bytes()
            found += [str(path) for form in FORMS if form.encode() in data]
    return found


def run(env: Env, **extra: str):  # type: ignore[no-untyped-def]
    return env.site.run(
        "notify",
        "--retries",
        "0",
        "--backoff",
        "0.01",
        as_of=AS_OF,
        env={**env.env, "POLICY_ARCHIVE_SMTP_USER": USER, "POLICY_ARCHIVE_SMTP_PASSWORD": SECRET, **extra},
    )


@pytest.fixture
def site_with_change(site: Site) -> Site:
    add_version(site, NEW, "2025-02-01")
    return site


@pytest.mark.parametrize(
    ("reply", "drop", "said"),
    [
        (None, False, "refused the login of 'robot': 535"),
        (f"535 5.7.8 bad credentials {USER} {SECRET} {FORMS[1]} {FORMS[2]}", False, "refused the login"),
        (None, True, "cannot connect to"),
    ],
    ids=["535", "535-echoing-the-password", "dropped-during-auth"],
)
def test_a_refused_or_dropped_login_prints_no_password(
    site_with_change: Site, reply: str | None, drop: bool, said: str
) -> None:
    with auth_server(reply, drop) as server:
        env = Env(site_with_change, server)
        env.subscribe(("ok@example.org", "fr", "2024-06-01"))
        result = run(env)
        assert result.returncode != 0 and said in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
        assert leaks(env, result.stdout, result.stderr) == []
        assert server.received == [] and env.ledger()[(NEW, "ok@example.org")] == "pending"


def test_tls_failure_wrong_host_and_dry_run_print_no_password(site_with_change: Site, tmp_path: Path) -> None:
    cfg = site_with_change.root / "mkdocs.yml"
    with auth_server() as server:
        env = Env(site_with_change, server)
        env.subscribe(("ok@example.org", "fr", "2024-06-01"))
        # TLS spoken to a server that answers in plain text
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("security: none", "security: tls", 1), encoding="utf-8")
        tls = run(env)
        assert tls.returncode != 0 and "cannot connect to" in tls.stderr, tls.stderr
        # STARTTLS asked of a server that does not offer it
        cfg.write_text(cfg.read_text(encoding="utf-8").replace("security: tls", "security: starttls"), encoding="utf-8")
        starttls = run(env)
        assert starttls.returncode != 0 and "does not offer STARTTLS" in starttls.stderr, starttls.stderr
        cfg.write_text(
            cfg.read_text(encoding="utf-8").replace("security: starttls", "security: none"), encoding="utf-8"
        )
        # a host that does not exist (.invalid never resolves, RFC 2606)
        nowhere = run(env, POLICY_ARCHIVE_SMTP_HOST="smtp.nowhere.invalid")
        assert nowhere.returncode != 0 and "smtp.nowhere.invalid" in nowhere.stderr, nowhere.stderr
        # a dry run with the password set
        out = tmp_path / "outbox"
        dry = env.site.run(
            "notify",
            "--dry-run",
            str(out),
            as_of=AS_OF,
            env={**env.env, "POLICY_ARCHIVE_SMTP_USER": USER, "POLICY_ARCHIVE_SMTP_PASSWORD": SECRET},
        )
        assert dry.returncode == 0 and len(list(out.glob("*.eml"))) == 1, dry.stderr
        outputs = [r.stdout + r.stderr for r in (tls, starttls, nowhere, dry)]
        assert not any("Traceback" in o for o in outputs)
        assert leaks(env, *outputs, folder=out) == []
        assert server.received == [] and env.ledger()[(NEW, "ok@example.org")] == "pending"


def test_the_client_itself_never_words_the_password() -> None:
    """Below the scrubbing of `Mailer.send`: each refusal `Mailer.connect` words holds no password."""
    from policy_archive.mail.send import Mailer, SmtpSettings

    with auth_server() as refusing, auth_server(drop=True) as dropping:
        for port, security, host in (
            (refusing.port, "none", "127.0.0.1"),
            (dropping.port, "none", "127.0.0.1"),
            (refusing.port, "tls", "127.0.0.1"),
            (refusing.port, "starttls", "127.0.0.1"),
            (25, "none", "smtp.nowhere.invalid"),
        ):
            mailer = Mailer(SmtpSettings(host, port, security, USER, SECRET, timeout=10))
            failed = mailer.connect()
            assert failed is not None and failed.detail, (security, host)
            assert not [form for form in FORMS if form in failed.detail], failed.detail
            assert SECRET not in repr(mailer.settings)  # the dataclass's repr leaves it out
