"""Mutation testing of the modules that implement the rules (`make mutation`; not part of `make test` or CI).

    .venv/bin/python tests/mutation.py [notice send compose checks load ...]

mutmut 3 mutates the files under its source path, copied into `mutants/`, and
imports them from there only when the package sits at the top or under `src/`.
The package lives in `plugins/`, so each module is run in its own staging folder,
`build/mutation/<name>/`, with the package copied to `src/policy_archive`, the
tests and the example site beside it, and a pyproject.toml holding that module's
mutmut settings. Only the fast, in-process tests of each module run against the
mutants (no build, no browser, no subprocess: those would not see the mutant).
Prints killed / survived / total per module and writes them to
`build/mutation/scores.json`; the survivors are listed with `mutmut results`.
"""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
STAGE = REPO / "build" / "mutation"  # build/ is in .gitignore

# name: (file under policy_archive/, fast tests, mutant names to run (fnmatch) or [] for every function)
MODULES: dict[str, tuple[str, list[str], list[str]]] = {
    "notice": ("notice.py", ["tests/test_rule_units.py"], []),
    "send": (
        "mail/send.py",
        ["tests/test_rule_units.py"],
        [
            "policy_archive.mail.send.x_candidates__mutmut_*",
            "policy_archive.mail.send.x_consent_cutoff__mutmut_*",
            "policy_archive.mail.send.xǁLedgerǁ*",
        ],
    ),
    "compose": (
        "mail/compose.py",
        [
            "tests/test_email_blocks.py",
            "tests/test_mail_compose.py::test_a_long_run_of_accented_words_follows_rfc_2047",
        ],
        [],
    ),
    "checks": ("checks.py", ["tests/test_drift_units.py"], []),
    "load": (
        "load.py",
        ["tests/test_load_rules.py", "tests/test_load_markdown.py"],
        [f"policy_archive.load.x_{name}__mutmut_*" for name in ("_load_metadata", "_check_sections", "_folder_date")],
    ),
}


def stage(name: str, source: str, tests: list[str]) -> Path:
    root = STAGE / name
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "plugins" / "policy_archive", root / "src" / "policy_archive", ignore=ignore)
    for extra in ("mkdocs.yml", "policy", "docs", "overrides"):
        path = REPO / extra
        if path.is_dir():
            shutil.copytree(path, root / extra, ignore=ignore)
        elif path.exists():
            shutil.copy2(path, root / extra)
    selection = ", ".join(json.dumps(t) for t in tests)
    (root / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f'only_mutate = ["src/policy_archive/{source}"]\n'
        'also_copy = ["mkdocs.yml", "policy", "docs", "overrides"]\n'
        f"pytest_add_cli_args_test_selection = [{selection}]\n"
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-p", "no:xdist", "-q"]\n'
        "\n[tool.pytest.ini_options]\n"
        'testpaths = ["tests"]\n'
        "timeout = 120\n"
        'markers = ["browser: needs Chromium (playwright)", "slow: long-running"]\n',
        encoding="utf-8",
    )
    # tests/ is copied by mutmut itself (its default also_copy)
    shutil.copytree(REPO / "tests", root / "tests", ignore=ignore)
    return root


def run(name: str) -> dict[str, int]:
    source, tests, names = MODULES[name]
    root = stage(name, source, tests)
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "POLICY_ARCHIVE_PDF": "0"}
    subprocess.run([mutmut, "run", "--max-children", "1", *names], cwd=root, env=env, check=False)
    listing = subprocess.run([mutmut, "results", "--all", "true"], cwd=root, env=env, capture_output=True, text=True)
    counts: dict[str, int] = {}
    survivors = []
    for line in listing.stdout.splitlines():
        mutant, _, status = line.strip().rpartition(": ")
        if not mutant:
            continue
        if names and not any(fnmatch.fnmatch(mutant, n) for n in names):
            continue
        counts[status] = counts.get(status, 0) + 1
        if status == "survived":
            survivors.append(mutant)
    (root / "survivors.txt").write_text("\n".join(survivors) + "\n", encoding="utf-8")
    return counts


def main(argv: list[str]) -> int:
    chosen = argv or list(MODULES)
    unknown = [n for n in chosen if n not in MODULES]
    if unknown:
        print(f"unknown module(s): {', '.join(unknown)}; choose among {', '.join(MODULES)}", file=sys.stderr)
        return 2
    scores_file = STAGE / "scores.json"
    scores = json.loads(scores_file.read_text(encoding="utf-8")) if scores_file.exists() else {}
    for name in chosen:
        counts = run(name)
        scores = json.loads(scores_file.read_text(encoding="utf-8")) if scores_file.exists() else {}
        scores[name] = counts
        scores_file.write_text(json.dumps(scores, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for name, counts in scores.items():
        total = sum(counts.values())
        killed = counts.get("killed", 0) + counts.get("timeout", 0)
        print(f"{name:8} killed {killed:4} / {total:4}  " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
