"""The test suite's own rules: browser tests really carry their marker, test modules never
import each other, and browser tests wait on conditions, not on the clock."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BROWSER = TESTS / "browser"


# Where the marker is tested: every browser module and a few others (collecting the whole
# suite would cost more than the rule is worth; the hook looks only at where a test is).
MARKER_SAMPLE = ("tests/browser", "tests/test_suite_rules.py", "tests/test_layout.py")


def _selected_and_deselected(*args: str) -> tuple[list[str], list[str]]:
    """Test ids pytest selects and deselects with the given options, from one separate process
    (tests/deselected_listing.py prints the deselected ones)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_XDIST")}
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    run = subprocess.run(
        [*command, "-p", "no:xdist", "-p", "tests.deselected_listing", *args, *MARKER_SAMPLE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode in (0, 5), run.stdout + run.stderr  # 5: nothing collected
    lines = run.stdout.splitlines()
    deselected = [
        line.removeprefix("deselected ") for line in lines if line.startswith("deselected ")
    ]
    selected = [line for line in lines if "::" in line and not line.startswith("deselected ")]
    return selected, deselected


def test_the_browser_marker_selects_exactly_the_browser_tests() -> None:
    """`-m browser` runs every test under tests/browser/ and `-m "not browser"` none of them:
    what `-m browser` leaves out is exactly what `-m "not browser"` runs."""
    browser, others = _selected_and_deselected("-m", "browser")
    assert browser, "no browser test was collected at all"
    assert others, "no other test was collected at all"
    assert [t for t in browser if not t.startswith("tests/browser/")] == []
    assert [t for t in others if t.startswith("tests/browser/")] == []


def _test_modules() -> list[Path]:
    return sorted(TESTS.rglob("test_*.py"))


def _imported_modules(source: str, package: str) -> list[str]:
    """Every module (and every name that may be a module) imported by `source`, a module of
    `package`; relative imports resolved."""
    found: list[str] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1]
            prefix = ".".join(base) if node.level else ""
            module = ".".join(p for p in (prefix, node.module or "") if p)
            found.append(module)
            found += [f"{module}.{alias.name}" for alias in node.names]
    return found


def _is_test_module(name: str) -> bool:
    last = name.rsplit(".", 1)[-1]
    return name.startswith("tests") and (last.startswith("test_") or last == "conftest")


@pytest.mark.parametrize("path", _test_modules(), ids=lambda p: str(p.relative_to(TESTS)))
def test_no_test_module_imports_another(path: Path) -> None:
    """Shared helpers live in helper modules (tests/builders.py, tests/*_data.py, ...): importing
    a test module runs its tests' module code twice and ties two files' fates together."""
    package = ".".join(path.relative_to(ROOT).parent.parts)
    imported = _imported_modules(path.read_text(), package)
    offending = [name for name in imported if _is_test_module(name)]
    assert offending == [], f"{path.name} imports {offending}; move what it needs to a helper"


@pytest.mark.parametrize(
    ("source", "package", "caught"),
    [
        ("from tests.test_packs import all_texts", "tests", True),
        ("import tests.test_packs", "tests", True),
        ("from tests import test_packs", "tests", True),
        ("from .test_packs import all_texts", "tests", True),
        ("from ..test_packs import all_texts", "tests.browser", True),
        ("from tests.conftest import SAMPLE_DAY", "tests", True),
        ("from tests.browser.conftest import CHROMIUM", "tests.browser", True),
        ("from tests.builders import uc", "tests", False),
        ("from tests.workbook_support import dump", "tests", False),
        ("from lib.core import db", "tests", False),
    ],
)
def test_the_import_scan_sees_every_spelling(source: str, package: str, caught: bool) -> None:
    """The rule above would pass vacuously if the scan missed a way of writing the import."""
    assert any(_is_test_module(n) for n in _imported_modules(source, package)) is caught


FIXED_WAITS = {"wait_for_timeout", "sleep"}


@pytest.mark.parametrize(
    "path", sorted(BROWSER.glob("*.py")), ids=lambda p: str(p.relative_to(TESTS))
)
def test_browser_tests_wait_on_conditions_not_the_clock(path: Path) -> None:
    calls = [
        f"line {node.lineno}: {node.func.attr}"
        for node in ast.walk(ast.parse(path.read_text(), str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in FIXED_WAITS
    ]
    assert calls == [], f"{path.name} waits a fixed time: {calls}"
