"""redline.blocks and redline.tree: rendered HTML read as the blocks and words a reader sees."""

from __future__ import annotations

from policy_archive.redline.blocks import HEADING, OPAQUE, ROW_KIND, TEXT, blocks_of
from policy_archive.redline.tree import escape_text, parse, serialize
from redline_helpers import RENDERER


def read(markdown: str, heading: bool = False):
    return blocks_of(RENDERER(markdown), heading)


def test_heading_paragraph_list_table_code_and_opaque_blocks() -> None:
    r = read(
        "## 1. Titre {: #t }\n\nUn *mot*.\n\n- a\n- b\n\n    suite\n\n| H | I |\n|---|---|\n| c | d |\n\n"
        '```\ncode\n\nici\n```\n\n---\n\n<iframe src="x"></iframe>\n',
        heading=True,
    )
    assert r.heading is not None and r.heading.kind == HEADING and ' id="t"' in r.heading.attrs
    kinds = [(b.kind, b.tag, [c.tag for c in b.path]) for b in r.blocks]
    assert kinds[:4] == [
        (TEXT, "p", []),
        (TEXT, "", ["ul", "li"]),
        (TEXT, "p", ["ul", "li"]),
        (TEXT, "p", ["ul", "li"]),
    ]
    assert [k for k, _t, _p in kinds[4:]] == [ROW_KIND, ROW_KIND, TEXT, OPAQUE, OPAQUE]
    assert r.blocks[4].header and not r.blocks[5].header
    pre = r.blocks[6]
    assert pre.preserve and "code\n\nici" in pre.plain()


def test_inline_context_is_part_of_a_word_key() -> None:
    a = read("Un **mot** ici.").blocks[0]
    b = read("Un mot ici.").blocks[0]
    assert a.words() == b.words()
    assert a.key != b.key  # emphasis removed is a visible change
    c = read("Un   mot\nici.").blocks[0]
    assert c.key == b.key  # re-wrapping and spaces are not


def test_attribute_lists_and_headerlinks_never_become_words() -> None:
    r = read('Texte.{: datetime="2019-06-04" }\n\n### Sous-titre {: #custom .x }\n')
    text = " ".join(b.plain() for b in r.blocks)
    assert "{" not in text and "datetime" not in text
    assert r.blocks[0].attrs == ' datetime="2019-06-04"'
    assert ' id="custom"' in r.blocks[1].attrs


def test_empty_anchor_is_an_atom() -> None:
    r = read('<a id="search"></a>\n\n## Recherche\n', heading=True)
    assert r.heading is not None
    (anchor,) = r.blocks
    assert anchor.tokens[0].kind == "atom" and 'id="search"' in anchor.tokens[0].text


def test_tree_closes_implied_elements_and_escapes_markdown_characters() -> None:
    root = parse("<ul><li>a<li>b</ul><p>x<p>y")
    assert serialize(root.children[0]) == "<ul><li>a</li><li>b</li></ul>"
    assert [c.tag for c in root.children] == ["ul", "p", "p"]
    assert escape_text("a*b_c <d> & `e`") == "a&#42;b&#95;c &lt;d&gt; &amp; &#96;e&#96;"


def test_quotes_in_text_never_look_like_attributes() -> None:
    assert escape_text('Écrivez id="a" dans l\'attribut.') == "Écrivez id=&quot;a&quot; dans l&#x27;attribut."
