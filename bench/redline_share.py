"""What the redline costs inside a build (issue 8): all consecutive redlines of an N-version policy,
cold (a fresh renderer, as a build starts), against the whole `mkdocs build` of the same site.

Usage: `.venv/bin/python bench/redline_share.py [--sizes 20,100,300]`. Uses bench/build.py's
synthetic policy (the seed, reworded, with items and appendices added version after version).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import BIN, epoch, make_plugin_site
from policy_archive.load import load_policy
from policy_archive.redline import Redliner
from policy_archive.render import Renderer, extensions_from_mkdocs


def measure(count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        as_of = make_plugin_site(root, count)
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(as_of), "NO_MKDOCS_2_WARNING": "1"}
        start = time.perf_counter()
        subprocess.run(
            [str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
            check=True,
            env=env,
            capture_output=True,
        )
        build = time.perf_counter() - start
        policy, _ = load_policy(root / "policy", ["fr", "en"], dt.date.fromisoformat(as_of))
        names, configs = extensions_from_mkdocs(["attr_list", "md_in_html", {"toc": {"permalink": True}}])
        redliner = Redliner(Renderer(names, configs))
        start = time.perf_counter()
        pairs = 0
        for lang in ("fr", "en"):
            for old, new in zip(policy.versions, policy.versions[1:], strict=False):
                redliner.compare(old, new, lang)
                pairs += 1
        redline = time.perf_counter() - start
    return {"versions": count, "pairs": pairs, "build_s": build, "redline_s": redline, "share": redline / build}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,300")
    args = parser.parse_args()
    print("| versions | pairs | build (s) | all redlines, cold (s) | share of build | per pair (ms) |")
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size)
        per = 1000 * r["redline_s"] / max(r["pairs"], 1)
        print(
            f"| {size} | {r['pairs']} | {r['build_s']:.1f} | {r['redline_s']:.2f} | {100 * r['share']:.0f} % | {per:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
