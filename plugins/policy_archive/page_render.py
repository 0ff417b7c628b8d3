"""MkDocs' `Page.render` for the plugin's generated pages, with one Markdown per language build.

MkDocs makes a new `markdown.Markdown` for every page it converts, its extensions loaded and its
processors registered anew: a quarter of a millisecond a page, 0.29 s for the 1,234 pages of a
300-version site. The plugin's pages are converted by one Markdown per language build instead,
reset between pages as Python-Markdown allows (each distinct section is converted so already:
`fragments.Renderer`), with MkDocs' own per-page processors registered for each page in the order
`Page.render` registers them, so each page gets the same HTML, table of contents, title, anchors
and links to check. It copies MkDocs 1.6's `Page.render` (`SUPPORTED`), whose private processors it
uses: with another MkDocs, or when something else replaced `Page.render`, MkDocs renders the page.
"""

from __future__ import annotations

import logging
from typing import Any

import markdown
import mkdocs
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.toc import get_toc

SUPPORTED = ("1.6.",)
_MKDOCS_RENDER = mkdocs_pages.Page.render
_PROCESSORS = (
    "_RawHTMLPreprocessor",
    "_ExtractAnchorsTreeprocessor",
    "_RelativePathTreeprocessor",
    "_ExtractTitleTreeprocessor",
)


def usable() -> bool:
    """Whether pages may be rendered here: the MkDocs this copies, its `Page.render` in place."""
    return (
        mkdocs.__version__.startswith(SUPPORTED)
        and mkdocs_pages.Page.render is _MKDOCS_RENDER
        and all(hasattr(mkdocs_pages, name) for name in _PROCESSORS)
    )


class Converter:
    """One language build's Markdown, for every generated page MkDocs would convert."""

    def __init__(self, config: Any) -> None:
        self._md = markdown.Markdown(
            extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {}
        )

    def render(self, page: mkdocs_pages.Page, config: Any, files: Any) -> None:
        """`Page.render` of MkDocs 1.6, but for the Markdown it makes."""
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        md = self._md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown)
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        if mkdocs_pages.log.getEffectiveLevel() > logging.DEBUG:
            page.links_to_anchors = relative.links_to_anchors
