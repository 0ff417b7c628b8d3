"""`theme.quicken`: the theme's Jinja environments made faster, what MkDocs and Material get from
them unchanged (issue 13)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO, Site
from jinja2 import FileSystemLoader
from mkdocs.config import load_config
from mkdocs.structure.files import Files
from policy_archive import buildcache, theme
from test_build_cache import assert_same, tree


def theme_files(config, env) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    files = Files([])
    files.add_files_from_theme(env, config)
    return sorted((f.src_uri, f.abs_src_path or "") for f in files)


def test_the_theme_files_mkdocs_copies_are_the_same_without_walking_hidden_folders(tmp_path: Path) -> None:
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    theme.register(config.theme)
    plain = config.theme.get_env()
    listed = plain.loader.list_templates()
    assert any(name.startswith(".icons/") for name in listed)  # Material's icons: thousands of files
    theme.quicken(config.theme, None)
    quick = config.theme.get_env()
    assert isinstance(quick.loader, FileSystemLoader)
    assert quick.loader.list_templates() == [n for n in listed if not any(p.startswith(".") for p in n.split("/"))]
    assert theme_files(config, quick) == theme_files(config, plain)
    assert any(src.startswith("assets/policy-archive/") for src, _ in theme_files(config, quick))
    assert quick.get_template("partials/language.html").render(config=config)  # templates still load


def test_templates_are_compiled_once_into_the_build_cache(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(buildcache.ENV, "1")
    folder = site.root / ".cache" / "policy-archive" / "build" / "templates"
    first = tree(site.build("2024-06-01"))
    second = tree(site.build("2024-06-01"))  # compiles the template of stored pages (pagecache)
    kept = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}
    # Material's own (base.html, its partials, the language strings its search reads) and the package's.
    assert len(kept) > 20
    third = tree(site.build("2024-06-01"))
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == kept  # read, not written again
    assert_same(first, third)
    assert_same(first, second)
    config = load_config(str(site.root / "mkdocs.yml"))
    theme.quicken(config.theme, folder)
    made = config.theme.get_env
    theme.quicken(config.theme, folder)  # each language build asks again: the same environment maker
    assert config.theme.get_env is made


def test_an_unwritable_template_folder_costs_speed_not_the_build(tmp_path: Path) -> None:
    config = load_config(str(REPO / "mkdocs.yml"), site_dir=str(tmp_path / "out"))
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    theme.quicken(config.theme, blocker / "templates")
    env = config.theme.get_env()
    assert env.bytecode_cache is None and env.get_template("base.html")
