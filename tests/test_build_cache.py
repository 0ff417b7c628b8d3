"""Render once, cache between builds (issue 13): the same site with and without the cache.

Each distinct section is converted once (`fragments`) and, with the build cache on, kept in
`.cache/policy-archive/build/` with the redlines and the compare page's data (`buildcache`).
What a reader gets must not depend on it: builds with the cache off, cold and warm are
byte-identical, on the demo and on a generated 50-version site. A change of what the HTML
depends on (extensions and their options, the text) is never answered from the cache, and a
damaged or unwritable cache costs a line in the log, not the build.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import shutil
import sqlite3
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import REPO, Site, copy_site, generated_site
from policy_archive import buildcache, fragments, page_render

AS_OF = "2026-12-01"
CACHE = Path(".cache/policy-archive/build/cache.sqlite")


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def build(site: Site, monkeypatch: pytest.MonkeyPatch, cache: bool, as_of: str = AS_OF) -> dict[str, bytes]:
    monkeypatch.setenv(buildcache.ENV, "1" if cache else "0")
    shutil.rmtree(site.out, ignore_errors=True)
    return tree(site.build(as_of))


def assert_same(a: dict[str, bytes], b: dict[str, bytes]) -> None:
    assert sorted(a) == sorted(b)
    differing = [name for name in a if a[name] != b[name]]
    assert not differing, differing[:10]


# -- the page, split and put back -------------------------------------------------------------

PAGE = """# Titre {#top}

<p class="pa-meta">Dynamique<br>
Version</p>

<section class="pa-section" id="intro" data-section="01-intro.md" markdown="1">

## 1. Exemple

Texte **gras** et [lien](#details).

### Détails

- un
- deux

</section>

<section class="pa-section" data-section="02-exemple.md" markdown="1">

## 2. Exemple {#deux}

### Détails

| a | b |
|---|---|
| 1 | 2 |

</section>

<section class="pa-change pa-change--modified" data-section="03-x.md"><h2 id="x">X</h2><div>y</div></section>

Fin.
"""
EXTENSIONS = ["toc", "md_in_html", "attr_list", "tables"]
CONFIGS = {"toc": {"permalink": True}}


def whole_page() -> tuple[str, list[dict]]:
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    return md.convert(PAGE), md.toc_tokens


def split_page() -> tuple[fragments.Filled, list[fragments.Piece]]:
    skeleton, pieces = fragments.split(PAGE)
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    html = md.convert(skeleton)
    renderer = fragments.Renderer(EXTENSIONS, CONFIGS, fragments.config_key(EXTENSIONS, CONFIGS))
    found = fragments.render(pieces, renderer, buildcache.Store())
    return fragments.fill(html, pieces, found, md.toc_tokens), pieces


def ids(tokens: list[dict]) -> list[tuple[int, str]]:
    out = []
    for t in tokens:
        out.append((t["level"], t["id"]))
        out += ids(t.get("children", []))
    return out


def test_split_takes_out_sections_and_redline_blocks_and_fill_puts_them_back() -> None:
    filled, pieces = split_page()
    # The metadata paragraph (two lines of raw HTML) and the redline block pass through as they
    # are; the two policy sections are Markdown, converted apart.
    assert [p.markdown is not None for p in pieces] == [False, True, True, False]
    assert pieces[0].raw == '<p class="pa-meta">Dynamique<br>\nVersion</p>'
    assert pieces[1].opening == '<section class="pa-section" id="intro" data-section="01-intro.md">'
    assert "pa-fragment" not in filled.html
    assert filled.html.count("<section") == 3 and "<strong>gras</strong>" in filled.html
    assert "<td>1</td>" in filled.html and 'markdown="1"' not in filled.html
    assert filled.html.index("1. Exemple") < filled.html.index("2. Exemple") < filled.html.index(">X<")


def test_a_filled_page_shares_its_sections_html_and_is_searched_without_being_put_together() -> None:
    """The plugin holds a page as its skeleton and pieces until its template is rendered: the
    sections' HTML is the renderer's own (shared by every page with the same text), and a search
    over the page (Material's attributes) sees what the whole page would show."""
    filled, pieces = split_page()
    renderer_html = {
        frag.html for frag in fragments.render(pieces, fragments.Renderer(EXTENSIONS, CONFIGS, "k"), buildcache.Store())
    }
    shared = [s for part in filled.parts.values() for s in part if s in renderer_html]
    # All but the section whose heading is renamed on this page (details_1), which is its own copy.
    assert len(shared) == 3 and "pa-fragment" in filled.skeleton and "pa-fragment" not in filled.html
    for text, found in (("<strong>gras</strong>", True), ("<td>1</td>", True), ("Fin.", True), ("absent", False)):
        assert filled.search(re.compile(re.escape(text))) is found is (text in filled.html)
    assert filled.search(re.compile('class="pa-section"'))  # in a piece's opening, not its fragment


def test_the_toc_and_ids_are_those_of_the_whole_page_converted_at_once() -> None:
    whole_html, whole_toc = whole_page()
    filled, _ = split_page()
    # Same headings, same levels, same ids, in the same nesting: the second "Détails" is made
    # unique across sections the way `toc` does it on one document.
    assert filled.toc and ids(filled.toc) == ids(whole_toc)
    assert [t["id"] for t in filled.toc] == ["top"]
    assert ("details_1" in filled.ids) and ('id="details_1"' in filled.html and 'href="#details_1"' in filled.html)
    for heading_id in ("top", "1-exemple", "details", "deux", "details_1", "intro", "x"):
        assert heading_id in filled.ids, heading_id
        assert f'id="{heading_id}"' in whole_html
    assert filled.links == ["details"]  # the text's own link; headings' permalinks are not links to check


def test_consecutive_pieces_are_one_comment_in_the_page_markdown_converts() -> None:
    # Python-Markdown's HTML parser costs per comment: four blocks in a row are one placeholder.
    skeleton, pieces = fragments.split(PAGE)
    assert len(pieces) == 4 and skeleton.count("<!--") == 1 and "-0,1,2,3-->" in skeleton
    assert skeleton.endswith("-->\n\n\nFin.\n")


def test_raw_html_is_taken_out_only_when_markdown_would_pass_it_through_whole() -> None:
    kept = [
        '<div class="pa-x">a</div>\nThen *Markdown* on the next line.',  # the element ends before the block
        '<div class="pa-x" markdown="1">\n*Markdown* inside</div>',  # Markdown inside
        '<div class="pa-x"><div>nested</div>',  # never closed
        'Text then <div class="pa-x">x</div>',  # not at the start of a line
    ]
    for block in kept:
        skeleton, pieces = fragments.split(f"# T\n\n{block}\n\nFin.\n")
        assert pieces == [] and block in skeleton, block
    nested = '<div class="pa-x"><div>one</div>\n<div>two</div></div>'
    skeleton, pieces = fragments.split(f"# T\n\n{nested}\n\nFin.\n")
    assert [p.raw for p in pieces] == [nested]


def test_a_placeholder_cannot_be_forged_by_text() -> None:
    # The marker carries a number made anew each run: text that looks like one is left alone.
    page = "# T\n\n<!--pa-fragment-0000000000000000-0-->\n\nFin.\n"
    skeleton, pieces = fragments.split(page)
    assert pieces == [] and skeleton == page


def test_the_configuration_key_follows_options_and_ignores_object_addresses() -> None:
    def slug(value: str, separator: str) -> str:
        return value

    a = fragments.config_key(["toc"], {"toc": {"permalink": True, "slugify": slug}})
    assert a == fragments.config_key(["toc"], {"toc": {"slugify": slug, "permalink": True}})
    assert a != fragments.config_key(["toc"], {"toc": {"permalink": "#", "slugify": slug}})
    assert a != fragments.config_key(["toc", "tables"], {"toc": {"permalink": True, "slugify": slug}})


# -- real builds ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, list[dict[str, bytes]]]:
    """The demo built with the cache off, then on (cold), then on again (warm)."""
    site = copy_site(REPO / "examples" / "demo", tmp_path_factory.mktemp("demo") / "site")
    shutil.copytree(REPO / "examples" / "demo" / "gouvernance", site.root / "gouvernance")
    with pytest.MonkeyPatch.context() as mp:
        trees = [build(site, mp, False), build(site, mp, True), build(site, mp, True)]
    return site, trees


def test_the_demo_is_byte_identical_with_the_cache_off_cold_and_warm(demo_trees) -> None:
    site, (off, cold, warm) = demo_trees
    assert len(off) > 100
    assert_same(off, cold)
    assert_same(off, warm)
    kinds = {key.split(":", 1)[0] for key in entries(site.root / CACHE)}
    assert kinds == {"fragment", "page", "redline", "sectiondata"}


def test_the_pages_converted_with_one_markdown_are_those_mkdocs_converts(
    demo_trees, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`page_render` copies MkDocs 1.6's `Page.render` with one Markdown per language build: the same
    site as MkDocs' own, page for page (and it is used: every generated page goes through it)."""
    site, (off, _cold, _warm) = demo_trees
    rendered = []
    original = page_render.Converter.render
    monkeypatch.setattr(
        page_render.Converter, "render", lambda self, page, *a: rendered.append(page) or original(self, page, *a)
    )
    assert_same(off, build(site, monkeypatch, False))
    assert len(rendered) > 50
    monkeypatch.setattr(page_render, "usable", lambda: False)
    rendered.clear()
    assert_same(off, build(site, monkeypatch, False))
    assert rendered == []


def test_mkdocs_renders_the_pages_itself_where_the_copy_may_be_wrong(monkeypatch: pytest.MonkeyPatch) -> None:
    assert page_render.usable()
    monkeypatch.setattr("mkdocs.__version__", "1.7.0")
    assert not page_render.usable()
    monkeypatch.undo()
    monkeypatch.setattr("mkdocs.structure.pages.Page.render", lambda self, config, files: None)
    assert not page_render.usable()


def test_a_cold_build_converts_each_section_once_for_the_pages_and_the_redline(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The redline and the pages read the same HTML of each section (`render.Renderer` with the
    page renderer's `convert`): no section's text is converted twice, even with the cache off.
    The history link that ends a section on a version page is put back after the conversion."""
    site = copy_site(REPO / "examples" / "demo", tmp_path / "site")
    shutil.copytree(REPO / "examples" / "demo" / "gouvernance", site.root / "gouvernance")
    sources: list[str] = []
    convert = markdown.Markdown.convert

    def counted(self: markdown.Markdown, source: str) -> str:
        sources.append(source)
        return convert(self, source)

    monkeypatch.setattr(markdown.Markdown, "convert", counted)
    tree = build(site, monkeypatch, False)
    sections = [s for s in sources if "pa-fragment-" not in s]  # not a page around its fragments
    assert len(sections) > 40
    assert len(set(sections)) == len(sections)
    assert not [s for s in sections if "pa-section__history" in s]
    twice = [a[:60] for a in set(sections) if any(a != b and a.strip() in b for b in sections)]
    assert not twice, twice
    page = tree["index.html"].decode()
    assert '</p>\n<p class="pa-section__history" data-search-exclude=""><a href=' in page


def test_a_warm_build_renders_nothing_again(demo_trees, caplog: pytest.LogCaptureFixture) -> None:
    site, _ = demo_trees
    with pytest.MonkeyPatch.context() as mp, caplog.at_level(logging.INFO, logger="mkdocs.plugins.policy_archive"):
        build(site, mp, True)
    line = next(r.getMessage() for r in caplog.records if "render once" in r.getMessage())
    assert "fragments made 0" in line and "redlines made 0" in line and "sectiondatas made 0" in line, line


def entries(path: Path) -> dict[str, str | bytes]:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return dict(db.execute("SELECT key, value FROM entries"))


@pytest.mark.slow
def test_a_50_version_site_is_byte_identical_with_the_cache_off_cold_and_warm(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = generated_site(tmp_path / "site", 50)
    off = build(site, monkeypatch, False, "2030-01-01")
    assert sum(1 for name in off if name.endswith("/changes/index.html")) == 2 * 49
    cold = build(site, monkeypatch, True, "2030-01-01")
    warm = build(site, monkeypatch, True, "2030-01-01")
    assert_same(off, cold)
    assert_same(off, warm)


def test_what_the_html_depends_on_is_never_answered_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = copy_site(REPO, tmp_path / "site")
    site.add_version("2024-03-01", replace={"fr": [("renseignements", "informations")]})
    build(site, monkeypatch, True, "2024-06-01")
    # The text of a version changes (an upcoming one may): its pages follow.
    site.add_version("2024-09-01", replace={"fr": [("renseignements", "données")]})
    warm = build(site, monkeypatch, True, "2024-06-01")
    assert "données" in warm["versions/2024-09-01/index.html"].decode()
    # The heading links' symbol changes: every section follows, as with no cache at all.
    config = yaml.safe_load((site.root / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    assert "permalink: true" in text, config.get("markdown_extensions")
    (site.root / "mkdocs.yml").write_text(text.replace("permalink: true", 'permalink: "§"'), encoding="utf-8")
    warm = build(site, monkeypatch, True, "2024-06-01")
    off = build(site, monkeypatch, False, "2024-06-01")
    assert_same(off, warm)
    assert ">§</a>" in warm["versions/2024-09-01/index.html"].decode()


def test_a_damaged_cache_costs_a_warning_not_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site = copy_site(REPO, tmp_path / "site")
    site.add_version("2024-03-01", replace={"fr": [("renseignements", "informations")]})
    off = build(site, monkeypatch, False, "2024-06-01")
    build(site, monkeypatch, True, "2024-06-01")
    path = site.root / CACHE
    # Entries of the wrong shape, or not JSON, are made again; the whole file unreadable is replaced.
    shapes = [{"html": 3}, {"html": 3, "toc": [], "ids": [], "links": []}, [{"body_html": 1}], 7, "x", "{not json"]
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        for n, key in enumerate(entries(path)):
            value = shapes[n % len(shapes)]
            db.execute(
                "UPDATE entries SET value = ? WHERE key = ?",
                (value if isinstance(value, str) and value.startswith("{") else json.dumps(value), key),
            )
    assert_same(off, build(site, monkeypatch, True, "2024-06-01"))
    assert all(isinstance(v, bytes) for v in entries(path).values())  # made again and kept
    path.write_text("{not a database", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        assert_same(off, build(site, monkeypatch, True, "2024-06-01"))
    assert any("could not be read" in r.getMessage() and str(path) in r.getMessage() for r in caplog.records)
    assert entries(path)  # written again, whole


def test_off_writes_nothing_and_an_unwritable_folder_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    site = copy_site(REPO, tmp_path / "site")
    build(site, monkeypatch, False, "2024-06-01")
    assert not (site.root / ".cache" / "policy-archive" / "build").exists()
    # The option, as an editor would write it in mkdocs.yml.
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    (site.root / "mkdocs.yml").write_text(
        text.replace("  - policy-archive:\n", "  - policy-archive:\n      cache: false\n")
    )
    assert "cache: false" in (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    monkeypatch.delenv(buildcache.ENV, raising=False)
    shutil.rmtree(site.out, ignore_errors=True)
    site.build("2024-06-01")
    assert not (site.root / ".cache" / "policy-archive" / "build").exists()
    # On, with a file where the folder should be: the site is built all the same.
    (site.root / "mkdocs.yml").write_text(
        text.replace("  - policy-archive:\n", "  - policy-archive:\n      cache_dir: blocked/build\n")
    )
    (site.root / "blocked").write_text("a file, not a folder", encoding="utf-8")
    with caplog.at_level(logging.INFO):
        build(site, monkeypatch, True, "2024-06-01")
    assert any("build cache not written" in r.getMessage() for r in caplog.records)
    assert (site.out / "index.html").is_file()


def test_a_sections_history_link_is_put_back_after_its_text() -> None:
    history = '<p class="pa-section__history" data-search-exclude><a href="../sections/a/">Historique</a></p>'
    opening = '<section class="pa-section" data-section="01-a.md"'
    skeleton, pieces = fragments.split(f'# T\n\n{opening} markdown="1">\n\n## A\n\nTexte.\n\n{history}\n\n</section>\n')
    assert [(p.markdown, p.tail) for p in pieces] == [("## A\n\nTexte.", history)]  # the text alone is shared
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    html = md.convert(skeleton)
    renderer = fragments.Renderer(EXTENSIONS, CONFIGS, fragments.config_key(EXTENSIONS, CONFIGS))
    filled = fragments.fill(html, pieces, fragments.render(pieces, renderer, buildcache.Store()), md.toc_tokens)
    # What converting the text and its link together gave: the link passes through Markdown as it is.
    together = md.reset().convert(f"## A\n\nTexte.\n\n{history}")
    assert f"{opening}>\n{together}\n</section>" in filled.html


def test_the_page_renderer_converts_each_text_once() -> None:
    renderer = fragments.Renderer(EXTENSIONS, CONFIGS, "k", clean=lambda html: html.replace("<strong>", "<b>"))
    first = renderer("Un **mot**.")
    assert renderer("Un **mot**.") is first and renderer.html("Un **mot**.") == "<p>Un <b>mot</strong>.</p>"


def test_pages_left_out_of_search_skip_material_s_scan_but_not_its_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Material's search strips `data-search-*="…"` attributes from every page with a slow regex;
    the plugin spares it the pages left out of search that hold none. A page that holds one is
    still given to it, so the attribute goes as it did (here a paragraph of a version's text)."""
    from material.plugins.search import plugin as search

    site = copy_site(REPO, tmp_path / "site")
    target = site.add_version("2024-03-01")
    section = sorted((target / "fr").glob("*.md"))[1]
    section.write_text(
        section.read_text(encoding="utf-8") + '\n<p data-search-exclude="oui">Marqué.</p>\n', encoding="utf-8"
    )
    seen: list[tuple[str, int]] = []
    scan = search.SearchPlugin.on_page_context

    def counted(self, context, *, page, config, nav):  # type: ignore[no-untyped-def]
        seen.append((page.url, len(page.content or "")))
        return scan(self, context, page=page, config=config, nav=nav)

    monkeypatch.setattr(search.SearchPlugin, "on_page_context", counted)
    out = build(site, monkeypatch, False)
    given = {url for url, size in seen if size}
    assert "versions/2024-03-01/" in given  # it holds one: Material strips it
    assert "versions/2023-12-23/" not in given and "en/versions/2023-12-23/" not in given  # none: spared
    assert {"", "en/", "versions/"} <= given  # the text in force and the archive are searched
    page = out["versions/2024-03-01/index.html"].decode()
    assert "Marqué." in page and 'data-search-exclude="oui"' not in page
