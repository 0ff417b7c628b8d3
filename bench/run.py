"""`make bench`: every benchmark of the project, one after the other.

The build benchmark (bench/build.py, issue 3) gets the command-line arguments;
the notification benchmark (bench/bench_notify.py, issues 5 and 11), the PDF benchmark
(bench/pdf.py, issue 12) and the redline
benchmarks (bench/redline_quality.py and bench/redline_share.py, issue 8) run each
in its own process so they never share state or memory figures.
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
    for name in ("bench_notify.py", "pdf.py", "redline_quality.py", "redline_share.py"):
        script = HERE / name
        if script.is_file():
            print(f"\n== {script.name}", flush=True)
            status = subprocess.run([sys.executable, str(script)], cwd=HERE.parent).returncode or status
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
