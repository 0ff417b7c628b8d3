"""PDF benchmark (issue 12): first-build and rebuild cost of every version's PDF, with and without the cache.

For each size (number of versions) it generates the same synthetic bilingual policy as the
build benchmark (bench/build.py: the seed with a few edits per version, 30 days apart), renders
the sections with the site's Markdown extensions and measures, for the 2 × N PDFs:

- prepare: sections rendered (each distinct text once), documents composed, cache keys;
- first build with one process per CPU (`build_pdfs`' default), empty cache (`--serial`: also
  with one process);
- rebuild: the same documents again, every PDF in the cache (what every later build pays);
- one more version: the next version added, built against the warm cache (its own PDFs and
  those of the version it replaces, whose status line changes);
- baseline: what a site without this module would do on every build: WeasyPrint on the same
  standalone HTML, no cache, no PDF/A, one process; timed on the first `--sample` PDFs (default 20)
  and scaled to all of them, since it is linear by construction.

Usage: `.venv/bin/python bench/pdf.py [--sizes 20,100] [--serial] [--sample 20] [--no-update]`
(`make bench` runs it too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from build import generate_policy
from report import machine, write_block

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "plugins"))

from policy_archive import pdf  # noqa: E402
from policy_archive.load import load_policy  # noqa: E402
from policy_archive.model import Policy  # noqa: E402
from policy_archive.pages import document_title, url_path, version_path  # noqa: E402
from policy_archive.render import Renderer, extensions_from_mkdocs, link_base  # noqa: E402

RESULTS = REPO / "bench" / "results"
BENCHMARKS = REPO / "BENCHMARKS.md"
HEADING = "## PDFs (issue 12)"
START, END = "<!-- pdf-bench:start -->", "<!-- pdf-bench:end -->"
LANGS = ("fr", "en")


@dataclass
class Row:
    versions: int
    pdfs: int
    prepare_s: float
    first_serial_s: float | None
    first_parallel_s: float
    first_cpu_s: float
    workers: int
    rebuild_s: float
    added_s: float
    added_rebuilt: int
    baseline_s: float
    baseline_cpu_s: float
    baseline_sample: int
    mean_kb: float


def _site() -> tuple[dict, dict]:
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["policy-archive"] for p in config["plugins"] if isinstance(p, dict) and "policy-archive" in p)
    return config, options


def documents(policy: Policy, config: dict, options: dict, sections: pdf.SectionHtml) -> list[pdf.PdfDocument]:
    """Every version's PDF in every language, as the plugin composes them."""
    site_url = config["site_url"].rstrip("/") + "/"
    return [
        pdf.pdf_document(
            policy,
            version,
            lang,
            title=document_title(version, lang, config["site_name"]),
            organisation=options["organisation"]["name"],
            url=site_url + url_path(version_path(version), lang, LANGS[0]),
            sections=sections.version(version, lang),
        )
        for version in policy.versions
        for lang in LANGS
    ]


def _renderer(config: dict, options: dict) -> pdf.SectionHtml:
    names, configs = extensions_from_mkdocs(config.get("markdown_extensions"))
    return pdf.SectionHtml(Renderer(names, configs, link_base(options["organisation"]["website"], config["site_url"])))


def _timed(fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers): unlike wall time,
    it hardly moves when other work shares the machine."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def baseline(docs: list[pdf.PdfDocument], sample: int) -> tuple[float, float, int]:
    """Plain WeasyPrint on the same HTML and stylesheet, no variant, no cache, one process: wall and
    CPU seconds for all `docs`, scaled from the first `sample` of them; and the sample's size."""
    import weasyprint

    css = weasyprint.CSS(string=pdf.stylesheet())
    part = docs[: max(1, sample)]
    start, start_cpu = time.perf_counter(), cpu()
    for doc in part:
        weasyprint.HTML(string=pdf.compose_html(doc), base_url=doc.url).write_pdf(stylesheets=[css])
    scale = len(docs) / len(part)
    return (time.perf_counter() - start) * scale, (cpu() - start_cpu) * scale, len(part)


def measure(count: int, work: Path, serial: bool, sample: int) -> Row:
    config, options = _site()
    ids = generate_policy(work / "policy", count + 1)  # the last one is "the next version"
    newest = work / "policy" / ids[-1]
    held = work / "held" / ids[-1]
    held.parent.mkdir(parents=True)
    shutil.move(newest, held)
    as_of = dt.date.fromisoformat(ids[-2])
    policy, problems = load_policy(work / "policy", list(LANGS), as_of)
    assert not [p for p in problems if p.level == "error"], problems

    sections = _renderer(config, options)
    start = time.perf_counter()
    docs = documents(policy, config, options, sections)
    keys = [pdf.cache_key(d) for d in docs]
    prepare = time.perf_counter() - start
    assert len(set(keys)) == len(docs)

    workers = os.cpu_count() or 1
    start_cpu = cpu()
    parallel, first_parallel = _timed(pdf.build_pdfs, docs, work / "cache", workers=workers)
    first_cpu = cpu() - start_cpu
    first_serial = None
    if serial:
        one, first_serial = _timed(pdf.build_pdfs, docs, work / "cache-serial", workers=1)
        assert [r.sha256 for r in one] == [r.sha256 for r in parallel]  # same bytes either way

    # A later build of the same content: new process state for the Markdown, warm PDF cache.
    start = time.perf_counter()
    again_docs = documents(policy, config, options, _renderer(config, options))
    again = pdf.build_pdfs(again_docs, work / "cache")
    rebuild = time.perf_counter() - start
    assert all(r.cached for r in again)

    shutil.move(held, newest)
    later, _ = load_policy(work / "policy", list(LANGS), dt.date.fromisoformat(ids[-1]))
    start = time.perf_counter()
    added = pdf.build_pdfs(documents(later, config, options, _renderer(config, options)), work / "cache")
    added_s = time.perf_counter() - start

    base, base_cpu, sampled = baseline(docs, sample)
    return Row(
        versions=count,
        pdfs=len(docs),
        prepare_s=prepare,
        first_serial_s=first_serial,
        first_parallel_s=first_parallel,
        first_cpu_s=first_cpu,
        workers=min(workers, len(docs)),
        rebuild_s=rebuild,
        added_s=added_s,
        added_rebuilt=sum(not r.cached for r in added),
        baseline_s=base,
        baseline_cpu_s=base_cpu,
        baseline_sample=sampled,
        mean_kb=statistics.mean(r.size for r in parallel) / 1000,
    )


def table(rows: list[Row], today: str) -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        START,
        f"Latest run: {today}, {machine()}, WeasyPrint {_engine()}, load average {load:.1f} at the end, "
        "`.venv/bin/python bench/pdf.py` (one run per size; PDF/A-2a, tagged, Letter; every version in "
        "French and English).",
        "",
        "| versions | PDFs | prepare s | first build s | first build CPU s | rebuild s (all cached) "
        "| rebuild / first build | + 1 version s (PDFs made) | baseline s (no cache) | baseline CPU s "
        "| rebuild / baseline | CPU s per new PDF | ms per cached PDF | mean PDF KB |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        serial = f"; {r.first_serial_s:.1f} in 1 process" if r.first_serial_s is not None else ""
        sampled = f" (from {r.baseline_sample})" if r.baseline_sample < r.pdfs else ""
        lines.append(
            f"| {r.versions} | {r.pdfs} | {r.prepare_s:.2f} | {r.first_parallel_s:.1f} ({r.workers} processes{serial}) "
            f"| {r.first_cpu_s:.1f} | {r.rebuild_s:.2f} | {r.rebuild_s / r.first_parallel_s:.1%} "
            f"| {r.added_s:.1f} ({r.added_rebuilt}) | {r.baseline_s:.1f}{sampled} | {r.baseline_cpu_s:.1f} "
            f"| {r.rebuild_s / r.baseline_s:.1%} | {r.first_cpu_s / r.pdfs:.2f} | {1000 * r.rebuild_s / r.pdfs:.1f} "
            f"| {r.mean_kb:.0f} |"
        )
    lines.append(END)
    return "\n".join(lines)


def _engine() -> str:
    import weasyprint

    return weasyprint.__version__


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="20,100", help="numbers of versions")
    parser.add_argument("--serial", action="store_true", help="also time the first build in one process")
    parser.add_argument("--sample", type=int, default=20, help="PDFs the baseline is timed on")
    parser.add_argument("--no-update", action="store_true", help="do not touch BENCHMARKS.md")
    args = parser.parse_args(argv)
    if problem := pdf.engine_problem():
        print(problem, file=sys.stderr)
        return 1
    rows = []
    for count in (int(n) for n in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix=f"pdf-bench-{count}-") as tmp:
            row = measure(count, Path(tmp), args.serial, args.sample)
        rows.append(row)
        print(
            f"{count} versions, {row.pdfs} PDFs: prepare {row.prepare_s:.2f} s, first {row.first_parallel_s:.1f} s "
            f"({row.workers} processes), rebuild {row.rebuild_s:.2f} s, "
            f"+1 version {row.added_s:.1f} s ({row.added_rebuilt} PDFs), baseline {row.baseline_s:.1f} s",
            flush=True,
        )
    today = dt.date.today().isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"pdf-{today}.json").write_text(
        json.dumps([r.__dict__ for r in rows], indent=2) + "\n", encoding="utf-8"
    )
    block = table(rows, today)
    print(block)
    if not args.no_update:
        write_block(BENCHMARKS, HEADING, START, END, block)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
