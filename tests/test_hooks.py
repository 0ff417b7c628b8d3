"""Hooks: a real `git commit` refused by the installed pre-commit hook; the pre-commit and CI definitions."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sys
from pathlib import Path

import git
import pytest
import yaml
from conftest import REPO, Site
from gitrepo import append, commit, git_cli, init_repo, new_version
from policy_archive.cli import main as cli

SEED = "2023-12-23"
SECTION = f"policy/{SEED}/fr/01-objectifs.md"


@pytest.fixture
def repo(site: Site) -> git.Repo:
    r = init_repo(site.root)
    commit(r, "Import the policy", "2024-01-10")
    return r


def hook_path(site: Site) -> Path:
    return site.root / ".git" / "hooks" / "pre-commit"


def test_install_hooks_writes_an_executable_hook_with_this_environment(site: Site, repo: git.Repo) -> None:
    result = site.run("install-hooks")
    assert result.returncode == 0, result.stderr
    assert f"pre-commit hook installed: {hook_path(site)}" in result.stdout
    text = hook_path(site).read_text(encoding="utf-8")
    assert b"\r" not in hook_path(site).read_bytes()  # LF endings: sh reads it, whatever the platform wrote
    assert os.access(hook_path(site), os.X_OK)
    assert str(Path(sys.executable).parent / "policy-archive") in text  # the venv an editor's git cannot see
    assert "command -v policy-archive" in text  # fallback to PATH
    assert "check --staged" in text

    again = site.run("install-hooks")
    assert again.returncode == 0
    assert "pre-commit hook unchanged" in again.stdout
    assert hook_path(site).read_text(encoding="utf-8") == text


def test_a_foreign_hook_is_kept_unless_forced(site: Site, repo: git.Repo) -> None:
    hook_path(site).write_text("#!/bin/sh\necho mine\n", encoding="utf-8")
    result = site.run("install-hooks")
    assert result.returncode == 1
    assert "already exists and was not written by policy-archive" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert hook_path(site).read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"

    forced = site.run("install-hooks", "--force")
    assert forced.returncode == 0, forced.stderr
    assert "pre-commit hook replaced" in forced.stdout
    assert (hook_path(site).parent / "pre-commit.bak").read_text(encoding="utf-8") == "#!/bin/sh\necho mine\n"
    assert "check --staged" in hook_path(site).read_text(encoding="utf-8")


def test_install_hooks_outside_git(site: Site) -> None:
    result = site.run("install-hooks")
    assert result.returncode == 1
    assert "is not in a git repository: run 'git init' first" in result.stderr


def test_the_hook_refuses_a_commit_that_edits_a_published_version(site: Site, repo: git.Repo) -> None:
    site.run("install-hooks", check=True)
    head = repo.head.commit.hexsha
    append(site.root / SECTION, "Retouche d’une version publiée.")
    git_cli(site.root, "add", SECTION)
    refused = git_cli(site.root, "commit", "-m", "Fix a typo in the policy in force", date="2024-06-01")
    assert refused.returncode == 1
    assert f"{SECTION}: error: edited in version {SEED}" in refused.stderr
    assert f"published in commit {head[:7]} (2024-01-10)" in refused.stderr
    assert "make a new version instead: policy-archive new-version YYYY-MM-DD" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert repo.head.commit.hexsha == head

    # The right way: a new version, announced before it takes effect.
    git_cli(site.root, "restore", "--staged", "--worktree", SECTION)
    effective = (dt.date.today() + dt.timedelta(days=40)).isoformat()
    new_version(site.policy, effective, published=dt.date.today().isoformat())
    git_cli(site.root, "add", "policy")
    accepted = git_cli(site.root, "commit", "-m", f"Version {effective}")
    assert accepted.returncode == 0, accepted.stderr
    assert repo.head.commit.hexsha != head


def test_the_hook_skips_commits_that_do_not_touch_the_policy(site: Site, repo: git.Repo) -> None:
    site.run("install-hooks", check=True)
    append(site.root / SECTION, "Modification non indexée.")  # not staged: not in this commit
    (site.root / "notes.txt").write_text("notes\n", encoding="utf-8")
    git_cli(site.root, "add", "notes.txt")
    result = git_cli(site.root, "commit", "-m", "Notes")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_the_hook_falls_back_to_path(site: Site, repo: git.Repo) -> None:
    site.run("install-hooks", check=True)
    hook = hook_path(site)
    hook.write_text(re.sub(r"^PA=.*$", "PA=/nonexistent/policy-archive", hook.read_text(), flags=re.M))
    append(site.root / SECTION, "Retouche.")
    git_cli(site.root, "add", SECTION)
    venv_bin = str(Path(sys.executable).parent)
    on_path = git_cli(site.root, "commit", "-m", "x", env={"PATH": f"{venv_bin}:{os.environ['PATH']}"})
    assert on_path.returncode == 1 and f"{SECTION}: error: edited in version" in on_path.stderr
    bare_path = ":".join(p for p in os.environ["PATH"].split(":") if p != venv_bin) or "/usr/bin:/bin"
    if shutil.which("policy-archive", path=bare_path):
        return  # installed system-wide too: nothing to fall back from
    missing = git_cli(site.root, "commit", "-m", "x", env={"PATH": bare_path})
    assert missing.returncode == 1
    assert "policy-archive: not found" in missing.stderr


# -- definitions for other tools ----------------------------------------------


def test_pre_commit_hooks_definition() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "policy-archive-check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    command, *args = hook["entry"].split()
    assert command == "policy-archive" and args == ["check", "--staged"]
    assert "--staged" in {opt for p in cli.commands["check"].params for opt in p.opts}
    files = re.compile(hook["files"])
    assert files.search("policy/2024-09-01/fr/01-objectifs.md") and files.search("mkdocs.yml")
    assert not files.search("README.md")


def test_sample_ci_workflow() -> None:
    workflow = yaml.safe_load(
        (REPO / "plugins" / "policy_archive" / "starter" / "workflow.yml").read_text(encoding="utf-8")
    )
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    checkouts = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout")]
    assert checkouts and all(s["with"]["fetch-depth"] == 0 for s in checkouts)
    assert 'policy-archive check --format github --range "$RANGE_START..$RANGE_END"' in runs
    assert "libpango-1.0-0" in runs  # WeasyPrint's PDFs need Pango on the runner
    assert "mkdocs build --strict" in runs
    assert 'policy-archive notify --since "$BEFORE"' in runs
    assert any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in steps)
    range_env = next(s["env"] for s in steps if "RANGE_START" in s.get("env", {}))
    assert "pull_request.base.sha" in range_env["RANGE_START"] and "github.event.before" in range_env["RANGE_START"]
    # The commands it names exist (notify belongs to the notification work; checked when present).
    assert {"--range", "--format"} <= {opt for p in cli.commands["check"].params for opt in p.opts}
    if "notify" in cli.commands:
        assert "--since" in {opt for p in cli.commands["notify"].params for opt in p.opts}
