"""Typed options of the `policy-archive` MkDocs plugin (the `plugins:` entry in mkdocs.yml)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig


class OrganisationConfig(Config):
    """Who publishes the policy (L4, E1)."""

    name = c.Type(str, default="")
    address = c.Type(str, default="")
    phone = c.Type(str, default="")
    email = c.Type(str, default="")
    website = c.Type(str, default="")


class OfficerConfig(Config):
    """The person in charge of the protection of personal information (L3)."""

    name = c.Type(str, default="")
    title = c.Type(dict, default={})  # per language
    email = c.Type(str, default="")
    phone = c.Type(str, default="")
    address = c.Type(str, default="")


class SmtpConfig(Config):
    """Where notices are sent from (E9: the password is never here, only in POLICY_ARCHIVE_SMTP_PASSWORD)."""

    host = c.Type(str, default="localhost")
    port = c.Optional(c.Type(int))  # default: 587 for starttls, 465 for tls, 25 for none
    security = c.Choice(("starttls", "tls", "none"), default="starttls")
    user = c.Type(str, default="")
    timeout = c.Type((int, float), default=30)


class NotifyConfig(Config):
    """The email notice of a significant change (L2, E1-E9)."""

    db = c.Type(str, default="subscribers.sqlite3")  # relative to mkdocs.yml; keep it out of docs/ and site/
    sender = c.Type(str, default="")  # From address; the display name is organisation.name
    reply_to = c.Type(str, default="")
    list_id = c.Type(str, default="")  # default: confidentialite.<sender's domain>
    message_id_domain = c.Type(str, default="")  # default: the sender's domain
    unsubscribe_url = c.Type(str, default="")  # https base; the subscriber's token is appended
    unsubscribe_mailto = c.Type(str, default="")  # address that takes unsubscribe requests by email
    retries = c.Type(int, default=3)  # per message, for 4xx replies and dropped connections
    backoff = c.Type((int, float), default=2.0)  # seconds before the first retry, doubled each time
    smtp = c.SubConfig(SmtpConfig)


class DocumentConfig(Config):
    """A further document versioned the same way (L5: governance policy, cookie policy, ...)."""

    slug = c.Type(str)  # its addresses: /<slug>/, /<slug>/versions/, /en/<slug>/...
    policy_dir = c.Type(str)


class PolicyArchiveConfig(Config):
    enabled = c.Type(bool, default=True)
    policy_dir = c.Type(str, default="policy")  # the main document, at the root of each language
    documents = c.ListOfItems(c.SubConfig(DocumentConfig), default=[])
    languages = c.Type(list, default=["fr", "en"])  # first one is the default, at the site root
    as_of = c.Optional(c.Type(str))  # build date when SOURCE_DATE_EPOCH is not set
    timezone = c.Type(str, default="America/Toronto")
    notice_days = c.Type(int, default=30)
    # Read commits, authors and last-updated dates from git; off for content whose history is not its own.
    git_provenance = c.Type(bool, default=True)
    organisation = c.SubConfig(OrganisationConfig)
    privacy_officer = c.SubConfig(OfficerConfig)
    notify = c.SubConfig(NotifyConfig)


def document_dirs(options: PolicyArchiveConfig, root: Path) -> list[tuple[str, Path]]:
    """(address prefix, folder) of every document: the main one first, at the root of each language."""
    return [("", root / options.policy_dir)] + [
        (doc.slug.strip("/") + "/", root / doc.policy_dir) for doc in options.documents
    ]


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be used; `problems` are the messages the build would give."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


class _Collect(logging.Handler):
    """Keeps what MkDocs logs while it validates mkdocs.yml (its only way of reporting warnings)."""

    def __init__(self, engine: str) -> None:
        super().__init__(logging.WARNING)
        self.engine = engine
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # Only what --strict counts at this stage: the validation messages of load_config itself,
        # on 'mkdocs.config' ('properdocs.config'); plugins' own log lines are not counted there.
        if record.name == self.engine + ".config":
            self.messages.append(record.getMessage())


def load_site(mkdocs_yml: Path) -> tuple[MkDocsConfig, PolicyArchiveConfig, list[str]]:
    """mkdocs.yml read and validated exactly as `mkdocs build` reads it (`!ENV`, `INHERIT`,
    `plugins:` as a list or a mapping, every plugin's options), plus this plugin's site checks.

    Returns the config, this plugin's options and the configuration warnings (which
    `mkdocs build --strict` refuses); raises SiteConfigError on errors.
    """
    from mkdocs import exceptions
    from mkdocs.config import load_config

    collect = _Collect(load_config.__module__.split(".")[0])
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    saved = [(lg, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(collect)
        lg.propagate = False  # reported by the caller, once, not also by logging's last-resort handler
    try:
        config = load_config(str(mkdocs_yml))
    except (exceptions.ConfigurationError, exceptions.Abort) as exc:
        problems = [m for m in collect.messages if m] or [str(exc)]
        raise SiteConfigError([f"{mkdocs_yml}: {m}" for m in problems]) from None
    except OSError as exc:
        raise SiteConfigError([f"{mkdocs_yml}: {exc.strerror or exc}"]) from None
    finally:
        for lg, propagate in saved:
            lg.removeHandler(collect)
            lg.propagate = propagate
    plugin = config.plugins.get("policy-archive")
    if plugin is None:
        raise SiteConfigError([f"{mkdocs_yml}: the policy-archive plugin is not listed under 'plugins:'"])
    problems = site_problems(config)
    if problems:
        raise SiteConfigError([f"{mkdocs_yml}: {m}" for m in problems])
    return config, plugin.config, collect.messages


def site_problems(config: MkDocsConfig) -> list[str]:
    """What this plugin needs of the rest of mkdocs.yml; the build and `policy-archive check` both refuse these."""
    from . import theme
    from .l10n import STRINGS_DIR

    problems: list[str] = []
    plugin = config.plugins.get("policy-archive")
    languages: list[str] = list(plugin.config.languages) if plugin is not None else []
    i18n = config.plugins.get("i18n")
    if i18n is None:
        problems.append("policy-archive needs the 'i18n' plugin (mkdocs-static-i18n) listed under 'plugins:'")
    elif languages:
        built = [lang.locale for lang in i18n.config.languages if lang.build]
        default = next((lang.locale for lang in i18n.config.languages if lang.default), None)
        if missing := [lang for lang in languages if lang not in built]:
            problems.append(f"policy-archive languages {missing} are not built by the i18n plugin (built: {built})")
        if default != languages[0]:
            problems.append(
                f"the first of policy-archive's languages ('{languages[0]}') must be i18n's default language"
                f" ('{default}'): it is the one published at the site root"
            )
    if not config.site_url:
        problems.append("set 'site_url': language alternates, feeds and emails need absolute addresses")
    for lang in languages:
        if not (STRINGS_DIR / f"{lang}.yml").is_file():
            known = sorted(p.stem for p in STRINGS_DIR.glob("*.yml"))
            problems.append(f"policy-archive has no reader strings for language '{lang}' (available: {known})")
    if problem := theme.custom_main_problem(config.theme):
        problems.append(problem)
    return problems
