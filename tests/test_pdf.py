"""PDFs of versions (issue 12): whole text in order, metadata, PDF/A declaration, reproducibility, cache.

The PDFs are made from the repository's real policy (policy/2023-12-23) and the demo's five
versions, with the sections rendered by the site's own Markdown extensions (render.Renderer),
and read back with pypdf (and with poppler's pdftotext where it is installed).
"""

from __future__ import annotations

import datetime as dt
import html.parser
import io
import os
import re
import shutil
import subprocess
import sys
import time
import unicodedata
from dataclasses import replace
from difflib import SequenceMatcher
from pathlib import Path

import pytest
import yaml
from policy_archive import pdf
from policy_archive.load import load_policy
from policy_archive.model import Policy, Version
from policy_archive.pages import document_title, url_path, version_path
from policy_archive.render import Renderer, extensions_from_mkdocs, link_base

pypdf = pytest.importorskip("pypdf")

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo"
LANGS = ("fr", "en")

if problem := pdf.engine_problem():  # pragma: no cover - a machine without Pango
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {problem}", pytrace=False)
    pytest.skip(problem, allow_module_level=True)


# -- helpers -------------------------------------------------------------------------------------
class Site:
    """A site's policy, options and renderer, as the plugin would have them."""

    def __init__(self, root: Path, as_of: str) -> None:
        config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
        options = next(p["policy-archive"] for p in config["plugins"] if isinstance(p, dict) and "policy-archive" in p)
        self.site_url: str = config["site_url"]
        self.site_name: str = config["site_name"]
        self.organisation: str = options["organisation"]["name"]
        names, configs = extensions_from_mkdocs(config.get("markdown_extensions"))
        base = link_base(options["organisation"].get("website", ""), self.site_url)
        self.sections = pdf.SectionHtml(Renderer(names, configs, base))
        self.root = root
        self.as_of = as_of
        self.policy = self.load(as_of)

    def load(self, as_of: str) -> Policy:
        policy, problems = load_policy(self.root / "policy", list(LANGS), dt.date.fromisoformat(as_of))
        assert not [p for p in problems if p.level == "error"], problems
        return policy

    def url(self, version: Version, lang: str) -> str:
        return self.site_url.rstrip("/") + "/" + url_path(version_path(version), lang, LANGS[0])

    def document(self, version: Version, lang: str, policy: Policy | None = None, **extra: object) -> pdf.PdfDocument:
        return pdf.pdf_document(
            policy or self.policy,
            version,
            lang,
            title=document_title(version, lang, self.site_name),
            organisation=self.organisation,
            url=self.url(version, lang),
            sections=self.sections.version(version, lang),
            **extra,  # type: ignore[arg-type]
        )


class _Text(html.parser.HTMLParser):
    """The words of rendered HTML as a reader sees them: block boundaries separate words, inline
    elements do not, a heading's permalink (¶) is not text."""

    INLINE = frozenset(
        {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "i", "kbd", "mark", "q", "s", "samp"}
        | {"small", "span", "strong", "sub", "sup", "time", "u", "var", "ins", "del"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip or (tag == "a" and ("class", "headerlink") in attrs) or tag == "head":
            self.skip += tag in ("a", "head")
            return
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            self.skip -= tag in ("a", "head")
            return
        if tag not in self.INLINE:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def words(text: str) -> list[str]:
    """Normalised words: compatibility forms (ligatures, no-break spaces) folded, whitespace collapsed."""
    return unicodedata.normalize("NFKC", text).split()


def html_words(fragments: list[str]) -> list[str]:
    parser = _Text()
    for fragment in fragments:
        parser.feed(fragment)
        parser.parts.append(" ")
    parser.close()
    return words("".join(parser.parts))


def expected_words(doc: pdf.PdfDocument) -> list[str]:
    """What the PDF must say, in order: the header block, then every section whole (checked here:
    the composed document holds the sections' words as one unbroken run)."""
    sections = html_words(list(doc.sections))
    composed = html_words([pdf.compose_html(doc)])
    start = len(composed) - len(sections)
    assert start > 0 and composed[start:] == sections, "the composed HTML does not end with the whole text"
    return composed


# List markers and bullets the engine draws: text in the PDF, not in the HTML.
_MARKER = re.compile(r"^(?:[•◦▪‣·–-]|\d{1,3}[.)]|[a-zA-Z][.)]|[ivxlcIVXLC]{1,6}[.)])$")


def pdf_text(data: bytes, extractor: str = "pypdf") -> list[str]:
    """The text of each page."""
    if extractor == "pdftotext":
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
        return out.stdout.decode("utf-8").split("\f")
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def body_words(doc: pdf.PdfDocument, pages: list[str]) -> list[str]:
    """The PDF's words without the page furniture: the running header (from page 2) and the footer's
    address and page number, wherever the extractor puts them on the page."""
    running = words(f"{doc.organisation} {doc.pdf_title}")
    out: list[str] = []
    for number, text in enumerate(pages, start=1):
        tokens = words(text)
        if not tokens:
            continue
        footer = words(pdf.s(doc.lang, "pdf_page", page=number, pages=len([p for p in pages if p.strip()])))
        for run in ([doc.url], footer) + ((running,) if number > 1 else ()):
            at = _last(tokens, run) if run == [doc.url] else _first(tokens, run)
            assert at is not None, f"page {number}: no {' '.join(run)!r} in the page furniture"
            del tokens[at : at + len(run)]
        out += tokens
    return out


def _first(tokens: list[str], run: list[str]) -> int | None:
    return next((i for i in range(len(tokens) - len(run) + 1) if tokens[i : i + len(run)] == run), None)


def _last(tokens: list[str], run: list[str]) -> int | None:
    return next((i for i in range(len(tokens) - len(run), -1, -1) if tokens[i : i + len(run)] == run), None)


def assert_whole_text_in_order(expected: list[str], actual: list[str], label: str) -> None:
    """Every word of the sections appears in the PDF, in order; the PDF adds only list markers, and
    a word the PDF breaks across lines (a long address) counts when its pieces join back."""
    matcher = SequenceMatcher(None, expected, actual, autojunk=False)
    problems = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        extra = [w for w in actual[j1:j2] if not _MARKER.match(w)]
        if op == "insert" and not extra:
            continue
        if op == "replace" and "".join(expected[i1:i2]) == "".join(extra):
            continue  # a word broken across lines (a long address)
        if op == "replace" and "".join(expected[i1:i2]).replace("-", "") == "".join(extra).replace("-", ""):
            continue  # pdftotext joins a word cut after its hyphen ("socio-" / "démographiques")
        context = " ".join(expected[max(0, i1 - 5) : i2 + 5])
        problems.append(f"{op}: expected {expected[i1:i2]!r}, PDF has {actual[j1:j2]!r} (near: {context!r})")
    assert not problems, f"{label}: the PDF's text differs from the version's:\n" + "\n".join(problems[:10])


def xmp(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")


# -- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def repo_site() -> Site:
    return Site(REPO, "2024-06-01")


@pytest.fixture(scope="module")
def demo_site() -> Site:
    return Site(DEMO, "2026-12-01")


@pytest.fixture(scope="module")
def seed_pdfs(repo_site: Site, tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[pdf.PdfDocument, bytes]]:
    """The real policy's first version, French and English, built once for this module."""
    cache = tmp_path_factory.mktemp("pdf-cache")
    version = repo_site.policy.get("2023-12-23")
    assert version is not None
    out = {}
    for lang in LANGS:
        doc = repo_site.document(version, lang)
        out[lang] = (doc, pdf.build_pdf(doc, cache).path.read_bytes())
    return out


# -- the text ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("extractor", ["pypdf", "pdftotext"])
def test_real_policy_whole_text_in_order(seed_pdfs, lang: str, extractor: str) -> None:
    if extractor == "pdftotext" and not shutil.which("pdftotext"):
        pytest.skip("poppler's pdftotext is not installed (apt-get install poppler-utils); pypdf covers it")
    doc, data = seed_pdfs[lang]
    pages = pdf_text(data, extractor)
    expected = expected_words(doc)
    assert len(html_words(list(doc.sections))) > 2000  # the whole policy, not a stub
    assert_whole_text_in_order(expected, body_words(doc, pages), f"policy/2023-12-23 ({lang}, {extractor})")


DEMO_VERSIONS = sorted(p.name for p in (DEMO / "policy").iterdir() if p.is_dir())


@pytest.mark.slow
@pytest.mark.parametrize("vid", DEMO_VERSIONS)
def test_demo_every_version_whole_text_in_order(demo_site: Site, tmp_path: Path, vid: str) -> None:
    """Every demo version in both languages: tables, nested lists, links and a section added later."""
    assert len(DEMO_VERSIONS) == 5
    version = demo_site.policy.get(vid)
    assert version is not None
    docs = [demo_site.document(version, lang) for lang in LANGS]
    for doc, result in zip(docs, pdf.build_pdfs(docs, tmp_path, workers=1), strict=True):
        assert_whole_text_in_order(
            expected_words(doc), body_words(doc, pdf_text(result.path.read_bytes())), f"demo {vid} ({doc.lang})"
        )


@pytest.mark.slow
def test_header_says_status_dates_and_address(seed_pdfs) -> None:
    _doc, data = seed_pdfs["fr"]
    first = " ".join(words(pdf_text(data)[0]))
    for text in (
        "Dynamique Conseil inc.",
        "Version du 23 décembre 2023",
        "En vigueur depuis le 23 décembre 2023",
        "Publiée le 23 décembre 2023",
        "Adresse permanente : https://dynamiqueconseil.com/confidentialite/versions/2023-12-23/",
    ):
        assert " ".join(words(text)) in first, text
    last = " ".join(words(pdf_text(data)[-1]))
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    assert f"Page {pages} de {pages}" in last
    _doc_en, data_en = seed_pdfs["en"]
    first_en = " ".join(words(pdf_text(data_en)[0]))
    assert "In force since December 23, 2023" in first_en
    assert "Permanent address: https://dynamiqueconseil.com/confidentialite/en/versions/2023-12-23/" in first_en


def test_status_lines_follow_the_version(demo_site: Site) -> None:
    """Past, in force and upcoming versions say so, in each language (status first)."""
    policy = demo_site.policy  # as of 2026-12-01: 2026-11-10 in force, 2027-01-15 upcoming
    past, current, upcoming = policy.get("2025-03-01"), policy.get("2026-11-10"), policy.get("2027-01-15")
    assert past and current and upcoming
    assert pdf.status_lines(policy, past, "fr")[:2] == (
        "En vigueur du 1er mars 2025 au 9 novembre 2026",
        "Remplacée par la version du 10 novembre 2026",
    )
    assert pdf.status_lines(policy, past, "en")[0] == "In force from March 1, 2025 to November 9, 2026"
    assert pdf.status_lines(policy, current, "fr")[:2] == (
        "En vigueur depuis le 10 novembre 2026",
        "Sera remplacée par la version du 15 janvier 2027",
    )
    assert pdf.status_lines(policy, current, "en")[1] == "Will be replaced by the version of January 15, 2027"
    assert pdf.status_lines(policy, upcoming, "en")[0] == "Takes effect on January 15, 2027"
    assert pdf.status_lines(policy, upcoming, "fr")[0] == "Entrera en vigueur le 15 janvier 2027"
    # The modification date never runs ahead of the build, and follows the status.
    assert pdf.status_date(policy, past) == dt.date(2026, 11, 10)
    assert pdf.status_date(policy, current) == upcoming.published  # its replacement was announced
    assert upcoming.published <= dt.date(2026, 12, 1)
    assert pdf.status_date(policy, upcoming) <= dt.date(2026, 12, 1)


def test_text_without_its_own_title_gets_the_documents(repo_site: Site) -> None:
    version = repo_site.policy.versions[0]
    doc = repo_site.document(version, "fr")
    assert '<h1 class="pa-pdf__title">' not in pdf.compose_html(doc)  # the preamble opens with "# Politique…"
    bare = replace(doc, sections=doc.sections[1:])
    assert '<h1 class="pa-pdf__title">Politique de confidentialité</h1>' in pdf.compose_html(bare)
    assert "headerlink" not in pdf.compose_html(doc) and "¶" not in pdf.compose_html(doc)
    # Whatever order a sanitiser leaves the attributes in.
    moved = replace(doc, sections=('<h2 id="a">A<a href="#a" class="headerlink" title="Permanent link">¶</a></h2>',))
    assert "¶" not in pdf.compose_html(moved)


# -- metadata and conformance -----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
def test_metadata(seed_pdfs, lang: str) -> None:
    _doc, data = seed_pdfs[lang]
    reader = pypdf.PdfReader(io.BytesIO(data))
    info = reader.metadata
    title = {
        "fr": "Politique de confidentialité — Version du 23 décembre 2023",
        "en": "Privacy Policy — Version of December 23, 2023",
    }[lang]
    assert info.title == title
    assert info.author == "Dynamique Conseil inc."
    assert "2023-12-23" in info.subject  # the effective date
    assert info["/CreationDate"] == "D:20231223000000Z"  # the published date, not the clock
    root = reader.trailer["/Root"]
    assert root["/Lang"] == {"fr": "fr-CA", "en": "en-CA"}[lang]
    assert bool(root["/MarkInfo"]["/Marked"])  # tagged
    assert "/StructTreeRoot" in root
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    meta = xmp(data)
    assert f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in meta
    assert "<rdf:li>Dynamique Conseil inc.</rdf:li>" in meta
    assert "<xmp:CreateDate>2023-12-23T00:00:00Z</xmp:CreateDate>" in meta


@pytest.mark.slow
def test_declares_pdfa_2a_and_meets_its_basics(seed_pdfs) -> None:
    """The README claims PDF/A-2a: the XMP says so, and what a PDF/A reader checks first holds
    (fonts embedded, sRGB output intent, file identifier, no encryption, tagged)."""
    assert pdf.DEFAULT_VARIANT == "pdf/a-2a"
    _doc, data = seed_pdfs["fr"]
    assert 'pdfaid:part="2"' in xmp(data) and 'pdfaid:conformance="A"' in xmp(data)
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert not reader.is_encrypted
    assert data.startswith(b"%PDF-1.7")
    assert "/ID" in reader.trailer
    intents = reader.trailer["/Root"]["/OutputIntents"]
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    fonts = {}
    for page in reader.pages:
        for name, ref in page["/Resources"]["/Font"].items():
            fonts[name] = ref.get_object()
    assert fonts
    for font in fonts.values():
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
        descriptor = descendant["/FontDescriptor"].get_object()
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), f"{font['/BaseFont']} is not embedded"
        assert "/ToUnicode" in font, f"{font['/BaseFont']} has no Unicode map (level A)"


# -- reproducibility --------------------------------------------------------------------------------------
_OTHER_PROCESS = """
import datetime as dt, hashlib, sys
sys.path.insert(0, {tests!r})
from test_pdf import Site
from pathlib import Path
from policy_archive import pdf
site = Site(Path({root!r}), "2024-06-01")
doc = site.document(site.policy.versions[0], "fr")
print(hashlib.sha256(pdf.render_pdf(doc)).hexdigest())
"""


@pytest.mark.slow
def test_same_input_same_bytes(seed_pdfs, repo_site: Site) -> None:
    """Two builds, in this process and in a fresh one, give byte-identical PDFs."""
    _doc, data = seed_pdfs["fr"]
    again = pdf.render_pdf(repo_site.document(repo_site.policy.versions[0], "fr"))
    assert again == data
    code = _OTHER_PROCESS.format(tests=str(Path(__file__).parent), root=str(REPO))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    import hashlib

    assert out.stdout.strip() == hashlib.sha256(data).hexdigest()


# -- the cache ----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_cache_reuses_and_rebuilds_only_what_changed(demo_site: Site, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    version = demo_site.policy.get("2025-03-01")
    assert version is not None
    doc = demo_site.document(version, "fr")

    start = time.perf_counter()
    first = pdf.build_pdf(doc, cache)
    first_time = time.perf_counter() - start
    start = time.perf_counter()
    second = pdf.build_pdf(doc, cache)
    second_time = time.perf_counter() - start
    assert not first.cached and second.cached
    assert (second.path, second.sha256, second.size) == (first.path, first.sha256, first.size)
    assert second_time < 0.1 * first_time, (first_time, second_time)
    import hashlib

    assert hashlib.sha256(first.path.read_bytes()).hexdigest() == first.sha256

    # A changed section, a changed variant, a changed stylesheet: a new key each.
    edited = replace(doc, sections=(*doc.sections[:-1], doc.sections[-1].replace("</p>", " Ajout.</p>", 1)))
    assert pdf.cache_key(edited) != first.key
    assert pdf.cache_key(replace(doc, variant="pdf/ua-1")) != first.key
    assert pdf.cache_key(doc, css=pdf.stylesheet() + "\nbody { color: black; }") != first.key
    rebuilt = pdf.build_pdf(edited, cache)
    assert not rebuilt.cached and rebuilt.sha256 != first.sha256

    # The version is replaced later: its status line changes, so does its PDF; the others stay cached.
    later = demo_site.load("2027-02-01")
    docs_now = [demo_site.document(v, "fr") for v in demo_site.policy.versions]
    docs_later = [demo_site.document(v, "fr", later) for v in later.versions]
    pdf.build_pdfs(docs_now, cache, workers=1)
    results = pdf.build_pdfs(docs_later, cache, workers=1)
    rebuilt_ids = [d.version_id for d, r in zip(docs_later, results, strict=True) if not r.cached]
    assert rebuilt_ids == ["2026-11-10", "2027-01-15"]  # the one replaced and the one taking effect

    # A full rebuild keeps what the build uses and prunes the rest.
    assert pdf.prune(cache, results) >= 1
    assert all(r.path.is_file() for r in results)
    assert all(r.cached for r in pdf.build_pdfs(docs_later, cache, workers=1))


@pytest.mark.slow
def test_parallel_build_matches_serial(demo_site: Site, tmp_path: Path) -> None:
    docs = [demo_site.document(v, "en") for v in demo_site.policy.versions[:3]]
    parallel = pdf.build_pdfs(docs, tmp_path / "a", workers=2)
    serial = pdf.build_pdfs(docs, tmp_path / "b", workers=1)
    assert [r.sha256 for r in parallel] == [r.sha256 for r in serial]
    assert not any(r.cached for r in parallel)


def test_publish_links_or_copies(tmp_path: Path) -> None:
    source = tmp_path / "cache" / "ab" / "abc.pdf"
    source.parent.mkdir(parents=True)
    source.write_bytes(b"%PDF-1.7 test")
    result = pdf.PdfResult(source, "0" * 64, 13, True, "abc")
    target = tmp_path / "site" / "versions" / "2023-12-23" / "x.pdf"
    pdf.publish(result, target)
    pdf.publish(result, target)  # again: replaced, not an error
    assert target.read_bytes() == b"%PDF-1.7 test"


# -- switches, names, links -----------------------------------------------------------------------------------
def test_cache_dir_env_wins_over_option(tmp_path: Path) -> None:
    assert pdf.cache_dir("", tmp_path, {}) == tmp_path / ".cache" / "policy-archive" / "pdf"
    assert pdf.cache_dir("build/pdf", tmp_path, {}) == tmp_path / "build" / "pdf"
    assert pdf.cache_dir("build/pdf", tmp_path, {pdf.CACHE_ENV: "/shared/pdf"}) == Path("/shared/pdf")


def test_switch_env_wins_over_option() -> None:
    assert pdf.enabled(True, {}) and not pdf.enabled(False, {})
    for off in ("0", "false", "OFF", "no"):
        assert not pdf.enabled(True, {pdf.ENV: off})
    assert pdf.enabled(False, {pdf.ENV: "1"})
    assert pdf.enabled(True, {pdf.ENV: ""})


def test_turned_off_costs_no_engine_import() -> None:
    """A site with PDFs off never loads WeasyPrint (and needs no Pango)."""
    code = "import sys; import policy_archive.pdf as p; p.enabled(False); p.pdf_path('2023-12-23', 'fr'); print('weasyprint' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_names_paths_sizes_and_links() -> None:
    assert pdf.pdf_path("2023-12-23", "fr") == "versions/2023-12-23/politique-de-confidentialite-2023-12-23.pdf"
    assert pdf.pdf_path("2023-12-23", "en") == "versions/2023-12-23/privacy-policy-2023-12-23.pdf"
    assert (
        pdf.pdf_path("2024-01-01", "fr", "gouvernance/") == "gouvernance/versions/2024-01-01/gouvernance-2024-01-01.pdf"
    )
    assert pdf.human_size(56_861, "fr") == "57\u00a0Ko"
    assert pdf.human_size(1_234_567, "fr") == "1,2\u00a0Mo"
    assert pdf.human_size(1_234_567, "en") == "1.2 MB"
    result = pdf.PdfResult(Path("x.pdf"), "f" * 64, 56_861, False, "k")
    link = pdf.link_html("politique-de-confidentialite-2023-12-23.pdf", result, "fr")
    assert 'type="application/pdf"' in link and 'hreflang="fr-CA"' in link and "Télécharger le PDF (57\u00a0Ko)" in link
    assert pdf.index_entry(result, "https://x/a.pdf") == {"url": "https://x/a.pdf", "sha256": "f" * 64, "bytes": 56_861}


def test_strings_exist_in_both_languages() -> None:
    """The PDF's words live with every other reader string, in strings/<lang>.yml."""
    from policy_archive.l10n import strings

    keys = {k for k in strings("fr") if k.startswith("pdf_")} | {"permanent_address"}
    assert len(keys) > 10 and keys <= set(strings("en"))
    for lang in LANGS:
        for key in keys:
            assert pdf.s(lang, key, date="d", start="s", end="e", url="u", iso="i", page=1, pages=2, size="z", n=1)


def test_no_network_and_no_local_files(tmp_path: Path, repo_site: Site) -> None:
    """An image in the text pointing elsewhere is not fetched: the build stays offline and deterministic."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"not an image")
    version = repo_site.policy.versions[0]
    doc = replace(
        repo_site.document(version, "en"),
        sections=(
            f'<p>Text <img src="file://{secret}" alt="local"> <img src="http://127.0.0.1:9/x.png" alt="remote"></p>',
        ),
    )
    data = pdf.render_pdf(doc)
    assert b"not an image" not in data
    assert "Text" in " ".join(pdf_text(data))


# -- in the built site (once the plugin makes PDFs: options pdf, pdf_variant, pdf_cache_dir) ---------------------
def plugin_makes_pdfs() -> bool:
    from policy_archive.config import PolicyArchiveConfig

    return any(name == "pdf" for name, _option in PolicyArchiveConfig._schema)


@pytest.mark.slow
def test_built_site_links_publishes_and_lists_every_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each version page and the archive link the PDF (with its size), the file is at its address, and
    versions.json gives its address, SHA-256 and size; `POLICY_ARCHIVE_PDF=0` removes all three."""
    if not plugin_makes_pdfs():
        pytest.skip("the plugin does not make PDFs yet (issue 12 integration pending)")
    import hashlib
    import json

    from conftest import copy_site

    monkeypatch.setenv(pdf.ENV, "1")
    monkeypatch.setenv(pdf.CACHE_ENV, str(tmp_path / "cache"))
    site = copy_site(REPO, tmp_path / "src")
    out = site.build("2024-06-01")
    site_url = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    index = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    assert index["versions"]
    for entry in index["versions"]:
        vid = entry["id"]
        for lang in LANGS:
            listed = entry["pdf"][lang]
            assert listed["url"] == site_url + url_path(pdf.pdf_path(vid, lang), lang, LANGS[0])
            file = out / listed["url"].removeprefix(site_url)
            data = file.read_bytes()
            assert data.startswith(b"%PDF-") and len(data) == listed["bytes"]
            assert hashlib.sha256(data).hexdigest() == listed["sha256"]
            home = "" if lang == LANGS[0] else f"{lang}/"
            name = pdf.pdf_name(vid, lang)
            assert f'href="{name}"' in site.html(f"{home}versions/{vid}/")
            assert f'href="{vid}/{name}"' in site.html(f"{home}versions/")
            assert pdf.human_size(len(data), lang).replace("\u00a0", "&nbsp;") in site.html(f"{home}versions/{vid}/")

    # What the page says beside the text, the PDF says too: a public correction (T5) in both
    # languages, and in English that the text is a translation and the French prevails (F3).
    seed = next(e for e in index["versions"] if e["id"] == "2023-12-23")
    printed = {
        lang: " ".join(words(" ".join(pdf_text((out / seed["pdf"][lang]["url"].removeprefix(site_url)).read_bytes()))))
        for lang in LANGS
    }
    assert "Corrigée le 28 novembre 2026 : Publication de la traduction anglaise" in printed["fr"]
    assert "Corrected on November 28, 2026: English translation published" in printed["en"]
    assert "This English version is a translation. In case of discrepancy, the French" in printed["en"]
    assert "est une traduction" not in printed["fr"]

    monkeypatch.setenv(pdf.ENV, "0")
    out = site.build("2024-06-01")
    index = json.loads((out / "versions.json").read_text(encoding="utf-8"))
    assert all(entry["pdf"] is None for entry in index["versions"])
    assert not list(out.rglob("*.pdf"))
    assert "pa-pdf-link" not in site.html("versions/")


# -- the print stylesheet of the site's pages (Chromium) ---------------------------------------------------------
PRINT_CSS = REPO / "plugins" / "policy_archive" / "theme" / "assets" / "policy-archive" / "print.css"
HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-footer",
    ".md-banner",
    ".pa-notice",
    ".md-search",
    ".md-select",
    ".pa-toc",
    ".pa-compare-form",
    ".pa-meta__archive",
)
SHOWN_IN_PRINT = ("h1", ".pa-meta", ".pa-meta__org", ".pa-banner", ".pa-section", ".pa-officer")


@pytest.fixture(scope="module")
def built_demo(tmp_path_factory: pytest.TempPathFactory):
    """The demo's versions in the repository's site, as of 2026-12-01: a recent change, so every page has a notice."""
    from test_archive import demo_site

    site = demo_site(tmp_path_factory.mktemp("print") / "src")
    site.build("2026-12-01")
    return site


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize("path", ["versions/2025-03-01/", "en/versions/2025-03-01/", "", "versions/"])
def test_print_stylesheet_keeps_the_text_and_drops_the_chrome(built_demo, serve, browser, path: str) -> None:
    """print.css, linked with media="print" as the lead's template will: on paper no navigation, search,
    switcher, notice or forms; the header (organisation, title, dates, status) and page numbers stay."""
    base = serve(built_demo.out)
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(base + path)
        assert page.locator(".md-banner .pa-notice").count() >= 1  # there is a notice to hide
        page.evaluate(
            "css => { const s = document.createElement('style'); s.media = 'print'; s.textContent = css;"
            " document.head.appendChild(s); }",
            PRINT_CSS.read_text(encoding="utf-8"),
        )
        page.emulate_media(media="print")
        display = "sel => { const e = document.querySelector(sel); return e ? getComputedStyle(e).display : null; }"
        for selector in HIDDEN_IN_PRINT:
            assert page.evaluate(display, selector) in ("none", None), f"{selector} is printed on {path or '/'}"
        for selector in SHOWN_IN_PRINT:
            if selector == ".pa-banner" and "versions/2" not in path:
                continue  # a status box is on version pages
            if path == "versions/" and selector in (".pa-meta", ".pa-meta__org", ".pa-section"):
                continue  # the archive has no version header
            assert page.evaluate(display, selector) not in ("none", None), f"{selector} is not printed on {path or '/'}"
        printed = page.pdf(format="Letter")
    finally:
        context.close()
    pages = pdf_text(printed)
    text = " ".join(words(" ".join(pages)))
    assert "Dynamique Conseil inc." in text
    assert "Avis de modification" not in text and "Notice of change" not in text
    assert ("English" not in text) if not path.startswith("en/") else ("Français" not in text)
    if path.endswith("2025-03-01/"):
        assert ("n’est plus en vigueur" in text) if path.startswith("versions") else ("no longer in force" in text)
    # Page numbers in the margin: "1 / N" on the first page, "N / N" on the last.
    count = len(pages)
    assert f"1 / {count}" in " ".join(words(pages[0])) and f"{count} / {count}" in " ".join(words(pages[-1]))
