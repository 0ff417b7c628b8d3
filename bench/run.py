"""`make bench`: every benchmark of the project, one after the other.

The build benchmark (bench/build.py, issue 3) gets the command-line arguments;
the notification benchmark (bench/bench_notify.py, issue 5), when present, runs
in its own process so the two never share state or memory figures.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    import build

    status = build.main(argv)
    notify = HERE / "bench_notify.py"
    if notify.is_file():
        print(f"\n== {notify.name}", flush=True)
        status = subprocess.run([sys.executable, str(notify)], cwd=HERE.parent).returncode or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
