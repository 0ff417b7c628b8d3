"""Build benchmark (issue 3): the plugin's full `mkdocs build` against a plain build of the same pages.

For each size (number of versions) it generates a synthetic bilingual policy from
the seed version, builds it with the plugin, then builds a baseline site in the
same run: the very Markdown the plugin generates, written as ordinary
`docs/fr/...` and `docs/en/...` files, with the same theme and i18n plugin but
no `policy-archive`. The ratio plugin/baseline is what we track: absolute
seconds depend on the machine, the ratio says what the plugin adds, and its
growth with the size says whether that overhead is linear in the page count.

Usage: `.venv/bin/python bench/build.py [--sizes 2,20,100,300] [--repeat 3] [--keep]`
(`make bench` runs it through bench/run.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml
from report import machine, write_block

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "policy" / "2023-12-23"
RESULTS = REPO / "bench" / "results"
BENCHMARKS = REPO / "BENCHMARKS.md"
HEADING = "## Site build (issue 3)"
START, END = "<!-- build-bench:start -->", "<!-- build-bench:end -->"
DEFAULT_SIZES = (2, 20, 100, 300)
LANGS = ("fr", "en")
STEP = dt.timedelta(days=30)
BIN = Path(sys.executable).parent

# Deterministic edits: words swapped in by a rewording, list items and appendices added.
_SYNONYMS = {
    "fr": ["notamment", "également", "toutefois", "précisément", "raisonnablement", "expressément"],
    "en": ["notably", "also", "however", "precisely", "reasonably", "expressly"],
}
_ITEM = {"fr": "- Élément ajouté par la version du {date}.", "en": "- Item added by the version of {date}."}
_APPENDIX = {
    "fr": "## {n}. Annexe du {date}\n\nCette annexe précise les modalités applicables à compter du {date}.\n",
    "en": "## {n}. Appendix of {date}\n\nThis appendix sets out the terms that apply from {date}.\n",
}
_SUMMARY = {
    "fr": "Version synthétique n° {i} : formulation revue dans quelques sections.",
    "en": "Synthetic version no. {i}: wording revised in a few sections.",
}
_MARK = re.compile(r"^- (Élément ajouté|Item added) ")


# -- synthetic policy ---------------------------------------------------------
def _reword(text: str, rng: random.Random, lang: str) -> str:
    """Swap one long word of one paragraph for another word: a one-word redline."""
    lines = text.split("\n")
    paragraphs = [i for i, ln in enumerate(lines) if ln and not ln.lstrip().startswith(("#", "-", "|", "<", "`"))]
    if not paragraphs:
        return text
    i = rng.choice(paragraphs)
    words = lines[i].split(" ")
    long = [j for j, w in enumerate(words) if len(w) > 6 and w.isalpha()]
    if not long:
        lines[i] += " " + rng.choice(_SYNONYMS[lang]).capitalize() + "."
    else:
        j = rng.choice(long)
        words[j] = rng.choice([w for w in _SYNONYMS[lang] if w != words[j]])
        lines[i] = " ".join(words)
    return "\n".join(lines)


def _toggle_item(text: str, lang: str, date: str) -> str:
    """Remove the item an earlier version added, or add one before the first top-level item."""
    lines = text.split("\n")
    for i, ln in enumerate(lines):
        if _MARK.match(ln):
            del lines[i : i + 2]  # the item and the blank line after it
            return "\n".join(lines)
    for i, ln in enumerate(lines):
        if ln.startswith("- "):
            lines[i:i] = [_ITEM[lang].format(date=date), ""]
            return "\n".join(lines)
    return text


def _next_texts(texts: dict[str, dict[str, str]], i: int, date: str, rng: random.Random) -> dict[str, dict[str, str]]:
    """Version `i` from version `i - 1`: the same few edits in both languages."""
    new = {lang: dict(sections) for lang, sections in texts.items()}
    names = sorted(new["fr"])
    for name in rng.sample(names, k=rng.choice((1, 2))):
        for lang in LANGS:
            new[lang][name] = _reword(new[lang][name], random.Random(f"{i}-{name}"), lang)
    with_lists = [n for n in names if any(ln.startswith("- ") for ln in new["fr"][n].split("\n"))]
    if with_lists and i % 3 == 1:
        name = with_lists[i % len(with_lists)]
        for lang in LANGS:
            new[lang][name] = _toggle_item(new[lang][name], lang, date)
    appendices = [n for n in names if "-annexe-" in n]
    if i % 10 == 3:
        number = 50 + i
        for lang in LANGS:
            new[lang][f"{number}-annexe-{i}.md"] = _APPENDIX[lang].format(n=number, date=date)
    elif i % 10 == 8 and appendices:
        for lang in LANGS:
            del new[lang][appendices[0]]
    return new


def generate_policy(target: Path, count: int) -> list[str]:
    """`count` versions derived from the seed, 30 days apart; returns their ids, oldest first."""
    texts = {
        lang: {p.name: p.read_text(encoding="utf-8") for p in sorted((SEED / lang).glob("*.md"))} for lang in LANGS
    }
    start = dt.date.fromisoformat(SEED.name)
    ids = []
    for i in range(count):
        date = (start + i * STEP).isoformat()
        if i:
            texts = _next_texts(texts, i, date, random.Random(i))
        folder = target / date
        for lang in LANGS:
            (folder / lang).mkdir(parents=True)
            for name, text in texts[lang].items():
                (folder / lang / name).write_text(text, encoding="utf-8")
        meta = {
            "effective": start + i * STEP,
            "published": start + i * STEP,
            "significant": i % 2 == 0,
            "summary": {lang: _SUMMARY[lang].format(i=i + 1) for lang in LANGS},
        }
        if i == 0:
            meta["summary"] = yaml.safe_load((SEED / "version.yml").read_text(encoding="utf-8"))["summary"]
        text = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / "version.yml").write_text(text, encoding="utf-8")
        ids.append(date)
    return ids


# -- sites ----------------------------------------------------------------------
def make_plugin_site(root: Path, count: int) -> str:
    """The repository's site (mkdocs.yml, overrides/, docs/) with a synthetic policy; returns the build date."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("overrides", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    (root / "docs").mkdir(exist_ok=True)
    return generate_policy(root / "policy", count)[-1]


def make_baseline_site(root: Path, plugin_root: Path, as_of: str) -> int:
    """The plugin's pages as ordinary Markdown files, built without the plugin; returns the page count.

    Same theme (Material, same features, no plugin templates), same Markdown
    extensions, same search and i18n plugins. Like the plugin's navigation, the
    baseline's lists only the policy and the archive: a navigation of every page
    would make the baseline itself quadratic and flatter the ratio.
    """
    from policy_archive import pages as gen
    from policy_archive.load import load_policy
    from policy_archive.plugin import _front_matter

    config = yaml.safe_load((plugin_root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["policy-archive"] for p in config["plugins"] if isinstance(p, dict) and "policy-archive" in p)
    policy, problems = load_policy(plugin_root / "policy", list(LANGS), dt.date.fromisoformat(as_of))
    assert not [p for p in problems if p.level == "error"], problems
    count = 0
    for lang in LANGS:
        for page in gen.all_pages(policy, lang, options["organisation"]["name"], config["site_name"]):
            path = root / "docs" / page.src_uri()
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_front_matter(page) + page.markdown, encoding="utf-8")
            count += 1
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "policy-archive" in p)]
    config["theme"].pop("custom_dir", None)
    config["not_in_nav"] = "/*/versions/*/\n"
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


# -- measuring -----------------------------------------------------------------
def epoch(date: str) -> str:
    """SOURCE_DATE_EPOCH for noon, Montreal time, on `date` (as tests/conftest.py does)."""
    d = dt.date.fromisoformat(date)
    return str(int(dt.datetime(d.year, d.month, d.day, 17, 0, tzinfo=dt.UTC).timestamp()))


@dataclass
class Run:
    seconds: float  # wall time
    cpu_s: float  # user + system time of the child: steadier than wall time on a shared machine
    max_rss_mb: float


def build(root: Path, as_of: str, out: Path, profile: Path | None = None) -> Run:
    """One full `mkdocs build` in a child process: wall time and that child's peak memory (wait4)."""
    shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch(as_of)}
    cmd = [str(BIN / "mkdocs"), "build", "--quiet", "--site-dir", str(out)]
    if profile:
        cmd = [sys.executable, "-m", "cProfile", "-o", str(profile), *cmd]
    started = time.perf_counter()
    child = subprocess.Popen(cmd, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise SystemExit(f"mkdocs build failed in {root} ({child.returncode}):\n{output.decode(errors='replace')}")
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)  # ru_maxrss is in KiB on Linux


def _html_pages(site: Path) -> int:
    """Pages a build wrote (index.html files): the plugin's page count, read from its output."""
    return sum(1 for _ in site.rglob("index.html"))


def measure(size: int, repeat: int, work: Path) -> dict[str, Any]:
    """Plugin and baseline builds of one size, interleaved so both see the same machine load."""
    plugin_root, baseline_root = work / f"plugin-{size}", work / f"baseline-{size}"
    as_of = make_plugin_site(plugin_root, size)
    pages = make_baseline_site(baseline_root, plugin_root, as_of)
    plugin_runs, baseline_runs = [], []
    for _ in range(repeat):
        plugin_runs.append(build(plugin_root, as_of, plugin_root / "site"))
        baseline_runs.append(build(baseline_root, as_of, baseline_root / "site"))
    built = _html_pages(plugin_root / "site")
    if built != pages:
        raise SystemExit(f"{size} versions: the plugin wrote {built} pages, the baseline has {pages}")
    plugin = statistics.median(r.seconds for r in plugin_runs)
    baseline = statistics.median(r.seconds for r in baseline_runs)
    plugin_cpu = statistics.median(r.cpu_s for r in plugin_runs)
    baseline_cpu = statistics.median(r.cpu_s for r in baseline_runs)
    plugin_mb = max(r.max_rss_mb for r in plugin_runs)
    baseline_mb = max(r.max_rss_mb for r in baseline_runs)
    return {
        "versions": size,
        "pages": pages,
        "repeat": repeat,
        "plugin_s": round(plugin, 3),
        "baseline_s": round(baseline, 3),
        "ratio": round(plugin / baseline, 2),
        "plugin_cpu_s": round(plugin_cpu, 3),
        "baseline_cpu_s": round(baseline_cpu, 3),
        "cpu_ratio": round(plugin_cpu / baseline_cpu, 2),
        "plugin_ms_per_page": round(1000 * plugin / pages, 1),
        "baseline_ms_per_page": round(1000 * baseline / pages, 1),
        "plugin_cpu_ms_per_page": round(1000 * plugin_cpu / pages, 1),
        "baseline_cpu_ms_per_page": round(1000 * baseline_cpu / pages, 1),
        "plugin_mb": round(plugin_mb, 1),
        "baseline_mb": round(baseline_mb, 1),
        "memory_ratio": round(plugin_mb / baseline_mb, 2),
        "plugin_runs": [asdict(r) for r in plugin_runs],
        "baseline_runs": [asdict(r) for r in baseline_runs],
    }


# -- reporting -----------------------------------------------------------------
def table(results: list[dict[str, Any]]) -> str:
    """Markdown table: one row per size."""
    rows = [
        "| versions | pages | runs | plugin s | baseline s | ratio | plugin CPU s | baseline CPU s | CPU ratio "
        "| plugin CPU ms/page | baseline CPU ms/page | plugin MB | baseline MB | memory ratio |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r['versions']} | {r['pages']} | {r['repeat']} | {r['plugin_s']:.2f} | {r['baseline_s']:.2f} "
            f"| {r['ratio']:.2f} | {r['plugin_cpu_s']:.2f} | {r['baseline_cpu_s']:.2f} | {r['cpu_ratio']:.2f} "
            f"| {r['plugin_cpu_ms_per_page']:.1f} | {r['baseline_cpu_ms_per_page']:.1f} "
            f"| {r['plugin_mb']:.0f} | {r['baseline_mb']:.0f} | {r['memory_ratio']:.2f} |"
        )
    return "\n".join(rows)


def update_benchmarks(results: list[dict[str, Any]], command: str, today: str) -> None:
    """Replace the generated block of our section of BENCHMARKS.md; leave every other section alone."""
    block = "\n".join(
        [
            START,
            f"Latest run: {today}, {machine()}, `{command}` (median of the runs; peak memory is the maximum).",
            "",
            table(results),
            END,
        ]
    )
    write_block(BENCHMARKS, HEADING, START, END, block)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="numbers of versions")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size below 300 versions (median)")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and print where")
    parser.add_argument("--no-update", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = Path(tempfile.mkdtemp(prefix="pa-bench-"))
    results = []
    try:
        for size in sizes:
            repeat = 1 if size >= 300 else args.repeat
            started = time.perf_counter()
            result = measure(size, repeat, work)
            results.append(result)
            print(
                f"{size:>4} versions, {result['pages']:>5} pages: plugin {result['plugin_s']:.2f} s, "
                f"baseline {result['baseline_s']:.2f} s, ratio {result['ratio']:.2f}, "
                f"CPU ratio {result['cpu_ratio']:.2f} "
                f"(memory {result['memory_ratio']:.2f}) [{time.perf_counter() - started:.0f} s]",
                flush=True,
            )
    finally:
        if args.keep:
            print(f"generated sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(table(results))
    today = dt.date.today().isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"build-{today}.json"
    out.write_text(json.dumps({"date": today, "machine": machine(), "results": results}, indent=2), encoding="utf-8")
    print(f"\nwrote {out.relative_to(REPO)}")
    if not args.no_update:
        given = sys.argv[1:] if argv is None else argv
        command = "make bench" if not given else "bench/build.py " + " ".join(given)
        update_benchmarks(results, command, today)
        print(f"updated {BENCHMARKS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
