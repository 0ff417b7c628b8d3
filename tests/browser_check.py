"""Run by `make test` before pytest: say loudly when browser tests cannot run."""

import os
import sys
from pathlib import Path

if not Path("/usr/bin/chromium").exists():
    bar = "!" * 72
    print(
        f"{bar}\n! Chromium is not installed: browser tests will be SKIPPED.\n! Install it with: apt-get install chromium\n{bar}",
        file=sys.stderr,
    )
    if os.environ.get("CI") == "true":
        print("CI=true: a missing browser is a failure.", file=sys.stderr)
        sys.exit(1)
