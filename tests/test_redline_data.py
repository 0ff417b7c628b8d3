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
    assert (data["format"], data["version"], data["lang"]) == (2, "2025-01-01", "fr")
    pre, sec = data["sections"]
    assert pre["level"] == 0 and pre["heading"] is None
    assert (sec["name"], sec["anchor"], sec["level"], sec["title"]) == ("01-a.md", "a", 2, "1. A")
    assert ' id="a-propos"' in sec["heading"]["a"]
    kinds = [(b["k"], b["t"]) for b in sec["blocks"]]
    assert kinds == [("text", "p"), ("text", ""), ("row", "tr"), ("row", "tr")]
    link = sec["blocks"][0]["x"][-2]
    assert sec["ctx"][link[0]] == ['<a href="/x">'] and link[1:] == ["w", "lien"]
    assert [c["tag"] if isinstance(c, dict) else c[0] for c in sec["blocks"][2]["c"]] == ["th", "th"]
    json.dumps(data)  # serialisable as is
