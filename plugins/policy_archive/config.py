"""Typed options of the `policy-archive` MkDocs plugin (the `plugins:` entry in mkdocs.yml)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


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


def plugin_options(mkdocs_yml: Path) -> tuple[dict[str, Any], Path]:
    """The plugin's options as written in mkdocs.yml, and the folder paths are relative to.

    Used by the command line, which must work without running a build.
    """
    from mkdocs.utils.yaml import yaml_load

    with open(mkdocs_yml, "rb") as f:
        data = yaml_load(f) or {}
    for entry in data.get("plugins") or []:
        if isinstance(entry, dict) and "policy-archive" in entry:
            return dict(entry["policy-archive"] or {}), mkdocs_yml.parent
        if entry == "policy-archive":
            return {}, mkdocs_yml.parent
    return {}, mkdocs_yml.parent


def load_options(mkdocs_yml: Path) -> tuple[PolicyArchiveConfig, dict[str, Any]]:
    """Validated plugin options plus the raw mkdocs.yml (for site_url and friends)."""
    from mkdocs.utils.yaml import yaml_load

    options, _base = plugin_options(mkdocs_yml)
    cfg = PolicyArchiveConfig(config_file_path=str(mkdocs_yml))
    cfg.load_dict(options)
    errors, _warnings = cfg.validate()
    if errors:
        raise ValueError("; ".join(f"{mkdocs_yml}: plugins.policy-archive.{k}: {e}" for k, e in errors))
    with open(mkdocs_yml, "rb") as f:
        raw = yaml_load(f) or {}
    return cfg, raw
