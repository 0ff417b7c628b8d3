"""Issue 10, "Outputs that follow their standards": the Atom feeds are valid RFC 4287.

Every feed of the demo (the privacy policy and the governance policy, in French and English) is
parsed with a real XML parser and checked for what RFC 4287 requires of a feed and of each entry
(s. 4.1.1, 4.1.2): one `id` (an absolute IRI), one `title`, one `updated` (RFC 3339), an `author`,
a `link rel="alternate"` (an entry without `content` must have one). Ids never change: two builds
of the same content give the same bytes, and a later build keeps every earlier entry's id.
"""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import REPO, Site
from test_archive import V1, V2, V3, V4, V5, demo_site

A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$")
SITE_URL = "https://dynamiqueconseil.com/confidentialite/"
FEEDS = {  # path -> (language, the page the feed is about)
    "feed.xml": ("fr-CA", SITE_URL),
    "en/feed.xml": ("en-CA", SITE_URL + "en/"),
    "gouvernance/feed.xml": ("fr-CA", SITE_URL + "gouvernance/"),
    "en/gouvernance/feed.xml": ("en-CA", SITE_URL + "en/gouvernance/"),
}


def demo_with_governance(root: Path) -> Site:
    """The demo's five versions of the privacy policy and its governance policy, in the repository's site."""
    site = demo_site(root)
    shutil.copytree(REPO / "examples" / "demo" / "gouvernance", site.root / "gouvernance")
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "notice_days: 30",
            "notice_days: 30\n      documents:\n        - slug: gouvernance\n          policy_dir: gouvernance",
        ),
        encoding="utf-8",
    )
    return site


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Site:
    site = demo_with_governance(tmp_path_factory.mktemp("feeds") / "src")
    site.build("2026-12-01")
    return site


def one(parent: ET.Element, tag: str, where: str) -> ET.Element:
    found = parent.findall(f"{A}{tag}")
    assert len(found) == 1, f"{where}: {len(found)} <{tag}>"
    return found[0]


def absolute_iri(value: str) -> bool:
    parts = urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("tag", "urn")))


def check_common(element: ET.Element, where: str) -> str:
    """What feeds and entries both must have; returns the id."""
    ident = one(element, "id", where).text or ""
    assert absolute_iri(ident), f"{where}: id {ident!r} is not an absolute IRI"
    assert (one(element, "title", where).text or "").strip(), f"{where}: empty title"
    assert RFC3339.match(one(element, "updated", where).text or ""), f"{where}: updated is not RFC 3339"
    authors = element.findall(f"{A}author")
    assert len(authors) == 1 and (authors[0].findtext(f"{A}name") or "").strip(), f"{where}: no author name"
    alternates = [link for link in element.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
    assert len(alternates) == 1 and absolute_iri(alternates[0].get("href", "")), f"{where}: link rel=alternate"
    return ident


def test_every_feed_has_what_rfc_4287_requires(built: Site) -> None:
    for path, (lang, page) in FEEDS.items():
        feed = ET.parse(built.out / path).getroot()
        assert feed.tag == f"{A}feed" and feed.get(XML_LANG) == lang, path
        check_common(feed, path)
        assert one(feed, "id", path).text == SITE_URL + path
        (self_link,) = [link for link in feed.findall(f"{A}link") if link.get("rel") == "self"]
        assert self_link.get("href") == SITE_URL + path
        alternate = next(link for link in feed.findall(f"{A}link") if link.get("rel") == "alternate")
        assert alternate.get("href") == page and alternate.get("type") == "text/html"
        assert feed.findtext(f"{A}author/{A}name") == "Dynamique Conseil inc."
        entries = feed.findall(f"{A}entry")
        assert entries, path
        ids = [check_common(entry, f"{path} entry {n}") for n, entry in enumerate(entries)]
        assert len(set(ids)) == len(ids), f"{path}: duplicate entry ids"
        for entry in entries:
            where = f"{path} {entry.findtext(f'{A}id')}"
            assert entry.findall(f"{A}content") == [], where  # so a link rel=alternate and a summary
            assert (entry.findtext(f"{A}summary") or "").strip(), where
            assert RFC3339.match(entry.findtext(f"{A}published") or ""), where
            assert entry.findtext(f"{A}updated") <= feed.findtext(f"{A}updated"), where
            assert entry.findtext(f"{A}id").startswith(page + "versions/"), where


def test_entries_point_to_the_changes_in_the_feeds_language(built: Site) -> None:
    feed = ET.parse(built.out / "en" / "feed.xml").getroot()
    links = {
        e.findtext(f"{A}id"): next(link.get("href") for link in e.findall(f"{A}link")) for e in feed.iter(f"{A}entry")
    }
    base = SITE_URL + "en/versions/"
    # V5 is announced (published before it takes effect); the first version has no changes page.
    assert links[f"{base}{V5}/"] == f"{base}{V5}/changes/"
    assert links[f"{base}{V1}/"] == f"{base}{V1}/"
    assert set(links) == {f"{base}{v}/" for v in (V1, V2, V3, V4, V5)}
    for link in links.values():
        path = link[len(SITE_URL) :]
        assert (built.out / path / "index.html").is_file(), link  # every entry's link is a page of the site


def test_ids_and_bytes_are_the_same_across_builds(built: Site, tmp_path: Path) -> None:
    again = demo_with_governance(tmp_path / "again")
    again.build("2026-12-01")
    later = demo_with_governance(tmp_path / "later")
    later.build("2027-02-01")  # V5 in force: its entry is the same entry, with the same id
    for path in FEEDS:
        first = (built.out / path).read_bytes()
        assert (again.out / path).read_bytes() == first, f"{path}: not reproducible"
        before = ET.fromstring(first)
        after = ET.parse(later.out / path).getroot()
        assert before.findtext(f"{A}id") == after.findtext(f"{A}id")
        old = {e.findtext(f"{A}id"): e.findtext(f"{A}published") for e in before.iter(f"{A}entry")}
        new = {e.findtext(f"{A}id"): e.findtext(f"{A}published") for e in after.iter(f"{A}entry")}
        assert old.items() <= new.items(), path
