"""The Markdown of every generated page, and where each page lives in each language.

Pure functions of the model: no MkDocs objects here, so they are easy to test
and to cache.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field

from markdown.extensions.toc import slugify

from .l10n import format_date, t
from .load import find_headings
from .model import Policy, Section, Version


@dataclass
class GeneratedPage:
    """One page in one language: its address (relative to the language root) and its Markdown."""

    lang: str
    path: str  # "" for the policy page, "versions/2023-12-23/" for a version, ...
    title: str
    markdown: str
    kind: str  # "policy", ...
    search: bool = True  # archived texts and redlines stay out of the search index
    meta: dict = field(default_factory=dict)

    def src_uri(self) -> str:
        return f"{self.lang}/{self.path}index.md"


def url_path(path: str, lang: str, default_lang: str) -> str:
    """Site-relative address of a page: French at the root, other languages under /<lang>/."""
    return path if lang == default_lang else f"{lang}/{path}"


def _with_ids(section: Section) -> str:
    """The section body with a stable id on every sub-heading, scoped by the section's anchor."""
    lines = section.markdown.splitlines()
    for number, _level, raw in find_headings(section.markdown)[1:]:
        if "{" not in raw:
            lines[number - 1] = f"{lines[number - 1].rstrip()} {{#{section.anchor}-{slugify(raw, '-')}}}"
    return "\n".join(lines[section.heading_line :]).strip("\n")


def section_markdown(section: Section) -> str:
    """One section as it appears on a page: its heading with its stable anchor, then its body."""
    heading = section.markdown.splitlines()[section.heading_line - 1].rstrip()
    return f"{heading} {{#{section.anchor}}}\n\n{_with_ids(section)}\n"


def document_title(version: Version, lang: str, fallback: str) -> str:
    """The policy's own title: the level-1 heading of its first section, if it has one."""
    sections = version.sections.get(lang, [])
    if sections and sections[0].level == 1:
        return sections[0].title
    return fallback


def toc_html(sections: list[Section], lang: str) -> str:
    """A table of contents generated from the section headings (replaces hand-made lists)."""
    items = "".join(f'<li><a href="#{s.anchor}">{html.escape(s.title)}</a></li>' for s in sections if s.level > 1)
    title = html.escape(t(lang, "toc_title"))
    return (
        f'<nav class="pa-toc" aria-labelledby="pa-toc-title">'
        f'<p class="pa-toc__title" id="pa-toc-title">{title}</p><ol>{items}</ol></nav>'
    )


def meta_html(version: Version, lang: str, organisation: str) -> str:
    """Organisation, effective date and last-updated date (L4)."""
    parts = []
    if organisation:
        parts.append(f'<span class="pa-meta__org">{html.escape(organisation)}</span>')
    parts.append(
        f'<strong class="pa-meta__effective">'
        f"{html.escape(t(lang, 'in_effect_as_of', date=format_date(version.effective, lang)))}</strong>"
    )
    updated = format_date(version.last_updated, lang)
    parts.append(
        f'<span class="pa-meta__updated"><time datetime="{version.last_updated.isoformat()}">'
        f"{html.escape(t(lang, 'last_updated', date=updated))}</time></span>"
    )
    return '<p class="pa-meta">' + "<br>\n".join(parts) + "</p>"


def full_text(version: Version, lang: str, organisation: str, title: str) -> str:
    """The whole text of one version in one language, with its metadata and contents."""
    sections = version.sections.get(lang, [])
    out = [f"# {title} {{#top}}\n", meta_html(version, lang, organisation), ""]
    body = sections
    if sections and sections[0].level == 1:
        out += [_with_ids(sections[0]), ""]
        body = sections[1:]
    out += [toc_html(body, lang), ""]
    out += [section_markdown(s) for s in body]
    return "\n".join(out)


def policy_page(policy: Policy, lang: str, organisation: str, fallback_title: str) -> GeneratedPage:
    """The policy in force, at the root of its language (L1)."""
    version = policy.in_force or policy.versions[0]
    title = document_title(version, lang, fallback_title)
    return GeneratedPage(
        lang=lang,
        path="",
        title=title,
        markdown=full_text(version, lang, organisation, title),
        kind="policy",
        meta={"version": version.id},
    )


def all_pages(policy: Policy, lang: str, organisation: str, fallback_title: str) -> list[GeneratedPage]:
    """Every page of one language."""
    return [policy_page(policy, lang, organisation, fallback_title)]
