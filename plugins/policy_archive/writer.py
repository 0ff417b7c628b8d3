"""Files the plugin writes beside MkDocs' pages, written on a second thread while MkDocs renders
the pages.

A 100-version site has about 640 such files per build (a `sitemap.xml` beside each page, each
version's `data.json`: 13 MB): writing them was a tenth of a cold build, spent waiting on the
disk. Handed over once their text is known (`on_env`), they are written while the pages are
rendered; the build waits for them before it ends (`finish`), and fails with the first error,
as it would have when writing them itself. No MkDocs import.
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

# Characters handed over and not yet written, at most: past this, `write` waits for the oldest, so
# that a big archive's compare data is not held in memory while the disk catches up.
WAITING = 4_000_000


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


class Writer:
    """Writes files in the order given, on one thread; `finish` waits for all of them."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[Future[None]] = []
        self._queue: deque[tuple[Future[None], int]] = deque()  # not known to be written, with their sizes
        self._waiting = 0

    def write(self, target: Path, text: str) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy-archive-writer")
        future = self._pool.submit(_write, target, text)
        self._pending.append(future)
        self._queue.append((future, len(text)))
        self._waiting += len(text)
        while self._waiting > WAITING:
            oldest, size = self._queue.popleft()
            wait([oldest])  # its error, if any, is raised by `finish`
            self._waiting -= size

    def finish(self) -> None:
        """Wait until every file is written; raise the first error (OSError) after all were tried."""
        pending, self._pending = self._pending, []
        pool, self._pool = self._pool, None
        self._queue.clear()
        self._waiting = 0
        if pool is not None:
            pool.shutdown(wait=True)
        for future in pending:
            future.result()
