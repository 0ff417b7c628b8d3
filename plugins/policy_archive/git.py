"""What git history says about the policy: provenance, immutability, what a push added.

Uses GitPython. Every function degrades gracefully: no repository, a shallow
clone or a tarball gives `None`/empty results and a reason the caller can show once.
"""

from __future__ import annotations

from pathlib import Path

import git

from .model import Policy


def open_repo(path: Path) -> git.Repo | None:
    """The repository containing `path`, or None when there is none (tarball, plain folder)."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def versions_added_since(policy_dir: Path, since: str) -> list[str]:
    """Ids of version folders that exist in HEAD's tree but not in `since`'s.

    Used by `notify --since REV` in a post-receive hook or CI step.
    """
    repo = open_repo(policy_dir)
    if repo is None:
        raise ValueError(f"{policy_dir} is not in a git repository: --since needs history")
    rel = policy_dir.resolve().relative_to(Path(repo.working_tree_dir).resolve()).as_posix()

    def ids(rev: str) -> set[str]:
        try:
            tree = repo.commit(rev).tree
        except (git.BadName, ValueError) as exc:
            raise ValueError(f"unknown git revision {rev!r}") from exc
        try:
            folder = tree / rel if rel != "." else tree
        except KeyError:
            return set()
        return {t.name for t in folder.trees if any(b.name == "version.yml" for b in t.blobs)}

    return sorted(ids("HEAD") - ids(since))


def apply_provenance(policy: Policy, policy_dir: Path) -> str | None:
    """Fill each version's commit, author, date and last-updated date from history.

    Returns None when history was used, else the reason it could not be (shown once).
    """
    return "provenance from git is not implemented yet"
