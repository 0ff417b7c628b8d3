"""redline.align + redline.emit: the hard cases of DESIGN.md ("Diffs"), always valid HTML."""

from __future__ import annotations

import re

from redline_helpers import redline, visible


def test_item_inserted_in_numbered_list() -> None:
    html = redline(
        "1. Premier\n2. Deuxième\n3. Troisième\n", "1. Premier\n2. Nouveau point\n3. Deuxième\n4. Troisième\n"
    )
    assert visible(html).count("<ins>") == 1 and "Nouveau point" in html
    assert "<del" not in html  # renumbering is not a change


def test_paragraph_turned_into_list_pairs_the_intro() -> None:
    html = redline(
        "Nous recueillons votre nom, votre adresse et votre courriel.\n",
        "Nous recueillons :\n\n- votre nom;\n- votre adresse;\n- votre courriel.\n",
    )
    assert "Nous recueillons" in visible(html).split("<ins>")[0]


def test_link_target_changed_text_unchanged_shows_both_targets() -> None:
    html = redline("Lisez nos [conditions](https://a.example/v1).\n", "Lisez nos [conditions](https://a.example/v2).\n")
    assert '<del><span class="pa-sr">' in html and "https://a.example/v1" in html and "https://a.example/v2" in html
    assert html.count('class="pa-url"') == 2


def test_emphasis_change_and_literal_asterisk() -> None:
    html = redline("Prix marqués * et **important**.\n", "Prix marqués * et *important*.\n")
    assert "&#42;" in html and "<strong>important</strong>" in html and "<em>important</em>" in html
    assert "Prix marqués &#42; et" in visible(html)  # the literal star is unchanged text, not a marker


def test_reworded_inside_emphasis_keeps_one_element() -> None:
    html = redline("- **C. Données démographiques**\n", "- **C. Données démographiques et linguistiques**\n")
    assert "<strong>C. Données démographiques <ins>" in html


def test_table_rows_and_cells() -> None:
    old = "| Donnée | Durée |\n|---|---|\n| Courriel | 2 ans |\n| Adresse | 5 ans |\n"
    new = "| Donnée | Durée |\n|---|---|\n| Courriel | 3 ans |\n| Téléphone | 1 an |\n| Adresse | 5 ans |\n"
    html = redline(old, new)
    assert re.search(r"<td><del>.*?2.*?</del><ins>.*?3.*?</ins> ans</td>", visible(html))
    assert 'class="pa-row--ins"' in html and html.count("<table>") == 1


def test_raw_html_table_deletions_are_marked() -> None:
    old = "<table><tr><th>A</th></tr><tr><td>un</td></tr><tr><td>deux</td></tr></table>\n"
    new = "<table><tr><th>A</th></tr><tr><td>un</td></tr></table>\n"
    html = redline(old, new)
    assert 'class="pa-row--del"' in html and "deux" in html and "<del>" in visible(html)


def test_whole_table_removed_and_added() -> None:
    html = redline("Avant.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n", "Avant.\n")
    assert html.count('class="pa-row--del"') == 2
    html = redline("Avant.\n", "Avant.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n")
    assert html.count('class="pa-row--ins"') == 2


def test_code_and_opaque_blocks() -> None:
    html = redline("```\nun\ndeux\n```\n", "```\nun\ntrois\n```\n")
    assert "<pre><code>un\n<del>" in html
    html = redline('<iframe src="a"></iframe>\n', '<iframe src="b"></iframe>\n')
    assert '<del class="pa-block">' in html and '<ins class="pa-block">' in html


def test_nested_list_deletion_stays_valid() -> None:
    html = redline("- a\n    - a1\n    - a2\n- b\n", "- a\n    - a1\n- b\n")
    assert "a2" in html and visible(html).count("<del>") == 1


def test_formatting_only_changes_show_no_mark() -> None:
    html = redline("- un\n- deux  \n\nTexte sur\ndeux lignes.\n", "* un\n* deux\n\nTexte sur deux lignes.\n")
    assert "<ins" not in html and "<del" not in html


def test_english_hidden_texts_and_spaces_between_changes_merged() -> None:
    html = redline("one two three four\n", "one six seven four\n", "en")
    assert visible(html).count("<del>") == 1 and "start of addition" in html


def test_paragraph_split_around_a_new_list_shows_only_the_new_words() -> None:
    old = "Nous protégeons vos données. Néanmoins, aucune transmission par Internet n’est entièrement sûre.\n"
    new = (
        "Nous protégeons vos données. Nos mesures comprennent :\n\n- le chiffrement;\n- la journalisation.\n\n"
        "Néanmoins, aucune transmission par Internet n’est entièrement sûre.\n"
    )
    html = visible(redline(old, new))
    assert "<del" not in html
    assert "Néanmoins" not in "".join(re.findall(r"<ins>.*?</ins>", html))


def test_two_paragraphs_merged_into_one() -> None:
    old = "Vous pouvez nous écrire en tout temps.\n\nNous répondrons dans les trente jours suivant la demande.\n"
    new = "Vous pouvez nous écrire en tout temps. Nous répondrons dans les trente jours suivant la demande.\n"
    html = visible(redline(old, new))
    assert "<del" not in html and "<ins" not in html


def test_list_turned_into_a_paragraph_marks_only_what_changed() -> None:
    old = "Vous pouvez :\n\n- demander l’accès à vos renseignements;\n- en demander la rectification.\n"
    new = "Vous pouvez demander l’accès à vos renseignements et en demander la rectification.\n"
    html = visible(redline(old, new))
    changed = " ".join(re.findall(r"<(?:ins|del)>(.*?)</(?:ins|del)>", html))
    assert "accès" not in changed and "rectification" not in changed
    assert "<ul>" not in html  # the new structure is shown: one paragraph


def test_change_never_wraps_a_paragraph_inside_a_table_cell() -> None:
    old = "<table><tr><td><p>Un.</p></td></tr></table>\n"
    new = "<table><tr><td><p>Un.</p><p>Deux ajouté.</p><p>Trois ajouté.</p></td></tr></table>\n"
    html = redline(old, new)
    assert "<ins><span" in html and not re.search(r"<ins>(?:(?!</ins>).)*<p>", html)


def test_an_added_anchor_is_not_marked() -> None:
    html = redline("Texte.\n", '<a id="ancre"></a>\n\nTexte.\n')
    assert "<ins" not in html and 'id="ancre"' in html
