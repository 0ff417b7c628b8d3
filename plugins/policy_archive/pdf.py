"""A PDF of every version in every language (issue 12), cached by content hash.

Each PDF is made by WeasyPrint from a small standalone HTML document composed here
(a header block, the sections' HTML as the site renders them, the permanent address
and page numbers in the page margins), not from the Material page: no theme,
scripts or navigation to strip, nothing that changes with a Material release, and
the same input gives the same bytes (creation date taken from the version, no clock,
no random identifiers, no network).

Published versions never change, so a PDF is kept under the SHA-256 of everything
that decides its bytes (the HTML, the stylesheet, the engine and font files, the
variant): a rebuild renders only new or changed PDFs. Nothing here imports
WeasyPrint until a PDF has to be rendered, so a site with PDFs turned off pays nothing,
and a machine without Pango only fails when it would render one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from markdown.extensions.toc import slugify

from .env import switch
from .l10n import format_date, t
from .model import IN_FORCE, PAST, UPCOMING, Policy, Section, Version

PDF_CSS = Path(__file__).parent / "theme" / "assets" / "policy-archive" / "pdf.css"
# PDF/A-2 level A: an archival PDF (fonts embedded, sRGB output intent, XMP metadata) that is also
# tagged (structure tree, Unicode text, language). WeasyPrint makes one variant per file.
DEFAULT_VARIANT = "pdf/a-2a"
VARIANTS = ("pdf/a-2a", "pdf/a-3a", "pdf/a-2b", "pdf/a-3b", "pdf/ua-1", "none")
ENV = "POLICY_ARCHIVE_PDF"  # 0/false/off turns PDFs off, 1/true/on turns them on (e.g. for `mkdocs serve`)
CACHE_ENV = "POLICY_ARCHIVE_PDF_CACHE"  # a cache folder shared by several sites or test builds
DEFAULT_CACHE_DIR = ".cache/policy-archive/pdf"  # relative to mkdocs.yml
# Fonts the stylesheet asks for, first found wins; the matched files are part of the cache key.
FONT_FAMILIES = ("Liberation Sans", "DejaVu Sans")
# Bump when this module changes how it calls the engine (the HTML and CSS are hashed as they are).
CACHE_FORMAT = 1

# Reader-facing words of the PDF (and the pages' permanent address). To move into strings/<lang>.yml,
# same keys; `s` reads them there first.


def s(lang: str, key: str, **values: object) -> str:
    """A reader string of the PDF (strings/<lang>.yml, like every page's)."""
    return t(lang, key, **values)


# -- switches ------------------------------------------------------------------------------------
def enabled(option: bool = True, environ: dict[str, str] | None = None) -> bool:
    """Whether to make PDFs: `POLICY_ARCHIVE_PDF` (0/1) wins over the plugin option, so `mkdocs serve`
    can skip them without editing mkdocs.yml."""
    return switch(ENV, option, environ)


def cache_dir(option: str, root: Path, environ: dict[str, str] | None = None) -> Path:
    """Where PDFs are kept: `POLICY_ARCHIVE_PDF_CACHE` (CI caches, test suites that build many sites),
    else the plugin option, relative to the folder of mkdocs.yml."""
    value = (os.environ if environ is None else environ).get(CACHE_ENV, "").strip()
    return Path(value) if value else root / (option or DEFAULT_CACHE_DIR)


def engine_problem() -> str | None:
    """Why PDFs cannot be made on this machine (WeasyPrint or Pango missing), else None."""
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        return "PDFs need WeasyPrint: pip install 'weasyprint>=70,<71' (or set the plugin option pdf: false)"
    except OSError as exc:  # WeasyPrint is there but cannot load Pango
        return (
            f"PDFs need Pango (WeasyPrint could not load it: {exc}); on Debian or Ubuntu: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation, or set the plugin option pdf: false"
        )
    return None


# -- what a PDF holds -----------------------------------------------------------------------------
@dataclass(frozen=True)
class PdfDocument:
    """Everything that goes into one PDF; two equal documents give byte-identical PDFs."""

    lang: str  # "fr"
    html_lang: str  # "fr-CA": the PDF's /Lang and <html lang>
    title: str  # the document's own title: "Politique de confidentialité"
    organisation: str  # shown at the top; the PDF's author
    version_id: str  # "2023-12-23"
    version_label: str  # "Version du 23 décembre 2023"
    lines: tuple[str, ...]  # status and dates, plain text, one per line
    url: str  # the version's permanent address (footer, header, base for relative links)
    sections: tuple[str, ...]  # each section's HTML as the site renders it
    created: dt.date  # PDF creation date: the version's published date (never the clock)
    modified: dt.date  # last change of what the PDF says (text or status)
    description: str = ""  # PDF subject: the effective date in words
    variant: str = DEFAULT_VARIANT

    @property
    def pdf_title(self) -> str:
        return f"{self.title} — {self.version_label}"


@dataclass(frozen=True)
class PdfResult:
    """One built PDF: where it is in the cache, its SHA-256 (for versions.json), whether it was reused."""

    path: Path
    sha256: str
    size: int
    cached: bool
    key: str


def status_lines(policy: Policy, version: Version, lang: str) -> tuple[str, ...]:
    """Status first, then dates, in the version's language: what a reader of a printed copy needs
    to know whether it is the text that applies. Depends on the build date only through the
    status, so a PDF changes when its version takes effect or is replaced, not every day."""

    def date(d: dt.date) -> str:
        return format_date(d, lang)

    start, end = policy.period(version)
    status = policy.status(version)
    if status == UPCOMING:
        lines = [s(lang, "pdf_status_upcoming", start=date(start))]
    elif status == PAST and end is not None:
        lines = [s(lang, "pdf_status_past", start=date(start), end=date(end))]
        if (nxt := policy.next(version)) is not None:
            lines.append(s(lang, "pdf_replaced_by", date=date(nxt.effective)))
    else:
        lines = [s(lang, "pdf_status_in_force", start=date(start))]
        if (nxt := policy.next(version)) is not None:  # announced: the reader must know this text ends
            lines.append(s(lang, "pdf_replaced_on", date=date(nxt.effective)))
    lines.append(t(lang, "published_on", date=date(version.published)))  # the site's own words
    if version.last_updated() != version.published:
        lines.append(t(lang, "last_updated", date=date(version.last_updated())))
    return tuple(lines)


def status_date(policy: Policy, version: Version) -> dt.date:
    """The last day what the PDF says changed: its text (last update) or its status (taking effect,
    being replaced), never after the build date. The PDF's modification date."""
    dates = [version.published, version.last_updated()]
    status = policy.status(version)
    if status in (IN_FORCE, PAST):
        dates.append(version.effective)
    nxt = policy.next(version)
    if status == PAST and nxt is not None:
        dates.append(nxt.effective)
    if status == IN_FORCE and nxt is not None:
        dates.append(nxt.published)  # the day its replacement was announced
    return max(d for d in dates if d <= max(policy.as_of, version.published))


def pdf_document(
    policy: Policy,
    version: Version,
    lang: str,
    *,
    title: str,
    organisation: str,
    url: str,
    sections: Sequence[str],
    notes: Sequence[str] = (),
    variant: str = DEFAULT_VARIANT,
) -> PdfDocument:
    """The PDF of one version in one language: the caller gives the rendered sections (see
    `SectionHtml`) and the permanent address; status, dates and words come from the model.
    `notes` are further plain-text lines for the header (a translation notice, say)."""
    effective = format_date(version.effective, lang)
    return PdfDocument(
        lang=lang,
        html_lang=t(lang, "html_lang"),
        title=title,
        organisation=organisation,
        version_id=version.id,
        version_label=s(lang, "pdf_version", date=effective),
        lines=status_lines(policy, version, lang) + tuple(notes),
        url=url,
        sections=tuple(sections),
        created=version.published,
        modified=status_date(policy, version),
        description=s(lang, "pdf_effective", date=effective, iso=version.effective.isoformat()),
        variant=variant,
    )


class SectionHtml:
    """Each section's HTML as the site renders it (the site's Markdown extensions, its wrapper with the
    permanent anchor), computed once per distinct text: consecutive versions share most sections."""

    def __init__(self, render: Callable[[str], str]) -> None:
        self.render = render  # e.g. the site's `render.Renderer`, or `Redliner.renderer`
        self._done: dict[tuple[str, str, str], str] = {}

    def __call__(self, section: Section) -> str:
        key = (section.name, section.anchor, section.markdown)
        if key not in self._done:
            own = section.heading_id or slugify(section.title, "-")  # as pages.section_markdown does
            ident = "" if own == section.anchor else f' id="{html.escape(section.anchor)}"'
            self._done[key] = (
                f'<section class="pa-section"{ident} data-section="{html.escape(section.name)}">\n'
                f"{self.render(section.markdown)}\n</section>"
            )
        return self._done[key]

    def version(self, version: Version, lang: str) -> list[str]:
        return [self(section) for section in version.sections.get(lang, [])]


# -- the standalone HTML ---------------------------------------------------------------------------
_HEADERLINK = re.compile(r'<a\b[^>]*\bclass="headerlink"[^>]*>.*?</a>', re.S)  # a heading's ¶ permalink
_H1 = re.compile(r"\s*(?:<section\b[^>]*>\s*)?<h1[\s>]")


def _css_string(text: str) -> str:
    """A CSS string literal: margin boxes take their text from `content`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _page_css(doc: PdfDocument) -> str:
    """Page furniture in the document's language: permanent address and `Page n of N` in the margins."""
    before, _, rest = s(doc.lang, "pdf_page", page="\0", pages="\1").partition("\0")
    middle, _, after = rest.partition("\1")
    counter = f"{_css_string(before)} counter(page) {_css_string(middle)} counter(pages) {_css_string(after)}"
    return (
        "@page {\n"
        f"  @bottom-left {{ content: {_css_string(doc.url)}; }}\n"
        f"  @bottom-right {{ content: {counter}; }}\n"
        f"  @top-left {{ content: {_css_string(doc.organisation)}; }}\n"
        f"  @top-right {{ content: {_css_string(doc.title + ' — ' + doc.version_label)}; }}\n"
        "}\n"
        "@page :first { @top-left { content: none; } @top-right { content: none; } }\n"
    )


def compose_html(doc: PdfDocument) -> str:
    """The standalone HTML the PDF is made from; its metadata becomes the PDF's."""
    e = html.escape
    stamp = "T00:00:00Z"
    meta = [
        '<meta charset="utf-8">',
        f"<title>{e(doc.pdf_title)}</title>",
        f'<meta name="author" content="{e(doc.organisation)}">' if doc.organisation else "",
        f'<meta name="description" content="{e(doc.description)}">' if doc.description else "",
        '<meta name="generator" content="policy-archive">',
        f'<meta name="dcterms.created" content="{doc.created.isoformat()}{stamp}">',
        f'<meta name="dcterms.modified" content="{doc.modified.isoformat()}{stamp}">',
        f"<style>\n{_page_css(doc)}</style>",
    ]
    # A text that opens with its own title (a level-1 heading) is not given a second one.
    own_title = bool(doc.sections) and _H1.match(doc.sections[0]) is not None
    lines = "".join(f'<p class="pa-pdf__line">{e(line)}</p>\n' for line in doc.lines)
    address = e(s(doc.lang, "permanent_address", url="\0")).replace("\0", f'<a href="{e(doc.url)}">{e(doc.url)}</a>')
    header = (
        '<header class="pa-pdf__header">\n'
        + (f'<p class="pa-pdf__org">{e(doc.organisation)}</p>\n' if doc.organisation else "")
        + ("" if own_title else f'<h1 class="pa-pdf__title">{e(doc.title)}</h1>\n')
        + f'<p class="pa-pdf__version">{e(doc.version_label)}</p>\n'
        f'<div class="pa-pdf__status">\n{lines}</div>\n'
        f'<p class="pa-pdf__address">{address}</p>\n'
        "</header>\n"
    )
    body = "\n".join(_HEADERLINK.sub("", section) for section in doc.sections)
    return (
        f'<!DOCTYPE html>\n<html lang="{e(doc.html_lang)}">\n<head>\n'
        + "\n".join(m for m in meta if m)
        + f"\n</head>\n<body>\n{header}<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


@cache
def stylesheet() -> str:
    return PDF_CSS.read_text(encoding="utf-8")


# -- engine fingerprint ----------------------------------------------------------------------------------
@cache
def engine_fingerprint() -> str:
    """What besides the HTML and CSS decides a PDF's bytes: the engine's versions and the font files
    fontconfig picks for the stylesheet's families (a font update must not keep stale PDFs)."""
    import pydyf
    import weasyprint

    parts = [f"weasyprint {weasyprint.__version__}", f"pydyf {pydyf.__version__}"]
    try:
        from weasyprint.text.ffi import pango

        parts.append(f"pango {pango.pango_version()}")
    except Exception as exc:  # pragma: no cover - an engine without these bindings
        parts.append(f"pango ? ({type(exc).__name__})")
    parts += [f"font {f}" for f in _font_files()]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _font_files() -> list[str]:
    """The files fontconfig matches for each family and style, with their size and mtime."""
    out = []
    try:
        from weasyprint.text.ffi import ffi, fontconfig

        config = fontconfig.FcInitLoadConfigAndFonts()
        try:
            for family in (*FONT_FAMILIES, "sans-serif"):
                for style in ("Regular", "Bold", "Italic", "Bold Italic"):
                    pattern = fontconfig.FcPatternCreate()
                    fontconfig.FcPatternAddString(pattern, b"family", family.encode())
                    fontconfig.FcPatternAddString(pattern, b"style", style.encode())
                    fontconfig.FcConfigSubstitute(config, pattern, 0)  # FcMatchPattern
                    fontconfig.FcDefaultSubstitute(pattern)
                    result = ffi.new("FcResult *")
                    match = fontconfig.FcFontMatch(config, pattern, result)
                    fontconfig.FcPatternDestroy(pattern)
                    if match == ffi.NULL:
                        continue
                    value = ffi.new("FcChar8 **")
                    if fontconfig.FcPatternGetString(match, b"file", 0, value) == 0:  # FcResultMatch
                        path = ffi.string(value[0]).decode(errors="replace")
                        try:
                            st = os.stat(path)
                            out.append(f"{family}/{style}: {path} {st.st_size} {st.st_mtime_ns}")
                        except OSError:
                            out.append(f"{family}/{style}: {path}")
                    fontconfig.FcPatternDestroy(match)
        finally:
            fontconfig.FcConfigDestroy(config)
    except Exception as exc:  # pragma: no cover - fontconfig not reachable: the key then covers the engine only
        out.append(f"fontconfig unavailable: {type(exc).__name__}")
    return out


def cache_key(doc: PdfDocument, css: str | None = None) -> str:
    """SHA-256 of everything that decides the PDF's bytes."""
    payload = {
        "format": CACHE_FORMAT,
        "html": compose_html(doc),
        "css": stylesheet() if css is None else css,
        "engine": engine_fingerprint(),
        "variant": doc.variant,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


# -- rendering and the cache -------------------------------------------------------------------------------
def render_pdf(doc: PdfDocument, css: str | None = None) -> bytes:
    """The PDF's bytes, straight from the engine (no cache): deterministic for a given document."""
    import weasyprint

    fetcher = weasyprint.URLFetcher(allowed_protocols=("data",))  # no network, no local files
    document = weasyprint.HTML(string=compose_html(doc), base_url=doc.url, url_fetcher=fetcher)
    variant = None if doc.variant in ("", "none") else doc.variant
    return document.write_pdf(
        stylesheets=[weasyprint.CSS(string=stylesheet() if css is None else css, url_fetcher=fetcher)],
        pdf_variant=variant,
        pdf_tags=True,  # a tagged PDF whatever the variant; the file identifier (PDF/A) is a hash of the content
    )


def _cached(cache_dir: Path, key: str) -> Path:
    return cache_dir / key[:2] / f"{key}.pdf"


def _sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def build_pdf(doc: PdfDocument, cache_dir: Path, key: str | None = None) -> PdfResult:
    """The PDF of `doc`, from the cache when an identical one was already made.

    Written to a temporary file and renamed, so concurrent builds (pytest -n, two `mkdocs`
    runs) never see half a file; the SHA-256 is kept beside it so a hit reads no PDF."""
    key = key or cache_key(doc)
    path = _cached(cache_dir, key)
    digest_file = path.with_suffix(".sha256")
    if path.is_file():
        try:
            digest, size = digest_file.read_text(encoding="ascii").split()
            return PdfResult(path, digest, int(size), True, key)
        except (OSError, ValueError):
            digest = _sha256(path)
            return PdfResult(path, digest, path.stat().st_size, True, key)
    data = render_pdf(doc)
    digest = hashlib.sha256(data).hexdigest()
    _write_atomic(path, data)
    _write_atomic(digest_file, f"{digest} {len(data)}\n".encode())
    return PdfResult(path, digest, len(data), False, key)


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _build_one(args: tuple[PdfDocument, Path, str]) -> PdfResult:
    return build_pdf(*args)


def build_pdfs(docs: Sequence[PdfDocument], cache_dir: Path, workers: int | None = None) -> list[PdfResult]:
    """Every PDF of a build, in order: hits answered here, misses rendered in `workers` processes
    (default: one per CPU) when there are several, since the engine is single-threaded."""
    results: list[PdfResult | None] = []
    missing: list[int] = []
    keys = [cache_key(doc) for doc in docs]
    for i, (doc, key) in enumerate(zip(docs, keys, strict=True)):
        if _cached(cache_dir, key).is_file():
            results.append(build_pdf(doc, cache_dir, key))
        else:
            results.append(None)
            missing.append(i)
    workers = min(workers or os.cpu_count() or 1, len(missing))
    if workers > 1:
        jobs = [(docs[i], cache_dir, keys[i]) for i in missing]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for i, result in zip(missing, pool.map(_build_one, jobs), strict=True):
                results[i] = result
    else:
        for i in missing:
            results[i] = build_pdf(docs[i], cache_dir, keys[i])
    return [r for r in results if r is not None]


def publish(result: PdfResult, target: Path) -> None:
    """Put a cached PDF into the built site: a hard link when the cache is on the same disk, else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    target.unlink(missing_ok=True)
    try:
        os.link(result.path, target)
    except OSError:
        shutil.copyfile(result.path, target)


def prune(cache_dir: Path, keep: Iterable[PdfResult]) -> int:
    """Delete cached PDFs no build result uses (after a full build); returns how many."""
    kept = {r.key for r in keep}
    removed = 0
    for path in cache_dir.glob("*/*.pdf"):
        if path.stem not in kept and not path.name.startswith(".tmp-"):  # another build's file being written
            path.unlink(missing_ok=True)
            path.with_suffix(".sha256").unlink(missing_ok=True)
            removed += 1
    return removed


# -- addresses and links ------------------------------------------------------------------------------
def pdf_name(version: Version | str, lang: str, prefix: str = "") -> str:
    """The PDF's file name, fixed by the version and language: `politique-de-confidentialite-2023-12-23.pdf`,
    `privacy-policy-2023-12-23.pdf`, `gouvernance-2024-01-01.pdf` for a further document."""
    vid = version if isinstance(version, str) else version.id
    stem = prefix.strip("/") or s(lang, "pdf_file")
    return f"{stem}-{vid}.pdf"


def pdf_path(version: Version | str, lang: str, prefix: str = "") -> str:
    """Where the PDF lives, relative to the language root (like pages.version_path)."""
    vid = version if isinstance(version, str) else version.id
    return f"{prefix}versions/{vid}/{pdf_name(vid, lang, prefix)}"


def human_size(size: int, lang: str) -> str:
    """`123 Ko` / `123 KB`, `1,2 Mo` / `1.2 MB`: a link to a file says how big it is."""
    if size < 1000 * 1000:
        return s(lang, "pdf_kb", n=max(1, round(size / 1000)))
    n = f"{size / 1000 / 1000:.1f}"
    return s(lang, "pdf_mb", n=n.replace(".", ",") if lang == "fr" else n)


def link_html(href: str, result: PdfResult, lang: str) -> str:
    """The link on a version page and in the archive: says it is a PDF, in which language, and its size."""
    text = html.escape(s(lang, "pdf_link", size=human_size(result.size, lang)))
    return f'<a class="pa-pdf-link" href="{html.escape(href)}" type="application/pdf" hreflang="{t(lang, "html_lang")}">{text}</a>'


def index_entry(result: PdfResult, url: str) -> dict[str, object]:
    """One language's PDF in `versions.json`: its address, SHA-256 and size."""
    return {"url": url, "sha256": result.sha256, "bytes": result.size}


__all__ = [
    "CACHE_ENV",
    "DEFAULT_CACHE_DIR",
    "DEFAULT_VARIANT",
    "ENV",
    "VARIANTS",
    "PdfDocument",
    "PdfResult",
    "SectionHtml",
    "build_pdf",
    "build_pdfs",
    "cache_dir",
    "cache_key",
    "compose_html",
    "enabled",
    "engine_fingerprint",
    "engine_problem",
    "human_size",
    "index_entry",
    "link_html",
    "pdf_document",
    "pdf_name",
    "pdf_path",
    "prune",
    "publish",
    "render_pdf",
    "status_date",
    "status_lines",
]
