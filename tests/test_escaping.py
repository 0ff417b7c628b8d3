"""S1, issue 10: nothing executable from content or configuration reaches a page, a feed or JSON.

Three lines are tested, each with real builds:

- every string from `mkdocs.yml` and `version.yml` (organisation, officer, summaries, document and
  section titles, site description and author) is escaped where it lands: HTML, Atom, JSON,
  `data.json`; each field holds `<script>`, `"><img src=x onerror=…>` and `]]>` at once;
- `check` refuses executable content in a section's Markdown, with its line (`safety.executable_content`);
- if something got past that check, the build's sanitiser still publishes none of it (the check
  is switched off for that build), in the pages, the redline and the browser's compare page.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import REPO, Site, copy_site
from policy_archive import safety
from policy_archive.model import Section
from policy_archive.render import Renderer

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "]]>")
SITE_NAME = "Dynamique & Cie ]]> l’été"  # Material prints site_name unescaped: no markup here (README)
ATOM = "{http://www.w3.org/2005/Atom}"


def hostile(label: str) -> str:
    """A field's value: a label to find it by, then every payload."""
    return f"{label} " + " ".join(PAYLOADS)


def in_markdown(text: str) -> str:
    """The same text written in a Markdown heading: entities, so the reader sees the payload as text."""
    return html.escape(text, quote=True)


# ---------------------------------------------------------------------------- reading what was built


class Page(HTMLParser):
    """Elements, attributes and visible text of a built page, as a browser's tokenizer reads them."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.attribute_names: list[str] = []
        self.texts: list[str] = []
        self._skip = 0
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self.attribute_names += [name for name, _ in attrs]
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.texts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())


def nothing_executable(path: Path, site: Path, root_path: str = "/confidentialite/") -> list[str]:
    """What in a built page could run: scripts that are not the site's files, event handlers,
    frames and plug-ins, broken attributes, `javascript:`/`data:` addresses.
    `root_path` is the path of site_url, which the 404 pages' absolute addresses start with."""
    page = Page(path.read_text(encoding="utf-8"))
    where = path.relative_to(site)
    found = []
    for tag, attrs in page.elements:
        if tag == "script":
            if attrs.get("type") == "application/json" and attrs.get("id") == "__config":
                continue
            src = attrs.get("src")
            if not src or "://" in src:
                found.append(f"{where}: inline or foreign <script> {attrs}")
            elif not (path.parent / src).resolve().is_file() and not (
                src.startswith(root_path) and (site / src[len(root_path) :]).is_file()
            ):
                found.append(f"{where}: <script src={src}> is not a file of the site")
        if tag in ("iframe", "object", "embed", "frame", "applet", "base"):  # Material draws icons in <svg>
            found.append(f"{where}: <{tag}> {attrs}")
        for name, value in attrs.items():
            if name.startswith("on"):
                found.append(f"{where}: event handler {name}= on <{tag}>")
            if name in safety.URL_ATTRIBUTES and value and safety.bad_scheme(value):
                found.append(f"{where}: {name}={value!r} on <{tag}>")
    for name in page.attribute_names:
        if not name.replace("-", "").replace(":", "").replace("_", "").isalnum():
            found.append(f"{where}: broken attribute name {name!r}")
    return found


def every_page(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ---------------------------------------------------------------------------- configuration and metadata


def hostile_site(root: Path) -> Site:
    """The repository's site with every string a reader sees from mkdocs.yml and version.yml hostile,
    plus a further document whose title (from its text) is hostile and whose change is announced."""
    site = copy_site(REPO, root)
    config_path = site.root / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    config["site_name"] = SITE_NAME
    config["site_description"] = hostile("DESCRIPTION")
    config["site_author"] = hostile("AUTHOR")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "policy-archive" in plugin:
            options = plugin["policy-archive"]
            options["organisation"].update(name=hostile("ORGNAME"), address=hostile("ORGADDRESS"))
            options["privacy_officer"].update(
                name=hostile("OFFICERNAME"),
                address=hostile("OFFICERADDRESS"),
                title={"fr": hostile("OFFICERTITLE"), "en": hostile("OFFICERTITLE")},
            )
            options["documents"] = [{"slug": "gouvernance", "policy_dir": "gouvernance"}]
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    site.add_version(
        "2024-05-01",
        summary={"fr": hostile("SUMMARYFR"), "en": hostile("SUMMARYEN")},
        replace={
            "fr": [
                ("# Politique de confidentialité", "# " + in_markdown(hostile("POLICYTITLE"))),
                ("## 1. Objectifs de la politique de confidentialité", "## 1. " + in_markdown(hostile("SECTION"))),
            ],
            "en": [
                ("# Privacy Policy", "# " + in_markdown(hostile("POLICYTITLE"))),
                ("## 1. Objectives of the Privacy Policy", "## 1. " + in_markdown(hostile("SECTION"))),
            ],
        },
    )
    for vid, extra in (("2024-01-01", ""), ("2024-05-20", " Ajout.")):
        version = site.root / "gouvernance" / vid
        for lang in ("fr", "en"):
            (version / lang).mkdir(parents=True)
            (version / lang / "00-titre.md").write_text(
                f"# {in_markdown(hostile('DOCTITLE'))}\n\nPréambule.\n", encoding="utf-8"
            )
            (version / lang / "01-roles.md").write_text(
                f"## 1. {in_markdown(hostile('GOVSECTION'))}\n\nTexte.{extra}\n", encoding="utf-8"
            )
        day = dt.date.fromisoformat(vid)
        meta = {"effective": day, "published": day, "significant": True, "summary": {"fr": hostile("GOVSUMMARY")}}
        meta["summary"]["en"] = hostile("GOVSUMMARY")
        (version / "version.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = hostile_site(tmp_path_factory.mktemp("hostile") / "src")
    site.build("2024-06-01")  # 2024-05-01 in force; the governance change of 2024-05-20 is announced
    return site


def test_no_page_holds_anything_executable(built: Site) -> None:
    pages = every_page(built.out)
    assert len(pages) > 20
    problems = [p for path in pages for p in nothing_executable(path, built.out)]
    # The payload `"><img src=x onerror=…>` would become an <img> if a value broke out of its attribute.
    problems += [f"{path}: <img>" for path in pages if "img" in {t for t, _ in Page(path.read_text()).elements}]
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("path", ["", "en/", "versions/", "versions/2024-05-01/", "en/gouvernance/", "404.html"])
def test_every_hostile_field_is_shown_as_text(built: Site, path: str) -> None:
    """Escaped once, exactly: the reader sees the payload as words (neither run nor double-escaped)."""
    file = built.out / path if path.endswith(".html") else built.out / path / "index.html"
    text = Page(file.read_text(encoding="utf-8")).text
    for label in ("ORGNAME", "OFFICERNAME", "OFFICERTITLE", "OFFICERADDRESS", "DOCTITLE"):
        assert hostile(label) in text, (path, label)
    if path in ("", "versions/2024-05-01/"):
        assert hostile("POLICYTITLE") in text and hostile("SECTION") in text
    if path == "versions/":
        assert hostile("SUMMARYFR") in text


def test_titles_and_metadata_in_the_head_are_escaped(built: Site) -> None:
    for path in ("", "en/versions/2024-05-01/"):
        source = built.html(path)
        (title,) = re.findall(r"<title>(.*?)</title>", source, re.S)
        assert "<" not in title and hostile("POLICYTITLE") in html.unescape(title), title
        elements = Page(source.split("</head>")[0]).elements
        meta = {a.get("name"): a.get("content") for tag, a in elements if tag == "meta"}
        assert meta["description"] == hostile("DESCRIPTION") and meta["author"] == hostile("AUTHOR")
        header = re.search(r'<div class="md-header__topic" data-md-component="header-topic">(.*?)</div>', source, re.S)
        assert header and "<script" not in header[1] and hostile("POLICYTITLE") in Page(header[1]).text


def test_the_notice_names_the_further_document_as_text(built: Site) -> None:
    """The issue's worst case: the governance document's title in the notice, on every page."""
    for path in ("", "en/", "versions/", "en/versions/2023-12-23/"):
        page = Page(built.html(path))
        notice = [a for tag, a in page.elements if tag == "div" and "data-pa-notice" in a]
        assert [a["data-pa-notice"] for a in notice] == ["gouvernance/2024-05-20:changed"], path
        assert hostile("DOCTITLE") in page.text


def test_feeds_parse_and_carry_the_strings_as_text(built: Site) -> None:
    for feed_path, lang in (("feed.xml", "fr"), ("en/feed.xml", "en"), ("gouvernance/feed.xml", "fr")):
        root = ET.parse(built.out / feed_path).getroot()  # a broken escape would not parse
        title = root.findtext(f"{ATOM}title")
        assert title.startswith(SITE_NAME), title
        assert root.findtext(f"{ATOM}author/{ATOM}name") == hostile("ORGNAME")
        summaries = [e.findtext(f"{ATOM}summary") for e in root.iter(f"{ATOM}entry")]
        label = "GOVSUMMARY" if feed_path.startswith("gouvernance") else f"SUMMARY{lang.upper()}"
        assert hostile(label) in summaries, feed_path
    assert hostile("DOCTITLE") in ET.parse(built.out / "gouvernance" / "feed.xml").getroot().findtext(f"{ATOM}title")


def test_json_outputs_hold_the_strings_and_no_markup(built: Site) -> None:
    raw = (built.out / "versions.json").read_text(encoding="utf-8")
    assert "<" not in raw and ">" not in raw  # written \u003c…: no markup for a sniffing browser
    index = json.loads(raw)
    version = next(v for v in index["versions"] if v["id"] == "2024-05-01")
    assert version["summary"] == {"fr": hostile("SUMMARYFR"), "en": hostile("SUMMARYEN")}
    for lang in ("", "en/"):
        raw = (built.out / lang / "versions" / "2024-05-01" / "data.json").read_text(encoding="utf-8")
        assert "<" not in raw
        titles = [s["title"] for s in json.loads(raw)["sections"]]
        assert hostile("SECTION") in " ".join(titles) and hostile("POLICYTITLE") in titles
    for sitemap in built.out.rglob("sitemap.xml"):
        ET.parse(sitemap)


@pytest.mark.browser
def test_nothing_runs_in_the_browser(built: Site, serve, browser) -> None:
    base = serve(built.out)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        for path in ("", "en/", "versions/", "versions/2024-05-01/changes/", "gouvernance/", "en/gouvernance/"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            assert page.locator("img").count() == 0, path
            assert hostile("OFFICERNAME") in page.locator(".pa-officer").inner_text(), path
        page.goto(base + "versions/compare/?from=2023-12-23&to=2024-05-01")
        page.wait_for_selector("#pa-compare[data-pa-state=done]")
        assert hostile("SECTION") in page.locator("#pa-compare").inner_text()
    finally:
        context.close()
    assert not dialogs and not errors, (dialogs, errors)


# ---------------------------------------------------------------------------- the source check


def findings(markdown: str) -> list[tuple[int, str]]:
    return [(f.line, f.message) for f in safety.executable_content(markdown)]


@pytest.mark.parametrize(
    "markdown, line, message",
    [
        ("## T\n\nText.\n\n<script>alert(1)</script>\n", 5, "<script> element"),
        ("## T\n\n<STYLE>p { color: red }</STYLE>\n", 3, "<style> element"),
        ('## T\n\n<iframe src="https://example.com"></iframe>\n', 3, "<iframe> element"),
        ('## T\n\n<object data="x.swf"></object>\n', 3, "<object> element"),
        ('## T\n\n<embed src="x.swf">\n', 3, "<embed> element"),
        ('## T\n\nText.\n<form action="https://example.com/"><input type="password"></form>\n', 4, "<form> element"),
        ('## T\n\n<input type="password" name="p">\n', 3, "<input> element"),
        ("## T\n\nA <img src=x onerror=alert(1)> here.\n", 3, "event-handler attribute 'onerror' on <img>"),
        ("## T\n\n<img/onerror=alert(1)/src=x>\n", 3, "event-handler attribute 'onerror' on <img>"),
        ('## T\n\n<a title="a>b"\n   onmouseover="x()">y</a>\n', 3, "event-handler attribute 'onmouseover' on <a>"),
        ("## T\n\nSee [here](javascript:alert(1)).\n", 3, "'javascript:' address in a link"),
        ("## T\n\nSee [here]( JaVaScRiPt:alert(1)).\n", 3, "'javascript:' address in a link"),
        ("## T\n\nSee ![x](data:image/svg+xml;base64,AAAA).\n", 3, "'data:' address in a link"),
        ("## T\n\nSee [here][r].\n\n[r]: vbscript:msgbox(1)\n", 5, "'vbscript:' address in a link reference"),
        ('## T\n\n<a href="java&#115;cript:alert(1)">x</a>\n', 3, "'javascript:' address in the href of <a>"),
        ("## T\n\n<a href='jav&#x09;ascript:alert(1)'>x</a>\n", 3, "'javascript:' address in the href of <a>"),
        (
            '## T\n\n<form action="javascript:alert(1)"><button>x</button></form>\n',
            3,
            "'javascript:' address in the action of <form>",
        ),
        ('## T\n\nA link.{: onclick="alert(1)" }\n', 3, "event-handler attribute 'onclick' on <attribute list>"),
        (
            '## T\n\n[x](https://example.com){: href="javascript:alert(1)" }\n',
            3,
            "'javascript:' address in the href of <attribute list>",
        ),
        ('## Title {: onclick="alert(1)" }\n', 1, "event-handler attribute 'onclick' on <attribute list>"),
        ('## T\n\n<svg><a xlink:href="javascript:alert(1)">x</a></svg>\n', 3, "<svg> element"),
    ],
)
def test_executable_content_is_found_on_its_line(markdown: str, line: int, message: str) -> None:
    assert (line, message) in findings(markdown), findings(markdown)


def test_code_comments_and_structure_are_not_executable() -> None:
    text = (
        "## 1. Témoins {: #cookies }\n\n"
        "Write `<script>alert(1)</script>` or `[x](javascript:y)` in code: it is shown, never run.\n\n"
        '```html\n<script>alert(1)</script>\n<a href="javascript:x" onclick="y">z</a>\n```\n\n'
        '    <iframe src="x"></iframe>\n\n'
        "<!-- <script>alert(1)</script> -->\n\n"
        '<a id="retention"></a>\n\n'
        '<table class="cookies"><tr><th scope="col" colspan="2">Nom</th></tr>'
        '<tr><td rowspan="1"><span lang="en">cookie</span><br><abbr title="Loi 25">L25</abbr>'
        "<sup>1</sup><sub>2</sub></td></tr></table>\n\n"
        "<details><summary>Plus</summary>Texte.</details>\n\n"
        "See [the form](https://example.com/form), [us](mailto:a@example.com), [call](tel:+14182905701),\n"
        "[below](#retention), [terms](/legal/terms) and the data: it is ours. One = one; onward = on.\n"
    )
    assert findings(text) == []


def test_problems_name_the_file_and_line_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "policy" / "2025-01-01" / "fr" / "01-a.md"
    section = Section("01-a.md", "fr", path, "## A\n\nText <img src=x onerror=alert(1)>.\n", "A", 2, 1)
    (problem,) = safety.section_problems(section)
    text = problem.format(tmp_path)
    assert text.startswith("policy/2025-01-01/fr/01-a.md:3: error: executable content: event-handler attribute")
    assert "\n    → remove the attribute" in text


def test_site_name_with_markup_is_refused(tmp_path: Path) -> None:
    assert safety.site_name_problem(SITE_NAME) is None
    assert safety.site_name_problems(SITE_NAME, tmp_path / "mkdocs.yml") == []
    (problem,) = safety.site_name_problems('Acme"><script>', tmp_path / "mkdocs.yml", 1)
    assert problem.format(tmp_path).startswith("""mkdocs.yml:1: error: site_name may not contain '"' and '<'""")


# ---------------------------------------------------------------------------- the second line: the sanitiser


def test_sanitiser_keeps_structure_and_drops_what_runs() -> None:
    kept = (
        '<h2 id="x">T<a class="headerlink" href="#x" title="Permanent link">¶</a></h2>'
        '<p lang="en" aria-label="l">a <abbr title="t">b</abbr><br><sup>1</sup><span class="c">s</span> '
        '<a href="https://example.com/" hreflang="en">l</a> <a href="mailto:a@b.c">m</a></p>'
        '<table><thead><tr><th colspan="2" scope="col">h</th></tr></thead><tbody><tr><td rowspan="2">d</td>'
        '</tr></tbody></table><details open=""><summary>s</summary><p><ins>i</ins><del>d</del></p></details>'
        '<section class="pa-section" id="a" data-section="01-a.md"><p data-pa-x="1">t</p></section>'
    )
    assert safety.sanitise(kept) == kept
    dropped = safety.sanitise(
        '<script>alert(1)</script><style>p{}</style><iframe src="https://x"></iframe><svg><script>1</script></svg>'
        '<p onclick="x()" data-md-component="announce" data-x="1">t <img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">j</a><a href="data:text/html,x">d</a><a href=" vbscript:x">v</a></p>'
        '<div id="__config">{"search": "evil.js"}</div>'
    )
    assert dropped == '<p>t <img src="x"><a>j</a><a>d</a><a>v</a></p><div>{"search": "evil.js"}</div>'
    aligned = safety.sanitise(
        '<table><tr><th style="text-align: right;">a</th><td class="n" style="color: red">b</td></tr></table>'
    )
    assert aligned == '<table><tbody><tr><th align="right">a</th><td class="n">b</td></tr></tbody></table>'
    assert safety.sanitise(aligned) == aligned


def test_the_redline_is_made_of_sanitised_html() -> None:
    text = '## T\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n<p onclick="x">Text</p>\n\n[x](javascript:alert(1))\n'
    raw = Renderer(["tables", "attr_list", "md_in_html"])(text)
    assert "onclick" in raw and "javascript:" in raw and "text-align" in raw  # Markdown itself lets them through
    safe = safety.SafeRenderer(["tables", "attr_list", "md_in_html"])(text)
    assert "onclick" not in safe and "javascript:" not in safe and "style=" not in safe
    assert 'align="right"' in safe


@pytest.fixture(scope="module")
def unchecked(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A version full of executable content, built with the source check switched off: what would
    be published if something got past `check` (another Markdown extension, a parser difference)."""
    site = copy_site(REPO, tmp_path_factory.mktemp("unchecked") / "src")
    target = site.add_version("2024-05-01")
    for lang in ("fr", "en"):
        (target / lang / "99-hostile.md").write_text(
            "## 99. Hostile {: onclick=\"alert('attr-list')\" }\n\n"
            "<script>alert('script')</script>\n\n"
            "Text <img src=x onerror=\"alert('img')\"> and [a link](javascript:alert('link')).\n\n"
            '<p onmouseover="alert(\'p\')" style="color: red">Styled.</p>\n\n'
            '<iframe src="https://example.com/"></iframe>\n\n'
            '<a href="data:text/html,<script>alert(1)</script>">data</a>\n\n'
            '<div id="__config">{"base": "https://evil.example/"}</div>\n\n'
            "<style>body { display: none }</style>\n\n"
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n",
            encoding="utf-8",
        )
    with pytest.MonkeyPatch.context() as patch:
        from policy_archive import load

        patch.setattr(safety, "executable_problems", lambda *args, **kwargs: [])
        patch.setattr(load, "executable_problems", lambda *args, **kwargs: [], raising=False)
        site.build("2024-06-01")
    return site


def test_unchecked_content_is_published_without_anything_executable(unchecked: Site) -> None:
    problems = [p for path in every_page(unchecked.out) for p in nothing_executable(path, unchecked.out)]
    assert not problems, "\n".join(problems[:20])
    for path in ("versions/2024-05-01/", "versions/2024-05-01/changes/", "en/", "versions/compare/"):
        page = unchecked.html(path)
        assert page.count('id="__config"') == 1 and "evil.example" not in page.split('id="__config"')[1][:200]
        assert "<style" not in page.split("</head>")[1] and 'style="' not in page.split("</head>")[1], path
    page = unchecked.html("versions/2024-05-01/")
    assert '<th align="left">' in page and '<td align="right">' in page  # tables keep their alignment
    assert "Styled." in page and "a link" in page  # the words stay, only what runs goes
    for lang in ("", "en/"):
        raw = (unchecked.out / lang / "versions" / "2024-05-01" / "data.json").read_text(encoding="utf-8")
        data = json.dumps(json.loads(raw))
        for bad in ("onclick", "onerror", "onmouseover", "javascript:", "<script", "\\u003cscript", "iframe"):
            assert bad not in data, (lang, bad)


@pytest.mark.browser
def test_unchecked_content_runs_nothing_in_the_browser(unchecked: Site, serve, browser) -> None:
    base = serve(unchecked.out)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        for path in ("versions/2024-05-01/", "en/versions/2024-05-01/changes/"):
            page.goto(base + path)
            page.wait_for_load_state("load")
            page.locator("section#hostile, [data-section='99-hostile.md']").first.hover()
            page.locator("section#hostile, [data-section='99-hostile.md']").first.click()
        page.goto(base + "versions/2024-05-01/")
        # The table's alignment, now an attribute, still aligns: Material's table style honours it.
        align = "e => getComputedStyle(e).textAlign.replace('-webkit-', '')"  # align= is -webkit-right
        assert page.locator("section#hostile td").nth(1).evaluate(align) == "right"
        assert page.locator("section#hostile th").first.evaluate(align) == "left"
        page.goto(base + "versions/compare/?from=2023-12-23&to=2024-05-01")
        page.wait_for_selector("#pa-compare[data-pa-state=done]")
        page.locator("#pa-compare [data-section='99-hostile.md']").first.click()
        assert page.locator("#pa-compare [data-section='99-hostile.md'] td").nth(1).evaluate(align) == "right"
    finally:
        context.close()
    assert not dialogs, dialogs


# ---------------------------------------------------------------------------- the plugin's own markup

THEME = REPO / "plugins" / "policy_archive" / "theme"


def test_the_plugin_adds_no_inline_script_or_handler(seed_site: Site) -> None:
    for template in sorted(THEME.rglob("*.html")):
        page = Page(template.read_text(encoding="utf-8"))
        for tag, attrs in page.elements:
            assert not (tag == "script" and "src" not in attrs), template
            assert not any(name.startswith("on") for name in attrs), template
    problems = [p for path in every_page(seed_site.out) for p in nothing_executable(path, seed_site.out)]
    assert not problems, "\n".join(problems[:20])
    # Material's own inline scripts were moved into files of the site.
    moved = sorted((seed_site.out / "assets" / "policy-archive").glob("inline-*.js"))
    assert moved and all(m.read_text(encoding="utf-8").strip() for m in moved)


def test_the_compare_page_has_no_noscript_and_only_data_pa_hooks(tmp_path: Path) -> None:
    site = copy_site(REPO, tmp_path / "src")
    site.add_version("2024-05-01")
    out = site.build("2024-06-01")
    page = (out / "versions" / "compare" / "index.html").read_text(encoding="utf-8")
    assert "<noscript" not in page
    (root,) = [a for tag, a in Page(page).elements if "data-pa-compare" in a]
    assert all(not name.startswith("data-") or name.startswith("data-pa-") for name in root)
    assert root["data-pa-versions"] == "2023-12-23 2024-05-01"


def test_reserved_ids_and_input_types_are_handled_as_the_attribute_filter_did() -> None:
    """`_keep_attribute` runs on the cleaned tags, not inside nh3: the same output as nh3 calling
    it for each attribute, on hostile and ordinary markup alike; text that looks like an
    attribute is left alone."""
    import nh3
    from policy_archive import safety

    reference = nh3.Cleaner(
        tags=set(safety.STRUCTURE_TAGS),
        clean_content_tags=set(safety.DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in safety.ATTRIBUTES.items()},
        attribute_filter=safety._keep_attribute,
        generic_attribute_prefixes={"aria-", "data-pa-"},
        url_schemes=set(safety.URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"text-align"},
    )
    samples = [
        '<div id="__config">{"base": "x"}</div><p id="ok" class="a">t</p>',
        '<label for="__search">s</label><input type="checkbox" id="__drawer" name="__n">',
        '<form><input type="password" name="p" required><input type="DATE"><input type="date"></form>',
        '<input title="a > b" type="file"><input type=\'hidden\' value="x">',
        '<p title="x id=&quot;__config&quot;">text id="__config" and &lt;input type="password"&gt;</p>',
        '<a name="__top" href="#x" id="&#95;&#95;config">a</a><td style="text-align: right" id="__c">1</td>',
        '<table><tr><th style="text-align:center;color:red">h</th></tr></table><br><img src="a.png" alt="">',
    ]
    for sample in samples:
        expected = reference.clean(sample)
        if ' style="' in expected:
            expected = safety._SERIALISED_TAG.sub(safety._rewrite_tag, expected)
        assert safety.sanitise(sample) == expected, sample
    assert 'text id="__config" and' in safety.sanitise(samples[4])


# ---------------------------------------------------------------------------- sanitised piece by piece


class Tokens(HTMLParser):
    """A fragment as a browser's tokenizer reads it: tags with their attributes (a bare attribute
    as an empty value, in any order) and text, so two serialisations of one tree compare equal."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.items.append(("<", tag, *sorted(f"{k}={v or ''}" for k, v in attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("/", tag))

    def handle_data(self, data: str) -> None:
        if self.items and self.items[-1][0] == "text":
            self.items[-1] = ("text", self.items[-1][1] + data)
        else:
            self.items.append(("text", data))


def article(path: Path) -> str:
    source = path.read_text(encoding="utf-8")
    start = source.index(">", source.index('<article class="md-content__inner')) + 1
    return source[start : source.index("</article>", start)]


@pytest.mark.parametrize("which", ["built", "unchecked"])
def test_pages_sanitised_piece_by_piece_hold_nothing_a_whole_page_pass_would_remove(
    which: str, request: pytest.FixtureRequest
) -> None:
    """A generated page is sanitised piece by piece (its Markdown, each section once, each redline
    once); its other blocks are the generator's markup. On hostile input, sanitising the whole
    page again, as the build did before, changes nothing: the pieces left nothing out."""
    site: Site = request.getfixturevalue(which)
    pages = [p for p in every_page(site.out) if '<article class="md-content__inner' in p.read_text(encoding="utf-8")]
    assert len(pages) > 20
    changed = [p for p in pages if Tokens(safety.sanitise(article(p))).items != Tokens(article(p)).items]
    assert not changed, [str(p.relative_to(site.out)) for p in changed[:10]]


def test_a_hook_that_changes_generated_pages_gets_them_sanitised_whole(tmp_path: Path) -> None:
    """Another plugin or hook may change a page after its pieces are back: then each page is
    sanitised whole, after every plugin, as before (the piece-by-piece rule cannot see it)."""
    site = copy_site(REPO, tmp_path / "src")
    (site.root / "hooks.py").write_text(
        "def on_page_content(html, page, **kwargs):\n"
        "    return html + '<script>alert(1)</script><p onclick=\"alert(2)\">HOOKED</p>'\n",
        encoding="utf-8",
    )
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    site.build("2024-06-01")
    for path in ("", "versions/2023-12-23/", "en/versions/"):
        page = site.html(path)
        assert "HOOKED" in page and "alert(1)" not in page and "onclick" not in page, path


def test_section_titles_in_the_redline_s_labels_are_escaped_where_they_are_written() -> None:
    """A renamed section's old title and the titles of a fold are plain text: escaped by the
    generator itself, not left to the sanitiser (which would keep `<b>` as markup)."""
    from policy_archive import pages, redline
    from policy_archive.model import Policy
    from policy_archive.redline.sections import SectionChange

    site = pages.Site(Policy([], dt.date(2024, 1, 1), ["fr", "en"]), "en", "Org", "Policy")
    title = 'Old <b>bold</b> & "quoted"'
    renamed = SectionChange("05-x.md", "x", redline.RENAMED, "New", 2, "New", "x", "<p>a</p>", old_title=title)
    label = pages._status_label(site, renamed)
    assert html.escape(title) in label and "<b>" not in label
    unchanged = SectionChange("06-y.md", "y", redline.UNCHANGED, title, 2, "Y", "y", "<p>b</p>")
    fold = pages._fold(site, [unchanged])
    summary = fold.split("<summary>")[1].split("</summary>")[0]
    assert html.escape(title) in summary and "<b>" not in summary
