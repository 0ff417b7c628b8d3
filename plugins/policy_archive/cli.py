"""`policy-archive`: the editors' and site owners' command line.

Every command reads the same mkdocs.yml as the build; content problems are
printed as `file:line: level: message` with what to do, never as a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .config import PolicyArchiveConfig, SiteConfigError, document_dirs, limits, load_site
from .load import load_policy
from .model import Policy, resolve_as_of
from .problems import ERROR, WARNING, Problem, errors, plural
from .render import Renderer, link_base

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .mail.store import Store


@dataclass
class Project:
    """What every command needs: where mkdocs.yml is and the plugin's options."""

    config_file: Path
    as_of_option: str | None = None
    document: str | None = None  # slug of a further document (L5); None: the privacy policy
    collect_config_warnings: bool = False  # `check` reports them itself

    @cached_property
    def _loaded(self) -> tuple[MkDocsConfig, PolicyArchiveConfig, list[str]]:
        """mkdocs.yml through MkDocs' own loader, as the build reads it; its warnings are shown once."""
        if not self.config_file.is_file():
            raise click.ClickException(
                f"{self.config_file}: not found (run from the site's folder or pass --config-file)"
            )
        try:
            loaded = load_site(self.config_file)
        except SiteConfigError as exc:
            raise click.ClickException("\n".join(exc.problems)) from None
        if not self.collect_config_warnings:
            for warning in loaded[2]:
                click.secho(f"{self.config_file}: warning: {warning}", fg="yellow", err=True)
        return loaded

    @property
    def options(self) -> PolicyArchiveConfig:
        return self._loaded[1]

    @property
    def mkdocs(self) -> MkDocsConfig:
        """The validated MkDocs configuration (site_url, markdown_extensions, docs_dir, ...)."""
        return self._loaded[0]

    @property
    def config_warnings(self) -> list[str]:
        """What `mkdocs build --strict` would refuse in mkdocs.yml: `check` reports them as errors."""
        return self._loaded[2]

    @property
    def root(self) -> Path:
        return self.config_file.resolve().parent

    @property
    def policy_dir(self) -> Path:
        """The folder of the document the command works on (--document), the main one by default."""
        if not self.document:
            return self.root / self.options.policy_dir
        slugs = {doc.slug.strip("/"): doc.policy_dir for doc in self.options.documents}
        if self.document.strip("/") not in slugs:
            known = ", ".join(sorted(slugs)) or "none"
            raise click.UsageError(f"no document '{self.document}' in {self.config_file} (documents: {known})")
        return self.root / slugs[self.document.strip("/")]

    @property
    def languages(self) -> list[str]:
        return list(self.options.languages)

    @cached_property
    def as_of(self) -> dt.date:
        """`--as-of` when given (an explicit flag beats the environment), else as the build decides."""
        if self.as_of_option:
            try:
                return dt.date.fromisoformat(self.as_of_option)
            except ValueError:
                raise click.BadParameter(
                    f"{self.as_of_option!r} is not a date (YYYY-MM-DD)", param_hint="--as-of"
                ) from None
        try:
            return resolve_as_of(self.options.as_of, self.options.timezone)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None

    def document_dirs(self) -> list[Path]:
        """The folder of every document: the main policy first, then `documents:` of mkdocs.yml."""
        return [path for _prefix, path in document_dirs(self.options, self.root)]

    def renderer(self) -> Renderer:
        """Markdown rendered as the site renders it: its mkdocs.yml extensions and link base."""
        base = link_base(self.options.organisation.website, str(self.mkdocs.site_url or ""))
        return Renderer(self.mkdocs.markdown_extensions, self.mkdocs.mdx_configs, base)

    def load(self, drafts: bool = False) -> tuple[Policy, list[Problem]]:
        return load_policy(self.policy_dir, self.languages, self.as_of, limits(self.options), drafts)


def print_problems(problems: list[Problem], root: Path, output: str = "human") -> None:
    """`human`: `file:line: level: message` and what to do, on stderr. `github`: GitHub Actions
    workflow commands on stdout, with paths from the checkout (GITHUB_WORKSPACE, else the
    current folder) so the errors show on the lines of a pull request."""
    if output == "github":
        import os

        workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd())
        for problem in problems:
            click.echo(problem.github(workspace))
        return
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
@click.option(
    "-d",
    "--document",
    metavar="SLUG",
    help="Work on a further document listed under 'documents:' in mkdocs.yml (default: the privacy policy).",
)
@click.version_option(package_name="policy-archive")
@click.pass_context
def main(ctx: click.Context, config_file: Path, as_of: str | None, document: str | None) -> None:
    """Publish a privacy policy that changes over time."""
    ctx.obj = Project(config_file, as_of, document)


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
@click.option(
    "--format",
    "output",
    type=click.Choice(["human", "github", "json"]),
    default="human",
    show_default=True,
    help="human: messages and hints on stderr; github: GitHub Actions workflow commands on stdout;"
    " json: one JSON document on stdout.",
)
@click.pass_obj
def check(project: Project, strict: bool, staged: bool, rev_range: str | None, output: str) -> None:
    """Validate mkdocs.yml and policy/ without building; exit 1 on errors.

    It refuses whatever `mkdocs build --strict` refuses, in the same words. Besides the
    content rules: a version already in force and committed must not change (against
    HEAD, or per commit with --range), and a section changed in one language but not
    in the other gets a translation-drift warning.
    """
    from . import checks as cross
    from . import git as history
    from .config import config_problem
    from .problems import as_json

    if staged and rev_range:
        raise click.UsageError("use --staged (before a commit) or --range (in CI), not both")
    project.collect_config_warnings = True
    root = project.root

    def finish(problems: list[Problem], n_versions: int, as_of: dt.date | None) -> None:
        n_err = len(errors(problems))
        n_warn = len(problems) - n_err
        failed = bool(n_err or (strict and n_warn))
        when = f" as of {as_of}" if as_of else ""
        counts = f"{plural(n_err, 'error')}, {plural(n_warn, 'warning')}"
        summary = f"{plural(n_versions, 'version')} checked{when}: {counts}"
        if output == "json":
            facts = {"versions": n_versions, "as_of": as_of.isoformat() if as_of else None, "strict": strict}
            click.echo(as_json(problems, root, {**facts, "ok": not failed}))
        else:
            print_problems(problems, root, output)
        click.secho(summary, fg="red" if failed else "yellow" if n_warn else "green", err=True)
        sys.exit(1 if failed else 0)

    # mkdocs.yml first, as the build reads it: its problems in the same words as the build's.
    if not project.config_file.is_file():
        missing = Problem(ERROR, project.config_file, "not found", "run from the site's folder or pass --config-file")
        finish([missing], 0, None)
    try:
        vars(project)["_loaded"] = load_site(project.config_file)  # Project's cached value: read it once
    except SiteConfigError as exc:
        finish(exc.details, 0, None)
    # What `mkdocs build --strict` refuses in mkdocs.yml, check refuses too.
    problems = [config_problem(project.config_file, w, warning=True) for w in project.config_warnings]
    n_versions = 0
    notes: set[str] = set()
    # Every document of the site (L5), the main one first; or the one --document names.
    for policy_dir in [project.policy_dir] if project.document else project.document_dirs():
        policy, found = load_policy(policy_dir, project.languages, project.as_of, limits(project.options))
        # Every version folder was checked, also those whose errors keep them out of the site.
        n_versions += len(_version_folders(policy_dir) | {v.id for v in policy.versions})
        problems += found
        edits: list[Problem] = []
        try:
            if rev_range:
                edits = history.check_range(policy_dir, rev_range, policy)
            else:
                edits = history.check_worktree(policy_dir, project.as_of, staged_only=staged, policy=policy)
        except history.HistoryError as exc:
            if staged or rev_range:
                raise click.ClickException(str(exc)) from None
            click.echo(f"note: published versions not checked for edits: {exc}", err=True)
        problems += edits
        # What the build refuses from history (T5): changes committed after a version took effect,
        # up to HEAD, or up to the end of --range (what CI builds).
        reason, silent = "git_provenance is false", []
        if project.options.git_provenance:
            end = (rev_range.partition("..")[2] or "HEAD") if rev_range else "HEAD"
            reason, silent = history.read_history(policy, policy_dir, end)
        if reason and reason not in notes:  # once, not once per document
            notes.add(reason)
            click.echo(f"note: committed changes to versions in force not checked: {reason}", err=True)
        problems += [p for p in silent if p.file not in {e.file for e in edits}]  # said once per file
        working_on = history.changed_versions(policy_dir, rev_range)
        if working_on is None:  # no history: the versions an editor can still act on
            working_on = {v.id for v in policy.upcoming} | ({policy.in_force.id} if policy.in_force else set())
        else:
            working_on |= {v.id for v in policy.upcoming}
        problems += cross.translation_drift(policy, only=working_on)
        # Contacts: the text readers see now or will see, whatever was edited (mkdocs.yml may have been).
        officer, shown = project.options.privacy_officer, {v.id for v in policy.upcoming}
        shown |= {policy.in_force.id} if policy.in_force else set()
        problems += cross.contact_problems(policy, officer.email or "", officer.phone or "", only=shown)
    finish(problems, n_versions, project.as_of)


def _version_folders(policy_dir: Path) -> set[str]:
    """The names of the folders `check` reads as versions (hidden ones are skipped, as the build does)."""
    try:
        return {p.name for p in policy_dir.iterdir() if p.is_dir() and not p.name.startswith(".")}
    except OSError:
        return set()


# --- editors' git workflow commands (new-version, diff, install-hooks) go below ---


@main.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--name", prompt="Organisation's name", help="The organisation that publishes the policy.")
@click.option("--site-url", prompt="Address of the policy site", help="e.g. https://example.com/privacy/")
@click.option("--officer-name", prompt="Person in charge of privacy", help="Name of the privacy officer (L3).")
@click.option("--officer-email", prompt="Their email address", help="Email of the privacy officer.")
@click.option("--officer-phone", default="", help="Phone of the privacy officer.")
@click.option("--email", "org_email", default="", help="The organisation's email (default: the officer's).")
@click.option("--website", default="", help="The organisation's website (links in the policy resolve against it).")
@click.option(
    "--languages", default="fr,en", show_default=True, help="Comma-separated; the first is the default, at the root."
)
@click.option(
    "--timezone", default="America/Toronto", show_default=True, help="Decides the day a version takes effect."
)
@click.option(
    "--no-starter", is_flag=True, help="No first version with a starter text: for a policy brought in by 'import'."
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init_command(directory: Path, force: bool, no_starter: bool, languages: str, timezone: str, **info: str) -> None:
    """Write a new policy site in DIRECTORY: mkdocs.yml, a first version dated today, CI, .gitignore, README."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from . import starter

    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise click.BadParameter(f"{timezone!r} is not an IANA time zone (e.g. America/Toronto)") from None
    langs = tuple(lang.strip() for lang in languages.split(",") if lang.strip())
    site = starter.SiteInfo(languages=langs, timezone=timezone, **info)
    today = resolve_as_of(None, timezone)
    try:
        written = starter.write(directory, starter.files_for(site, today, first_version=not no_starter), force=force)
    except starter.StarterError as exc:
        raise click.ClickException(str(exc)) from None
    for path in written:
        click.echo(f"wrote {path}")
    if no_starter:
        click.echo(
            f"\nA site without versions is ready in {directory}. Next, bring in your policy's history:\n"
            f"  cd {directory}\n"
            "  policy-archive import git ../old-site --path fr=privacy.fr.md --path en=privacy.en.md --dry-run"
        )
        return
    click.echo(
        f"\nA site with its first version ({today}) is ready in {directory}. Next:\n"
        f"  cd {directory}\n"
        "  git init && git add . && git commit -m 'Privacy policy site'\n"
        "  policy-archive install-hooks\n"
        "  mkdocs serve                # preview on http://127.0.0.1:8000\n"
        f"Replace the starter text in policy/{today}/ before you publish."
    )


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
    stale = scaffold.stale_dates(made, project.languages)
    print_problems(
        [
            Problem(
                WARNING,
                path,
                f"'{text}' is the effective date of version {made.source}, copied into this version",
                f"if it says when the policy applies, write this version's date instead:"
                f" {scaffold.written_date(effective, path.parent.name)}",
                line,
            )
            for path, line, text in stale
        ],
        project.root,
    )
    if stale:
        click.secho(
            f"{plural(len(stale), 'date')} copied from version {made.source} may be out of date: check them",
            fg="yellow",
            err=True,
        )
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
        done = hooks.install(repo, project.config_file, project.document_dirs(), force=force)
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
    from .redline import Redliner
    from .redline.terminal import plain, rich

    policy, problems = project.load(drafts=True)  # a fresh draft (summaries still empty) can be compared
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
    # What stands between the compared versions and publication: shown, but the diff is still made.
    # Published versions are left out: their problems can only be fixed by a later version.
    latest = policy.versions[-1]
    editable = [policy.get(v) for v in (old_id, new_id)]
    folders = [v.path for v in editable if v is not None and (v is latest or v in policy.upcoming)]
    shown = [p for p in problems if any(p.file == f or f in p.file.parents for f in folders)]
    print_problems([Problem(WARNING, p.file, p.message, p.hint, p.line) for p in shown], project.root)
    if shown:
        click.secho(
            f"{plural(len(shown), 'problem')} to fix before publishing (policy-archive check); the diff follows",
            fg="yellow",
            err=True,
        )
    changes = Redliner(project.renderer()).compare(policy.get(old_id), policy.get(new_id), lang)  # type: ignore[arg-type]
    if sys.stdout.isatty():
        from rich.console import Console

        Console(highlight=False).print(rich(changes), end="")
    else:
        click.echo(plain(changes), nl=False)


@main.command("at")
@click.argument("day", metavar="YYYY-MM-DD")
@click.option("--lang", help="Language of the sentence (default: the site's default language).")
@click.option(
    "--format",
    "output",
    type=click.Choice(["human", "json"]),
    default="human",
    show_default=True,
    help="human: 'id<TAB>from<TAB>to' then the sentence; json: one JSON document on stdout.",
)
@click.pass_obj
def at_command(project: Project, day: str, lang: str | None, output: str) -> None:
    """Which version was (or will be) in force on a day, with its period, as the site's
    versions/at/ page says it. After the build date (--as-of, SOURCE_DATE_EPOCH, as_of option,
    today) the answer is as far as known on that date.

    \b
    Exit status:
      0   a version was in force that day
      1   no version was in force that day (before the first), or the policy has errors
      2   DAY is not a date written YYYY-MM-DD, or an unknown --lang
    """
    import json
    import re

    from . import at

    try:
        asked = dt.date.fromisoformat(day) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day.strip()) else None
    except ValueError:
        asked = None
    if asked is None:
        click.echo(f"error: {day!r} is not a date: expected YYYY-MM-DD (e.g. 2024-08-12)", err=True)
        sys.exit(2)
    lang = lang or project.languages[0]
    if lang not in project.languages:
        click.echo(f"error: unknown language '{lang}'; use one of: {', '.join(project.languages)}", err=True)
        sys.exit(2)
    policy, problems = project.load()
    if errors(problems):
        print_problems(errors(problems), project.root)
        raise click.ClickException("the policy has errors (policy-archive check): no answer")
    found = at.answer(policy, asked)
    text = at.sentence(policy, found, lang)
    if output == "json":
        click.echo(json.dumps({**found.as_dict(), "lang": lang, "text": text}, ensure_ascii=False, indent=2))
    elif found.version is not None:
        data = found.as_dict()
        click.echo("\t".join(str(data[key] or "") for key in ("version", "from", "to")))  # for scripts
        click.echo(text)
    if found.version is None:
        click.echo(text, err=True)
        sys.exit(1)


@main.group("import")
def import_group() -> None:
    """Make version folders from a policy kept as one Markdown file per language (git history or dated files).

    One version per day some language's text changed (the day's last text), from the first day every
    language has a text; a language that did not change keeps its latest text. Sections are cut at
    the document's section headings and keep their file names across versions (see the README).
    """


def _import_options(func):  # type: ignore[no-untyped-def]
    func = click.option("--dry-run", is_flag=True, help="Print what would be imported; write nothing.")(func)
    return click.option(
        "--force", is_flag=True, help="Import even if policy/ has versions (a folder with the same date is replaced)."
    )(func)


def _import(project: Project, read, dry_run: bool, force: bool) -> None:  # type: ignore[no-untyped-def]
    """Read the texts (`read`), plan the versions, report, refuse what check would refuse, then write."""
    from . import importer

    try:
        texts, notes = read()
        plan = importer.plan(texts, project.languages)
    except importer.ImportFailed as exc:
        raise click.ClickException(str(exc)) from None
    plan.notes[:0] = notes
    for line in importer.report(plan):
        click.echo(line)
    problems = importer.validate(plan, project.policy_dir, project.languages, project.as_of)
    print_problems(problems, project.root)
    if errors(problems):
        raise click.ClickException("the imported versions would not pass 'policy-archive check': nothing written")
    try:
        importer.check_target(plan, project.policy_dir, force)
        if dry_run:
            click.echo("dry run: nothing written")
            return
        replaced = importer.write(plan, project.policy_dir)
    except importer.ImportFailed as exc:
        raise click.ClickException(str(exc)) from None
    for line in replaced:
        click.echo(line)
    files = sum(len(f) for v in plan.versions for f in v.files.values())
    click.echo(
        f"wrote {plural(len(plan.versions), 'version')}, {plural(files, 'section file')} to {project.policy_dir}"
    )
    click.echo(
        "next: set 'significant: false' in version.yml for editorial fixes, rewrite the summaries if you know "
        "what changed, run 'policy-archive check', then commit"
    )


@import_group.command("git")
@click.argument("repo", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--path",
    "paths",
    multiple=True,
    required=True,
    metavar="LANG=FILE",
    help="The file of one language, from the repository's root, e.g. fr=privacy.fr.md; once per language.",
)
@click.option("--rev", default="HEAD", show_default=True, help="Revision whose first-parent history is read.")
@click.option(
    "--date-pattern",
    metavar="REGEX",
    help="Date each text by its first match (group 'date', else group 1), read as 2021-03-01, 1 March 2021, "
    "March 1, 2021 or 1er mars 2021 (French or English month names); default: the commit date.",
)
@click.option("--date-format", metavar="FORMAT", help="Read the matched date with this strptime format instead.")
@_import_options
@click.pass_obj
def import_git(
    project: Project,
    repo: Path,
    paths: tuple[str, ...],
    rev: str,
    date_pattern: str | None,
    date_format: str | None,
    dry_run: bool,
    force: bool,
) -> None:
    """One version per day a file changed along REPO's first-parent history (renames followed).

    Dated by the committer date in the site's time zone, or by --date-pattern.
    """
    from . import importer

    if date_format and not date_pattern:
        raise click.UsageError("--date-format reads what --date-pattern finds: give --date-pattern too")
    by_lang: dict[str, str] = {}
    for item in paths:
        lang, sep, path = item.partition("=")
        if not sep or not path.strip() or lang not in project.languages or lang in by_lang:
            raise click.BadParameter(
                f"{item!r}: write LANG=FILE once per language ({', '.join(project.languages)})", param_hint="--path"
            )
        by_lang[lang] = path.strip()
    if missing := [lang for lang in project.languages if lang not in by_lang]:
        raise click.UsageError(f"no --path for {', '.join(missing)}: every configured language needs its file")

    def read():  # type: ignore[no-untyped-def]
        date_of = importer.date_reader(date_pattern, date_format) if date_pattern else None
        return importer.read_git(repo, by_lang, rev, project.options.timezone, date_of)

    _import(project, read, dry_run, force)


@import_group.command("folder")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@_import_options
@click.pass_obj
def import_folder(project: Project, folder: Path, dry_run: bool, force: bool) -> None:
    """One version per date of FOLDER's YYYY-MM-DD.<lang>.md files (e.g. 2021-03-01.fr.md)."""
    from . import importer

    _import(project, lambda: importer.read_folder(folder, project.languages), dry_run, force)


# --- notification commands (notify, subscribers, unsubscribe-server) go below ---
def _db_path(project: Project, flag: Path | None) -> Path:
    """--db, else POLICY_ARCHIVE_DB, else notify.db from mkdocs.yml (relative to it); never inside the site."""
    import os

    raw = flag or os.environ.get("POLICY_ARCHIVE_DB") or project.options.notify.db
    path = Path(raw).expanduser()
    path = (path if path.is_absolute() else (Path.cwd() if flag else project.root) / path).resolve()
    for key, default in (("docs_dir", "docs"), ("site_dir", "site")):
        folder = (project.root / str(project.mkdocs.get(key) or default)).resolve()
        if path.is_relative_to(folder):
            raise click.ClickException(
                f"{path}: the subscriber store must not be inside {key} ({folder}): it would be published"
            )
    return path


def _db_option(func):  # type: ignore[no-untyped-def]
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Subscriber store (default: POLICY_ARCHIVE_DB, else notify.db in mkdocs.yml).",
    )(func)


def _open_store(project: Project, db: Path | None):  # type: ignore[no-untyped-def]
    import sqlite3

    from .mail.store import Store, StoreError

    path = _db_path(project, db)
    try:
        return Store.open(path, project.options.timezone)
    except (sqlite3.Error, OSError, StoreError) as exc:
        raise click.ClickException(f"{path}: cannot open the subscriber store: {exc}") from None


@contextmanager
def _store(project: Project, db: Path | None) -> Iterator[Store]:
    """The open store for one command: its refusals become clear errors, and it is always closed."""
    from .mail.store import StoreError

    store = _open_store(project, db)
    try:
        yield store
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        store.close()


@main.group()
def subscribers() -> None:
    """Manage who receives the change notices (with proof of consent, E3)."""


@subscribers.command("add")
@click.argument("address")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True)
@click.option("--how", required=True, help="How consent was given, e.g. 'web form, box ticked'.")
@click.option("--source", default="", help="Where: form name, page address, event.")
@click.option("--when", metavar="DATE", help="When consent was given (default: now).")
@click.option("--check-deliverability", is_flag=True, help="Also check the domain accepts mail (DNS).")
@_db_option
@click.pass_obj
def subscribers_add(
    project: Project, address: str, lang: str, how: str, source: str, when: str | None, check_deliverability: bool, db
) -> None:
    """Subscribe ADDRESS with its consent record."""
    with _store(project, db) as store:
        subscriber, outcome = store.add(
            address, lang, how=how, source=source, when=when, check_deliverability=check_deliverability
        )
    click.echo(f"{subscriber.address}: {outcome} ({subscriber.lang})")


@subscribers.command("remove")
@click.argument("address")
@click.option("--reason", default="command line", show_default=True, help="Recorded with the unsubscribe.")
@_db_option
@click.pass_obj
def subscribers_remove(project: Project, address: str, reason: str, db) -> None:
    """Unsubscribe ADDRESS; the record of consent and of the unsubscribe is kept (E3)."""
    with _store(project, db) as store:
        subscriber = store.remove(address, reason)
    click.echo(f"{subscriber.address}: unsubscribed on {subscriber.status_at} ({reason})")


@subscribers.command("forget")
@click.argument("address")
@click.option("--reason", default="erasure request", show_default=True, help="Recorded with the erasure.")
@click.option(
    "--wait",
    type=click.FloatRange(0),
    default=10,
    show_default=True,
    help="Seconds to wait for other processes' reads before the write-ahead log can be emptied.",
)
@_db_option
@click.pass_obj
def subscribers_forget(project: Project, address: str, reason: str, wait: float, db) -> None:
    """Erase ADDRESS at the person's request; a digest keeps it from being imported again.

    The address is left nowhere in the store: not in its row, its history, server replies
    quoting it in any letter case, pending web subscriptions, free pages or the write-ahead
    log. If another process keeps reading the store, the command fails (exit 1) and says so;
    running it again finishes the erasure.
    """
    with _store(project, db) as store:
        alias, already = store.forget(address, reason, wait)
    if already:
        click.echo(f"{address.strip()}: already forgotten ({alias}); traces scrubbed again, write-ahead log emptied")
        return
    click.echo(
        f"{address.strip()}: forgotten; the store now keeps only {alias} and the dates of consent and unsubscribe"
    )


@subscribers.command("list")
@click.option("--status", type=click.Choice(["active", "unsubscribed", "bounced"]), help="Only this status.")
@_db_option
@click.pass_obj
def subscribers_list(project: Project, status: str | None, db) -> None:
    """Show subscribers with language, status and consent."""
    with _store(project, db) as store:
        rows = list(store.all(status))
    for s in rows:
        when = f" since {s.status_at}" if s.status_at else ""
        click.echo(f"{s.address}\t{s.lang}\t{s.status}{when}\tconsent {s.consent_at}: {s.consent_how}")
    click.echo(plural(len(rows), "subscriber"), err=True)


@subscribers.command("import")
@click.argument("csv_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--how", default="", help="Consent record for lines without a consent_how column.")
@click.option("--source", default="", help="Consent source for lines without a consent_source column.")
@click.option("--check-deliverability", is_flag=True, help="Also check each domain accepts mail (DNS).")
@_db_option
@click.pass_obj
def subscribers_import(project: Project, csv_file: Path, how: str, source: str, check_deliverability: bool, db) -> None:
    """Add subscribers from a CSV file (header: address,lang,consent_at,consent_how,consent_source)."""
    try:
        text = csv_file.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise click.ClickException(f"{csv_file}: not UTF-8 ({exc.reason}); save it as UTF-8 CSV") from None
    with _store(project, db) as store:
        added, notes, errs = store.import_csv(
            text, how=how, source=source or f"import {csv_file.name}", check_deliverability=check_deliverability
        )
    for note in notes:
        click.echo(f"{csv_file}:{note.removeprefix('line ')}", err=True)
    for err in errs:
        click.secho(f"{csv_file}:{err.removeprefix('line ')}", fg="red", err=True)
    click.echo(
        f"{plural(added, 'subscriber')} added, {len(notes)} already known, {plural(len(errs), 'line')} refused",
        err=True,
    )
    if errs:
        sys.exit(1)


@subscribers.command("export")
@click.argument("csv_file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@_db_option
@click.pass_obj
def subscribers_export(project: Project, csv_file: Path, db) -> None:
    """Write every subscriber, with consent and status, to CSV_FILE ('-' for standard output)."""
    with _store(project, db) as store:
        text = store.export_csv()
    if str(csv_file) == "-":
        click.echo(text, nl=False)
    else:
        csv_file.write_text(text, encoding="utf-8")


@main.command()
@click.option("--since", metavar="REV", help="Only versions added to policy/ after this git revision.")
@click.option("--version", "version_id", metavar="ID", help="Only this version (YYYY-MM-DD).")
@click.option(
    "--dry-run",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write the messages to DIR as .eml files; send nothing, record nothing.",
)
@click.option("--resend-unknown", is_flag=True, help="Send again the messages whose outcome is unknown.")
@click.option("--retries", type=click.IntRange(0), help="Attempts after a 4xx or a dropped connection.")
@click.option("--backoff", type=click.FloatRange(0), help="Seconds before the first retry (doubled each time).")
@click.option("--pause", type=click.FloatRange(0), default=0, help="Seconds between messages (rate limits).")
@click.option(
    "--max-consecutive-bounces",
    type=click.IntRange(0),
    default=10,
    show_default=True,
    help="Circuit breaker: stop after this many permanent recipient failures in a row (0: never).",
)
@click.option(
    "--max-bounce-share",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    help="Circuit breaker: stop when this share of the first 100 messages (5 at least) fail permanently (0: never).",
)
@_db_option
@click.pass_obj
def notify(
    project: Project,
    since: str | None,
    version_id: str | None,
    dry_run: Path | None,
    resend_unknown: bool,
    retries: int | None,
    backoff: float | None,
    pause: float,
    max_consecutive_bounces: int,
    max_bounce_share: float,
    db,
) -> None:
    """Email each subscriber, once, about significant versions published since they subscribed.

    \b
    Exit status:
      0   all done (addresses refused for good by their server are suppressed and listed)
      75  messages left pending: server unreachable or failing temporarily (4xx, dropped
          connections), or the run was stopped by SIGTERM/Ctrl-C; run again later
      1   a person must look: an error; a refusal about the sender, relay, policy or message
          (the run stops, every message stays pending, the server's reply is shown); the
          circuit breaker; messages whose outcome is unknown; or messages that could not be
          sent to an address at all this run (no SMTPUTF8, unusable stored address)
    """
    from .git import versions_added_since
    from .mail import compose, send

    if project.document:
        # The messages and the ledger speak of the privacy policy (L2); other documents have notices only.
        raise click.UsageError("notify announces changes of the privacy policy only: drop --document")
    policy, problems = project.load()
    if errors(problems):
        print_problems(errors(problems), project.root)
        raise click.ClickException("the policy has errors: nothing was sent")
    options = project.options.notify
    try:
        sender = compose.Sender.from_config(project.options, project.mkdocs)
        versions = send.candidates(policy)
        if version_id:
            version = policy.get(version_id)
            if version is None:
                raise compose.NotifyError(f"no version {version_id} in {project.policy_dir}")
            if version not in versions:
                later = [v for v in versions if v.effective > version.effective]
                if policy.previous(version) is None:
                    why = (
                        "it is the first version, which changes nothing: there is no change to announce"
                        " (the site shows no notice for it either); announcements start with the next version"
                    )
                elif not version.significant:
                    why = "it is not significant (editorial fixes are not announced, T3)"
                elif version.published > policy.as_of:
                    why = f"it is not published yet (published: {version.published}; today is {policy.as_of})"
                elif later:
                    why = f"a later significant version, {later[0].id}, replaced it: announce that one"
                else:
                    why = f"it is not announced as of {policy.as_of}"
                raise compose.NotifyError(f"version {version_id} is not announced: {why}")
            versions = [version]
        if since:
            try:
                added = set(versions_added_since(project.policy_dir, since))
            except ValueError as exc:
                raise compose.NotifyError(str(exc)) from None
            versions = [v for v in versions if v.id in added]
    except compose.NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    if not versions:
        click.echo("no significant version to announce", err=True)
        return
    click.echo(f"announcing {', '.join(v.id for v in versions)} (as of {policy.as_of})", err=True)
    store = _open_store(project, db)
    notifier = send.Notifier(
        store.conn,
        compose.Composer(sender, policy),
        timezone=project.options.timezone,
        retries=options.retries if retries is None else retries,
        backoff=float(options.backoff if backoff is None else backoff),
        pause=pause,
        resend_unknown=resend_unknown,
        breaker=send.Breaker(consecutive=max_consecutive_bounces, share=max_bounce_share),
    )
    if dry_run is not None:
        try:
            written, unbuilt = notifier.dry_run(versions, dry_run)
        except OSError as exc:
            raise click.ClickException(f"{dry_run}: cannot write the messages: {exc.strerror or exc}") from None
        finally:
            store.close()
        for line in unbuilt:
            click.secho(f"not built: {line}", fg="red", err=True)
        click.echo(f"{plural(len(written), 'message')} written to {dry_run}; nothing sent", err=True)
        if unbuilt:
            sys.exit(1)
        return
    try:
        settings = send.SmtpSettings.resolve(options.smtp)
        lock = send.lock(_db_path(project, db))
    except compose.NotifyError as exc:
        store.close()
        raise click.ClickException(str(exc)) from None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    stop = send.PoliteStop()
    try:
        with (
            stop.installed(),
            Progress(
                TextColumn("sending"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
            ) as bar,
        ):
            task = bar.add_task("sending", total=None)
            summary = notifier.run(
                versions,
                send.Mailer(settings),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
                stop=stop,
            )
    except KeyboardInterrupt:  # a second Ctrl-C: the message being sent, if any, is listed as unknown next run
        click.echo("stopped at once (second interrupt); run again to see what is left", err=True)
        sys.exit(130)
    finally:
        store.close()
        lock.release()
    for line in summary.failures:
        click.secho(f"failed: {line}", fg="red", err=True)
    for line in summary.unknowns:
        click.secho(f"unknown: {line}", fg="yellow", err=True)
    click.echo(
        f"sent {summary.sent}, already sent {summary.already}, pending {summary.pending},"
        f" failed {summary.failed}, unknown {summary.unknown}",
        err=True,
    )
    if summary.unknown:
        click.echo(
            "unknown: the server may have accepted these; check with the provider, then run again"
            " with --resend-unknown to send them anyway",
            err=True,
        )
    if summary.interrupted:
        click.echo(
            f"stopped by {summary.interrupted}: the current message was finished or abandoned cleanly;"
            f" {plural(summary.pending, 'message')} {'waits' if summary.pending == 1 else 'wait'} for the next run",
            err=True,
        )
    if summary.stopped:
        click.secho(f"run stopped: {summary.stopped}", fg="red", err=True)
    sys.exit(summary.exit_status)


@main.command("subscription-service")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (behind a reverse proxy).")
@click.option("--port", type=click.IntRange(0, 65535), default=8025, show_default=True)
@click.option("--threads", type=click.IntRange(1, 64), default=8, show_default=True, help="Requests served at once.")
@click.option(
    "--trusted-proxy",
    metavar="ADDRESS",
    help="The reverse proxy's address (e.g. 127.0.0.1): only its X-Forwarded-For/-Proto/-Host are believed.",
)
@click.option(
    "--trusted-proxy-count",
    type=click.IntRange(1, 10),
    default=1,
    show_default=True,
    help="How many proxies in a row append to X-Forwarded-For.",
)
@click.option(
    "--timeout", type=click.FloatRange(1), default=30, show_default=True, help="Seconds an idle connection stays open."
)
@click.option(
    "--request-timeout",
    type=click.FloatRange(1),
    default=10,
    show_default=True,
    help="Seconds a request may take to arrive whole (slow clients are cut).",
)
@click.option(
    "--max-subscribes-per-client",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help="Subscribe requests one client address may make in 10 minutes.",
)
@_db_option
@click.pass_obj
def subscription_service(
    project: Project,
    host: str,
    port: int,
    threads: int,
    trusted_proxy: str | None,
    trusted_proxy_count: int,
    timeout: float,
    request_timeout: float,
    max_subscribes_per_client: int,
    db,
) -> None:
    """Serve subscribing (double opt-in) and unsubscribing (RFC 8058) behind the site's domain.

    GET shows pages with buttons and never changes anything (link scanners follow GETs);
    POST subscribes, confirms or unsubscribes. Confirmation emails go out through the
    notify.smtp settings. SIGTERM or Ctrl-C stop it after the requests in progress.
    """
    import logging
    import signal

    from .mail import compose, send, web

    try:
        sender = compose.Sender.from_config(project.options, project.mkdocs, for_notices=False)
        smtp = send.SmtpSettings.resolve(project.options.notify.smtp) if sender.subscribe_url else None
    except compose.NotifyError as exc:
        raise click.ClickException(str(exc)) from None
    config = web.ServiceConfig(
        db=_db_path(project, db),
        sender=sender,
        languages=tuple(project.languages),
        timezone=project.options.timezone,
        smtp=smtp,
        contact=sender.unsubscribe_mailto or sender.email,
        limits=web.Limits(subscribe_per_client=max_subscribes_per_client),
    )
    options = web.ServerOptions(
        threads=threads,
        channel_timeout=timeout,
        request_timeout=request_timeout,
        trusted_proxy=trusted_proxy,
        trusted_proxy_count=trusted_proxy_count,
    )
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    try:
        server = web.Server(config, host, port, options)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    except Exception as exc:  # the store cannot be opened or upgraded
        raise click.ClickException(f"{config.db}: {exc}") from None
    signal.signal(signal.SIGTERM, lambda *_: server.shutdown())
    signal.signal(signal.SIGINT, lambda *_: server.shutdown())
    subscribing = f"subscribe form at {sender.subscribe_url}" if sender.subscribe_url else "no subscribe form"
    click.echo(f"subscription service on http://{host}:{server.port}/ ({subscribing}); Ctrl-C to stop", err=True)
    server.run()


main.add_command(
    click.Command(
        "unsubscribe-server",
        params=subscription_service.params,
        callback=subscription_service.callback,
        help="Former name of subscription-service (kept so existing units keep working).",
        hidden=True,
    )
)


if __name__ == "__main__":  # pragma: no cover
    main()
