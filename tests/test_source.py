"""The source scanner on its own: headings, code, comments, ids, leftovers, plain titles, comparison.

Where it follows Python-Markdown (what MkDocs renders), Python-Markdown itself is the oracle.
"""

from __future__ import annotations

import html
import re

import markdown
import pytest
from policy_archive import source
from policy_archive.source import comparable, find_headings, plain_text, scan


def headings(text: str) -> list[tuple[int, int, int, str]]:
    """(line, end, level, title) of each heading."""
    return [(h.line, h.end, h.level, h.title) for h in scan(text).headings]


# --- headings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\n=====\n\nText.\n", [(1, 2, 1, "Title")]),
        ("Title\n-----\n", [(1, 2, 2, "Title")]),
        ("Title\n===   \n", [(1, 2, 1, "Title")]),  # trailing spaces on the underline
        ("Title\n=\n", [(1, 2, 1, "Title")]),  # one character is enough, as in Python-Markdown
        ("## Title\nTitle two\n---\n", [(1, 1, 2, "Title"), (2, 3, 2, "Title two")]),
        ("<!-- note -->\nTitle\n===\n", [(2, 3, 1, "Title")]),
        ("Text.\n\n---\n", []),  # a rule after a blank line
        ("- item\n---\n", []),  # a rule under a list item, not a heading
        ("1. item\n---\n", []),
        ("- item\nlazy continuation\n---\n", []),
        ("| a | b |\n|---|---|\n| 1 | 2 |\n---\n", []),  # under a table row
        ("> quoted\n---\n", []),
        ("Title\n  ===\n", []),  # an indented underline is text
        ("  ## two spaces\n", []),  # Python-Markdown: ATX starts at column 0
        ("##No space\n", [(1, 1, 2, "No space")]),  # ...and needs no space after the hashes
        ("## Closed ##\n", [(1, 1, 2, "Closed")]),
        ("## Issue #42\n", [(1, 1, 2, "Issue #42")]),
    ],
)
def test_headings(text: str, expected: list[tuple[int, int, int, str]]) -> None:
    assert headings(text) == expected


def test_only_the_line_right_above_the_underline_is_the_heading() -> None:
    (h,) = scan("First line\nTitle\n=====\n").headings
    assert (h.line, h.title, h.glued) == (2, "Title", True)  # glued: Python-Markdown renders a paragraph
    (h,) = scan("\nTitle\n=====\n").headings
    assert not h.glued


@pytest.mark.parametrize(
    "text",
    [
        "```\n## in code\nTitle\n===\n```\n## Out\n",
        "~~~\n## in code\n~~~\n## Out\n",
        "````md\n## in code\n```\n## still code\n````\n## Out\n",  # closed only by 4+ backticks
        "~~~\n## in code\n~~~~~\n## Out\n",  # a longer closing fence closes
        "```\n## in code\n~~~\n## still code\n```\n## Out\n",  # another character does not
        "Text.\n\n    ## indented code\n    Title\n    ===\n\n## Out\n",
        "    ## code at the top\n\n## Out\n",
        "<!--\n## commented out\n-->\n## Out\n",
        "---\ntitle: Front matter\n---\n## Out\n",
    ],
)
def test_headings_in_code_comments_and_front_matter_are_ignored(text: str) -> None:
    assert [h.title for h in scan(text).headings] == ["Out"]


def test_indented_text_after_a_list_is_list_content_not_code() -> None:
    result = scan("- item\n\n    more of the item [NOM]\n")
    assert result.code == frozenset()
    assert source.placeholders(result) == [("[NOM]", 3)]


def test_unclosed_fence_and_code_lines() -> None:
    result = scan("## T\n\n~~~~\ncode\n~~~\n")
    assert result.unclosed_fence == (3, "~~~~")
    assert {3, 4, 5} <= result.code
    assert scan("```\na\n```\n").unclosed_fence is None


@pytest.mark.parametrize(
    ("line", "source_", "attrs", "id_", "title"),
    [
        ("## Title {: #optional-features }", "Title", "#optional-features", "optional-features", "Title"),
        ("## Title {#id .class}", "Title", "#id .class", "id", "Title"),
        ('## Title {: .class data-x="y" }', "Title", '.class data-x="y"', None, "Title"),
        ("## Title{#tight}", "Title", "#tight", "tight", "Title"),
        ("## Hello {{ site.name }}", "Hello {{ site.name }}", "", None, "Hello {{ site.name }}"),  # a template
        ("## Colours { color: #fff }", "Colours { color: #fff }", "", None, "Colours { color: #fff }"),
        (
            '## <span class="x">Firefox</span> and **you**',
            '<span class="x">Firefox</span> and **you**',
            "",
            None,
            "Firefox and you",
        ),
    ],
)
def test_heading_attribute_lists(line: str, source_: str, attrs: str, id_: str | None, title: str) -> None:
    (h,) = scan(line + "\n").headings
    assert (h.source, h.attrs, h.id, h.title) == (source_, attrs, id_, title)


def test_find_headings_keeps_its_old_shape() -> None:
    text = "# Doc\n\nIntro.\n\nSub {#s}\n---\n"
    assert find_headings(text) == [(1, 1, "Doc"), (5, 2, "Sub {#s}")]


# --- plain titles -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "plain"),
    [
        ("**Bold** and *em* and _em_ and __strong__", "Bold and em and em and strong"),
        ("`a*b*` code keeps its text", "a*b* code keeps its text"),
        ("[Link](https://example.com/a_(b) 'T') and [ref][1] and [empty][]", "Link and ref and empty"),
        ("![Logo](logo.png) text", "Logo text"),
        ("Tom &amp; Jerry &eacute;t&#233;", "Tom & Jerry été"),
        (r"\*not em\* and \_ and \# and \\", r"*not em* and _ and # and \\".replace("\\\\", "\\")),
        ("snake_case_name stays", "snake_case_name stays"),
        ("<https://example.com> autolink", "https://example.com autolink"),
        ("Text <!-- note --> here", "Text here"),
        ("  spaced\t  out  ", "spaced out"),
        ("*word*{: .x } then", "word then"),
        ("Title {: #id }", "Title"),
        ("Les {données} personnelles", "Les {données} personnelles"),  # braces mid-text are text
        ("&lt;b&gt; is shown", "<b> is shown"),
    ],
)
def test_plain_text(raw: str, plain: str) -> None:
    assert plain_text(raw) == plain


# --- ids, templates, placeholders -----------------------------------------------------


def test_explicit_ids_from_attribute_lists_and_html() -> None:
    text = "\n".join(
        [
            "## Title {: #h1 .c }",  # 1
            "",
            "Paragraph{: #p1 }",  # 3
            "",
            "Paragraph",  # 5
            "{: #p2 }",  # 6
            '<a id="a1"></a><a name="a2"></a>',  # 7
            "<span id='s1'>x</span> <input name='not-an-anchor'>",  # 8
            '`<a id="in-code-span"></a>` <!-- <a id="in-comment"></a> -->',  # 9
            "```",
            '<a id="in-fence"></a> {#in-fence-too}',
            "```",
            "{ color: #fff }",  # 13: CSS, not an attribute list
        ]
    )
    assert source.explicit_ids(scan(text)) == [
        ("h1", 1),
        ("p1", 3),
        ("p2", 6),
        ("a1", 7),
        ("a2", 7),
        ("s1", 8),
    ]


def test_templates_outside_code() -> None:
    text = "\n".join(
        [
            "Hello {{ site.data.x }} and {% include x %}",
            "{{< shortcode >}} and {# comment #}",
            "`{{ in a code span }}`",
            "```",
            "{{ in a fence }}",
            "```",
            "    {{ in indented code }}",
        ]
    )
    assert source.templates(scan("Text.\n\n" + text)) == [
        ("{{ site.data.x }}", 3),
        ("{% include x %}", 3),
        ("{{< shortcode >}}", 4),
        ("{# comment #}", 4),
    ]


def test_placeholders_outside_code() -> None:
    text = "[NOM DE L'ORGANISME] here\n`[NOT THIS]`\n[A LINK](https://x)\n"
    assert source.placeholders(scan(text)) == [("[NOM DE L'ORGANISME]", 1)]


# --- head and preamble ------------------------------------------------------------------


def test_head_span_and_text_before() -> None:
    text = '\n<a id="search"></a> <a name="x"></a>\n<!-- a\ncomment -->\n\n## Title\n'
    result = scan(text)
    heading = result.headings[0]
    assert heading.line == 6
    assert source.text_before(result, heading.line) is None
    assert source.head_span(result, heading.line) == (2, 4)
    result = scan('<a id="x">not empty</a>\n## Title\n')
    assert source.text_before(result, 2) == 1


# --- normalisation and comparison ---------------------------------------------------------


def test_normalise_strips_the_bom_and_reads_crlf_as_lf() -> None:
    assert source.normalise("\ufeff## T\r\n\r\nText\rMore\r\n") == "## T\n\nText\nMore\n"
    assert headings("\ufeffTitle\r\n=====\r\n") == [(1, 2, 1, "Title")]


def test_comparable_ignores_formatting_only() -> None:
    before = "## T\n\nA long sentence\nwrapped here.\n\n- one\n- two\n"
    assert comparable(before) == comparable("## T  \r\n\r\n\r\nA long sentence wrapped   here.\n\n* one\n+ two")
    assert comparable(before) != comparable(before.replace("long", "short"))
    assert comparable("a\nb\n") != comparable("a\n\nb\n")  # one paragraph became two
    assert comparable("- a\n- b\n") != comparable("- a b\n")  # two items became one


# --- agreement with Python-Markdown ------------------------------------------------------
# Deliberate differences, tested above: Python-Markdown makes `- item` / `> quote` over `---` a
# heading (the brief: a rule under a list item is not a heading), and closes a fence only with
# one of exactly the same length (here: same character, at least as long).

ORACLE = [
    "Title\n=====\n\nText.\n",
    "Title\n---\n",
    "Para\n\nTitle {#sid}\n===\n",
    "## A\nB\n---\n",
    "<!-- c -->\nTitle\n=====\n",
    "Text.\n\n---\n",
    "Text\n\n    ## code\n\n## Out\n",
    "para\n## mid-paragraph heading\nmore\n",
    "```\n## fenced\n```\n\n## After\n",
    "~~~\n## fenced\n~~~\n\n## After\n",
    "## C#\n",
    "## Closed ##\n",
    "##No space\n",
    "  ## indented\n",
    "## Title {: #id .c }\n",
    '## <span class="x">Firefox</span> and **you** &amp; `a*b*`\n',
    "## [Link](https://example.com) and *em*\n",
    r"## \*stars\* and a\_b" + "\n",
    "| a | b |\n|---|---|\n| 1 | 2 |\n---\n",
    "<!--\n## hidden\n-->\n\n## Shown\n",
]


def _rendered_headings(text: str) -> list[tuple[int, str]]:
    out = markdown.markdown(text, extensions=["attr_list", "md_in_html", "tables", "fenced_code"])
    return [
        (int(level), " ".join(html.unescape(re.sub(r"<[^>]+>", "", inner)).split()))
        for level, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", out, re.DOTALL)
    ]


@pytest.mark.parametrize("text", ORACLE)
def test_same_headings_as_python_markdown(text: str) -> None:
    assert [(h.level, h.title) for h in scan(text).headings] == _rendered_headings(text)
