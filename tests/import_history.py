"""A generated git history of a bilingual privacy policy kept as one Markdown file per language.

For `policy-archive import git` tests (and a wheel-install test): `make_policy_repo(path)`
commits an invented policy, `privacy.fr.md` and `privacy.en.md`, through every case the
importer must handle, then weekly rewordings up to `commits` commits. Dates are explicit
(noon in Montreal unless said), so every run gives the same history.

The scripted part, by day after START (what `policy-archive import git` should make of it):

- 0: the French file alone (skipped: no English yet); 3: the English file (first version);
- 10: both reworded; 17: French only; 18: English only (the French text is carried forward);
- 24: a section inserted in second place; 31: only README.md changes (no version);
- 38: two commits, 09:00 and 16:00 (collapsed into one version);
- 45: the heading of "conservation" retitled and a sentence reworded (the file name stays);
- 52: `git mv privacy.fr.md politique.fr.md` (identical text: no version);
- 59: the English file saved with CRLF line endings (identical once normalised: no version);
- 66: a section removed; 73: reworded after the rename; then one rewording a week.

The text has a preamble without heading holding "Dernière mise à jour : <date>" / "Last updated:
<date>" (the day's date plus LEAD_DAYS, for --date-pattern), an attribute list (`{: #objet }`),
a setext heading and an anchor line (`<a id="duree"></a>`) before a heading.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import git
from policy_archive.l10n import format_date

START = dt.date(2020, 1, 6)
LEAD_DAYS = 14  # the text's "last updated" date is its commit's date plus this (an announced change)
TZ = ZoneInfo("America/Toronto")
LANGS = ("fr", "en")
# day after START -> does the day make a version (commit dating)?
SCRIPTED_DAYS = {0: False, 3: True, 10: True, 17: True, 18: True, 24: True, 31: False, 38: True, 45: True}
SCRIPTED_DAYS |= {52: False, 59: False, 66: True, 73: True}
SCRIPTED_COMMITS = 14  # day 38 has two
RENAMED = ("Conservation des renseignements", "Durée de conservation")  # day 45, French titles


@dataclass
class Section:
    key: str
    titles: dict[str, str]
    style: str = "atx"  # atx, setext, attr (`{: #key }`) or anchor (`<a id="duree"></a>` above)
    paragraphs: dict[str, list[str]] = field(default_factory=dict)


def _sections() -> list[Section]:
    def s(key: str, fr: str, en: str, style: str = "atx") -> Section:
        body = {
            "fr": [f"Cette section ({fr.lower()}) décrit nos pratiques.", "Nous la révisons au besoin."],
            "en": [f"This section ({en.lower()}) describes our practices.", "We review it as needed."],
        }
        return Section(key, {"fr": fr, "en": en}, style, body)

    return [
        s("objet", "Objet de la politique", "Purpose of this policy", "attr"),
        s("collecte", "Renseignements collectés", "Information we collect"),
        s("utilisation", "Utilisation des renseignements", "How we use information", "setext"),
        s("transfert", "Transfert hors du Québec", "Transfers outside Quebec"),
        s("conservation", RENAMED[0], "Retention of information", "anchor"),
        s("droits", "Vos droits", "Your rights"),
        s("contact", "Nous joindre", "Contact us"),
    ]


def render(sections: list[Section], lang: str, updated: dt.date) -> str:
    """The whole policy in one language, as an editor would keep it in one file."""
    label = "Dernière mise à jour :" if lang == "fr" else "Last updated:"
    intro = (
        "La présente politique explique comment Exemple inc. traite vos renseignements personnels."
        if lang == "fr"
        else "This policy explains how Example Inc. handles your personal information."
    )
    out = [f"{label} {format_date(updated, lang)}\n\n{intro}\n"]
    for number, section in enumerate(sections, start=1):
        title = f"{number}. {section.titles[lang]}"
        if section.style == "setext":  # unnumbered: `3. Title` over `---` is a list item and a rule
            head = f"{section.titles[lang]}\n{'-' * len(section.titles[lang])}"
        elif section.style == "attr":
            head = f"## {title} {{: #{section.key} }}"
        elif section.style == "anchor":
            head = f'<a id="duree"></a>\n## {title}'
        else:
            head = f"## {title}"
        out.append(head + "\n\n" + "\n\n".join(section.paragraphs[lang]) + "\n")
    return "\n".join(out)


class _Writer:
    """The policy's state and the repository it is committed to."""

    def __init__(self, path: Path) -> None:
        self.root = path
        self.repo = git.Repo.init(path, initial_branch="main")
        with self.repo.config_writer() as cw:
            cw.set_value("user", "name", "Éditrice Test")
            cw.set_value("user", "email", "editrice@example.com")
            cw.set_value("core", "autocrlf", "false")
        self.sections = _sections()
        self.files = {"fr": "privacy.fr.md", "en": "privacy.en.md"}
        self.updated = dict.fromkeys(LANGS, START)
        self.revision = 0

    def write(self, day: int, *langs: str, crlf: bool = False) -> None:
        for lang in langs:
            self.updated[lang] = START + dt.timedelta(days=day + LEAD_DAYS)
            text = render(self.sections, lang, self.updated[lang])
            (self.root / self.files[lang]).write_bytes(text.replace("\n", "\r\n" if crlf else "\n").encode())

    def reword(self, key: str, *langs: str) -> None:
        self.revision += 1
        section = next(s for s in self.sections if s.key == key)
        if "fr" in langs:
            section.paragraphs["fr"][1] = f"Nous l’avons révisée (révision {self.revision})."
        if "en" in langs:
            section.paragraphs["en"][1] = f"We revised it (revision {self.revision})."

    def commit(self, message: str, day: int, hour: int = 12) -> None:
        date = START + dt.timedelta(days=day)
        when = dt.datetime(date.year, date.month, date.day, hour, tzinfo=TZ)
        self.repo.git.add("-A")
        self.repo.index.commit(message, author_date=when, commit_date=when)


def make_policy_repo(path: Path, commits: int = 30) -> git.Repo:
    """A repository at `path` whose history holds the cases above; `commits` >= SCRIPTED_COMMITS."""
    if commits < SCRIPTED_COMMITS:
        raise ValueError(f"the scripted history alone has {SCRIPTED_COMMITS} commits")
    path.mkdir(parents=True, exist_ok=True)
    w = _Writer(path)
    w.write(0, "fr")
    w.commit("Politique de confidentialité (français)", 0)
    w.write(3, "en")
    w.commit("English translation of the privacy policy", 3)
    w.reword("collecte", "fr", "en")
    w.write(10, "fr", "en")
    w.commit("Reword the collection section", 10)
    w.reword("droits", "fr")
    w.write(17, "fr")
    w.commit("Droits : précision", 17)
    w.reword("droits", "en")
    w.write(18, "en")
    w.commit("Rights: same clarification in English", 18)
    cookies = Section(
        "temoins",
        {"fr": "Témoins (cookies)", "en": "Cookies"},
        "atx",
        {
            "fr": ["Nous utilisons des témoins essentiels.", "Vous pouvez les refuser."],
            "en": ["We use essential cookies.", "You can refuse them."],
        },
    )
    w.sections.insert(1, cookies)
    w.write(24, "fr", "en")
    w.commit("Add a section on cookies", 24)
    (path / "README.md").write_text("Our privacy policy, in French and English.\n", encoding="utf-8")
    w.commit("README only", 31)
    w.reword("contact", "fr", "en")
    w.write(38, "fr", "en")
    w.commit("Contact: first change of the day", 38, hour=9)
    w.reword("objet", "fr", "en")
    w.write(38, "fr", "en")
    w.commit("Purpose: second change of the day", 38, hour=16)
    conservation = next(s for s in w.sections if s.key == "conservation")
    conservation.titles = {"fr": RENAMED[1], "en": "How long we keep information"}
    w.reword("conservation", "fr", "en")  # a few words too: the file name stays by similarity
    w.write(45, "fr", "en")
    w.commit("Retitle the retention section", 45)
    w.repo.git.mv("privacy.fr.md", "politique.fr.md")
    w.files["fr"] = "politique.fr.md"
    w.commit("Rename the French file", 52)
    (path / w.files["en"]).write_bytes((path / w.files["en"]).read_bytes().replace(b"\n", b"\r\n"))
    w.commit("Saved the English file on Windows", 59)
    w.sections = [s for s in w.sections if s.key != "transfert"]
    w.write(66, "fr", "en")
    w.commit("Remove the section on transfers", 66)
    w.reword("utilisation", "fr", "en")
    w.write(73, "fr", "en")
    w.commit("Reword the use section", 73)
    rng = random.Random(20240601)
    for n, day in enumerate(filler_days(commits)):
        key = rng.choice([s.key for s in w.sections])
        langs = ("fr", "en") if n % 4 else (rng.choice(LANGS),)
        w.reword(key, *langs)
        w.write(day, *langs)
        w.commit(f"Weekly review {n + 1}: {key}", day)
    return w.repo


def filler_days(commits: int) -> list[int]:
    """Days (after START) of the weekly rewordings that follow the scripted history."""
    return [80 + 7 * n for n in range(commits - SCRIPTED_COMMITS)]


def version_days(commits: int = 30) -> list[dt.date]:
    """The versions `import git` makes of `make_policy_repo(path, commits)`, dated by commit."""
    days = [d for d, makes in SCRIPTED_DAYS.items() if makes] + filler_days(commits)
    return [START + dt.timedelta(days=d) for d in days]


# --- translations out of step: `make_uneven_repo` ---------------------------------------------
#
# Another invented policy (Carnet Voyages), whose translations lag and differ in structure, by day after
# UNEVEN_START, each day one version (what pairing should make of it, French first):
#
# - 0: the French text has an extra section first (a notice about the app) that the English lacks;
# - 7: English only reworded (the French, notice included, carried forward);
# - 14: the notice removed: both texts have the same sections;
# - 21: the English gains a trailing glossary the French lacks;
# - 28: the English writes section 3's heading one level down (`###`), glossary still there:
#   same number of sections in both languages, but not the same ones;
# - 35: the English fixed (no glossary, `##` again);
# - 42: a new French notice first and the English glossary back: same counts, shifted.

UNEVEN_START = dt.date(2021, 2, 1)
UNEVEN_DAYS = (0, 7, 14, 21, 28, 35, 42)
NOTICE = ("Avis aux utilisateurs de l’application Carnet", "Avis : maintenance de l’application")
GLOSSARY = "Glossary"
# (French title, English title, French body, English body): invented text with what translation
# keeps (numbering, links, addresses, numbers).
UNEVEN_SECTIONS = (
    (
        "Renseignements que nous recueillons",
        "Information we collect",
        "Nous recueillons votre nom, votre adresse courriel et les réservations faites sur "
        "[notre site](https://carnet.example/reserver). Nous ne recueillons rien sur les enfants de moins de 14 ans.",
        "We collect your name, your email address and the bookings made on "
        "[our site](https://carnet.example/reserver). We collect nothing about children under 14.",
    ),
    (
        "Utilisation des renseignements",
        "How we use information",
        "Vos renseignements servent à confirmer vos réservations et à vous écrire 48 heures avant le départ.",
        "Your information confirms your bookings and lets us write to you 48 hours before departure.",
    ),
    (
        "Communication à des tiers",
        "Sharing with third parties",
        "Nous communiquons vos renseignements aux seuls [transporteurs](https://carnet.example/transporteurs) "
        "de votre voyage, pendant 90 jours au plus.",
        "We share your information only with the [carriers](https://carnet.example/transporteurs) of your "
        "journey, for 90 days at most.",
    ),
    (
        "Vos droits",
        "Your rights",
        "Écrivez à vieprivee@carnet.example pour consulter, corriger ou supprimer vos renseignements ; "
        "nous répondons dans les 30 jours.",
        "Write to vieprivee@carnet.example to see, correct or delete your information; we answer within 30 days.",
    ),
)


def uneven_text(lang: str, day: int, *, notice: str = "", glossary: bool = False, slip: bool = False) -> str:
    """One language's text on `day`: a preamble, the four numbered sections, and the day's oddities."""
    date = format_date(UNEVEN_START + dt.timedelta(days=day), lang)
    if lang == "fr":
        out = [f"Dernière mise à jour : {date}\n\nCarnet Voyages inc. dit ici ce qu’elle fait de vos renseignements.\n"]
    else:
        out = [f"Last updated: {date}\n\nCarnet Travel Inc. explains here what it does with your information.\n"]
    if notice:
        out.append(f"## {notice}\n\nL’application Carnet pour téléphone est retirée ; seul le site web reste.\n")
    for n, (fr_title, en_title, fr_body, en_body) in enumerate(UNEVEN_SECTIONS, start=1):
        level = "###" if slip and n == 3 else "##"
        title, body = (fr_title, fr_body) if lang == "fr" else (en_title, en_body)
        out.append(f"{level} {n}. {title}\n\n{body}{f' (revision {day})' if lang == 'en' and day == 7 else ''}\n")
    if glossary:
        out.append(f"## {GLOSSARY}\n\n*Carrier*: the company that runs a journey you booked.\n")
    return "\n".join(out)


def make_uneven_repo(path: Path) -> git.Repo:
    """A repository at `path` with `carnet.fr.md` and `carnet.en.md` through the days above, noon in Montreal."""
    path.mkdir(parents=True, exist_ok=True)
    repo = git.Repo.init(path, initial_branch="main")
    with repo.config_writer() as cw:
        cw.set_value("user", "name", "Éditrice Test").set_value("user", "email", "editrice@example.com")
    script = {
        0: {"fr": {"notice": NOTICE[0]}, "en": {}},
        7: {"en": {}},
        14: {"fr": {}},
        21: {"en": {"glossary": True}},
        28: {"en": {"glossary": True, "slip": True}},
        35: {"en": {}},
        42: {"fr": {"notice": NOTICE[1]}, "en": {"glossary": True}},
    }
    for day, langs in script.items():
        for lang, odd in langs.items():
            (path / f"carnet.{lang}.md").write_text(uneven_text(lang, day, **odd), encoding="utf-8")
        when = dt.datetime.combine(UNEVEN_START + dt.timedelta(days=day), dt.time(12), TZ)
        repo.git.add("-A")
        repo.index.commit(f"Day {day}: {', '.join(langs)}", author_date=when, commit_date=when)
    return repo
