"""Machine-readable outputs: an Atom feed of versions per language, and `versions.json`.

Both are pure functions of the model and the build date, so the same input and
date give the same bytes (reproducible builds).
"""

from __future__ import annotations

import datetime as dt
import json
from xml.sax.saxutils import escape, quoteattr

from .l10n import format_date, t
from .model import Policy, Version
from .pages import changes_path, url_path, version_path


def _stamp(d: dt.date) -> str:
    return f"{d.isoformat()}T00:00:00Z"


def announced(policy: Policy) -> list[Version]:
    """Versions the public may know about: published on or before the build date, newest first."""
    return [v for v in reversed(policy.versions) if v.published <= policy.as_of]


def atom(policy: Policy, lang: str, site_url: str, default_lang: str, title: str, prefix: str = "") -> str:
    """An Atom feed: one entry per published version, linking to its changes (or its text).

    `prefix` places a further document ("gouvernance/"): /gouvernance/feed.xml, /en/gouvernance/feed.xml.
    """
    base = site_url.rstrip("/") + "/"

    def url(path: str) -> str:
        return base + url_path(prefix + path, lang, default_lang)

    versions = announced(policy)
    updated = max((v.published for v in versions), default=policy.as_of)
    entries = []
    for v in versions:
        target = changes_path(v) if policy.previous(v) else version_path(v)
        date = format_date(v.effective, lang)
        heading = t(lang, "changes_title", date=date) if policy.previous(v) else f"{t(lang, 'first_version')} — {date}"
        entries.append(
            "  <entry>\n"
            f"    <id>{escape(url(version_path(v)))}</id>\n"
            f"    <title>{escape(heading)}</title>\n"
            f"    <updated>{_stamp(v.published)}</updated>\n"
            f"    <published>{_stamp(v.published)}</published>\n"
            f'    <link rel="alternate" href={quoteattr(url(target))}/>\n'
            f"    <summary>{escape(v.summary.get(lang, ''))}</summary>\n"
            "  </entry>\n"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{t(lang, "html_lang")}">\n'
        f"  <id>{escape(url('') + 'feed.xml')}</id>\n"
        f"  <title>{escape(title)}</title>\n"
        f"  <updated>{_stamp(updated)}</updated>\n"
        f'  <link rel="self" href={quoteattr(url("") + "feed.xml")}/>\n'
        f'  <link rel="alternate" href={quoteattr(url(""))}/>\n' + "".join(entries) + "</feed>\n"
    )


def versions_index(policy: Policy, site_url: str, languages: list[str], prefix: str = "") -> str:
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
                "url": {lang: url(version_path(v), lang) for lang in languages},
                "changes_url": (
                    {lang: url(changes_path(v), lang) for lang in languages} if policy.previous(v) else None
                ),
            }
            for v in policy.versions
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
