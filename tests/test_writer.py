"""The files policy-archive writes beside the pages, on a second thread (writer.py): all written
when the build ends, in the order given, and a failure is the build's failure."""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_archive.writer import Writer


def test_every_file_is_written_when_finish_returns_in_the_order_given(tmp_path: Path) -> None:
    writer = Writer()
    for n in range(200):
        writer.write(tmp_path / f"v{n % 20}" / "data.json", f"{n}")  # each folder written ten times
    writer.finish()
    assert sorted(p.parent.name for p in tmp_path.glob("*/data.json")) == sorted(f"v{n}" for n in range(20))
    assert (tmp_path / "v7" / "data.json").read_text(encoding="utf-8") == "187"  # the last one given


def test_a_file_that_cannot_be_written_fails_the_build_after_the_others_are_written(tmp_path: Path) -> None:
    (tmp_path / "taken").write_text("a file where a folder should be", encoding="utf-8")
    writer = Writer()
    writer.write(tmp_path / "taken" / "sitemap.xml", "<urlset/>")
    writer.write(tmp_path / "ok" / "sitemap.xml", "<urlset/>")
    with pytest.raises(OSError):
        writer.finish()
    assert (tmp_path / "ok" / "sitemap.xml").read_text(encoding="utf-8") == "<urlset/>"
    writer.finish()  # nothing left: a second call (the next build's start) is quiet


def test_a_writer_can_be_used_again_after_finish(tmp_path: Path) -> None:
    writer = Writer()
    writer.write(tmp_path / "a.txt", "a")
    writer.finish()
    writer.write(tmp_path / "b.txt", "b")
    writer.finish()
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "b"


def test_a_writer_holds_a_bounded_amount_of_text_waiting(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A big archive's compare data is not all held in memory while the disk catches up."""
    monkeypatch.setattr("policy_archive.writer.WAITING", 1000)
    writer = Writer()
    for n in range(50):
        writer.write(tmp_path / f"{n}.json", "x" * 300)
        assert writer._waiting <= 1000
    writer.finish()
    assert len(list(tmp_path.glob("*.json"))) == 50
