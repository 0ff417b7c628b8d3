"""The plugin's own templates and assets, shipped in the package (`policy_archive/theme/`).

A site needs only `mkdocs.yml` and its policy folders: the plugin puts this folder
in the theme's search path itself, after the site's `custom_dir` (so a site can
still override any of it) and before Material. Nothing of Material's is copied:
per-language search is obtained by editing the one value it reads, the search
base, in each built page (`localise_search`), not by copying the block that
carries the search worker's hashed file name.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader

THEME_DIR = Path(__file__).with_name("theme")
_CONFIG_SCRIPT = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def register(theme: Any) -> None:
    """Put the package's templates right after the site's custom_dir, ahead of everything else.

    Run after static-i18n's on_config, which puts its own sitemap.xml first on every
    language build; ours (with the archive's pages and alternates) must win, the site's own must win over ours.
    """
    first = [str(THEME_DIR)]
    if theme.custom_dir:
        first.insert(0, str(theme.custom_dir))
    theme.dirs[:] = first + [d for d in theme.dirs if d not in first]


def quicken(theme: Any, bytecode: Path | None) -> None:
    """Every Jinja environment of the theme made faster, the templates' output unchanged. MkDocs
    makes one per language build, Material's search one per string it translates (in its
    on_config), each compiling its templates anew: they are kept compiled in `bytecode` (Jinja
    checks each against its source and the Python version before using it; an unwritable folder
    costs speed, not the build). And MkDocs lists every file of the theme to find its assets,
    Material's 10,000 icons included, to drop those in folders whose name starts with a dot:
    those folders are not walked."""
    if getattr(theme, "_policy_archive_env", ()) == bytecode:
        return  # quickened already (each language build runs on_config on the same theme)
    make = type(theme).get_env

    def get_env() -> Environment:
        env = make(theme)
        if isinstance(env.loader, FileSystemLoader):
            env.loader.list_templates = _list_templates.__get__(env.loader)  # type: ignore[method-assign]
        if bytecode is not None:
            try:
                bytecode.mkdir(parents=True, exist_ok=True)
                env.bytecode_cache = FileSystemBytecodeCache(str(bytecode))
            except OSError:
                pass
        return env

    theme.get_env = get_env
    theme._policy_archive_env = bytecode


def _list_templates(loader: FileSystemLoader) -> list[str]:
    """`FileSystemLoader.list_templates` without what lies in hidden folders (`.icons/`), which
    MkDocs's filter of theme files (`Files.add_files_from_theme`) drops anyway."""
    found = set()
    for root in loader.searchpath:
        for folder, subfolders, names in os.walk(root, followlinks=loader.followlinks):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            for name in names:
                template = os.path.join(folder, name)[len(root) :].strip(os.sep).replace(os.sep, "/")
                found.add(template.removeprefix("./"))
    return sorted(found)


def custom_main_problem(theme: Any) -> str | None:
    """A site's own `main.html` that does not extend ours silently drops every feature: say so."""
    if not theme.custom_dir:
        return None
    main = Path(theme.custom_dir) / "main.html"
    if not main.is_file():
        return None
    text = main.read_text(encoding="utf-8", errors="replace")
    if re.search(r"""{%-?\s*extends\s+["']policy-archive\.html["']""", text):
        return None
    return (
        f'{main}: a site\'s main.html must start with {{% extends "policy-archive.html" %}} '
        '(not "base.html"), or the notices, language alternates and officer block disappear'
    )


def localise_search(html: str, home: str) -> str:
    """Point Material's search at this language's own index (`<home>search/search_index.json`).

    Material reads `base` from the page's `__config` JSON and fetches
    `<base>search/search_index.json`; results are linked relative to it too. Every
    language gets its folder appended to the site's base, with the slash URL joins need. `home` is the language's folder relative to the site root ("" or "en/").
    """

    def edit(match: re.Match[str]) -> str:
        try:
            data = json.loads(match.group(2))
        except ValueError:
            return match.group(0)
        data["base"] = (
            str(data.get("base") or ".").rstrip("/") + "/" + (home.strip("/") + "/" if home.strip("/") else "")
        )
        # The same escaping as Jinja's tojson: the JSON sits inside a <script> element.
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
        return match.group(1) + text + match.group(3)

    return _CONFIG_SCRIPT.sub(edit, html, count=1)
