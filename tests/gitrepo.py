"""Real git repositories for the editors' workflow tests (no mocks): dated commits, new versions.

Commit dates are pinned through GIT_AUTHOR_DATE / GIT_COMMITTER_DATE so short
hashes and dates in messages are deterministic.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

import git
import yaml
from policy_archive import scaffold
from policy_archive.load import _PLACEHOLDER

LANGS = ["fr", "en"]


def init_repo(root: Path) -> git.Repo:
    """`git init` with an identity, a `main` branch, and the built site ignored."""
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Éditrice Test")
        cw.set_value("user", "email", "editrice@example.com")
        cw.set_value("commit", "gpgsign", "false")
    (root / ".gitignore").write_text("site/\n", encoding="utf-8")
    return repo


def date_env(date: str) -> dict[str, str]:
    when = f"{date}T12:00:00-05:00"
    return {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}


def commit(repo: git.Repo, message: str, date: str, author: str | None = None) -> git.Commit:
    """Stage everything and commit on `date` (noon, Montreal); setup commits skip hooks."""
    repo.git.add("-A")
    env = date_env(date)
    if author:
        env |= {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "autre@example.com"}
    repo.git.commit("--no-verify", "-q", "-m", message, env=env)
    return repo.head.commit


def git_cli(root: Path, *args: str, date: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run git as an editor would (hooks included)."""
    full = {**os.environ, **(date_env(date) if date else {}), **(env or {})}
    full.pop("SOURCE_DATE_EPOCH", None)
    return subprocess.run(["git", *args], cwd=root, env=full, capture_output=True, text=True)


def new_version(policy_dir: Path, vid: str, published: str | None = None, significant: bool = True) -> Path:
    """A filled new version copied from the latest one (what an editor has after new-version + edits)."""
    effective = dt.date.fromisoformat(vid)
    today = dt.date.fromisoformat(published) if published else effective
    made = scaffold.new_version(policy_dir, effective, today, LANGS)
    meta = {
        "effective": effective,
        "published": made.published,
        "significant": significant,
        "summary": {"fr": f"Résumé de la version {vid}.", "en": f"Summary of version {vid}."},
    }
    (made.path / "version.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for section in made.path.glob("*/*.md"):  # the seed's unfilled placeholders: errors in a new version
        text = section.read_text(encoding="utf-8")
        section.write_text(_PLACEHOLDER.sub("Dynamique Conseil inc.", text), encoding="utf-8")
    return made.path


def append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(f"\n{text}\n")
