"""Fixtures every test can use, and the suite-wide rules: the `browser` marker, and which
database (SQLite files, or PostgreSQL when `CASEBOOK_TEST_DATABASE` names a server) holds the
libraries the tests build."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from lib.callprep.candidates import Candidates, load_candidates
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file
from tests import databases, postgresql_pass, worker_exit

# Property tests check what holds, not how fast: on a busy CI machine one example can take
# longer than hypothesis's default 200 ms deadline, which would fail a correct run.
settings.register_profile("casebook", deadline=None, print_blob=True)
settings.load_profile("casebook")

# The app collects and freezes the heap after each background build; in the test process that
# would walk every test's objects after every write (tests/test_warm.py checks it directly).
os.environ.setdefault("CASEBOOK_GC_FREEZE", "0")
# A page test that writes and reruns expects to see its write; serving the previous revision
# while the new one builds is the background build's own test (tests/test_warm.py).
os.environ.setdefault("CASEBOOK_SERVE_WHILE_BUILDING", "0")

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"
# Browser test modules that tests/run.sh also runs in its PostgreSQL pass (marked `postgresql`):
# the ones that write through the served app. The others run on SQLite only, which keeps the
# whole check near ten minutes; every non-browser test that opens a library runs on both.
ALSO_ON_POSTGRESQL = {
    "test_manage_browser.py",
    "test_home_browser.py",
    "test_two_servers_browser.py",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test under tests/browser/ as `browser`, so `-m "not browser"` leaves them out.

    A module-level `pytestmark` in a conftest marks nothing; a hook that looks at where each
    test lives also covers browser test modules added later.

    On PostgreSQL, a test that opens no library would only repeat its SQLite run: it is left
    out (tests/postgresql_pass.py says which tests open one). So is a test that only works on
    the sample's candidates (the `sample` fixture): tests/test_sample_candidates.py checks that
    they are the same read from either database.
    """
    for item in items:
        path = Path(str(item.path)).resolve()
        if BROWSER_TESTS in path.parents:
            item.add_marker(pytest.mark.browser)
            if path.name in ALSO_ON_POSTGRESQL:
                item.add_marker(pytest.mark.postgresql)
    for item in items:
        item.stash[OPENS_A_LIBRARY] = postgresql_pass.opens_a_library(item)
    if databases.on_postgresql():
        kept = [item for item in items if item.stash[OPENS_A_LIBRARY]]
        if len(kept) < len(items):
            config.hook.pytest_deselected(items=[i for i in items if i not in kept])
            items[:] = kept


OPENS_A_LIBRARY = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """A test the PostgreSQL pass leaves out must not ask `tests.databases` for a library: on
    either pass, it fails if it does (tests/postgresql_pass.py judged it wrongly). The `sample`
    fixture's library is the one exception (see `pytest_collection_modifyitems`)."""
    if item.stash.get(OPENS_A_LIBRARY, True) or "sample" in getattr(item, "fixturenames", ()):
        return (yield)
    with databases.refusing(
        f"{item.nodeid} asks tests.databases for a library, but tests/postgresql_pass.py "
        "judged that it opens none, so the PostgreSQL pass would leave it out: use the "
        "`db_url` or `engine` fixture, or name `databases` in the test or in a helper it calls"
    ):
        return (yield)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Scan the installed packages for Streamlit components once per test process.

    Every new AppTest scans the metadata of every installed distribution for components (about
    0.15 s of CPU, most of a small page's run). Nothing is installed while the suite runs, so
    the first answer stands; the app under test still registers what the scan found.
    """
    if "streamlit" not in sys.modules:
        return
    try:
        from streamlit.components.v2 import manifest_scanner
    except ImportError:  # a Streamlit without v2 components scans nothing
        return
    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)


def pytest_report_header() -> str:
    server = databases.server_url()
    if server is None:
        return "libraries: SQLite files (set CASEBOOK_TEST_DATABASE for PostgreSQL)"
    from sqlalchemy.engine import make_url

    return f"libraries: PostgreSQL {make_url(server).render_as_string(hide_password=True)}"


def pytest_sessionstart(session: pytest.Session) -> None:
    """Refuse to start against a PostgreSQL server that cannot be reached, in one message."""
    if not databases.on_postgresql():
        return
    try:
        with databases._admin_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except SQLAlchemyError as error:
        pytest.exit(
            f"{databases.ENV} names a PostgreSQL server that cannot be reached: {error.orig}",
            returncode=3,
        )


def pytest_sessionfinish(session: pytest.Session) -> None:
    if databases.on_postgresql():
        databases.drop_all()


def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker's clean-up walks a heap too big to finish before the controller
    interrupts it: see tests/worker_exit.py."""
    worker_exit.freeze_heap_if_worker(config)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A fresh, empty library for one test; also what the app and CLI will open."""
    url = databases.new_database_url(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    yield url
    databases.drop_database(url)


@pytest.fixture(scope="session")
def schema_copy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[databases.SchemaCopy]:
    """The latest schema, migrated once per test process and copied into each `engine`."""
    copy = databases.SchemaCopy(tmp_path_factory.mktemp("schema"))
    yield copy
    copy.close()


@pytest.fixture
def engine(db_url: str, schema_copy: databases.SchemaCopy) -> Iterator[Engine]:
    """The library at `db_url`, at the latest schema; `make_engine` still runs the migrations
    (none are pending). Tests of migrating an empty library open `db_url` themselves."""
    schema_copy.fill(db_url)
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Candidates]:
    """The sample library as the recommender and the packs see it (read-only)."""
    if not SAMPLE_LIBRARY.exists():
        pytest.skip("no sample library")
    url = databases.new_database_url(tmp_path_factory.mktemp("sample"))
    engine = db.make_engine(url)
    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.problems == [] and result is not None
    yield load_candidates(engine)
    engine.dispose()
    databases.drop_database(url)
