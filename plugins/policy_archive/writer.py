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
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

# Characters handed over and not yet written, at most: past this, `write` waits for the oldest, so
# that a big archive's compare data is not held in memory while the disk catches up. At 4 M, a
# 300-version build (40 MB of compare data, handed over at once) waited 0.5 s for the thread; at
# 16 M it waits 0.06 s and peaks at 217 MB instead of 200 MB.
WAITING = 16_000_000


def _write(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


class Writer:
    """Writes files in the order given, on one thread; `finish` waits for all of them."""

    def __init__(self) -> None:
        self._pool: ThreadPoolExecutor | None = None
        self._queue: deque[tuple[Future[None], int]] = deque()  # handed over, with their sizes, oldest first
        self._waiting = 0  # their characters
        self._error: BaseException | None = None  # the first write that failed, raised by `finish`

    def write(self, target: Path, text: str) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="policy-archive-writer")
        self._queue.append((self._pool.submit(_write, target, text), len(text)))
        self._waiting += len(text)
        while self._waiting > WAITING:
            self._settle_oldest()

    def _settle_oldest(self) -> None:
        future, size = self._queue.popleft()
        self._waiting -= size
        self._error = self._error or future.exception()  # waits for it

    def finish(self) -> None:
        """Wait until every file is written; raise the first error (OSError) after all were tried."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True)
        while self._queue:
            self._settle_oldest()
        error, self._error = self._error, None
        if error is not None:
            raise error
