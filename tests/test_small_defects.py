"""Small defects of issue 12: the dev server's port, the README's table, fixed placeholders, periods."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, Site
from policy_archive.l10n import t
from test_unsubscribe import request, service, subscriber

SEED = "2023-12-23"


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
@pytest.mark.parametrize("target", ["serve", "demo"])
def test_a_busy_port_gives_a_clear_message(target: str) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        # The port is checked before anything is installed or served: this returns at once.
        result = subprocess.run(
            ["make", "-s", target, f"PORT={port}"], cwd=REPO, capture_output=True, text=True, timeout=60
        )
    assert result.returncode != 0
    assert f"make {target}: port {port} on 127.0.0.1 is in use" in result.stderr, result.stderr
    assert f"make {target} PORT={port + 1}" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    free = subprocess.run(["make", "-s", f"port-free-{target}", f"PORT={port}"], cwd=REPO, capture_output=True)
    assert free.returncode == 0, free.stderr


def test_make_serve_watches_the_theme_it_ships() -> None:
    dry = subprocess.run(["make", "-n", "serve"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    served = next(line for line in dry.splitlines() if "mkdocs serve" in line)
    watched = re.findall(r"--watch (\S+)", served)
    assert "plugins/policy_archive/theme" in watched and "overrides" in watched
    assert all((REPO / path).is_dir() for path in watched)


def test_the_readme_addresses_table_is_one_table() -> None:
    """GitHub ends a table at a blank line: rows after one are shown as text (issue 12)."""
    import markdown

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = re.search(r"^## Addresses\n(.*?)(?=^#)", readme, re.S | re.M)
    assert section, "README has no '## Addresses' section"
    rows = [line for line in section[1].splitlines() if line.startswith("|")]
    assert len(rows) > 5
    html = markdown.markdown(section[1], extensions=["tables"])
    assert html.count("<table>") == 1
    assert html.count("<tr>") == len(rows) - 1  # every row but the |---| line
    assert "|" not in re.sub(r"<table>.*?</table>", "", html, flags=re.S)  # no row left as text
    assert all(line.count("|") == rows[0].count("|") for line in rows)


def _placeholders(stderr: str) -> list[str]:
    return [line.split(": warning")[0] for line in stderr.splitlines() if "unfilled placeholder" in line]


def test_placeholder_warnings_stop_once_a_version_that_fixes_them_is_in_force(site: Site) -> None:
    site.add_version("2024-09-01", published="2024-06-01")  # placeholders filled
    before = site.run("check", as_of="2024-06-01")  # the seed still in force: it is the text readers see
    assert _placeholders(before.stderr) == [
        f"policy/{SEED}/fr/06-finalites.md:33",
        f"policy/{SEED}/en/06-finalites.md:33",
    ]
    after = site.run("check", as_of="2024-10-01")
    assert after.returncode == 0, after.stderr
    assert _placeholders(after.stderr) == [], after.stderr
    assert "1 version checked" not in after.stderr and "2 versions checked" in after.stderr


def test_placeholder_warnings_stay_while_the_version_in_force_keeps_them(site: Site) -> None:
    site.add_version(
        "2024-09-01",
        fill_placeholders=False,
        replace={"fr": [("[NOM DE L’ORGANISME]", "Dynamique Conseil inc.")]},  # fixed in French only
    )
    result = site.run("check", as_of="2024-10-01")
    assert _placeholders(result.stderr) == [
        f"policy/{SEED}/en/06-finalites.md:33",
        "policy/2024-09-01/en/06-finalites.md:33",
    ], result.stderr


def test_a_name_ending_with_a_period_ends_the_sentence_once(tmp_path: Path) -> None:
    assert t("en", "email_why", organisation="Dynamique Conseil inc.").endswith("Dynamique Conseil inc.")
    assert t("en", "email_why", organisation="Example Ltd").endswith("Example Ltd.")
    running = service(tmp_path / "store.sqlite3")
    try:
        for lang, address in (("fr", "marie@example.org"), ("en", "john@example.com")):
            token = subscriber(tmp_path / "store.sqlite3", address, lang)
            for method, body in (("POST", "List-Unsubscribe=One-Click"), ("GET", None)):
                page = request("127.0.0.1", running.port, method, f"/desabonnement/{token}", body)
                text = page.text  # type: ignore[attr-defined]
                assert "Dynamique Conseil inc.</p>" in text, text
                assert ".." not in text.replace("../", "")
    finally:
        running.stop()
