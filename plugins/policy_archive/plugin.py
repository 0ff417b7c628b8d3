"""The `policy-archive` MkDocs plugin: thin glue between MkDocs events and the modules.

static-i18n builds the default language, then each other language in a nested
build with the same plugin objects, so every event below runs once per
language. Pages are generated in `on_files` after i18n has sorted the files
(priority below -100); the per-language search index and 404 page are fixed
after the last language build.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from jinja2 import Environment, Template
from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_theme_dir

from . import buildcache, fragments, page_render, pagecache, pdf, prefill, theme
from . import pages as gen
from .config import PolicyArchiveConfig, document_dirs, limits, site_problems
from .feeds import atom, page_sitemap, versions_index
from .git import read_history
from .l10n import format_date, strings, t
from .load import load_policy
from .model import Document, Policy, Section, resolve_as_of
from .notice import CHANGED, Notice, notices
from .problems import ContentError, errors, plural
from .redline import Redliner
from .redline.data import section_json, version_json
from .render import Renderer, link_base
from .safety import SCRIPT_DIR, externalise_scripts, json_for_html, sanitise, sanitise_recurring
from .writer import Writer

log = get_plugin_logger(__name__)
PER_LANGUAGE_TEMPLATES = ("404.html", "sitemap.xml")
NOTICE_TEMPLATE = "partials/notice.html"  # the change notices of every page


class PageKeys(NamedTuple):
    """A page's keys in the build cache: without its notices (None: they cannot be kept apart),
    and with them."""

    apart: str | None
    full: str


class PolicyArchivePlugin(BasePlugin[PolicyArchiveConfig]):
    def __init__(self) -> None:
        self.documents: list[Document] = []  # the main document first
        self._start_build()
        self.pdfs: dict[tuple[str, str, str], pdf.PdfResult] = {}  # (document prefix, version id, lang) -> PDF
        self.inline_scripts: dict[str, str] = {}  # Material's inline scripts as files (safety.externalise_scripts)
        self._site_permalink_title: str | None = None  # mkdocs.yml's own toc permalink_title, if any
        # Render once (fragments.py): each distinct section's HTML, from the build cache when it is on.
        self.cache = buildcache.Store()
        self._cache_dir: Path | None = None
        self._page_renderer: fragments.Renderer | None = None  # this language build's (fragments.py)
        self._converter: page_render.Converter | None = None  # this language build's, for its pages' Markdown
        self._build_config: MkDocsConfig | None = None  # this language build's
        self._pieces: dict[str, list[fragments.Piece]] = {}  # page src_uri -> blocks taken out of its Markdown
        # Whole pages kept between builds (pagecache.py); None when the cache is off or unsafe here.
        self.pages: pagecache.PageStore | None = None
        self._page_site = ""  # this language build's part of every page key
        self._page_keys: dict[str, PageKeys] = {}  # src_uri -> the keys its page is stored under once rendered
        self._splice_notices = True  # False: a site template reads the notices elsewhere (pagecache.notices_apart)
        self._notice_template: Template | None = None  # this language build's `NOTICE_TEMPLATE` (`on_env`)
        self._notices_quiet = False  # whether that template is the package's, which writes nothing without notices
        self._warned_at: dict[str, int] = {}  # src_uri -> MkDocs' warning count when its work began
        self._page_uses: dict[str, list[str]] = {}  # src_uri -> build cache keys of its fragments
        # Pages sanitised piece by piece (`_fill_fragments`): none when another plugin could change a
        # page after the pieces were put back (then each page is sanitised whole, `_sanitise`).
        self._clean_in_pieces = True

    def _start_build(self) -> None:
        """What one build (both its language builds) makes and then forgets: `mkdocs serve`
        rebuilds reuse this object, and a build stopped half-way leaves nothing to the next."""
        self.generated: dict[str, gen.GeneratedPage] = {}
        self.per_language: dict[tuple[str, str], str] = {}  # (template, lang) -> output
        self._redline: Redliner | None = None  # the site's Markdown, each distinct section rendered once
        self._notices: dict[str, list[dict[str, Any]]] = {}  # lang -> notices, the same on every page
        self._cleaned: set[str] = set()  # src_uris of pages sanitised piece by piece (`_fill_fragments`)
        self._sanitise_block = sanitise_recurring()  # raw blocks recur on many pages
        # src_uri -> HTML kept from search's regex (`_hide_from_search`), or the page to put together
        self._hidden: dict[str, str | fragments.Filled] = {}
        self._unfilled: dict[str, fragments.Filled] = {}  # src_uri -> a page put together when rendered
        self._stored: dict[str, dict[str, Any]] = {}  # src_uri -> stored page, for its template
        self._finished: dict[str, dict[str, str]] = {}  # src_uri -> inline scripts of a stored page
        self._notice_html: dict[str, str] = {}  # src_uri -> its notices' HTML, to keep the page without them
        self._contexts: dict[tuple[str, str], dict[str, Any]] = {}  # (lang, path) -> a page's `_context`
        self._language_context: dict[str, dict[str, Any]] = {}  # lang -> what `_context` gives every page of it
        self._end_build()  # a build stopped half-way ends before this one begins
        self._writer = Writer()  # files beside the pages, written while they are rendered

    def _end_build(self) -> None:
        """What a build that failed or was stopped half-way leaves is settled: its files written, what
        it set aside from the garbage collector given back (`mkdocs serve` builds again in this
        process, in the same folder). Errors were the failed build's, and said."""
        _set_aside(False)
        if (writer := getattr(self, "_writer", None)) is not None:
            with contextlib.suppress(OSError):
                writer.finish()

    # -- helpers ---------------------------------------------------------
    @staticmethod
    def _i18n(config: MkDocsConfig) -> Any:
        return config.plugins.get("i18n")

    def _lang(self, config: MkDocsConfig) -> str:
        """The language being built: the outer build is the default language, the nested ones
        i18n's current language (which it leaves on the last one after they finish)."""
        i18n = self._i18n(config)
        return i18n.current_language if self._nested(config) and i18n.current_language else self.default_lang

    @property
    def default_lang(self) -> str:
        return self.config.languages[0]

    def _nested(self, config: MkDocsConfig) -> bool:
        i18n = self._i18n(config)
        return bool(i18n and i18n.building)

    @property
    def policy(self) -> Policy | None:
        """The main document's versions (the privacy policy, at the root)."""
        return self.documents[0].policy if self.documents else None

    def _redliner(self, config: MkDocsConfig) -> Redliner:
        """One renderer per build with the site's own extensions: the redline compares what readers see,
        sanitised (S1), so the changes pages and each version's data.json hold nothing executable."""
        if self._redline is None:
            base = link_base(self.config.organisation.website, config.site_url)
            # Sanitised already (S1): `_section_html` comes from the page renderer, which sanitises.
            renderer = Renderer(config.markdown_extensions, config.mdx_configs, base, self._section_html)
            self._redline = Redliner(renderer)
            self._redline.store = self.cache
            self._redline.store_key = fragments.config_key(config.markdown_extensions, config.mdx_configs, base)
        return self._redline

    def _section_html(self, text: str) -> str:
        """A section's HTML from the language build under way (the redliner outlives it): each
        distinct section is converted once, for the pages and the redline alike. The two differ
        only by the heading permalinks' tooltip, which the redline leaves out."""
        assert self._build_config is not None
        return self._fragment_renderer(self._build_config).html(text)

    def absolute(self, config: MkDocsConfig, path: str, lang: str) -> str:
        return config.site_url.rstrip("/") + "/" + gen.url_path(path, lang, self.default_lang)

    def _localise_permalinks(self, config: MkDocsConfig) -> None:
        """The heading links' tooltip (`toc`'s `permalink_title`) in the language being built,
        unless the site chose its own: every language build runs on_config on the same config."""
        toc = config.mdx_configs.get("toc") if "toc" in config.markdown_extensions else None
        if toc is None or not toc.get("permalink"):
            return
        if not self._nested(config):  # the first (default language) build sees the site's own value
            self._site_permalink_title = toc.get("permalink_title")
        if not self._site_permalink_title:
            toc["permalink_title"] = t(self._lang(config), "permalink_title")

    # -- events ------------------------------------------------------------
    @event_priority(100)  # before Material's search, which renders a template in its on_config
    def _quicken_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        """Compiled templates kept with the build cache (`theme.quicken`)."""
        folder = None
        if buildcache.enabled(self.config.cache):
            folder = Path(config.config_file_path).parent / self.config.cache_dir / "templates"
        theme.quicken(config.theme, folder)
        return config

    @event_priority(-110)  # after static-i18n's (-100): see theme.register
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        if problems := site_problems(config):
            # The same problems, in the same words, as `policy-archive check` (config.load_site).
            raise PluginError(ContentError(problems, Path(config.config_file_path).parent).report())
        theme.register(config.theme)
        self._localise_permalinks(config)
        self._page_renderer = self._converter = None
        self._build_config = config
        if self._nested(config) and self.policy is not None:
            return config
        root = Path(config.config_file_path).parent
        try:
            as_of = resolve_as_of(self.config.as_of, self.config.timezone)
        except ValueError as exc:
            raise PluginError(f"policy-archive: {exc}") from None
        self._load_cache(root, config)
        store = self.cache if self._cache_dir is not None else None  # version folders read by an earlier build
        documents, problems = [], []
        for prefix, policy_dir in document_dirs(self.config, root):
            policy, found = load_policy(policy_dir, self.config.languages, as_of, limits(self.config), store=store)
            documents.append(Document(prefix, policy_dir, policy))
            problems += found
        for problem in problems:
            if problem not in errors(problems):
                # Content warnings are for editors (`policy-archive check`); they must not fail --strict.
                log.info(problem.format(root).replace("\n", " "))
        if errors(problems):
            raise PluginError(ContentError(problems, root).report())
        for document in documents if self.config.git_provenance else []:
            reason, found = read_history(document.policy, document.policy_dir)
            if reason:
                log.info(f"dates come from version.yml, not git: {reason}")
            problems += found  # silent changes to a version in force (T5), in check's words
        if errors(problems):
            raise PluginError(ContentError(problems, root).report())
        self.documents = documents
        policy = documents[0].policy
        self._start_build()
        self._clean_in_pieces = not pagecache.unknown_plugins(config.plugins.keys())
        self.pdfs = self._build_pdfs(config) if pdf.enabled(self.config.pdf) else {}
        log.info(
            f"{plural(len(policy.versions), 'version')} as of {as_of}; in force: {policy.in_force.id if policy.in_force else 'none'}"
        )
        return config

    on_config = CombinedEvent(_quicken_theme, _configure)

    @event_priority(-110)
    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        lang = self._lang(config)
        self._share(config, lang)
        for doc in self.documents:
            for page in gen.all_pages(
                doc.policy,
                lang,
                self.config.organisation.name,
                config.site_name,
                doc.prefix,
                self._redliner(config),
                self._pdf_links(doc, lang),
                dict(self.config.translation_notice),
                site_url=config.site_url or "",
            ):
                # Kept as UTF-8 until MkDocs reads it: half the memory of the text of a policy
                # with a curly apostrophe, which Python holds at two bytes per character.
                content = (_front_matter(page) + page.markdown).encode()
                file = File.generated(config, page.src_uri(), content=content)
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
        _set_aside()
        return files

    def _share(self, config: MkDocsConfig, lang: str) -> None:
        """A cold build's redlines and section HTML made in two processes at once (`prefill`)."""
        # The last language's files written first, when a helper pays: no other thread runs at the fork.
        settle = self._writer.finish if self._nested(config) else None
        redliner, renderer = self._redliner(config), self._fragment_renderer(config)

        def section_data(section: Section, store: buildcache.Store) -> str:
            return section_json(section, redliner, _compact_json, store, redliner.store_key)

        for doc in self.documents:
            pairs = [(p, v) for v in doc.policy.versions if (p := doc.policy.previous(v)) is not None]
            helped = prefill.share(
                pairs, lang, redliner, renderer, self.cache, section_data, self.config.helper, settle
            )
            if helped:
                log.debug(f"{helped} of {len(pairs)} redlines ({lang}) made by a helper process")

    @event_priority(-110)
    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Each document's text in force and the main archive; versions are reached from the archives."""
        lang = self._lang(config)
        keep = [
            p
            for p in nav.pages
            if (g := self.generated.get(p.file.src_uri))
            and g.lang == lang
            and (g.kind == "policy" or (g.kind == "archive" and not g.document))
        ]
        if keep:
            nav.items = keep
            for page in keep:
                page.parent = None
        if self.pages is not None:
            self._page_site = self._page_site_key(config, nav)
        return nav

    @event_priority(-200)  # after every other plugin's changes to the text
    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A generated page's policy sections and redline blocks are taken out of its Markdown and
        rendered once per distinct text (fragments.py); MkDocs converts the rest. The File's copy of
        the text, which nothing reads again, is dropped: a build holds one copy of every page."""
        if page.file.src_uri not in self.generated or not page.file.generated_by:
            return markdown
        page.file.content_string = ""
        if self._restore(page, markdown, config, files):
            return ""
        skeleton, pieces = fragments.split(markdown)
        if pieces:
            self._pieces[page.file.src_uri] = pieces
        if (converter := self._page_converter(config)) is not None:
            page.render = functools.partial(converter.render, page)  # type: ignore[method-assign]
        return skeleton

    def _page_converter(self, config: MkDocsConfig) -> page_render.Converter | None:
        """One Markdown for the language build's pages, not one per page (`page_render`), made once
        per language build where MkDocs' own `Page.render` is the one it copies."""
        if self._converter is None and page_render.usable():
            self._converter = page_render.Converter(config)
        return self._converter

    @event_priority(100)  # before other plugins read the HTML
    def _fill_fragments(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The blocks back in the page, with the table of contents, ids and anchor links MkDocs
        would have read from them."""
        pieces = self._pieces.pop(page.file.src_uri, None)
        if not pieces:
            return content
        clean = None
        if self._clean_in_pieces:
            # S1 piece by piece, each distinct piece once: what MkDocs converted here, each section
            # when it was converted (`fragments.Renderer`), each block of raw HTML (a redlined
            # section is the same block on many changes pages) as it is put back.
            content = fragments.cleaned(content, sanitise)
            clean = self._sanitise_block
            self._cleaned.add(page.file.src_uri)
        keys: list[str] = []
        found = fragments.render(pieces, self._fragment_renderer(config), self.cache, keys, clean)
        self._page_uses[page.file.src_uri] = keys
        filled = fragments.fill(content, pieces, found, _toc_tokens(page))
        page.toc = get_toc(filled.toc)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | filled.ids
        if filled.links and page.links_to_anchors is not None:
            own = page.links_to_anchors.setdefault(page.file, {})
            for anchor in filled.links:
                own.setdefault(anchor, "#" + anchor)
        generated = self.generated[page.file.src_uri]
        if clean is not None and not generated.search:
            # Put together when its template is rendered (`_page_context`): MkDocs holds every
            # page's HTML until it writes them, and here that is the page's own markup and the
            # sections it shares, not a copy. Only known plugins come after (`_clean_in_pieces`).
            self._unfilled[page.file.src_uri] = filled
            return filled.skeleton
        return filled.html

    @event_priority(-200)  # after every other plugin's changes: what is published is what was checked
    def _sanitise(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The second line of defence (S1): a generated page, policy text included, keeps only the
        allow-listed structure (`safety.sanitise`), whatever a Markdown extension let through. A
        page sanitised piece by piece (`_fill_fragments`), or taken from the build cache, was
        sanitised when it was made."""
        uri = page.file.src_uri
        if uri in self._cleaned:
            self._cleaned.discard(uri)
            return content
        if uri in self.generated and page.file.generated_by and uri not in self._stored:
            return sanitise(content)
        return content

    @event_priority(-300)  # the page's conversion is over
    def _converted(self, content: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._warned_at.pop(page.file.src_uri, None) != pagecache.warnings().count:
            self._page_keys.pop(page.file.src_uri, None)  # a warning must come again: not stored
        return content

    on_page_content = CombinedEvent(_fill_fragments, _sanitise, _converted)

    def on_pre_page(self, page: Page, config: MkDocsConfig, files: Files) -> Page:
        self._warned_at[page.file.src_uri] = pagecache.warnings().count  # see `_converted`
        return page

    # -- whole pages kept between builds (pagecache.py) ---------------------
    def _page_site_key(self, config: MkDocsConfig, nav: Navigation) -> str:
        """What every stored page of this language build depends on: configuration, templates, navigation."""

        def items(entries: list[Any]) -> list[Any]:
            return [[e.title, getattr(e, "url", None), items(getattr(e, "children", None) or [])] for e in entries]

        # Where the site is written, and how `serve` and --strict run, change no page's HTML.
        settings = {k: v for k, v in config.items() if k not in ("site_dir", "strict", "dev_addr", "watch")}
        signature = {"config": pagecache.signature(settings), "nav": items(nav.items), "lang": self._lang(config)}
        return pagecache.site_key(signature, config.theme.dirs, _theme_package(config))

    def _restore(self, page: Page, markdown: str, config: MkDocsConfig, files: Files) -> bool:
        """Whether the page was taken from an earlier build (its render and template then only put
        back what was stored); otherwise, the keys it is stored under once rendered.

        The change notices are on every page, and change with a significant version or the day
        one expires: a page is kept without them where it can be (`_store_page`), under a key
        that leaves them out, and they are put back as they are now."""
        generated = self.generated[page.file.src_uri]
        if self.pages is None or generated.search or generated.kind in ("policy", "archive"):
            return False
        neighbours = [(p.url, p.title) if p else None for p in (page.previous_page, page.next_page)]
        context = self._context(config, generated)
        base = pagecache.page_key(
            self._page_site,
            markdown,
            page.url,
            page.file.dest_uri,
            page.meta,
            _context_signature(context),
            neighbours,
            [a.title for a in page.ancestors],
        )
        keys = PageKeys(
            pagecache.derived_key(base, "notices apart") if self._splice_notices else None,
            pagecache.derived_key(base, context["notices"]),
        )
        for key in keys:
            stored = self.pages.get(key) if key else None
            links = _links_back(stored["links"], files, page.file) if stored else None
            if stored is not None and links is not None:
                break
        else:
            self._page_keys[page.file.src_uri] = keys
            return False
        self._stored[page.file.src_uri] = stored
        self._finished[page.file.src_uri] = stored["scripts"]
        self.cache.keep(stored["uses"])  # its fragments stay in the build cache for when it changes
        page.meta["template"] = pagecache.TEMPLATE
        page.render = _restored_render(page, stored["ids"], links)  # type: ignore[method-assign]
        return True

    @event_priority(-200)  # the page as it is written, after every plugin's changes
    def _store_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        keys = self._page_keys.pop(page.file.src_uri, None)
        notice = self._notice_html.pop(page.file.src_uri, None)
        clean = self._warned_at.pop(page.file.src_uri, None) == pagecache.warnings().count
        if keys and clean and self.pages is not None:
            links = {f.src_uri: dict(anchors) for f, anchors in (page.links_to_anchors or {}).items()}
            uses = self._page_uses.pop(page.file.src_uri, [])
            # The inline scripts it refers to (`_finish`): written beside it whenever it is restored.
            scripts = {n: self.inline_scripts[n] for n in _SCRIPT_NAMES.findall(output) if n in self.inline_scripts}
            key, kept, at = keys.full, output, None
            # Kept without its notices when they are where policy-archive.html puts them, as
            # `_notices_html` renders them.
            if keys.apart and notice is not None and (at := _notices_place(output, notice)) is not None:
                key, kept = keys.apart, output[:at] + output[at + len(notice) :]
            self.pages.put(key, kept, page.present_anchor_ids or (), links, uses, scripts, at)
        return output

    def _fragment_renderer(self, config: MkDocsConfig) -> fragments.Renderer:
        """Section Markdown -> HTML as MkDocs converts this language's pages: made once per language
        build (`on_config` forgets it: the `toc` options change per language, the permalink title)."""
        if self._page_renderer is None:
            key = fragments.config_key(config.markdown_extensions, config.mdx_configs, "sanitised")
            self._page_renderer = fragments.Renderer(config.markdown_extensions, config.mdx_configs, key, sanitise)
        return self._page_renderer

    def _load_cache(self, root: Path, config: MkDocsConfig) -> None:
        """The build cache, read once per build (`mkdocs serve` makes a new plugin per rebuild)."""
        self._cache_dir = None
        self.cache = buildcache.Store(kept=False)
        self.pages = None
        if not buildcache.enabled(self.config.cache):
            return
        self._cache_dir = root / self.config.cache_dir
        self.cache, problem = buildcache.load(self._cache_dir)
        if problem:  # not a warning: it mends itself, and must not fail a --strict build
            log.info(problem)
        if reason := pagecache.blocked_by(config.plugins.keys(), config.theme.dirs, _theme_package(config)):
            log.info(f"every page is rendered at each build: {reason}")
        else:
            self.pages = pagecache.PageStore(self.cache)
            self._splice_notices = pagecache.notices_apart(config.theme.dirs, _theme_package(config), NOTICE_TEMPLATE)

    @event_priority(10)  # before Material's search (0)
    def _hide_from_search(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        """A generated page left out of search is not read by Material's search plugin: it would
        only look for `data-search-*="…"` attributes to strip, with a regex that scans the whole
        page one character at a time (a tenth of a second per ten megabytes). When the page has
        none, its HTML is put back right after (`_page_context`)."""
        uri = page.file.src_uri
        generated = self.generated.get(uri)
        if (unfilled := self._unfilled.pop(uri, None)) is not None:
            if unfilled.search(_SEARCH_ATTRIBUTE):
                page.content = unfilled.html  # search reads it (to strip those attributes)
            else:
                self._hidden[uri] = unfilled
                page.content = ""
        elif generated and not generated.search and page.content and not _SEARCH_ATTRIBUTE.search(page.content):
            self._hidden[uri] = page.content
            page.content = ""
        return context

    @event_priority(-110)
    def _page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        if (hidden := self._hidden.pop(page.file.src_uri, None)) is not None:
            page.content = hidden if isinstance(hidden, str) else hidden.html
        context["policy_archive"] = self._context(config, self.generated.get(page.file.src_uri), last=True)
        if (stored := self._stored.pop(page.file.src_uri, None)) is not None:
            output, at = stored["output"], stored.get("notice_at")
            if at is not None:  # kept without its notices: today's, put back where they were
                output = output[:at] + self._notices_html(context) + output[at:]
            context[pagecache.CONTEXT] = Markup(output)
        elif (keys := self._page_keys.get(page.file.src_uri)) and keys.apart:
            self._notice_html[page.file.src_uri] = self._notices_html(context)
        self._warned_at[page.file.src_uri] = pagecache.warnings().count
        return context

    def _notices_html(self, context: dict[str, Any]) -> str:
        """The page's change notices as its template writes them (`partials/notice.html`, which a
        site may override), given the page's own template data (its links are relative to it)."""
        if self._notices_quiet and not context["policy_archive"]["notices"]:
            return ""
        assert self._notice_template is not None
        return self._notice_template.render(context)

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        self._notice_template = env.get_template(NOTICE_TEMPLATE)
        self._notices_quiet = Path(self._notice_template.filename or "").parent.parent == theme.THEME_DIR
        self._write_beside_pages(config)
        _set_aside()  # the pages as read, held until written
        return env

    def _write_beside_pages(self, config: MkDocsConfig) -> None:
        """This language's files beside the pages (compare data, page sitemaps), known once the pages
        are read: written on another thread while MkDocs renders the pages (`writer.Writer`)."""
        site, lang = Path(config.site_dir), self._lang(config)
        for doc in self.documents:
            self._write_compare_data(config, site, lang, doc)
        self._write_page_sitemaps(config, site, lang)

    def on_build_error(self, error: Exception) -> None:
        self._end_build()

    on_page_context = CombinedEvent(_hide_from_search, _page_context)

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
        output = theme.localise_search(output, gen.url_path("", lang, self.default_lang))
        if template_name.endswith(".html"):
            output = externalise_scripts(output, self.inline_scripts)
        self.per_language[(template_name, lang)] = output
        return self.per_language.get((template_name, self.default_lang), output)

    def _finish_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """Each language searches its own index (see `_split_search_index`); Material's inline
        scripts become files, so the site runs under `script-src 'self'` (README, CSP). A page
        taken from an earlier build was stored finished: its scripts are written again."""
        if page.file.src_uri in self.generated:
            page.content = ""  # written out; holding every page's HTML to the end was most of a build's memory
        if (scripts := self._finished.pop(page.file.src_uri, None)) is not None:
            self.inline_scripts.update(scripts)
            return output
        output = theme.localise_search(output, gen.url_path("", self._lang(config), self.default_lang))
        return externalise_scripts(output, self.inline_scripts)

    on_post_page = CombinedEvent(_store_page, _finish_page)

    @event_priority(-200)
    def on_post_build(self, config: MkDocsConfig) -> None:
        """Each language writes its feed; after the last one, fix the search index and 404 pages."""
        site = Path(config.site_dir)
        lang = self._lang(config)
        organisation = self.config.organisation
        for doc in self.documents:
            feed = site / gen.url_path(doc.prefix, lang, self.default_lang) / "feed.xml"
            feed.parent.mkdir(parents=True, exist_ok=True)
            title = f"{config.site_name} — {self._title(doc, lang, config.site_name)} — {t(lang, 'archive_title')}"
            author = organisation.name or config.site_name
            xml = atom(
                doc.policy, lang, config.site_url, self.default_lang, title, doc.prefix, author, organisation.website
            )
            feed.write_text(xml, encoding="utf-8")
        for name, source in self.inline_scripts.items():
            target = site / SCRIPT_DIR / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(source, encoding="utf-8")
        if self._nested(config):
            return
        self._writer.finish()  # every language's (`_write_beside_pages`)
        _set_aside(False)
        for doc in self.documents:
            pdfs = {
                (vid, lang): pdf.index_entry(result, self.absolute(config, pdf.pdf_path(vid, lang, prefix), lang))
                for (prefix, vid, lang), result in self.pdfs.items()
                if prefix == doc.prefix
            }
            (site / doc.prefix / "versions.json").write_text(
                versions_index(doc.policy, config.site_url, self.config.languages, doc.prefix, pdfs), encoding="utf-8"
            )
        for (prefix, vid, lang), result in self.pdfs.items():
            pdf.publish(result, site / gen.url_path(pdf.pdf_path(vid, lang, prefix), lang, self.default_lang))
        for (name, lang), output in self.per_language.items():
            target = site / gen.url_path("", lang, self.default_lang) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(output, encoding="utf-8")
        _split_search_index(site, self.config.languages)
        if self._cache_dir is not None and (problem := buildcache.save(self._cache_dir, self.cache)):
            log.info(problem)  # the next build is as correct, only slower
        log.info(f"render once: {self.cache.report()}" + (" (build cache on)" if self._cache_dir else ""))

    def _build_pdfs(self, config: MkDocsConfig) -> dict[tuple[str, str, str], pdf.PdfResult]:
        """Every version's PDF in every language, made now (only new or changed ones: the cache) so that
        the pages can link them with their size and versions.json can list their SHA-256."""
        if problem := pdf.engine_problem():
            raise PluginError(f"policy-archive: {problem}")
        sections = pdf.SectionHtml(self._redliner(config).renderer)  # the site's Markdown, sanitised (S1)
        keys, docs = [], []
        for doc in self.documents:
            for version in doc.policy.versions:
                for lang in self.config.languages:
                    keys.append((doc.prefix, version.id, lang))
                    docs.append(
                        pdf.pdf_document(
                            doc.policy,
                            version,
                            lang,
                            title=gen.document_title(version, lang, config.site_name),
                            organisation=self.config.organisation.name,
                            url=self.absolute(config, doc.prefix + gen.version_path(version), lang),
                            sections=sections.version(version, lang),
                            notes=self._pdf_notes(version, lang),
                            variant=self.config.pdf_variant,
                        )
                    )
        cache = pdf.cache_dir(self.config.pdf_cache_dir, Path(config.config_file_path).parent)
        results = pdf.build_pdfs(docs, cache)
        made = sum(not r.cached for r in results)
        log.info(f"PDFs: {made} made, {len(results) - made} from the cache ({cache})")
        if pdf.CACHE_ENV not in os.environ:  # a shared cache holds other sites' PDFs too
            pdf.prune(cache, results)
        return dict(zip(keys, results, strict=True))

    def _pdf_notes(self, version: Any, lang: str) -> list[str]:
        """What the page says beside the text, said in the PDF too: that a language other than the
        default is a translation (the default text prevails), and each public correction (T5)."""
        notes = []
        if lang != self.default_lang:
            notes.append(dict(self.config.translation_notice).get(lang) or t(lang, "translation_notice"))
        for c in version.corrections:
            notes.append(t(lang, "corrected_on", date=format_date(c.date, lang), reason=c.reason.get(lang, "")))
        return notes

    def _pdf_links(self, doc: Document, lang: str) -> dict[str, tuple[str, pdf.PdfResult]]:
        """This document's PDFs in one language, by version id: (file name, result) for the page links."""
        return {
            vid: (pdf.pdf_name(vid, lang, prefix), result)
            for (prefix, vid, result_lang), result in self.pdfs.items()
            if prefix == doc.prefix and result_lang == lang
        }

    def _write_compare_data(self, config: MkDocsConfig, site: Path, lang: str, doc: Document) -> None:
        """`versions/<id>/data.json` per version: what compare.js needs to redline any two (N files, not N²)."""
        if len(doc.policy.versions) < 2:
            return
        redliner = self._redliner(config)
        for version in doc.policy.versions:
            target = site / gen.url_path(doc.prefix + gen.version_path(version), lang, self.default_lang) / "data.json"
            self._writer.write(
                target, version_json(version, lang, redliner, _compact_json, self.cache, redliner.store_key)
            )

    def _write_page_sitemaps(self, config: MkDocsConfig, site: Path, lang: str) -> None:
        """`sitemap.xml` in each generated page's folder, where Material's JavaScript looks for one
        beside every `<link rel="alternate">` (feeds.page_sitemap): every request a page makes finds
        a file. The language roots keep the full sitemap (`sitemap.xml` template)."""
        for page in self.generated.values():
            if page.lang != lang or not page.path:
                continue
            alternates = [(strings(o)["html_lang"], self.absolute(config, page.path, o)) for o in self.config.languages]
            alternates.append(("x-default", self.absolute(config, page.path, self.default_lang)))
            target = site / gen.url_path(page.path, lang, self.default_lang) / "sitemap.xml"
            self._writer.write(target, page_sitemap(self.absolute(config, page.path, lang), alternates))

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        for _prefix, policy_dir in document_dirs(self.config, Path(config.config_file_path).parent):
            server.watch(str(policy_dir))
        return server

    # -- template data -----------------------------------------------------
    def _context(self, config: MkDocsConfig, page: gen.GeneratedPage | None, last: bool = False) -> dict[str, Any]:
        """The plugin's template data for a page, made once per build (its key reads it, then its
        template: `last`, after which it is let go), or for a theme template (404.html, sitemap.xml)."""
        if page is None:
            return self._make_context(config, None, self._lang(config), "")
        if last:
            found = self._contexts.pop((page.lang, page.path), None)
            return found if found is not None else self._make_context(config, page, page.lang, page.path)
        if (found := self._contexts.get((page.lang, page.path))) is None:
            found = self._contexts[(page.lang, page.path)] = self._make_context(config, page, page.lang, page.path)
        return found

    def _make_context(
        self, config: MkDocsConfig, page: gen.GeneratedPage | None, lang: str, path: str
    ) -> dict[str, Any]:
        alternates = [
            {
                "lang": other,
                "html_lang": strings(other)["html_lang"],
                "name": strings(other)["name"],
                "href": self.absolute(config, path, other),
                "path": gen.url_path(path, other, self.default_lang),
                "current": other == lang,
                "t": strings(other),  # the 404 page says "not found" in every language
            }
            for other in self.config.languages
        ]
        if (same := self._language_context.get(lang)) is None:  # the same on every page of the language
            officer = self.config.privacy_officer
            same = self._language_context[lang] = {
                "lang": lang,
                "html_lang": strings(lang)["html_lang"],
                "t": strings(lang),
                "home": "/" + gen.url_path("", lang, self.default_lang),
                "feed": gen.url_path("", lang, self.default_lang) + "feed.xml",
                "organisation": dict(self.config.organisation),
                "officer": {**dict(officer), "title": (officer.title or {}).get(lang, "")},
                "officer_tel": tel_uri(officer.phone),
            }
        return {
            **same,
            # A page that announces an upcoming version itself (the text in force, that version's own
            # pages) does not announce it a second time in the notice.
            "notices": [n for n in self._notices_for(lang) if not page or page.path not in n["announced_on"]],
            "alternates": alternates,
            "x_default": self.absolute(config, path, self.default_lang),
            "page": page,
        }

    def _notices_for(self, lang: str) -> list[dict[str, Any]]:
        """Computed once per language and build: every page shows the same notices, and
        `notices` walks all versions (O(n) per page would make the build O(n²))."""
        if lang not in self._notices:
            self._notices[lang] = [
                self._notice(n, lang, doc)
                for doc in self.documents
                for n in notices(doc.policy, self.config.notice_days)
            ]
        return list(self._notices[lang])

    @staticmethod
    def _title(doc: Document, lang: str, fallback: str = "") -> str:
        version = doc.policy.in_force or doc.policy.versions[0]
        return gen.document_title(version, lang, fallback or doc.prefix.strip("/"))

    def _notice(self, notice: Notice, lang: str, doc: Document) -> dict[str, Any]:
        version = notice.version
        key = "notice_changed" if notice.kind == CHANGED else "notice_upcoming"
        date = format_date(version.effective, lang)
        # The privacy policy's notice says "our privacy policy"; a further document is named.
        text = t(lang, key, date=date) if doc.main else t(lang, key + "_doc", title=self._title(doc, lang), date=date)
        return {
            "key": doc.prefix + notice.key,
            "kind": notice.kind,
            "text": text,
            "changes_url": gen.url_path(doc.prefix + gen.changes_path(version), lang, self.default_lang),
            "expires": notice.expires.isoformat(),
            "consent": version.reduces_rights,
            "announced_on": (
                [doc.prefix, doc.prefix + gen.version_path(version), doc.prefix + gen.changes_path(version)]
                if notice.kind != CHANGED
                else []
            ),
        }

    def _sitemap(self, config: MkDocsConfig) -> list[dict[str, Any]]:
        """This language's pages with their alternates (A3): `/sitemap.xml` in French, `/en/sitemap.xml` in English."""
        lang = self._lang(config)
        return [
            {
                "loc": self.absolute(config, path, lang),
                "alternates": [(strings(o)["html_lang"], self.absolute(config, path, o)) for o in self.config.languages]
                + [("x-default", self.absolute(config, path, self.default_lang))],
            }
            for doc in self.documents
            for path in gen.page_paths(doc.policy, doc.prefix, self._redliner(config))
        ]


def tel_uri(phone: str) -> str:
    """`418-290-5701` -> `+14182905701`: a North American number gets its country code (RFC 3966)."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if phone.strip().startswith("+"):
        return "+" + digits
    return "+1" + digits if len(digits) == 10 else digits


_BANNER = '<div class="pa-noticebar">'  # where policy-archive.html puts the change notices


def _notices_place(output: str, notices: str) -> int | None:
    """Where a page's change notices start (right inside its one banner), if they are there."""
    start = output.find(_BANNER)
    if start < 0 or output.find(_BANNER, start + 1) >= 0:
        return None
    at = start + len(_BANNER)
    return at if output.startswith(notices, at) else None


# The files `safety.externalise_scripts` makes of a page's inline scripts, as the page names them.
_SCRIPT_NAMES = re.compile(r"inline-[0-9a-f]{16}\.js")

# What Material's search plugin strips from every page (its `on_page_context`), written so that
# the regex engine looks for its literal start.
_SEARCH_ATTRIBUTE = re.compile(r'data-search-\w+="[^"]+"')


# Whether a build of this process set objects aside from the garbage collector (`_set_aside`).
_SET_ASIDE = False


def _set_aside(keep: bool = True) -> None:
    """What the build holds until it ends (the policy, the pages' text and their pieces, the build
    cache's entries) set aside from Python's garbage collector (`gc.freeze`), and given back at the
    end (`keep=False`): `mkdocs serve` builds again in the same process. Each full collection
    walked all of it again: 0.17 s of a cold 100-version build, 0.6 s at 300. Only what this
    module set aside is given back."""
    global _SET_ASIDE
    if keep:
        gc.freeze()
        _SET_ASIDE = True
    elif _SET_ASIDE:
        gc.unfreeze()
        _SET_ASIDE = False


def _front_matter(page: gen.GeneratedPage) -> str:
    """The page's title as MkDocs keeps it: HTML, which Material prints unescaped (header, nav,
    `<title>`), so the plain title read from the policy is escaped here, once."""
    meta: dict[str, Any] = {"title": html.escape(page.title, quote=False)}
    if page.kind in ("policy", "version", "changes"):
        meta["hide"] = ["toc"]  # these pages carry their own table of contents: Material's would be a second
    if not page.search:
        meta["search"] = {"exclude": True}
    return "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"


def _split_search_index(site: Path, languages: list[str]) -> None:
    """static-i18n writes one index for all languages; give each language its own.

    English pages load `en/search/search_index.json` (see theme.localise_search), so a
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


def _toc_tokens(page: Page) -> list[dict[str, Any]]:
    """The heading tokens MkDocs read from the page's own Markdown (its title), back from its toc."""

    def token(link: Any) -> dict[str, Any]:
        return {
            "level": link.level,
            "id": link.id,
            "name": link.title,
            "html": link.title,
            "data-toc-label": "",
            "children": [token(c) for c in link.children],
        }

    return [token(link) for link in page.toc or []]


def _context_signature(context: dict[str, Any]) -> Any:
    """The plugin's template data for a page key, without the reader strings (`t`): they come from
    the package, which the key already holds (`buildcache.code_key`), and are most of its size.
    Without the notices too: each of a page's keys holds them its own way (`_restore`)."""
    alternates = [{k: v for k, v in a.items() if k != "t"} for a in context["alternates"]]
    # page_key encodes the rest (pagecache.signature)
    return {**context, "t": None, "alternates": alternates, "notices": None}


def _theme_package(config: MkDocsConfig) -> Path | None:
    """The installed theme's own folder (its templates are keyed by its version), if any."""
    try:
        return Path(get_theme_dir(config.theme.name)) if config.theme.name else None
    except KeyError:
        return None


def _links_back(stored: dict[str, dict[str, str]], files: Files, own: File) -> dict[File, dict[str, str]] | None:
    """A stored page's links to other pages' anchors, by File again (MkDocs validates them after
    the build); None when a page it links to is gone: then it is rendered, and MkDocs says so.
    Most are links to its own anchors (`own`), found without asking `files`."""
    found = {}
    for src_uri, anchors in stored.items():
        target = own if src_uri == own.src_uri else files.get_file_from_path(src_uri)
        if target is None:
            return None
        found[target] = anchors
    return found


def _restored_render(page: Page, ids: list[str], links: dict[File, dict[str, str]]) -> Callable[..., None]:
    """In place of `Page.render` for a stored page: what MkDocs reads from a rendered page, and no
    content (the template prints the stored output)."""

    def render(config: MkDocsConfig, files: Files) -> None:
        page.content = ""
        page.toc = get_toc([])
        page.present_anchor_ids = set(ids)
        page.links_to_anchors = links

    return render


def _compact_json(data: Any) -> str:
    return json_for_html(data, separators=(",", ":"))
