"""render: what the reader sees is what the redline compares (attribute lists, absolute links)."""

from __future__ import annotations

import re

import pytest
from policy_archive.render import Renderer, extensions_from_mkdocs, link_base, prepare


def test_trailing_kramdown_attribute_list_is_read_not_shown() -> None:
    html = Renderer()('Publié le 4 juin.{: datetime="2019-06-04" }\n')
    assert html == '<p datetime="2019-06-04">Publié le 4 juin.</p>'


def test_standalone_block_attribute_list_and_toc_marker_dropped() -> None:
    html = Renderer()("* TOC\n{:toc}\n\n{: .lead}\n\nTexte.\n")
    assert "{:" not in html and "Texte." in html


def test_fenced_code_is_left_alone() -> None:
    text = "```\nText.{: .x }\n[a](/b)\n```\n"
    assert prepare(text, "https://org.example") == text


def test_site_absolute_links_resolve_against_the_organisation() -> None:
    base = link_base("https://www.org.example/about", "https://policy.example/privacy/")
    assert base == "https://www.org.example"
    html = Renderer(base=base)('Voir [conditions](/legal/terms), <a href="/x.pdf">PDF</a> et [ici](#bas).\n\n[r]: /y\n')
    assert 'href="https://www.org.example/legal/terms"' in html and 'href="https://www.org.example/x.pdf"' in html
    assert 'href="#bas"' in html
    assert link_base("", "https://policy.example/privacy/") == "https://policy.example"


def test_extensions_from_mkdocs_yaml() -> None:
    names, configs = extensions_from_mkdocs(["attr_list", {"toc": {"permalink": True}}, {"tables": None}])
    assert names == ["toc", "tables", "fenced_code", "attr_list"] and configs == {"toc": {"permalink": True}}


def test_heading_attribute_list_glued_to_its_last_word() -> None:
    html = Renderer()("### Firefox Suggest et Top Pick{: #searches }\n")
    assert html.startswith('<h3 id="searches">Firefox Suggest et Top Pick') and "{:" not in html


def test_relative_link_targets_in_policy_text() -> None:
    html = Renderer(base="https://org.example")(
        "Écrivez à [compliance@org.example](compliance@org.example), lisez [les conditions](terms.html), "
        "[la section](#bas), [ailleurs](https://x.example/a) ou [rien](./local).\n"
    )
    assert 'href="mailto:compliance@org.example"' in html
    assert 'href="https://org.example/terms.html"' in html
    assert 'href="#bas"' in html and 'href="https://x.example/a"' in html and 'href="https://org.example/local"' in html


def test_the_redline_reads_a_section_as_the_page_holds_it() -> None:
    # A page holds a section's text stripped (pages.section_markdown): a first line indented by
    # four spaces is a paragraph there, so it is one in the redline too, not a code block.
    assert Renderer()("    Texte en retrait.\n") == "<p>Texte en retrait.</p>"


def test_a_renderer_may_convert_through_the_page_renderer() -> None:
    seen: list[str] = []

    def convert(text: str) -> str:
        seen.append(text)
        return "<p>x</p>"

    assert Renderer(base="https://example.com", convert=convert)("[a](/b)\n\n") == "<p>x</p>"
    assert seen == ["[a](https://example.com/b)"]  # prepared, then stripped


def test_the_shortcut_for_plain_sections_gives_what_the_long_way_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    """`prepare` returns a text with no "{", link or source as it is: each line of every rule,
    alone or mixed with plain lines, in the seed and in made-up texts, is prepared the same
    when every text goes the long way."""
    import itertools
    from pathlib import Path

    from policy_archive import render

    seed = [p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].glob("policy/*/*/*.md")]
    lines = [
        "Texte simple, sans rien.",
        "Texte.{: .lead }",
        "{: .note }",
        "{:toc}",
        "## Titre{: #ancre }",
        "Écrire à [nous](privacy@example.com) ou [ici](/legal/terms).",
        '<a href="terms.html">conditions</a>',
        '<img src="/logo.png" alt="">',
        "[ref]: ../page.html",
        "```",
        "    code {: .x } [a](/b)",
        "",
    ]
    texts = seed + ["\n".join(combo) + "\n" for combo in itertools.permutations(lines, 3)]
    assert any(not render._MAY_CHANGE.search(t) for t in texts) and any(render._MAY_CHANGE.search(t) for t in texts)
    short = [render.prepare(t, "https://org.example") for t in texts]
    monkeypatch.setattr(render, "_MAY_CHANGE", re.compile(""))  # matches every text: the long way
    assert short == [render.prepare(t, "https://org.example") for t in texts]
