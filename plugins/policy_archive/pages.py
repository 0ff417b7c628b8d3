"""The Markdown of every generated page, and where each page lives in each language.

Pure functions of the model: no MkDocs objects here, so they are easy to test
and to cache. Links between generated pages are relative to the page, so they
work at every depth and under any base path.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache

from markdown.extensions.toc import slugify

from . import pdf, redline
from .at import period_words
from .l10n import format_date, strings, t
from .model import IN_FORCE, PAST, UPCOMING, Policy, Section, Version
from .redline.tree import ID_ATTR
from .render import prepare

ARCHIVE = "versions/"
BR = "<br>\n"  # a line break the search index reads as a space too
COMPARE = "versions/compare/"
AT = "versions/at/"  # the policy on a given date (?date=YYYY-MM-DD)
SECTIONS = "versions/sections/"  # one section's history across versions: versions/sections/<anchor>/


@dataclass
class GeneratedPage:
    """One page in one language: its address (relative to the language root) and its Markdown."""

    lang: str
    path: str  # "" for the policy page, "versions/2023-12-23/" for a version, ...
    title: str
    markdown: str
    kind: str  # "policy", "archive", "version", "changes", "compare"
    search: bool = True  # archived texts and redlines stay out of the search index
    document: str = ""  # address prefix of its document: "" for the main one, "gouvernance/"

    def src_uri(self) -> str:
        return f"{self.lang}/{self.path}index.md"


@dataclass
class Site:
    """What every page of one language needs to know."""

    policy: Policy
    lang: str
    organisation: str
    fallback_title: str
    redliner: redline.Redliner = field(default_factory=redline.Redliner)  # the site's Markdown, once per text
    # version id -> (file name, pdf.PdfResult) of this language's PDFs; empty when PDFs are off
    pdfs: dict[str, tuple[str, pdf.PdfResult]] = field(default_factory=dict)
    # lang -> the organisation's own words for "this is a translation" (option translation_notice)
    translation_notice: dict[str, str] = field(default_factory=dict)
    # mkdocs.yml's site_url and this document's prefix: the absolute permanent addresses a
    # printout or a citation gives (empty site_url: none is given)
    site_url: str = ""
    prefix: str = ""
    # version id -> its redline against the previous version, as its changes page made it: the
    # section histories reuse them (one redline per pair of versions), then let them go
    changes: dict[str, list[redline.SectionChange]] = field(default_factory=dict)

    def t(self, key: str, **values: object) -> str:
        return html.escape(t(self.lang, key, **values))

    def date(self, d) -> str:
        return format_date(d, self.lang)

    def title(self, version: Version) -> str:
        return document_title(version, self.lang, self.fallback_title)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#!])")


def heading_text(text: str) -> str:
    """Plain text (a title read from the policy, a string with one in it) as the text of a Markdown
    heading: HTML-escaped, and Markdown's own syntax escaped, so `<script>` or `{: onclick=… }` in
    a title is shown as written and never becomes markup or attributes."""
    escaped = html.escape(text, quote=False)
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def url_path(path: str, lang: str, default_lang: str) -> str:
    """Site-relative address of a page: French at the root, other languages under /<lang>/."""
    return path if lang == default_lang else f"{lang}/{path}"


def version_path(version: Version) -> str:
    return f"{ARCHIVE}{version.id}/"


def changes_path(version: Version) -> str:
    return f"{ARCHIVE}{version.id}/changes/"


@lru_cache(maxsize=65536)  # a build links the same few hundred pages to each other thousands of times
def link(from_path: str, to_path: str) -> str:
    """Relative href from one page (directory URL) to another in the same language."""
    rel = posixpath.relpath("/" + to_path, "/" + from_path)
    return "./" if rel == "." else rel + "/"


def absolute_url(site: Site, here: str) -> str:
    """A page of this document in this language at its absolute address (site_url, the document's
    prefix, `en/`): what outlives the screen, in a printout or a citation. "" without site_url."""
    if not site.site_url:
        return ""
    default = site.policy.languages[0] if site.policy.languages else site.lang
    return site.site_url.rstrip("/") + "/" + url_path(site.prefix + here, site.lang, default)


def print_address(site: Site, here: str, keep: str = "") -> str:
    """'Adresse permanente : https://…' of the page at `here` (relative to its document, as the
    page functions name it), for paper only: print.css shows `.pa-print-only`, the screen hides it.
    `keep` names query parameters that choose what the page shows ("from to", "date"): cite.js
    adds them from the reader's address, so the printout names what was printed."""
    url = absolute_url(site, here)
    if not url:
        return ""
    anchor = f'<a href="{html.escape(url)}">{html.escape(url)}</a>'
    words = html.escape(t(site.lang, "permanent_address", url="\0")).replace("\0", anchor)
    kept = f' data-pa-keep-query="{html.escape(keep)}"' if keep else ""
    return f'<p class="pa-print-only pa-print-address" data-pa-print-address{kept}>{words}</p>'


def section_markdown(section: Section, base: str = "", history: str = "") -> str:
    """One section as it appears on a page, as its author wrote it (ids, attribute lists and
    anchors kept, so the policy's own `#links` work), wrapped so the browser can find it.

    The wrapper carries the section's permanent anchor (from its file name), unless the
    heading already has that id. `history` (raw HTML, `history_link`) ends the section.
    """
    return _wrapped_section(
        section.name, section.anchor, section.markdown, section.title, section.heading_id, base, history
    )


@lru_cache(maxsize=4096)
def _wrapped_section(
    name: str, anchor: str, markdown: str, title: str, heading_id: str | None, base: str, history: str = ""
) -> str:
    own = heading_id or slugify(title, "-")
    ident = "" if own == anchor else f' id="{html.escape(anchor)}"'
    last = f"\n\n{history}" if history else ""
    return (
        f'<section class="pa-section"{ident} data-section="{html.escape(name)}" markdown="1">\n\n'
        f"{prepare(markdown, base).strip()}{last}\n\n</section>\n"
    )


def section_history_path(anchor: str) -> str:
    return f"{SECTIONS}{anchor}/"


def history_link(site: Site, version: Version, section: Section, here: str) -> str:
    """'Historique de cette section', last in a section of a version's text: to the history of
    the clause it belongs to (`redline.Redliner.lineage`), which a renamed file keeps. The
    section's title follows for screen readers, whose list of links would repeat the words."""
    anchor = site.redliner.lineage(site.policy).identity(version.id, section.name) or section.anchor
    title = f'<span class="pa-sr"> — {html.escape(section.title)}</span>' if section.title else ""
    return (
        f'<p class="pa-section__history" data-search-exclude><a href="{link(here, section_history_path(anchor))}">'
        f"{site.t('section_history_link')}{title}</a></p>"
    )


def document_title(version: Version, lang: str, fallback: str) -> str:
    """The policy's own title: the level-1 heading of its first section, if it has one."""
    sections = version.sections.get(lang, [])
    if sections and sections[0].level == 1:
        return sections[0].title
    return fallback


def toc_html(sections: list[Section], lang: str) -> str:
    """A table of contents generated from the section headings (replaces hand-made lists)."""
    items = "".join(
        f'<li><a href="#{html.escape(s.anchor)}">{html.escape(s.title)}</a></li>\n' for s in sections if s.level > 1
    )
    title = html.escape(t(lang, "toc_title"))
    return (
        f'<nav class="pa-toc" aria-labelledby="pa-toc-title">'
        f'<p class="pa-toc__title" id="pa-toc-title">{title}</p>\n<ol>{items}</ol></nav>'
    )


def meta_html(site: Site, version: Version, here: str) -> str:
    """Organisation, effective date, last-updated date (L4), and where to find other versions."""
    parts = []
    if site.organisation:
        parts.append(f'<span class="pa-meta__org">{html.escape(site.organisation)}</span>')
    # "Version en vigueur en date du" only where it is true: the other versions give their date plainly.
    key = "in_effect_as_of" if site.policy.status(version) == IN_FORCE else "effective_on"
    effective = site.t(key, date=site.date(version.effective))
    parts.append(f'<strong class="pa-meta__effective">{effective}</strong>')
    updated = site.t("last_updated", date=site.date(version.last_updated()))
    parts.append(
        f'<span class="pa-meta__updated"><time datetime="{version.last_updated().isoformat()}">{updated}</time></span>'
    )
    parts.append(f'<a class="pa-meta__archive" href="{link(here, ARCHIVE)}">{site.t("archive_link")}</a>')
    return '<p class="pa-meta">' + "<br>\n".join(parts) + "</p>"


def upcoming_html(site: Site, here: str) -> str:
    """T2: the text in force announces the next version, with a link to its changes."""
    out = []
    for version in site.policy.upcoming:
        out.append(
            f'<p class="pa-upcoming" role="note"><strong>{site.t("upcoming_line", date=site.date(version.effective))}</strong> '
            + (f"<strong>{site.t('notice_consent')}</strong> " if version.reduces_rights else "")  # as the notice says
            + f'<a href="{link(here, changes_path(version))}">{site.t("upcoming_link")}</a></p>'
        )
    return "\n".join(out)


def correction_lines(site: Site, version: Version) -> list[str]:
    """'Corrigée le … : …' for each public correction of the version (T5), escaped, oldest first."""
    return [
        site.t("corrected_on", date=site.date(c.date), reason=c.reason.get(site.lang, "")) for c in version.corrections
    ]


def corrections_html(site: Site, version: Version) -> str:
    """The version's public corrections, above its text: errata are visible, never silent (T5)."""
    lines = correction_lines(site, version)
    if not lines:
        return ""
    items = "".join(f"<p>{line}</p>\n" for line in lines)
    return f'<div class="pa-corrections" role="note" aria-label="{site.t("corrections_label")}">\n{items}</div>'


def full_text(site: Site, version: Version, here: str, title: str, before_body: str = "", status: str = "") -> str:
    """The whole text of one version in one language: its status first (above the fold on a
    phone), then its metadata, the translation note and the contents."""
    sections = version.sections.get(site.lang, [])
    out = [f"# {heading_text(title)} {{#top}}\n"]
    if status:
        out += [status, ""]
    out += [meta_html(site, version, here), ""]
    if note := translation_html(site, version):
        out += [note, ""]
    if fixes := corrections_html(site, version):
        out += [fixes, ""]
    if before_body:
        out += [before_body, ""]
    body = sections
    while body and body[0].level <= 1:  # a preamble, or the policy's own title and introduction
        out += [section_markdown(body[0], site.redliner.renderer.base, history_link(site, version, body[0], here)), ""]
        body = body[1:]
    out += [toc_html(body, site.lang), ""]
    out += [section_markdown(s, site.redliner.renderer.base, history_link(site, version, s, here)) for s in body]
    return "\n".join(out)


def policy_page(site: Site) -> GeneratedPage:
    """The policy in force, at the root of its language (L1). Before the first version takes
    effect, the page shows that version with its status: nothing claims it is in force."""
    version = site.policy.in_force or site.policy.versions[0]
    title = site.title(version)
    status = banner_html(site, version, "") if site.policy.in_force is None else ""
    return GeneratedPage(
        site.lang,
        "",
        title,
        # On paper, the permanent address of the text printed: this version's, not the root's.
        full_text(
            site, version, "", title, upcoming_html(site, "") + print_address(site, version_path(version)), status
        ),
        "policy",
    )


def translation_html(site: Site, version: Version | None = None) -> str:
    """On a page in another language than the default: it is a translation, the default text
    prevails (the organisation's words when configured), and, for one version, when each
    language's text last changed, so a reader sees how fresh the translation is."""
    default = site.policy.languages[0] if site.policy.languages else site.lang
    if site.lang == default:
        return ""
    notice = site.translation_notice.get(site.lang) or t(site.lang, "translation_notice")
    parts = [f'<span class="pa-translation__notice">{html.escape(notice)}</span>']
    if version is not None:
        own, original = version.text_updated(site.lang), version.text_updated(default)
        dates = site.t("translation_dates", own=site.date(own), original=site.date(original))
        parts.append(f'<span class="pa-translation__dates">{dates}</span>')
    return f'<p class="pa-translation" role="note">{" ".join(parts)}</p>'


def _text_label(site: Site, lang: str) -> str:
    """'Texte français', 'English text': a language's text named in the page's language."""
    key = f"text_{lang}"
    return site.t(key) if key in strings(site.lang) else html.escape(strings(lang)["name"])


def _period(site: Site, version: Version) -> str:
    start, end = site.policy.period(version)
    if site.policy.status(version) == UPCOMING:
        return site.t("period_future", start=site.date(start))
    if end is None or site.policy.status(version) == IN_FORCE:
        return site.t("period_open", start=site.date(start))
    return site.t("period_range", start=site.date(start), end=site.date(end))


def _published(site: Site, version: Version) -> str:
    """The published date from version.yml, and when the text entered the repository's history
    (provenance), said in words: a reader is not shown a commit id."""
    date = site.date(version.published)
    if version.commit and version.commit_date:
        return site.t("published_commit", date=date, commit_date=site.date(version.commit_date))
    return site.t("published_on", date=date)


def _texts_updated(site: Site, version: Version) -> str:
    """Each language's own last change (the archive shows both): a translation can lag its original."""
    return " · ".join(
        site.t("archive_text_updated", text=_text_label(site, lang), date=site.date(version.text_updated(lang)))
        for lang in site.policy.languages
        if version.sections.get(lang)
    )


def archive_page(site: Site) -> GeneratedPage:
    """Every version, newest first, with its period, status, summary and links (T4)."""
    here = ARCHIVE
    rows = []
    for version in reversed(site.policy.versions):
        status = site.policy.status(version)
        links = [f'<a href="{link(here, version_path(version))}">{site.t("link_full_text")}</a>']
        if site.policy.previous(version) is not None:
            links.append(f'<a href="{link(here, changes_path(version))}">{site.t("link_changes")}</a>')
        else:
            links.append(f"<span>{site.t('first_version')}</span>")
        if found := site.pdfs.get(version.id):
            links.append(pdf.link_html(f"{version.id}/{found[0]}", found[1], site.lang))
        kind = site.t("significant_label") if version.significant else site.t("editorial_label")
        vid = html.escape(version.id)
        # Cells, paragraphs and links end with a newline: the search index keeps the text without
        # the tags, and fields glued together ("StatusSummary") would read as one word.
        rows.append(
            f'<tr class="pa-row pa-row--{status}" id="v-{vid}" data-version="{vid}">\n'
            f'<th scope="row"><a href="{link(here, version_path(version))}">'
            f'<time datetime="{vid}">{site.date(version.effective)}</time></a></th>\n'
            f'<td data-label="{site.t("col_period")}">{_period(site, version)}</td>\n'
            f'<td data-label="{site.t("col_status")}"><span class="pa-badge pa-badge--{status}">{site.t("status_" + status)}</span></td>\n'
            f'<td data-label="{site.t("col_summary")}"><p>{html.escape(version.summary.get(site.lang, ""))}</p>\n'
            f'<p class="pa-row__meta">{kind} · {_published(site, version)}</p>\n'
            f'<p class="pa-row__meta pa-row__updated">{_texts_updated(site, version)}</p>\n'
            + "".join(
                f'<p class="pa-row__meta pa-row__correction">{line}</p>\n' for line in correction_lines(site, version)
            )
            + "</td>\n"
            f'<td class="pa-row__links" data-label="{site.t("col_links")}">{BR.join(links)}</td></tr>\n'
        )
    head = "".join(
        f'<th scope="col">{site.t(k)}</th>\n'
        for k in ("col_version", "col_period", "col_status", "col_summary", "col_links")
    )
    table = f'<div class="pa-archive"><table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>'
    title = t(site.lang, "archive_title")
    intro = [f"<p>{site.t('archive_intro')}</p>"] + ([note] if (note := translation_html(site)) else [])
    markdown = "\n\n".join(
        [f"# {heading_text(title)} {{#top}}", *intro, table, compare_form(site, here), at_form(site, here)]
    )
    return GeneratedPage(site.lang, here, title, markdown, "archive")


def compare_form(site: Site, here: str, heading: bool = True) -> str:
    """Pick two versions; a GET form, so the result has a shareable address."""
    versions = list(reversed(site.policy.versions))
    if len(versions) < 2:
        return ""
    old, new = versions[1].id, versions[0].id

    def select(name: str, label: str, selected: str) -> str:
        options = "".join(
            f'<option value="{html.escape(v.id)}"{" selected" if v.id == selected else ""}>{site.date(v.effective)}'
            f" ({site.t('status_' + site.policy.status(v))})</option>\n"
            for v in versions
        )
        return f'<label>{label} <select name="{name}">{options}</select></label>'

    return (
        f'<form class="pa-compare-form" method="get" action="{link(here, COMPARE)}">'
        + (f'<h2 id="compare">{site.t("compare_title")}</h2>' if heading else "")
        + f"<p>{site.t('compare_intro')}</p>"
        f"{select('from', site.t('compare_from'), old)} {select('to', site.t('compare_to'), new)} "
        f'<button type="submit" class="md-button">{site.t("compare_submit")}</button></form>'
    )


def _version_link(site: Site, version: Version, here: str) -> str:
    """'version du 1er mars 2025', linked to that version's page."""
    return (
        f'<a href="{link(here, version_path(version))}">{site.t("version_of", date=site.date(version.effective))}</a>'
    )


def _with_link(site: Site, key: str, link_html: str, **values: object) -> str:
    """A string whose `{version}` is a link: the words are escaped, the link is markup."""
    return html.escape(t(site.lang, key, version="\0", **values)).replace("\0", link_html)


def banner_html(site: Site, version: Version, here: str) -> str:
    """A version's status, first on its page: in force since …; in force from … to …, replaced
    by (link); takes effect on …. Past and upcoming versions also lead to the version in force."""
    status = site.policy.status(version)
    current = site.policy.in_force
    start, end = site.policy.period(version)
    nxt = site.policy.next(version)
    to_current = (
        f'<a href="{link(here, "")}">{site.t("banner_past_link" if status == PAST else "banner_upcoming_link")}</a>'
        if current is not None and status != IN_FORCE
        else ""
    )
    if status == PAST and nxt is not None and end is not None:
        text = _with_link(
            site, "version_status_past", _version_link(site, nxt, here), start=site.date(start), end=site.date(end)
        )
    elif status == UPCOMING:
        text = site.t("version_status_upcoming", date=site.date(version.effective))
    else:
        text = site.t("version_status_in_force", start=site.date(start))
        if nxt is not None and end is not None:
            text += " " + _with_link(site, "version_status_until", _version_link(site, nxt, here), end=site.date(end))
    extra = f" {to_current}" if to_current else ""
    return (
        f'<div class="pa-banner pa-banner--{"current" if status == IN_FORCE else status}" role="note">'
        f"<p><strong>{text}</strong>{extra}</p></div>"
    )


def version_page(site: Site, version: Version) -> GeneratedPage:
    """The whole text of one version at its permanent address, its status first."""
    here = version_path(version)
    title = t(site.lang, "version_title", title=site.title(version), date=site.date(version.effective))
    banner = banner_html(site, version, here)
    links = (
        [f'<a href="{link(here, changes_path(version))}">{site.t("link_changes")}</a>']
        if site.policy.previous(version)
        else []
    )
    if found := site.pdfs.get(version.id):
        links.append(pdf.link_html(found[0], found[1], site.lang))
    extra = f'<p class="pa-links">{" · ".join(links)}</p>' if links else ""
    extra = "\n\n".join(part for part in (extra, print_address(site, here), cite_html(site, version)) if part)
    return GeneratedPage(
        site.lang,
        here,
        title,
        full_text(site, version, here, title, extra, banner),
        "version",
        search=False,
    )


def cite_html(site: Site, version: Version) -> str:
    """'Citer cette version': organisation, title, version, its period in force (the banner's words),
    its permanent address and « consulté le … », the reader's today, which cite.js writes (the build
    writes a placeholder: a date of its own would be the build's clock, not the reader's visit)."""
    here = version_path(version)
    default = site.policy.languages[0] if site.policy.languages else site.lang
    url = absolute_url(site, here) or "/" + url_path(site.prefix + here, site.lang, default)
    values: dict[str, object] = {
        "title": site.title(version),
        "version": t(site.lang, "version_of", date=site.date(version.effective)),
        "period": period_words(site.policy, version, site.lang),
        "url": "\0",
        "date": "\1",
    }
    if site.organisation:
        values["organisation"] = site.organisation
    key = "cite_text" if site.organisation else "cite_text_no_org"
    date = f'<span class="pa-cite__date" data-pa-cite-date>{site.t("cite_date_placeholder")}</span>'
    text = (
        html.escape(t(site.lang, key, **values))
        .replace("\0", f'<a href="{html.escape(url)}">{html.escape(url)}</a>')
        .replace("\1", date)
    )
    done = f'data-pa-copied="{site.t("cite_copied")}" data-pa-failed="{site.t("cite_copy_failed")}"'
    return _one_line(
        f'<details class="pa-cite" id="pa-cite"><summary>{site.t("cite_title")}</summary>'
        f'<p class="pa-cite__text" data-pa-cite>{text}</p>'
        f'<p class="pa-cite__actions" data-pa-cite-actions hidden>'
        f'<button type="button" class="md-button" data-pa-cite-copy>{site.t("cite_copy")}</button> '
        f'<span class="pa-cite__done" aria-live="polite" data-pa-cite-done {done}></span></p></details>'
    )


def changes_title(policy: Policy, version: Version, lang: str) -> str:
    """'Modifications entrées en vigueur le …' or '… qui entreront en vigueur le …': the title says
    whether the changes already apply."""
    key = "changes_title_upcoming" if policy.status(version) == UPCOMING else "changes_title"
    return t(lang, key, date=format_date(version.effective, lang))


def _status_label(site: Site, change: redline.SectionChange) -> str:
    label = site.t("change_" + change.status)
    if change.formatting_only:
        label += f" ({site.t('formatting_only')})"
    if change.status == redline.RENAMED:
        label += f" — {site.t('renamed_from', title=change.old_title)}"
    moved = " pa-moved" if change.status == redline.MOVED else ""  # its mark: the section itself moved
    return f'<p class="pa-status pa-status--{change.status}{moved}">{label}</p>'


def _change_heading(change: redline.SectionChange) -> str:
    """The redlined heading (none for a preamble)."""
    if not change.level:
        return ""
    ident = f' id="{change.heading_id}"' if change.heading_id else ""  # already escaped: read from HTML
    return f"<h{change.level}{ident}>{change.heading_html}</h{change.level}>"


def _change_block(site: Site, change: redline.SectionChange) -> str:
    """One section of the redline as raw HTML on one line: Markdown passes it through untouched
    (inside a `markdown="1"` block, Python-Markdown re-parses nested HTML and can drop content)."""
    ident = "" if change.heading_id == change.anchor else f' id="{html.escape(change.anchor)}"'
    return _one_line(
        f'<section class="pa-change pa-change--{change.status}"{ident} data-section="{html.escape(change.name)}">'
        f"{_status_label(site, change)}{_change_heading(change)}"
        f'<div class="pa-redline">{change.body_html}</div></section>'
    )


def _one_line(markup: str) -> str:
    """Raw HTML that Markdown passes through whole: a blank line (inside <pre>, say) would end the
    raw block and turn the rest into paragraphs. `&#10;` is the same newline once parsed."""
    return markup.replace("\r", "&#13;").replace("\n", "&#10;")


def _fold(site: Site, group: list[redline.SectionChange]) -> str:
    """Consecutive unchanged (or only renumbered) sections, folded away but still there for who
    wants them. Each section on its own, between blank lines, inside the fold (a raw HTML block
    to Markdown): the same section unchanged across many versions is the same block on each of
    their changes pages, made safe once (`fragments.render`)."""
    titles = ", ".join(c.title or "—" for c in group)
    summary = site.t(f"{group[0].status}_fold", count=len(group), titles=titles)
    inner = "\n\n".join(_change_block(site, c) for c in group)
    return f'<details class="pa-unchanged"><summary>{summary}</summary>\n\n{inner}\n\n</details>'


def _changes_toc(site: Site, changes: list[redline.SectionChange]) -> str:
    """The changed sections, by their plain titles, with what happened to each."""
    items = "".join(
        f'<li><a href="#{html.escape(c.anchor)}">{html.escape(c.title or c.name)}</a> '
        f'<span class="pa-toc__status">({site.t("change_" + c.status)})</span></li>'
        for c in changes
        if c.status not in FOLDED
    )
    if not items:
        return ""
    return (
        f'<nav class="pa-toc" aria-labelledby="pa-toc-title">'
        f'<p class="pa-toc__title" id="pa-toc-title">{site.t("toc_title")}</p><ol>{items}</ol></nav>'
    )


def _grouped(changes: list[redline.SectionChange]) -> Iterator[list[redline.SectionChange]]:
    """Consecutive unchanged sections in one group, consecutive renumbered ones in another (both folded)."""
    group: list[redline.SectionChange] = []
    for change in changes:
        if group and change.status != group[0].status:
            yield group
            group = []
        if change.status in FOLDED:
            group.append(change)
            continue
        yield [change]
    if group:
        yield group


FOLDED = (redline.UNCHANGED, redline.RENUMBERED)  # what a reader need not read again


def _dedupe_ids(changes: list[redline.SectionChange]) -> None:
    """Each section was rendered alone: an id repeated on the page is dropped after its first use."""
    seen: set[str] = {"top"}

    def keep(m: re.Match[str]) -> str:
        if m.group(1) in seen:
            return ""
        seen.add(m.group(1))
        return m.group(0)

    for change in changes:
        seen.add(change.anchor)
        if change.heading_id:
            if change.heading_id in seen and change.heading_id != change.anchor:
                change.heading_id = ""
            seen.add(change.heading_id)
        change.body_html = ID_ATTR.sub(keep, change.body_html)
    # Struck text may link to a part of the old text that is gone: such a link goes nowhere, so it
    # keeps its words but loses its target.
    for change in changes:
        change.body_html = _FRAGMENT_HREF.sub(lambda m: m.group(0) if m.group(1) in seen else "", change.body_html)


_FRAGMENT_HREF = re.compile(r' href="#([^"]*)"')


def changes_page(site: Site, version: Version, previous: Version) -> GeneratedPage:
    """Plain-language summary, then the redline against the previous version (T4, A1)."""
    here = changes_path(version)
    changes = site.redliner.compare(previous, version, site.lang)
    _dedupe_ids(changes)
    site.changes[version.id] = changes  # the section histories read them (section_history_pages)
    counts = redline.stats(changes)
    title = changes_title(site.policy, version, site.lang)
    status = site.policy.status(version)
    links = (
        f'<p class="pa-links"><a href="{link(here, version_path(version))}">{site.t("changes_this")}</a> · '
        f'<a href="{link(here, version_path(previous))}">{site.t("changes_previous")}</a> · '
        f'<a href="{link(here, ARCHIVE)}">{site.t("nav_archive")}</a></p>'
    )
    consent = f"<p><strong>{site.t('notice_consent')}</strong></p>" if version.reduces_rights else ""
    same = (
        f'<p class="pa-summary__same"><strong>{site.t("changes_formatting_only")}</strong></p>'
        if not any(c.status != redline.UNCHANGED for c in changes)
        else ""
    )
    summary = (
        f'<div class="pa-summary" role="region" aria-labelledby="pa-summary-title">'
        f'<p class="pa-summary__title" id="pa-summary-title"><strong>{site.t("changes_summary")}</strong> '
        f'<span class="pa-badge pa-badge--{status}">{site.t("status_" + status)}</span></p>'
        f"<p>{html.escape(version.summary.get(site.lang, ''))}</p>{consent}{same}"
        f'<p class="pa-summary__counts">{site.t("changes_count", **{k: counts.get(k, 0) for k in redline.STATUSES})}</p></div>'
    )
    legend = (
        f'<p class="pa-legend">{site.t("changes_intro", date=site.date(previous.effective))} '
        f'<span aria-hidden="true">{site.t("legend")} <ins>{site.t("legend_ins")}</ins> <del>{site.t("legend_del")}</del></span></p>'
    )
    body = [
        _fold(site, group) if group[0].status in FOLDED else _change_block(site, group[0])
        for group in _grouped(changes)
    ]
    head = [f"# {heading_text(title)} {{#top}}", links, print_address(site, here), summary]
    head += [translation_html(site, version), views_html(site), legend]  # the redline follows the legend
    markdown = "\n\n".join([*head, _changes_toc(site, changes), *body])
    return GeneratedPage(
        site.lang,
        here,
        title,
        markdown,
        "changes",
        search=False,
    )


def compare_page(site: Site) -> GeneratedPage:
    """Any two versions, redlined in the browser from each version's data.json (no quadratic build).

    Without JavaScript the page says so and points to the archive, whose consecutive
    changes pages need no script (a paragraph the stylesheet shows only then: a `<noscript>` is
    parsed two ways, with and without scripting, which no sanitiser can vouch for). Everything
    compare.js reads is a `data-pa-*` attribute: no inline script, no JSON in a `<script>`.
    """
    here = COMPARE
    title = t(site.lang, "compare_title")
    data = {
        "data-url": f"{link(here, ARCHIVE)}{{id}}/data.json",
        "ins-start": t(site.lang, "ins_start"),
        "ins-end": t(site.lang, "ins_end"),
        "del-start": t(site.lang, "del_start"),
        "del-end": t(site.lang, "del_end"),
        "error-text": t(site.lang, "compare_error"),
        "toc-title": t(site.lang, "toc_title"),
        "same-text": t(site.lang, "compare_same"),
        "versions": " ".join(v.id for v in site.policy.versions),
        **{f"status-{s}": t(site.lang, f"change_{s}") for s in redline.STATUSES},
        # Templates, filled by compare.js as str.format would: each placeholder is passed as itself.
        "formatting-only": t(site.lang, "formatting_only"),
        "renamed-from": t(site.lang, "renamed_from", title="{title}"),
        "moved-from": t(site.lang, "moved_from", title="{title}"),
        "moved-to": t(site.lang, "moved_to", title="{title}"),
        "text-moved-to": t(site.lang, "text_moved_to", title="{title}"),
        "text-moved-from": t(site.lang, "text_moved_from", title="{title}"),
        "unchanged-fold": t(site.lang, "unchanged_fold", count="{count}", titles="{titles}"),
        "renumbered-fold": t(site.lang, "renumbered_fold", count="{count}", titles="{titles}"),
        "counts": t(site.lang, "changes_count", **{k: f"{{{k}}}" for k in redline.STATUSES}),
        "same-content": t(site.lang, "changes_formatting_only"),
        "lang": site.lang,  # the plural rule compare.js applies to the counts ({count|one|other})
    }
    attributes = " ".join(f'data-pa-{k}="{html.escape(v)}"' for k, v in data.items())
    markdown = "\n\n".join(
        [
            f"# {heading_text(title)} {{#top}}",
            compare_form(site, here, heading=False),
            print_address(site, here, keep="from to"),
            f'<p class="pa-nojs pa-banner pa-banner--past">{site.t("compare_nojs")} '
            f'<a href="{link(here, ARCHIVE)}">{site.t("nav_archive")}</a></p>',
            _compare_summaries(site, here),
            views_html(site),
            f'<div id="pa-compare" class="pa-compare" aria-live="polite" data-pa-compare {attributes}></div>',
        ]
    )
    return GeneratedPage(site.lang, here, title, markdown, "compare", search=False)


def _compare_summaries(site: Site, here: str) -> str:
    """What the changes pages say beside their redline, for any range: the summary of every version
    in it and the legend. All versions are written, hidden; compare-page.js shows those after the
    older version chosen, up to the newer one (the address is checked against these ids first)."""
    items = []
    for version in site.policy.versions:
        status = site.policy.status(version)
        consent = f"<p><strong>{site.t('notice_consent')}</strong></p>" if version.reduces_rights else ""
        changes = (
            f' <a href="{link(here, changes_path(version))}">{site.t("notice_link")}</a>'
            if site.policy.previous(version)
            else ""
        )
        items.append(
            f'<div class="pa-summary" data-pa-version="{html.escape(version.id)}" hidden>'
            f'<p class="pa-summary__title"><strong>{site.date(version.effective)}</strong> '
            f'<span class="pa-badge pa-badge--{status}">{site.t("status_" + status)}</span></p>'
            f"<p>{html.escape(version.summary.get(site.lang, ''))}{changes}</p>{consent}</div>"
        )
    legend = (
        f'<p class="pa-legend">{site.t("legend")} <ins>{site.t("legend_ins")}</ins> '
        f"<del>{site.t('legend_del')}</del></p>"
    )
    return _one_line(
        f'<div class="pa-compare-summaries" data-pa-compare-summaries hidden>'
        f'<h2 id="resumes">{site.t("compare_summaries")}</h2>{"".join(items)}{legend}</div>'
    )


def at_form(site: Site, here: str, heading: bool = True) -> str:
    """Pick a day; a GET form to `versions/at/`, so the answer has a shareable address (?date=)."""
    return (
        f'<form class="pa-at-form" method="get" action="{link(here, AT)}">'
        + (f'<h2 id="at">{site.t("at_form_title")}</h2><p>{site.t("at_form_intro")}</p>' if heading else "")
        + f'<label for="pa-at-date">{site.t("at_label")}</label> '
        '<input type="date" id="pa-at-date" name="date" required> '
        f'<button type="submit" class="md-button">{site.t("at_submit")}</button></form>'
    )


def at_page(site: Site) -> GeneratedPage:
    """The policy on a given date (`?date=YYYY-MM-DD`, read by at.js). Without JavaScript the table of
    every version's period answers it by reading; at.js finds the row from its `data-pa-*` attributes
    and writes the sentence `policy-archive at` prints, from templates in the page's language."""
    here = AT
    policy = site.policy
    rows = []
    for version in policy.versions:
        status = policy.status(version)
        end = policy.period(version)[1]
        label = t(site.lang, "version_of", date=site.date(version.effective))
        data = {
            "from": version.effective.isoformat(),
            "to": end.isoformat() if end else "",
            "status": status,
            "label": label,
            "period": period_words(policy, version, site.lang),
        }
        attributes = " ".join(f'data-pa-{k}="{html.escape(v)}"' for k, v in data.items())
        vid = html.escape(version.id)
        rows.append(
            f'<tr class="pa-row pa-row--{status}" id="v-{vid}" data-version="{vid}" {attributes}>'
            f'<th scope="row"><a href="{link(here, version_path(version))}">{html.escape(label)}</a></th>'
            f'<td data-label="{site.t("col_period")}">{_period(site, version)}</td>'
            f'<td data-label="{site.t("col_status")}"><span class="pa-badge pa-badge--{status}">'
            f"{site.t('status_' + status)}</span></td></tr>"
        )
    head = "".join(f'<th scope="col">{site.t(k)}</th>' for k in ("col_version", "col_period", "col_status"))
    table = (
        f'<div class="pa-archive pa-at__versions"><table><caption>{site.t("at_table_caption")}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )
    first = policy.versions[0] if policy.versions else None
    none_key = "at_none_upcoming" if first is not None and policy.status(first) == UPCOMING else "at_none"
    # Templates, filled by at.js as str.format would: each placeholder is passed as itself.
    templates = {
        "as-of": policy.as_of.isoformat(),
        "answer": t(site.lang, "at_answer", day="{day}", version="{version}", period="{period}"),
        "answer-later": t(
            site.lang,
            "at_answer_later",
            day="{day}",
            as_of=site.date(policy.as_of),
            version="{version}",
            period="{period}",
        ),
        "none": t(site.lang, none_key, day="{day}", first=site.date(first.effective)) if first else "",
        "invalid": t(site.lang, "at_invalid"),
    }
    attributes = " ".join(f'data-pa-{k}="{html.escape(v)}"' for k, v in templates.items())
    title = t(site.lang, "at_title")
    intro = [f"<p>{site.t('at_intro')}</p>"] + ([note] if (note := translation_html(site)) else [])
    markdown = "\n\n".join(
        [
            f"# {heading_text(title)} {{#top}}",
            *intro,
            at_form(site, here, heading=False),
            print_address(site, here, keep="date"),
            f'<div id="pa-at-result" class="pa-at__result" aria-live="polite" data-pa-at {attributes}></div>',
            _one_line(table),
        ]
    )
    return GeneratedPage(site.lang, here, title, markdown, "at", search=False)


VIEWS_WORDS = ("view", "inline", "side", "show", "all", "ins", "del", "old", "new")


def views_html(site: Site) -> str:
    """Where views.js puts its toolbar (inline or side by side; everything, additions only or
    deletions only), with its words in the page's language. Empty and hidden: without JavaScript
    the reader has the inline redline, which needs no control."""
    words = " ".join(f'data-pa-views-{k}="{site.t("views_" + k)}"' for k in VIEWS_WORDS)
    return f'<div class="pa-views" data-pa-views {words} hidden></div>'


def _nothing_before(version: Version) -> Version:
    """An empty version before the first one: against it, each section of the first is added."""
    return Version("", version.path, version.effective, version.published, False, False, {})


def section_history_pages(site: Site) -> list[GeneratedPage]:
    """One page per clause (`versions/sections/<anchor>/`): each version in which it changed, with
    its redline against the clause's previous state; the versions that left it as it was are counted.

    Made in one pass over the versions from the redlines the changes pages computed (`site.changes`,
    let go here), so the cost is that of the changes pages, not one redline per section. A clause is
    followed across renames and moves by the redline's own matching (`redline.Redliner.lineage`).
    """
    policy = site.policy
    lineage = site.redliner.lineage(policy)
    timelines: dict[str, list[tuple[Version, Version, redline.SectionChange]]] = {}
    previous: Version | None = None
    for version in policy.versions:
        changes = site.changes.pop(version.id, None)
        if changes is None:  # the first version, or pages made without their changes pages
            changes = site.redliner.compare(previous or _nothing_before(version), version, site.lang)
        for change in changes:
            # A removed section is known by its name in the previous version.
            owner = previous if change.status == redline.REMOVED and previous is not None else version
            anchor = lineage.identity(owner.id, change.name) or change.anchor
            timelines.setdefault(anchor, []).append((version, owner, change))
        previous = version
    current: dict[str, str] = {}  # clause -> its section's anchor on the page of the text in force
    if policy.in_force is not None:
        for section in policy.in_force.sections.get(site.lang, []):
            current[lineage.identity(policy.in_force.id, section.name) or section.anchor] = section.anchor
    return [
        _section_history_page(site, anchor, timelines.get(anchor, []), current.get(anchor))
        for anchor in lineage.anchors
    ]


def _section_history_page(
    site: Site,
    anchor: str,
    timeline: list[tuple[Version, Version, redline.SectionChange]],
    in_force: str | None,
) -> GeneratedPage:
    """Oldest first: each redline reads against the state just above it, from the first text to the
    latest, the way the clause was written (the page says so)."""
    here = section_history_path(anchor)
    latest = timeline[-1][2] if timeline else None
    name = latest.title if latest is not None and latest.title else t(site.lang, "history_preamble")
    title = t(site.lang, "history_title", title=name)
    parts: list[str] = []
    changed = unchanged = gap = 0
    for version, owner, change in timeline:
        if change.status == redline.UNCHANGED:  # formatting-only changes included: a reader sees none
            unchanged += 1
            gap += 1
            continue
        if gap:
            parts.append(_history_gap(site, gap))
            gap = 0
        changed += 1
        parts += _history_entry(site, version, owner, change, here)
    if gap:
        parts.append(_history_gap(site, gap))
    links = [f'<a href="{link(here, ARCHIVE)}">{site.t("nav_archive")}</a>']
    if in_force is not None:
        links.insert(0, f'<a href="{link(here, "")}#{html.escape(in_force)}">{site.t("history_in_force")}</a>')
    intro = (
        f'<p class="pa-legend">{site.t("history_intro")} <span aria-hidden="true">{site.t("legend")} '
        f"<ins>{site.t('legend_ins')}</ins> <del>{site.t('legend_del')}</del></span></p>"
    )
    counts = f'<p class="pa-history__counts">{site.t("history_counts", changed=changed, unchanged=unchanged)}</p>'
    head = [
        f"# {heading_text(title)} {{#top}}",
        f'<p class="pa-links">{" · ".join(links)}</p>',
        print_address(site, here),
        intro,
        counts,
        translation_html(site),
        views_html(site),
    ]
    markdown = "\n\n".join(part for part in [*head, *parts] if part)
    return GeneratedPage(site.lang, here, title, markdown, "section", search=False)


def _history_gap(site: Site, count: int) -> str:
    """'Puis inchangée dans les 3 versions suivantes.': counted, not repeated."""
    words = site.t("history_unchanged_one") if count == 1 else site.t("history_unchanged_other", count=count)
    return f'<p class="pa-history__gap">{words}</p>'


def _history_entry(site: Site, version: Version, owner: Version, change: redline.SectionChange, here: str) -> list[str]:
    """One version in a section's history: its date (linked to its text, and the heading Material's
    table of contents lists), status, period and summary, its permanent address on paper, and the
    section's redline as a changes page shows it (`_change_block`)."""
    vid = html.escape(version.id)
    label = heading_text(t(site.lang, "history_version", date=site.date(version.effective)))
    heading = f'## <a href="{link(here, version_path(version))}">{label}</a> {{#v-{vid}}}'
    status = site.policy.status(version)
    links = [f'<a href="{link(here, version_path(version))}">{site.t("link_full_text")}</a>']
    if site.policy.previous(version) is not None:
        links.append(f'<a href="{link(here, changes_path(version))}">{site.t("link_changes")}</a>')
    meta = (
        f'<div class="pa-history__meta"><p><span class="pa-badge pa-badge--{status}">{site.t("status_" + status)}</span> '
        f"{_period(site, version)}</p><p>{html.escape(version.summary.get(site.lang, ''))}</p>"
        f'<p class="pa-links">{" · ".join(links)}</p>{print_address(site, version_path(version))}</div>'
    )
    # Every version's state of the section is on one page: no id may repeat, and a link to a part of
    # the text leads to it in the version the text comes from.
    target = link(here, version_path(owner))
    shown = replace(
        change,
        anchor="",
        heading_id="",
        level=3 if change.level else 0,  # under the version's heading
        heading_html=ID_ATTR.sub("", change.heading_html),
        body_html=_FRAGMENT_HREF.sub(lambda m: f' href="{target}#{m.group(1)}"', ID_ATTR.sub("", change.body_html)),
    )
    return [heading, _one_line(meta), _change_block(site, shown)]


def page_paths(policy: Policy, prefix: str = "", redliner: redline.Redliner | None = None) -> list[str]:
    """Addresses of every page (the same in each language), without rendering any page: the section
    histories need only which sections are one clause (`redliner`'s lineage, kept once computed)."""
    paths = ["", ARCHIVE] + ([COMPARE] if len(policy.versions) > 1 else [])
    paths.append(AT)
    for version in policy.versions:
        paths.append(version_path(version))
        if policy.previous(version) is not None:
            paths.append(changes_path(version))
    paths += [section_history_path(a) for a in (redliner or redline.Redliner()).lineage(policy).anchors]
    return [prefix + path for path in paths]


def all_pages(
    policy: Policy,
    lang: str,
    organisation: str,
    fallback_title: str,
    prefix: str = "",
    redliner: redline.Redliner | None = None,
    pdfs: dict[str, tuple[str, pdf.PdfResult]] | None = None,
    translation_notice: dict[str, str] | None = None,
    site_url: str = "",
) -> Iterator[GeneratedPage]:
    """Every page of one language of one document; `prefix` ("gouvernance/") places a further document.
    Made one at a time: a caller that keeps each page's text more compactly (the plugin) never
    holds every page's Markdown at once.

    Links between a document's pages are relative, so the same pages work under any prefix.
    `redliner` renders with the site's Markdown extensions and link base; share one across calls
    so each distinct section is rendered once. `site_url` (mkdocs.yml's) makes the absolute
    permanent addresses a printout and a citation give (`print_address`, `cite_html`).
    """
    site = Site(
        policy, lang, organisation, fallback_title, redliner or redline.Redliner(), pdfs or {}, translation_notice or {}
    )
    site.site_url, site.prefix = site_url, prefix  # absolute permanent addresses (print, citation)
    for page in _document_pages(site):
        page.path = prefix + page.path
        page.document = prefix
        yield page


def _document_pages(site: Site) -> Iterator[GeneratedPage]:
    policy = site.policy
    yield policy_page(site)
    yield archive_page(site)
    yield at_page(site)
    if len(policy.versions) > 1:
        yield compare_page(site)
    for version in policy.versions:
        yield version_page(site, version)
        previous = policy.previous(version)
        if previous is not None:
            yield changes_page(site, version, previous)
    yield from section_history_pages(site)  # after the changes pages: it reuses their redlines
