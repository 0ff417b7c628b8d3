"""Nothing executable from content or configuration (S1).

Three lines, from the source to the browser:

1. `executable_content` / `executable_problems`: what `check` and the build refuse in a section's
   Markdown (`<script>`, `<style>`, `<iframe>`, `<object>`, `<embed>` and their kin, `on*=`
   event-handler attributes, `javascript:`/`data:`/`vbscript:` link targets), with line numbers.
   Raw HTML for structure (tables, anchors, spans, `abbr`, `br`, `sup`, `details`) stays allowed.
2. `sanitise`: every rendered fragment (a section, a redline, a generated page) goes through an
   allow-list sanitiser (nh3, the binding of the Rust crate ammonia) before it is published, in case
   something got past the first line (another Markdown extension, a parser difference).
3. `externalise_scripts`: the inline scripts Material writes into every page are moved into files,
   so the site works under a Content-Security-Policy of `script-src 'self'` (README).

Pure functions, no MkDocs import: the core also runs under ProperDocs.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nh3

from .model import Section, Version
from .problems import ERROR, Problem
from .render import Renderer
from .source import scan

# --------------------------------------------------------------------------- 1. the source check

# Elements that run code, load other documents, or change where the page's links and scripts point.
_EXECUTABLE_TAGS = "script style iframe frame frameset object embed applet base meta link svg math"
# Form controls: a form in the policy could send what a reader types anywhere. The site's own
# pickers (compare, date) are the plugin's markup, never the policy's text.
_FORM_TAGS = "form input button select textarea"
EXECUTABLE_ELEMENTS = frozenset(_EXECUTABLE_TAGS.split() + _FORM_TAGS.split())
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
# Attributes holding a URL a browser follows or loads.
URL_ATTRIBUTES = frozenset(
    ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "cite", "longdesc"]
)
_HINT_ELEMENT = (
    "remove it: raw HTML in the policy is for structure only (tables, links, anchors, spans, abbr, br, "
    "sup/sub, details/summary); the published page would drop it"
)
_HINT_HANDLER = "remove the attribute: nothing in the policy may run code when a reader clicks or loads it"
_HINT_URL = "link to an https:, mailto: or tel: address, or to a page of the site, instead"
# Markdown links `[text](target)`, images `![alt](target)` and reference definitions `[ref]: target`.
_MD_LINK = re.compile(r"\]\(\s*<?(?P<url>[^\s)>]*)")
_MD_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*<?(?P<url>[^\s>]+)", re.M)
# attr_list's `{: key="value" }`, which sets any attribute, `onclick` and `href` included.
_ATTR_LIST = re.compile(r"\{:?([^{}\n]*)\}")
_ATTR_PAIR = re.compile(r"""([^\s"'=<>{}]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'{}]+))""")
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    """One piece of executable content in a section's source."""

    line: int  # 1-based, in the file as written
    message: str
    hint: str


def bad_scheme(url: str) -> str | None:
    """`javascript:`, `vbscript:` or `data:` when `url` uses it, the way a browser reads it:
    entities decoded, tabs, newlines and spaces ignored, any letter case."""
    value = _CONTROL.sub("", html.unescape(url)).lower()
    return next((scheme for scheme in BAD_SCHEMES if value.startswith(scheme)), None)


def _attribute_findings(tag: str, attrs: Iterable[tuple[str, str | None]], line: int) -> list[Finding]:
    found = []
    for name, value in attrs:
        name = name.lower()
        if name.startswith("on"):
            found.append(Finding(line, f"event-handler attribute '{name}' on <{tag}>", _HINT_HANDLER))
        elif name in URL_ATTRIBUTES and value:
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            for url in urls:
                if scheme := bad_scheme(url):
                    found.append(Finding(line, f"'{scheme}' address in the {name} of <{tag}>", _HINT_URL))
    return found


class _Tags(HTMLParser):
    """Start tags as a browser's tokenizer sees them (`<img/onerror=…>`, `title="a>b"`, entities)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag in EXECUTABLE_ELEMENTS:
            self.found.append(Finding(line, f"<{tag}> element", _HINT_ELEMENT))
        self.found += _attribute_findings(tag, attrs, line)

    handle_startendtag = handle_starttag


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def executable_content(markdown: str) -> list[Finding]:
    """Everything in a section's Markdown that would run code or load a document, by line.

    Code (fenced, indented, spans) and HTML comments are text, not markup: they are skipped, the
    way `source.scan` reads them (the same reading as every other check).
    """
    return list(_executable_content(markdown))


@lru_cache(maxsize=4096)
def _executable_content(markdown: str) -> tuple[Finding, ...]:
    """`executable_content`, once per distinct text: most sections repeat from version to version."""
    prose = "\n".join(scan(markdown).prose)  # code lines blanked, code spans and comments removed
    parser = _Tags()
    parser.feed(prose)
    parser.close()
    found = list(parser.found)
    for pattern, what in ((_MD_LINK, "link"), (_MD_REFERENCE, "link reference")):
        for m in pattern.finditer(prose):
            if scheme := bad_scheme(m.group("url")):
                found.append(Finding(_line_of(prose, m.start("url")), f"'{scheme}' address in a {what}", _HINT_URL))
    for m in _ATTR_LIST.finditer(prose):
        pairs = [
            (p.group(1), next(v for v in p.group(2, 3, 4) if v is not None)) for p in _ATTR_PAIR.finditer(m.group(1))
        ]
        found += _attribute_findings("attribute list", pairs, _line_of(prose, m.start()))
    # One report per line and message, in reading order.
    unique = {(f.line, f.message): f for f in found}
    return tuple(sorted(unique.values(), key=lambda f: f.line))


def section_problems(section: Section, level: str = ERROR) -> list[Problem]:
    """`file:line: error: executable content: …` for one section file."""
    return [
        Problem(level, section.path, f"executable content: {f.message}", f.hint, f.line)
        for f in executable_content(section.markdown)
    ]


def executable_problems(version: Version, level: str = ERROR) -> list[Problem]:
    """Every section of every language of a version; `load` appends these to its problems, so
    `policy-archive check` and `mkdocs build` refuse the same thing in the same words."""
    return [p for sections in version.sections.values() for s in sections for p in section_problems(s, level)]


def site_name_problem(site_name: str) -> str | None:
    """Material prints `site_name` into pages without escaping it (the header, `<title>`, an
    `aria-label="…"`): a `<` there starts markup, a `"` ends the attribute. Refuse both."""
    if bad := sorted({ch for ch in site_name if ch in '<"'}):
        shown = " and ".join(f"'{ch}'" for ch in bad)
        return f"site_name may not contain {shown}: Material for MkDocs writes it into every page without escaping it"
    return None


def site_name_problems(site_name: str, config_file: Path, line: int | None = None) -> list[Problem]:
    """`site_name_problem` as a problem of mkdocs.yml, for `config.site_problems` (build and check)."""
    if message := site_name_problem(site_name):
        return [Problem(ERROR, config_file, message, 'write it without < and " (for quotes: « » or “ ”)', line)]
    return []


# --------------------------------------------------------------------------- 2. the sanitiser

_TEXT_TAGS = """a abbr address article aside b bdi bdo blockquote br caption center cite code col colgroup data dd
    del details dfn div dl dt em figcaption figure footer h1 h2 h3 h4 h5 h6 header hr i img ins kbd li mark nav ol
    p pre q rp rt ruby s samp section small span strong sub summary sup table tbody td tfoot th thead time tr u ul
    var wbr"""
_PICKER_TAGS = "form label select option button input"  # the compare and date pickers (archive, compare, at pages)
STRUCTURE_TAGS = frozenset(_TEXT_TAGS.split() + _PICKER_TAGS.split())
# Dropped with everything inside: their content is code or raw text, not the policy's words.
DROPPED_WITH_CONTENT = frozenset(["script", "style", "template", "textarea", "xmp", "noembed", "noframes"])
ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id", "class", "title", "lang", "dir", "role", "hidden", "translate", "style"}
    | {"data-section", "data-label", "data-version"},
    "p": {"data-search-exclude"},  # a section's history link: not the policy's words (search)
    "a": {"href", "hreflang", "name"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan", "headers", "scope"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "data": {"value"},
    "ins": {"datetime", "cite"},
    "del": {"datetime", "cite"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "details": {"open"},
    "form": {"action", "method"},
    "label": {"for"},
    "select": {"name"},
    "option": {"value", "selected"},
    "button": {"type"},
    "input": {"type", "name", "required"},  # a date field only: see _keep_attribute
}
# Elements whose `align` attribute browsers still read as text alignment.
_ALIGNABLE_TAGS = "p div caption td th tr thead tbody tfoot col colgroup h1 h2 h3 h4 h5 h6"
ALIGNABLE = frozenset(_ALIGNABLE_TAGS.split())
for _tag in ALIGNABLE:
    ATTRIBUTES.setdefault(_tag, set()).add("align")
URL_SCHEMES = frozenset(["http", "https", "mailto", "tel"])
ALIGNMENTS = ("left", "right", "center", "justify")
_SERIALISED_TAG = re.compile(r'<([a-z][a-z0-9-]*)((?: [^\s"=>]+="[^"]*")*) ?(/?)>')
_SERIALISED_ATTR = re.compile(r' ([^\s"=>]+)="([^"]*)"')


def _keep_attribute(tag: str, name: str, value: str) -> str | None:
    """Ids and names starting with `__` belong to Material (`__config`, `__search`, `__drawer`):
    content holding one could take over the page's configuration or its controls. An `<input>` is
    the pages' date picker: any other type (a password field to phish with) becomes a date.

    Applied to the cleaned HTML's tags (`_rewrite_tag`), not as nh3's attribute filter: a call
    into Python per attribute was a fifth of the sanitiser's time, for tags that rarely need it."""
    if name in ("id", "name", "for") and value.startswith("__"):
        return None
    if tag == "input" and name == "type" and value.lower() != "date":
        return "date"  # the date picker of the archive and `versions/at/`: never a password or file field
    return value


_CLEANER = nh3.Cleaner(
    tags=set(STRUCTURE_TAGS),
    clean_content_tags=set(DROPPED_WITH_CONTENT),
    attributes={tag: set(names) for tag, names in ATTRIBUTES.items()},
    generic_attribute_prefixes={"aria-", "data-pa-"},
    url_schemes=set(URL_SCHEMES),
    link_rel=None,
    strip_comments=True,
    filter_style_properties={"text-align"},
)


def _rewrite_tag(m: re.Match[str]) -> str:
    """One tag of the cleaned HTML (html5ever writes each attribute `name="value"`, `"` escaped),
    its attributes checked by `_keep_attribute`, and `style="text-align:right"` (Markdown tables
    write it) made `align="right"`: the same look (and Material's table style honours `align`)
    without an inline style, which a Content-Security-Policy without `'unsafe-inline'` would
    block. Any other inline style is dropped."""
    tag, attrs, slash = m.group(1), m.group(2), m.group(3)
    written = _SERIALISED_ATTR.findall(attrs)
    pairs = [(name, value) for name, v in written if (value := _keep_attribute(tag, name, v)) is not None]
    if pairs == written and not any(name == "style" for name, _ in pairs):
        return m.group(0)
    kept: list[tuple[str, str]] = []
    for name, value in pairs:
        if name != "style":
            kept.append((name, value))
            continue
        align = re.fullmatch(r"\s*text-align\s*:\s*([a-z]+)\s*;?\s*", value)
        if align and align.group(1) in ALIGNMENTS and tag in ALIGNABLE and not any(n == "align" for n, _ in pairs):
            kept.append(("align", align.group(1)))
    rebuilt = "".join(f' {name}="{value}"' for name, value in kept)
    return f"<{tag}{rebuilt}{' /' if slash else ''}>"


def sanitise(fragment: str) -> str:
    """An HTML fragment with only the allow-listed structure left: no script, style, frame or
    plug-in element, no event handler, no `javascript:`/`data:` address, no inline style.

    Idempotent (a sanitised fragment comes out unchanged), so a page built from sanitised
    sections may be sanitised again as a whole.
    """
    clean = _CLEANER.clean(fragment)
    if ' style="' in clean or '="__' in clean or "<input" in clean:
        return _SERIALISED_TAG.sub(_rewrite_tag, clean)
    return clean


def sanitise_recurring() -> Callable[[str], str]:
    """`sanitise` that remembers the fragments it last cleaned: a block that recurs on many pages
    (a section unchanged across versions, on each of their changes pages, built in order) is
    cleaned once. Bounded: remembering every block held 20 MB more at 300 versions."""
    return lru_cache(maxsize=256)(sanitise)


class SafeRenderer(Renderer):
    """The site's Markdown renderer, its output sanitised: what the redline, the changes pages and
    each version's `data.json` (so the browser's compare page) are made of."""

    def __call__(self, text: str) -> str:
        return sanitise(super().__call__(text))


# --------------------------------------------------------------------------- 3. outputs


def json_for_html(data: Any, **options: Any) -> str:
    """JSON with `<`, `>` and `&` written as `\\u003c`…: the same data once parsed, but no text that
    a browser sniffing the file, or a page embedding it, could read as markup."""
    text = json.dumps(data, ensure_ascii=False, **options)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text for an XML element or attribute: escaped, without the characters XML 1.0 forbids
    (a control character in a summary would make the whole feed unreadable)."""
    return html.escape(_XML_INVALID.sub("", text), quote=True)


_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script\s*>", re.S | re.I)
_SCRIPT_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_JS_TYPES = frozenset(["", "text/javascript", "application/javascript", "module", "text/ecmascript"])
_OUR_SCRIPT = re.compile(r'<script src="(?P<base>[^"]*?)assets/policy-archive/notice\.js"')
SCRIPT_DIR = "assets/policy-archive/"


def externalise_scripts(page: str, scripts: dict[str, str]) -> str:
    """Move every inline script of a built page into a file named by its content, so the site
    needs no `'unsafe-inline'` (Material writes two: its storage helpers and the tabbed-content
    hash handler). The file goes beside the plugin's own scripts; `scripts` collects
    name -> source for the caller to write. Scripts keep their place, so their order is kept.

    The page's way to the site root is read from its own `notice.js` tag; a page without it
    (a template that does not extend policy-archive.html) is left as it is.
    """
    ours = _OUR_SCRIPT.search(page)
    if ours is None:
        return page
    base = ours.group("base")

    def move(m: re.Match[str]) -> str:
        attrs, body = m.group("attrs"), m.group("body")
        kind = _SCRIPT_TYPE.search(attrs)
        if re.search(r"\bsrc\s*=", attrs, re.I) or not body.strip():
            return m.group(0)
        if kind and kind.group(1).lower() not in _JS_TYPES:
            return m.group(0)  # data (Material's __config JSON): never executed, allowed by any policy
        name = f"inline-{hashlib.sha256(body.encode('utf-8')).hexdigest()[:16]}.js"
        scripts[name] = body
        return f'<script{attrs} src="{html.escape(base + SCRIPT_DIR + name)}"></script>'

    return _INLINE_SCRIPT.sub(move, page)


__all__ = [
    "ATTRIBUTES",
    "BAD_SCHEMES",
    "EXECUTABLE_ELEMENTS",
    "STRUCTURE_TAGS",
    "Finding",
    "SafeRenderer",
    "bad_scheme",
    "executable_content",
    "executable_problems",
    "externalise_scripts",
    "json_for_html",
    "sanitise",
    "section_problems",
    "site_name_problem",
    "site_name_problems",
    "xml_text",
]
