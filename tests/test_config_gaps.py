"""L3, L4: a site that does not say who publishes the policy, or who answers for it, does not build.

`policy-archive check` and `mkdocs build` both refuse it (they share `config.site_problems`),
with the line of mkdocs.yml and a hint, instead of publishing pages without the name or
the person in charge.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from conftest import Site
from test_check import AS_OF, assert_reported

Edit = Callable[[list[str]], list[str]]


def block(lines: list[str], key: str) -> tuple[int, int]:
    """(first, end) indexes of the option `key` of the plugin and its indented lines."""
    start = lines.index(f"      {key}:")
    end = start + 1
    while end < len(lines) and lines[end].startswith("        "):
        end += 1
    return start, end


def drop(key: str, sub: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        start, end = block(lines, key)
        return [ln for i, ln in enumerate(lines) if not (start < i < end and ln.startswith(f"        {sub}:"))]

    return edit


def blank(key: str, sub: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        start, end = block(lines, key)
        return [
            f'        {sub}: ""' if start < i < end and ln.startswith(f"        {sub}:") else ln
            for i, ln in enumerate(lines)
        ]

    return edit


def drop_block(key: str) -> Edit:
    def edit(lines: list[str]) -> list[str]:
        start, end = block(lines, key)
        return lines[:start] + lines[end:]

    return edit


CASES = {
    # name: (edit, text of the error, line it is on: the first of these found in the edited file)
    "organisation-name-blank": (blank("organisation", "name"), "organisation.name is not set", ['        name: ""']),
    "organisation-name-missing": (
        drop("organisation", "name"),
        "organisation.name is not set",
        ["      organisation:"],
    ),
    "officer-name-missing": (
        drop("privacy_officer", "name"),
        "privacy_officer.name not set",
        ["      privacy_officer:"],
    ),
    "officer-email-blank": (blank("privacy_officer", "email"), "privacy_officer.email not set", ['        email: ""']),
    "officer-missing": (
        drop_block("privacy_officer"),
        "privacy_officer.name and privacy_officer.email not set",
        ["  - policy-archive:"],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_check_and_build_refuse_a_site_without_its_organisation_or_officer(site: Site, case: str) -> None:
    edit, text, anchors = CASES[case]
    cfg = site.root / "mkdocs.yml"
    lines = edit(cfg.read_text(encoding="utf-8").splitlines())
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    line = next(lines.index(a) + 1 for a in anchors if a in lines)
    check = site.run("check", as_of=AS_OF)
    assert check.returncode == 1, check.stderr
    assert_reported(check, f"mkdocs.yml:{line}", text)
    build = site.mkdocs("build", as_of=AS_OF)
    assert build.returncode != 0 and "Traceback" not in build.stderr
    said = [ln for ln in build.stderr.splitlines() if f"mkdocs.yml:{line}: error: {text}" in ln]
    assert said, build.stderr  # the same message, after MkDocs' log prefix
