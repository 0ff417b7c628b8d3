"""The policy in force as a reader gets it: real `mkdocs build` of the repository's site as of 2024-06-01.

Issue 2: both languages, switcher targets, lang attributes (A2), alternates (A3, F3),
dates written with Babel, generated table of contents with stable anchors, the
privacy officer (L3), every French sentence of the seed, per-language 404 and
search index, sitemap, reproducible output.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
from conftest import REPO, Site, copy_site

SEED = Path("/work/shared/seed/politique-de-confidentialite-2023-12-23.txt")
SITE_URL = re.search(r"^site_url:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
EN_URL = SITE_URL + "en/"

ANCHORS = [
    "objectifs",
    "entree-en-vigueur",
    "consentement",
    "objectifs-collecte",
    "renseignements-collectes",
    "finalites",
    "procedes",
    "acces-controle",
    "partage",
    "temoins",
    "conservation",
    "autres-informations",
    "responsable",
]
HEADINGS = {
    "fr": [
        "1. Objectifs de la politique de confidentialité",
        "2. Entrée en vigueur",
        "3. Les modalités de recueil du consentement",
        "4. Objectifs de la collecte de données",
        "5. Renseignements personnels collectés",
        "6. Les finalités de traitement des données",
        "7. Les procédés de traitement utilisés",
        "8. Modalités d’accès et de contrôle des renseignements personnels",
        "9. Partage et raison du partage des renseignements personnels à des tiers",
        "10. Témoins et technologies similaires",
        "11. Conservation des renseignements personnels",
        "Autres informations",
        "Responsable de la conformité dans notre organisation",
    ],
    "en": [
        "1. Objectives of the Privacy Policy",
        "2. Coming into Force",
        "3. Procedures for Obtaining Consent",
        "4. Objectives of Data Collection",
        "5. Personal Information Collected",
        "6. Purposes of Data Processing",
        "7. Processing Methods Used",
        "8. Procedures for Access to and Control of Personal Information",
        "9. Sharing of Personal Information with Third Parties and Reason for Sharing",
        "10. Cookies and Similar Technologies",
        "11. Retention of Personal Information",
        "Other Information",
        "Person Responsible for Compliance in Our Organization",
    ],
}
PAGES = {"fr": "", "en": "en/"}


# --- reading HTML with the standard library ------------------------------------------

_BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "section", "table", "td", "th", "tr", "ul",
}  # fmt: skip
_HIDDEN = {"script", "style", "svg", "template"}


class _Text(HTMLParser):
    """Visible text: no scripts, no permalink pilcrows; block boundaries become spaces."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.skip or tag in _HIDDEN or "headerlink" in classes:
            if tag not in {"br", "hr", "img", "input", "link", "meta", "path"}:
                self.skip.append(tag)
            return
        if tag in _BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if self.skip[-1] == tag:
                self.skip.pop()
            return
        if tag in _BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return collapse("".join(parser.parts))


def article(html: str) -> str:
    m = re.search(r"<article\b.*?</article>", html, re.S)
    assert m, "no <article> in the page"
    return m.group(0)


def attrs_of(tag_html: str) -> dict[str, str]:
    return {k: unescape(v) for k, v in re.findall(r'([\w:-]+)="([^"]*)"', tag_html)}


def tags(html: str, name: str, **required: str) -> list[dict[str, str]]:
    """Attributes of every `<name ...>` whose attributes include `required` (class: one of the classes)."""
    found = []
    for m in re.finditer(rf"<{name}\b[^>]*>", html):
        a = attrs_of(m.group(0))
        if all((v in a.get("class", "").split()) if k == "class_" else a.get(k) == v for k, v in required.items()):
            found.append(a)
    return found


def html_lang(html: str) -> str:
    m = re.search(r"<html\b[^>]*\blang=\"([^\"]+)\"", html)
    assert m
    return m.group(1)


# --- the built site -------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages(seed_site: Site) -> dict[str, str]:
    return {lang: seed_site.html(path) for lang, path in PAGES.items()}


@pytest.fixture(scope="module")
def texts(pages: dict[str, str]) -> dict[str, str]:
    return {lang: visible_text(article(html)) for lang, html in pages.items()}


@pytest.mark.parametrize(("lang", "expected"), [("fr", "fr-CA"), ("en", "en-CA")])
def test_root_is_french_and_en_is_english_with_region(pages: dict[str, str], lang: str, expected: str) -> None:
    """A2: <html lang> with the region on the policy pages."""
    assert html_lang(pages[lang]) == expected


@pytest.mark.parametrize(
    ("path", "lang", "title"), [("404.html", "fr-CA", "Page introuvable"), ("en/404.html", "en-CA", "Page not found")]
)
def test_404_page_in_its_language(seed_site: Site, path: str, lang: str, title: str) -> None:
    html = (seed_site.out / path).read_text(encoding="utf-8")
    assert html_lang(html) == lang
    assert re.search(rf"<h1[^>]*>\s*{title}\s*</h1>", html), f"{path} has no <h1>{title}</h1>"
    if lang == "en-CA":
        assert "Page introuvable" not in html
    else:  # a host serves the root 404 for /en/… too: it says it in English as well, marked as such
        assert re.search(r'<div class="pa-notfound" lang="en-CA"[^>]*>\s*<h2>Page not found</h2>', html)
        assert html.count("Page not found") == 1


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_alternates_absolute_reciprocal_x_default_french(pages: dict[str, str], lang: str) -> None:
    """A3, F3: every language version listed with an absolute URL; x-default is French."""
    alternates = {a["hreflang"]: a["href"] for a in tags(pages[lang], "link", rel="alternate") if "hreflang" in a}
    assert alternates == {"fr-CA": SITE_URL, "en-CA": EN_URL, "x-default": SITE_URL}
    assert SITE_URL.startswith("https://")


@pytest.mark.parametrize(("lang", "target_lang", "target"), [("fr", "en-CA", EN_URL), ("en", "fr-CA", SITE_URL)])
def test_language_switcher_goes_to_the_other_language(
    pages: dict[str, str], lang: str, target_lang: str, target: str
) -> None:
    """The switcher links to the same page in the other language; each link carries its own lang (A2)."""
    here = SITE_URL + PAGES[lang]
    links = tags(pages[lang], "a", class_="md-select__link")
    assert {a["lang"] for a in links} == {"fr-CA", "en-CA"}
    for a in links:
        assert a.get("hreflang") == a["lang"]
    switch = next(a for a in links if a["lang"] == target_lang)
    assert urljoin(here, switch["href"]) == target
    m = re.search(
        rf'<a\b[^>]*lang="{target_lang}"[^>]*class="[^"]*md-select__link[^"]*"[^>]*>\s*([^<]+?)\s*</a>', pages[lang]
    )
    assert m and m.group(1) == {"fr-CA": "Français", "en-CA": "English"}[target_lang]


@pytest.mark.parametrize(
    ("lang", "effective", "updated"),
    [
        ("fr", "Version en vigueur en date du 23 décembre 2023", "Dernière mise à jour : 23 décembre 2023"),
        ("en", "In effect as of December 23, 2023", "Last updated: December 23, 2023"),
    ],
)
def test_organisation_and_dates(texts: dict[str, str], lang: str, effective: str, updated: str) -> None:
    """L4: the organisation's name, effective date and last-updated date, written the local way."""
    text = texts[lang]
    assert "Dynamique Conseil inc." in text
    assert effective in text
    assert updated in text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_generated_table_of_contents_with_stable_anchors(pages: dict[str, str], lang: str) -> None:
    html = pages[lang]
    m = re.search(r'<nav class="pa-toc"[^>]*>(.*?)</nav>', html, re.S)
    assert m, "no generated table of contents (nav.pa-toc)"
    links = re.findall(r'<a href="([^"]+)">(.*?)</a>', m.group(1))
    assert [href for href, _ in links] == [f"#{a}" for a in ANCHORS]
    assert [unescape(t) for _, t in links] == HEADINGS[lang]
    for anchor in ANCHORS:
        assert len(re.findall(rf'\bid="{anchor}"', html)) == 1, f"#{anchor} is not a unique id on the {lang} page"


def test_privacy_officer_is_shown(pages: dict[str, str]) -> None:
    """L3: the person in charge, with how to reach them, in both languages."""
    for lang, title in (
        ("fr", "Responsable de la protection des renseignements personnels"),
        ("en", "Person in charge of the protection of personal information"),
    ):
        m = re.search(r'<aside class="pa-officer".*?</aside>', pages[lang], re.S)
        assert m, f"no privacy officer block on the {lang} page"
        text = visible_text(m.group(0))
        for expected in (title, "Jean-Philippe Monfet", "jpmonfet@dynamiqueconseil.com", "418-290-5701"):
            assert expected in text
        assert 'href="mailto:jpmonfet@dynamiqueconseil.com"' in m.group(0)


def test_hand_written_list_of_sections_is_replaced(texts: dict[str, str]) -> None:
    assert "composée des sections suivantes" not in texts["fr"]
    assert "5. Finalités de traitements des données" not in texts["fr"]  # the seed's list disagreed with its headings


def seed_sentences() -> list[str]:
    lines = [ln.strip() for ln in SEED.read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    assert lines[0] == "POLITIQUE DE CONFIDENTIALITÉ"
    assert lines[1] == "Version en vigueur en date du 2023-12-23"
    assert lines[-1] == "mailto:jpmonfet@dynamiqueconseil.com"
    body = lines[2:-1]
    start = next(i for i, ln in enumerate(body) if ln.startswith("Notre politique de confidentialité est composée"))
    end = next(i for i, ln in enumerate(body) if i > start and ln == "1. Objectifs de la politique de confidentialité")
    end = next(i for i, ln in enumerate(body) if i > end and ln == "1. Objectifs de la politique de confidentialité")
    # A line ending in a hyphen after a letter is a word split by the PDF ("socio-" / "démographiques").
    joined = re.sub(r"(?<=\w-) (?=\w)", "", " ".join(body[:start] + body[end:]))
    text = collapse(joined.replace("●", " "))
    sentences = [s.strip() for s in re.split(r"(?<=[.!?:;])\s+", text)]
    return [s for s in sentences if s]


def test_every_french_sentence_of_the_seed_is_published(texts: dict[str, str]) -> None:
    sentences = seed_sentences()
    assert len(sentences) > 150
    # Lines the Markdown made into headings lose their final period ("A. Fournir nos produits et services.").
    missing = [s for s in sentences if s not in texts["fr"] and f"{s.rstrip('.')} " not in texts["fr"]]
    assert not missing, f"{len(missing)} sentence(s) of the seed missing from /:\n" + "\n".join(missing)


def test_published_template_remnant_is_kept(texts: dict[str, str]) -> None:
    assert "communications promotionnelles de [NOM DE L’ORGANISME] par courrier électronique" in texts["fr"]


# --- search, sitemap, config -----------------------------------------------------------


def test_search_index_per_language(seed_site: Site) -> None:
    fr = json.loads((seed_site.out / "search/search_index.json").read_text(encoding="utf-8"))
    en = json.loads((seed_site.out / "en/search/search_index.json").read_text(encoding="utf-8"))
    assert fr["config"]["lang"] == ["fr"] and en["config"]["lang"] == ["en"]
    for index, lang, other in ((fr, "fr", "en"), (en, "en", "fr")):
        assert index["docs"], f"empty {lang} search index"
        assert not any(d["location"].startswith(("en/", "/en/")) for d in index["docs"])
        titles = {unescape(d["title"]) for d in index["docs"]}
        assert set(HEADINGS[lang]) <= titles, f"{lang} headings missing from the {lang} index"
        assert not set(HEADINGS[other]) & titles, f"{other} headings found in the {lang} index"
    fr_text = " ".join(d["text"] for d in fr["docs"])
    en_text = " ".join(d["text"] for d in en["docs"])
    assert "Conservation des renseignements personnels" in " ".join(d["title"] for d in fr["docs"])
    assert "témoins" in fr_text
    assert "témoins" not in en_text and "cookies" in en_text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_search_config_base_points_at_the_language_root(pages: dict[str, str], lang: str) -> None:
    m = re.search(r'<script id="__config" type="application/json">(.*?)</script>', pages[lang], re.S)
    assert m
    config = json.loads(m.group(1))
    here = SITE_URL + PAGES[lang]
    assert urljoin(here, config["base"]) == here
    assert urljoin(here, config["base"] + "search/search_index.json") == here + "search/search_index.json"


def test_sitemap_lists_both_pages_with_alternates(seed_site: Site) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    # One sitemap per language root (/sitemap.xml French, /en/sitemap.xml English), each with all alternates.
    entries = {}
    for path, prefix in (("sitemap.xml", SITE_URL), ("en/sitemap.xml", EN_URL)):
        root = ET.fromstring((seed_site.out / path).read_bytes())
        for u in root.findall("s:url", ns):
            loc = u.find("s:loc", ns).text
            assert loc.startswith(prefix) and (prefix == EN_URL or not loc.startswith(EN_URL)), (path, loc)
            entries[loc] = {a.get("hreflang"): a.get("href") for a in u.findall("x:link", ns)}
    assert {SITE_URL, EN_URL} <= set(entries)
    assert entries[SITE_URL] == entries[EN_URL] == {"fr-CA": SITE_URL, "en-CA": EN_URL, "x-default": SITE_URL}
    for loc, alternates in entries.items():  # every page: both languages, listed, reciprocal, x-default French
        assert set(alternates) == {"fr-CA", "en-CA", "x-default"}, loc
        assert loc in alternates.values() and alternates["x-default"] == alternates["fr-CA"]
        assert alternates["en-CA"] == alternates["fr-CA"].replace(SITE_URL, EN_URL, 1)
        for href in alternates.values():
            assert entries.get(href) == alternates, (
                f"{href} (alternate of {loc}) is not listed with the same alternates"
            )


# --- reproducibility ----------------------------------------------------------------------


def test_two_builds_are_byte_identical(seed_site: Site, tmp_path: Path) -> None:
    """Same input, same date: same bytes (a second copy in another folder, to catch leaked paths)."""
    other = copy_site(seed_site.root, tmp_path / "again")  # the very same input as the seed build
    other.build("2024-06-01")
    ours = sorted(
        p.relative_to(seed_site.out)
        for p in seed_site.out.rglob("*")
        if p.suffix in {".html", ".xml", ".json", ".gz"} and "assets" not in p.parts
    )
    assert Path("index.html") in ours and Path("en/index.html") in ours and Path("sitemap.xml.gz") in ours
    theirs = sorted(
        p.relative_to(other.out)
        for p in other.out.rglob("*")
        if p.suffix in {".html", ".xml", ".json", ".gz"} and "assets" not in p.parts
    )
    assert ours == theirs
    different = [str(p) for p in ours if (seed_site.out / p).read_bytes() != (other.out / p).read_bytes()]
    if different:
        first = different[0]
        a = (seed_site.out / first).read_bytes().splitlines()
        b = (other.out / first).read_bytes().splitlines()
        line = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        detail = f"{first}:{line + 1}:\n{a[line : line + 1]!r}\n{b[line : line + 1]!r}"
        pytest.fail(f"not reproducible: {different}\nfirst difference in {detail}")


@pytest.mark.parametrize(("path", "root"), [("404.html", SITE_URL), ("en/404.html", EN_URL)])
def test_404_search_base_points_at_the_language_root(seed_site: Site, path: str, root: str) -> None:
    html = (seed_site.out / path).read_text(encoding="utf-8")
    m = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert m
    base = json.loads(m.group(1))["base"]
    assert "//" not in base
    assert urljoin(SITE_URL + "404.html", base) == root
