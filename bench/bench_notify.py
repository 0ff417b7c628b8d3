"""What exactly-once costs: `notify` to N subscribers against a bare `smtplib` loop, same machine, same run.

    .venv/bin/python bench/bench_notify.py [--subscribers 10000] [--profile]

The target (issue 11): notify (the `ledger` variant) takes at most 0.6 x the time of the
`send_message` baseline at 10,000 subscribers; the last line gives the ratio of this run
and the exit status is 1 when it is above the target.

Each variant runs in its own process (so peak memory is its own) with an
aiosmtpd server in that process, on 127.0.0.1, that counts what it accepts:

- baseline: one prebuilt message, `smtplib.send_message` in a loop over one
  connection, only the To header changed; no ledger, no per-reader message.
- ledger-naive: the notifier with a rollback journal and one commit per state
  change (claim, then sent), each with a full sync.
- ledger: the notifier as shipped: WAL, the 'sent' mark carried by the next
  claim's commit (one synced commit per message).

Two more, for the record:

- smtp-floor: prebuilt bytes through `smtplib.sendmail`, nothing else: what
  the SMTP exchange alone costs here.
- ledger-normal: as shipped but `synchronous=NORMAL` (no fsync per commit):
  what surviving a power cut (not just a crash) costs. Not shipped: a claim
  lost in a power cut after its message left would mean a duplicate.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import resource
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

VARIANTS = ("baseline", "smtp-floor", "ledger-naive", "ledger", "ledger-normal")
TARGET = 0.6  # notify at most 0.6 x the baseline's time (issue 11)


class Counter:
    """SMTP handler that only counts: the server should cost the same in every variant."""

    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # type: ignore[no-untyped-def]
        with self.lock:
            self.count += 1
        return "250 2.0.0 queued"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_copy(tmp: Path) -> Path:
    """The repository's site with one more version, significant and announced as of 2024-06-01.

    A first version is never announced (it changes nothing): the notice needs a second one.
    """
    root = tmp / "site"
    root.mkdir()
    for name in ("mkdocs.yml", "policy", "docs", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.is_file():
            shutil.copy2(source, root / name)
    seed = sorted(p for p in (root / "policy").iterdir() if p.is_dir())[0]
    new = root / "policy" / "2024-07-01"
    shutil.copytree(seed, new)
    (new / "version.yml").write_text(
        "effective: 2024-07-01\npublished: 2024-05-15\nsignificant: true\nreduces_rights: false\n"
        "summary:\n  fr: Nous conservons vos renseignements moins longtemps.\n"
        "  en: We keep your information for a shorter time.\n",
        encoding="utf-8",
    )
    return root / "mkdocs.yml"


def setup(n: int, tmp: Path):  # type: ignore[no-untyped-def]
    """The repository's own site and policy as of 2024-06-01, and a store of n readers (not timed)."""
    from policy_archive.cli import Project
    from policy_archive.mail.compose import Composer, Sender
    from policy_archive.mail.store import connect

    project = Project(site_copy(tmp), "2024-06-01")
    policy, _ = project.load()
    composer = Composer(Sender.from_config(project.options, project.mkdocs), policy)
    conn = connect(tmp / "bench.sqlite3")
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO subscribers (address, lang, token, consent_at, consent_how) VALUES (?, ?, ?, ?, 'bench')",
        (
            (
                f"reader{i:06d}@example.org",
                "en" if i % 3 == 0 else "fr",
                secrets.token_urlsafe(24),
                "2023-01-01T05:00:00Z",
            )
            for i in range(n)
        ),
    )
    conn.execute("COMMIT")
    return project, policy, composer, conn


def worker(variant: str, n: int, profile: bool) -> dict:
    from aiosmtpd.controller import Controller
    from policy_archive.mail.compose import Recipient
    from policy_archive.mail.send import Mailer, Notifier, SmtpSettings, candidates

    counter = Counter()
    controller = Controller(counter, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings = SmtpSettings("127.0.0.1", controller.port, "none")
    with tempfile.TemporaryDirectory() as tmp:
        _project, policy, composer, conn = setup(n, Path(tmp))
        versions = candidates(policy)
        profiler = cProfile.Profile() if profile else None
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        start = time.perf_counter()
        if profiler:
            profiler.enable()
        if variant == "baseline":
            import email
            import smtplib
            from email.policy import SMTP

            data = composer.compose(versions[0], Recipient(0, "reader@example.org", "fr", "x" * 32), "<a@b>")
            msg = email.message_from_bytes(data, policy=SMTP)
            rows = conn.execute("SELECT address FROM subscribers ORDER BY id").fetchall()
            with smtplib.SMTP("127.0.0.1", controller.port) as smtp:
                for (address,) in rows:
                    del msg["To"]
                    msg["To"] = address
                    smtp.send_message(msg)
            sent = len(rows)
        elif variant == "smtp-floor":
            import smtplib

            data = composer.compose(versions[0], Recipient(0, "reader@example.org", "fr", "x" * 32), "<a@b>")
            rows = conn.execute("SELECT address FROM subscribers ORDER BY id").fetchall()
            with smtplib.SMTP("127.0.0.1", controller.port) as smtp:
                for (address,) in rows:
                    smtp.sendmail("confidentialite@dynamiqueconseil.com", [address], data)
            sent = len(rows)
        else:
            if variant == "ledger-naive":
                conn.execute("PRAGMA journal_mode = DELETE")
            if variant == "ledger-normal":
                conn.execute("PRAGMA synchronous = NORMAL")
            notifier = Notifier(conn, composer, merge_marks=variant != "ledger-naive")
            summary = notifier.run(versions, Mailer(settings))
            sent = summary.sent
        if profiler:
            profiler.disable()
        elapsed = time.perf_counter() - start
        conn.close()
    controller.stop()
    assert counter.count == n == sent, (counter.count, n, sent)
    result = {
        "variant": variant,
        "messages": n,
        "seconds": round(elapsed, 3),
        "per_message_ms": round(elapsed / n * 1000, 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mb": round((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024, 1),
    }
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(14)
        result["profile"] = out.getvalue()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    parser.add_argument(
        "--rounds",
        type=int,
        default=1,
        help="run the variants this many times, interleaved, and keep each one's median (a shared machine's"
        " load drifts between variants)",
    )
    parser.add_argument("--profile", action="store_true", help="print where the time goes in each variant")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(worker(args.worker, args.subscribers, args.profile)))
        return
    runs: dict[str, list[dict]] = {}
    load_before = os.getloadavg()[0]
    for _ in range(max(1, args.rounds)):
        for variant in args.variants.split(","):
            cmd = [sys.executable, __file__, "--worker", variant, "--subscribers", str(args.subscribers)]
            done = subprocess.run(cmd + (["--profile"] if args.profile else []), capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"{variant} failed:\n{done.stderr}")
            result = json.loads(done.stdout.strip().splitlines()[-1])
            runs.setdefault(variant, []).append(result)
            if args.profile:
                print(f"--- {variant}\n{result.pop('profile')}")
    results = [sorted(rs, key=lambda r: r["seconds"])[len(rs) // 2] for rs in runs.values()]
    base = next((r for r in results if r["variant"] == "baseline"), results[0])
    print(
        f"{args.subscribers} messages, {dt.date.today()}, Python {sys.version.split()[0]}, {os.cpu_count()} CPU(s),"
        f" {max(1, args.rounds)} round(s), load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    print(f"{'variant':<14}{'seconds':>9}{'ms/msg':>9}{'x baseline':>12}{'peak RSS MB':>13}")
    for r in results:
        ratio = r["seconds"] / base["seconds"]
        print(
            f"{r['variant']:<14}{r['seconds']:>9.2f}{r['per_message_ms']:>9.3f}{ratio:>12.2f}{r['peak_rss_mb']:>13.1f}"
        )
    shipped = next((r for r in results if r["variant"] == "ledger"), None)
    if shipped is not None and base["variant"] == "baseline":
        ratio = shipped["seconds"] / base["seconds"]
        verdict = "within" if ratio <= TARGET else "ABOVE"
        print(f"notify / send_message baseline = {ratio:.2f} ({verdict} the target of {TARGET:.1f})")
        if ratio > TARGET:
            sys.exit(1)


if __name__ == "__main__":
    main()
