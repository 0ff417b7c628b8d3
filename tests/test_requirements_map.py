"""Every rule of REQUIREMENTS.md is proven by at least one test that exists (issue 15).

The ids come from ../shared/REQUIREMENTS.md when it is there; on a clean clone
(CI) they come from the copy kept in `requirements_map.IDS`. Test names are read
from the test files with `ast` (functions, methods of Test classes), so nothing
is imported or run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from requirements_map import IDS, NOTES, PROOFS

TESTS = Path(__file__).resolve().parent
REQUIREMENTS = TESTS.parent.parent / "shared" / "REQUIREMENTS.md"
ENTRY = re.compile(r"^(test_\w+\.py)::((?:Test\w+::)?test\w*)(?:\[([^\]]+)\])?$")


def ids_of(text: str) -> list[str]:
    """The rule ids of REQUIREMENTS.md: list items that start with an id and a full stop ("- E10. ...")."""
    return re.findall(r"^\s*[-*]\s+\**([A-Z]\d+)\.", text, flags=re.MULTILINE)


def collected_names(path: Path) -> set[str]:
    """`test_x` and `TestY::test_x` names pytest would collect from one file."""
    found: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            found |= {
                f"{node.name}::{item.name}"
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test")
            }
    return found


def problems(ids: list[str], proofs: dict[str, list[str]], folder: Path) -> list[str]:
    """What is wrong with a map, in words; empty when every id has tests that exist."""
    found: list[str] = []
    if len(set(ids)) != len(ids):
        found.append(f"ids listed twice: {sorted({i for i in ids if ids.count(i) > 1})}")
    found += [f"{i}: no test proves it" for i in ids if not proofs.get(i)]
    found += [f"{i}: not a rule of REQUIREMENTS.md" for i in proofs if i not in ids]
    names: dict[str, set[str]] = {}
    for rule, entries in proofs.items():
        for entry in entries:
            match = ENTRY.match(entry)
            if match is None:
                found.append(f"{rule}: '{entry}' is not 'test_file.py::test_name' (optionally '[case]')")
                continue
            file, test, case = match.groups()
            path = folder / file
            if not path.is_file():
                found.append(f"{rule}: {file} does not exist")
                continue
            if file not in names:
                names[file] = collected_names(path)
            if test not in names[file]:
                found.append(f"{rule}: {file} has no test {test}")
            elif case is not None and not re.search(rf"""["']{re.escape(case)}["']""", path.read_text("utf-8")):
                found.append(f"{rule}: {file} names no case '{case}' (for {test})")
    return found


def test_the_map_lists_exactly_the_rules_of_requirements_md() -> None:
    if REQUIREMENTS.is_file():
        assert ids_of(REQUIREMENTS.read_text(encoding="utf-8")) == IDS, "update IDS in tests/requirements_map.py"
    assert IDS[0] == "L1" and IDS[-1] == "A4"
    assert {"T5", "E10", "E11", "S1", "S2"} <= set(IDS)
    assert list(PROOFS) == IDS  # every id, once, in the order of REQUIREMENTS.md
    assert set(NOTES) <= set(IDS)


def test_every_rule_is_proven_by_tests_that_exist() -> None:
    assert problems(IDS, PROOFS, TESTS) == []


def test_the_ids_are_read_from_requirements_md() -> None:
    text = "# Rules\n- L1. One.\n- E10. Ten, not E1.\n  - L9 inside a sentence is no rule\n- **S2.** Bold.\n"
    assert ids_of(text) == ["L1", "E10", "S2"]


@pytest.mark.parametrize(
    ("proofs", "expected"),
    [
        ({"L1": ["test_a.py::test_one"], "L2": []}, "L2: no test proves it"),
        ({"L1": ["test_a.py::test_one"]}, "L2: no test proves it"),
        ({"L1": ["test_a.py::test_one"], "L2": ["test_a.py::test_none"]}, "L2: test_a.py has no test test_none"),
        ({"L1": ["test_a.py::test_one"], "L2": ["test_b.py::test_one"]}, "L2: test_b.py does not exist"),
        (
            {"L1": ["test_a.py::test_one"], "L2": ["test_a.py::TestGroup::test_two"], "X9": ["test_a.py::test_one"]},
            "X9: not a rule of REQUIREMENTS.md",
        ),
        ({"L1": ["test_a.py::test_one[zzz]"], "L2": ["test_a.py::test_three"]}, "L1: test_a.py names no case 'zzz'"),
        ({"L1": ["test_a.py::test_one"], "L2": ["test_a.py::helper"]}, "is not 'test_file.py::test_name'"),
    ],
)
def test_a_rule_without_a_real_test_fails(tmp_path: Path, proofs: dict[str, list[str]], expected: str) -> None:
    (tmp_path / "test_a.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.parametrize('x', [1], ids=['yyy'])\n"
        "def test_one(x):\n    pass\n\n"
        "class TestGroup:\n    def test_two(self):\n        pass\n\n"
        "async def test_three():\n    pass\n\n"
        "def helper():\n    pass\n",
        encoding="utf-8",
    )
    found = problems(["L1", "L2"], proofs, tmp_path)
    assert any(expected in p for p in found), found
    good = {"L1": ["test_a.py::test_one[yyy]", "test_a.py::TestGroup::test_two"], "L2": ["test_a.py::test_three"]}
    assert problems(["L1", "L2"], good, tmp_path) == []
