"""`compare.js` in real Chromium: the browser redline is the Python one, character for character.

For each pair of versions, the Python side is what `pages.changes_page` writes for the
redline (its counts and per-section blocks, with the Markdown heading written as the
`<hN id>` Python-Markdown makes of it); the browser side is `PolicyCompare.renderInto`
fed with both versions' `data.json` (`redline.data.version_data`). Both are parsed by
Chromium and their DOMs compared after dropping the whitespace the page template puts
between blocks.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml
from policy_archive import pages, redline
from policy_archive.l10n import strings
from policy_archive.load import load_policy
from policy_archive.model import Policy
from policy_archive.redline.data import version_data
from policy_archive.render import Renderer, extensions_from_mkdocs, link_base

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
ASSETS = REPO / "plugins" / "policy_archive" / "theme" / "assets" / "policy-archive"
CORPUS = REPO / "tests" / "corpus"
DEMO = REPO / "examples" / "demo"
AS_OF = dt.date(2100, 1, 1)
OLD_ID, NEW_ID = "2024-01-01", "2025-01-01"

# Whitespace the page template (pages._change_block, _fold) puts between blocks is not content.
NORMALISE_JS = """
(root) => {
  const structural = el => el === root || el.matches(
    "section.pa-change, details.pa-unchanged, div.pa-summary");
  const walk = el => {
    if (structural(el)) {
      for (const n of Array.from(el.childNodes)) {
        if (n.nodeType === Node.TEXT_NODE && !n.textContent.trim()) n.remove();
        else if (n.nodeType === Node.COMMENT_NODE) n.remove();
      }
    }
    for (const c of Array.from(el.children)) walk(c);
  };
  walk(root);
  return root.innerHTML;
}
"""

RUN_CASES_JS = (
    """
(json) => {
  const cases = JSON.parse(json);  // one string: Playwright serialises big objects slowly
  const normalise = """
    + NORMALISE_JS
    + """;
  return cases.map((c) => {
    const holder = document.createElement("div");
    holder.innerHTML = c.container;
    const el = holder.firstElementChild;
    el.removeAttribute("id");
    let js;
    try {
      PolicyCompare.renderInto(el, c.old, c.new);
      js = normalise(el);
    } catch (e) {
      js = "EXCEPTION: " + e + "\\n" + e.stack;
    }
    const py = document.createElement("div");
    py.innerHTML = c.python;
    const expected = normalise(py);
    return js === expected ? null : { name: c.name, js: js, py: expected };
  });
}
"""
)


# ---------------------------------------------------------------------------- the Python side

_HEADING_LINE = re.compile(r'^(#{1,6}) (.*) \{(?:#(\S+) )?data-toc-label="[^"]*"\}$', re.M)


def _heading_html(m: re.Match[str]) -> str:
    level, text, ident = len(m.group(1)), m.group(2), m.group(3)
    return f"<h{level}{f' id={chr(34)}{ident}{chr(34)}' if ident else ''}>{text}</h{level}>"


def python_html(site: pages.Site, old, new) -> str:
    """What the changes page between `old` and `new` shows of the redline, as HTML.

    Taken from `pages.changes_page` itself: the summary's counts (and its "same text" line),
    then every block after the legend, with what Python-Markdown does to them applied by hand:
    `markdown="1"` dropped, the redlined Markdown heading written as `<hN id="...">`.
    """
    md = pages.changes_page(site, new, old).markdown
    summary = re.search(
        r'(<p class="pa-summary__same">.*?</p>)?(<p class="pa-summary__counts">.*?</p>)</div>', md, re.S
    )
    assert summary, md[:2000]
    legend = md.index('<p class="pa-legend">')
    blocks = md[md.index("</p>", legend) + len("</p>") :]
    blocks = re.sub(
        r'(<(?:section class="pa-change|details class="pa-unchanged)[^>\n]*?) markdown="1">', r"\1>", blocks
    )
    blocks = _HEADING_LINE.sub(_heading_html, blocks)
    return f'<div class="pa-summary">{summary.group(1) or ""}{summary.group(2)}</div>{blocks}'


def container(site: pages.Site) -> str:
    """The compare page's own `<div id="pa-compare" data-...>` (labels and templates)."""
    md = pages.compare_page(site).markdown
    m = re.search(r'<div id="pa-compare"[^>]*></div>', md)
    assert m, md
    return m.group(0)


def case(name: str, site: pages.Site, old, new, redliner: redline.Redliner, box: str) -> dict:
    lang = site.lang
    return {
        "name": name,
        "container": box,
        "old": version_data(old, lang, redliner),
        "new": version_data(new, lang, redliner),
        "python": python_html(site, old, new),
    }


def write_version(root: Path, vid: str, files: dict[str, str], lang: str = "fr") -> None:
    folder = root / vid
    (folder / lang).mkdir(parents=True)
    meta = {
        "effective": dt.date.fromisoformat(vid),
        "published": dt.date.fromisoformat(vid),
        "significant": True,
        "summary": {lang: f"Version {vid}."},
    }
    (folder / "version.yml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for name, text in files.items():
        (folder / lang / name).write_text(text, encoding="utf-8")


def load_pair(root: Path, old: dict[str, str], new: dict[str, str]) -> Policy:
    write_version(root, OLD_ID, old)
    write_version(root, NEW_ID, new)
    policy, problems = load_policy(root, ["fr"], AS_OF)
    errors = [p for p in problems if p.level == "error"]
    assert not errors, errors
    assert len(policy.versions) == 2
    return policy


def report(results: list[dict | None]) -> str:
    out = []
    for r in results:
        if r is None:
            continue
        a, b = r["py"], r["js"]
        at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
        out.append(
            f"--- {r['name']}: first difference at {at}\n"
            f"python:     …{a[max(0, at - 300) : at + 300]}…\n"
            f"compare.js: …{b[max(0, at - 300) : at + 300]}…"
        )
    return "\n\n".join(out)


# ---------------------------------------------------------------------------- the browser page


@pytest.fixture(scope="module")
def js_page(browser):
    """One page with compare.js loaded (no auto-run: nothing to compare in its address)."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.set_content(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>t</title></head><body></body></html>'
    )
    page.add_script_tag(content=(ASSETS / "compare.js").read_text(encoding="utf-8"))
    page.errors = errors
    yield page
    assert not errors, errors
    page.close()


def run_cases(page, cases: list[dict]) -> None:
    assert cases
    results = page.evaluate(RUN_CASES_JS, json.dumps(cases))
    assert not any(results), report(results)


# ---------------------------------------------------------------------------- 0. difflib and Python's \s \w


def _random_lists(rng: random.Random) -> tuple[list, list]:
    alphabet = rng.choice(["ab", "abc", "abcdef", "abcdefghijklmnop", "xyz "])
    la, lb = rng.randint(0, 40), rng.randint(0, 40)
    a = [rng.choice(alphabet) for _ in range(la)]
    if rng.random() < 0.5:  # an edited copy: long matches, as in real texts
        b = list(a)
        for _ in range(rng.randint(0, 6)):
            k = rng.randint(0, len(b))
            if rng.random() < 0.5 and b:
                del b[k : k + rng.randint(1, 4)]
            else:
                b[k:k] = [rng.choice(alphabet) for _ in range(rng.randint(1, 4))]
    else:
        b = [rng.choice(alphabet) for _ in range(lb)]
    if rng.random() < 0.2:
        return [ord(x) for x in a], [ord(x) for x in b]  # numbers, as for section order
    return a, b


def test_sequence_matcher_is_difflib(js_page) -> None:
    from difflib import SequenceMatcher

    rng = random.Random(20261202)
    inputs = [_random_lists(rng) for _ in range(600)] + [([], []), (["a"], []), ([], ["a"]), (list("aaaa"), list("aa"))]
    expected = []
    for a, b in inputs:
        sm = SequenceMatcher(None, a, b, autojunk=False)
        expected.append(
            {
                "opcodes": [list(o) for o in sm.get_opcodes()],
                "blocks": [list(m) for m in sm.get_matching_blocks()],
                "ratio": sm.ratio(),
                "quick": sm.quick_ratio(),
                "real": sm.real_quick_ratio(),
                "longest": list(sm.find_longest_match(0, len(a), 0, len(b))),
                "inner": list(sm.find_longest_match(len(a) // 4, len(a) - len(a) // 5, len(b) // 3, len(b))),
            }
        )
    got = js_page.evaluate(
        """(inputs) => inputs.map(([a, b]) => {
            const sm = new PolicyCompare.SequenceMatcher(a, b);
            return {opcodes: sm.getOpcodes(), blocks: sm.getMatchingBlocks(), ratio: sm.ratio(),
                    quick: sm.quickRatio(), real: sm.realQuickRatio(),
                    longest: sm.findLongestMatch(0, a.length, 0, b.length),
                    inner: sm.findLongestMatch(Math.floor(a.length / 4), a.length - Math.floor(a.length / 5),
                                               Math.floor(b.length / 3), b.length)};
        })""",
        [[a, b] for a, b in inputs],
    )
    for (a, b), want, have in zip(inputs, expected, got, strict=True):
        assert have == want, (a, b)


def _ranges(pattern: str, js_ranges: list[list[int]] | None = None) -> list[list[int]]:
    """Code points matching `pattern` in Python, as ranges; with `js_ranges`, what the browser's
    class matches among the characters Python's Unicode database knows (a browser may know newer ones)."""
    rx, out = re.compile(pattern), []
    js = {cp for a, b in js_ranges for cp in range(a, b + 1)} if js_ranges is not None else None
    for cp in range(sys.maxunicode + 1):
        hit = (cp in js and unicodedata.category(chr(cp)) != "Cn") if js is not None else rx.match(chr(cp))
        if hit:
            if out and out[-1][1] == cp - 1:
                out[-1][1] = cp
            else:
                out.append([cp, cp])
    return out


def test_python_character_classes(js_page) -> None:
    """compare.js's stand-ins for Python's `\\s` and `\\w` (tag names, link targets, opaque keys)."""
    got = js_page.evaluate(
        """() => {
            const ranges = (cls) => {
                const rx = new RegExp("^[" + cls + "]$", "u"), out = [];
                for (let cp = 0; cp <= 0x10FFFF; cp++) {
                    if (rx.test(String.fromCodePoint(cp))) {
                        if (out.length && out[out.length - 1][1] === cp - 1) out[out.length - 1][1] = cp;
                        else out.push([cp, cp]);
                    }
                }
                return out;
            };
            return {space: ranges(PolicyCompare._py.SPACE), word: ranges(PolicyCompare._py.WORD)};
        }"""
    )
    assert got["space"] == _ranges(r"\s")
    # Characters unassigned in Python's Unicode version (unicodedata.unidata_version) may be letters
    # to a newer browser: they cannot be told apart, and cannot occur in a tag name Python wrote.
    assert _ranges(r"\w", got["word"]) == _ranges(r"\w")


def test_escapes_and_format(js_page) -> None:
    import html

    from policy_archive.redline.tree import escape_text

    samples = ["a & b < c > d \"e\" 'f'", "*_`[]{}\\#|~", "&amp; &#42;", "é—“x”", ""]
    got = js_page.evaluate(
        "(s) => s.map(x => [PolicyCompare._py.escapeAttr(x), PolicyCompare._py.escapeText(x)])", samples
    )
    assert got == [[html.escape(s, quote=True), escape_text(s)] for s in samples]
    templates = [
        ("Formerly “{title}”", {"title": "A {b} & c"}),
        ("{count} x: {titles} {{y}}", {"count": 3, "titles": "t"}),
    ]
    got = js_page.evaluate("(t) => t.map(([s, v]) => PolicyCompare._py.format(s, v))", templates)
    assert got == [s.format(**v) for s, v in templates]


# ---------------------------------------------------------------------------- 1. hand-written pairs

LOREM = "Nous conservons vos renseignements aussi longtemps que nécessaire pour les fins prévues."
BASE = {
    "01-objet.md": "## 1. Objet\n\nCette politique explique comment nous traitons vos renseignements personnels.\n",
    "02-collecte.md": (
        "## 2. Collecte\n\nNous collectons votre nom et votre adresse courriel lorsque vous créez un compte.\n\n"
        "Nous ne vendons jamais vos renseignements à des tiers, quelle que soit la raison invoquée.\n"
    ),
    "03-conservation.md": f"## 3. Conservation\n\n{LOREM}\n\nEnsuite, ils sont détruits de façon sécuritaire.\n",
    "04-droits.md": "## 4. Vos droits\n\nVous pouvez demander l’accès à vos renseignements et leur rectification.\n",
}


def edit(files: dict[str, str], name: str, old: str, new: str) -> dict[str, str]:
    assert old in files[name], (name, old)
    return {**files, name: files[name].replace(old, new)}


def with_body(text: str, name: str = "02-collecte.md", heading: str = "## 2. Collecte") -> dict[str, str]:
    return {**BASE, name: f"{heading}\n\n{text}\n"}


TABLE = "| Donnée | Durée | Motif |\n|---|---|---|\n| Courriel | 2 ans | Compte |\n| Adresse | 5 ans | Livraison |\n| Téléphone | 1 an | Soutien |"
HTML_TABLE = (
    '<table class="pa-x">\n<tr><th>Témoin</th><th>Durée</th></tr>\n'
    "<tr><td>_ga</td><td>2 ans</td></tr>\n<tr><td>sid</td><td>session</td></tr>\n</table>"
)

CASES: list[tuple[str, dict[str, str], dict[str, str]]] = [
    ("identical", BASE, BASE),
    (
        "reworded sentence",
        BASE,
        edit(
            BASE,
            "02-collecte.md",
            "votre nom et votre adresse courriel",
            "votre nom complet, votre adresse et votre courriel",
        ),
    ),
    (
        "reworded everywhere",
        BASE,
        edit(
            edit(BASE, "01-objet.md", "explique comment", "décrit de quelle façon"),
            "04-droits.md",
            "l’accès",
            "une copie",
        ),
    ),
    (
        "emphasis change",
        with_body("Nous **ne vendons jamais** vos *renseignements*."),
        with_body("Nous *ne vendons jamais* vos **renseignements** ni vos __données__."),
    ),
    (
        "emphasis added inside",
        with_body("**C. Données démographiques** et autres."),
        with_body("**C. Données démographiques et linguistiques** et autres."),
    ),
    (
        "link target change",
        with_body("Lisez nos [conditions](https://example.com/v1) avant."),
        with_body("Lisez nos [conditions](https://example.com/v2?a=1&b=2) avant."),
    ),
    (
        "link text and target change",
        with_body("Lisez nos [conditions d’utilisation](https://example.com/v1) avant."),
        with_body("Lisez nos [modalités](https://example.com/v2) avant."),
    ),
    (
        "list item added and removed",
        with_body("Intro.\n\n1. Premier\n2. Deuxième\n3. Troisième"),
        with_body("Intro.\n\n1. Premier\n2. Nouveau point\n3. Troisième\n4. Quatrième"),
    ),
    (
        "nested list",
        with_body("- Un\n    - Un a\n    - Un b\n- Deux"),
        with_body("- Un\n    - Un a modifié\n- Deux\n    - Deux a"),
    ),
    (
        "list to paragraph",
        with_body("- Nous collectons votre nom complet\n- Nous collectons votre adresse"),
        with_body("Nous collectons votre nom complet et votre adresse."),
    ),
    (
        "paragraph to list",
        with_body("Nous collectons votre nom complet et votre adresse."),
        with_body("- Nous collectons votre nom complet\n- Nous collectons votre adresse"),
    ),
    (
        "table rows and cells",
        with_body(TABLE),
        with_body(
            TABLE.replace("| Adresse | 5 ans | Livraison |\n", "").replace("2 ans", "3 ans")
            + "\n| Cookies | 13 mois | Mesure |"
        ),
    ),
    (
        "table column added",
        with_body(TABLE),
        with_body(
            TABLE.replace("| Motif |", "| Motif | Base |")
            .replace("|---|---|---|", "|---|---|---|---|")
            .replace("Compte |", "Compte | Contrat |")
        ),
    ),
    (
        "table column removed",
        with_body(TABLE),
        with_body(re.sub(r" [^|\n]+ \|$", "", TABLE, flags=re.M).replace("|---|---|---|", "|---|---|")),
    ),
    (
        "raw html table",
        with_body(HTML_TABLE),
        with_body(HTML_TABLE.replace("2 ans", "13 mois").replace("<tr><td>sid</td><td>session</td></tr>\n", "")),
    ),
    ("pre code", with_body("```\nname = 'a'\n  indent = 1\n```"), with_body("```\nname = 'b'\n    indent = 1\n```")),
    ("pre whitespace only", with_body("```\na  b\n```"), with_body("```\na b\n```")),
    ("anchor line added", with_body("Texte."), with_body('<a id="ancre"></a>\n\nTexte.')),
    (
        "paragraphs added inside a table cell",
        with_body("<table><tr><td><p>Un.</p></td></tr></table>"),
        with_body("<table><tr><td><p>Un.</p><p>Deux ajouté.</p><p>Trois ajouté.</p></td></tr></table>"),
    ),
    (  # an element that cannot be compared inside (an <iframe> would be refused by check: S1)
        "opaque block",
        with_body('<div class="carte" title="Carte A"></div>'),
        with_body('<div class="carte" title="Carte B"></div>'),
    ),
    (
        "image and br atoms",
        with_body('Logo ![Logo](a.png) ici.  \nLigne deux <img src="x.png" alt="x">.'),
        with_body("Logo ![Logo](b.png) ici.  \nLigne deux modifiée."),
    ),
    (
        "special characters",
        with_body("Prix : 5 \\* 3 \\_x\\_ a < b & c > d \"q\" 'r' \\# \\| ~ `code *x*` {a}"),
        with_body("Prix : 6 \\* 3 \\_y\\_ a < b & c > d \"q\" 'r' \\# \\| ~ `code *y*` {b}"),
    ),
    ("section added", BASE, {**BASE, "05-plaintes.md": "## 5. Plaintes\n\nÉcrivez-nous pour toute plainte.\n"}),
    ("section removed", BASE, {k: v for k, v in BASE.items() if k != "03-conservation.md"}),
    (
        "section renamed",
        BASE,
        {
            **{k: v for k, v in BASE.items() if k != "03-conservation.md"},
            "03-duree.md": BASE["03-conservation.md"]
            .replace("3. Conservation", "3. Durée de conservation")
            .replace("détruits", "effacés"),
        },
    ),
    (
        "section renamed same text",
        BASE,
        {**{k: v for k, v in BASE.items() if k != "04-droits.md"}, "04-vos-droits.md": BASE["04-droits.md"]},
    ),
    (
        "section moved",
        BASE,
        {
            "01-objet.md": BASE["01-objet.md"],
            "02-droits.md": BASE["04-droits.md"],
            "03-collecte.md": BASE["02-collecte.md"],
            "04-conservation.md": BASE["03-conservation.md"],
        },
    ),
    (
        "sections swapped by anchor",
        BASE,
        {
            "01-objet.md": BASE["01-objet.md"],
            "02-conservation.md": BASE["03-conservation.md"],
            "03-collecte.md": BASE["02-collecte.md"],
            "04-droits.md": BASE["04-droits.md"],
        },
    ),
    (
        "paragraph moved between sections",
        BASE,
        edit(
            edit(
                BASE,
                "02-collecte.md",
                "\n\nNous ne vendons jamais vos renseignements à des tiers, quelle que soit la raison invoquée.",
                "",
            ),
            "04-droits.md",
            "rectification.\n",
            "rectification.\n\nNous ne vendons jamais vos renseignements à des tiers, quelle que soit la raison.\n",
        ),
    ),
    (
        "paragraph split",
        with_body(
            "Nous collectons votre nom. Nous collectons aussi votre adresse courriel et votre numéro de téléphone pour vous joindre."
        ),
        with_body(
            "Nous collectons votre nom et votre prénom.\n\nUne phrase toute nouvelle ici.\n\nNous collectons aussi votre adresse courriel et votre numéro de téléphone pour vous joindre."
        ),
    ),
    (
        "paragraphs merged",
        with_body(
            "Nous collectons votre nom et votre prénom.\n\nNous collectons aussi votre adresse courriel et votre numéro de téléphone pour vous joindre."
        ),
        with_body(
            "Nous collectons votre nom. Nous collectons aussi votre adresse courriel et votre numéro de téléphone pour vous joindre."
        ),
    ),
    (
        "formatting only",
        BASE,
        edit(
            BASE, "03-conservation.md", "aussi longtemps que nécessaire pour", "aussi longtemps\nque nécessaire\npour"
        ),
    ),
    ("formatting only emphasis markers", with_body("Un **mot** ici."), with_body("Un __mot__ ici.")),
    (
        "setext headings",
        {
            **BASE,
            "02-collecte.md": "Deux : collecte\n---------------\n\nNous collectons votre nom.\n\nSous-titre\n----------\n\nTexte.\n",
        },
        {
            **BASE,
            "02-collecte.md": "Deux : collecte des données\n---------------------------\n\nNous collectons votre nom complet.\n\nSous-titre\n----------\n\nTexte.\n",
        },
    ),
    (
        "heading attribute lists",
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte {: #collecte }\n\nTexte un.\n\n### Détails {#details}\n\nTexte deux.\n",
        },
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte des données {: #collecte }\n\nTexte un.\n\n### Détails précisés {#details .x}\n\nTexte deux modifié.\n",
        },
    ),
    (
        "anchor line above heading",
        {**BASE, "03-conservation.md": '<a id="duree"></a>\n\n' + BASE["03-conservation.md"]},
        {
            **BASE,
            "03-conservation.md": '<a id="duree"></a>\n<a id="retention"></a>\n\n'
            + BASE["03-conservation.md"].replace("détruits", "anonymisés"),
        },
    ),
    (
        "preamble without heading",
        {"00-preambule.md": "Merci de lire cette politique.\n\nElle s’applique à tous nos services.\n", **BASE},
        {
            "00-preambule.md": "Merci de lire attentivement cette politique.\n\nElle s’applique à tous nos services.\n",
            **BASE,
        },
    ),
    ("preamble added", BASE, {"00-preambule.md": "Merci de lire cette politique.\n", **BASE}),
    (
        "title section level 1",
        {"00-titre.md": "# Politique de confidentialité\n\nIntroduction.\n", **BASE},
        {"00-titre.md": "# Politique de confidentialité de Panier\n\nIntroduction revue.\n", **BASE},
    ),
    (
        "duplicate ids across sections",
        {
            **BASE,
            "04-droits.md": "## 4. Vos droits\n\n### Détails\n\nTexte.\n",
            "05-plus.md": "## 5. Plus\n\n### Détails\n\nAutre.\n",
        },
        {
            **BASE,
            "04-droits.md": "## 4. Vos droits\n\n### Détails\n\nTexte changé.\n",
            "05-plus.md": "## 5. Plus\n\n### Détails\n\nAutre changé.\n",
        },
    ),
    (
        "sub-heading removed keeps ids unique",
        with_body("### A. Un\n\nTexte un.\n\n### B. Deux\n\nTexte deux."),
        with_body("### A. Un\n\nTexte un.\n\n### B. Trois\n\nTexte deux."),
    ),
    (
        "blockquote and div",
        with_body('> Citation importante.\n\n<div class="note" markdown="1">\nUne **note**.\n</div>'),
        with_body('> Citation très importante.\n\n<div class="note" markdown="1">\nUne **note** revue.\n</div>'),
    ),
    (
        "empty container and hr",
        with_body('<div id="vide"></div>\n\nTexte.\n\n---\n\nFin.'),
        with_body("Texte.\n\n***\n\nFin modifiée."),
    ),
    ("heading level change", with_body("### Sous-titre\n\nTexte."), with_body("#### Sous-titre\n\nTexte.")),
    (
        "fragment links",
        with_body(
            "Voir [ici](#nulle-part), [là](#droits), [haut](#top) et [détails](#details).\n\n### Détails\n\nTexte."
        ),
        with_body("Voir [ici](#nulle-part), [là](#droits) et [haut](#top) encore.\n\nTexte."),
    ),
    # Text flowing across blocks (flow.py): read as one text when that marks fewer words than pairing.
    (
        "list turned into a paragraph",
        with_body(
            "Nous collectons les renseignements suivants :\n\n- votre nom complet ;\n- votre adresse postale ;"
            "\n- votre numéro de téléphone."
        ),
        with_body("Nous collectons votre nom complet, votre adresse postale et votre numéro de téléphone."),
    ),
    (
        "two paragraphs merged into one sentence",
        with_body(
            "Nous collectons votre nom complet lorsque vous créez un compte.\n\n"
            "Nous collectons aussi votre adresse pour vous livrer.\n\nFin."
        ),
        with_body(
            "Nous collectons votre nom complet lorsque vous créez un compte, et aussi votre adresse pour vous livrer.\n\nFin."
        ),
    ),
    (
        "merged paragraphs after one deleted whole",
        with_body(
            "Cookies tiers publicitaires désactivés.\n\nNous collectons votre nom complet.\n\nNous collectons votre adresse."
        ),
        with_body("Nous collectons votre nom complet et votre adresse."),
    ),
    (
        "merged paragraphs before one deleted whole",
        with_body(
            "Nous collectons votre nom complet.\n\nNous collectons votre adresse.\n\nCookies tiers publicitaires désactivés."
        ),
        with_body("Nous collectons votre nom complet et votre adresse."),
    ),
    # Moved text (sections._find_moved_text): a new heading or block whose words were deleted elsewhere.
    (
        "sentences turned into the headings of new sections",
        with_body(
            "Nous collectons quatre sortes de renseignements. Nous collectons votre nom complet. Nous collectons "
            "votre adresse postale actuelle. Nous collectons votre numéro de téléphone. Nous collectons votre "
            "adresse de courriel. Rien d’autre."
        ),
        {
            **with_body("Nous collectons quatre sortes de renseignements. Rien d’autre."),
            "02a-nom.md": "## Nous collectons votre nom complet\n\nPour vous identifier.\n",
            "02b-adresse.md": "## Nous collectons votre adresse postale\n\nPour vous livrer.\n",
            "02c-telephone.md": "## Nous collectons votre numéro de téléphone\n\nPour vous joindre.\n",
            "02d-courriel.md": "## Nous collectons votre adresse de courriel\n\nPour vous écrire.\n",
        },
    ),
    (
        "sentence turned into a paragraph of another section",
        edit(
            BASE,
            "02-collecte.md",
            "courriel lorsque vous créez un compte.",
            "courriel lorsque vous créez un compte. Vos renseignements restent au Canada en tout temps.",
        ),
        edit(
            BASE,
            "04-droits.md",
            "rectification.\n",
            "rectification.\n\nVos renseignements restent toujours au Canada.\n",
        ),
    ),
    # Moved passages (sections._find_moved_passages): five words or more deleted here, inserted there.
    (
        "sentence moved between paragraphs of two sections",
        edit(
            edit(
                BASE,
                "02-collecte.md",
                "créez un compte.",
                "créez un compte. Ces renseignements ne sont jamais vendus à des tiers.",
            ),
            "04-droits.md",
            "rectification.",
            "rectification, sans frais.",
        ),
        edit(
            BASE,
            "04-droits.md",
            "rectification.",
            "rectification. Ces renseignements ne sont jamais vendus à des tiers.",
        ),
    ),
    (
        "deleted list item moved into a paragraph of another section",
        with_body("Intro.\n\n- Premier point du texte.\n- Ces renseignements ne sont jamais vendus à des tiers."),
        edit(
            with_body("Intro.\n\n- Premier point du texte."),
            "04-droits.md",
            "rectification.",
            "rectification. Ces renseignements ne sont jamais vendus à des tiers.",
        ),
    ),
    (
        "link target changed next to a moved passage",
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte\n\nNous collectons votre nom lorsque vous créez un compte. "
            "Ces renseignements ne sont jamais vendus à des tiers.\n",
            "04-droits.md": "## 4. Vos droits\n\nVous pouvez demander l’accès selon la "
            "[loi applicable](https://example.com/loi-v1).\n",
        },
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte\n\nNous collectons votre nom lorsque vous créez un compte.\n",
            "04-droits.md": "## 4. Vos droits\n\nVous pouvez demander l’accès selon la "
            "[loi applicable](https://example.com/loi-v2). Ces renseignements ne sont jamais vendus à des tiers.\n",
        },
    ),
    (
        "link target changed inside a moved passage",
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte\n\nNous collectons votre nom lorsque vous créez un compte. Ces renseignements "
            "ne sont jamais vendus à des tiers, comme le prévoit la [loi applicable](https://example.com/loi-v1).\n",
        },
        {
            **BASE,
            "02-collecte.md": "## 2. Collecte\n\nNous collectons votre nom lorsque vous créez un compte.\n",
            "04-droits.md": "## 4. Vos droits\n\nVous pouvez demander l’accès à vos renseignements en tout temps. Ces "
            "renseignements ne sont jamais vendus à des tiers, comme le prévoit la "
            "[loi applicable](https://example.com/loi-v2).\n",
        },
    ),
    (
        "everything rewritten",
        BASE,
        {
            k: v.split("\n\n")[0] + "\n\nTout autre chose, entièrement réécrite, sans aucun mot commun.\n"
            for k, v in BASE.items()
        },
    ),
]


def hand_written_cases(tmp_path: Path) -> list[dict]:
    redliner = redline.Redliner(Renderer())
    cases = []
    for n, (name, old, new) in enumerate(CASES):
        policy = load_pair(tmp_path / f"case{n}", old, new)
        site = pages.Site(policy, "fr", "Org", "Politique", redliner)
        cases.append(case(name, site, policy.versions[0], policy.versions[1], redliner, container(site)))
    return cases


def test_hand_written_pairs(js_page, tmp_path: Path) -> None:
    cases = hand_written_cases(tmp_path)
    run_cases(js_page, cases)
    # Sanity: the cases show what they are meant to show.
    by_name = {c["name"]: c["python"] for c in cases}
    assert "pa-change--renamed" in by_name["section renamed"]
    assert "pa-change--moved" in by_name["section moved"]
    assert "pa-moved--in" in by_name["paragraph moved between sections"]
    assert "mise en forme seulement" in by_name["formatting only"]
    assert "pa-url" in by_name["link target change"]
    assert "pa-row--ins" in by_name["table rows and cells"]
    assert 'class="pa-block"' in by_name["opaque block"]
    # Read as flowing text: one paragraph, no list, no struck paragraph.
    assert "<li" not in by_name["list turned into a paragraph"].split("</nav>")[-1]
    assert "compte<del>" in by_name["two paragraphs merged into one sentence"]
    assert "pa-moved__note" in by_name["sentences turned into the headings of new sections"]
    assert by_name["sentences turned into the headings of new sections"].count("pa-moved pa-moved--in") == 4
    assert by_name["sentences turned into the headings of new sections"].count("pa-moved pa-moved--out") == 4
    for name in (
        "sentence turned into a paragraph of another section",
        "sentence moved between paragraphs of two sections",
        "deleted list item moved into a paragraph of another section",
        "link target changed next to a moved passage",
        "link target changed inside a moved passage",
    ):
        assert "pa-moved--out" in by_name[name] and "pa-moved--in" in by_name[name], name
    assert "pa-url" in by_name["link target changed next to a moved passage"]


def as_format_2(data: dict) -> dict:
    """A version's data.json as builds before format 3 wrote it: each token [ctx, kind, text]."""

    def tokens(items: list) -> list:
        out, ctx = [], -1
        for item in items:
            if isinstance(item, int):
                ctx = item
            else:
                out.append([ctx, item[0], item[1:]])
        return out

    def block(b: dict | None) -> dict | None:
        if b is None:
            return None
        b = dict(b)
        if "x" in b:
            b["x"] = tokens(b["x"])
        if "c" in b:
            b["c"] = [[tag, attrs, tokens(cell)] for tag, attrs, cell in b["c"]]
        return b

    sections = [
        {**s, "heading": block(s["heading"]), "blocks": [block(b) for b in s["blocks"]]} for s in data["sections"]
    ]
    return {**data, "format": 2, "sections": sections}


def test_files_of_format_2_are_still_read(js_page, tmp_path: Path) -> None:
    """A reader whose browser kept the data.json of an earlier build gets the same redline."""
    made = hand_written_cases(tmp_path)
    assert all(c["old"]["format"] == c["new"]["format"] == 3 for c in made)
    cases = [{**c, "old": as_format_2(c["old"]), "new": as_format_2(c["new"])} for c in made]
    assert len(json.dumps(cases[0]["new"])) > 1.4 * len(json.dumps(made[0]["new"]))  # format 3 is the smaller
    run_cases(js_page, cases)


# ---------------------------------------------------------------------------- 2. every corpus history


def histories() -> list[Path]:
    """Every `tests/corpus/<name>/policy` (written by tests/corpus/make_corpus.py), and the demo's."""
    found = sorted(p for p in CORPUS.glob("*/policy") if p.is_dir())
    return [*found, DEMO / "policy"]


def _redliner_for(policy_dir: Path) -> redline.Redliner:
    """The renderer the site's build would use (its Markdown extensions, its link base)."""
    config_file = policy_dir.parent / "mkdocs.yml"
    raw, website, site_url = None, "", ""
    if config_file.is_file():
        try:
            config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
        except yaml.YAMLError:
            config = {}
        raw = config.get("markdown_extensions")
        site_url = config.get("site_url", "")
        for plugin in config.get("plugins") or []:
            if isinstance(plugin, dict) and isinstance(plugin.get("policy-archive"), dict):
                website = ((plugin["policy-archive"].get("organisation") or {}).get("website")) or ""
    names, configs = extensions_from_mkdocs(raw)
    configs = {k: {o: (v == "true" if v in ("true", "false") else v) for o, v in c.items()} for k, c in configs.items()}
    return redline.Redliner(Renderer(names, configs, link_base(website, site_url)))


def test_histories_exist() -> None:
    assert (DEMO / "policy").is_dir()
    assert histories()[-1] == DEMO / "policy"


@pytest.mark.parametrize("policy_dir", histories(), ids=lambda p: p.parent.name)
def test_every_consecutive_pair(js_page, policy_dir: Path) -> None:
    # Problems (a corpus may hold deliberate mistakes) are the checker's business: what loads is compared.
    policy, _problems = load_policy(policy_dir, ["fr", "en"], AS_OF)
    assert len(policy.versions) >= 2, f"{policy_dir}: a history needs two versions"
    redliner = _redliner_for(policy_dir)
    cases = []
    for lang in ("fr", "en"):
        site = pages.Site(policy, lang, "Org", "Policy", redliner)
        box = container(site)
        for version in policy.versions:
            previous = policy.previous(version)
            if previous is not None:
                name = f"{policy_dir.parent.name} {lang} {previous.id} -> {version.id}"
                cases.append(case(name, site, previous, version, redliner, box))
    run_cases(js_page, cases)


# ---------------------------------------------------------------------------- 3. the page itself


@pytest.fixture
def compare_site(tmp_path: Path) -> tuple[Path, Policy, pages.Site, redline.Redliner]:
    """The demo's versions as the build writes them (data.json per version) and a compare page."""
    policy, _ = load_policy(DEMO / "policy", ["fr", "en"], AS_OF)
    redliner = redline.Redliner(Renderer())
    site = pages.Site(policy, "fr", "Org", "Politique", redliner)
    for version in policy.versions:
        folder = tmp_path / "versions" / version.id
        folder.mkdir(parents=True)
        data = version_data(version, "fr", redliner)
        (folder / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page_md = pages.compare_page(site).markdown
    body = page_md.split("\n\n", 1)[1]  # everything but the Markdown title: raw HTML
    (tmp_path / "versions" / "compare").mkdir()
    (tmp_path / "versions" / "compare" / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title></head><body>'
        f"{body}"
        '<script src="../../compare.js"></script><script src="../../compare-page.js"></script></body></html>',
        encoding="utf-8",
    )
    for name in ("compare.js", "compare-page.js"):
        (tmp_path / name).write_text((ASSETS / name).read_text(encoding="utf-8"), encoding="utf-8")
    return tmp_path, policy, site, redliner


def test_page_auto_runs_from_the_address(browser, serve, compare_site) -> None:
    root, policy, site, _ = compare_site
    base = serve(root) + "versions/compare/"
    first, third, last = policy.versions[0], policy.versions[2], policy.versions[-1]
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: errors.append(f"console: {msg.text}") if msg.type == "error" else None)
    try:
        # Any two versions, not only consecutive ones: the changes page's redline, exactly.
        page.goto(f"{base}?from={first.id}&to={third.id}")
        page.wait_for_selector("#pa-compare[data-pa-state=done]", timeout=10000)
        got = page.evaluate(f"() => ({NORMALISE_JS})(document.getElementById('pa-compare'))")
        py = page.evaluate(
            f"(html) => {{ const d = document.createElement('div'); d.innerHTML = html; return ({NORMALISE_JS})(d); }}",
            python_html(site, first, third),
        )
        assert got == py, report([{"name": "auto-run", "py": py, "js": got}])
        assert page.evaluate("() => document.getElementById('pa-compare').hasAttribute('aria-busy')") is False

        error_text = strings("fr")["compare_error"]
        for query in (f"?from=../../x&to={last.id}", f"?from={first.id}&to=1999-01-01", f"?from=%2e%2e&to={last.id}"):
            page.goto(base + query)
            page.wait_for_selector("#pa-compare[data-pa-state=error]", timeout=10000)
            assert page.inner_text("#pa-compare") == error_text, query

        page.goto(f"{base}?from={last.id}&to={last.id}")
        page.wait_for_selector("#pa-compare[data-pa-state=same]", timeout=10000)
        assert page.inner_text("#pa-compare") == strings("fr")["compare_same"]

        page.goto(base)  # nothing chosen yet: nothing drawn, nothing broken
        assert page.evaluate("() => document.getElementById('pa-compare').innerHTML") == ""
    finally:
        page.close()
    assert not errors, errors


def test_unknown_version_without_a_version_list(browser, serve, compare_site) -> None:
    """An id the page does not list (older pages) is fetched, fails, and says so: no exception."""
    root, policy, _, _ = compare_site
    html_file = root / "versions" / "compare" / "index.html"
    html_file.write_text(
        re.sub(r' data-pa-versions="[^"]*"', "", html_file.read_text(encoding="utf-8")), encoding="utf-8"
    )
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(serve(root) + f"versions/compare/?from=1999-01-01&to={policy.versions[-1].id}")
        page.wait_for_selector("#pa-compare[data-pa-state=error]", timeout=10000)
        assert page.inner_text("#pa-compare") == strings("fr")["compare_error"]
    finally:
        page.close()
    assert not errors, errors
