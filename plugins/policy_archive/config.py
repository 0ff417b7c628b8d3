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


class PolicyArchiveConfig(Config):
    enabled = c.Type(bool, default=True)
    policy_dir = c.Type(str, default="policy")
    languages = c.Type(list, default=["fr", "en"])  # first one is the default, at the site root
    as_of = c.Optional(c.Type(str))  # build date when SOURCE_DATE_EPOCH is not set
    timezone = c.Type(str, default="America/Toronto")
    notice_days = c.Type(int, default=30)
    organisation = c.SubConfig(OrganisationConfig)
    privacy_officer = c.SubConfig(OfficerConfig)


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
