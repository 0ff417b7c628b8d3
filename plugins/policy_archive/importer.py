"""`policy-archive import`: turn a policy kept as one Markdown file per language into version folders.

Sources: the history of one file per language in a git repository, or a folder of
`YYYY-MM-DD.<lang>.md` files. Pure logic (no click, no MkDocs); the command line prints.

The rules, in the order they apply:

- **Normalised text**: a UTF-8 BOM is removed and CRLF or lone CR line endings become LF
  (`source.normalise`, what `load` does to every section); nothing else changes. Not UTF-8 is an error.
- **Dating**: a text's date is its commit's committer date in the site's time zone (commits on
  the first-parent line of `--rev`, so a merged branch counts on the day it was merged), or the
  date `--date-pattern` finds in the text (`date_reader`, `parse_date`), or the folder file's
  name. A text identical to the language's previous one is dropped (a re-save, a `git mv`). Dates
  never go backwards along a file's history: a text dated before the text it replaces takes that
  text's date. Several texts of one language on one day collapse to the day's last. All reported.
- **Timeline**: one version per day on which some language's text changed, from the first day
  every language has a text (earlier days are reported: no version); a language that did not
  change that day keeps its latest text (carried forward). A day whose texts all equal the
  previous version's (a change undone the same day) makes no version either.
- **Sections** (`split`): a text is cut before each heading of the split level, the level of the
  first heading whose level occurs more than once (else the shallowest level after the first
  heading). Headings glued under a line of text are not headings (Python-Markdown reads a
  paragraph), nor are headings without text (`check` wants a section file to start with a title).
  A cut moves up over the anchor lines and comments right above its heading, so
  `<a id="x"></a>` stays with its heading. Text before the first cut is the preamble, named
  `preambule` (blank lines only: they join the first section); a preamble holding text and then a
  heading is cut at that heading too (a section file may not have text before its heading).
  Joining a version's files in name order gives back the normalised text, byte for byte.
- **Pairing** (`pair`): when every language has as many sections as the first, with the same heading
  levels and title numbering, the k-th section of every language is the same section. Otherwise
  (translations lag or differ in structure) each language is aligned with the sections the languages
  before it share: the order-keeping alignment with the best total score (`_align`), a pair of sections
  scoring for what translation leaves alone: place in the text, both a title over the sections or both
  a text before any heading, same numbering ("3."), same title (left untranslated), same id, same link
  targets (locale segment dropped), e-mail addresses and numbers, shared words of four letters or more
  (names, cognates), lengths in the languages' usual ratio (`_score`). Every pair scores above zero, so
  no two sections that could pair without crossing another pair are both left out. A section without partner is joined to the previous
  section of its language (the next when it comes first): a joined file starts with its first
  section's heading and joining gives back the text. A text before any heading is never joined (only
  a language's first file may lack a heading), so what follows it without partner joins the next
  section. Each join is reported. An error (naming the version, the sources and the headings) only
  when nothing can pair: a language without any heading facing sections, or a text before the first
  heading facing a single section.
- **Names** (`NN-slug.md`, from the first language's sections after pairing; a joined section is known
  by its paired section's title and body, so its name holds when an extra section comes or goes, and
  loses a name that an id in its text also sets): a section keeps the previous version's name
  when its title, without leading numbering ("3." / "3.1"), is unchanged (titles aligned with
  difflib, so insertions and removals shift nothing). Where titles were replaced, the old and new
  sections at the same place in that alignment keep the old name when their bodies (text after
  the heading, compared as words) have a difflib ratio of at least 0.5; a section whose body is
  identical to an unmatched old one's keeps that name wherever it moved. Other sections get a new
  slug: the heading's own `{: #id }` when it is a slug, else its title in ASCII (accents dropped,
  lower case, hyphens, at most 40 characters cut at a word, trailing little words dropped), with
  -2, -3... when taken in the version or equal to an id another part of the text sets (check
  refuses duplicate anchors). Numbers follow document order: 00 for the preamble, else from 01,
  two digits or more.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

from .problems import Problem, plural
from .scaffold import VERSION_FILE, existing_versions
from .source import Scan, explicit_ids, is_head_line, normalise, scan, text_before

PREAMBLE = "preambule"
_PREAMBLE_KEY = "\x00preamble"
_NUMBERING = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3})*[.)]?\s+")  # "3. ", "3.1 ", "3) "
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_LITTLE_WORDS = {"a", "an", "and", "au", "aux", "d", "de", "des", "du", "en", "et", "for", "in", "l", "la", "le"}
_LITTLE_WORDS |= {"les", "of", "on", "our", "the", "to", "vos", "nos", "votre", "notre", "your"}
_FOLDER_FILE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.([A-Za-z][\w-]*)\.md$")


class ImportFailed(ValueError):
    """The import cannot go on; the message names the file or commit and what to do."""


@dataclass(frozen=True)
class Origin:
    kind: str  # "commit" or "file"
    ref: str  # short sha or file name
    subject: str = ""  # a commit's message, first line

    def __str__(self) -> str:
        return f"{self.kind} {self.ref}"


@dataclass(frozen=True)
class Text:
    """One language's normalised text and the day it takes effect; `origins[-1]` gave it."""

    lang: str
    date: dt.date
    text: str
    origins: tuple[Origin, ...]


@dataclass(frozen=True)
class Chunk:
    """One section as cut from a text, with what naming needs."""

    text: str
    key: str  # identity for matching: title without numbering, case-folded; _PREAMBLE_KEY for the preamble
    title: str
    body: str  # the text after the heading, for the rename rule
    own_id: str | None  # the id the heading's attribute list sets
    ids: frozenset[str]  # every other id the text sets (anchor lines, attribute lists, HTML)


@dataclass
class PlannedVersion:
    id: str
    files: dict[str, list[tuple[str, str]]]  # per language: (file name, content), in order
    summary: dict[str, str]
    origins: list[Origin]


@dataclass
class Plan:
    versions: list[PlannedVersion] = field(default_factory=list)
    renamed: list[str] = field(default_factory=list)
    collapsed: list[str] = field(default_factory=list)
    identical: list[str] = field(default_factory=list)
    joined: list[str] = field(default_factory=list)  # sections without counterpart, joined to a neighbour
    skipped: list[str] = field(default_factory=list)  # before every language has a text
    notes: list[str] = field(default_factory=list)


# --- dates -----------------------------------------------------------------------

_MONTH_NAMES = (
    "janvier january jan janv", "fevrier february feb fev fevr", "mars march mar", "avril april apr avr",
    "mai may", "juin june jun", "juillet july jul juil", "aout august aug", "septembre september sep sept",
    "octobre october oct", "novembre november nov", "decembre december dec",
)  # fmt: skip
_MONTHS = {name: n for n, names in enumerate(_MONTH_NAMES, start=1) for name in names.split()}
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:er|re|st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def parse_date(text: str, fmt: str | None = None) -> dt.date:
    """A date as policies write it: `2021-03-01`, `1 March 2021`, `March 1, 2021`, `1er mars 2021`,
    `Mar. 1st, 2021`; French or English month names, full or abbreviated, accents optional.
    With `fmt`, `datetime.strptime(text, fmt)` instead."""
    text = " ".join(text.split())
    if fmt:
        return dt.datetime.strptime(text, fmt).date()
    folded = _ascii(text).lower()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", folded):
        return dt.date.fromisoformat(folded)
    if m := _DAY_MONTH_YEAR.fullmatch(folded):
        day, month, year = m.group(1), m.group(2), m.group(3)
    elif m := _MONTH_DAY_YEAR.fullmatch(folded):
        month, day, year = m.group(1), m.group(2), m.group(3)
    else:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD, '1 March 2021', 'March 1, 2021', '1er mars 2021')")
    if month not in _MONTHS:
        raise ValueError(f"{text!r}: unknown month '{month}' (French or English month names)")
    return dt.date(int(year), _MONTHS[month], int(day))


def date_reader(pattern: str, fmt: str | None = None) -> DateReader:
    """A function that dates a text by `pattern` (multiline): its group `date`, else its first group,
    else the whole match, read by `parse_date`. Raises ValueError when the text has no date."""
    try:
        regex = re.compile(pattern, re.MULTILINE)
    except re.error as exc:
        raise ImportFailed(f"--date-pattern {pattern!r} is not a valid regular expression: {exc}") from None

    def read(text: str) -> dt.date:
        m = regex.search(text)
        found = m and (m.group("date") if "date" in regex.groupindex else m.group(1) if regex.groups else m.group())
        if not found:
            raise ValueError(f"--date-pattern {pattern!r} matches nothing")
        return parse_date(found, fmt)

    return read


# --- sources ---------------------------------------------------------------------


def _decode(raw: bytes, where: str) -> str:
    try:
        return normalise(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFailed(f"{where}: not valid UTF-8 (line {line}); convert it to UTF-8 first") from None


DateReader = Callable[[str], dt.date]


def _dated(lang: str, text: str, date: dt.date, origin: Origin, where: str, date_of: DateReader | None) -> Text:
    """The text dated by `date_of` when given (else `date`); an empty text or no date found names `where`."""
    if not text.strip():
        raise ImportFailed(f"{where}: the text is empty")
    if date_of is not None:
        try:
            date = date_of(text)
        except ValueError as exc:
            raise ImportFailed(f"{where}: {exc}") from None
    return Text(lang, date, text, (origin,))


def read_git(
    repo_path: Path, paths: dict[str, str], rev: str, timezone: str, date_of: DateReader | None = None
) -> tuple[dict[str, list[Text]], list[str]]:
    """Every text each file had along the first-parent history of `rev`, renames followed, oldest first."""
    import git

    try:
        repo = git.Repo(repo_path)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise ImportFailed(f"{repo_path}: not a git repository (give the folder that holds .git)") from None
    try:
        head = repo.commit(rev)
    except (git.BadName, ValueError):
        raise ImportFailed(f"{repo_path}: unknown revision {rev!r}") from None
    tz, texts, notes = ZoneInfo(timezone), {}, []
    for lang, path in paths.items():
        try:
            head.tree / path
        except KeyError:
            raise ImportFailed(
                f"{path}: not found in {repo_path} at {rev} (commit {head.hexsha[:7]}); "
                "--path takes a path from the repository's root"
            ) from None
        log = repo.git(c="core.quotepath=off").log(
            "--follow", "--first-parent", "--name-status", "--format=%x00%H%x1f%ct%x1f%s", head.hexsha, "--", path
        )
        entries = []
        for chunk in reversed(log.split("\x00")):
            if not chunk.strip():
                continue
            header, _, changes = chunk.partition("\n")
            sha, when, subject = header.split("\x1f", 2)
            status, *names = ([line.split("\t") for line in changes.splitlines() if "\t" in line] or [["M", path]])[0]
            origin, where = Origin("commit", sha[:7], subject), f"{names[-1]} in commit {sha[:7]}"
            if status.startswith("D"):
                notes.append(
                    f"{lang}: {names[-1]} deleted in {origin}: the text before stays in force until it returns"
                )
                continue
            raw = (repo.commit(sha).tree / names[-1]).data_stream.read()
            date = dt.datetime.fromtimestamp(int(when), tz).date()
            entries.append(_dated(lang, _decode(raw, where), date, origin, where, date_of))
        texts[lang] = entries
    return texts, notes


def read_folder(folder: Path, languages: list[str]) -> tuple[dict[str, list[Text]], list[str]]:
    """The texts of `folder/YYYY-MM-DD.<lang>.md`, oldest first; other files are reported and left."""
    if not folder.is_dir():
        raise ImportFailed(f"{folder}: not a folder")
    texts: dict[str, list[Text]] = {lang: [] for lang in languages}
    notes = []
    for path in sorted(folder.iterdir()):
        m = _FOLDER_FILE.match(path.name)
        if not m or m.group(2) not in languages:
            if not path.name.startswith("."):
                notes.append(
                    f"{path.name}: ignored (expected YYYY-MM-DD.<lang>.md, lang one of {', '.join(languages)})"
                )
            continue
        try:
            date = dt.date.fromisoformat(m.group(1))
        except ValueError:
            raise ImportFailed(f"{path}: {m.group(1)} is not a date (YYYY-MM-DD)") from None
        text = _decode(path.read_bytes(), str(path))
        texts[m.group(2)].append(_dated(m.group(2), text, date, Origin("file", path.name), str(path), None))
    if not any(texts.values()):
        raise ImportFailed(f"{folder}: no file named YYYY-MM-DD.<lang>.md (e.g. 2021-03-01.{languages[0]}.md)")
    return texts, notes


# --- sections ----------------------------------------------------------------------


def _cut_before(result: Scan, line: int) -> int:
    """0-based first line of the section whose heading is on `line`: anchor and comment lines above join it."""
    first, n = line, line - 1
    while n >= 1 and n not in result.code and is_head_line(result.uncommented[n - 1]):
        if result.lines[n - 1].strip():
            first = n
        n -= 1
    return first - 1


def split(text: str) -> list[Chunk]:
    """The sections of one text, in order; joined they are `text` again."""
    result = scan(text)
    headings = [h for h in result.headings if not h.glued and h.title]  # an empty heading cannot start a file
    levels = [h.level for h in headings]
    repeated = [lv for lv in levels if levels.count(lv) > 1]
    level = repeated[0] if repeated else min(levels[1:] or levels or [0])
    cuts = [_cut_before(result, h.line) for h in headings if h.level == level]
    if cuts and not "".join(result.lines[: cuts[0]]).strip():
        cuts[0] = 0  # only blank lines before the first section: they belong to it
    preamble = not cuts or cuts[0] > 0
    if cuts and cuts[0] > 0:
        first = result.headings[0]  # what `load` will take as the preamble file's heading
        if first.line - 1 < cuts[0] and text_before(result, first.line) is not None:
            cuts.insert(0, _cut_before(result, first.line))
    bounds = sorted({0, *cuts})
    lines = result.lines
    pieces = ["\n".join(lines[a:b]) + "\n" for a, b in itertools.pairwise(bounds)]
    pieces.append("\n".join(lines[bounds[-1] :]))
    if "".join(pieces) != text:  # cannot happen; never write a policy that loses text
        raise ImportFailed("internal error: the sections do not join back into the text")
    return [_chunk(piece, preamble and i == 0) for i, piece in enumerate(pieces)]


def _chunk(text: str, preamble: bool) -> Chunk:
    result = scan(text)
    heading = result.headings[0] if result.headings else None
    title = heading.title if heading else ""
    own = heading.id if heading else None
    ids = frozenset(i for i, n in explicit_ids(result) if not (heading and n == heading.line and i == own))
    body = "\n".join(result.lines[heading.end :]) if heading else text
    key = _PREAMBLE_KEY if preamble else _NUMBERING.sub("", title).casefold()
    return Chunk(text, key, title, body.strip(), own, ids)


# --- pairing -----------------------------------------------------------------------

_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)|<(https?://[^>\s]+)>|(https?://[^\s)<>\]]+)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?!\w)")
_WORD = re.compile(r"[^\W\d_]{4,}")
_LOCALE = re.compile(r"^[a-z]{2}(?:-[a-z]{2})?$")


@dataclass(frozen=True)
class _Features:
    """What pairing compares between two languages' sections: what translation leaves alone."""

    depth: int | None  # the first heading's level less the sections' (-1: a title over them); None: no heading
    number: str | None  # the title's numbering, "3" for "3." or "3)"
    title: str  # case-folded, to catch a title left untranslated
    ids: frozenset[str]  # every id the text sets, its heading's own included
    tokens: frozenset[str]  # link targets (locale segments dropped), e-mail addresses, numbers
    words: frozenset[str]  # words of 4 letters or more, case-folded: names and cognates survive translation
    title_words: frozenset[str]
    size: int  # in words


def _target(url: str) -> str:
    """A link target without what differs between translations: scheme, locale segment, `.html`, final slash."""
    url = re.sub(r"^[a-z]+://(?:www\.)?", "", url.casefold())
    url = re.sub(r"\.html?$|/$", "", url.rstrip("/.,;"))
    return "/".join(part for part in url.split("/") if not _LOCALE.match(part))


def _features(chunk: Chunk, level: int) -> _Features:
    """`level`: the level its language's sections start at (title levels differ between languages)."""
    result = scan(chunk.text)
    number = _NUMBERING.match(chunk.title)
    text = "\n".join(result.prose)
    plain = _LINK.sub(" ", text)
    tokens = {_target(next(g for g in m.groups() if g)) for m in _LINK.finditer(text)}
    tokens |= {m.group().casefold() for m in _EMAIL.finditer(text)}
    tokens |= {re.sub(r"[.,]", "", m.group()) for m in _NUMBER.finditer(plain)}
    return _Features(
        result.headings[0].level - level if result.headings else None,
        number.group().strip().rstrip(".)") if number else None,
        chunk.title.casefold(),
        chunk.ids | ({chunk.own_id} if chunk.own_id else set()),
        frozenset(t for t in tokens if t),
        frozenset(w.casefold() for w in _WORD.findall(plain)),
        frozenset(w.casefold() for w in _WORD.findall(chunk.title)),
        len(text.split()),
    )


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def _score(a: _Features, b: _Features, position: float, ratio: float) -> float:
    """How likely two sections are translations of each other, always above 0: pairing two sections beats
    leaving both out. Weights tuned on real policies in twenty languages: sections removed at random from
    one language must come out as the ones without partner, and equal structures must pair by position."""
    score = 1.0 - position
    if a.depth != b.depth:
        score -= 1.0
    elif a.depth != 0:  # both titles over the sections, or both texts before any heading
        score += 1.0
    if a.number and b.number:
        score += 1.5 if a.number == b.number else -1.5
    if a.title and a.title == b.title:
        score += 2.0
    if a.ids & b.ids:
        score += 2.0
    if a.tokens and b.tokens:
        score += 3 * _dice(a.tokens, b.tokens) - 0.5
    elif len(a.tokens | b.tokens) >= 3:
        score -= 0.5
    score += 3 * _dice(a.words, b.words) + _dice(a.title_words, b.title_words)
    score -= min(1.5, abs(math.log((a.size + 20) / (b.size + 20)) - ratio))  # `ratio`: one language is wordier
    return math.log1p(math.exp(3 * score)) / 3  # softplus: above 0, same order, about `score` when positive


def _align(a: list[_Features], b: list[_Features], pin_a: bool, pin_b: bool) -> list[tuple[int, int]]:
    """The pairs (i, j) of a best order-keeping alignment of `a` and `b` (the sum of `_score`).

    A pinned side's first item must be paired and may not be the only one paired (a text before
    any heading stays a file of its own); the caller has checked both sides can be.
    """
    n, m = len(a), len(b)
    ratio = math.log((sum(f.size for f in a) + 20 * n) / (sum(f.size for f in b) + 20 * m))
    scores = [
        [_score(fa, fb, abs((i + 0.5) / n - (j + 0.5) / m), ratio) for j, fb in enumerate(b)] for i, fa in enumerate(a)
    ]
    never = -math.inf
    if pin_a and n > 1:
        scores[0][m - 1] = never
    if pin_b and m > 1:
        scores[n - 1][0] = never
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    step = [[""] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        for j in range(m + 1):
            if i == j == 0:
                continue
            options = []  # on a tie, the first: a section without partner comes as late as possible
            if i and not (pin_a and i == 1):
                options.append((best[i - 1][j], "skip a"))
            if j and not (pin_b and j == 1):
                options.append((best[i][j - 1], "skip b"))
            if i and j:
                options.append((best[i - 1][j - 1] + scores[i - 1][j - 1], "pair"))
            best[i][j], step[i][j] = max(options, key=lambda o: o[0]) if options else (never, "")
    pairs, i, j = [], n, m
    while i or j:
        move = step[i][j]
        if not move:  # the caller's checks make this impossible
            raise Unpaired("no alignment keeps a text before the first heading in a file of its own")
        if move == "pair":
            pairs.append((i - 1, j - 1))
        i, j = (i - (move != "skip b"), j - (move != "skip a"))
    return pairs[::-1]


def _shape(chunk: Chunk) -> tuple[int | None, str | None]:
    """The first heading's level and the title's numbering: when all languages agree, position pairs."""
    result = scan(chunk.text)
    number = _NUMBERING.match(chunk.title)
    return (result.headings[0].level if result.headings else None), (number.group().strip() if number else None)


def _headless(chunk: Chunk) -> bool:
    """Text before any heading: `load` accepts it only as a language's first file, so it is never joined."""
    result = scan(chunk.text)
    return not result.headings or text_before(result, result.headings[0].line) is not None


def _joined(chunks: list[Chunk], group: list[int], anchor: int) -> Chunk:
    """Consecutive sections as one, known for naming by `anchor`, the one paired with the other languages."""
    if len(group) == 1:
        return chunks[group[0]]
    base = _chunk("".join(chunks[k].text for k in group), group[0] == 0 and chunks[0].key == _PREAMBLE_KEY)
    head = chunks[anchor]
    own, ids = base.own_id, base.ids
    if anchor != group[0] and own:  # the file starts with another section's heading: its id is not the name's
        own, ids = None, ids | {own}
    return Chunk(base.text, head.key, head.title, head.body, own, ids)


def _groups(n: int, anchors: list[int], pinned: bool) -> list[list[int]]:
    """Sections 0..n-1 in one group per paired section (`anchors`): one without a partner joins the
    previous group, or the next when it comes first or right after a pinned (heading-less) first section."""
    starts = [0, *anchors[1:]]
    if pinned and len(starts) > 1:
        starts[1] = 1
    return [list(range(a, b)) for a, b in itertools.pairwise([*starts, n])]


@dataclass(frozen=True)
class Join:
    """A section of `lang` with no counterpart in `missing`, joined to the neighbouring `target`."""

    lang: str
    section: str
    target: str
    missing: tuple[str, ...]

    def __str__(self) -> str:
        verb = "has" if len(self.missing) == 1 else "have"
        missing = " and ".join(self.missing)
        return f"{self.lang} section «{self.section}» joined to «{self.target}» ({missing} {verb} no counterpart)"


class Unpaired(ValueError):
    """The languages' sections cannot be paired; the message says why."""


def _shown(chunk: Chunk) -> str:
    return chunk.title or "(preamble)"


def _pairable(chunks: dict[str, list[Chunk]], done: list[str], lang: str, groups: int) -> None:
    """Raise Unpaired when `lang` cannot be paired with the `groups` sections `done` languages share: a text
    without any heading facing sections, or a text before the first heading (never joined) facing one section."""
    mine = chunks[lang]
    for name, facing in [*((name, len(mine)) for name in done), (lang, groups)]:
        if len(chunks[name]) == 1 and _headless(chunks[name][0]) and facing > 1:
            raise Unpaired(f"{name} has no section heading")
    alone = "must stay a file of its own"
    if (headless := [name for name in done if _headless(chunks[name][0])]) and groups > 1 and len(mine) == 1:
        raise Unpaired(f"{headless[0]} has text before its first heading, which {alone}, while {lang} has one section")
    if _headless(mine[0]) and len(mine) > 1 and groups == 1:
        verb = "has" if len(done) == 1 else "have"
        raise Unpaired(
            f"{lang} has text before its first heading, which {alone}, while {' and '.join(done)} {verb} one section"
        )


def pair(chunks: dict[str, list[Chunk]], languages: list[str]) -> tuple[dict[str, list[Chunk]], list[Join]]:
    """The same number of sections in every language, the k-th being the same section everywhere.

    Languages with as many sections at the same heading levels as the first pair by position. Otherwise
    the sections are aligned (`_align`) and a section without partner is joined to a neighbour (`_groups`),
    in its language and, for the languages already paired, in theirs. Raises Unpaired when impossible.
    """
    first = languages[0]
    groups = {first: [[i] for i in range(len(chunks[first]))]}
    anchors = {first: list(range(len(chunks[first])))}
    joins: list[Join] = []
    for lang in languages[1:]:
        done, mine = list(groups), chunks[lang]
        ours = [_joined(chunks[first], g, a) for g, a in zip(groups[first], anchors[first], strict=True)]
        if [_shape(c) for c in ours] == [_shape(c) for c in mine]:
            groups[lang], anchors[lang] = [[j] for j in range(len(mine))], list(range(len(mine)))
            continue
        _pairable(chunks, done, lang, len(ours))
        pin_a, pin_b = any(_headless(chunks[name][0]) for name in done), _headless(mine[0])
        a, b = ([_features(c, (_shape(cut[-1])[0] or 0)) for c in cut] for cut in (ours, mine))
        pairs = _align(a, b, pin_a, pin_b)
        parts = _groups(len(ours), [i for i, _ in pairs], pin_a)
        for name in done:
            merged = [[x for k in part for x in groups[name][k]] for part in parts]
            heads = [anchors[name][i] for i, _ in pairs]
            for part, (i, _) in zip(parts, pairs, strict=True):
                target = _shown(chunks[name][anchors[name][i]])
                joins += [Join(name, _shown(chunks[name][anchors[name][k]]), target, (lang,)) for k in part if k != i]
            groups[name], anchors[name] = merged, heads
        groups[lang], anchors[lang] = _groups(len(mine), [j for _, j in pairs], pin_b), [j for _, j in pairs]
        for part, j in zip(groups[lang], anchors[lang], strict=True):
            joins += [Join(lang, _shown(mine[k]), _shown(mine[j]), tuple(done)) for k in part if k != j]
    paired = {
        lang: [_joined(chunks[lang], g, a) for g, a in zip(groups[lang], anchors[lang], strict=True)]
        for lang in languages
    }
    for lang, joined in paired.items():
        if any(_headless(c) for c in joined[1:]) or (len(groups[lang][0]) > 1 and _headless(chunks[lang][0])):
            raise ImportFailed("internal error: a joined section would not start with its heading")
    return paired, joins


def slugify(title: str, limit: int = 40) -> str:
    """`3. Partage des renseignements personnels` -> `partage-des-renseignements-personnels`."""
    words = re.findall(r"[a-z0-9]+", _ascii(_NUMBERING.sub("", title)).lower())
    kept: list[str] = []
    for word in words:
        if kept and len("-".join([*kept, word])) > limit:
            break
        kept.append(word[:limit])
    while len(kept) > 1 and kept[-1] in _LITTLE_WORDS:
        kept.pop()
    return "-".join(kept) or "section"


def _similar(old: str, new: str) -> bool:
    if old == new:
        return True
    m = difflib.SequenceMatcher(None, old.split(), new.split(), autojunk=False)
    return m.real_quick_ratio() >= 0.5 and m.quick_ratio() >= 0.5 and m.ratio() >= 0.5


@dataclass
class _Named:
    key: str
    body: str
    slug: str
    titles: dict[str, str]


def _name(previous: list[_Named], chunks: dict[str, list[Chunk]], first: str) -> list[str | None]:
    """The previous version's slug for each section that keeps its identity, None for new ones."""
    new = chunks[first]
    slugs: list[str | None] = [None] * len(new)
    matcher = difflib.SequenceMatcher(None, [p.key for p in previous], [c.key for c in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(min(i2 - i1, j2 - j1)):
            old, chunk = previous[i1 + k], new[j1 + k]
            same_kind = (old.key == _PREAMBLE_KEY) == (chunk.key == _PREAMBLE_KEY)
            if tag == "equal" or (tag == "replace" and same_kind and _similar(old.body, chunk.body)):
                slugs[j1 + k] = old.slug
    left = {p.body: p.slug for p in previous if p.slug not in slugs and p.body and p.key != _PREAMBLE_KEY}
    for j, chunk in enumerate(new):
        if slugs[j] is None and chunk.key != _PREAMBLE_KEY and chunk.body in left:
            slugs[j] = left.pop(chunk.body)  # moved and retitled, same words
    return slugs


def _taken(j: int, chunks: dict[str, list[Chunk]]) -> set[str]:
    """Ids the version sets elsewhere than on section `j`'s own heading: not for its file name (check refuses
    duplicate anchors)."""
    taken: set[str] = set()
    for per_lang in chunks.values():
        for k, other in enumerate(per_lang):
            taken |= other.ids | ({other.own_id} if k != j and other.own_id else set())
    return taken


def _fresh(j: int, chunks: dict[str, list[Chunk]], first: str, used: set[str]) -> str:
    """A new slug for section `j`: unused, and not an id some other part of the version sets."""
    chunk = chunks[first][j]
    if chunk.key == _PREAMBLE_KEY:
        base = PREAMBLE
    else:
        base = chunk.own_id if chunk.own_id and _SLUG.match(chunk.own_id) else slugify(chunk.title)
    taken = used | _taken(j, chunks)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


# --- the plan ----------------------------------------------------------------------


def text_changes(entries: list[Text], result: Plan) -> list[Text]:
    """One language's texts as they changed: one per day (the day's last), dates never going backwards,
    a text identical to the one before dropped. What was dropped or moved is noted in `result`."""
    out: list[Text] = []
    for text in entries:
        if out and text.text == out[-1].text:
            result.identical.append(f"{text.date}  ({text.lang}: {text.origins[-1]}, text unchanged)")
            continue
        if out and text.date < out[-1].date:
            result.notes.append(
                f"{text.lang}: {text.origins[-1]} is dated {text.date}, before {out[-1].date} of the text it "
                f"replaces ({out[-1].origins[-1]}): counted as {out[-1].date}"
            )
            text = replace(text, date=out[-1].date)
        if out and text.date == out[-1].date:
            text = replace(text, origins=out.pop().origins + text.origins)
        out.append(text)
    for t in out:
        if len(t.origins) > 1:
            dropped = ", ".join(o.ref for o in t.origins[:-1])
            result.collapsed.append(f"{t.date}  {t.lang}: {dropped} -> {t.origins[-1].ref} kept")
    return out


_SUMMARY = {
    "fr": ("Version importée {what}. L’importance du changement n’a pas été évaluée.", "du", "des", "« {} »"),
    "en": ("Version imported {what}. Whether the change is significant was not assessed.", "from", "from", "“{}”"),
}


def summary(origins: list[Origin], lang: str) -> str:
    """Plain words on where the text came from; it does not pretend to describe the change."""
    template, one, many, quote = _SUMMARY.get(lang, _SUMMARY["en"])
    kind = origins[0].kind
    nouns = {"commit": ("commit", "commits"), "file": ("fichier", "fichiers") if lang == "fr" else ("file", "files")}
    noun = nouns[kind][len(origins) > 1]
    refs = []
    for o in origins:
        subject = re.sub(r"[\[\]{}<>]", "", o.subject)  # nothing check or the page could read as markup
        subject = subject if len(subject) <= 60 else subject[:59] + "…"
        refs.append(f"{o.ref} ({quote.format(subject)})" if subject else o.ref)
    what = f"{one if len(origins) == 1 else many} {noun} {', '.join(refs)}"
    return template.format(what=what)


def plan(texts: dict[str, list[Text]], languages: list[str]) -> Plan:
    """Versions, names and everything worth reporting, from each language's texts."""
    result = Plan()
    timelines: dict[str, list[Text]] = {}
    for lang in languages:
        if not texts.get(lang):
            raise ImportFailed(f"no '{lang}' text found: every configured language ({', '.join(languages)}) needs one")
        timelines[lang] = text_changes(texts[lang], result)
    start = max(timeline[0].date for timeline in timelines.values())
    for lang, timeline in timelines.items():
        for t in timeline:
            if t.date < start:
                result.skipped.append(f"{t.date}  {lang}: {t.origins[-1]} (versions start on {start})")
    days = sorted({t.date for timeline in timelines.values() for t in timeline if t.date >= start})
    previous: list[_Named] = []
    previous_texts: dict[str, str] = {}
    for day in days:
        current = {lang: [t for t in timelines[lang] if t.date <= day][-1] for lang in languages}
        changed = [lang for lang in languages if current[lang].date == day]
        if {lang: t.text for lang, t in current.items()} == previous_texts:
            origins = ", ".join(f"{lang}: {current[lang].origins[-1]}" for lang in changed)
            result.identical.append(f"{day}  ({origins}, same texts as the previous version)")
            continue
        previous_texts = {lang: t.text for lang, t in current.items()}
        version, previous = _version(day.isoformat(), current, previous, languages, result)
        # The commits (or files) behind the version: those of the languages that changed that day;
        # the first version's texts are all new, whatever day they were written.
        sources = changed if result.versions else languages
        version.origins = list(dict.fromkeys(o for lang in sources for o in current[lang].origins))
        version.summary = {lang: summary(version.origins, lang) for lang in languages}
        result.versions.append(version)
    return result


def _version(
    vid: str, current: dict[str, Text], previous: list[_Named], languages: list[str], result: Plan
) -> tuple[PlannedVersion, list[_Named]]:
    """One version's files, named after `previous` (the last version's sections); also its own sections."""
    cut = {lang: split(current[lang].text) for lang in languages}
    try:
        chunks, joins = pair(cut, languages)
    except Unpaired as exc:
        detail = "; ".join(
            f"{lang} ({current[lang].origins[-1]}): {len(cut[lang])}: " + " | ".join(map(_shown, cut[lang]))
            for lang in languages
        )
        raise ImportFailed(
            f"version {vid}: the languages' sections cannot be paired ({exc}): {detail}. "
            "Give each language's text the same sections under headings in the source"
        ) from None
    result.joined += [f"version {vid}: {join}" for join in joins]
    first = languages[0]
    slugs = _name(previous, chunks, first)
    for j, slug in enumerate(slugs):
        if slug is not None and slug in _taken(j, chunks):
            slugs[j] = None  # a joined section brought an id equal to the name: the name would clash
    used = {s for s in slugs if s}
    for j, slug in enumerate(slugs):
        if slug is None:
            slugs[j] = _fresh(j, chunks, first, used)
            used.add(slugs[j])  # type: ignore[arg-type]
    old = {p.slug: p for p in previous}
    for j, slug in enumerate(slugs):
        if slug in old:
            for lang in languages:
                before, after = old[slug].titles.get(lang, ""), chunks[lang][j].title
                if _NUMBERING.sub("", before) != _NUMBERING.sub("", after):  # renumbering is no rename
                    result.renamed.append(f"{vid}  {slug}  {lang}: «{before}» -> «{after}»")
    offset = 0 if chunks[first][0].key == _PREAMBLE_KEY else 1
    width = max(2, len(str(len(slugs) - 1 + offset)))
    names = [f"{j + offset:0{width}d}-{slug}.md" for j, slug in enumerate(slugs)]
    files = {lang: [(name, c.text) for name, c in zip(names, chunks[lang], strict=True)] for lang in languages}
    named = [
        _Named(c.key, c.body, slug, {lang: chunks[lang][j].title for lang in languages})  # type: ignore[arg-type]
        for j, (c, slug) in enumerate(zip(chunks[first], slugs, strict=True))
    ]
    return PlannedVersion(vid, files, {}, []), named


# --- output ------------------------------------------------------------------------


def version_yml(version: PlannedVersion) -> str:
    summaries = yaml.safe_dump(version.summary, allow_unicode=True, width=10**6, sort_keys=False)
    return (
        f"# Imported by `policy-archive import` from {', '.join(map(str, version.origins))}.\n"
        f"effective: {version.id}\n"
        f"published: {version.id}\n"
        "# Not known from history: set false for an editorial fix (no notice, no email).\n"
        "significant: true\n"
        "reduces_rights: false\n"
        "summary:\n" + "".join(f"  {line}\n" for line in summaries.splitlines())
    )


def _write(versions: list[PlannedVersion], policy_dir: Path) -> None:
    for version in versions:
        folder = policy_dir / version.id
        for lang, files in version.files.items():
            (folder / lang).mkdir(parents=True, exist_ok=True)
            for name, text in files:
                (folder / lang / name).write_bytes(text.encode("utf-8"))
        (folder / VERSION_FILE).write_bytes(version_yml(version).encode("utf-8"))


def validate(result: Plan, policy_dir: Path, languages: list[str], as_of: dt.date) -> list[Problem]:
    """What `load` (hence `check`) would say of the imported versions, named as they would be written."""
    from .load import load_policy

    with tempfile.TemporaryDirectory() as tmp:
        _write(result.versions, Path(tmp))
        _policy, problems = load_policy(Path(tmp), languages, as_of)
        return [replace(p, file=policy_dir / p.file.relative_to(tmp)) for p in problems]


def check_target(result: Plan, policy_dir: Path, force: bool) -> None:
    """Refuse a policy folder that already has versions unless `force`: nothing is replaced silently."""
    existing = existing_versions(policy_dir)
    if existing and not force:
        clash = sorted(set(existing) & {v.id for v in result.versions})
        also = f"; {len(clash)} of them would be replaced: {', '.join(clash)}" if clash else ""
        raise ImportFailed(
            f"{policy_dir} already has {plural(len(existing), 'version')} ({existing[0]} to {existing[-1]}){also}. "
            "Nothing was written: import into an empty policy folder, or pass --force to add the imported "
            "versions (a version folder with the same date is replaced)"
        )


def write(result: Plan, policy_dir: Path) -> list[str]:
    """Write every version (after `check_target`); a version folder that exists is emptied first, and said so."""
    replaced = []
    for vid in sorted(set(existing_versions(policy_dir)) & {v.id for v in result.versions}):
        folder = policy_dir / vid
        old = [p for lang in result.versions[0].files for p in (folder / lang).glob("*.md")]
        for path in [folder / VERSION_FILE, *old]:
            path.unlink(missing_ok=True)
        replaced.append(f"{vid}: replaced (its version.yml and {plural(len(old), 'section file')} removed first)")
    _write(result.versions, policy_dir)
    return replaced


def report(result: Plan) -> list[str]:
    """What the import does, for the terminal."""
    lines = [f"{plural(len(result.versions), 'version')}:"]
    for v in result.versions:
        counts = {len(files) for files in v.files.values()}
        lines.append(f"  {v.id}  {plural(counts.pop(), 'section')}  {', '.join(map(str, v.origins))}")
    for title, items in (
        ("sections without a counterpart in another language, joined to a neighbouring section", result.joined),
        ("headings changed, file name kept", result.renamed),
        ("same-day changes collapsed (the day's last text is kept)", result.collapsed),
        ("identical to the previous version, not imported", result.identical),
        ("days before every language has a text: no version (the first one takes the text in force)", result.skipped),
        ("notes", result.notes),
    ):
        if items:
            lines += [f"{title}:", *(f"  {item}" for item in items)]
    return lines
