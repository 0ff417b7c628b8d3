"""A cold build's redlines and section HTML made in two processes at once.

For each language, a build compares every version with the one before it and converts every
distinct section: at 100 versions, a fifth of a cold build, all in one process on a machine that
has more than one core. Before a language's pages are made (`on_files`), the pairs of versions
whose redline no earlier build kept are split in two. A forked copy of the build computes the later
half, this process the earlier half; the copy hands back what it made as build cache entries
(`buildcache.Store`'s packed entries, each under the key of its content). The pages then find
every result in the store, as after an earlier build: the site is the same, byte for byte.

Only where forking is safe and pays: on Linux, with two CPUs or more for this process (its
affinity and its control group's quota), no other thread running (`mkdocs serve` runs several:
its rebuilds use the cache anyway), and at least `FEWEST` pairs to compute. `helper: false` in
the plugin's options, or `POLICY_ARCHIVE_HELPER=0` for one run, turns it off. When the helper fails, logs a warning (which --strict must see, here),
or takes too long, it is dropped and this process computes what the pages ask for, as without it.
No MkDocs import.
"""

from __future__ import annotations

import contextlib
import logging
import marshal
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from .buildcache import Store
from .env import switch
from .fragments import Fragment, Renderer
from .model import Section, Version
from .pagecache import WarningCount
from .redline import Redliner

ENV = "POLICY_ARCHIVE_HELPER"
FEWEST = 16  # pairs to compute: below this, forking and reading back cost about what they save
# This process's share of the pairs: the helper also packs what it made, this process unpacks it.
SHARE = 0.55
# The helper is given up when it has not answered this long after this process finished its own
# half, or this many times the time that half took, whichever is longer.
PATIENCE_S, PATIENCE_FACTOR = 30.0, 10.0

Pair = tuple[Version, Version]
SectionJson = Callable[[Section, Store], str]


def unavailable(option: bool = True, environ: dict[str, str] | None = None) -> str | None:
    """Why no helper process can be used here, or None. `POLICY_ARCHIVE_HELPER` (0/1) wins over the option."""
    if not switch(ENV, option, environ):
        return "turned off"
    if not sys.platform.startswith("linux"):
        return "forking a build is safe only on Linux"
    if len(os.sched_getaffinity(0)) < 2:
        return "one CPU"
    if (quota := cpu_quota()) is not None and quota < 2:
        return f"a CPU quota of {quota:g} (cgroup)"
    if _threads() > 1:
        return "other threads are running"
    return None


def cpu_quota(root: Path = Path("/sys/fs/cgroup"), own: Path = Path("/proc/self/cgroup")) -> float | None:
    """The CPUs' worth of time this process's control groups allow (a container's `--cpus`, a
    Kubernetes CPU limit: the smallest from its group up), or None when unlimited. Two cores in
    sight may be one core's time, and a helper sharing it would only slow the build."""
    try:
        lines = own.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        lines = []
    found: list[float] = []
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        _, controllers, path = parts
        if controllers == "":  # cgroup v2: "quota period" or "max period" in cpu.max
            folders, read = [root], _v2_quota
        elif "cpu" in controllers.split(","):  # cgroup v1: cpu.cfs_quota_us (-1: none) and its period
            folders, read = [root / name for name in ("cpu", controllers)], _v1_quota
        else:
            continue
        for base in folders:
            group = Path(path.strip("/"))
            for folder in {base / group, *(base / parent for parent in group.parents)}:
                if (quota := read(folder)) is not None:
                    found.append(quota)
    return min(found) if found else None


def _v2_quota(folder: Path) -> float | None:
    try:
        quota, period = (folder / "cpu.max").read_text(encoding="ascii").split()[:2]
        return None if quota == "max" else int(quota) / int(period)
    except (OSError, ValueError, ZeroDivisionError):
        return None


def _v1_quota(folder: Path) -> float | None:
    try:
        quota = int((folder / "cpu.cfs_quota_us").read_text(encoding="ascii"))
        period = int((folder / "cpu.cfs_period_us").read_text(encoding="ascii"))
        return None if quota < 0 else quota / period
    except (OSError, ValueError, ZeroDivisionError):
        return None


def _threads() -> int:
    """This process's threads as Linux counts them: those no Python code started too (a library's);
    Python's own count where Linux's cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Threads:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return threading.active_count()


def share(
    pairs: Sequence[Pair],
    lang: str,
    redliner: Redliner,
    renderer: Renderer,
    store: Store,
    section_json: SectionJson,
    option: bool = True,
    settle: Callable[[], None] | None = None,
) -> int:
    """Each pair's redline and the data of its newer version's sections put in `store`, the later
    half made by a helper process when one pays; how many pairs the helper made (0: none, and then
    nothing is computed ahead: the pages compute as they go). `settle` is called first when a
    helper would pay, to end this process's own threads (a warm build never waits for it)."""
    todo = [(old, new) for old, new in pairs if not store.holds(redliner.key(old, new, lang))]
    if len(todo) < FEWEST or not switch(ENV, option):
        return 0
    if settle is not None:
        settle()
    if unavailable(option) is not None:
        return 0
    cut = round(len(todo) * SHARE)
    mine, theirs = todo[:cut], todo[cut:]
    try:
        read, write = os.pipe()
    except OSError:  # no file descriptor left: no helper
        return 0
    try:
        pid = os.fork()
    except OSError:  # no process or memory to spare: no helper
        os.close(read)
        os.close(write)
        return 0
    if pid == 0:  # the helper
        os.close(read)
        _help(write, theirs, lang, redliner, renderer, section_json)
    os.close(write)
    entries = None
    try:
        started = time.monotonic()
        _compute(mine, lang, redliner, store, section_json)
        patience = max(PATIENCE_S, PATIENCE_FACTOR * (time.monotonic() - started))
        entries = _answer(read, pid, patience)
    finally:
        if entries is None:
            _stop(pid)
        os.close(read)
    if entries is None:
        return 0
    store.adopt(entries)
    return len(theirs)


def _compute(pairs: Sequence[Pair], lang: str, redliner: Redliner, store: Store, section_json: SectionJson) -> None:
    for old, new in pairs:
        redliner.compare(old, new, lang)
        for section in new.sections.get(lang, []):
            section_json(section, store)


def _help(
    write: int, pairs: Sequence[Pair], lang: str, redliner: Redliner, renderer: Renderer, section_json: SectionJson
) -> NoReturn:
    """The helper's whole life: compute into a store of its own (never the parent's database), send
    its entries, exit without running the parent's exit handlers. Exit status 0 only when it sent."""
    status = 1
    try:
        warned = _silence_logs()
        store = Store()
        redliner.store = store
        known = renderer.converted()
        _compute(pairs, lang, redliner, store, section_json)
        for text, fragment in renderer.made(since=known):  # the sections this process converted, as pages keep them
            store.get(renderer.store_key(text), lambda f=fragment: f, Fragment.to_json, Fragment.from_json)
        if warned.count:  # a warning must be logged by the build itself (--strict): it computes again
            status = 2
        else:
            with os.fdopen(write, "wb") as out:
                out.write(marshal.dumps(store.new))
            status = 0
    except BaseException:  # any failure: the parent computes instead
        pass
    os._exit(status)


def _silence_logs() -> WarningCount:
    """The helper writes no log (the build will say what it has to say); its warnings are counted."""
    counter = WarningCount()
    loggers = [logging.getLogger(), *logging.Logger.manager.loggerDict.values()]
    for logger in loggers:
        if isinstance(logger, logging.Logger) and logger.handlers:
            logger.handlers = [counter]
    return counter


def _answer(read: int, pid: int, patience: float) -> dict[str, bytes] | None:
    """The helper's entries, or None when it failed, warned or did not answer in time."""
    chunks = []
    deadline = time.monotonic() + patience
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([read], [], [], left)[0]:
            return None
        chunk = os.read(read, 1 << 20)
        if not chunk:
            break
        chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if status != 0:
        return None
    try:
        entries = marshal.loads(b"".join(chunks))
    except (EOFError, ValueError, TypeError):
        return None
    if not (isinstance(entries, dict) and all(isinstance(k, str) and isinstance(v, bytes) for k, v in entries.items())):
        return None
    return entries


def _stop(pid: int) -> None:
    """The helper ended, whatever it was doing (this process stopped, or gave it up)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
