"""The `policy-archive` MkDocs plugin: thin glue between MkDocs events and the modules.

static-i18n builds the default language, then each other language in a nested
build with the same plugin objects, so every event below runs once per
language. Pages are generated in `on_files` after i18n has sorted the files
(priority below -100); the per-language search index and 404 page are fixed
after the last language build.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import pages as gen
from .config import PolicyArchiveConfig
from .diff import version_data
from .feeds import atom, versions_index
from .git import apply_provenance
from .l10n import format_date, strings, t
from .load import load_policy
from .model import Policy, resolve_as_of
from .notice import CHANGED, Notice, notices
from .problems import ContentError, errors

log = get_plugin_logger(__name__)
PER_LANGUAGE_TEMPLATES = ("404.html", "sitemap.xml")


class PolicyArchivePlugin(BasePlugin[PolicyArchiveConfig]):
    def __init__(self) -> None:
        self.policy: Policy | None = None
        self.generated: dict[str, gen.GeneratedPage] = {}
        self.per_language: dict[tuple[str, str], str] = {}  # (template, lang) -> output
        self._render: Callable[[str], str] | None = None  # cached Markdown → HTML for compare data
        self._notices: dict[str, list[dict[str, Any]]] = {}  # lang -> notices, the same on every page

    # -- helpers ---------------------------------------------------------
    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def _lang(self, config: MkDocsConfig) -> str:
        i18n = self._i18n(config)
        return i18n.current_language if i18n and i18n.current_language else self.default_lang

    @property
    def default_lang(self) -> str:
        return self.config.languages[0]

    def _nested(self, config: MkDocsConfig) -> bool:
        i18n = self._i18n(config)
        return bool(i18n and i18n.building)

    def absolute(self, config: MkDocsConfig, path: str, lang: str) -> str:
        return config.site_url.rstrip("/") + "/" + gen.url_path(path, lang, self.default_lang)

    # -- events ------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self._i18n(config) is None:
            raise PluginError("policy-archive needs the 'i18n' plugin (mkdocs-static-i18n) listed in mkdocs.yml")
        if not config.site_url:
            raise PluginError(
                "policy-archive: set 'site_url' in mkdocs.yml; language alternates and feeds need absolute addresses"
            )
        if self._nested(config) and self.policy is not None:
            return config
        root = Path(config.config_file_path).parent
        try:
            as_of = resolve_as_of(self.config.as_of, self.config.timezone)
        except ValueError as exc:
            raise PluginError(f"policy-archive: {exc}") from None
        policy, problems = load_policy(root / self.config.policy_dir, self.config.languages, as_of)
        for problem in problems:
            if problem not in errors(problems):
                # Content warnings are for editors (`policy-archive check`); they must not fail --strict.
                log.info(problem.format(root).replace("\n", " "))
        if errors(problems):
            raise PluginError(ContentError(problems, root).report())
        reason = apply_provenance(policy, root / self.config.policy_dir) if self.config.git_provenance else None
        if reason:
            log.info(f"dates come from version.yml, not git: {reason}")
        self.policy = policy
        self.generated = {}  # `mkdocs serve` rebuilds reuse this object: forget removed pages
        self.per_language = {}
        self._render = None
        self._notices = {}
        log.info(
            f"{len(policy.versions)} version(s) as of {as_of}; in force: {policy.in_force.id if policy.in_force else 'none'}"
        )
        return config

    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        lang = self._lang(config)
        assert self.policy is not None
        for page in gen.all_pages(self.policy, lang, self.config.organisation.name, config.site_name):
            file = File.generated(config, page.src_uri(), content=_front_matter(page) + page.markdown)
            file.dest_uri = gen.url_path(page.path, lang, self.default_lang) + "index.html"
            # Attributes static-i18n reads (sitemap, switcher, page context).
            file.locale = file.locale_alternate_of = file.localization = lang
            file.norm_src_uri = file.src_uri.split("/", 1)[1]
            file.alternates = {lang: file}
            files.append(file)
            # The File holds the text; keeping it here too would double the memory of a big archive.
            self.generated[file.src_uri] = dataclasses.replace(page, markdown="")
        i18n = self._i18n(config)
        i18n.i18n_files_per_language[lang] = files.documentation_pages()
        return files

    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Only the policy and the archive belong in the navigation; versions are reached from the archive."""
        lang = self._lang(config)
        keep = [
            p
            for p in nav.pages
            if (g := self.generated.get(p.file.src_uri)) and g.lang == lang and g.kind in ("policy", "archive")
        ]
        if not keep:
            return nav
        nav.items = keep
        for page in keep:
            page.parent = None
        return nav

    @event_priority(-110)
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """MkDocs has read a generated page's text into `page.markdown`: drop the File's copy,
        which nothing reads again, so a build holds one copy of every page's Markdown, not two."""
        if page.file.src_uri in self.generated and page.file.generated_by:
            page.file.content_string = ""
        return markdown

    @event_priority(-110)
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        context["policy_archive"] = self._context(config, self.generated.get(page.file.src_uri))
        return context

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        context["policy_archive"] = self._context(config, None)
        if template_name == "sitemap.xml":
            context["policy_archive"]["sitemap"] = self._sitemap(config)
        return context

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        """Every language build writes 404.html and sitemap.xml at the site root: keep the
        default language's there, and put each other language's under its own folder."""
        if template_name not in PER_LANGUAGE_TEMPLATES:
            return output
        lang = self._lang(config)
        self.per_language[(template_name, lang)] = output
        return self.per_language.get((template_name, self.default_lang), output)

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Each language writes its feed; after the last one, fix the search index and 404 pages."""
        assert self.policy is not None
        site = Path(config.site_dir)
        # The outer build is the default language; i18n leaves current_language on the last nested one.
        lang = self._lang(config) if self._nested(config) else self.default_lang
        feed = site / gen.url_path("", lang, self.default_lang) / "feed.xml"
        feed.parent.mkdir(parents=True, exist_ok=True)
        title = f"{config.site_name} — {t(lang, 'archive_title')}"
        feed.write_text(atom(self.policy, lang, config.site_url, self.default_lang, title), encoding="utf-8")
        self._write_compare_data(config, site, lang)
        if self._nested(config):
            return
        (site / "versions.json").write_text(
            versions_index(self.policy, config.site_url, self.config.languages), encoding="utf-8"
        )
        for (name, lang), output in self.per_language.items():
            target = site / gen.url_path("", lang, self.default_lang) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")
        _split_search_index(site, self.config.languages)

    def _write_compare_data(self, config: MkDocsConfig, site: Path, lang: str) -> None:
        """`versions/<id>/data.json` per version: what compare.js needs to redline any two (N files, not N²)."""
        assert self.policy is not None
        if len(self.policy.versions) < 2:
            return
        if self._render is None:
            converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
            self._render = functools.lru_cache(maxsize=None)(lambda text: converter.reset().convert(text))
        for version in self.policy.versions:
            target = site / gen.url_path(gen.version_path(version), lang, self.default_lang) / "data.json"
            data = version_data(version, lang, self._render)
            target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(Path(config.config_file_path).parent / self.config.policy_dir))
        return server

    # -- template data -----------------------------------------------------
    def _context(self, config: MkDocsConfig, page: gen.GeneratedPage | None) -> dict[str, Any]:
        lang = page.lang if page else self._lang(config)
        path = page.path if page else ""
        alternates = [
            {
                "lang": other,
                "html_lang": strings(other)["html_lang"],
                "name": strings(other)["name"],
                "href": self.absolute(config, path, other),
                "path": gen.url_path(path, other, self.default_lang),
                "current": other == lang,
            }
            for other in self.config.languages
        ]
        officer = self.config.privacy_officer
        assert self.policy is not None
        return {
            "notices": self._notices_for(lang),
            "lang": lang,
            "html_lang": strings(lang)["html_lang"],
            "t": strings(lang),
            "alternates": alternates,
            "x_default": self.absolute(config, path, self.default_lang),
            "home": "/" + gen.url_path("", lang, self.default_lang),
            "feed": gen.url_path("", lang, self.default_lang) + "feed.xml",
            "page": page,
            "organisation": dict(self.config.organisation),
            "officer": {**dict(officer), "title": (officer.title or {}).get(lang, "")},
            "officer_tel": tel_uri(officer.phone),
        }

    def _notices_for(self, lang: str) -> list[dict[str, Any]]:
        """Computed once per language and build: every page shows the same notices, and
        `notices` walks all versions (O(n) per page would make the build O(n²))."""
        if lang not in self._notices:
            assert self.policy is not None
            self._notices[lang] = [self._notice(n, lang) for n in notices(self.policy, self.config.notice_days)]
        return list(self._notices[lang])

    def _notice(self, notice: Notice, lang: str) -> dict[str, Any]:
        version = notice.version
        key = "notice_changed" if notice.kind == CHANGED else "notice_upcoming"
        return {
            "key": notice.key,
            "kind": notice.kind,
            "text": t(lang, key, date=format_date(version.effective, lang)),
            "changes_url": gen.url_path(gen.changes_path(version), lang, self.default_lang),
            "expires": notice.expires.isoformat(),
            "consent": version.reduces_rights,
        }

    def _sitemap(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """This language's pages with their alternates (A3): `/sitemap.xml` in French, `/en/sitemap.xml` in English."""
        assert self.policy is not None
        lang = self._lang(config)
        return [
            {
                "loc": self.absolute(config, path, lang),
                "alternates": [(strings(o)["html_lang"], self.absolute(config, path, o)) for o in self.config.languages]
                + [("x-default", self.absolute(config, path, self.default_lang))],
            }
            for path in gen.page_paths(self.policy)
        ]


def tel_uri(phone: str) -> str:
    """`418-290-5701` -> `+14182905701`: a North American number gets its country code (RFC 3966)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits
    return "+1" + digits if len(digits) == 10 else digits


def _front_matter(page: gen.GeneratedPage) -> str:
    meta = {"title": page.title}
    if not page.search:
        meta["search"] = {"exclude": True}
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _split_search_index(site: Path, languages: list[str]) -> None:
    """static-i18n writes one index for all languages; give each language its own.

    English pages load `en/search/search_index.json` (see overrides/main.html), so a
    French search never returns English results and vice versa.
    """
    index_path = site / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    default, others = languages[0], languages[1:]
    for lang in languages:
        if lang == default:
            docs = [d for d in index["docs"] if not any(d["location"].startswith(f"{o}/") for o in others)]
            target = index_path
        else:
            docs = [
                {**d, "location": d["location"][len(lang) + 1 :]}
                for d in index["docs"]
                if d["location"].startswith(f"{lang}/")
            ]
            target = site / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = {**index, "config": {**index["config"], "lang": [lang]}, "docs": docs}
        target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


logging.getLogger("mkdocs.plugins.policy_archive").propagate = True
