"""redline.sections: matching, renames, moves, statuses, counts; and `policy-archive diff`."""

from __future__ import annotations

import re
import time

import pytest
from policy_archive.redline import Redliner, stats
from redline_helpers import assert_valid, compare, seed_files, version, visible


def test_statuses_and_order() -> None:
    old = {"01-a.md": "## 1. A\n\nUn.\n", "02-b.md": "## 2. B\n\nDeux.\n", "03-c.md": "## 3. C\n\nTrois.\n"}
    new = {"01-a.md": "## 1. A\n\nUn modifié.\n", "03-c.md": "## 3. C\n\nTrois.\n", "04-d.md": "## 4. D\n\nQuatre.\n"}
    changes = compare(old, new)
    assert [(c.name, c.status) for c in changes] == [
        ("01-a.md", "modified"),
        ("02-b.md", "removed"),
        ("03-c.md", "unchanged"),
        ("04-d.md", "added"),
    ]
    counts = stats(changes)
    assert (counts["modified"], counts["removed"], counts["added"], counts["unchanged"]) == (1, 1, 1, 1)
    for c in changes:
        assert_valid(c.body_html)


def test_renamed_file_with_retitled_heading_is_a_rename() -> None:
    text = "Nous utilisons des témoins pour mesurer l’audience du site et retenir vos préférences de langue.\n"
    old = {"03-cookies.md": "## 3. Témoins\n\n" + text}
    new = {"03-cookies-traceurs.md": "## 3. Témoins et traceurs\n\n" + text}
    (change,) = compare(old, new)
    assert change.status == "renamed" and change.old_title == "3. Témoins"
    assert "<ins>" in visible(change.heading_html) and "<del" not in change.body_html
    assert stats([change])["renamed"] == 1


def test_reordered_section_is_moved() -> None:
    old = {"01-a.md": "## A\n\nUn.\n", "02-b.md": "## B\n\nDeux.\n", "03-c.md": "## C\n\nTrois.\n"}
    new = {"01-c.md": "## C\n\nTrois.\n", "02-a.md": "## A\n\nUn.\n", "03-b.md": "## B\n\nDeux.\n"}
    statuses = {c.title: c.status for c in compare(old, new)}
    assert "moved" in statuses.values()


def test_paragraph_moved_between_sections() -> None:
    para = "Vous pouvez retirer votre consentement en tout temps en écrivant à notre responsable.\n"
    old = {"01-a.md": "## A\n\nIntro A.\n\n" + para, "02-b.md": "## B\n\nIntro B.\n"}
    new = {"01-a.md": "## A\n\nIntro A.\n", "02-b.md": "## B\n\nIntro B.\n\n" + para}
    a, b = compare(old, new)
    assert 'class="pa-moved pa-moved--out"' in a.body_html and "«\u202fB\u202f»" in a.body_html
    assert 'class="pa-moved pa-moved--in"' in b.body_html and "«\u202fA\u202f»" in b.body_html
    assert "<ins" not in b.body_html and "<del" not in a.body_html
    assert a.words_deleted == 0 and b.words_inserted == 0


def test_formatting_only_section_counts_as_unchanged() -> None:
    old = {"01-a.md": "## A\n\n- un\n- deux\n\nTexte sur\ndeux lignes.\n"}
    new = {"01-a.md": "## A\r\n\r\n* un\r\n* deux  \r\n\r\nTexte sur deux lignes.\r\n"}
    (change,) = compare(old, new)
    assert change.status == "unchanged" and change.formatting_only


def test_preamble_without_heading() -> None:
    old = {"00-preambule.md": "Merci de lire cette politique.\n", "01-a.md": "## A\n\nUn.\n"}
    new = {"00-preambule.md": "Merci de bien lire cette politique.\n", "01-a.md": "## A\n\nUn.\n"}
    pre, _a = compare(old, new)
    assert pre.level == 0 and pre.heading_html == "" and "<ins>" in visible(pre.body_html)


def test_seed_against_itself_and_a_modified_copy() -> None:
    files = seed_files("en")
    assert {c.status for c in compare(files, dict(files), "en")} == {"unchanged"}
    old = seed_files()
    new = {k: v.replace("renseignements personnels", "renseignements", 3) for k, v in old.items()}
    redliner = Redliner()
    start = time.perf_counter()
    changes = redliner.compare(version("2023-12-23", old), version("2025-01-01", new), "fr")
    assert time.perf_counter() - start < 5.0
    for c in changes:
        assert_valid(c.heading_html + c.body_html)


# --------------------------------------------------------------------------- command line


@pytest.fixture
def two_versions(site):
    new = site.add_version(
        "2025-01-01",
        published="2024-12-01",
        fill_placeholders=False,
        replace={"fr": [("pixels invisibles", "pixels espions")], "en": [("web beacons", "tracking pixels")]},
    )
    (new / "fr" / "07-procedes.md").unlink()
    (new / "en" / "07-procedes.md").unlink()
    return site


def test_diff_command_plain_output(two_versions) -> None:
    result = two_versions.run("diff", "2023-12-23", "2025-01-01")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "\x1b[" not in out  # not a terminal: no colour
    assert "== 10-temoins.md: modified ==" in out
    assert "pixels [-invisibles-]{+espions+}" in out
    assert "== 07-procedes.md: removed ==" in out
    assert "== 01-objectifs.md: unchanged ==" in out
    assert "1 modified, 1 removed, 12 unchanged" in out
    result = two_versions.run("diff", "2023-12-23", "2025-01-01", "--lang", "en")
    assert result.returncode == 0 and "[-web beacons-]{+tracking pixels+}" in result.stdout


def test_diff_command_unknown_version(two_versions) -> None:
    result = two_versions.run("diff", "2023-12-23", "2030-01-01")
    assert result.returncode == 2
    assert "2030-01-01" in result.stderr and "2023-12-23, 2025-01-01" in result.stderr
    assert "Traceback" not in result.stderr
    result = two_versions.run("diff", "2023-12-23", "2025-01-01", "--lang", "de")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_sentences_turned_into_headings_of_new_sections_are_moves() -> None:
    old = {
        "01-a.md": "## Principes\n\nTrois principes nous guident. Nous recueillons le moins de données possible. "
        "Nous ne vendons jamais vos renseignements personnels.\n"
    }
    new = {
        "01-a.md": "## Principes\n\nTrois principes nous guident.\n",
        "01b-minimisation.md": "## Nous recueillons le moins de données possible\n\nChaque donnée doit servir.\n",
        "01c-vente.md": "## Nous ne vendons jamais vos renseignements personnels\n\nNotre modèle repose sur l’abonnement.\n",
    }
    a, b, c = compare(old, new)
    assert a.body_html.count('class="pa-moved pa-moved--out"') == 2
    assert "pa-moved--in" in b.heading_html and "pa-moved--in" in c.heading_html
    assert "<ins" not in b.heading_html and "<del" not in a.body_html.split("pa-moved")[0]


def test_passage_moved_between_paragraphs_of_two_sections() -> None:
    moved = "Les frais de retard sont inscrits à votre dossier jusqu’à leur paiement."
    old = {"01-a.md": f"## A\n\nIntro A. {moved}\n", "02-b.md": "## B\n\nIntro B.\n"}
    new = {"01-a.md": "## A\n\nIntro A.\n", "02-b.md": f"## B\n\nIntro B. {moved}\n"}
    a, b = compare(old, new)
    assert "pa-moved--out" in a.body_html and "pa-moved--in" in b.body_html
    assert a.words_deleted == 0 and b.words_inserted == 0
    result = [c.status for c in (a, b)]
    assert result == ["modified", "modified"]


def test_changed_link_target_is_never_taken_for_a_move() -> None:
    old = {"01-a.md": "## A\n\nConsultez [notre page sur les témoins et traceurs du site](https://x.example/a).\n"}
    new = {"01-a.md": "## A\n\nConsultez [notre page sur les témoins et traceurs du site](https://x.example/b).\n"}
    (a,) = compare(old, new)
    assert "pa-moved" not in a.body_html and "https://x.example/b" in a.body_html and "<del>" in visible(a.body_html)


def test_sentences_swapped_inside_one_paragraph_mark_the_right_words() -> None:
    a = "Ces renseignements ne sont jamais vendus à des tiers."
    b = "Nous collectons votre nom complet et votre adresse lorsque vous créez un compte."
    (change,) = compare({"01-a.md": f"## A\n\n{a} {b}\n"}, {"01-a.md": f"## A\n\n{b} {a}\n"})
    moved = re.findall(
        r'<span class="pa-moved pa-moved--(?:in|out)">(.*?)<span class="pa-moved__note">', change.body_html
    )
    assert moved and all(m.strip() in (a.rstrip("."), a, b.rstrip("."), b) for m in moved), moved


def test_paragraph_deleted_whole_at_the_end_of_a_merge_stays_a_block() -> None:
    old = {
        "01-a.md": "## A\n\nNous collectons votre nom complet.\n\nNous collectons votre adresse.\n\nCookies tiers publicitaires désactivés.\n"
    }
    new = {"01-a.md": "## A\n\nNous collectons votre nom complet et votre adresse.\n"}
    (change,) = compare(old, new)
    assert re.search(
        r'<p><del><span class="pa-sr">[^<]*</span>Cookies tiers publicitaires désactivés\.', change.body_html
    )


def test_moved_text_never_swallows_words_that_stayed() -> None:
    old = {
        "01-a.md": "## A\n\nNous collectons des données techniques sur votre appareil, comme votre navigateur et votre système, puis votre nom.\n"
    }
    new = {
        "01-a.md": "## A\n\nNous collectons des données techniques sur votre appareil.\n",
        "02-b.md": "## Nous collectons votre nom\n\nTexte.\n",
    }
    a, _b = compare(old, new)
    assert "données techniques" not in "".join(re.findall(r'pa-moved--out">(.*?)</span>', a.body_html))


def test_images_only_paragraph_is_not_a_move_candidate() -> None:
    old = {"01-a.md": "## A\n\nNous collectons votre nom complet et votre adresse.\n"}
    new = {"01-a.md": "## A\n\nNous collectons votre nom.\n\n![a](a.png) ![b](b.png) ![c](c.png) ![d](d.png)\n"}
    (change,) = compare(old, new)
    assert change.status == "modified"


def test_rewritten_section_in_the_same_place_is_compared_word_by_word() -> None:
    old = {
        "02-collecte.md": "## 2. Renseignements que nous recueillons\n\nNous recueillons votre nom, votre adresse de "
        "courriel et les journaux techniques de votre appareil lorsque vous utilisez le service.\n"
    }
    new = {
        "02-donnees.md": "## 2. Données recueillies\n\nLorsque vous utilisez le service, nous conservons votre nom et "
        "votre adresse de courriel, ainsi que certains journaux techniques.\n"
    }
    (change,) = compare(old, new)
    assert change.status == "renamed" and change.old_title == "2. Renseignements que nous recueillons"
    assert "<p>" in change.body_html and change.words_deleted < 20


def test_changes_page_keeps_everything_after_a_rule(tmp_path) -> None:
    """Regression (a real history): inside a `markdown="1"` block Python-Markdown dropped what followed an <hr>."""
    import markdown
    from policy_archive import pages
    from policy_archive.model import Policy

    old = version("2024-01-01", {"01-a.md": "## A\n\nAvant.\n\n---\n\nLa suite reste visible.\n\n- point\n"})
    new = version("2025-01-01", {"01-a.md": "## A\n\nAvant, modifié.\n\nLa suite reste visible.\n\n- point\n"})
    policy = Policy([old, new], old.effective, ["fr"])
    page = pages.changes_page(pages.Site(policy, "fr", "Org", "Titre"), new, old)
    out = markdown.markdown(page.markdown, extensions=["attr_list", "md_in_html", "tables", "toc"])
    assert "La suite reste visible." in out and "point" in out
    assert_valid(out.split("</h1>", 1)[1])


def test_section_whose_only_change_is_an_anchor_is_unchanged() -> None:
    (change,) = compare({"01-a.md": "## A\n\nTexte.\n"}, {"01-a.md": '## A\n\n<a id="ancre"></a>\n\nTexte.\n'})
    assert change.status == "unchanged" and change.formatting_only
