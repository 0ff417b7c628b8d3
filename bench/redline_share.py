"""What the redline costs inside a build (issue 8): all consecutive redlines of an N-version policy,
cold (a fresh renderer, as a build starts), against the whole `mkdocs build` of the same site.

Usage: `.venv/bin/python bench/redline_share.py [--sizes 20,100,300] [--repeat 3]`. Uses
bench/build.py's synthetic policy (the seed, reworded, with items and appendices added version
after version). Builds and redline passes alternate, each in its own process, and the medians of
their CPU times are compared: on a shared 2-core machine wall time alone swings by a third.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import statistics
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


def _redlines(policy) -> tuple[float, int]:  # type: ignore[no-untyped-def]
    """Seconds for every consecutive redline of both languages, cold (a fresh renderer)."""
    names, configs = extensions_from_mkdocs(["attr_list", "md_in_html", {"toc": {"permalink": True}}])
    redliner = Redliner(Renderer(names, configs))
    start, pairs = time.process_time(), 0
    for lang in ("fr", "en"):
        for old, new in zip(policy.versions, policy.versions[1:], strict=False):
            redliner.compare(old, new, lang)
            pairs += 1
    return time.process_time() - start, pairs


def _cold_pass(root: Path, as_of: str) -> tuple[float, int]:
    """One `_redlines` in a fresh process: the engine's caches live as long as the process, as in a build."""
    out = subprocess.run(
        [sys.executable, __file__, "--pass", str(root), as_of], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1])


def _children_cpu() -> float:
    """CPU seconds of finished child processes: steadier than wall time on a shared machine."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(count: int, repeat: int) -> dict[str, float]:
    """Medians of `repeat` builds and of `repeat` cold redline passes, taken in turn (this machine is noisy)."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "site"
        as_of = make_plugin_site(root, count)
        env = {**os.environ, "SOURCE_DATE_EPOCH": epoch(as_of), "NO_MKDOCS_2_WARNING": "1"}
        builds, redlines, pairs = [], [], 0
        for _ in range(repeat):
            start = _children_cpu()
            subprocess.run(
                [str(BIN / "mkdocs"), "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(root / "site")],
                check=True,
                env=env,
                capture_output=True,
            )
            builds.append(_children_cpu() - start)
            seconds, pairs = _cold_pass(root, as_of)
            redlines.append(seconds)
    build, redline = statistics.median(builds), statistics.median(redlines)
    return {"versions": count, "pairs": pairs, "build_s": build, "redline_s": redline, "share": redline / build}


def main() -> None:
    if sys.argv[1:2] == ["--pass"]:  # one cold pass, run by _cold_pass
        root, as_of = Path(sys.argv[2]), sys.argv[3]
        policy, _ = load_policy(root / "policy", ["fr", "en"], dt.date.fromisoformat(as_of))
        print(*_redlines(policy))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,300")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size (medians)")
    args = parser.parse_args()
    print("| versions | pairs | build, CPU (s) | all redlines, cold, CPU (s) | share of build | per pair (ms) |")
    print("|---|---|---|---|---|---|")
    for size in (int(s) for s in args.sizes.split(",")):
        r = measure(size, args.repeat)
        per = 1000 * r["redline_s"] / max(r["pairs"], 1)
        print(
            f"| {size} | {r['pairs']} | {r['build_s']:.1f} | {r['redline_s']:.2f} | {100 * r['share']:.0f} % | {per:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
