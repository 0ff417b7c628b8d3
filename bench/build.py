"""Build benchmark (issues 3 and 13): the plugin's `mkdocs build` against a plain MkDocs site written by hand.

For each size N (number of versions) it generates a bilingual policy from the seed
version (`policy/2023-12-23`): N versions 30 days apart, each editing 1 to 3 sections
the way an editor does (a sentence reworded, a list item or a paragraph added or
removed), in French and English alike. Then, each variant in its own `mkdocs` process:

- **plugin, cold**: the repository's site (mkdocs.yml, overrides/, docs/) with that
  policy, built with no `site/` and no persistent cache (`.cache/policy-archive/`);
- **plugin, cache off**: the same with `POLICY_ARCHIVE_CACHE=0` (a plugin without a
  cache simply ignores it);
- **plugin, one process**: cold, with `POLICY_ARCHIVE_HELPER=0`: no helper process shares the
  redlines (what a build gets off Linux, or with one CPU); CPU times include the helper's,
  since `wait4` counts the children a build waited for;
- **baseline**: what a person would write by hand for the same pages, built by a plain
  `mkdocs build` with the same theme, Markdown extensions, search and i18n plugins but
  no `policy-archive`: per version and language one page with the whole policy
  (title, dates, the sections as written) and, from the second version on, a redline
  page (each changed section with its changed words in `<ins>`/`<del>`), plus an index
  page per language listing the versions;
- **warm**: a second plugin build with the cache kept and nothing changed;
- **add-one**: one more version folder added to the built site, rebuilt (cache kept);
- **serve-edit**: `mkdocs serve` on the site, one sentence of the newest version edited,
  the time until the served page shows it;
- **byte identity**: cold, warm, one-process and cache-off sites are compared file by file, and so are
  the add-one site and a cache-off build of the same N + 1 versions.

Plugin and baseline builds alternate (`--repeat`, medians; peak memory is the maximum),
so both see the same load on a shared machine. Ratios are reported, not asserted: the
exit status is 0 unless the benchmark itself fails. Issue 13's goals are printed as met
or not.

Usage: `.venv/bin/python bench/build.py [--sizes 20,100,300] [--big 1000] [--repeat 3]
[--skip nocache,serve,...] [--keep] [--no-update]` (`make bench` runs it through bench/run.py).
"""

from __future__ import annotations

import argparse
import compileall
import contextlib
import datetime as dt
import difflib
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from report import machine, write_block

REPO = Path(__file__).resolve().parent.parent
SEED = REPO / "policy" / "2023-12-23"
RESULTS = REPO / "bench" / "results"
LATEST = RESULTS / "build-latest.json"  # the last result of every size, so separate runs make one table
BENCHMARKS = REPO / "BENCHMARKS.md"
HEADING = "## Site build (issues 3 and 13)"
START, END = "<!-- build-bench:start -->", "<!-- build-bench:end -->"
DEFAULT_SIZES = (20, 100, 300)
BIG = 1000  # sizes from here on run once unless --repeat-big says otherwise
LANGS = ("fr", "en")
STEP = dt.timedelta(days=30)
BIN = Path(sys.executable).parent
CACHE_DIR = Path(".cache") / "policy-archive"  # the plugin's persistent cache, beside mkdocs.yml
CACHE_ENV = "POLICY_ARCHIVE_CACHE"
HELPER_ENV = "POLICY_ARCHIVE_HELPER"  # 0: no helper process (prefill.py)
VARIANTS = ("nocache", "oneprocess", "warm", "addone", "identity", "serve")  # what --skip may leave out
SERVE_POLL = 0.05  # seconds between two requests while waiting for the edited page
SERVE_TIMEOUT = 120.0  # seconds allowed for the edited page to come back
GOAL_RATIO = 1.0  # issue 13: cold build ≤ 1.0 × the plain build, at 100 and 300 versions
GOAL_ADD_ONE = 2.5  # seconds, at 100 versions
GOAL_SERVE = 2.0  # seconds, at 100 versions
GOAL_MB = 250.0  # peak memory at 300 versions
FLAT = 1.15  # "flat" cost per version: at 1,000 versions at most 15 % above the cost at 100

T0 = time.perf_counter()


def say(message: str) -> None:
    """One progress line with the time since the benchmark started (sizes of 300 and more take minutes)."""
    print(f"[{time.perf_counter() - T0:7.1f} s] {message}", flush=True)


# -- the synthetic policy -------------------------------------------------------------------------
# Every edit is drawn once and applied to both languages at the same place: the seed's French and
# English sections have the same block structure (headings, paragraphs, list items at the same
# depths), and every edit keeps it so. Words come in (French, English) pairs, so an added sentence
# is the same sentence in both languages.
_WORDS = [
    ("notamment", "notably"),
    ("également", "also"),
    ("toutefois", "however"),
    ("précisément", "precisely"),
    ("raisonnablement", "reasonably"),
    ("expressément", "expressly"),
    ("clairement", "clearly"),
    ("uniquement", "only"),
    ("généralement", "generally"),
    ("strictement", "strictly"),
    ("nécessaires", "necessary"),
    ("pertinents", "relevant"),
    ("applicables", "applicable"),
    ("appropriées", "appropriate"),
    ("raisonnables", "reasonable"),
    ("sécuritaires", "secure"),
]
_CLAUSES = [
    (", le cas échéant,", ", where applicable,"),
    (", dans la mesure du possible,", ", as far as possible,"),
    (", sauf disposition contraire,", ", unless otherwise provided,"),
    (", sur demande,", ", on request,"),
    (", au besoin,", ", if needed,"),
    (", selon les circonstances,", ", depending on the circumstances,"),
]
_SUBJECTS = [
    ("Notre organisation", "Our organisation"),
    ("La personne responsable de la conformité", "The person in charge of compliance"),
    ("Chaque fournisseur autorisé", "Each authorised supplier"),
    ("Toute personne agissant en notre nom", "Anyone acting on our behalf"),
    ("Notre équipe technique", "Our technical team"),
]
_VERBS = [
    ("conserve", "keeps"),
    ("protège", "protects"),
    ("examine", "reviews"),
    ("documente", "documents"),
    ("limite l’accès à", "limits access to"),
    ("chiffre", "encrypts"),
    ("détruit de façon sécuritaire", "securely destroys"),
]
_OBJECTS = [
    ("les renseignements personnels", "personal information"),
    ("les données de paiement", "payment data"),
    ("les journaux d’accès", "access logs"),
    ("les demandes d’accès et de rectification", "requests for access and correction"),
    ("les copies de sauvegarde", "backup copies"),
    ("les coordonnées des abonnés", "subscribers’ contact details"),
    ("les données de localisation", "location data"),
]
_COMPLEMENTS = [
    ("pendant la durée strictement nécessaire", "for no longer than strictly necessary"),
    ("conformément aux lois applicables", "in accordance with applicable laws"),
    ("selon les normes de l’industrie", "according to industry standards"),
    ("au moins une fois par année", "at least once a year"),
    ("dans un délai de trente jours", "within thirty days"),
    ("sous la supervision de la direction", "under the supervision of management"),
]
_PURPOSES = [
    ("pour assurer la sécurité de nos services", "to keep our services secure"),
    ("pour répondre à vos demandes", "to answer your requests"),
    ("pour respecter nos obligations légales", "to meet our legal obligations"),
    ("pour améliorer nos produits", "to improve our products"),
    ("pour prévenir la fraude", "to prevent fraud"),
    ("pour gérer votre abonnement", "to manage your subscription"),
]
_EDIT_NAMES = {
    "reword": ("formulation revue", "wording revised"),
    "add_item": ("élément de liste ajouté", "list item added"),
    "remove_item": ("élément de liste retiré", "list item removed"),
    "add_paragraph": ("paragraphe ajouté", "paragraph added"),
    "remove_paragraph": ("paragraphe retiré", "paragraph removed"),
}
_EDIT_WEIGHTS = {"reword": 4.0, "add_item": 3.0, "remove_item": 3.0, "add_paragraph": 1.5, "remove_paragraph": 1.5}
_BLOCK = re.compile(r"( *)(#{1,6} |[-*+] |\d+\. )?(.*)", re.S)
_WORD = re.compile(r"[^\W\d_]{4,}")  # a plain word (letters only) that a rewording may replace
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
Blocks = dict[str, list[str]]  # language -> the section's blocks (paragraphs, items, headings)


def split_blocks(text: str) -> list[str]:
    """A section as its blocks: the runs of lines between blank lines (the seed is written that way)."""
    return text.strip("\n").split("\n\n")


def join_blocks(blocks: list[str]) -> str:
    return "\n\n".join(blocks) + "\n"


def shape(block: str) -> tuple[int, str]:
    """(indent, kind) of a block, kind being 'heading', 'item' or 'paragraph'."""
    match = _BLOCK.match(block)
    assert match
    indent, marker, _ = match.groups()
    return len(indent), "heading" if marker and marker.startswith("#") else "item" if marker else "paragraph"


def _subtree_end(blocks: list[str], k: int) -> int:
    """End (exclusive) of the list item at `k` with everything indented under it."""
    indent = shape(blocks[k])[0]
    end = k + 1
    while end < len(blocks) and shape(blocks[end])[0] > indent:
        end += 1
    return end


def _has_sibling(blocks: list[str], k: int) -> bool:
    """Whether the item at `k` has another item at its depth in the same list (so the list survives)."""
    indent = shape(blocks[k])[0]
    i = k - 1
    while i >= 0 and shape(blocks[i])[0] > indent:
        i -= 1
    if i >= 0 and shape(blocks[i]) == (indent, "item"):
        return True
    end = _subtree_end(blocks, k)
    return end < len(blocks) and shape(blocks[end]) == (indent, "item")


def _sentence(lang: int, rng: random.Random) -> str:
    return (
        f"{rng.choice(_SUBJECTS)[lang]} {rng.choice(_VERBS)[lang]} {rng.choice(_OBJECTS)[lang]} "
        f"{rng.choice(_COMPLEMENTS)[lang]}."
    )


def _item(lang: int, rng: random.Random) -> str:
    obj = rng.choice(_OBJECTS)[lang]
    return f"{obj[0].upper()}{obj[1:]}{' :' if lang == 0 else ':'} {rng.choice(_PURPOSES)[lang]}."


def _paragraph(lang: int, rng: random.Random) -> str:
    return " ".join(_sentence(lang, rng) for _ in range(rng.choice((2, 3))))


def _reword(block: str, lang: int, draw: dict[str, Any]) -> str:
    """One sentence of a paragraph or list item reworded: 1 to 3 words replaced and/or a clause inserted.

    The positions are fractions drawn once, so both languages change the same sentence, about the
    same words."""
    match = _BLOCK.match(block)
    assert match
    indent, marker, text = match.groups()
    sentences = _SENTENCE_END.split(text)
    s = min(int(draw["sentence"] * len(sentences)), len(sentences) - 1)
    tokens = sentences[s].split(" ")
    words = [i for i, token in enumerate(tokens) if _WORD.fullmatch(token)]
    if draw["replace"] and words:
        for position, choice in draw["replace"]:
            i = words[min(int(position * len(words)), len(words) - 1)]
            new = _WORDS[choice][lang]
            if new.lower() == tokens[i].lower():
                new = _WORDS[(choice + 1) % len(_WORDS)][lang]
            tokens[i] = new.capitalize() if tokens[i][0].isupper() else new
    if draw["clause"] is not None or not words:
        clause = _CLAUSES[draw["clause"] or 0][lang]
        if words:
            i = words[min(int(draw["clause_at"] * len(words)), len(words) - 1)]
            tokens[i] += clause
        else:  # no plain word to hang it on: the clause ends the sentence
            tokens[-1] = tokens[-1].rstrip(".") + clause.rstrip(",") + "."
    sentences[s] = " ".join(tokens)
    return (indent or "") + (marker or "") + " ".join(sentences)


def _edit_section(blocks: Blocks, seed_size: int, rng: random.Random) -> str:
    """One edit of one section in every language; returns its kind.

    The section's size stays within about ±25 % of the seed's (small sections may gain one
    paragraph), so the policy's size, and so the cost of a version, does not drift with N."""
    fr = blocks["fr"]
    shapes = [shape(b) for b in fr]
    size = sum(map(len, fr))
    single = [k for k, (_, kind) in enumerate(shapes) if kind != "heading" and "\n" not in fr[k]]
    items = [k for k in single if shapes[k][1] == "item"]
    top = [k for k in single if shapes[k] == (0, "paragraph")]
    may_grow = size <= 1.2 * seed_size + 300
    floor = 0.8 * seed_size - 300
    candidates = {
        "reword": single,
        "add_item": items if may_grow else [],
        "remove_item": [
            k for k in items if _has_sibling(fr, k) and size - sum(map(len, fr[k : _subtree_end(fr, k)])) >= floor
        ],
        "add_paragraph": top if may_grow else [],
        "remove_paragraph": [k for k in top if len(top) >= 2 and size - len(fr[k]) >= floor],
    }
    kinds = [kind for kind, found in candidates.items() if found]
    kind = rng.choices(kinds, weights=[_EDIT_WEIGHTS[kind] for kind in kinds])[0]
    k = rng.choice(candidates[kind])
    # Everything random is drawn here, once, then applied to each language.
    seed = rng.random()
    draw = {
        "sentence": rng.random(),
        "replace": [(rng.random(), rng.randrange(len(_WORDS))) for _ in range(rng.choice((0, 1, 1, 2, 3)))],
        "clause": rng.randrange(len(_CLAUSES)) if rng.random() < 0.4 else None,
        "clause_at": rng.random(),
    }
    if not draw["replace"] and draw["clause"] is None:
        draw["replace"] = [(rng.random(), rng.randrange(len(_WORDS)))]
    for lang, name in enumerate(LANGS):
        section = blocks[name]
        indent = " " * shape(section[k])[0]
        if kind == "reword":
            section[k] = _reword(section[k], lang, draw)
        elif kind == "add_item":
            section.insert(k, f"{indent}- {_item(lang, random.Random(seed))}")
        elif kind == "remove_item":
            del section[k : _subtree_end(section, k)]
        elif kind == "add_paragraph":
            section.insert(k + 1, _paragraph(lang, random.Random(seed)))
        else:
            del section[k]
    return kind


def heading_title(text: str) -> str:
    """The text of a section's first heading (the seed's sections all start with one)."""
    first = text.lstrip("\n").split("\n", 1)[0]
    return first.lstrip("#").strip()


def _summary(edits: list[tuple[str, str]], texts: dict[str, dict[str, str]]) -> dict[str, str]:
    """The version's plain-language summary: which sections changed, and how, in each language."""
    parts: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for name, kinds in _group(edits):
        for lang, code in enumerate(LANGS):
            title = heading_title(texts[code][name])
            what = ", ".join(_EDIT_NAMES[kind][lang] for kind in dict.fromkeys(kinds))
            parts[code].append(f"« {title} » ({what})" if lang == 0 else f"“{title}” ({what})")
    return {"fr": "Modifications : " + " ; ".join(parts["fr"]) + ".", "en": "Changes: " + "; ".join(parts["en"]) + "."}


def _group(edits: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    grouped: dict[str, list[str]] = {}
    for name, kind in edits:
        grouped.setdefault(name, []).append(kind)
    return sorted(grouped.items())


class _Dumper(yaml.SafeDumper):
    """`effective` and `published` are the same date: written twice, not as a YAML alias."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def generate_policy(target: Path, count: int) -> list[str]:
    """`count` versions derived from the seed, 30 days apart; returns their ids, oldest first.

    Version i depends only on i (its own seeded generator), so the first N versions of N + 1 are
    byte for byte the N versions: `add-one` adds the version a longer run would have."""
    texts = {
        lang: {p.name: p.read_text(encoding="utf-8") for p in sorted((SEED / lang).glob("*.md"))} for lang in LANGS
    }
    seed_sizes = {name: sum(map(len, split_blocks(text))) for name, text in texts["fr"].items()}
    seed_meta = yaml.safe_load((SEED / "version.yml").read_text(encoding="utf-8"))
    start = dt.date.fromisoformat(SEED.name)
    ids = []
    for i in range(count):
        date = start + i * STEP
        meta: dict[str, Any] = {"effective": date, "published": date}
        if i == 0:
            meta.update(significant=True, summary=seed_meta["summary"])
        else:
            rng = random.Random(f"policy-archive-bench-{i}")
            names = rng.sample(sorted(texts["fr"]), k=rng.choices((1, 2, 3), weights=(5, 3, 2))[0])
            edits = []
            for name in names:
                blocks = {lang: split_blocks(texts[lang][name]) for lang in LANGS}
                for _ in range(rng.choice((1, 1, 1, 2))):
                    edits.append((name, _edit_section(blocks, seed_sizes[name], rng)))
                for lang in LANGS:
                    texts[lang][name] = join_blocks(blocks[lang])
            meta.update(significant=any(kind != "reword" for _, kind in edits), summary=_summary(edits, texts))
        folder = target / date.isoformat()
        for lang in LANGS:
            (folder / lang).mkdir(parents=True)
            for name, text in texts[lang].items():
                (folder / lang / name).write_text(text, encoding="utf-8")
        text = yaml.dump(meta, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
        (folder / "version.yml").write_text(text, encoding="utf-8")
        ids.append(date.isoformat())
    return ids


# -- the baseline: the same pages written by hand --------------------------------------------------
_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}
_TEXT = {
    "fr": {
        "version": "{title} — version du {date}",
        "dates": "En vigueur le {effective} · publiée le {published}",
        "changes": "Modifications",
        "all": "Toutes les versions",
        "changes_title": "Modifications du {date}",
        "against": "Par rapport à la version du {date}",
        "this": "Texte de cette version",
        "previous": "Version précédente",
        "legend": "Légende : <ins>texte ajouté</ins>, <del>texte supprimé</del>.",
        "index": "{title} — toutes les versions",
        "item": "Version du {date}",
        "item_changes": "modifications",
    },
    "en": {
        "version": "{title} — version of {date}",
        "dates": "In effect on {effective} · published on {published}",
        "changes": "Changes",
        "all": "All versions",
        "changes_title": "Changes of {date}",
        "against": "Compared with the version of {date}",
        "this": "Text of this version",
        "previous": "Previous version",
        "legend": "Legend: <ins>added text</ins>, <del>deleted text</del>.",
        "index": "{title} — all versions",
        "item": "Version of {date}",
        "item_changes": "changes",
    },
}
_NO_SEARCH = "---\nsearch:\n  exclude: true\n---\n\n"  # what the plugin does for archived texts and redlines


def human_date(date: str, lang: str) -> str:
    d = dt.date.fromisoformat(date)
    month = _MONTHS[lang][d.month - 1]
    if lang == "fr":
        return f"{d.day}{'er' if d.day == 1 else ''} {month} {d.year}"
    return f"{month} {d.day}, {d.year}"


def _sections(folder: Path, lang: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((folder / lang).glob("*.md"))}


def _without_title(text: str) -> tuple[str, str]:
    """(title, rest) of the first section: its level-1 heading is the page's title, not a second h1."""
    blocks = split_blocks(text)
    if blocks and blocks[0].startswith("# "):
        return blocks[0][2:].strip(), join_blocks(blocks[1:]) if blocks[1:] else ""
    return "", text


def _wrap(block: str, tag: str) -> str:
    """A whole block added or deleted: its text in <ins> or <del>, line by line, markers and hard breaks outside."""
    match = _BLOCK.match(block)
    assert match
    indent, marker, text = match.groups()
    lines = []
    for line in text.split("\n"):
        body = line.rstrip(" ")
        lead = body[: len(body) - len(body.lstrip(" "))]
        lines.append(f"{lead}<{tag}>{body.strip(' ')}</{tag}>{line[len(body) :]}" if body.strip() else line)
    return (indent or "") + (marker or "") + "\n".join(lines)


def _word_diff(old: str, new: str) -> str:
    """A block changed in place: the new text, words deleted in <del> and words added in <ins>."""
    m_old, m_new = _BLOCK.match(old), _BLOCK.match(new)
    assert m_old and m_new
    old_words = m_old.group(3).split()
    pieces = re.findall(r"(\S+)(\s*)", m_new.group(3))
    new_words = [word for word, _ in pieces]
    out = []
    matcher = difflib.SequenceMatcher(None, old_words, new_words, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            out.append(f"<del>{' '.join(old_words[i1:i2])}</del> ")
        if op in ("insert", "replace"):
            added = "".join(word + space for word, space in pieces[j1 : j2 - 1]) + pieces[j2 - 1][0]
            out.append(f"<ins>{added}</ins>{pieces[j2 - 1][1]}")
        if op == "equal":
            out.append("".join(word + space for word, space in pieces[j1:j2]))
    return (m_new.group(1) or "") + (m_new.group(2) or "") + "".join(out).rstrip()


def redline_section(old: str, new: str) -> str:
    """A changed section as a person marks it up: the whole new text, changes in <ins>/<del>."""
    old_blocks, new_blocks = split_blocks(old) if old else [], split_blocks(new) if new else []
    out: list[str] = []
    matcher = difflib.SequenceMatcher(None, old_blocks, new_blocks, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            out += new_blocks[j1:j2]
            continue
        olds, news = old_blocks[i1:i2], new_blocks[j1:j2]
        while olds and news and shape(olds[0]) == shape(news[0]):
            out.append(_word_diff(olds.pop(0), news.pop(0)))
        out += [_wrap(b, "del") for b in olds] + [_wrap(b, "ins") for b in news]
    if out and out[0].startswith("# "):  # the document title as a section heading
        out[0] = "#" + out[0]
    return "\n\n".join(out)


def _version_page(lang: str, vid: str, meta: dict[str, Any], sections: dict[str, str], links: str, newest: bool) -> str:
    words = _TEXT[lang]
    texts = list(sections.values())
    title, first = _without_title(texts[0])
    body = "\n".join(t.strip("\n") + "\n" for t in [first, *texts[1:]] if t.strip())
    dates = words["dates"].format(
        effective=human_date(str(meta["effective"]), lang), published=human_date(str(meta["published"]), lang)
    )
    head = "" if newest else _NO_SEARCH  # the newest text is the one in force: searchable, as on the plugin's site
    date = human_date(vid, lang)
    return f"{head}# {words['version'].format(title=title, date=date)}\n\n{dates} · {links}\n\n{body.replace(chr(10) * 3, chr(10) * 2)}"


def _changes_page(lang: str, vid: str, prev: str, summary: str, old: dict[str, str], new: dict[str, str]) -> str:
    words = _TEXT[lang]
    parts = [
        f"{_NO_SEARCH}# {words['changes_title'].format(date=human_date(vid, lang))}",
        f"{words['against'].format(date=human_date(prev, lang))} · [{words['this']}](index.md) · "
        f"[{words['previous']}](../{prev}/index.md) · [{words['all']}](../../index.md)",
        summary,
        words["legend"],
    ]
    for name in sorted(set(old) | set(new)):
        if old.get(name) != new.get(name):
            parts.append(redline_section(old.get(name, ""), new.get(name, "")))
    return "\n\n".join(parts) + "\n"


def make_baseline_site(root: Path, policy_dir: Path, ids: list[str]) -> int:
    """The hand-written site for the policy in `policy_dir`; returns its page count (both languages)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "policy-archive" in p)]
    config["theme"].pop("custom_dir", None)  # overrides/ extends the plugin's templates
    # Like the plugin's navigation (the policy and its archive), the versions are reached from the
    # index, not listed in every page's navigation: that would make the baseline quadratic.
    config["not_in_nav"] = "/*/versions/\n"
    root.mkdir(parents=True)
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    pages = 0
    for lang in LANGS:
        words, docs = _TEXT[lang], root / "docs" / lang
        previous: dict[str, str] = {}
        items = []
        for n, vid in enumerate(ids):
            folder = policy_dir / vid
            meta = yaml.safe_load((folder / "version.yml").read_text(encoding="utf-8"))
            sections = _sections(folder, lang)
            links = f"[{words['changes']}](changes.md) · " if n else ""
            links += f"[{words['all']}](../../index.md)"
            target = docs / "versions" / vid
            target.mkdir(parents=True)
            page = _version_page(lang, vid, meta, sections, links, newest=n == len(ids) - 1)
            (target / "index.md").write_text(page, encoding="utf-8")
            pages += 1
            line = f"- [{words['item'].format(date=human_date(vid, lang))}](versions/{vid}/index.md)"
            if n:
                page = _changes_page(lang, vid, ids[n - 1], meta["summary"][lang], previous, sections)
                (target / "changes.md").write_text(page, encoding="utf-8")
                pages += 1
                line += f" · [{words['item_changes']}](versions/{vid}/changes.md)"
            items.append(f"{line} — {' '.join(meta['summary'][lang].split())}")
            previous = sections
        title = _without_title(next(iter(_sections(policy_dir / ids[-1], lang).values())))[0]
        index = f"# {words['index'].format(title=title)}\n\n" + "\n".join(reversed(items)) + "\n"
        (docs / "index.md").write_text(index, encoding="utf-8")
        pages += 1
    return pages


def make_plugin_site(root: Path, count: int) -> str:
    """The repository's site (mkdocs.yml, overrides/, docs/) with a synthetic policy; returns the newest
    version's id, the build date (bench/redline_share.py uses it too)."""
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("overrides", "docs"):
        if (REPO / name).is_dir():
            shutil.copytree(REPO / name, root / name)
    (root / "docs").mkdir(exist_ok=True)
    return generate_policy(root / "policy", count)[-1]


# -- measuring -----------------------------------------------------------------------------------
def epoch(date: str) -> str:
    """SOURCE_DATE_EPOCH for noon, Montreal time, on `date` (as tests/conftest.py does)."""
    d = dt.date.fromisoformat(date)
    return str(int(dt.datetime(d.year, d.month, d.day, 17, 0, tzinfo=dt.UTC).timestamp()))


def _env(as_of: str, cache: bool = True, helper: bool = True) -> dict[str, str]:
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": epoch(as_of),
        "POLICY_ARCHIVE_PDF": "0",  # PDFs are measured apart (bench/pdf.py)
    }
    env.pop("POLICY_ARCHIVE_PDF_CACHE", None)
    if cache:
        env.pop(CACHE_ENV, None)
    else:
        env[CACHE_ENV] = "0"
    if helper:
        env.pop(HELPER_ENV, None)
    else:
        env[HELPER_ENV] = "0"
    return env


@dataclass
class Run:
    seconds: float  # wall time
    cpu_s: float  # user + system time of the build process: steadier than wall time on a shared machine
    max_rss_mb: float  # its peak resident memory
    warnings: list[str] = field(default_factory=list)


def build(root: Path, out: Path, as_of: str, cache: bool = True, cold: bool = False, helper: bool = True) -> Run:
    """One `mkdocs build --strict` in a child process: wall time, CPU time and peak memory (wait4).

    `cold`: no `site/` and no persistent cache before the build. With `cache=False` the cache the
    site has is set aside during the build and put back after it, so the next warm build finds the
    last cached build's (and a plugin that ignores `POLICY_ARCHIVE_CACHE=0` still builds from nothing)."""
    if not cache:
        with _cache_aside(root):
            return _build(root, out, as_of, cache=False, helper=helper)
    if cold:
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)
    return _build(root, out, as_of, True, helper)


@contextlib.contextmanager
def _cache_aside(root: Path) -> Iterator[None]:
    """The site's persistent cache moved away during the block, anything written in its place dropped."""
    folder, kept = root / CACHE_DIR, root / CACHE_DIR.with_name("policy-archive.kept")
    shutil.rmtree(kept, ignore_errors=True)
    if folder.exists():
        folder.rename(kept)
    try:
        yield
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        if kept.exists():
            kept.rename(folder)


def _build(root: Path, out: Path, as_of: str, cache: bool, helper: bool = True) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    cmd = [str(BIN / "mkdocs"), "build", "--strict", "--site-dir", str(out)]
    log = root / "build.log"
    with log.open("wb") as sink:
        started = time.perf_counter()
        child = subprocess.Popen(cmd, cwd=root, env=_env(as_of, cache, helper), stdout=sink, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    output = log.read_text(encoding="utf-8", errors="replace")
    if child.returncode:
        raise SystemExit(f"mkdocs build failed in {root} ({child.returncode}):\n{output[-4000:]}")
    warnings = [line for line in output.splitlines() if line.startswith(("WARNING", "ERROR"))]
    for line in warnings:
        say(f"!!! {root.name}: {line}")
    # ru_maxrss is in KiB on Linux
    return Run(round(seconds, 3), round(usage.ru_utime + usage.ru_stime, 3), round(usage.ru_maxrss / 1024, 1), warnings)


def different_files(a: Path, b: Path) -> list[str]:
    """Files that are not byte for byte the same in two site folders (missing on one side included)."""
    files_a = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    files_b = {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    differ = sorted(files_a ^ files_b)
    for name in sorted(files_a & files_b):
        if (a / name).read_bytes() != (b / name).read_bytes():
            differ.append(name)
    return sorted(differ)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def _wait_for(
    url: str, ok: Callable[[str], bool], timeout: float, alive: Callable[[], bool], started: float | None = None
) -> float | None:
    """Seconds from `started` (default: now) until the page at `url` satisfies `ok` (polled every 50 ms),
    or None after `timeout` or when the server has stopped."""
    started = time.perf_counter() if started is None else started
    while time.perf_counter() - started < timeout:
        if not alive():
            return None
        page = _fetch(url)
        if page is not None and ok(page):
            return time.perf_counter() - started
        time.sleep(SERVE_POLL)
    return None


def _serve_edit_target(folder: Path) -> tuple[Path, str, str]:
    """(file, old sentence, new sentence): the first sentence of the first paragraph of a section of
    the newest version's French text (07-procedes.md in the seed, a one-paragraph section)."""
    files = sorted((folder / "fr").glob("*.md"))
    chosen = next((p for p in files if p.name.startswith("07-")), files[-1])
    for block in split_blocks(chosen.read_text(encoding="utf-8")):
        if shape(block) == (0, "paragraph") and "\n" not in block:
            return chosen, _SENTENCE_END.split(block)[0], ""
    raise SystemExit(f"no paragraph to edit in {chosen}")


def serve_edit(root: Path, vid: str, as_of: str) -> dict[str, Any]:
    """`mkdocs serve` on the site; edit one sentence of the newest version's French text and time until
    the served version page shows it. The file is restored and the server stopped afterwards."""
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    port = _free_port()
    mount = urlsplit(config.get("site_url") or "/").path.rstrip("/") + "/"
    url = f"http://127.0.0.1:{port}{mount}versions/{vid}/"
    path, old, _ = _serve_edit_target(root / "policy" / vid)
    new = f"Phrase de controle modifiee pendant mkdocs serve numero {port}."
    original = path.read_text(encoding="utf-8")
    log = root / "serve.log"
    cmd = [str(BIN / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}"]
    result: dict[str, Any] = {"url": url, "file": path.relative_to(root).as_posix()}
    with log.open("wb") as sink:
        server = subprocess.Popen(cmd, cwd=root, env=_env(as_of), stdout=sink, stderr=subprocess.STDOUT)
        try:
            started = time.perf_counter()

            def alive() -> bool:
                return server.poll() is None

            ready = _wait_for(url, lambda page: "</html>" in page, 600.0 + 3.0 * _versions(root), alive)
            if ready is None:
                result["error"] = "the server did not serve the page"
                return result
            result["startup_s"] = round(time.perf_counter() - started, 2)
            time.sleep(1.0)  # let the file watcher take its first snapshot
            say(f"    serving after {result['startup_s']:.1f} s; editing {result['file']}")
            edited = time.perf_counter()
            path.write_text(original.replace(old, new, 1), encoding="utf-8")
            seconds = _wait_for(url, lambda page: new in page, SERVE_TIMEOUT, alive, edited)
            if seconds is None:
                result["error"] = f"the edited sentence did not appear within {SERVE_TIMEOUT:.0f} s"
            else:
                result["seconds"] = round(seconds, 2)
                result["rebuild_s"] = _rebuild_seconds(log)
            return result
        finally:
            path.write_text(original, encoding="utf-8")
            if server.poll() is None:
                server.send_signal(signal.SIGINT)
                try:
                    server.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    server.kill()
                    server.wait()
            if "error" in result:
                say(f"!!! serve-edit: {result['error']}; the server's last lines:")
                print(log.read_text(encoding="utf-8", errors="replace")[-3000:], flush=True)


_BUILT_IN = re.compile(r"Documentation built in ([0-9.]+) seconds")


def _rebuild_seconds(log: Path) -> float | None:
    """MkDocs' own time for the rebuild that followed the edit: serve-edit minus this is the file
    watcher (it polls every 0.5 s) and the server."""
    time.sleep(0.2)  # the log line follows the files
    text = log.read_text(encoding="utf-8", errors="replace")
    after = text.rsplit("Detected file changes", 1)
    found = _BUILT_IN.findall(after[1]) if len(after) == 2 else []
    return float(found[0]) if found else None


def _versions(root: Path) -> int:
    return sum(1 for p in (root / "policy").iterdir() if p.is_dir())


_VERSION_PAGE = re.compile(r"(?:[a-z]{2}/)?versions/\d{4}-\d\d-\d\d/(?:changes/)?index\.html")


def _pages(site: Path) -> tuple[int, int]:
    """Pages a build wrote (index.html files): (version and changes pages, every other page)."""
    names = [p.relative_to(site).as_posix() for p in site.rglob("index.html")]
    versions = sum(1 for name in names if _VERSION_PAGE.fullmatch(name))
    return versions, len(names) - versions


def _cache_written(root: Path) -> bool:
    """Whether the plugin left a persistent build cache (PDFs, which are off, aside)."""
    folder = root / CACHE_DIR
    return folder.is_dir() and any(p.is_file() and "pdf" not in p.relative_to(folder).parts for p in folder.rglob("*"))


def _first_difference(a: Path, b: Path) -> str:
    """Where two versions of a file part, with a little of each: enough to see what differs."""
    one, two = a.read_bytes(), b.read_bytes()
    at = next((i for i, (x, y) in enumerate(zip(one, two, strict=False)) if x != y), min(len(one), len(two)))
    start = max(0, at - 60)
    return f"byte {at}: {one[start : at + 60]!r} / {two[start : at + 60]!r}"


def _identity(label: str, a: Path, b: Path) -> list[str]:
    differ = different_files(a, b)
    if differ:
        say(f"!!! NOT BYTE-IDENTICAL ({label}): {len(differ)} files differ, e.g. {', '.join(differ[:8])}")
        both = next((name for name in differ if (a / name).is_file() and (b / name).is_file()), None)
        if both:
            say(f"!!! {both}: {_first_difference(a / both, b / both)}")
    else:
        say(f"    byte-identical: {label}")
    return differ


def measure(size: int, repeat: int, work: Path, skip: set[str]) -> dict[str, Any]:
    """Every variant of one size; plugin and baseline builds alternate so they see the same load."""
    load_before = os.getloadavg()[0]
    plugin_root, baseline_root = work / f"plugin-{size}", work / f"baseline-{size}"
    say(f"{size} versions: generating the policy and both sites")
    make_plugin_site(plugin_root, size)
    ids = sorted(p.name for p in (plugin_root / "policy").iterdir() if p.is_dir())
    extra = work / f"policy-{size + 1}"
    if "addone" not in skip:
        generate_policy(extra, size + 1)  # version N + 1, for add-one
    baseline_pages = make_baseline_site(baseline_root, plugin_root / "policy", ids)
    as_of = ids[-1]
    cold, nocache, base, alone = [], [], [], []
    cold_site, nocache_site = plugin_root / "site-cold", plugin_root / "site-nocache"
    alone_site = plugin_root / "site-oneprocess"
    cache_seen = False
    for r in range(1, repeat + 1):
        # The order turns from run to run, so no variant always follows the same one.
        steps = [("plugin cold", "cold"), ("baseline", "base"), ("plugin cache off", "nocache")]
        steps.append(("plugin cold, one process", "oneprocess"))
        steps = [step for step in steps if step[1] not in skip]
        for label, what in steps[r - 1 :] + steps[: r - 1]:
            if what == "cold":
                run = build(plugin_root, cold_site, as_of, cold=True)
                cold.append(run)
                cache_seen = cache_seen or _cache_written(plugin_root)
            elif what == "nocache":
                run = build(plugin_root, nocache_site, as_of, cache=False)
                nocache.append(run)
            elif what == "oneprocess":
                run = build(plugin_root, alone_site, as_of, cold=True, helper=False)
                alone.append(run)
            else:
                run = build(baseline_root, baseline_root / "site", as_of)
                base.append(run)
            say(f"  {label} {r}/{repeat}: {run.seconds:.2f} s, CPU {run.cpu_s:.2f} s, {run.max_rss_mb:.0f} MB")
    plugin_versions, plugin_others = _pages(cold_site)
    baseline_versions, baseline_others = _pages(baseline_root / "site")
    say(
        f"  pages: version and changes pages, plugin {plugin_versions}, baseline {baseline_versions}; other pages, "
        f"plugin {plugin_others}, baseline {baseline_others}; persistent cache written: {cache_seen}"
    )
    if plugin_versions != baseline_versions or baseline_versions + baseline_others != baseline_pages:
        say(
            f"!!! PAGE COUNTS DIFFER: the baseline should have the plugin's {plugin_versions} version and changes pages"
        )
    median = statistics.median
    result: dict[str, Any] = {
        "versions": size,
        "date": dt.date.today().isoformat(),
        "version_pages": plugin_versions,  # version and changes pages, the same in both sites
        "baseline_version_pages": baseline_versions,
        "plugin_other_pages": plugin_others,  # policy in force, archive, compare, ... (both languages)
        "baseline_other_pages": baseline_others,  # the index of each language
        "repeat": repeat,
        "cache_seen": cache_seen,
        "plugin_s": median(r.seconds for r in cold),
        "baseline_s": median(r.seconds for r in base),
        "plugin_cpu_s": median(r.cpu_s for r in cold),
        "baseline_cpu_s": median(r.cpu_s for r in base),
        "plugin_mb": max(r.max_rss_mb for r in cold),
        "baseline_mb": max(r.max_rss_mb for r in base),
        "baseline_warnings": sorted({w for r in base for w in r.warnings}),
        "plugin_warnings": sorted({w for r in cold + nocache + alone for w in r.warnings}),
    }
    result["ratio"] = round(result["plugin_s"] / result["baseline_s"], 2)
    result["cpu_ratio"] = round(result["plugin_cpu_s"] / result["baseline_cpu_s"], 2)
    result["memory_ratio"] = round(result["plugin_mb"] / result["baseline_mb"], 2)
    result["plugin_s_per_version"] = round(result["plugin_s"] / size, 4)
    result["plugin_cpu_s_per_version"] = round(result["plugin_cpu_s"] / size, 4)
    result["baseline_s_per_version"] = round(result["baseline_s"] / size, 4)
    if nocache:
        result["nocache_s"] = median(r.seconds for r in nocache)
        result["nocache_cpu_s"] = median(r.cpu_s for r in nocache)
        result["nocache_mb"] = max(r.max_rss_mb for r in nocache)
        result["nocache_ratio"] = round(result["nocache_s"] / result["baseline_s"], 2)
    if alone:
        result["oneprocess_s"] = median(r.seconds for r in alone)
        result["oneprocess_cpu_s"] = median(r.cpu_s for r in alone)
        result["oneprocess_mb"] = max(r.max_rss_mb for r in alone)
        result["oneprocess_ratio"] = round(result["oneprocess_s"] / result["baseline_s"], 2)
    differ: list[str] = []
    if "warm" not in skip or "identity" not in skip or "addone" not in skip:
        warm = build(plugin_root, plugin_root / "site-warm", as_of)  # cache kept from the last cold build
        result["warm_s"], result["warm_cpu_s"] = warm.seconds, warm.cpu_s
        say(f"  plugin warm (cache kept, nothing changed): {warm.seconds:.2f} s, CPU {warm.cpu_s:.2f} s")
    if "identity" not in skip:
        differ += _identity("cold = warm", cold_site, plugin_root / "site-warm")
        if nocache:
            differ += _identity("cold = cache off", cold_site, nocache_site)
        if alone:
            differ += _identity("cold = one process", cold_site, alone_site)
    shutil.rmtree(cold_site, ignore_errors=True)
    shutil.rmtree(alone_site, ignore_errors=True)
    shutil.rmtree(nocache_site, ignore_errors=True)
    shutil.rmtree(plugin_root / "site-warm", ignore_errors=True)
    if "addone" not in skip:
        new_id = sorted(p.name for p in extra.iterdir())[-1]
        shutil.copytree(extra / new_id, plugin_root / "policy" / new_id)
        add = build(plugin_root, plugin_root / "site-addone", new_id)
        result["add_one_s"], result["add_one_cpu_s"] = add.seconds, add.cpu_s
        say(f"  add-one (version {size + 1} added, cache kept): {add.seconds:.2f} s, CPU {add.cpu_s:.2f} s")
        if "identity" not in skip:
            reference = build(plugin_root, plugin_root / "site-ref", new_id, cache=False)
            say(f"  plugin cache off, {size + 1} versions (reference for add-one): {reference.seconds:.2f} s")
            differ += _identity("add-one = cache off", plugin_root / "site-addone", plugin_root / "site-ref")
        shutil.rmtree(plugin_root / "policy" / new_id)
        shutil.rmtree(plugin_root / "site-addone", ignore_errors=True)
        shutil.rmtree(plugin_root / "site-ref", ignore_errors=True)
    if "identity" not in skip:
        result["identical"] = not differ
        result["differing_files"] = differ[:50]
    if "serve" not in skip:
        say(f"  serve-edit: mkdocs serve on {size} versions (cache kept)")
        served = serve_edit(plugin_root, ids[-1], as_of)
        result["serve_edit_s"] = served.get("seconds")
        result["serve_startup_s"] = served.get("startup_s")
        result["serve_rebuild_s"] = served.get("rebuild_s")
        if "error" in served:
            result["serve_edit_error"] = served["error"]
        else:
            say(
                f"  serve-edit: the page was back {served['seconds']:.2f} s after the edit "
                f"(MkDocs' rebuild: {_s(served.get('rebuild_s'))} s)"
            )
    result["load"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return result


# -- reporting -----------------------------------------------------------------------------------
def _s(value: Any, digits: int = 2) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _alone(r: dict[str, Any]) -> str:
    return f"{_s(r['oneprocess_s'])} ({_s(r['oneprocess_ratio'])})" if r.get("oneprocess_s") is not None else "—"


def tables(results: list[dict[str, Any]]) -> str:
    """Two Markdown tables, one row per size: cold builds against the baseline, then incremental work."""
    rows = [
        "| versions | version + changes pages | other pages plugin / baseline | runs | plugin s | one process s (ratio) "
        "| cache off s | baseline s | **time ratio** "
        "| CPU s plugin / baseline | CPU ratio | peak MB plugin / baseline | memory ratio | plugin s per version "
        "| plugin CPU s per version |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        rows.append(
            f"| {r['versions']} | {r['version_pages']} | {r['plugin_other_pages']} / {r['baseline_other_pages']} "
            f"| {r['repeat']} | {_s(r['plugin_s'])} | {_alone(r)} "
            f"| {_s(r.get('nocache_s'))} | {_s(r['baseline_s'])} | **{_s(r['ratio'])}** "
            f"| {_s(r['plugin_cpu_s'])} / {_s(r['baseline_cpu_s'])} | {_s(r['cpu_ratio'])} "
            f"| {_s(r['plugin_mb'], 0)} / {_s(r['baseline_mb'], 0)} | {_s(r['memory_ratio'])} "
            f"| {_s(r['plugin_s_per_version'], 3)} | {_s(r['plugin_cpu_s_per_version'], 3)} |"
        )
    rows += [
        "",
        "| versions | warm rebuild s | add-one s | serve-edit s | of which MkDocs' rebuild s | serve start s "
        "| byte-identical | load before → after | run |",
        "|---:|---:|---:|---:|---:|---:|---|---|---|",
    ]
    for r in results:
        identical = {True: "yes", False: f"**no** ({len(r.get('differing_files', []))} files)", None: "—"}[
            r.get("identical")
        ]
        serve = _s(r.get("serve_edit_s")) if not r.get("serve_edit_error") else f"**{r['serve_edit_error']}**"
        load = " → ".join(f"{x:.1f}" for x in r.get("load", []))
        rows.append(
            f"| {r['versions']} | {_s(r.get('warm_s'))} | {_s(r.get('add_one_s'))} | {serve} "
            f"| {_s(r.get('serve_rebuild_s'))} | {_s(r.get('serve_startup_s'), 1)} | {identical} | {load} "
            f"| {r.get('date', '')} |"
        )
    return "\n".join(rows)


def goals(results: list[dict[str, Any]]) -> list[tuple[str, bool | None, str]]:
    """Issue 13's goals: (goal, met or not or not measured, the figures)."""
    by = {r["versions"]: r for r in results}
    out: list[tuple[str, bool | None, str]] = []

    def check(name: str, size: int, key: str, limit: float, unit: str = "", digits: int = 2) -> None:
        value = by.get(size, {}).get(key)
        if value is None and (error := by.get(size, {}).get(key.replace("_s", "_error"))):
            out.append((name, False, f"{error} at {size} versions"))
        elif value is None:
            out.append((name, None, f"not measured at {size} versions"))
        else:
            out.append((name, value <= limit, f"{value:.{digits}f}{unit} at {size} versions (goal ≤ {limit:g}{unit})"))

    for size in (100, 300):
        check("cold build ≤ 1.0 × plain", size, "ratio", GOAL_RATIO, " ×")
        if size in by:  # CPU time is steadier than wall time on a shared machine: give both
            name, ok, detail = out[-1]
            out[-1] = (name, ok, f"{detail}; CPU ratio {by[size]['cpu_ratio']:.2f}")
    check("add one version", 100, "add_one_s", GOAL_ADD_ONE, " s")
    check("serve, one section edited", 100, "serve_edit_s", GOAL_SERVE, " s")
    check("peak memory", 300, "plugin_mb", GOAL_MB, " MB", 0)
    low, high = by.get(100), by.get(BIG)
    if low and high:
        growth = high["plugin_cpu_s_per_version"] / low["plugin_cpu_s_per_version"]
        wall = high["plugin_s_per_version"] / low["plugin_s_per_version"]
        out.append(
            (
                "cost per version flat, 100 → 1,000",
                growth <= FLAT,
                f"CPU per version × {growth:.2f}, wall × {wall:.2f} (goal ≤ {FLAT:g})",
            )
        )
    else:
        out.append(("cost per version flat, 100 → 1,000", None, "needs runs at 100 and 1,000 versions"))
    measured = [r for r in results if r.get("identical") is not None]
    if measured:
        bad = [str(r["versions"]) for r in measured if not r["identical"]]
        sizes = ", ".join(str(r["versions"]) for r in measured)
        out.append(
            (
                "byte-identical with and without the cache",
                not bad,
                f"sizes {sizes}" + (f"; differ at {', '.join(bad)}" if bad else ""),
            )
        )
    return out


def goal_lines(results: list[dict[str, Any]]) -> list[str]:
    mark = {True: "met", False: "**not met**", None: "not measured"}
    return [f"- {name}: {mark[ok]} — {detail}" for name, ok, detail in goals(results)]


def update_benchmarks(results: list[dict[str, Any]], command: str) -> None:
    """Replace the generated block of our section of BENCHMARKS.md; leave every other section alone."""
    block = "\n".join(
        [
            START,
            f"Latest runs: {machine()}; last command `{command}`; plugin and baseline runs alternate, "
            "times are medians, peak memory the maximum; `PDF=0`. Load average (1 min) before → after "
            "each size is in the second table (2 is a full machine).",
            "",
            tables(results),
            "",
            "Issue 13's goals, from these rows:",
            "",
            *goal_lines(results),
            END,
        ]
    )
    write_block(BENCHMARKS, HEADING, START, END, block)


def _merged(results: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """This run's rows over the latest row of every other size (so `--big 1000` joins the table)."""
    rows: dict[int, dict[str, Any]] = {}
    if LATEST.is_file():
        rows = {r["versions"]: r for r in json.loads(LATEST.read_text(encoding="utf-8"))["results"]}
    rows.update({r["versions"]: r for r in results})
    return [rows[k] for k in sorted(rows)]


def compile_plugin() -> None:
    """The plugin's bytecode written once, as pip writes it when it installs the package: the
    editable install of this repository has none, and where PYTHONDONTWRITEBYTECODE is set (this
    machine sets it) every plugin build would compile the plugin's modules again (0.1 to 0.3 s),
    which neither an installed copy nor the baseline (which does not import it) pays."""
    compileall.compile_dir(str(REPO / "plugins" / "policy_archive"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="numbers of versions")
    parser.add_argument("--big", default="", help=f"larger sizes to add, run after the others (e.g. {BIG})")
    parser.add_argument("--repeat", type=int, default=3, help=f"runs of each cold variant below {BIG} versions")
    parser.add_argument("--repeat-big", type=int, default=1, help=f"runs from {BIG} versions on")
    parser.add_argument("--skip", default="", help=f"variants to leave out: {','.join(VARIANTS)}")
    parser.add_argument("--keep", action="store_true", help="keep the generated sites and print where")
    parser.add_argument("--no-update", action="store_true", help="write neither bench/results nor BENCHMARKS.md")
    args = parser.parse_args(argv)
    sizes = [int(s) for part in (args.sizes, args.big) for s in part.split(",") if s.strip()]
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    if unknown := skip - set(VARIANTS):
        parser.error(f"--skip: unknown {', '.join(sorted(unknown))}; choose among {', '.join(VARIANTS)}")
    say(f"{machine()}; load average {os.getloadavg()[0]:.2f}; sizes {sizes}")
    compile_plugin()
    work = Path(tempfile.mkdtemp(prefix="pa-bench-"))
    results = []
    try:
        for size in sizes:
            started = time.perf_counter()
            result = measure(size, args.repeat if size < BIG else args.repeat_big, work, skip)
            results.append(result)
            say(
                f"{size} versions done in {time.perf_counter() - started:.0f} s: plugin {result['plugin_s']:.2f} s, "
                f"baseline {result['baseline_s']:.2f} s, ratio {result['ratio']:.2f}, CPU ratio {result['cpu_ratio']:.2f}, "
                f"memory {result['plugin_mb']:.0f} / {result['baseline_mb']:.0f} MB"
            )
            if not args.keep:
                shutil.rmtree(work / f"plugin-{size}", ignore_errors=True)
                shutil.rmtree(work / f"baseline-{size}", ignore_errors=True)
                shutil.rmtree(work / f"policy-{size + 1}", ignore_errors=True)
    finally:
        if args.keep:
            print(f"generated sites kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    rows = results if args.no_update else _merged(results)
    print()
    print(tables(rows))
    print("\nIssue 13's goals:")
    print("\n".join(goal_lines(rows)))
    for r in results:
        if r["baseline_warnings"]:
            print(f"\n!!! the baseline at {r['versions']} versions had warnings: {r['baseline_warnings'][:5]}")
        if r.get("identical") is False:
            print(
                f"\n!!! {r['versions']} versions: NOT byte-identical with and without the cache: {r['differing_files'][:20]}"
            )
    if args.no_update:
        return 0
    today = dt.date.today().isoformat()
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"build-{today}.json"
    out.write_text(json.dumps({"date": today, "machine": machine(), "results": results}, indent=2), encoding="utf-8")
    LATEST.write_text(json.dumps({"machine": machine(), "results": rows}, indent=2), encoding="utf-8")
    print(f"\nwrote {out.relative_to(REPO)} and {LATEST.relative_to(REPO)}")
    given = sys.argv[1:] if argv is None else argv
    command = "make bench" if not given else "bench/build.py " + " ".join(given)
    update_benchmarks(rows, command)
    print(f"updated {BENCHMARKS.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
