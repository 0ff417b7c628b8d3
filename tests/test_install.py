"""Issue 9's proof: the wheel, installed into fresh virtual environments outside the repository,
makes a working site from nothing (`init`) and from an existing history (`import`).

- lowest Material the pin allows: init, new version, `mkdocs build --strict`, then in Chromium the
  notice, language alternates, officer block, compare page and per-language search;
- highest Material (whatever the pin resolves to today) with ProperDocs instead of MkDocs: the
  CLI and `properdocs build --strict` on an init site and on the repository's own site;
- `policy-archive import` of a generated 30-commit git history, checked and built.

Installing needs the package index (the one network access allowed); pip's cache makes reruns quick.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from conftest import REPO, epoch
from import_history import make_policy_repo

pytestmark = [pytest.mark.slow, pytest.mark.timeout(1200)]

# Real dates: notice.js hides a notice once its window has passed by the reader's clock.
TODAY = dt.date.today().isoformat()
IMPORT_PATHS = ("--path", "fr=politique.fr.md", "--path", "en=privacy.en.md")  # after the history's renames
NEXT = (dt.date.today() + dt.timedelta(days=20)).isoformat()


def material_pin() -> str:
    """The lower bound of mkdocs-material in pyproject.toml (e.g. '9.5')."""
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    spec = next(d for d in deps if d.startswith("mkdocs-material"))
    return re.search(r">=\s*([\d.]+)", spec)[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (a build must not write into the working tree)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, src / name)
    shutil.copytree(REPO / "plugins", src / "plugins", ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    out = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(src)], cwd=src)
    (found,) = out.glob("policy_archive-*.whl")
    return found


def clean_env(**extra: str) -> dict[str, str]:
    """No trace of this repository or its .venv: PATH without it, no PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if str(REPO) not in p)
    env["NO_MKDOCS_2_WARNING"] = "1"
    return {**env, **extra}


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env or clean_env(), capture_output=True, text=True, timeout=900)
    if ok:
        assert result.returncode == 0, f"{' '.join(cmd)}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr, result.stderr
    return result


def venv(path: Path, *requirements: str) -> Path:
    """A fresh virtual environment with `requirements` installed; returns its bin folder."""
    subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
    bin_dir = path / "bin"
    run([str(bin_dir / "pip"), "install", "--quiet", "--disable-pip-version-check", *requirements], cwd=path)
    return bin_dir


def init_site(bin_dir: Path, where: Path, name: str = "site", *extra: str) -> Path:
    run(
        [
            str(bin_dir / "policy-archive"),
            "init",
            name,
            "--name",
            "Coopérative Le Panier inc.",
            "--site-url",
            "https://panier.example/confidentialite/",
            "--officer-name",
            "Zoé Tremblay",
            "--officer-email",
            "vie-privee@panier.example",
            *extra,
        ],
        cwd=where,
        env=clean_env(SOURCE_DATE_EPOCH=epoch(TODAY)),
    )
    return where / name


def add_next_version(bin_dir: Path, site: Path) -> None:
    """What an editor does: new-version, edit both languages and the summaries, check."""
    env = clean_env(SOURCE_DATE_EPOCH=epoch(TODAY))
    run([str(bin_dir / "policy-archive"), "new-version", NEXT], cwd=site, env=env)
    extra = {"fr": "Nous conservons vos renseignements un an.", "en": "We keep your information for one year."}
    for lang, sentence in extra.items():
        intro = site / "policy" / NEXT / lang / "00-introduction.md"
        intro.write_text(intro.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")
    meta = site / "policy" / NEXT / "version.yml"
    data = yaml.safe_load(meta.read_text(encoding="utf-8"))
    data["summary"] = {"fr": "Ajout de la durée de conservation.", "en": "Retention period added."}
    meta.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    run([str(bin_dir / "policy-archive"), "check"], cwd=site, env=env)


def build(bin_dir: Path, site: Path, engine: str = "mkdocs") -> Path:
    run(
        [str(bin_dir / engine), "build", "--strict", "-f", "mkdocs.yml"],
        cwd=site,
        env=clean_env(SOURCE_DATE_EPOCH=epoch(TODAY)),
    )
    return site / "site"


def search(page, word: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(word, delay=20)
    results = page.locator(".md-search-result__item a.md-search-result__link")
    results.first.wait_for(state="attached")
    return [results.nth(i).get_attribute("href") or "" for i in range(results.count())]


def test_wheel_with_the_lowest_material(wheel: Path, tmp_path: Path, browser, serve) -> None:
    low = material_pin()
    bin_dir = venv(tmp_path / "venv", str(wheel), f"mkdocs-material=={low}")
    installed = run([str(bin_dir / "python"), "-c", "import material; print(material.__version__)"], cwd=tmp_path)
    assert installed.stdout.strip().startswith(low)
    where = tmp_path / "work"
    where.mkdir()
    site = init_site(bin_dir, where)
    add_next_version(bin_dir, site)
    out = build(bin_dir, site)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-CA")
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1") else r.abort())
    page = context.new_page()
    page.set_default_timeout(10_000)
    base = serve(out)
    page.goto(base)
    assert NEXT[:4] in page.locator(".pa-upcoming").inner_text()  # the policy page announces it once
    page.goto(base + "versions/")
    notice = page.locator(f'[data-pa-notice="{NEXT}:upcoming"]')
    assert notice.is_visible() and NEXT[:4] in notice.inner_text()
    hreflangs = page.eval_on_selector_all('link[rel="alternate"][hreflang]', "e => e.map(x => x.hreflang)")
    assert set(hreflangs) == {"fr-CA", "en-CA", "x-default"}
    assert "Zoé Tremblay" in page.locator("aside.pa-officer").inner_text()
    page.goto(f"{base}versions/compare/?from={TODAY}&to={NEXT}")
    page.wait_for_selector('#pa-compare[data-pa-state="done"]')
    assert "conservons vos renseignements un an" in " ".join(page.locator("#pa-compare ins").all_inner_texts())
    page.goto(base)
    assert all(not h.startswith(base + "en/") for h in search(page, "renseignements"))
    page.goto(base + "en/")
    hits = search(page, "information")
    assert hits and all(h.startswith(base + "en/") for h in hits), hits
    context.close()

    # An organisation with a history: a site without versions, then import, check and build.
    old = make_policy_repo(tmp_path / "old-site", commits=30)
    assert int(old.git.rev_list("--count", "HEAD")) >= 30
    site = init_site(bin_dir, where, "imported", "--no-starter")
    imported = run(
        [str(bin_dir / "policy-archive"), "import", "git", str(tmp_path / "old-site"), *IMPORT_PATHS],
        cwd=site,
        env=clean_env(SOURCE_DATE_EPOCH=epoch(TODAY)),
    )
    versions = sorted(p.name for p in (site / "policy").iterdir() if p.is_dir())
    assert len(versions) >= 20 and str(len(versions)) in imported.stdout
    run([str(bin_dir / "policy-archive"), "check"], cwd=site, env=clean_env(SOURCE_DATE_EPOCH=epoch(TODAY)))
    out = build(bin_dir, site)
    assert all((out / "versions" / v / "index.html").is_file() for v in versions)
    assert (out / "en" / "versions" / versions[-1] / "changes" / "index.html").is_file()


def test_properdocs_with_the_highest_material(wheel: Path, tmp_path: Path) -> None:
    bin_dir = venv(tmp_path / "venv", str(wheel), "properdocs>=1.6,<2", "mkdocs-material>=9.5,<10")
    run([str(bin_dir / "pip"), "uninstall", "--quiet", "--yes", "mkdocs"], cwd=tmp_path)
    gone = run(
        [str(bin_dir / "python"), "-c", "import importlib.util as u; print(u.find_spec('mkdocs'))"], cwd=tmp_path
    )
    assert gone.stdout.strip() == "None"  # the CLI runs on ProperDocs alone
    where = tmp_path / "work"
    where.mkdir()
    site = init_site(bin_dir, where)
    add_next_version(bin_dir, site)
    home = (build(bin_dir, site, "properdocs") / "index.html").read_text(encoding="utf-8")
    assert 'class="pa-upcoming"' in home and 'class="pa-officer"' in home
    # The repository's own site, as it is.
    own = tmp_path / "own"
    own.mkdir()
    for name in ("mkdocs.yml", "policy", "docs", "overrides"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, own / name)
    checked = run([str(bin_dir / "policy-archive"), "check"], cwd=own, env=clean_env(SOURCE_DATE_EPOCH=epoch(TODAY)))
    assert "0 errors" in checked.stderr
    page = (build(bin_dir, own, "properdocs") / "en" / "index.html").read_text(encoding="utf-8")
    assert "Person in charge of compliance" in page and 'name="theme-color"' in page
