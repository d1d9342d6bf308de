from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import Candidates, load_candidates
from lib.core import db
from lib.workbook import SAMPLE_LIBRARY, import_file

# A day on which the sample library has public, anonymized, internal and expired outcomes.
SAMPLE_DAY = dt.date(2026, 11, 24)


@pytest.fixture
def db_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite library for one test; also what the app and CLI will open."""
    url = f"sqlite:///{tmp_path / 'library.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = db.make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Candidates]:
    """The sample library as the recommender and the packs see it (read-only)."""
    if not SAMPLE_LIBRARY.exists():
        pytest.skip("no sample library")
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('sample') / 'library.db'}")
    plan, result = import_file(engine, SAMPLE_LIBRARY, who="test")
    assert plan.problems == [] and result is not None
    yield load_candidates(engine)
    engine.dispose()
