"""`policy-archive install-hooks`: a plain git pre-commit hook that runs the check.

For repositories that do not use the pre-commit framework (which uses
`.pre-commit-hooks.yaml` instead). The hook calls the `policy-archive` of the
environment that installed it (an editor's git client rarely has the venv on
its PATH), falling back to PATH when that one is gone.
"""

from __future__ import annotations

import shlex
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import git

MARKER = "# policy-archive pre-commit hook"


class HookError(ValueError):
    """The hook cannot be installed; the message says why and what to do."""


@dataclass(frozen=True)
class Installed:
    path: Path
    action: str  # "installed", "updated", "unchanged", "replaced"
    backup: Path | None = None


def script_path() -> str:
    """The absolute path of this environment's `policy-archive` script (may not exist when run oddly)."""
    candidate = Path(sys.executable).parent / "policy-archive"
    if candidate.is_file():
        return str(candidate)
    return shutil.which("policy-archive") or str(candidate)


def hook_text(executable: str, config_rel: str, policy_rels: list[str]) -> str:
    """A POSIX shell hook: skip commits that touch no document (nor mkdocs.yml), else `check --staged`."""
    exe, cfg = shlex.quote(executable), shlex.quote(config_rel)
    pol = " ".join(shlex.quote(rel) for rel in policy_rels)
    return f"""#!/bin/sh
{MARKER} (written by `policy-archive install-hooks`; re-run it to update, do not edit).
# Refuses a commit that edits a published policy version or breaks the content rules.
# Bypass once, on purpose only: git commit --no-verify
git diff --cached --quiet -- {pol} {cfg} && exit 0
PA={exe}
if [ ! -x "$PA" ]; then
    PA=$(command -v policy-archive) || {{
        echo "policy-archive: not found (was its environment removed?); reinstall it, then run policy-archive install-hooks" >&2
        exit 1
    }}
fi
exec "$PA" --config-file {cfg} check --staged
"""


def hooks_dir(repo: git.Repo) -> Path:
    """Where git looks for hooks (honours core.hooksPath and worktrees)."""
    path = Path(repo.git.rev_parse("--git-path", "hooks"))
    if not path.is_absolute():
        path = Path(repo.working_tree_dir or ".") / path
    return path


def install(repo: git.Repo, config_file: Path, policy_dirs: list[Path], force: bool = False) -> Installed:
    """Write `<hooks>/pre-commit`; idempotent; a foreign hook is kept unless `force` (then backed up)."""
    top = Path(repo.working_tree_dir or ".").resolve()
    try:
        config_rel = config_file.resolve().relative_to(top).as_posix()
        policy_rels = [policy_dir.resolve().relative_to(top).as_posix() for policy_dir in policy_dirs]
    except ValueError:
        raise HookError(f"{config_file} is not inside the git work tree {top}") from None
    text = hook_text(script_path(), config_rel, policy_rels)
    target = hooks_dir(repo) / "pre-commit"
    target.parent.mkdir(parents=True, exist_ok=True)
    action, backup = "installed", None
    if target.exists():
        current = target.read_text(encoding="utf-8", errors="replace")
        if MARKER in current:
            action = "unchanged" if current == text else "updated"
        elif not force:
            raise HookError(
                f"{target} already exists and was not written by policy-archive; "
                "add 'policy-archive check --staged' to it by hand, or run install-hooks --force "
                "to replace it (the old hook is kept as pre-commit.bak)"
            )
        else:
            backup = target.with_name("pre-commit.bak")
            shutil.copy2(target, backup)
            action = "replaced"
    if action != "unchanged":
        target.write_text(text, encoding="utf-8", newline="\n")  # LF: sh reads the hook, also on Windows
    target.chmod(0o755)
    return Installed(target, action, backup)
