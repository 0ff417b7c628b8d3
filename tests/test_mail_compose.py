"""What goes into a message: From and Reply-To that parse as one mailbox (issue 11, 4), and every string
from mkdocs.yml or version.yml escaped in the HTML part and encoded in headers (S1, E9, issue 10)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import json
import re
from email.header import decode_header, make_header
from email.policy import strict
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import Site
from policy_archive.mail.compose import Recipient, confirmation_email, mailbox_header
from policy_archive.mail.store import Mailbox
from test_notify import NEW, Env, Recorder, Shipped, add_version, composer_for

NAMES = [
    "Dynamique Conseil inc.",
    'Dupont, Fils & Cie (Québec) "Le Bon" inc.',
    "Société d’État, inc. (Montréal)",
    'Ça, c\'est (vraiment) "ça"',
    'Back\\slash "quoted", (paren) inc.',
    "L'Œuvre des Éditeurs Réunis, s.e.n.c.",
    "Plain, Comma Inc.",
    "Müller & Söhne (Zürich), GmbH",
]
HOSTILE = '<script>alert(1)</script> "><img src=x onerror=alert(1)> ]]> Org'
ALLOWED_TAGS = {"html", "head", "meta", "title", "body", "p", "h2", "ul", "li", "a", "strong", "hr", "br"}


class Tags(HTMLParser):
    """Every tag and attribute of an HTML part, and its text."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_strict(data: bytes) -> email.message.EmailMessage:
    """The standard parser with policy=strict: any defect raises."""
    return email.message_from_bytes(data, policy=strict)  # type: ignore[return-value]


def check_html(markup: str) -> Tags:
    parsed = Tags()
    parsed.feed(markup)
    assert {tag for tag, _ in parsed.tags} <= ALLOWED_TAGS, parsed.tags
    for _, attrs in parsed.tags:
        for name, value in attrs:
            assert not name.startswith("on"), name
            assert not (value or "").lower().startswith(("javascript:", "data:")), value
    return parsed


@pytest.mark.parametrize("name", NAMES)
def test_from_and_reply_to_are_one_mailbox_under_strict_parsing(shipped: Shipped, name: str) -> None:
    """Issue 11, 4: a name with accents plus commas or parentheses used to parse as two mailboxes."""
    composer, versions = shipped
    composer = type(composer)(dataclasses.replace(composer.sender, organisation=name), composer.policy)
    data = composer.compose(versions[0], Recipient(7, "reader@example.org", "fr", "t" * 32), "<m@example.org>")
    message = parse_strict(data)
    for header, address in (
        ("From", "confidentialite@dynamiqueconseil.com"),
        ("Reply-To", "jpmonfet@dynamiqueconseil.com"),
    ):
        mailboxes = message[header].addresses
        assert len(mailboxes) == 1, (header, mailboxes)
        assert mailboxes[0].display_name == name and mailboxes[0].addr_spec == address
    assert data.isascii()
    head = data.split(b"\r\n\r\n", 1)[0].decode("ascii")
    mailbox_lines = re.search(r"^From: .*?(?=^\S)", head, re.M | re.S)
    assert mailbox_lines and all(len(line) <= 78 for line in mailbox_lines[0].split("\r\n")), head


def test_a_long_run_of_accented_words_follows_rfc_2047() -> None:
    """Adjacent encoded-words: RFC 2047 decoders drop the space between them, so the name reads back whole."""
    name = "Les Éditions Québécoises Générales Étendues Ltée, (division Été)"
    header = mailbox_header(name, "a@example.org")
    assert header.isascii() and all(len(line) <= 76 for line in header.split("\r\n"))
    phrase = header.rsplit("<", 1)[0].replace("\r\n", "")
    assert str(make_header(decode_header(phrase))).replace('"', "").strip() == name


def test_hostile_organisation_name_and_summary_in_the_notice(site: Site, tmp_path: Path) -> None:
    """S1: `<script>`, an attribute break-out and `]]>` from mkdocs.yml and version.yml reach no markup."""
    add_version(site, NEW, "2025-02-01", summary={"fr": f"Résumé {HOSTILE} fin.", "en": f"Summary {HOSTILE} end."})
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text.replace("        name: Dynamique Conseil inc.\n", f"        name: {json.dumps(HOSTILE)}\n", 1)
    config.write_text(text, encoding="utf-8")
    composer, versions = composer_for(site)
    assert composer.sender.organisation == HOSTILE
    for lang in ("fr", "en"):
        data = composer.compose(versions[0], Recipient(1, "reader@example.org", lang, "t" * 32), "<m@example.org>")
        message = parse_strict(data)
        assert message["From"].addresses[0].display_name == HOSTILE
        text_part, html_part = (part.get_content() for part in message.iter_parts())
        assert HOSTILE in text_part  # plain text shows it as written
        parsed = check_html(html_part)
        assert HOSTILE in "".join(parsed.text).replace("\n", " ")  # shown as text, not markup
        assert "<script>" not in html_part and "<img" not in html_part and "]]>" not in html_part


def test_hostile_values_in_the_confirmation_email(shipped: Shipped) -> None:
    composer, _ = shipped
    sender = dataclasses.replace(
        composer.sender, organisation=HOSTILE, postal_address=HOSTILE, website="javascript:alert(1)"
    )
    for lang in ("fr", "en"):
        data = confirmation_email(sender, lang, Mailbox("reader@example.org", False), "https://x.example/c/TOKEN", 48)
        message = parse_strict(data)
        assert message["From"].addresses[0].display_name == HOSTILE
        assert message["Content-Language"] == f"{lang}-CA"
        html_part = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
        check_html(html_part)
        assert "<script>" not in html_part and "]]>" not in html_part
        assert 'href="javascript:' not in html_part  # a website that is not http(s) is not a link


def test_dry_run_file_names_work_for_any_valid_address(site: Site, smtp: Recorder) -> None:
    """Issue 11: a 245-character address failed with 'File name too long'."""
    add_version(site, NEW, "2025-02-01")
    env = Env(site, smtp)
    long_address = "l" * 64 + "@" + ".".join(["d" * 60, "e" * 60, "f" * 50]) + ".example"
    assert len(long_address) >= 245
    env.subscribe((long_address, "fr", "2024-06-01"), ("reader@example.org", "en", "2024-06-01"))
    out = site.root / "outbox"
    result = env.notify("--dry-run", str(out))
    assert result.returncode == 0, result.stderr
    files = sorted(out.glob("*.eml"))
    assert len(files) == 2 and all(len(p.name) < 100 for p in files)
    messages = [parse_strict(p.read_bytes()) for p in files]
    assert sorted(m["To"].addresses[0].addr_spec for m in messages) == sorted([long_address, "reader@example.org"])
    assert smtp.received == []


def test_confirmation_email_is_plain_and_in_the_chosen_language(shipped: Shipped) -> None:
    composer, _ = shipped
    data = confirmation_email(
        composer.sender,
        "en",
        Mailbox("john@example.com", False),
        "https://x.example/confirmation/TOKEN",
        48,
        now=dt.datetime(2025, 3, 1, tzinfo=dt.UTC),
    )
    message = parse_strict(data)
    assert message["Subject"] == "Confirm your subscription to notices of changes to the privacy policy"
    assert message["Auto-Submitted"] == "auto-generated" and message["Date"].datetime.year == 2025
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "https://x.example/confirmation/TOKEN" in text and "48 hours" in text and "works once" in text
    assert "401, rue Racine Est" in text  # E1: who is writing
