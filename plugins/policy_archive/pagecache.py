"""Whole pages kept between builds: a generated page whose every input is unchanged is not
converted and rendered again, its HTML is taken from the last build.

Adding an editorial version to a 100-version archive changes 40 of its 434 pages (the new
version's, the one it replaces, the archive, the section histories); MkDocs still converts and
renders all of them. Here each generated page that is out of the navigation and the search index (versions,
changes, compare, date and section pages) is stored under a key made of everything its HTML
depends on:

- the page's Markdown as MkDocs converts it (after every plugin's changes) and its address;
- the site's configuration as loaded (plugins' options included), per language build;
- the templates (every file of the theme's folders but static assets; Material's own icons by
  its version), the installed versions of MkDocs, the theme, Markdown and its extensions;
- what the templates get besides the page: the navigation, the page's neighbours and parents,
  and the plugin's own template data (notices, alternates, officer).

A page whose conversion or rendering logged a warning is not stored: a --strict build must fail
again. Links and anchors are stored with the page, so MkDocs still validates them. The cache is
used only on sites whose plugins are known not to add anything else to a page (`blocked_by`);
elsewhere every page is rendered. Pages are entries of the build cache (`buildcache`, kind
`page`), read only when a page asks, so memory does not grow with the archive; what a build did
not use is kept for one more build (`buildcache.KEEP_UNUSED`), then dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

from .buildcache import Store, code_key

TEMPLATE = "policy-archive-cached.html"  # a template that prints the stored page
CONTEXT = "policy_archive_cached_page"  # the template variable holding it
# Plugins whose effect on a page is known: search indexes it (stored pages are left out of search),
# i18n and policy-archive give the template data that is part of the key.
KNOWN_PLUGINS = frozenset({"search", "material/search", "i18n", "policy-archive"})
PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "mkdocs-static-i18n",
    "markdown",
    "pymdown-extensions",
    "jinja2",
    "markupsafe",
    "nh3",
    "pygments",
)
# Template variables that change with pages the key does not cover: every page of the site, the clock.
_WIDE_VARIABLES = re.compile(r"\b(?:pages|build_date_utc)\b")
_COMMENT = re.compile(r"\{#.*?#\}", re.S)
_STATIC = ("assets",)  # theme folders copied as files, never read by a template


def blocked_by(plugins: Iterable[str], template_dirs: Iterable[str], theme_package: Path | None) -> str | None:
    """Why stored pages could be stale on this site (None: they cannot): a plugin or hook that may
    change pages in ways the key does not see, or a site template that reads every page."""
    if unknown := unknown_plugins(plugins):
        return f"plugins {', '.join(unknown)} may change pages"
    for path, _name, text in _site_templates(template_dirs, theme_package):
        if _WIDE_VARIABLES.search(text):
            return f"{path} reads the list of all pages or the build date"
    return None


def _site_templates(template_dirs: Iterable[str], theme_package: Path | None) -> Iterator[tuple[Path, str, str]]:
    """(path, template name, text without Jinja comments) of every template but the theme's own,
    which were read when the rules above were written."""
    for folder in template_dirs:
        root = Path(folder)
        if theme_package and _inside(root, theme_package):
            continue
        for path in _files(root):
            if path.suffix == ".html":
                yield path, path.relative_to(root).as_posix(), _COMMENT.sub("", _text(path))


def unknown_plugins(plugins: Iterable[str]) -> list[str]:
    """The site's plugins (and hooks) whose effect on a page is not known."""
    return sorted(name for name in plugins if name not in KNOWN_PLUGINS)


def site_key(config_signature: Any, template_dirs: Iterable[str], theme_package: Path | None) -> str:
    """What every stored page of one language build depends on besides its own inputs."""
    data = {
        "code": code_key(),
        "packages": _versions(),
        "templates": templates_key(template_dirs, theme_package),
        "config": config_signature,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def page_key(site: str, markdown: str, *parts: Any) -> str:
    """A page's key: its Markdown by digest (a whole version's text, not escaped into JSON), the
    rest as data."""
    text = hashlib.sha256(markdown.encode()).hexdigest()
    data = json.dumps([site, text, *parts], sort_keys=True, ensure_ascii=False, default=_fallback)
    return hashlib.sha256(data.encode()).hexdigest()


def derived_key(key: str, part: Any) -> str:
    """`key` with one more part: the same page with or without what it holds apart."""
    data = json.dumps([key, part], sort_keys=True, ensure_ascii=False, default=_fallback)
    return hashlib.sha256(data.encode()).hexdigest()


def notices_apart(template_dirs: Iterable[str], theme_package: Path | None, notice_template: str) -> bool:
    """Whether a page can be kept without its change notices (put back at each build): only
    `notice_template` reads them, in every template folder but the theme's own."""
    return not any(
        name != notice_template and "notices" in text
        for _path, name, text in _site_templates(template_dirs, theme_package)
    )


@cache
def _versions() -> dict[str, str]:
    found = {}
    for name in PACKAGES:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = ""
    return found


def templates_key(dirs: Iterable[str], theme_package: Path | None) -> str:
    """Every file of the template folders, by content (static assets left out); the theme's own
    icons (thousands of files) by its version, which `site_key` holds. Read at every build: under
    `mkdocs serve` an edited template must show."""
    digest = hashlib.sha256()
    for n, folder in enumerate(dirs):
        root = Path(folder)
        own_theme = bool(theme_package and _inside(root, theme_package))
        for path in _files(root, skip_icons=own_theme):
            digest.update(f"{n}\0{path.relative_to(root).as_posix()}\0".encode())
            try:
                digest.update(path.read_bytes())
            except OSError:
                digest.update(b"\1unreadable")
    return digest.hexdigest()


def _files(root: Path, skip_icons: bool = False) -> list[Path]:
    out = []
    for folder, subdirs, names in os.walk(root):
        here = Path(folder)
        if here == root:
            subdirs[:] = [d for d in subdirs if d not in _STATIC and not (skip_icons and d == ".icons")]
        subdirs.sort()
        out += [here / name for name in sorted(names)]
    return out


def _inside(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder.resolve())
    except OSError:
        return False


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def signature(value: Any, depth: int = 0) -> Any:
    """A configuration as data that means the same in every run: mappings and lists as they are,
    plugins by their options, other objects by their attributes, functions by their name."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if depth > 8:
        return _name(value)
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, ModuleType):  # a hook: its name (a site with hooks does not store pages)
        return value.__name__
    if isinstance(value, Mapping) or (hasattr(value, "items") and callable(value.items)):
        return {str(k): signature(v, depth + 1) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [signature(v, depth + 1) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((signature(v, depth + 1) for v in value), key=repr)
    if hasattr(value, "on_config") and hasattr(value, "config"):  # a plugin: its options, not its state
        return {"plugin": _name(value), "config": signature(value.config, depth + 1)}
    if callable(value) and hasattr(value, "__qualname__"):
        return f"{getattr(value, '__module__', '')}.{value.__qualname__}"
    if hasattr(value, "__dict__"):
        return {"object": _name(value), "attributes": signature(vars(value), depth + 1)}
    return _name(value)


def _name(value: Any) -> str:
    return f"{type(value).__module__}.{type(value).__qualname__}"


def _fallback(value: Any) -> Any:
    return signature(value)


class PageStore:
    """Stored pages by key, in the build cache (`buildcache.Store`, kind `page`): read when a page
    asks, written with the rest at the end of the build, dropped when a build did not use them."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored page, or None (never stored, or damaged: it is made again)."""
        found = self.store.find("page:" + key)
        if found is None:
            return None
        data, output = found
        if not (
            isinstance(data, dict)
            and isinstance(data.get("ids"), list)
            and isinstance(data.get("links"), dict)
            and isinstance(data.get("uses"), list)
            and isinstance(data.get("scripts"), dict)
            and all(isinstance(v, str) for v in data["scripts"].values())
            and (
                data.get("notice_at") is None
                or (type(data["notice_at"]) is int and 0 <= data["notice_at"] <= len(output))
            )
        ):
            return None
        return {**data, "output": output}

    def put(
        self,
        key: str,
        output: str,
        ids: Iterable[str],
        links: Mapping[str, Mapping[str, str]],
        uses: list[str],
        scripts: Mapping[str, str],
        notice_at: int | None = None,
    ) -> None:
        """Keep a page: its output as written, its ids and links to anchors (MkDocs checks them),
        the build cache keys of the fragments it holds (kept while it is) and the inline scripts
        made files it refers to (written with it)."""
        links = {k: dict(v) for k, v in sorted(links.items())}
        data = {"ids": sorted(ids), "links": links, "uses": uses, "scripts": dict(sorted(scripts.items()))}
        if notice_at is not None:
            data["notice_at"] = notice_at  # where its change notices go (kept without them)
        self.store.put("page:" + key, data, output)


class WarningCount(logging.Handler):
    """Counts warnings (what fails MkDocs' --strict): a page that caused one is not stored; a helper
    process that logged one is not trusted (`prefill`)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


@cache
def warnings() -> WarningCount:
    """The one counter of this process, on MkDocs' logger (plugins log under it)."""
    handler = WarningCount()
    logging.getLogger("mkdocs").addHandler(handler)
    return handler
