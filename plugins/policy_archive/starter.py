"""`policy-archive init`: a new site, ready to build, for an organisation starting out.

It writes `mkdocs.yml` with the plugins set up, a first version dated today with a
starter text in every language, the CI workflow, a `.gitignore` that keeps the
built site and the subscriber store out of git, and a README for editors. The
templates are files in `starter/`; values go in YAML-quoted (mkdocs.yml) or as
plain text (Markdown), never as markup.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from string import Template

from .l10n import STRINGS_DIR

STARTER_DIR = Path(__file__).with_name("starter")
SECTIONS = ("00-introduction", "01-contact")
OFFICER_TITLE = {"fr": "Responsable de la protection des renseignements personnels", "en": "Privacy Officer"}
FIRST_SUMMARY = {
    "fr": "Première version publiée de la politique de confidentialité.",
    "en": "First published version of the privacy policy.",
}
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


class StarterError(ValueError):
    """The site cannot be written; the message says why and what to do."""


@dataclass(frozen=True)
class SiteInfo:
    """What `init` asks for."""

    name: str
    site_url: str
    officer_name: str
    officer_email: str
    officer_phone: str = ""
    org_email: str = ""
    website: str = ""
    languages: tuple[str, ...] = ("fr", "en")
    timezone: str = "America/Toronto"


def supported_languages() -> list[str]:
    """Languages the site can be published in: those with reader strings and a starter text."""
    return sorted(p.stem for p in STRINGS_DIR.glob("*.yml") if (STARTER_DIR / f"{SECTIONS[0]}.{p.stem}.md").is_file())


def _yaml(value: str) -> str:
    """A YAML scalar for any text: a JSON string is valid YAML and quotes everything that needs it."""
    return json.dumps(value, ensure_ascii=False)


def files_for(info: SiteInfo, today: dt.date, first_version: bool = True) -> dict[str, str]:
    """Relative path -> text of every file of the new site (nothing is written here).

    Without `first_version`, no starter text: the versions come from `policy-archive import`.
    """
    unknown = [lang for lang in info.languages if lang not in supported_languages()]
    if unknown or not info.languages:
        raise StarterError(f"unsupported language(s) {unknown}: choose among {supported_languages()}")
    if not info.site_url.startswith(("https://", "http://")):
        raise StarterError(
            f"--site-url {info.site_url!r}: give the site's full address, e.g. https://example.com/privacy/"
        )
    site_url = info.site_url.rstrip("/") + "/"
    first = today.isoformat()
    i18n = "\n".join(
        f"        - locale: {lang}\n"
        + ("          default: true\n" if i == 0 else "")
        + f"          name: {_yaml(LANGUAGE_NAMES.get(lang, lang))}\n          build: true"
        for i, lang in enumerate(info.languages)
    )
    titles = "\n".join(f"          {lang}: {_yaml(OFFICER_TITLE.get(lang, ''))}" for lang in info.languages)
    values = {
        "name": _yaml(info.name),
        "name_comment": info.name.replace("\n", " "),
        "site_url": _yaml(site_url),
        "default_lang": info.languages[0],
        "i18n_languages": i18n,
        "languages": json.dumps(list(info.languages)),
        "timezone": _yaml(info.timezone),
        "org_email": _yaml(info.org_email or info.officer_email),
        "website": _yaml(info.website),
        "officer_name": _yaml(info.officer_name),
        "officer_title": titles,
        "officer_email": _yaml(info.officer_email),
        "officer_phone": _yaml(info.officer_phone),
    }
    text = {"name": info.name, "officer_name": info.officer_name, "officer_email": info.officer_email}
    files = {
        "mkdocs.yml": _fill("mkdocs.yml", values),
        ".gitignore": (STARTER_DIR / "gitignore").read_text(encoding="utf-8"),
        ".github/workflows/policy.yml": (STARTER_DIR / "workflow.yml").read_text(encoding="utf-8"),
        "README.md": _fill("README.md", {**text, "first_version": first}),
        "docs/.gitkeep": "",  # MkDocs needs docs_dir to exist; the pages are generated
        f"policy/{first}/version.yml": _version_yml(today, info.languages),
    }
    if not first_version:
        del files[f"policy/{first}/version.yml"]
        return files
    for lang in info.languages:
        for section in SECTIONS:
            files[f"policy/{first}/{lang}/{section}.md"] = _fill(f"{section}.{lang}.md", text)
    return files


def _fill(template: str, values: dict[str, str]) -> str:
    return Template((STARTER_DIR / template).read_text(encoding="utf-8")).substitute(values)


def _version_yml(today: dt.date, languages: tuple[str, ...]) -> str:
    summary = "".join(f"  {lang}: {_yaml(FIRST_SUMMARY.get(lang, FIRST_SUMMARY['en']))}\n" for lang in languages)
    return (
        f"effective: {today.isoformat()}\npublished: {today.isoformat()}\n"
        f"significant: true\nreduces_rights: false\nsummary:\n{summary}"
    )


def write(target: Path, files: dict[str, str], force: bool = False) -> list[Path]:
    """Write the files under `target`; refuse (before writing anything) to replace one unless `force`."""
    existing = [target / rel for rel in files if (target / rel).exists()]
    if existing and not force:
        listed = ", ".join(str(p.relative_to(target)) for p in existing[:5]) + (", ..." if len(existing) > 5 else "")
        raise StarterError(f"{target}: would replace {listed}; pass --force to overwrite them")
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        written.append(path)
    return written
