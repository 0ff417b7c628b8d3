"""Machine-readable outputs: an Atom feed of versions per language, `versions.json`, page sitemaps.

All are pure functions of the model and the build date, so the same input and
date give the same bytes (reproducible builds). Every string from the content or
the configuration is escaped for the format it lands in (S1).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from .l10n import format_date, t
from .model import Policy, Version
from .pages import changes_path, changes_title, url_path, version_path
from .safety import json_for_html, xml_text


def _stamp(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def announced(policy: Policy) -> list[Version]:
    """Versions the public may know about: published on or before the build date, newest first."""
    return [v for v in reversed(policy.versions) if v.published <= policy.as_of]


def _updated(v: Version) -> dt.date:
    """When the entry last changed: its text's last change (git) or its latest public correction
    (T5), never before it was published."""
    return max(v.published, v.last_updated(), *(c.date for c in v.corrections))


def _summary(v: Version, lang: str) -> str:
    """The entry's text: the summary of changes, then each public correction (T5) on its own line."""
    fixes = [
        t(lang, "corrected_on", date=format_date(c.date, lang), reason=c.reason.get(lang, "")) for c in v.corrections
    ]
    return "\n\n".join([v.summary.get(lang, ""), *fixes]) if fixes else v.summary.get(lang, "")


def _author(name: str, uri: str, indent: str) -> str:
    inner = f"{indent}  <name>{xml_text(name)}</name>\n" + (f"{indent}  <uri>{xml_text(uri)}</uri>\n" if uri else "")
    return f"{indent}<author>\n{inner}{indent}</author>\n"


def atom(
    policy: Policy,
    lang: str,
    site_url: str,
    default_lang: str,
    title: str,
    prefix: str = "",
    author: str = "",
    author_uri: str = "",
) -> str:
    """An Atom feed (RFC 4287): one entry per published version, linking to its changes (or its text).

    Ids are the absolute addresses of the feed and of each version's page in this language: they
    never change, since those addresses never do (README, "Addresses"). `author` (the
    organisation) is on the feed and on every entry, as RFC 4287 s. 4.1.1 and 4.1.2 ask.
    `prefix` places a further document ("gouvernance/"): /gouvernance/feed.xml, /en/gouvernance/feed.xml.
    """
    base = site_url.rstrip("/") + "/"

    def url(path: str) -> str:
        return base + url_path(prefix + path, lang, default_lang)

    versions = announced(policy)
    updated = max((_updated(v) for v in versions), default=policy.as_of)
    entries = []
    for v in versions:
        target = changes_path(v) if policy.previous(v) else version_path(v)
        date = format_date(v.effective, lang)
        heading = changes_title(policy, v, lang) if policy.previous(v) else f"{t(lang, 'first_version')} — {date}"
        entries.append(
            "  <entry>\n"
            f"    <id>{xml_text(url(version_path(v)))}</id>\n"
            f"    <title>{xml_text(heading)}</title>\n"
            f"    <updated>{_stamp(_updated(v))}</updated>\n"
            f"    <published>{_stamp(v.published)}</published>\n"
            + _author(author, author_uri, "    ")
            + f'    <link rel="alternate" type="text/html" href="{xml_text(url(target))}"/>\n'
            f'    <summary type="text">{xml_text(_summary(v, lang))}</summary>\n'
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{xml_text(t(lang, "html_lang"))}">\n'
        f"  <id>{xml_text(url('') + 'feed.xml')}</id>\n"
        f'  <title type="text">{xml_text(title)}</title>\n'
        f"  <updated>{_stamp(updated)}</updated>\n"
        + _author(author, author_uri, "  ")
        + f'  <link rel="self" type="application/atom+xml" href="{xml_text(url("") + "feed.xml")}"/>\n'
        f'  <link rel="alternate" type="text/html" href="{xml_text(url(""))}"/>\n' + "".join(entries) + "</feed>\n"
    )


def page_sitemap(loc: str, alternates: Iterable[tuple[str, str]]) -> str:
    """A sitemap of one page and its language alternates, written in the page's folder.

    Material's JavaScript fetches `sitemap.xml` beside every `<link rel="alternate">` of a page
    (it expects them to be language roots; ours are the page itself in each language, as A3
    asks). This file is what it finds there: a valid sitemap (the page is in its folder),
    instead of a 404 on every page but the home pages.
    """
    links = "".join(
        f'\n    <xhtml:link rel="alternate" hreflang="{xml_text(hreflang)}" href="{xml_text(href)}"/>'
        for hreflang, href in alternates
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        f"  <url>\n    <loc>{xml_text(loc)}</loc>{links}\n  </url>\n</urlset>\n"
    )


def versions_index(
    policy: Policy, site_url: str, languages: list[str], prefix: str = "", pdfs: dict | None = None
) -> str:
    """`/versions.json`: every version with its dates, status and addresses in every language."""
    base = site_url.rstrip("/") + "/"
    default = languages[0]

    def url(path: str, lang: str) -> str:
        return base + url_path(prefix + path, lang, default)

    data = {
        "as_of": policy.as_of.isoformat(),
        "in_force": policy.in_force.id if policy.in_force else None,
        "versions": [
            {
                "id": v.id,
                "effective": v.effective.isoformat(),
                "published": v.published.isoformat(),
                "status": policy.status(v),
                "significant": v.significant,
                "reduces_rights": v.reduces_rights,
                "summary": {lang: v.summary.get(lang, "") for lang in languages},
                "commit": v.commit,
                # public corrections declared in version.yml (T5), oldest first
                "corrections": [
                    {
                        "date": c.date.isoformat(),
                        "reason": {lang: c.reason.get(lang, "") for lang in languages},
                        "commit": c.commit,
                    }
                    for c in v.corrections
                ],
                "url": {lang: url(version_path(v), lang) for lang in languages},
                # {lang: {"url", "sha256", "bytes"}} (pdf.index_entry), or None when PDFs are off
                "pdf": {lang: pdfs[(v.id, lang)] for lang in languages} if pdfs else None,
                "changes_url": (
                    {lang: url(changes_path(v), lang) for lang in languages} if policy.previous(v) else None
                ),
            }
            for v in policy.versions
        ],
    }
    return json_for_html(data, indent=2, sort_keys=True) + "\n"
