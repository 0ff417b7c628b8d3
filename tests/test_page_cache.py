"""Whole pages kept between builds (issue 13, `pagecache`): a version, changes, compare, date or
section page is taken from the last build only when nothing it depends on changed.

Every build here is compared, file by file, with a build of the same site with the cache off:
a stored page is never older than its inputs (text, template, configuration), a page that
warned warns again (a --strict build fails again), and a site whose plugins or templates the
key cannot see renders every page.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from conftest import REPO, Site, copy_site
from mkdocs.exceptions import Abort
from policy_archive import pagecache
from test_build_cache import CACHE, assert_same, build, entries

AS_OF = "2024-06-01"


def pages(site: Site) -> list[str]:
    """The pages kept in the site's build cache."""
    return [key for key in entries(site.root / CACHE) if key.startswith("page:")]


def report(caplog: pytest.LogCaptureFixture) -> str:
    return next(r.getMessage() for r in reversed(caplog.records) if "render once" in r.getMessage())


def counted(caplog: pytest.LogCaptureFixture) -> tuple[int, int]:
    """(pages made, pages reused) in the last build's report."""
    words = report(caplog).split("pages made ", 1)[1].split(",")
    return int(words[0]), int(words[1].split()[1])


def built(site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, cache: bool = True):
    caplog.clear()
    with caplog.at_level(logging.INFO):
        return build(site, monkeypatch, cache, AS_OF)


@pytest.fixture
def site(tmp_path: Path) -> Site:
    site = copy_site(REPO, tmp_path / "site")
    site.add_version("2024-03-01", replace={"fr": [("renseignements", "informations")]})
    return site


def test_a_warm_build_takes_every_version_page_from_the_last_one(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    off = built(site, monkeypatch, caplog, cache=False)
    cold = built(site, monkeypatch, caplog)
    made, reused = counted(caplog)
    assert made > 20 and reused == 0
    assert len(pages(site)) == made
    warm = built(site, monkeypatch, caplog)
    assert counted(caplog) == (0, made)
    assert_same(off, cold)
    assert_same(off, warm)


def test_a_new_version_renders_only_the_pages_it_changes(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    built(site, monkeypatch, caplog)
    before, _ = counted(caplog)
    # An editorial version: no new notice on every page.
    site.add_version("2024-05-01", significant=False, replace={"fr": [("renseignements", "données")]})
    added = built(site, monkeypatch, caplog)
    made, reused = counted(caplog)
    # The first version's page, in each language, did not change; the section histories, the
    # compare and date pages, the replaced version's page did.
    assert reused >= 2 and made + reused == before + 4
    assert "données" in added["versions/2024-05-01/index.html"].decode()
    assert_same(built(site, monkeypatch, caplog, cache=False), added)
    # The pages of the removed version are kept for one more build, then dropped.
    shutil.rmtree(site.policy / "2024-05-01")
    built(site, monkeypatch, caplog)
    assert len(pages(site)) > sum(counted(caplog))
    built(site, monkeypatch, caplog)
    assert len(pages(site)) == sum(counted(caplog))


def test_builds_at_two_addresses_in_turn_each_find_their_own_pages(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """`mkdocs serve` gives the site its own address (site_url), so its pages are not
    `mkdocs build`'s: run in turn, each finds the pages it made the time before."""
    config = site.root / "mkdocs.yml"
    published = config.read_text(encoding="utf-8")
    served = published.replace(
        "site_url: https://dynamiqueconseil.com/confidentialite/", "site_url: http://127.0.0.1:8000/confidentialite/"
    )
    assert served != published
    first = built(site, monkeypatch, caplog)
    made, _ = counted(caplog)
    config.write_text(served, encoding="utf-8")
    built(site, monkeypatch, caplog)
    assert counted(caplog) == (made, 0)  # every page names its address
    config.write_text(published, encoding="utf-8")
    again = built(site, monkeypatch, caplog)
    assert counted(caplog) == (0, made)
    assert_same(first, again)
    # Pages no build used twice in a row are dropped: the cache holds two addresses at most.
    config.write_text(served, encoding="utf-8")
    built(site, monkeypatch, caplog)
    assert counted(caplog) == (0, made)
    assert len(pages(site)) == 2 * made
    built(site, monkeypatch, caplog)
    assert len(pages(site)) == made


def test_a_template_or_configuration_change_renders_every_page_again(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    built(site, monkeypatch, caplog)
    main = site.root / "overrides" / "main.html"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace("{{ super() }}", '{{ super() }}\n  <meta name="pa-test" content="edited">', 1))
    warm = built(site, monkeypatch, caplog)
    assert 'content="edited"' in warm["versions/2024-03-01/changes/index.html"].decode()
    assert_same(built(site, monkeypatch, caplog, cache=False), warm)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\ncopyright: Édition de test\n", encoding="utf-8")
    warm = built(site, monkeypatch, caplog)
    assert counted(caplog)[1] == 0
    assert "Édition de test" in warm["versions/2023-12-23/index.html"].decode()
    assert_same(built(site, monkeypatch, caplog, cache=False), warm)


def test_a_page_that_warned_warns_again(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stored page must not hide a warning: the second --strict build fails like the first."""
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nvalidation:\n  anchors: warn\n", encoding="utf-8")
    section = sorted((site.policy / "2024-03-01" / "fr").glob("*.md"))[1]
    section.write_text(section.read_text(encoding="utf-8") + "\nVoir [ailleurs](#nulle-part).\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(Abort):
            build(site, monkeypatch, True, AS_OF)


def test_a_site_with_other_plugins_or_hooks_renders_every_page(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    (site.root / "hooks.py").write_text("def on_page_content(html, **kwargs):\n    return html\n", encoding="utf-8")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - hooks.py\n", encoding="utf-8")
    cold = built(site, monkeypatch, caplog)
    assert any("every page is rendered at each build" in r.getMessage() for r in caplog.records)
    assert "pages made" not in report(caplog)
    assert not pages(site)
    assert_same(built(site, monkeypatch, caplog, cache=False), cold)


def test_a_site_template_reading_every_page_turns_stored_pages_off(tmp_path: Path) -> None:
    folder = tmp_path / "overrides"
    folder.mkdir()
    (folder / "main.html").write_text("{# pages: a comment is not a use #}{{ page.title }}", encoding="utf-8")
    assert pagecache.blocked_by(["search", "i18n", "policy-archive"], [str(folder)], None) is None
    (folder / "main.html").write_text("{% for p in pages %}{{ p.title }}{% endfor %}", encoding="utf-8")
    assert "reads the list of all pages" in (pagecache.blocked_by(["search"], [str(folder)], None) or "")
    assert "git-revision" in (pagecache.blocked_by(["search", "git-revision"], [], None) or "")


def test_the_key_reads_options_not_object_addresses() -> None:
    class Plugin:
        def __init__(self, option: str) -> None:
            self.config = {"option": option}
            self.state = object()

        def on_config(self) -> None: ...

    a = pagecache.signature({"plugins": {"x": Plugin("a")}, "slugify": len})
    assert a == pagecache.signature({"plugins": {"x": Plugin("a")}, "slugify": len})
    assert a != pagecache.signature({"plugins": {"x": Plugin("b")}, "slugify": len})
    assert "builtins.len" in str(a)


def test_a_stored_page_brings_back_the_inline_scripts_it_refers_to(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Pages are stored as written, their inline scripts already made files (CSP): a warm build
    writes those files again, here a script only version pages have."""
    main = site.root / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8")
        + '\n{% block scripts %}\n  {{ super() }}\n  {% if page and "/changes/" in page.url %}'
        + "<script>window.paVersionOnly = 1;</script>{% endif %}\n{% endblock %}\n",
        encoding="utf-8",
    )
    off = built(site, monkeypatch, caplog, cache=False)
    named = [n for n, data in off.items() if n.endswith(".js") and b"paVersionOnly" in data]
    assert len(named) == 1 and named[0].startswith("assets/policy-archive/inline-")
    built(site, monkeypatch, caplog)
    warm = built(site, monkeypatch, caplog)
    assert counted(caplog)[0] == 0
    assert_same(off, warm)


def notices(tree: dict[str, bytes], name: str) -> list[str]:
    return re.findall(r'data-pa-notice="([^"]+)"', tree[name].decode())


def test_a_notice_that_comes_or_goes_renders_no_page_again(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    """Every page shows the change notices: a significant version brings one, and it goes after
    `notice_days`. Pages are kept without them and given each build's: a significant version
    renders no more pages than an editorial one, its notice going renders none, and each build
    is the one the cache off makes."""
    page = "versions/2023-12-23/index.html"
    editorial = copy_site(site.root, tmp_path / "editorial")

    def at(where: Site, day: str, cache: bool = True) -> dict[str, bytes]:
        caplog.clear()
        with caplog.at_level(logging.INFO):
            return build(where, monkeypatch, cache, day)

    for where, significant in ((site, True), (editorial, False)):
        assert notices(at(where, "2024-06-01"), page) == []  # the 2024-03-01 notice has gone
        where.add_version("2024-07-01", significant=significant, replace={"fr": [("renseignements", "données")]})
    quiet = at(editorial, "2024-07-01")
    assert notices(quiet, page) == []
    made_editorial = counted(caplog)[0]
    announced = at(site, "2024-07-01")
    assert notices(announced, page) == ["2024-07-01:changed"]
    assert counted(caplog)[0] == made_editorial
    assert_same(at(site, "2024-07-01", cache=False), announced)
    gone = at(site, "2024-08-15")
    assert notices(gone, page) == []
    assert counted(caplog)[0] <= 2, counted(caplog)  # the date and compare pages name the day
    assert_same(at(site, "2024-08-15", cache=False), gone)
    back = at(site, "2024-07-01")
    assert counted(caplog)[0] == 0
    assert_same(announced, back)


def test_a_site_template_reading_the_notices_keeps_them_in_the_key(
    site: Site, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    main = site.root / "overrides" / "main.html"
    main.write_text(
        main.read_text(encoding="utf-8")
        + "\n{% block footer %}{{ super() }}<p>{{ policy_archive.notices | length }} avis</p>{% endblock %}\n",
        encoding="utf-8",
    )
    cold = built(site, monkeypatch, caplog)
    assert "<p>0 avis</p>" in cold["versions/2023-12-23/index.html"].decode()
    site.add_version("2024-05-20", significant=True, replace={"fr": [("renseignements", "données")]})
    warm = built(site, monkeypatch, caplog)
    assert counted(caplog)[1] == 0  # every page shows the count: none is taken from the cache
    assert "<p>1 avis</p>" in warm["versions/2023-12-23/index.html"].decode()
    assert_same(built(site, monkeypatch, caplog, cache=False), warm)
