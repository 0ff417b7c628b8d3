"""What a build leaves in the process that ran it: `mkdocs serve` builds again and again in one.

A build sets what it holds aside from the garbage collector (`gc.freeze`, each full collection
walked it all again) and writes the files beside the pages on a second thread (writer.py); both
end with the build, whether it succeeds or fails."""

from __future__ import annotations

import gc
import threading

import pytest
from conftest import Site


def writer_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("policy-archive-writer") and t.is_alive()]


def test_a_build_sets_its_objects_aside_and_gives_them_back(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[None] = []
    freeze = gc.freeze

    def counted() -> None:
        calls.append(None)
        freeze()

    monkeypatch.setattr(gc, "freeze", counted)
    site.build("2024-06-01")
    assert len(calls) >= 2  # after each language's pages are made, and read
    assert gc.get_freeze_count() == 0
    assert not writer_threads()
    assert (site.out / "versions" / "2023-12-23" / "sitemap.xml").is_file()


def test_a_build_that_fails_half_way_gives_them_back_too(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> str:
        raise RuntimeError("a sitemap that cannot be made")

    monkeypatch.setattr("policy_archive.plugin.page_sitemap", broken)
    with pytest.raises(Exception, match="sitemap that cannot be made"):
        site.build("2024-06-01")
    assert gc.get_freeze_count() == 0
    assert not writer_threads()
    monkeypatch.undo()
    site.build("2024-06-01")  # the next build, in the same process, is whole
    assert gc.get_freeze_count() == 0
    assert (site.out / "versions" / "2023-12-23" / "sitemap.xml").is_file()
