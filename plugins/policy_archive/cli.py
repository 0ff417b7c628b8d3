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
@click.pass_obj
def check(project: Project, strict: bool) -> None:
    """Validate policy/ without building; exit 1 on errors."""
    policy, problems = project.load()
    print_problems(problems, project.root)
    n_err = len(errors(problems))
    n_warn = len(problems) - n_err
    summary = f"{len(policy.versions)} version(s) checked as of {project.as_of}: {n_err} error(s), {n_warn} warning(s)"
    if n_err or (strict and n_warn):
        click.secho(summary, fg="red", err=True)
        sys.exit(1)
    click.secho(summary, fg="green" if not n_warn else "yellow", err=True)


# --- editors' git workflow commands (new-version, diff, install-hooks) go below ---


# --- notification commands (notify, subscribers, unsubscribe-server) go below ---


if __name__ == "__main__":  # pragma: no cover
    main()
