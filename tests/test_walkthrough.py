"""The README's editor walk-through, run as written in a fresh clone (issue 9: editors on a fresh clone).

The block marked `<!-- walkthrough -->` is run by bash line by line (`set -e`), from `make install`
on; its `# edit ...` line is where the test does the editor's edit. The clone is of the committed
HEAD (in CI, the clean clone itself).
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from conftest import REPO, epoch

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

EDIT = """
import re
import sys
from pathlib import Path
import yaml

vid = sys.argv[1]
folder = Path("policy") / vid
sentence = {"fr": "Nous répondons à toute demande dans un délai de trente jours.",
            "en": "We answer every request within thirty days."}
for lang, text in sentence.items():
    first = sorted((folder / lang).glob("*.md"))[1]
    first.write_text(first.read_text(encoding="utf-8") + "\\n" + text + "\\n", encoding="utf-8")
for section in folder.glob("*/*.md"):  # placeholders the seed still has (check names them)
    text = section.read_text(encoding="utf-8")
    section.write_text(re.sub(r"\\[[A-ZÀ-Ÿ’' ]+\\]", "Dynamique Conseil inc.", text), encoding="utf-8")
meta = folder / "version.yml"
data = yaml.safe_load(meta.read_text(encoding="utf-8"))
data["summary"] = {"fr": "Délai de réponse précisé.", "en": "Response time specified."}
meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
"""


def walkthrough(readme: str) -> list[str]:
    block = re.search(r"<!-- walkthrough -->\s*```sh\n(.*?)```", readme, re.S)
    assert block, "README has no <!-- walkthrough --> block"
    return [line for line in block[1].splitlines() if line.strip()]


def test_readme_editor_walkthrough_in_a_fresh_clone(tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(REPO), str(clone)], check=True)
    (tmp_path / "edit.py").write_text(EDIT, encoding="utf-8")
    lines = walkthrough((clone / "README.md").read_text(encoding="utf-8"))
    assert lines[0].startswith("make install") and any("policy-archive check" in x for x in lines)
    script = ["set -euo pipefail"]
    for line in lines:
        if line.lstrip().startswith("# edit"):
            vid = re.search(r"policy/(\d{4}-\d{2}-\d{2})/", line)[1]
            script.append(f"python {tmp_path / 'edit.py'} {vid}")
        else:
            script.append(line)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    # Nothing of this repository's .venv on the PATH: the walk-through must bring its own.
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if str(REPO) not in p)
    env.update(
        SOURCE_DATE_EPOCH=epoch("2026-12-01"),
        GIT_AUTHOR_NAME="Editor",
        GIT_AUTHOR_EMAIL="editor@example.org",
        GIT_COMMITTER_NAME="Editor",
        GIT_COMMITTER_EMAIL="editor@example.org",
    )
    result = subprocess.run(
        ["bash", "-c", "\n".join(script)], cwd=clone, env=env, capture_output=True, text=True, timeout=1100
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-4000:]
    assert "Traceback" not in output
    assert "{+" in result.stdout and "trente jours" in result.stdout  # the diff shows the edit
    assert (clone / "site" / "index.html").is_file()
    log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=clone, capture_output=True, text=True)
    assert log.stdout.strip().startswith("Policy of ")
