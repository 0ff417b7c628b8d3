"""Section Markdown -> HTML with the site's own Markdown extensions.

Both the pages and the redline read policy text through `prepare`, so what the
redline compares is exactly what the reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import urlsplit

import markdown

from .source import normalise, scan

DEFAULT_EXTENSIONS = ("attr_list", "md_in_html", "tables", "toc", "fenced_code")
# MkDocs always adds these to a site's own list.
MKDOCS_BUILTIN = ("toc", "tables", "fenced_code")

# kramdown's inline attribute list at the end of a paragraph line: "Text.{: datetime="2019-06-04" }".
_TRAILING_IAL = re.compile(r"^(?P<text>(?![ \t]*#)(?![ \t]*\|).*\S)[ \t]*(?P<ial>\{:[^{}\n]*\})[ \t]*$")
# A line holding only an attribute list: kept when it closes a block (Python-Markdown reads it),
# dropped when it stands alone (kramdown's block IAL or {:toc}: nothing a reader should see).
_IAL_LINE = re.compile(r"^[ \t]*\{:?[^{}\n]*\}[ \t]*$")
# An ATX heading whose attribute list touches its last word ("## Title{: #id }"): kramdown reads it,
# Python-Markdown needs a space before it.
_GLUED_HEADING_ATTRS = re.compile(r"^(?P<head>#{1,6}[ \t]+.*?[^ \t{])(?P<attrs>\{[:#.][^{}\n]*\})[ \t]*$")
# What comes before a link target: a Markdown link, a reference definition, an HTML attribute.
_LEAD = r"\]\(\s*<?|^\s{0,3}\[[^\]]+\]:\s*<?"
# A relative link target ("compliance@example.com", "terms.html"): it was relative to the page the
# policy came from, and nothing on this site answers it.
_RELATIVE_LINK = re.compile(
    rf"(?P<lead>{_LEAD}|\bhref\s*=\s*[\"'])(?P<target>(?![a-zA-Z][a-zA-Z0-9+.-]*:|[#/?])[^\s)>\"']+)", re.M
)
# A site-absolute one ("/legal/terms"), in links and in `src` too.
_ABS_LINK = re.compile(rf"({_LEAD}|\b(?:href|src)\s*=\s*[\"'])/(?!/)", re.M)
# What every rule of `prepare` needs in a line ("{" for attribute lists, "](", "]:", href or src
# for links): a text without any is returned as it is.
_MAY_CHANGE = re.compile(r"\{|\]\(|\]:|href|src")
_DOT_SEGMENTS = re.compile(r"^(?:\.{1,2}/)+")
_EMAIL = re.compile(r"^[^@\s/]+@[^@\s/]+\.[A-Za-z]{2,}$")


def prepare(text: str, link_base: str = "") -> str:
    """Policy Markdown as the site renders it: kramdown-style attribute lists moved where
    Python-Markdown reads them, stray ones dropped, link targets resolved (`_resolve`). Code
    (as `source.scan` finds it) is left as written."""
    text = normalise(text)
    if not _MAY_CHANGE.search(text):
        return text  # most sections: no attribute list, link or source (a tenth of a second per build)
    base = link_base.rstrip("/")
    code = scan(text).code
    lines = text.split("\n")
    out: list[str] = []
    for n, line in enumerate(lines, start=1):
        if n in code:
            out.append(line)
            continue
        if _IAL_LINE.match(line) and line.strip().startswith("{"):
            if out and out[-1].strip():
                out.append(line)  # closes the block above: Python-Markdown reads it
            continue  # a block IAL before a block, or {:toc}: not shown
        line = _RELATIVE_LINK.sub(lambda m: m.group("lead") + _resolve(m.group("target"), base), line)
        if base:
            line = _ABS_LINK.sub(lambda m: m.group(1) + base + "/", line)
        if m := _GLUED_HEADING_ATTRS.match(line):
            line = f"{m.group('head')} {m.group('attrs')}"
        if (m := _TRAILING_IAL.match(line)) and (n >= len(lines) or not lines[n].strip()):
            out += [m.group("text"), m.group("ial")]
            continue
        out.append(line)
    return "\n".join(out)


def _resolve(target: str, base: str) -> str:
    """An e-mail address written as a link target becomes `mailto:`; another relative target points
    into the organisation's website (`base`), or, without one, is kept as written."""
    if _EMAIL.match(target):
        return "mailto:" + target
    return f"{base}/{_DOT_SEGMENTS.sub('', target)}" if base else target


def link_base(website: str, site_url: str) -> str:
    """Where `/legal/terms` in policy text points: the organisation's website, else the site's origin."""
    for url in (website, site_url):
        parts = urlsplit(url or "")
        if parts.scheme and parts.netloc:
            return f"{parts.scheme}://{parts.netloc}"
    return ""


def extensions_from_mkdocs(raw: Any) -> tuple[list[str], dict[str, Any]]:
    """`markdown_extensions` as written in mkdocs.yml (names, or one-key mappings of name to options)."""
    if not raw:
        return list(DEFAULT_EXTENSIONS), {}
    names: list[str] = [n for n in MKDOCS_BUILTIN]
    configs: dict[str, Any] = {}
    for item in raw:
        if isinstance(item, str):
            names += [item] if item not in names else []
        elif isinstance(item, dict):
            for name, options in item.items():
                names += [str(name)] if str(name) not in names else []
                if isinstance(options, dict):
                    configs[str(name)] = options
    return names, configs


class Renderer:
    """Markdown -> HTML with given extensions and link base. It keeps no cache: `redline.Redliner`
    keeps the blocks read from each distinct text, which is what is reused.

    `convert`, when given, converts the prepared text instead of a Markdown of its own: the
    build's page renderer (`fragments.Renderer.html`), set up with the same extensions, which
    converts each distinct section once for the pages and the redline alike."""

    def __init__(
        self,
        extensions: Sequence[Any] = DEFAULT_EXTENSIONS,
        configs: dict[str, Any] | None = None,
        base: str = "",
        convert: Callable[[str], str] | None = None,
    ) -> None:
        self._md = None if convert else markdown.Markdown(extensions=list(extensions), extension_configs=configs or {})
        self._convert = convert
        self.base = base

    def __call__(self, text: str) -> str:
        # Stripped as a page holds it (`pages.section_markdown`): the redline compares what readers see.
        prepared = prepare(text, self.base).strip()
        if self._convert is not None:
            return self._convert(prepared)
        return self._md.reset().convert(prepared)  # type: ignore[union-attr]
