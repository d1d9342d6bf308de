"""Which tests the PostgreSQL pass runs: every test that can open a library there, and none
that would only repeat its SQLite run (tests/postgresql_pass.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests import databases
from tests.postgresql_pass import TESTS, reaches

MODULE = '''
from tests import databases
from tests.databases import on_postgresql as on_pg

CASES = [1, 2]


def _library(folder):
    return databases.new_database_url(folder)


def _indirect(folder):
    return _library(folder)


def test_through_a_helper(tmp_path):
    _indirect(tmp_path)


def test_through_a_name_imported_from_it():
    assert on_pg() in (True, False)


def test_imports_it_itself(tmp_path):
    from tests.databases import new_database_url

    new_database_url(tmp_path)


def test_sets_the_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite://")


def test_pure_arithmetic():
    """Nothing here opens a library, whatever this docstring says about databases."""
    assert sum(CASES) == 3


class TestGrouped:
    def test_in_a_class(self, tmp_path):
        _library(tmp_path)
'''


@pytest.fixture
def module(tmp_path: Path) -> Path:
    path = tmp_path / "test_sample_module.py"
    path.write_text(textwrap.dedent(MODULE))
    return path


@pytest.mark.parametrize(
    ("test", "opens"),
    [
        ("test_through_a_helper", True),
        ("test_through_a_name_imported_from_it", True),
        ("test_imports_it_itself", True),
        ("test_sets_the_url", True),
        ("TestGrouped", True),
        ("test_pure_arithmetic", False),
        ("test_not_written_as_a_function", True),  # not found: kept
    ],
)
def test_what_a_test_reaches_is_read_from_its_code_and_its_helpers(
    module: Path, test: str, opens: bool
) -> None:
    assert reaches(module, test) is opens


def test_module_code_that_uses_the_database_keeps_every_test(tmp_path: Path) -> None:
    path = tmp_path / "test_skipped_module.py"
    path.write_text(
        "import pytest\nfrom tests import databases\n"
        "pytestmark = pytest.mark.skipif(not databases.on_postgresql(), reason='x')\n"
        "def test_pure():\n    assert True\n"
    )
    assert reaches(path, "test_pure")


def test_the_suites_own_fixtures_and_tests_are_judged_as_they_run() -> None:
    """The served app's library is on the database under test (the browser tests marked
    `postgresql` use it); the warmer's thread tests open no library."""
    assert reaches(TESTS / "browser" / "conftest.py", "served_library")
    assert reaches(TESTS / "conftest.py", "db_url")
    assert not reaches(TESTS / "browser" / "conftest.py", "new_page")
    assert not reaches(TESTS / "test_warm.py", "test_a_thread_that_enters_again_is_one_run")
    assert not reaches(TESTS / "test_influence.py", "test_wilson_refuses_impossible_counts")


def test_a_refused_library_fails_with_the_reason(tmp_path: Path) -> None:
    with databases.refusing("judged to open none"), pytest.raises(AssertionError) as refused:
        databases.new_database_url(tmp_path)
    assert "judged to open none" in str(refused.value)
    url = databases.new_database_url(tmp_path)  # asked again after the block: given
    databases.drop_database(url)
