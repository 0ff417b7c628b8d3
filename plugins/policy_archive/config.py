"""Typed options of the `policy-archive` MkDocs plugin (the `plugins:` entry in mkdocs.yml).

Values are checked where MkDocs checks types (one message for the build and for
`policy-archive check`); what needs the rest of mkdocs.yml (i18n, docs_dir, the
site's folder) is checked by `site_problems`, which both call too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from mkdocs.config import config_options as c
from mkdocs.config.base import Config, ValidationError

from .buildcache import DEFAULT_DIR as BUILD_CACHE_DIR
from .pdf import DEFAULT_CACHE_DIR as PDF_CACHE_DIR
from .pdf import DEFAULT_VARIANT as PDF_DEFAULT_VARIANT
from .pdf import VARIANTS as PDF_VARIANTS
from .problems import ERROR, HINT, Problem

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .load import Limits

# Language codes as mkdocs-static-i18n writes them (`fr`, `en`, `en-US`, `pt_BR`).
_LOCALE = re.compile(r"^[a-z]{2}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?$|^[a-z]{2}_[A-Z]{2}$")
_SLUG = re.compile(r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# First path segments the site already uses: a document there would replace or hide them.
RESERVED_SLUGS = frozenset(
    {"versions", "assets", "search", "feed.xml", "versions.json", "sitemap.xml", "sitemap.xml.gz", "404.html"}
)


class Number(c.Type):
    """A number within bounds; YAML's `true` is not the number 1 here."""

    def __init__(
        self, kinds: type | tuple[type, ...], low: float, high: float, what: str, example: float, **kwargs: Any
    ) -> None:
        super().__init__(kinds, **kwargs)
        self.low, self.high, self.what, self.example = low, high, what, example

    def run_validation(self, value: object) -> Any:
        hint = f"{HINT}write {self.what} from {self.low} to {self.high}, e.g. {self.example}"
        if isinstance(value, bool) or not isinstance(value, self._type):
            raise ValidationError(f"must be {self.what}, not {value!r}{hint}")
        if not self.low <= value <= self.high:  # type: ignore[operator]
            raise ValidationError(f"{value!r} is out of range{hint}")
        return value


class TimeZone(c.Type):
    """An IANA time zone name: it decides on which day a version takes effect."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        hint = f"{HINT}write an IANA time zone name such as America/Toronto or Europe/Paris"
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"must be a time zone name, not {value!r}{hint}")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValidationError(f"{value!r} is not a known time zone{hint}") from None
        return value


class IsoDate(c.Type):
    """A date written YYYY-MM-DD, quoted or not (YAML reads an unquoted one as a date)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__((str, dt.date), **kwargs)

    def run_validation(self, value: object) -> str:
        hint = f"{HINT}write it as YYYY-MM-DD, e.g. 2024-06-01"
        if isinstance(value, dt.datetime):
            raise ValidationError(f"must be a date without a time, not {value}{hint}")
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, str) and _ISO_DATE.match(value.strip()):
            try:
                return dt.date.fromisoformat(value.strip()).isoformat()
            except ValueError:
                pass
        raise ValidationError(f"{value!r} is not a date{hint}")


class Languages(c.Type):
    """The site's languages, the default first (published at the root): `[fr, en]`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(list, **kwargs)

    def run_validation(self, value: object) -> list[str]:
        example = f"{HINT}write the languages as a list, the default first, e.g. [fr, en]"
        if not isinstance(value, list):
            raise ValidationError(f"must be a list of language codes, not {value!r}{example}")
        if not value:
            raise ValidationError(f"lists no language: nothing would be published{example}")
        seen: set[str] = set()
        for lang in value:
            if not isinstance(lang, str) or not _LOCALE.match(lang):
                raise ValidationError(
                    f"{lang!r} is not a language code{HINT}use the codes of the i18n plugin's languages, e.g. fr, en"
                )
            if lang in seen:
                raise ValidationError(f"lists '{lang}' twice{HINT}list each language once, the default first")
            seen.add(lang)
        return value


class Slug(c.Type):
    """A further document's address: one lower-case path segment (`gouvernance`)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValidationError(f"must be text, not {value!r}{HINT}write one word such as gouvernance")
        slug = value.strip("/")
        if not _SLUG.match(slug):
            raise ValidationError(
                f"{value!r} is not a usable address{HINT}use one path segment of lower-case letters, digits and"
                " hyphens, e.g. gouvernance (no '/', '..', spaces or accents)"
            )
        if slug in RESERVED_SLUGS:
            raise ValidationError(
                f"'{slug}' is an address the site already uses{HINT}choose another slug, e.g. gouvernance"
            )
        return slug


class Folder(c.Type):
    """A folder named relative to mkdocs.yml; where it points is checked by `site_problems`."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(str, **kwargs)

    def run_validation(self, value: object) -> str:
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(
                f"must name a folder, not {value!r}{HINT}write the folder's path relative to mkdocs.yml, e.g. policy"
            )
        return value


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
    # default: 587 for starttls, 465 for tls, 25 for none
    port = c.Optional(Number(int, 1, 65535, "a port number", 587))
    security = c.Choice(("starttls", "tls", "none"), default="starttls")
    user = c.Type(str, default="")
    timeout = Number((int, float), 1, 600, "a number of seconds", 30, default=30)


class NotifyConfig(Config):
    """The email notice of a significant change (L2, E1-E9)."""

    db = c.Type(str, default="subscribers.sqlite3")  # relative to mkdocs.yml; keep it out of docs/ and site/
    sender = c.Type(str, default="")  # From address; the display name is organisation.name
    reply_to = c.Type(str, default="")
    list_id = c.Type(str, default="")  # default: confidentialite.<sender's domain>
    message_id_domain = c.Type(str, default="")  # default: the sender's domain
    unsubscribe_url = c.Type(str, default="")  # https base; the subscriber's token is appended
    unsubscribe_mailto = c.Type(str, default="")  # address that takes unsubscribe requests by email
    # https address of the subscription service's form (double opt-in); when set, the policy page and
    # the archive link to it ("Recevoir les avis de modification"), and confirmation links start with it.
    subscribe_url = c.Type(str, default="")
    # per message, for 4xx replies and dropped connections
    retries = Number(int, 0, 20, "a whole number of retries", 3, default=3)
    # seconds before the first retry, doubled each time
    backoff = Number((int, float), 0, 3600, "a number of seconds", 2, default=2.0)
    smtp = c.SubConfig(SmtpConfig)


class DocumentConfig(Config):
    """A further document versioned the same way (L5: governance policy, cookie policy, ...)."""

    slug = Slug()  # its addresses: /<slug>/, /<slug>/versions/, /en/<slug>/...
    policy_dir = Folder()


class PolicyArchiveConfig(Config):
    enabled = c.Type(bool, default=True)
    policy_dir = Folder(default="policy")  # the main document, at the root of each language
    documents = c.ListOfItems(c.SubConfig(DocumentConfig), default=[])
    languages = Languages(default=["fr", "en"])  # first one is the default, at the site root (i18n's default)
    as_of = c.Optional(IsoDate())  # build date when SOURCE_DATE_EPOCH is not set
    timezone = TimeZone(default="America/Toronto")
    notice_days = Number(int, 1, 365, "a whole number of days", 30, default=30)
    # Sizes refused before anything is read: a runaway file must not take minutes and gigabytes to build.
    max_section_kb = Number(int, 1, 64 * 1024, "a whole number of KB", 512, default=512)
    max_version_kb = Number(int, 1, 1024 * 1024, "a whole number of KB", 4096, default=4096)
    # Read commits, authors and last-updated dates from git; off for content whose history is not its own.
    git_provenance = c.Type(bool, default=True)
    # PDFs of every version (pdf.py). POLICY_ARCHIVE_PDF=0/1 overrides `pdf` for one run (mkdocs serve);
    # POLICY_ARCHIVE_PDF_CACHE overrides the cache folder (CI caches, test suites).
    pdf = c.Type(bool, default=True)
    pdf_variant = c.Choice(PDF_VARIANTS, default=PDF_DEFAULT_VARIANT)
    pdf_cache_dir = Folder(default=PDF_CACHE_DIR)  # relative to mkdocs.yml; keep it out of git
    # The build cache (buildcache.py): each distinct section's HTML, kept between builds.
    # POLICY_ARCHIVE_CACHE=0/1 overrides `cache` for one run.
    cache = c.Type(bool, default=True)
    cache_dir = Folder(default=BUILD_CACHE_DIR)  # relative to mkdocs.yml; keep it out of git
    # A forked helper computing half of a cold build's redlines (prefill.py). POLICY_ARCHIVE_HELPER=0/1
    # overrides `helper` for one run.
    helper = c.Type(bool, default=True)
    organisation = c.SubConfig(OrganisationConfig)
    # Per language other than the default, the organisation's own words for "this page is a
    # translation; the French text prevails" (default: strings/<lang>.yml, translation_notice).
    translation_notice = c.DictOfItems(c.Type(str), default={})
    privacy_officer = c.SubConfig(OfficerConfig)
    notify = c.SubConfig(NotifyConfig)


def document_dirs(options: PolicyArchiveConfig, root: Path) -> list[tuple[str, Path]]:
    """(address prefix, folder) of every document: the main one first, at the root of each language."""
    return [("", root / options.policy_dir)] + [
        (doc.slug.strip("/") + "/", root / doc.policy_dir) for doc in options.documents
    ]


def limits(options: PolicyArchiveConfig) -> Limits:
    """The size limits of the options, for `load_policy`."""
    from .load import Limits

    return Limits(section_bytes=options.max_section_kb * 1024, version_bytes=options.max_version_kb * 1024)


class SiteConfigError(ValueError):
    """mkdocs.yml cannot be used; `details` are the problems the build would give, `problems` them as text."""

    def __init__(self, details: list[Problem], root: Path | None = None) -> None:
        self.details = details
        self.problems = [p.format(root) for p in details]
        super().__init__("\n".join(self.problems))


class _Collect(logging.Handler):
    """Keeps what MkDocs logs while it validates mkdocs.yml (its only way of reporting warnings)."""

    def __init__(self, engine: str) -> None:
        super().__init__(logging.WARNING)
        self.engine = engine
        self.messages: list[str] = []
        self.warnings: set[str] = set()  # those of `messages` that are warnings (refused by --strict)

    def emit(self, record: logging.LogRecord) -> None:
        # Only what --strict counts at this stage: the validation messages of load_config itself,
        # on 'mkdocs.config' ('properdocs.config'); plugins' own log lines are not counted there.
        if record.name == self.engine + ".config":
            self.messages.append(record.getMessage())
            if record.levelno < logging.ERROR:
                self.warnings.add(record.getMessage())


def load_site(mkdocs_yml: Path) -> tuple[MkDocsConfig, PolicyArchiveConfig, list[str]]:
    """mkdocs.yml read and validated exactly as `mkdocs build` reads it (`!ENV`, `INHERIT`,
    `plugins:` as a list or a mapping, every plugin's options), plus this plugin's site checks.

    Returns the config, this plugin's options and the configuration warnings (which
    `mkdocs build --strict` refuses); raises SiteConfigError on errors.
    """
    from mkdocs import exceptions
    from mkdocs.config import load_config

    root = mkdocs_yml.resolve().parent
    collect = _Collect(load_config.__module__.split(".")[0])
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    saved = [(lg, lg.propagate) for lg in loggers]
    for lg in loggers:
        lg.addHandler(collect)
        lg.propagate = False  # reported by the caller, once, not also by logging's last-resort handler
    try:
        config = load_config(str(mkdocs_yml))
    except (exceptions.ConfigurationError, exceptions.Abort) as exc:
        messages = [m for m in collect.messages if m] or [str(exc)]
        problems = [config_problem(mkdocs_yml, m, warning=m in collect.warnings) for m in messages]
        raise SiteConfigError(problems, root) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise SiteConfigError(
            [Problem(ERROR, mkdocs_yml, f"cannot be read: {reason}", "save it as a readable UTF-8 text file")], root
        ) from None
    finally:
        for lg, propagate in saved:
            lg.removeHandler(collect)
            lg.propagate = propagate
    plugin = config.plugins.get("policy-archive")
    if plugin is None:
        raise SiteConfigError(
            [
                Problem(
                    ERROR,
                    mkdocs_yml,
                    "the policy-archive plugin is not listed",
                    "add '- policy-archive:' under 'plugins:'",
                )
            ],
            root,
        )
    problems = site_problems(config)
    if problems:
        raise SiteConfigError(problems, root)
    return config, plugin.config, collect.messages


# `Config value 'plugins': Plugin 'policy-archive' option 'notify': Sub-option 'smtp': Sub-option 'port': ...`
_CONFIG_VALUE = re.compile(r"^Config value '([^']+)': ")
_PLUGIN_OPTION = re.compile(r"^Plugin '([^']+)' option '([^']+)': ")
_SUB_OPTION = re.compile(r"^Sub-option '([^']+)': ")
_ITEM = re.compile(r"^[\w-]+\[(\d+)\]$")


def config_problem(config_file: Path, message: str, warning: bool = False) -> Problem:
    """A validation message of MkDocs' loader as an error on the line of the option it is about.

    `warning`: a configuration warning, which `mkdocs build --strict` refuses too.
    """
    text, _, hint = message.partition(HINT)
    if text.startswith("MkDocs encountered an error parsing the configuration file"):
        return _syntax_problem(config_file, text)
    path: list[str | int] = []
    rest = text
    if m := _CONFIG_VALUE.match(rest):
        path.append(m.group(1))
        rest = rest[m.end() :]
        if m := _PLUGIN_OPTION.match(rest):
            path += [m.group(1), m.group(2)]
            rest = rest[m.end() :]
            while m := _SUB_OPTION.match(rest):
                item = _ITEM.match(m.group(1))
                path.append(int(item.group(1)) if item else m.group(1))
                rest = rest[m.end() :]
    if not hint:
        hint = (
            "mkdocs build --strict refuses configuration warnings: fix or remove this option"
            if warning
            else "give the option a value of the right kind (see README, Configuration)"
        )
    return Problem(ERROR, config_file, text, hint, line_of(config_file, path, text))


def _syntax_problem(config_file: Path, text: str) -> Problem:
    """mkdocs.yml is not YAML (or not UTF-8): the line YAML names, and the reason on one line."""
    where = re.search(r'\n\s*in "[^"]*", (?:line (\d+), column \d+|position (\d+))', text)
    line = int(where.group(1)) if where and where.group(1) else None
    if where and where.group(2):
        with contextlib.suppress(OSError):
            line = config_file.read_bytes()[: int(where.group(2))].count(b"\n") + 1
    reason = " ".join((text[: where.start()] if where else text).split())
    encoding = "unacceptable character" in reason or "byte" in reason
    hint = "save mkdocs.yml as UTF-8" if encoding else "fix the YAML syntax there (indentation, quotes, colons)"
    return Problem(ERROR, config_file, reason, hint, line)


Key = tuple[str | int, ...]


def _index(node: yaml.Node, prefix: Key, lines: dict[Key, int], values: dict[Key, str]) -> None:
    """Line (and text, for scalars) of every key and list item under `node`; plugins are keyed by
    name, whether `plugins:` is a list or a mapping."""
    if isinstance(node, yaml.ScalarNode):
        values[prefix] = str(node.value)
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                lines.setdefault((*prefix, key.value), key.start_mark.line + 1)
                _index(value, (*prefix, key.value), lines, values)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            if prefix == ("plugins",) and isinstance(item, yaml.ScalarNode):
                lines.setdefault((*prefix, item.value), item.start_mark.line + 1)
            elif prefix == ("plugins",) and isinstance(item, yaml.MappingNode) and len(item.value) == 1:
                _index(item, prefix, lines, values)
            else:
                lines.setdefault((*prefix, i), item.start_mark.line + 1)
                _index(item, (*prefix, i), lines, values)


def line_of(config_file: Path, path: Sequence[str | int], message: str = "") -> int | None:
    """Line of an option in mkdocs.yml (`("plugins", "policy-archive", "notice_days")`), else of its
    nearest parent that is written there; None when none is (an option left to its default).

    MkDocs names no index for an item of a list (`documents`): the item is the one whose
    value the message quotes, else the first that has the key.
    """
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    lines: dict[Key, int] = {}
    values: dict[Key, str] = {}
    if node is not None:
        _index(node, (), lines, values)
    found: Key = ()
    for part in path:
        if (*found, part) in lines:
            found = (*found, part)
            continue
        items = [(*found, i, part) for i in range(len(lines)) if (*found, i, part) in lines]
        quoted = [k for k in items if k in values and repr(values[k]) in message]
        if not (quoted or items):
            break
        found = (quoted or items)[0]
    return lines.get(found) if found else None


def _option(config_file: Path, message: str, hint: str, *keys: str | int) -> Problem:
    """An error about this plugin's options, on the line of the first of `keys` written in mkdocs.yml."""
    return Problem(ERROR, config_file, message, hint, line_of(config_file, ("plugins", "policy-archive", *keys)))


def site_problems(config: MkDocsConfig) -> list[Problem]:
    """What this plugin needs of the rest of mkdocs.yml; the build and `policy-archive check` both refuse these.

    The languages rule: the plugin's `languages` are the site's, the first is the
    default and is published at the root (i18n's default), every language i18n
    builds has the policy's text and reader strings, so no page is published
    without the default language's text (F1, F3).
    """
    from . import theme
    from .l10n import STRINGS_DIR
    from .safety import site_name_problems

    config_file = Path(config.config_file_path or "mkdocs.yml")
    root = config_file.resolve().parent
    problems: list[Problem] = []
    plugin = config.plugins.get("policy-archive")
    options = plugin.config if plugin is not None else None
    languages: list[str] = list(options.languages) if options is not None else []
    i18n = config.plugins.get("i18n")
    locales: list[str] = []
    if i18n is None:
        problems.append(
            Problem(
                ERROR,
                config_file,
                "policy-archive needs the 'i18n' plugin (mkdocs-static-i18n) listed under 'plugins:'",
                "add '- i18n:' with one entry per language before policy-archive (see README)",
                line_of(config_file, ["plugins"]),
            )
        )
    elif languages:
        locales = [lang.locale for lang in i18n.config.languages]
        built = [lang.locale for lang in i18n.config.languages if lang.build]
        default = next((lang.locale for lang in i18n.config.languages if lang.default), None)
        if missing := [lang for lang in languages if lang not in built]:
            problems.append(
                _option(
                    config_file,
                    f"policy-archive languages {missing} are not built by the i18n plugin (built: {built})",
                    "add them to the i18n plugin's languages with 'build: true', or remove them from languages",
                    "languages",
                )
            )
        if default != languages[0]:
            problems.append(
                _option(
                    config_file,
                    f"the first of policy-archive's languages ('{languages[0]}') must be i18n's default language"
                    f" ('{default}'): it is the one published at the site root",
                    f"list '{default}' first in languages, or make '{languages[0]}' the i18n default"
                    if default in languages
                    else f"add '{default}' first to languages: the site's default language needs the policy's text",
                    "languages",
                )
            )
        if extra := [lang for lang in built if lang not in languages]:
            problems.append(
                _option(
                    config_file,
                    f"the i18n plugin builds {extra}, which policy-archive's languages {languages} do not list:"
                    " those pages would have no policy text",
                    "add them to languages (with the policy's text in every version), or set 'build: false'"
                    " for them in the i18n plugin",
                    "languages",
                )
            )
    problems += site_name_problems(config.site_name or "", config_file, line_of(config_file, ["site_name"]))
    if not config.site_url:
        problems.append(
            Problem(
                ERROR,
                config_file,
                "set 'site_url': language alternates, feeds and emails need absolute addresses",
                "add e.g. 'site_url: https://example.com/privacy/' to mkdocs.yml",
            )
        )
    for lang in languages:
        if not (STRINGS_DIR / f"{lang}.yml").is_file():
            known = sorted(p.stem for p in STRINGS_DIR.glob("*.yml"))
            problems.append(
                _option(
                    config_file,
                    f"policy-archive has no reader strings for language '{lang}' (available: {known})",
                    f"use one of {known}, or add plugins/policy_archive/strings/{lang}.yml to the package",
                    "languages",
                )
            )
    if options is not None and languages:
        for lang in options.translation_notice:
            if lang not in languages[1:]:
                problems.append(
                    _option(
                        config_file,
                        f"translation_notice names '{lang}', which is not a translated language of the site"
                        f" (the default, '{languages[0]}', is the original; translated: {languages[1:]})",
                        f"give the note for {languages[1:]} only, e.g. 'en: This English version is a translation.'",
                        "translation_notice",
                    )
                )
    if problem := theme.custom_main_problem(config.theme):
        where, _, message = problem.partition(": ")
        problems.append(
            Problem(ERROR, Path(where), message, 'make its first line {% extends "policy-archive.html" %}', 1)
        )
    if options is not None:
        problems += _identity_problems(options, config_file)
        problems += _document_problems(config, options, config_file, root, locales or languages)
    return problems


def _identity_problems(options: PolicyArchiveConfig, config_file: Path) -> list[Problem]:
    """Who publishes and who answers: every version names the organisation (L4), every page the person
    in charge of the protection of personal information and how to reach them (L3)."""
    problems: list[Problem] = []
    if not options.organisation.name.strip():
        problems.append(
            _option(
                config_file,
                "organisation.name is not set: every version must name the organisation that publishes it (L4)",
                "add 'organisation:' with 'name: Your Organisation inc.' under plugins: policy-archive",
                "organisation",
                "name",
            )
        )
    officer = options.privacy_officer
    if missing := [key for key in ("name", "email") if not str(officer[key] or "").strip()]:
        problems.append(
            _option(
                config_file,
                f"privacy_officer.{' and privacy_officer.'.join(missing)} not set: every page shows the person in"
                " charge of the protection of personal information and how to reach them (L3)",
                "add 'privacy_officer:' with their 'name:' and 'email:' (and 'title:' per language)"
                " under plugins: policy-archive",
                "privacy_officer",
                missing[0],
            )
        )
    return problems


def _document_problems(
    config: MkDocsConfig, options: PolicyArchiveConfig, config_file: Path, root: Path, locales: list[str]
) -> list[Problem]:
    """Each document's address and folder: unique, free, inside the site, not published raw by MkDocs."""
    problems: list[Problem] = []
    docs_dir = Path(config.docs_dir).resolve()
    site_dir = Path(config.site_dir).resolve()
    taken = (
        {p.name for p in docs_dir.iterdir()} | {p.stem for p in docs_dir.glob("*.md")} if docs_dir.is_dir() else set()
    )
    slugs: dict[str, int] = {}
    for i, doc in enumerate(options.documents):
        slug = doc.slug.strip("/")
        if slug in locales or slug in options.languages:
            problems.append(
                _option(
                    config_file,
                    f"document slug '{slug}' is a language code: its pages would be mixed with that language's",
                    "choose another slug, e.g. gouvernance",
                    "documents",
                    i,
                    "slug",
                )
            )
        elif slug in taken:
            problems.append(
                _option(
                    config_file,
                    f"document slug '{slug}' is already used by {Path(config.docs_dir).name}/{slug}",
                    "choose another slug, or rename that page",
                    "documents",
                    i,
                    "slug",
                )
            )
        if slug in slugs:
            problems.append(
                _option(
                    config_file,
                    f"document slug '{slug}' is used twice (documents {slugs[slug] + 1} and {i + 1})",
                    "give each document its own slug",
                    "documents",
                    i,
                    "slug",
                )
            )
        slugs.setdefault(slug, i)
    folders: dict[Path, str] = {}
    for keys, folder in [(("policy_dir",), options.policy_dir)] + [
        (("documents", i, "policy_dir"), doc.policy_dir) for i, doc in enumerate(options.documents)
    ]:
        path = (root / folder).resolve()
        label = f"policy_dir '{folder}'"
        problem = ""
        hint = "keep each document's folder inside the site's folder, next to mkdocs.yml (e.g. policy)"
        if not path.is_relative_to(root):
            problem = f"{label} is outside the site's folder ({root})"
        elif path.exists() and not path.is_dir():
            problem, hint = f"{label} is a file, not a folder", "name the folder that holds the version folders"
        elif path.is_relative_to(docs_dir) or path.is_relative_to(site_dir) or docs_dir.is_relative_to(path):
            problem = f"{label} overlaps docs_dir or site_dir: MkDocs would publish or delete its raw files"
            hint = "keep the policy folder beside docs/ (e.g. policy), not inside docs/ or site/"
        elif path in folders:
            problem = f"{label} is also the folder of {folders[path]}"
            hint = "give each document its own folder"
        if problem:
            problems.append(_option(config_file, problem, hint, *keys))
        folders.setdefault(path, "the privacy policy" if len(keys) == 1 else f"document {int(keys[1]) + 1}")
    return problems
