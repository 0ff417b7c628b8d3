"""`policy-archive`: the editors' and site owners' command line.

Every command reads the same mkdocs.yml as the build; content problems are
printed as `file:line: level: message` with what to do, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import click

from .config import PolicyArchiveConfig, load_options
from .load import load_policy
from .model import Policy, resolve_as_of
from .problems import ERROR, Problem, errors


@dataclass
class Project:
    """What every command needs: where mkdocs.yml is and the plugin's options."""

    config_file: Path
    as_of_option: str | None = None

    @cached_property
    def _loaded(self) -> tuple[PolicyArchiveConfig, dict]:
        if not self.config_file.is_file():
            raise click.ClickException(
                f"{self.config_file}: not found (run from the site's folder or pass --config-file)"
            )
        try:
            return load_options(self.config_file)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None

    @property
    def options(self) -> PolicyArchiveConfig:
        return self._loaded[0]

    @property
    def mkdocs(self) -> dict:
        return self._loaded[1]

    @property
    def root(self) -> Path:
        return self.config_file.resolve().parent

    @property
    def policy_dir(self) -> Path:
        return self.root / self.options.policy_dir

    @property
    def languages(self) -> list[str]:
        return list(self.options.languages)

    @cached_property
    def as_of(self) -> dt.date:
        try:
            return resolve_as_of(self.as_of_option or self.options.as_of, self.options.timezone)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None

    def load(self) -> tuple[Policy, list[Problem]]:
        return load_policy(self.policy_dir, self.languages, self.as_of)


def print_problems(problems: list[Problem], root: Path) -> None:
    for problem in problems:
        colour = "red" if problem.level == ERROR else "yellow"
        head, _, hint = problem.format(root).partition("\n")
        click.secho(head, fg=colour, err=True)
        if hint:
            click.echo(hint, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-f",
    "--config-file",
    type=click.Path(path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs.yml.",
)
@click.option(
    "--as-of",
    metavar="YYYY-MM-DD",
    help="Date that decides what is in force (default: SOURCE_DATE_EPOCH, as_of option, today).",
)
@click.version_option(package_name="policy-archive")
@click.pass_context
def main(ctx: click.Context, config_file: Path, as_of: str | None) -> None:
    """Publish a privacy policy that changes over time."""
    ctx.obj = Project(config_file, as_of)


@main.command()
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option(
    "--staged",
    is_flag=True,
    help="Compare only the staged changes with HEAD (what the next commit holds): the pre-commit hook.",
)
@click.option(
    "--range",
    "rev_range",
    metavar="A..B",
    help="Check every commit in A..B for edits of published versions (CI: before..after of a push).",
)
@click.pass_obj
def check(project: Project, strict: bool, staged: bool, rev_range: str | None) -> None:
    """Validate policy/ without building; exit 1 on errors.

    Besides the content rules: a version already in force and committed must not
    change (against HEAD, or per commit with --range), and a section changed in
    one language but not in the other gets a translation-drift warning.
    """
    from . import checks as cross
    from . import git as history

    if staged and rev_range:
        raise click.UsageError("use --staged (before a commit) or --range (in CI), not both")
    policy, problems = project.load()
    try:
        if rev_range:
            problems += history.check_range(project.policy_dir, rev_range)
        else:
            problems += history.check_worktree(project.policy_dir, project.as_of, staged_only=staged)
    except history.HistoryError as exc:
        if staged or rev_range:
            raise click.ClickException(str(exc)) from None
        click.echo(f"note: published versions not checked for edits: {exc}", err=True)
    working_on = history.changed_versions(project.policy_dir, rev_range)
    if working_on is None:  # no history: the versions an editor can still act on
        working_on = {v.id for v in policy.upcoming} | ({policy.in_force.id} if policy.in_force else set())
    else:
        working_on |= {v.id for v in policy.upcoming}
    problems += cross.translation_drift(policy, only=working_on)
    print_problems(problems, project.root)
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    summary = f"{len(policy.versions)} version(s) checked as of {project.as_of}: {n_err} error(s), {n_warn} warning(s)"
    if n_err or (strict and n_warn):
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.secho(summary, fg="green" if not n_warn else "yellow", err=True)


# --- editors' git workflow commands (new-version, diff, install-hooks) go below ---


@main.command("new-version")
@click.argument("date", metavar="YYYY-MM-DD")
@click.pass_obj
def new_version_command(project: Project, date: str) -> None:
    """Start version DATE (its effective date) as a copy of the latest version."""
    from . import scaffold

    try:
        effective = scaffold.parse_date(date)
        made = scaffold.new_version(project.policy_dir, effective, project.as_of, project.languages)
    except scaffold.ScaffoldError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(scaffold.next_steps(made, project.root, project.languages))
    if effective <= project.as_of:
        click.secho(
            f"warning: {effective} is not after today ({project.as_of}): this version takes effect at once, "
            "without being announced first (T2)",
            fg="yellow",
            err=True,
        )


@main.command("install-hooks")
@click.option("--force", is_flag=True, help="Replace a pre-commit hook not written by policy-archive (kept as .bak).")
@click.pass_obj
def install_hooks(project: Project, force: bool) -> None:
    """Install a git pre-commit hook that runs `policy-archive check --staged`."""
    from . import hooks
    from .git import open_repo

    project.options  # noqa: B018 -- fail early on a missing or broken mkdocs.yml
    repo = open_repo(project.root)
    if repo is None:
        raise click.ClickException(f"{project.root} is not in a git repository: run 'git init' first")
    try:
        done = hooks.install(repo, project.config_file, project.policy_dir, force=force)
    except hooks.HookError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"pre-commit hook {done.action}: {done.path}")
    if done.backup:
        click.echo(f"the previous hook was kept as {done.backup}")


@main.command("diff")
@click.argument("old_id", metavar="A")
@click.argument("new_id", metavar="B")
@click.option("--lang", help="Language of the text to compare (default: the first configured language).")
@click.pass_obj
def diff_command(project: Project, old_id: str, new_id: str, lang: str | None) -> None:
    """Show the word-level changes from version A to version B, section by section (same diff as the site)."""
    from .diff import compare, terminal_plain, terminal_rich

    policy, problems = project.load()
    lang = lang or project.languages[0]
    if lang not in project.languages:
        click.echo(f"error: unknown language '{lang}'; use one of: {', '.join(project.languages)}", err=True)
        sys.exit(2)
    missing = [v for v in (old_id, new_id) if policy.get(v) is None]
    if missing:
        print_problems(errors(problems), project.root)
        available = ", ".join(v.id for v in policy.versions) or "none"
        click.echo(f"error: unknown version {', '.join(repr(v) for v in missing)}; available: {available}", err=True)
        sys.exit(2)
    changes = compare(policy.get(old_id), policy.get(new_id), lang)  # type: ignore[arg-type]
    if sys.stdout.isatty():
        from rich.console import Console

        Console(highlight=False).print(terminal_rich(changes), end="")
    else:
        click.echo(terminal_plain(changes), nl=False)


# --- notification commands (notify, subscribers, unsubscribe-server) go below ---


if __name__ == "__main__":  # pragma: no cover
    main()
