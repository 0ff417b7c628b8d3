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
import re
from pathlib import Path
from typing import Any

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
