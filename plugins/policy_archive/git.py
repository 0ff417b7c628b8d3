"""What git history says about the policy: provenance, immutability, what a push added.

Uses GitPython. Every function degrades gracefully: no repository, a shallow
clone or a tarball gives `None`/empty results and a reason the caller can show once.

History is read with ONE `git log --name-status` walk over the policy folder
(`policy_history`), never one git call per version: a site may have hundreds.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import git
import yaml

from .model import Policy, Version
from .problems import ERROR, Problem

VERSION_FILE = "version.yml"
CORRECTIONS = "corrections"
NEW_VERSION_HINT = "make a new version instead: policy-archive new-version YYYY-MM-DD"
_SEP, _FIELD = "\x00", "\x1f"
_LOG_FORMAT = "--format=%x00%H%x1f%an%x1f%cI"  # NUL and US bytes: never in a name or a path


class HistoryError(ValueError):
    """History cannot answer (unknown revision, shallow clone); the message says what to do."""


@dataclass(frozen=True)
class Commit:
    """The parts of a commit the policy cares about."""

    sha: str
    author: str
    when: dt.datetime  # committer date, in the committer's own offset

    @property
    def short(self) -> str:
        return self.sha[:7]

    @property
    def date(self) -> dt.date:
        return self.when.date()

    def label(self) -> str:
        """`abc1234 (2024-01-10)`: what a message shows to name a commit."""
        return f"{self.short} ({self.date.isoformat()})"


@dataclass
class VersionHistory:
    """One version folder as history saw it."""

    added: Commit | None = None  # oldest commit that added its version.yml
    touched: list[Commit] = field(default_factory=list)  # every commit that changed the folder, newest first
    texts: dict[str, list[Commit]] = field(default_factory=dict)  # per language: commits that changed its text
    changes: list[tuple[Commit, str, str]] = field(default_factory=list)  # (commit, status, path in the version)


def open_repo(path: Path) -> git.Repo | None:
    """The repository containing `path`, or None when there is none (tarball, plain folder)."""
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None


def _relative(repo: git.Repo, policy_dir: Path) -> str:
    """`policy_dir` as a path inside the repository (posix, "." for the root)."""
    top = Path(repo.working_tree_dir or ".").resolve()
    try:
        return policy_dir.resolve().relative_to(top).as_posix()
    except ValueError as exc:
        raise HistoryError(f"{policy_dir} is outside the git work tree {top}") from exc


def _version_of(path: str, rel: str) -> tuple[str, str] | None:
    """(version id, path inside the version) for a repository path under the policy folder."""
    path = path.strip('"')
    prefix = "" if rel == "." else rel + "/"
    if not path.startswith(prefix):
        return None
    parts = path[len(prefix) :].split("/", 1)
    return (parts[0], parts[1]) if len(parts) == 2 else None


def _effective(version_id: str) -> dt.date | None:
    """A version's effective date is its folder name (load checks they match)."""
    try:
        return dt.date.fromisoformat(version_id)
    except ValueError:
        return None


def shallow_boundary(repo: git.Repo) -> str | None:
    """The commit where a shallow clone's history is cut, or None for a complete history."""
    if repo.git.rev_parse("--is-shallow-repository").strip() != "true":
        return None
    shallow = Path(repo.git.rev_parse("--git-path", "shallow"))
    if not shallow.is_absolute():
        shallow = Path(repo.working_tree_dir or ".") / shallow
    try:
        first = shallow.read_text().split()
    except OSError:
        first = []
    return first[0][:7] if first else "?"


def _walk(repo: git.Repo, rel: str, *rev_args: str) -> list[tuple[Commit, list[tuple[str, str]]]]:
    """Commits (newest first) with their (status, path) changes under `rel`, from one `git log`."""
    out = repo.git(c="core.quotepath=off").log(_LOG_FORMAT, "--name-status", "--no-renames", *rev_args, "--", rel)
    walked = []
    for chunk in out.split(_SEP):
        if not chunk.strip():
            continue
        header, _, rest = chunk.partition("\n")
        sha, author, when = header.split(_FIELD)
        changes = []
        for line in rest.splitlines():
            if "\t" in line:
                status, _, path = line.partition("\t")
                changes.append((status[:1], path))
        walked.append((Commit(sha, author, dt.datetime.fromisoformat(when)), changes))
    return walked


def policy_history(repo: git.Repo, policy_dir: Path, rev: str = "HEAD") -> dict[str, VersionHistory]:
    """Every version folder's history from `rev`, in one walk of `git log` over the policy folder."""
    rel = _relative(repo, policy_dir)
    history: dict[str, VersionHistory] = {}
    for commit, changes in _walk(repo, rel, rev):
        seen: set[str] = set()
        for status, path in changes:
            found = _version_of(path, rel)
            if found is None:
                continue
            vid, inner = found
            entry = history.setdefault(vid, VersionHistory())
            entry.changes.append((commit, status, inner))
            if vid not in seen:
                entry.touched.append(commit)
                seen.add(vid)
            if "/" in inner:  # "<lang>/NN-section.md": that language's text changed
                commits = entry.texts.setdefault(inner.split("/", 1)[0], [])
                if not commits or commits[-1] is not commit:
                    commits.append(commit)
            if inner == VERSION_FILE and status == "A":
                entry.added = commit  # walking newest first: the last one seen is the oldest
    return history


def apply_provenance(policy: Policy, policy_dir: Path) -> str | None:
    """Fill each version's commit, author, date and last-updated date from history.

    Returns None when history was used, else the reason it could not be (shown once).
    `read_history` does the same and also finds silent changes to versions in force.
    """
    return read_history(policy, policy_dir)[0]


def read_history(policy: Policy, policy_dir: Path, rev: str = "HEAD") -> tuple[str | None, list[Problem]]:
    """Provenance (below) and the problems history shows, from one walk of the history up to `rev`.

    Returns (None, problems) when history was used, else (the reason it could not be, []).
    The problems are the silent changes (`silent_changes`): the build and `check` refuse them.

    - `commit`, `commit_author`, `commit_date`: the oldest commit that added the
      version's `version.yml` (its committer date: when it entered history).
    - `updated[lang]`: the date of the last commit that changed that language's text,
      editorial fixes before it took effect included (the version's last-updated date is
      the latest of them, the same in every language: `Version.last_updated`). A version added to git after
      it took effect (history imported later) keeps `published` until a later commit
      changes its text: git does not know when that text was written, only when it
      was imported.
    - Uncommitted changes are not looked at: a build shows what history says, so
      the same commit always builds the same page (commit to see a change's date).
    """
    repo = open_repo(policy_dir)
    if repo is None:
        return f"not a git repository ({policy_dir.resolve()} is a plain folder or an unpacked archive)", []
    try:
        if not repo.head.is_valid():
            return "the git repository has no commits yet", []
        boundary = shallow_boundary(repo)
        if boundary:
            return (
                f"shallow clone: history before commit {boundary} is missing; run git fetch --unshallow "
                "(in CI: actions/checkout with fetch-depth: 0)"
            ), []
        history = policy_history(repo, policy_dir, rev)
    except HistoryError as exc:
        return str(exc), []
    except git.GitCommandError as exc:
        return f"git log failed: {(exc.stderr or str(exc)).strip()}", []
    if not history:
        return f"{policy_dir.name}/ has no commits in git yet (not tracked?)", []
    for version in policy.versions:
        entry = history.get(version.id)
        if entry is None or not entry.touched:
            continue  # not committed yet: version.yml dates stand
        added = entry.added or entry.touched[-1]
        version.commit = added.sha
        version.commit_author = added.author
        version.commit_date = added.date
        imported_later = added.date > version.effective
        for lang, commits in entry.texts.items():
            latest = commits[0]
            if not imported_later or (latest is not added and latest.when > added.when):
                version.updated[lang] = latest.date
    return None, silent_changes(repo, policy_dir, policy, history, rev)


# -- immutability ---------------------------------------------------------


def declared(version: Version | None, commit: Commit) -> bool:
    """Whether `version.yml` declares `commit` as a public correction (T5)."""
    return bool(version) and any(c.covers(commit.sha, commit.date) for c in version.corrections)


def _blob(repo: git.Repo, rev: str, path: str) -> str | None:
    """The object id of `path` at `rev`, or None when it is not there."""
    try:
        return repo.git.rev_parse("--verify", "--quiet", f"{rev}:{path}").strip() or None
    except git.GitCommandError:
        return None


def _metadata_without_corrections(repo: git.Repo, rev: str, path: str) -> object:
    """version.yml at `rev` as data, its `corrections` left out (its text when it is not YAML)."""
    try:
        text = repo.git.show(f"{rev}:{path}")
    except git.GitCommandError:
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return text
    if isinstance(data, dict):
        data.pop(CORRECTIONS, None)
    return data


def only_corrections_changed(repo: git.Repo, sha: str, path: str) -> bool:
    """Whether a commit changed nothing in a version.yml but its `corrections` (a declaration)."""
    parent = f"{sha}^"
    if _blob(repo, parent, path) is None:
        return False  # added here: the version's first commit, never this question
    return _metadata_without_corrections(repo, sha, path) == _metadata_without_corrections(repo, parent, path)


def silent_changes(
    repo: git.Repo, policy_dir: Path, policy: Policy, history: dict[str, VersionHistory], rev: str = "HEAD"
) -> list[Problem]:
    """Errors for files of a version changed by a commit made after the version took effect (T5).

    A commit is looked at when it comes after the one that added the version's `version.yml`
    (a version imported into git after it took effect is not changed by its own import) and its
    date (committer date, as `check --range` reads it) is on or after the effective date. It is
    fine when `version.yml` declares it as a public correction, when it only adds such a
    declaration to `version.yml`, or when the file is back as it was before the change.
    """
    rel = _relative(repo, policy_dir)
    prefix = "" if rel == "." else rel + "/"
    root = _root(repo)
    problems: list[Problem] = []
    for version in policy.versions:
        entry = history.get(version.id)
        if entry is None or not entry.touched:
            continue
        added = entry.added or entry.touched[-1]
        order = {c.sha: i for i, c in enumerate(entry.touched)}  # newest first
        silent: dict[str, list[tuple[Commit, str]]] = {}
        for commit, status, inner in entry.changes:
            if order[commit.sha] >= order[added.sha] or commit.date < version.effective:
                continue  # the version's own first commit, or made while it was upcoming
            if declared(version, commit):
                continue
            path = f"{prefix}{version.id}/{inner}"
            if inner == VERSION_FILE and only_corrections_changed(repo, commit.sha, path):
                continue
            silent.setdefault(inner, []).append((commit, status))
        for inner, commits in sorted(silent.items()):
            path = f"{prefix}{version.id}/{inner}"
            oldest = commits[-1][0]
            if _blob(repo, f"{oldest.sha}^", path) == _blob(repo, rev, path):
                continue  # put back as it was: nothing changed in the end
            verb = _VERBS.get(commits[-1][1], "changed in") if len(commits) == 1 else "changed in"
            labels = ", ".join(c.label() for c, _ in reversed(commits))
            which = "commit" if len(commits) == 1 else "commits"
            problems.append(
                Problem(
                    ERROR,
                    root / path,
                    f"{verb} version {version.id} by {which} {labels}, after the version took effect on "
                    f"{version.effective}, and not declared as a public correction: "
                    "a published version must not change in silence",
                    f"declare it in {version.id}/{VERSION_FILE} under 'corrections:' (date: {commits[0][0].date}, "
                    f"reason in every language, optional commit: {commits[0][0].short}), "
                    f"or put the file back as it was and {NEW_VERSION_HINT}",
                )
            )
    return problems


def _published_problem(
    path: Path, vid: str, entry: VersionHistory | None, change: str, edited_in: Commit | None = None
) -> Problem:
    """The message an editor sees: which file, which version, where it was published, what to do."""
    published = entry.added if entry and entry.added else (entry.touched[-1] if entry and entry.touched else None)
    where = f"was published in commit {published.label()}" if published else "is already committed"
    edited = f"; this change is commit {edited_in.label()}" if edited_in else ""
    return Problem(
        ERROR,
        path,
        f"{change} version {vid}, which is in force since {vid} and {where}{edited}: "
        "a published version must not change",
        f"undo this change and {NEW_VERSION_HINT}",
    )


def _root(repo: git.Repo) -> Path:
    return Path(repo.working_tree_dir or ".").resolve()


_VERBS = {"A": "added to", "D": "deleted from", "M": "edited in", "T": "edited in"}


def check_worktree(
    policy_dir: Path, as_of: dt.date, staged_only: bool = False, policy: Policy | None = None
) -> list[Problem]:
    """Errors for uncommitted changes to versions that are in force and already committed.

    Compares the index (and, unless `staged_only`, the work tree and untracked
    files) with HEAD. A version is frozen once HEAD has it and its effective date
    is on or before `as_of`; new versions and upcoming ones may change freely.
    Two changes are fine (T5): one that `policy`'s version.yml declares as a public
    correction dated `as_of` (without a commit, which does not exist yet), and one that
    only adds such a declaration to version.yml.
    """
    repo = open_repo(policy_dir)
    if repo is None:
        raise HistoryError(f"{policy_dir} is not in a git repository: nothing to compare with")
    if not repo.head.is_valid():
        return []  # first commit: nothing is published yet
    rel = _relative(repo, policy_dir)
    git_ = repo.git(c="core.quotepath=off")
    args = ["--name-status", "--no-renames", "--cached" if staged_only else None, "HEAD", "--", rel]
    changes = [line.split("\t", 1) for line in git_.diff(*[a for a in args if a]).splitlines() if "\t" in line]
    if not staged_only:
        untracked = git_.ls_files("--others", "--exclude-standard", "--", rel).splitlines()
        changes += [["A", p] for p in untracked]
    head = repo.head.commit.tree
    frozen: dict[str, bool] = {}
    touched: list[tuple[str, str, str]] = []
    for status, path in changes:
        found = _version_of(path, rel)
        if found is None:
            continue
        vid = found[0]
        if vid not in frozen:
            effective = _effective(vid)
            frozen[vid] = bool(effective and effective <= as_of and _has_version(head, rel, vid))
        if frozen[vid]:
            touched.append((status[:1], path.strip('"'), vid))
    touched = [
        (status, path, vid)
        for status, path, vid in touched
        if not _declared_uncommitted(repo, policy, as_of, status, path, vid, staged_only)
    ]
    if not touched:
        return []
    history = policy_history(repo, policy_dir)
    root = _root(repo)
    return [
        _published_problem(root / path, vid, history.get(vid), _VERBS.get(status, "changed in"))
        for status, path, vid in sorted(touched, key=lambda t: t[1])
    ]


def _declared_uncommitted(
    repo: git.Repo, policy: Policy | None, as_of: dt.date, status: str, path: str, vid: str, staged_only: bool
) -> bool:
    """Whether an uncommitted change is a declared correction, or only declares one."""
    if path.endswith("/" + VERSION_FILE) and status == "M":
        if staged_only:
            now = _metadata_without_corrections(repo, "", path)  # ":path" is the index
        else:
            try:
                now = yaml.safe_load((_root(repo) / path).read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                now = None
            if isinstance(now, dict):
                now.pop(CORRECTIONS, None)
        if now is not None and now == _metadata_without_corrections(repo, "HEAD", path):
            return True
    version = policy.get(vid) if policy else None
    return bool(version) and any(c.covers("", as_of) for c in version.corrections)


def _has_version(tree: git.Tree, rel: str, vid: str) -> bool:
    try:
        (tree / (f"{vid}/{VERSION_FILE}" if rel == "." else f"{rel}/{vid}/{VERSION_FILE}"))
    except KeyError:
        return False
    return True


def _resolve(repo: git.Repo, rev: str) -> git.Commit:
    """`rev` as a commit that exists here; `git rev-parse` because it knows where a shallow clone is cut."""
    try:
        return repo.commit(repo.git.rev_parse("--verify", "--quiet", f"{rev}^{{commit}}").strip())
    except (git.BadName, ValueError, git.GitCommandError) as exc:
        raise HistoryError(f"unknown git revision {rev!r} ({_fetch_hint(repo)})") from exc


def _fetch_hint(repo: git.Repo) -> str:
    why = "this is a shallow clone" if shallow_boundary(repo) else "check the name"
    return f"{why}; in CI fetch the whole history: actions/checkout with fetch-depth: 0"


def check_range(policy_dir: Path, rev_range: str, policy: Policy | None = None) -> list[Problem]:
    """Errors for commits in `A..B` that change a version already in force when they were made.

    For each commit (merges compared with their first parent, i.e. what they
    brought into the branch), a changed file is refused when its version existed
    in the parent commit and took effect on or before the commit's date. An
    all-zero start (a new branch pushed) checks the last commit only. A commit that
    `policy`'s version.yml (the checked-out one) declares as a public correction is
    fine, and so is a change of version.yml that only adds such a declaration (T5).
    """
    repo = open_repo(policy_dir)
    if repo is None:
        raise HistoryError(f"{policy_dir} is not in a git repository: --range needs history")
    start, dots, end = rev_range.partition("..")
    if not dots or end.startswith("."):
        raise HistoryError(f"--range {rev_range!r}: write it as A..B (two dots), e.g. origin/main..HEAD")
    end_commit = _resolve(repo, end or "HEAD")
    if not start.strip("0"):  # 0000000: GitHub's "before" for a newly pushed branch
        start_rev = f"{end_commit.hexsha}^" if end_commit.parents else None
    else:
        start_rev = _resolve(repo, start).hexsha
    rel = _relative(repo, policy_dir)
    rev = f"{start_rev}..{end_commit.hexsha}" if start_rev else end_commit.hexsha
    try:
        walked = _walk(repo, rel, "--diff-merges=first-parent", rev)
    except git.GitCommandError as exc:
        raise HistoryError(f"git log {rev} failed ({_fetch_hint(repo)}): {(exc.stderr or str(exc)).strip()}") from exc
    root = _root(repo)
    found: list[tuple[str, str, str, Commit]] = []
    for commit, changes in walked:
        parents = repo.commit(commit.sha).parents
        if not parents:
            continue  # a root commit only adds
        parent_tree = parents[0].tree
        exists: dict[str, bool] = {}
        for status, path in changes:
            hit = _version_of(path, rel)
            if hit is None:
                continue
            vid = hit[0]
            effective = _effective(vid)
            if effective is None or effective > commit.date:
                continue  # upcoming when edited: editorial fixes are fine
            if vid not in exists:
                exists[vid] = _has_version(parent_tree, rel, vid)
            if not exists[vid] or declared(policy.get(vid) if policy else None, commit):
                continue
            clean = path.strip('"')
            if clean.endswith("/" + VERSION_FILE) and only_corrections_changed(repo, commit.sha, clean):
                continue
            found.append((status, clean, vid, commit))
    if not found:
        return []
    history = policy_history(repo, policy_dir) if repo.head.is_valid() else {}
    return [
        _published_problem(root / path, vid, history.get(vid), _VERBS.get(status, "changed in"), edited_in=commit)
        for status, path, vid, commit in found
    ]


def changed_versions(policy_dir: Path, rev_range: str | None = None) -> set[str] | None:
    """Ids of versions changed in the work tree (or in `A..B`), for checks that only matter there.

    None when git cannot say (no repository, no commits).
    """
    repo = open_repo(policy_dir)
    if repo is None or not repo.head.is_valid():
        return None
    try:
        rel = _relative(repo, policy_dir)
        git_ = repo.git(c="core.quotepath=off")
        if rev_range:
            start, _, end = rev_range.partition("..")
            if not start.strip("0"):
                start = f"{end or 'HEAD'}^"
            paths = git_.diff("--name-only", f"{start}..{end or 'HEAD'}", "--", rel).splitlines()
        else:
            paths = git_.diff("--name-only", "HEAD", "--", rel).splitlines()
            paths += git_.ls_files("--others", "--exclude-standard", "--", rel).splitlines()
    except (HistoryError, git.GitCommandError):
        return None
    return {hit[0] for p in paths if (hit := _version_of(p, rel))}


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
