"""Run by `make test` before pytest: say loudly when browser tests cannot run."""

import os
import shutil
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

# The PDF tests need WeasyPrint's Pango and poppler's pdftotext.
try:
    import weasyprint  # noqa: F401  (loads Pango through cffi)

    pango = True
except OSError:
    pango = False
missing = [name for name, ok in (("Pango", pango), ("pdftotext", bool(shutil.which("pdftotext")))) if not ok]
if missing:
    bar = "!" * 72
    print(
        f"{bar}\n! {' and '.join(missing)} missing: PDF tests will be SKIPPED.\n"
        f"! Install with: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation poppler-utils\n{bar}",
        file=sys.stderr,
    )
    if os.environ.get("CI") == "true":
        print("CI=true: missing PDF tools are a failure.", file=sys.stderr)
        sys.exit(1)
