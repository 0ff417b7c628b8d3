"""redline.data: what compare.js receives, the same blocks as the Python redline aligns."""

from __future__ import annotations

import json

from policy_archive.redline import Redliner
from policy_archive.redline.data import version_data
from redline_helpers import version


def test_version_data_format() -> None:
    files = {
        "00-preambule.md": "Merci de lire **ceci**.\n",
        "01-a.md": "## 1. A {: #a-propos }\n\nUn [lien](/x).\n\n- point\n\n| H | I |\n|---|---|\n| c | d |\n",
    }
    data = version_data(version("2025-01-01", files), "fr", Redliner())
    assert (data["format"], data["version"], data["lang"]) == (3, "2025-01-01", "fr")
    pre, sec = data["sections"]
    assert pre["level"] == 0 and pre["heading"] is None
    assert (sec["name"], sec["anchor"], sec["level"], sec["title"]) == ("01-a.md", "a", 2, "1. A")
    assert ' id="a-propos"' in sec["heading"]["a"]
    kinds = [(b["k"], b["t"]) for b in sec["blocks"]]
    assert kinds == [("text", "p"), ("text", ""), ("row", "tr"), ("row", "tr")]
    # Each token its kind letter and text; a number, the context of the tokens after it.
    assert sec["blocks"][0]["x"] == ["wUn", "s ", 0, "wlien", -1, "p."]
    assert sec["ctx"][0] == ['<a href="/x">']
    assert pre["blocks"][0]["x"] == ["wMerci", "s ", "wde", "s ", "wlire", "s ", 0, "wceci", -1, "p."]
    assert pre["ctx"] == [["<strong>"]]
    assert [c["tag"] if isinstance(c, dict) else c[0] for c in sec["blocks"][2]["c"]] == ["th", "th"]
    json.dumps(data)  # serialisable as is
