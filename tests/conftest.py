"""Shared fixtures: real `mkdocs build` of a copy of the site into temp dirs, real Chromium.

Builds run in-process (the plugin is loaded through its entry point like in
production) with the build date pinned through SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SEED = "2023-12-23"  # the repository's first version, copied to make new ones
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
pytest_plugins = ["mail_fixtures"]  # smtp, shipped, direct, env for the mail tests
os.environ.setdefault("POLICY_ARCHIVE_PDF", "0")  # PDFs cost ~1 s each: only tests/test_pdf.py makes them


def epoch(date: str | dt.date) -> str:
    """SOURCE_DATE_EPOCH for noon, Montreal time, on `date` (no day shift in any zone of Canada)."""
    d = dt.date.fromisoformat(str(date))
    return str(int(dt.datetime(d.year, d.month, d.day, 17, 0, tzinfo=dt.UTC).timestamp()))


@dataclass
class Site:
    """A private copy of a site (mkdocs.yml, policy/, docs/, overrides/) that tests may break."""

    root: Path

    @property
    def policy(self) -> Path:
        return self.root / "policy"

    @property
    def out(self) -> Path:
        return self.root / "site"

    def build(self, as_of: str | dt.date) -> Path:
        """Run a real `mkdocs build --strict` in-process; returns the site folder."""
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = epoch(as_of)
        try:
            config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.out), strict=True)
            build(config)
        finally:
            if old is None:
                os.environ.pop("SOURCE_DATE_EPOCH", None)
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old
        return self.out

    def add_version(
        self,
        vid: str,
        *,
        published: str | None = None,
        significant: bool = True,
        reduces_rights: bool = False,
        summary: dict[str, str] | None = None,
        fill_placeholders: bool = True,
        replace: dict[str, list[tuple[str, str]]] | None = None,
    ) -> Path:
        """A new version `policy/<vid>/` copied from the seed, with its own metadata.

        `replace` maps a language to (old, new) pairs applied to its sections (each must
        occur); placeholders are filled by default, since an upcoming version may not keep them.
        """
        target = self.policy / vid
        shutil.copytree(self.policy / SEED, target)
        meta = {
            "effective": dt.date.fromisoformat(vid),
            "published": dt.date.fromisoformat(published or vid),
            "significant": significant,
            "reduces_rights": reduces_rights,
            "summary": summary or {"fr": f"Résumé de la version {vid}.", "en": f"Summary of version {vid}."},
        }
        (target / "version.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        pairs = {lang: list(changes) for lang, changes in (replace or {}).items()}
        if fill_placeholders:
            pairs.setdefault("fr", []).append(("[NOM DE L’ORGANISME]", "Dynamique Conseil inc."))
            pairs.setdefault("en", []).append(("[NAME OF THE ORGANIZATION]", "Dynamique Conseil inc."))
        for lang, changes in pairs.items():
            sections = {p: p.read_text(encoding="utf-8") for p in sorted((target / lang).glob("*.md"))}
            for old, new in changes:
                hits = [p for p, text in sections.items() if old in text]
                assert hits, f"{old!r} not found in {vid}/{lang}"
                for p in hits:
                    sections[p] = sections[p].replace(old, new)
            for p, text in sections.items():
                p.write_text(text, encoding="utf-8")
        return target

    def html(self, path: str) -> str:
        """The HTML a reader gets at `path` ("", "en/", "versions/2023-12-23/", ...)."""
        return (self.out / path / "index.html").read_text(encoding="utf-8")

    def run(
        self, *args: str, as_of: str | None = None, check: bool = False, env: dict | None = None
    ) -> subprocess.CompletedProcess:
        """Run the `policy-archive` command line in this site, as an editor would."""
        full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
        full_env.pop("SOURCE_DATE_EPOCH", None)
        if as_of:
            full_env["SOURCE_DATE_EPOCH"] = epoch(as_of)
        exe = Path(sys.executable).parent / "policy-archive"
        return subprocess.run(
            [str(exe), *args], cwd=self.root, env=full_env, capture_output=True, text=True, check=check
        )

    def mkdocs(self, *args: str, as_of: str | None = None) -> subprocess.CompletedProcess:
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        if as_of:
            env["SOURCE_DATE_EPOCH"] = epoch(as_of)
        exe = Path(sys.executable).parent / "mkdocs"
        return subprocess.run([str(exe), *args], cwd=self.root, env=env, capture_output=True, text=True)


def copy_site(source: Path, target: Path) -> Site:
    target.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "policy", "docs", "overrides"):
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name)
        elif src.is_file():
            shutil.copy2(src, target / name)
    return Site(target)


def generated_site(root: Path, count: int) -> Site:
    """The repository's site with `count` versions, each editing one to three sections of the one
    before: a sentence reworded, a list item added or removed, a paragraph added or removed."""
    site = copy_site(REPO, root)
    rng = random.Random(13)
    previous = site.policy / SEED
    for i in range(1, count):
        vid = f"{2024 + i // 12:04d}-{i % 12 + 1:02d}-15"
        target = site.policy / vid
        shutil.copytree(previous, target)
        meta = yaml.safe_load((target / "version.yml").read_text(encoding="utf-8"))
        meta.update(
            effective=vid,
            published=vid,
            significant=bool(i % 3),
            summary={"fr": f"Version {i}.", "en": f"Version {i}."},
        )
        meta.pop("corrections", None)
        (target / "version.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
        names = sorted(p.name for p in (target / "fr").glob("*.md"))
        for name in rng.sample(names[1:], rng.randint(1, 3)):
            edit = rng.choice(["reword", "item", "paragraph", "drop"])
            for lang, words in (("fr", "Ajout"), ("en", "Added")):
                path = target / lang / name
                text = path.read_text(encoding="utf-8")
                if edit == "reword":
                    text = text.replace(" les ", " ces ", 1) if lang == "fr" else text.replace(" the ", " this ", 1)
                elif edit == "item":
                    text = text.rstrip("\n") + f"\n\n- {words} {i}.\n"
                elif edit == "paragraph":
                    text = text.rstrip("\n") + f"\n\n{words} de la version {i}.\n"
                else:
                    paragraphs = text.rstrip("\n").split("\n\n")
                    text = "\n\n".join(paragraphs[:-1] if len(paragraphs) > 2 else paragraphs) + "\n"
                path.write_text(text, encoding="utf-8")
        previous = target
    for path in site.policy.rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        text = text.replace("[NOM DE L’ORGANISME]", "Dynamique Conseil inc.")
        path.write_text(text.replace("[NAME OF THE ORGANIZATION]", "Dynamique Conseil inc."), encoding="utf-8")
    return site


@pytest.fixture
def site(tmp_path: Path) -> Site:
    """A fresh copy of the repository's own site, to change and build."""
    return copy_site(REPO, tmp_path / "site-src")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The repository's site built once, as of 2024-06-01 (the seed version in force)."""
    s = copy_site(REPO, tmp_path_factory.mktemp("seed") / "src")
    s.build("2024-06-01")
    return s


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium through Playwright. Missing browser: skip locally, fail in CI."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def serve():
    """Serve a built site folder over HTTP on 127.0.0.1; returns the base URL."""
    import functools
    import http.server
    import threading

    servers = []

    def start(folder: Path) -> str:
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output readable
                pass

        handler = functools.partial(Quiet, directory=str(folder))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
