"""Issue 9: a site made of only mkdocs.yml and policy/ (init), the theme from the package,
and one configuration loader for the build and the CLI."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import REPO, Site, epoch
from policy_archive import starter, theme
from policy_archive.cli import main

TODAY = "2026-03-02"
NAME = "Coop d'Été: l'Épicerie #1 (Montréal) inc."  # YAML needs care with ': ', ' #' and quotes


def init(target: Path, *extra: str, env: dict[str, str] | None = None):
    args = [
        "init",
        str(target),
        "--name",
        NAME,
        "--site-url",
        "https://coop.example/vie-privee",
        "--officer-name",
        "Zoé O'Neil",
        "--officer-email",
        "zoe@coop.example",
        "--officer-phone",
        "514-555-0199",
        *extra,
    ]
    return CliRunner().invoke(main, args, env={"SOURCE_DATE_EPOCH": epoch(TODAY), **(env or {})})


def run(site: Path, *args: str, as_of: str = TODAY):
    return CliRunner().invoke(main, ["-f", str(site / "mkdocs.yml"), *args], env={"SOURCE_DATE_EPOCH": epoch(as_of)})


@pytest.fixture
def new_site(tmp_path: Path) -> Site:
    result = init(tmp_path / "site")
    assert result.exit_code == 0, result.output
    return Site(tmp_path / "site")


def test_init_writes_a_whole_site(new_site: Site) -> None:
    root = new_site.root
    written = sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
    assert written == sorted(
        [
            ".github/workflows/policy.yml",
            ".gitignore",
            "README.md",
            "docs/.gitkeep",
            "mkdocs.yml",
            f"policy/{TODAY}/version.yml",
            *(f"policy/{TODAY}/{lang}/{s}.md" for lang in ("fr", "en") for s in starter.SECTIONS),
        ]
    )
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    options = next(p["policy-archive"] for p in config["plugins"] if isinstance(p, dict) and "policy-archive" in p)
    assert config["site_name"] == NAME and options["organisation"]["name"] == NAME  # quoted, not broken YAML
    assert config["site_url"] == "https://coop.example/vie-privee/"
    assert options["privacy_officer"]["email"] == "zoe@coop.example"
    assert "custom_dir" not in config["theme"]  # the theme comes from the package
    ignored = (root / ".gitignore").read_text(encoding="utf-8")
    assert "/site/" in ignored and "subscribers.sqlite3" in ignored
    assert "policy-archive new-version" in (root / "README.md").read_text(encoding="utf-8")
    assert "policy-archive check" in (root / ".github/workflows/policy.yml").read_text(encoding="utf-8")


def test_init_refuses_to_overwrite_unless_forced(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.mkdir()
    (target / "mkdocs.yml").write_text("site_name: mine\n", encoding="utf-8")
    refused = init(target)
    assert refused.exit_code == 1 and "mkdocs.yml" in refused.output and "--force" in refused.output
    assert "Traceback" not in refused.output
    assert (target / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: mine\n"
    assert not (target / "policy").exists()  # nothing written at all
    forced = init(target, "--force")
    assert forced.exit_code == 0 and "site_name: mine" not in (target / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--languages", "fr,de"), "unsupported language"),
        (("--timezone", "Mars/Olympus"), "IANA time zone"),
    ],
)
def test_init_refuses_bad_options(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    result = init(tmp_path / "site", *args)
    assert result.exit_code != 0 and message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site" / "mkdocs.yml").exists()


def test_init_english_first_site(tmp_path: Path) -> None:
    result = init(tmp_path / "site", "--languages", "en,fr")
    assert result.exit_code == 0, result.output
    config = yaml.safe_load((tmp_path / "site" / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["theme"]["language"] == "en"
    assert run(tmp_path / "site", "check").exit_code == 0


@pytest.mark.slow
def test_init_site_checks_and_builds_with_every_feature(new_site: Site) -> None:
    """Only mkdocs.yml and policy/: the notice, alternates, officer block and compare page come from the package."""
    checked = run(new_site.root, "check")
    assert checked.exit_code == 0, checked.output
    made = run(new_site.root, "new-version", "2026-04-01")
    assert made.exit_code == 0, made.output
    for lang in ("fr", "en"):  # the editor's change
        intro = new_site.policy / "2026-04-01" / lang / "00-introduction.md"
        intro.write_text(intro.read_text(encoding="utf-8") + "\nAjout / addition.\n", encoding="utf-8")
    data = yaml.safe_load((new_site.policy / "2026-04-01" / "version.yml").read_text(encoding="utf-8"))
    data["summary"] = {"fr": "Une phrase ajoutée.", "en": "One sentence added."}
    (new_site.policy / "2026-04-01" / "version.yml").write_text(yaml.safe_dump(data), encoding="utf-8")
    assert run(new_site.root, "check").exit_code == 0

    out = new_site.build(TODAY)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="pa-upcoming"' in home  # the upcoming version is announced, once (issue 12)
    archive = (out / "versions" / "index.html").read_text(encoding="utf-8")
    assert 'class="pa-notice pa-notice--upcoming"' in archive  # and by the notice on the other pages
    assert '<link rel="alternate" hreflang="en-CA" href="https://coop.example/vie-privee/en/">' in home
    assert 'class="pa-officer"' in home and "Zoé O&#39;Neil" in home
    assert "assets/policy-archive/notice.js" in home
    assert (out / "assets" / "policy-archive" / "compare.js").is_file()
    assert (out / "versions" / "compare" / "index.html").is_file()
    assert (out / "versions" / "2026-04-01" / "data.json").is_file()
    # Each language searches its own index; no search worker name is written by the plugin.
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', home, re.S)[1])
    assert config["base"] == "./"
    en = (out / "en" / "index.html").read_text(encoding="utf-8")
    config_en = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>', en, re.S)[1])
    assert config_en["base"] == "../en/" and (out / "en" / "search" / "search_index.json").is_file()


# --- the theme in the search path -----------------------------------------------------------


class FakeTheme:
    def __init__(self, custom_dir: str | None, dirs: list[str]) -> None:
        self.custom_dir, self.dirs = custom_dir, dirs


def test_theme_goes_after_custom_dir_and_before_everything_else() -> None:
    ours = str(theme.THEME_DIR)
    t = FakeTheme("/site/overrides", ["/i18n/sitemap", "/site/overrides", "/material", "/mkdocs"])
    theme.register(t)
    assert t.dirs == ["/site/overrides", ours, "/i18n/sitemap", "/material", "/mkdocs"]
    theme.register(t)  # every language build runs on_config again
    assert t.dirs.count(ours) == 1
    bare = FakeTheme(None, ["/material", "/mkdocs"])
    theme.register(bare)
    assert bare.dirs == [ours, "/material", "/mkdocs"]


def test_localise_search_keeps_the_json_safe_in_a_script() -> None:
    page = '<script id="__config" type="application/json">{"base": "..", "x": "\\u003c/script\\u003e"}</script>'
    out = theme.localise_search(page, "en/")
    data = json.loads(re.search(r">(\{.*\})<", out)[1])
    assert data == {"base": "../en/", "x": "</script>"} and "</script>" not in out[: out.rindex("</script>")]
    assert theme.localise_search(page, "").count('"base":"./"') == 0  # ".." + "/" stays "../"
    assert json.loads(re.search(r">(\{.*\})<", theme.localise_search(page, ""))[1])["base"] == "../"


# --- one configuration loader ---------------------------------------------------------------


def write_config(site: Site, transform) -> Path:
    path = site.root / "mkdocs.yml"
    path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")
    return path


def test_plugins_as_a_mapping_and_env_values_reach_the_cli(site: Site) -> None:
    """MkDocs accepts `plugins:` as a mapping and `!ENV`: the CLI reads the same options as the build."""
    text = (site.root / "mkdocs.yml").read_text(encoding="utf-8")
    config = yaml.safe_load(text)
    plugins = {}
    for entry in config["plugins"]:
        plugins.update(entry if isinstance(entry, dict) else {entry: {}})
    plugins["policy-archive"]["organisation"]["name"] = "ENV_PLACEHOLDER"
    plugins["policy-archive"]["notice_days"] = 45
    config["plugins"] = plugins
    dumped = yaml.safe_dump(config, allow_unicode=True, sort_keys=False)
    dumped = dumped.replace("ENV_PLACEHOLDER", "!ENV [ORG_NAME, 'Nobody']")
    (site.root / "mkdocs.yml").write_text(dumped, encoding="utf-8")
    from policy_archive.cli import Project

    os.environ["ORG_NAME"] = "Organisme de l'environnement"
    try:
        project = Project(site.root / "mkdocs.yml")
        assert project.options.notice_days == 45
        assert project.options.organisation.name == "Organisme de l'environnement"
    finally:
        del os.environ["ORG_NAME"]
    assert run(site.root, "check", as_of="2024-01-10").exit_code == 0


def test_inherit_is_followed(site: Site) -> None:
    (site.root / "base.yml").write_text((site.root / "mkdocs.yml").read_text(encoding="utf-8"), encoding="utf-8")
    (site.root / "mkdocs.yml").write_text("INHERIT: base.yml\nsite_name: Hérité\n", encoding="utf-8")
    result = run(site.root, "check", as_of="2024-01-10")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("transform", "message"),
    [
        (
            lambda s: s.replace("      notice_days: 30\n", "      notice_days: 30\n      notice_dayz: 10\n"),
            "notice_dayz",
        ),
        (lambda s: re.sub(r"^site_url: .*\n", "", s, flags=re.M), "site_url"),
        (lambda s: s.replace("  - i18n:", "  - i18n-disabled:").replace("i18n-disabled:", "x-i18n:"), None),
        (lambda s: s.replace("      notice_days: 30\n", "      notice_days: 30\n      languages: [fr, de]\n"), "'de'"),
        (lambda s: s.replace("      notice_days: 30\n", "      notice_days: thirty\n"), "notice_days"),
    ],
    ids=["unknown-option", "no-site-url", "no-i18n", "language-without-strings", "wrong-type"],
)
def test_check_reports_what_the_strict_build_refuses(site: Site, transform, message: str | None) -> None:
    path = write_config(site, transform)
    if message is None:  # dropping the i18n plugin: keep the rest valid
        text = path.read_text(encoding="utf-8")
        start, end = text.index("  - x-i18n:"), text.index("  - policy-archive:")
        path.write_text(text[:start] + text[end:], encoding="utf-8")
        message = "i18n"
    result = run(site.root, "check", as_of="2024-01-10")
    assert result.exit_code != 0, result.output
    assert message in result.output and "mkdocs.yml" in result.output
    assert "Traceback" not in result.output
    built = site.mkdocs("build", "--strict", as_of="2024-01-10")
    assert built.returncode != 0  # the build refuses the same configuration


def test_a_site_main_html_must_extend_ours(site: Site) -> None:
    (site.root / "overrides" / "main.html").write_text('{% extends "base.html" %}\n', encoding="utf-8")
    result = run(site.root, "check", as_of="2024-01-10")
    assert result.exit_code != 0 and 'extends "policy-archive.html"' in result.output
    assert site.mkdocs("build", "--strict", as_of="2024-01-10").returncode != 0


def test_site_overrides_win_over_the_package(site: Site) -> None:
    """A site customises a partial in its custom_dir; the rest still comes from the package."""
    (site.root / "overrides" / "partials").mkdir(exist_ok=True)
    (site.root / "overrides" / "partials" / "officer.html").write_text(
        '<aside class="site-officer">Our own officer block</aside>\n', encoding="utf-8"
    )
    out = site.build("2024-01-10")
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "Our own officer block" in home and 'class="pa-officer"' not in home
    assert 'name="theme-color"' in home  # the repository's own example customisation


def test_repository_overrides_hold_only_site_customisations() -> None:
    """The package's templates are not copied into the example site's overrides."""
    own = {p.relative_to(REPO / "overrides") for p in (REPO / "overrides").rglob("*") if p.is_file()}
    packaged = {p.relative_to(theme.THEME_DIR) for p in theme.THEME_DIR.rglob("*") if p.is_file()}
    assert own == {Path("main.html")} and Path("policy-archive.html") in packaged


def test_the_package_imports_without_posix_only_modules() -> None:
    """Windows has no fcntl: every module must import without it (the lock comes from filelock)."""
    import subprocess
    import sys

    code = (
        "import sys, pkgutil, importlib; sys.modules['fcntl'] = None\n"
        "import policy_archive\n"
        "for m in pkgutil.walk_packages(policy_archive.__path__, 'policy_archive.'):\n"
        "    importlib.import_module(m.name)\n"
        "from policy_archive.mail.send import lock\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
