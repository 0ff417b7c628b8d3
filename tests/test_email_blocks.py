"""E2, T1: the notice holds its known blocks and nothing else (an allow-list, not a deny-list).

The notice is composed for real (the repository's mkdocs.yml, a new version's
version.yml, `strings/<lang>.yml`). Every block a reader may see is listed here
from those three sources, in order: greeting, intro, summary, the consent warning,
the links, the sender's identification (E1), why the reader gets it, how to leave.
The text of each part, spaces folded, must be exactly those blocks, so a promotional
sentence or a tagline added anywhere fails, whatever its words. A new block must be
added here on purpose. The confirmation of a web subscription (E10) is held to the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import re
from email.message import EmailMessage
from email.policy import strict
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from conftest import REPO
from policy_archive.l10n import format_date, t
from policy_archive.mail.compose import Composer, NotifyError, Recipient, Sender, confirmation_email
from policy_archive.mail.send import candidates
from policy_archive.mail.store import mailbox
from policy_archive.model import Policy, Version
from test_notify import AS_OF, NEW, Shipped

SITE = "https://dynamiqueconseil.com/confidentialite/"
TOKEN = "tok-en_123"
UNSUBSCRIBE = f"https://dynamiqueconseil.com/confidentialite/desabonnement/{TOKEN}"
MAILTO = "desabonnement@dynamiqueconseil.com"


def options_of(mkdocs_yml: Path) -> tuple[SimpleNamespace, dict[str, str]]:
    """The plugin's organisation and notify options of a mkdocs.yml, as `Sender.from_config` reads them.

    Read with YAML rather than MkDocs' loader: a tenth of the time, which counts under mutation testing.
    """
    config = yaml.safe_load(mkdocs_yml.read_text(encoding="utf-8"))
    (plugin,) = [p["policy-archive"] for p in config["plugins"] if isinstance(p, dict) and "policy-archive" in p]
    notify = {"reply_to": "", "list_id": "", "message_id_domain": "", "unsubscribe_mailto": "", **plugin["notify"]}
    options = SimpleNamespace(
        organisation=SimpleNamespace(**plugin["organisation"]),
        notify=SimpleNamespace(**notify),
        languages=plugin.get("languages", ["fr", "en"]),
    )
    return options, {"site_url": config["site_url"]}


@pytest.fixture(scope="module")
def repository_notice() -> Shipped:
    """The repository's sender and a policy of two versions: the seed, then a significant change that
    reduces rights, published before AS_OF and taking effect after it (upcoming, T2)."""

    def version(vid: str, published: str, reduces_rights: bool, summary: dict[str, str]) -> Version:
        day = dt.date.fromisoformat
        return Version(vid, REPO / "policy" / vid, day(vid), day(published), True, reduces_rights, summary)

    summary = {
        "fr": f"Nous conservons vos renseignements moins longtemps (version {NEW}).",
        "en": f"We keep your information for a shorter time (version {NEW}).",
    }
    policy = Policy(
        [version("2023-12-23", "2023-12-23", False, {}), version(NEW, "2025-02-01", True, summary)],
        dt.date.fromisoformat(AS_OF),
        ["fr", "en"],
    )
    options, mkdocs = options_of(REPO / "mkdocs.yml")
    return Composer(Sender.from_config(options, mkdocs), policy), candidates(policy)


class Text(HTMLParser):
    """The words of an HTML part, and every link target."""

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hrefs += [value or "" for name, value in attrs if name == "href"]

    def handle_data(self, data: str) -> None:
        self.words += data.split()


def fold(*blocks: str) -> str:
    return " ".join(" ".join(blocks).split())


def parts(data: bytes) -> tuple[str, Text]:
    msg: EmailMessage = email.message_from_bytes(data, policy=strict)  # type: ignore[assignment]
    plain, markup = msg.get_body(("plain",)), msg.get_body(("html",))
    assert plain is not None and markup is not None
    assert [p.get_content_type() for p in msg.iter_parts()] == ["text/plain", "text/html"]  # nothing attached
    page = Text()
    page.feed(markup.get_content())
    return plain.get_content(), page


def sender_blocks(sender: Sender, lang: str) -> list[str]:
    """E1: name, postal address, then phone, email and website with their labels."""
    rows = [("email_phone", sender.phone), ("email_email", sender.email), ("email_website", sender.website)]
    return [sender.organisation, sender.postal_address] + [f"{t(lang, key)} {value}" for key, value in rows if value]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_notice_is_its_known_blocks_and_nothing_else(repository_notice: Shipped, lang: str) -> None:
    composer, versions = repository_notice
    (version,) = [v for v in versions if v.id == NEW]
    assert version.reduces_rights  # the consent warning is one of the blocks
    s, org = composer.sender, composer.sender.organisation
    date = format_date(version.effective, lang)
    prefix = SITE if lang == "fr" else f"{SITE}en/"
    changes, full = f"{prefix}versions/{NEW}/changes/", f"{prefix}versions/{NEW}/"
    when = dt.datetime(2025, 2, 15, 17, 0, tzinfo=dt.UTC)
    data = composer.compose(
        version, Recipient(7, "reader@example.org", lang, TOKEN), "<m.1@dynamiqueconseil.com>", when
    )
    text, page = parts(data)
    # E4: the headers, and no other
    msg = email.message_from_bytes(data, policy=strict)
    assert [(k, str(v)) for k, v in msg.items() if k not in ("From", "Reply-To", "Content-Type")] == [
        ("To", "reader@example.org"),
        ("Date", "Sat, 15 Feb 2025 17:00:00 +0000"),
        ("Message-ID", "<m.1@dynamiqueconseil.com>"),
        ("List-Unsubscribe", f"<{UNSUBSCRIBE}>, <mailto:{MAILTO}?subject=unsubscribe%20{TOKEN}>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"),
        ("Subject", t(lang, "email_subject", date=date)),
        ("List-Id", f"{t(lang, 'email_list_name')} <confidentialite.dynamiqueconseil.com>"),
        ("MIME-Version", "1.0"),
        ("Content-Language", f"{lang}-CA"),
    ]
    for name, address in (
        ("From", "confidentialite@dynamiqueconseil.com"),
        ("Reply-To", "jpmonfet@dynamiqueconseil.com"),
    ):
        assert [(a.display_name, a.addr_spec) for a in msg[name].addresses] == [(org, address)]
    assert msg.get_content_type() == "multipart/alternative"
    assert [p["Content-Transfer-Encoding"] for p in msg.iter_parts()] == ["quoted-printable"] * 2
    assert [p.get_content_charset() for p in msg.iter_parts()] == ["utf-8"] * 2
    assert f'<html lang="{lang}-CA">' in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]

    head = [
        t(lang, "email_greeting"),
        t(lang, "email_intro_upcoming", organisation=org, date=date),  # AS_OF is before NEW: upcoming (T2)
        t(lang, "email_summary_title"),
        version.summary[lang],
        t(lang, "email_consent_express"),
    ]
    why = t(lang, "email_why", organisation=org).replace("..", ".")
    leave = [t(lang, "email_unsubscribe"), UNSUBSCRIBE, t(lang, "email_unsubscribe_mailto", address=MAILTO)]
    assert fold(text) == fold(
        *head,
        t(lang, "email_changes_link"),
        changes,
        t(lang, "email_full_link"),
        full,
        "-" * 20,
        *sender_blocks(s, lang),
        why,
        *leave,
    )
    assert " ".join(page.words) == fold(
        t(lang, "email_subject", date=date),  # the page's <title>
        *head,
        t(lang, "email_changes_link").rstrip(" :"),
        t(lang, "email_full_link").rstrip(" :"),
        *sender_blocks(s, lang),
        why,
        *leave,
    )
    assert page.hrefs == [changes, full, f"mailto:{s.email}", s.website, UNSUBSCRIBE]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_confirmation_email_is_its_known_blocks_and_nothing_else(repository_notice: Shipped, lang: str) -> None:
    composer, _ = repository_notice
    s, link = composer.sender, "https://dynamiqueconseil.com/confidentialite/abonnement/confirmer?t=abc"
    data = confirmation_email(s, lang, mailbox("new@example.org"), link, 48, now=dt.datetime(2025, 2, 1, tzinfo=dt.UTC))
    text, page = parts(data)
    msg = email.message_from_bytes(data, policy=strict)
    assert [a.addr_spec for a in msg["From"].addresses] == ["confidentialite@dynamiqueconseil.com"]
    assert [a.addr_spec for a in msg["Reply-To"].addresses] == ["jpmonfet@dynamiqueconseil.com"]
    assert (msg["To"], msg["Subject"], msg["Date"]) == (
        "new@example.org",
        t(lang, "confirm_email_subject"),
        "Sat, 01 Feb 2025 00:00:00 +0000",
    )
    assert re.fullmatch(r"<confirm\.[0-9a-f]{16}@dynamiqueconseil\.com>", msg["Message-ID"])
    assert (msg["Auto-Submitted"], msg["Content-Language"]) == ("auto-generated", f"{lang}-CA")
    assert data.isascii() and b"\n" not in data.replace(b"\r\n", b"")  # 7-bit, CRLF lines (RFC 5322)
    assert [p["Content-Transfer-Encoding"] for p in msg.iter_parts()] == ["quoted-printable"] * 2
    now = email.message_from_bytes(confirmation_email(s, lang, mailbox("n@example.org"), link, 48), policy=strict)
    assert now["Date"].datetime.utcoffset() == dt.timedelta(0)
    assert f'<html lang="{lang}-CA">' in msg.get_body(("html",)).get_content()  # type: ignore[union-attr]
    head = [
        t(lang, "email_greeting"),
        t(lang, "confirm_email_intro", organisation=s.organisation).replace("..", "."),
        t(lang, "confirm_email_action", hours="48"),
    ]
    ignore = t(lang, "confirm_email_ignore")
    assert fold(text) == fold(*head, link, ignore, "-" * 20, *sender_blocks(s, lang))
    assert " ".join(page.words) == fold(
        t(lang, "confirm_email_subject"),
        *head,
        t(lang, "confirm_email_link"),
        link,
        ignore,
        *sender_blocks(s, lang),
    )
    assert page.hrefs == [link, f"mailto:{s.email}", s.website]


def test_the_blocks_follow_the_version_the_reader_and_the_settings(repository_notice: Shipped) -> None:
    """The variants the repository's own notice does not show: in force, another language, fewer settings."""
    composer, versions = repository_notice
    (version,) = [v for v in versions if v.id == NEW]
    first = composer.policy.versions[0]
    assert composer.links(first, "fr")[0] is None  # a first version has no changes page
    # In force on its effective day and after: the intro says so (T2: before, it announces).
    for as_of in (NEW, "2025-03-02"):
        policy = Policy(list(composer.policy.versions), dt.date.fromisoformat(as_of), ["fr", "en"])
        text, _ = parts(
            Composer(composer.sender, policy).compose(version, Recipient(1, "a@example.org", "fr", "t"), "<m@x>")
        )
        date = format_date(version.effective, "fr")
        assert t("fr", "email_intro_in_force", organisation=composer.sender.organisation, date=date) in fold(text)
    # A reader whose language the site no longer has reads French (F4); a missing summary falls back to French.
    text, _ = parts(composer.compose(version, Recipient(2, "b@example.org", "de", "t"), "<m@x>"))
    assert t("fr", "email_greeting") in text
    short = dataclasses.replace(version, summary={"fr": "Seulement en français."})
    text, _ = parts(
        Composer(composer.sender, composer.policy).compose(short, Recipient(3, "c@x.org", "en", "t"), "<m@x>")
    )
    assert "Seulement en français." in text and t("en", "email_greeting") in text
    # Without `now`, the date is the current time in UTC; an ASCII reader gets a 7-bit message with CRLF lines.
    data = composer.compose(version, Recipient(4, "d@example.org", "fr", "t"), "<m@x>")
    msg = email.message_from_bytes(data, policy=strict)
    sent = msg["Date"].datetime
    assert sent.utcoffset() == dt.timedelta(0) and abs(sent - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert data.isascii() and b"\n" not in data.replace(b"\r\n", b"")
    # An accented local part goes out as UTF-8 in To (RFC 6532; sent only over SMTPUTF8).
    accented = composer.compose(version, Recipient(5, "émilie@example.org", "fr", "t"), "<m@x>")
    assert "To: émilie@example.org\r\n".encode() in accented
    # Only an https unsubscribe address gets the one-click header (E4); without the mailto, no mailto line.
    https_only = dataclasses.replace(composer.sender, unsubscribe_mailto="", reply_to="")
    msg = email.message_from_bytes(
        Composer(https_only, composer.policy).compose(version, Recipient(6, "e@example.org", "fr", "tk"), "<m@x>"),
        policy=strict,
    )
    assert (msg["List-Unsubscribe"], msg["List-Unsubscribe-Post"], msg["Reply-To"]) == (
        f"<{SITE}desabonnement/tk>",
        "List-Unsubscribe=One-Click",
        None,
    )
    assert msg["From"] and msg["Subject"] == t("fr", "email_subject", date=format_date(version.effective, "fr"))
    plain, html_part = msg.get_body(("plain",)).get_content(), msg.get_body(("html",))  # type: ignore[union-attr]
    assert fold(plain).endswith(fold(t("fr", "email_unsubscribe"), f"{SITE}desabonnement/tk"))
    page = Text()
    page.feed(html_part.get_content())  # type: ignore[union-attr]
    assert " ".join(page.words).endswith(fold(t("fr", "email_unsubscribe"), f"{SITE}desabonnement/tk"))
    mailto_only = dataclasses.replace(composer.sender, unsubscribe_url="")
    msg = email.message_from_bytes(
        Composer(mailto_only, composer.policy).compose(version, Recipient(7, "f@example.org", "fr", "tk"), "<m@x>"),
        policy=strict,
    )
    assert msg["List-Unsubscribe"] == f"<mailto:{MAILTO}?subject=unsubscribe%20tk>"
    assert [a.addr_spec for a in msg["From"].addresses] == ["confidentialite@dynamiqueconseil.com"]
    assert msg["List-Unsubscribe-Post"] is None
    # An unsubscribe address ending in '=' takes the token as is; one without a slash gets one.
    for base, link in ((f"{SITE}u?t=", f"{SITE}u?t=tk"), (f"{SITE}u", f"{SITE}u/tk")):
        assert (
            Composer(dataclasses.replace(composer.sender, unsubscribe_url=base), composer.policy).unsubscribe_link("tk")
            == link
        )
    # Only http(s) websites become links (S1).
    for website, href in (("javascript:alert(1)", None), ("http://example.org/", "http://example.org/")):
        rows = dataclasses.replace(composer.sender, website=website).contact("fr")
        assert rows[-1] == (t("fr", "email_website"), website, href)


def test_the_confirmation_without_reply_to_and_to_an_accented_address(repository_notice: Shipped) -> None:
    composer, _ = repository_notice
    plain = dataclasses.replace(composer.sender, reply_to="")
    msg = email.message_from_bytes(confirmation_email(plain, "fr", mailbox("a@example.org"), "https://x.org/c", 48))
    assert msg["Reply-To"] is None and list(msg.keys())[:2] == ["From", "To"]
    accented = confirmation_email(composer.sender, "fr", mailbox("émilie@example.org"), "https://x.org/c", 48)
    assert "To: émilie@example.org".encode() in accented  # RFC 6532, sent only over SMTPUTF8


@pytest.mark.parametrize(
    ("change", "refusal"),
    [
        ({"organisation": {"address": ""}}, "the messages must identify the sender (E1)"),
        ({"organisation": {"phone": "", "email": "", "website": ""}}, "the messages must identify the sender (E1)"),
        ({"organisation": {"name": "Org\r\nBcc: x@example.org"}}, "organisation.name contains a line break"),
        ({"notify": {"unsubscribe_url": "", "unsubscribe_mailto": ""}}, "no way to unsubscribe (E1)"),
        ({"notify": {"unsubscribe_url": "http://example.org/u/"}}, "notify.unsubscribe_url must start with https://"),
        ({"notify": {"list_id": "liste des avis"}}, "notify.list_id 'liste des avis' must be a dotted name"),
        ({"notify": {"sender": "not an address"}}, "mkdocs.yml, notify.sender:"),
        ({"site_url": ""}, "site_url is not set in mkdocs.yml"),
    ],
)
def test_a_sender_that_would_break_a_rule_is_refused(change: dict, refusal: str) -> None:
    options, mkdocs = options_of(REPO / "mkdocs.yml")
    for part, values in change.items():
        if part == "site_url":
            mkdocs["site_url"] = values
        else:
            vars(getattr(options, part)).update(values)
    with pytest.raises(NotifyError) as refused:
        Sender.from_config(options, mkdocs)
    assert refusal in str(refused.value)


def test_the_sender_defaults() -> None:
    options, mkdocs = options_of(REPO / "mkdocs.yml")
    vars(options.notify).update(list_id="", message_id_domain="", sender="")
    sender = Sender.from_config(options, {"site_url": "https://example.org/p"})
    assert (sender.from_address, sender.list_id, sender.message_id_domain) == (
        "jpmonfet@dynamiqueconseil.com",  # organisation.email
        "confidentialite.dynamiqueconseil.com",
        "dynamiqueconseil.com",
    )
    assert (sender.site_url, sender.default_lang) == ("https://example.org/p/", "fr")
    vars(options.notify).update(unsubscribe_url="", unsubscribe_mailto="")  # the web service needs neither
    assert Sender.from_config(options, mkdocs, for_notices=False).unsubscribe_url == ""


@pytest.mark.parametrize("kept", ["phone", "email", "website"])
def test_one_way_to_reach_the_sender_is_enough(kept: str) -> None:
    """E1: a phone, an email or a web address (any one of them) with the name and the postal address."""
    options, mkdocs = options_of(REPO / "mkdocs.yml")
    vars(options.organisation).update({k: "" for k in ("phone", "email", "website") if k != kept})
    sender = Sender.from_config(options, mkdocs)
    assert [label for label, _, _ in sender.contact("fr")] == [t("fr", f"email_{kept}")]
