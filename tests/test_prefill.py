"""A cold build's redlines made in two processes at once (`prefill`, issue 13).

The helper is a forked copy of the build: what it makes reaches the pages only through the build
cache's entries, so the site must be the same, byte for byte, with and without it. A helper that
fails, warns or hangs costs time, never a page, a warning or the build.
"""

from __future__ import annotations

import _thread
import datetime as dt
import functools
import logging
import os
import shutil
import sys
import threading
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Site, generated_site
from policy_archive import buildcache, fragments, prefill
from policy_archive.load import load_policy
from policy_archive.redline import Redliner
from policy_archive.redline.data import section_json
from policy_archive.render import Renderer, prepare

AS_OF = "2030-01-01"
# The machine, not the moment: a pytest-xdist worker runs a thread of its own, and each test that
# forks does so from a process of its own (`alone`, or the command line).
FORKS = sys.platform.startswith("linux") and len(os.sched_getaffinity(0)) >= 2
pytestmark = pytest.mark.skipif(not FORKS, reason="the helper forks only on Linux with two CPUs or more")


@pytest.fixture(scope="module")
def twenty(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """20 versions: 19 pairs per language, more than `prefill.FEWEST`."""
    return generated_site(tmp_path_factory.mktemp("prefill") / "site", 20)


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(site: Site, monkeypatch: pytest.MonkeyPatch, helper: bool) -> tuple[dict[str, bytes], list[str]]:
    """A cold `mkdocs build --strict` on the command line (a process with no other thread, unlike a
    test process beside a browser or a mail server): the site, and who the helper helped."""
    monkeypatch.setenv(prefill.ENV, "1" if helper else "0")
    shutil.rmtree(site.root / ".cache", ignore_errors=True)
    shutil.rmtree(site.out, ignore_errors=True)
    done = site.mkdocs("build", "--strict", "--verbose", as_of=AS_OF)
    assert done.returncode == 0, done.stderr[-3000:]
    return tree(site.out), [line for line in done.stderr.splitlines() if "made by a helper process" in line]


def test_a_cold_build_with_a_helper_is_the_build_without_it(twenty: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, helped = cold(twenty, monkeypatch, helper=False)
    assert helped == []
    with_helper, helped = cold(twenty, monkeypatch, helper=True)
    # Both language builds (the second after the first one's writer thread has finished).
    assert [line.split(" (")[1][:2] for line in helped] == ["fr", "en"], helped
    assert sorted(alone) == sorted(with_helper)
    assert [name for name in alone if alone[name] != with_helper[name]] == []
    # What the helper made was kept for the next build like the rest: it renders nothing again.
    shutil.rmtree(twenty.out)
    done = twenty.mkdocs("build", "--strict", as_of=AS_OF)
    assert tree(twenty.out) == alone
    report = next(line for line in done.stderr.splitlines() if "render once" in line)
    assert "redlines made 0" in report and "fragments made 0" in report, report


def alone(test: Callable[..., None]) -> Callable[..., None]:
    """The test run in a forked process of its own: a test process may have other threads (a browser,
    a mail server, from tests before), where the helper rightly refuses to fork."""

    @functools.wraps(test)
    def run(*args: object, **kwargs: object) -> None:
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                test(*args, **kwargs)
                status = 0
            except BaseException:
                traceback.print_exc()
            finally:
                os._exit(status)
        _, status = os.waitpid(pid, 0)
        assert status == 0, "the test failed in its own process: its traceback is in the captured stderr"

    return run


# -- the helper on its own: one language of the 20 versions ----------------------------------------


def setup(site: Site) -> tuple[list, Redliner, fragments.Renderer, buildcache.Store, prefill.SectionJson]:
    policy, _ = load_policy(site.policy, ["fr", "en"], dt.date.fromisoformat(AS_OF))
    pairs = [(p, v) for v in policy.versions if (p := policy.previous(v)) is not None]
    renderer = fragments.Renderer(["toc", "attr_list"], {}, "test")
    redliner = Redliner(Renderer(convert=renderer.html))
    store = buildcache.Store()
    redliner.store = store

    def data(section, store):  # type: ignore[no-untyped-def]
        return section_json(section, redliner, str, store, "test")

    return pairs, redliner, renderer, store, data


def reference(site: Site) -> dict[str, object]:
    """Every pair's redline as one process computes it."""
    pairs, redliner, _renderer, _store, _data = setup(site)
    return {redliner.key(a, b, "fr"): redliner.compare(a, b, "fr") for a, b in pairs}


@alone
def test_the_helper_makes_the_later_pairs_and_the_store_answers_for_all(twenty: Site) -> None:
    expected = reference(twenty)
    pairs, redliner, renderer, store, data = setup(twenty)
    assert prefill.share(pairs, "fr", redliner, renderer, store, data) == len(pairs) - round(len(pairs) * prefill.SHARE)
    assert all(store.holds(key) for key in expected)
    made = dict(store.made)
    assert {key: redliner.compare(a, b, "fr") for a, b in pairs for key in [redliner.key(a, b, "fr")]} == expected
    assert dict(store.made) == made  # nothing computed again
    # The sections the helper converted came back as the page fragments `fragments.render` keeps.
    fresh = fragments.Renderer(["toc", "attr_list"], {}, "test")
    texts = {prepare(s.markdown, "").strip() for _a, b in pairs for s in b.sections["fr"]}
    parents = {text for text, _fragment in renderer.made()}
    found = [text for text in texts if fresh.store_key(text) in store.new and text not in parents]
    assert found
    for text in found:
        assert store.get(
            fresh.store_key(text), fail, fragments.Fragment.to_json, fragments.Fragment.from_json
        ) == fresh(text)


def fail() -> None:
    raise AssertionError("made again")


def in_helper(original):  # type: ignore[no-untyped-def]
    """`prefill._compute` that runs `original` then does something else in the helper only."""
    parent = os.getpid()

    def wrapped(then):  # type: ignore[no-untyped-def]
        def compute(*args):  # type: ignore[no-untyped-def]
            original(*args)
            if os.getpid() != parent:
                then()

        return compute

    return wrapped


@pytest.mark.parametrize("failure", ["raises", "warns", "hangs", "dies"])
@alone
def test_a_helper_that_fails_costs_time_only(twenty: Site, monkeypatch: pytest.MonkeyPatch, failure: str) -> None:
    expected = reference(twenty)

    def then() -> None:
        if failure == "raises":
            raise RuntimeError("broken")
        if failure == "warns":
            logging.getLogger("mkdocs.plugins.policy_archive").warning("a warning the build must log itself")
        if failure == "hangs":
            time.sleep(60)
        if failure == "dies":
            os.kill(os.getpid(), 9)

    monkeypatch.setattr(prefill, "_compute", in_helper(prefill._compute)(then))
    monkeypatch.setattr(prefill, "PATIENCE_S", 1.0)
    monkeypatch.setattr(prefill, "PATIENCE_FACTOR", 0.0)
    pairs, redliner, renderer, store, data = setup(twenty)
    started = time.monotonic()
    assert prefill.share(pairs, "fr", redliner, renderer, store, data) == 0
    assert time.monotonic() - started < 20
    later = [redliner.key(a, b, "fr") for a, b in pairs[round(len(pairs) * prefill.SHARE) :]]
    assert not any(store.holds(key) for key in later)  # nothing of the helper's was taken
    assert {redliner.key(a, b, "fr"): redliner.compare(a, b, "fr") for a, b in pairs} == expected
    with pytest.raises(ChildProcessError):
        os.waitpid(-1, os.WNOHANG)  # no helper left behind, not even a zombie


@alone
def test_a_fork_that_fails_leaves_the_work_to_the_build(twenty: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refuse)
    pairs, redliner, renderer, store, data = setup(twenty)
    assert prefill.share(pairs, "fr", redliner, renderer, store, data) == 0
    assert not store.made  # nothing computed ahead: the pages compute as they go


@alone
def test_no_helper_where_a_fork_is_unsafe_or_turned_off(twenty: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    assert prefill.unavailable(True, {prefill.ENV: "0"}) == "turned off"
    assert prefill.unavailable(False, {}) == "turned off"
    assert prefill.unavailable(False, {prefill.ENV: "1"}) is None
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert prefill.unavailable(True, {}) == "other threads are running"
        pairs, redliner, renderer, store, data = setup(twenty)
        assert prefill.share(pairs, "fr", redliner, renderer, store, data) == 0
        assert not store.made  # nothing computed ahead: the pages compute as they go
    finally:
        stop.set()
        other.join()
    # A thread no Python code started through `threading` (a library's own) counts too.
    stop.clear()
    _thread.start_new_thread(stop.wait, ())
    while prefill._threads() < 2:
        time.sleep(0.01)
    assert threading.active_count() == 1
    assert prefill.unavailable(True, {}) == "other threads are running"
    stop.set()
    while prefill._threads() > 1:
        time.sleep(0.01)
    pairs, redliner, renderer, store, data = setup(twenty)
    assert prefill.share(pairs[: prefill.FEWEST - 1], "fr", redliner, renderer, store, data) == 0


def test_a_cpu_quota_below_two_cpus_means_no_helper(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two cores in sight may be one core's time (a container's `--cpus`, a Kubernetes limit)."""
    monkeypatch.setattr(prefill, "cpu_quota", lambda: 1.5)
    assert prefill.unavailable(True, {}) == "a CPU quota of 1.5 (cgroup)"
    monkeypatch.undo()

    def quota(cgroup: str, files: dict[str, str]) -> float | None:
        root = tmp_path / cgroup.strip().replace("/", "_").replace(":", "_").replace("\n", "_")
        root.mkdir(parents=True, exist_ok=True)
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        (root / "self").write_text(cgroup)
        return prefill.cpu_quota(root / "fs", root / "self")

    # cgroup v2: the process's group and every group above it; the smallest limit wins.
    assert quota("0::/kubepods/pod1/c1\n", {"fs/kubepods/pod1/c1/cpu.max": "max 100000\n"}) is None
    assert quota("0::/kubepods/pod2/c1\n", {"fs/kubepods/pod2/c1/cpu.max": "100000 100000\n"}) == 1.0
    assert quota("0::/a/b\n", {"fs/a/b/cpu.max": "max 100000", "fs/a/cpu.max": "150000 100000"}) == 1.5
    assert quota("0::/\n", {"fs/cpu.max": "400000 100000"}) == 4.0  # a container's own view
    # cgroup v1: the cpu controller's quota and period (-1: none).
    v1 = "4:cpu,cpuacct:/docker/x\n3:pids:/docker/x\n"
    assert quota(v1, {"fs/cpu/docker/x/cpu.cfs_quota_us": "-1", "fs/cpu/docker/x/cpu.cfs_period_us": "100000"}) is None
    assert (
        quota(v1, {"fs/cpu/docker/x/cpu.cfs_quota_us": "50000", "fs/cpu/docker/x/cpu.cfs_period_us": "100000"}) == 0.5
    )
    assert quota("garbage\n", {}) is None
    assert prefill.cpu_quota(tmp_path / "none", tmp_path / "none") is None
