"""The connection pool of one app server: big enough that 25 reps rerunning at once reuse
connections instead of opening and closing one around each query, and set by
CASEBOOK_DB_POOL_SIZE with a plain message when the setting is not a number."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import Engine, event, text

from lib.core import db


def _opened_during(engine: Engine, sessions: int) -> int:
    """Connections opened while `sessions` threads each hold one at the same moment, twice
    over (a second profile change after the first)."""
    opened = [0]

    @event.listens_for(engine, "connect")
    def connected(dbapi_connection, record) -> None:  # type: ignore[no-untyped-def]
        opened[0] += 1

    for _ in range(2):
        together = threading.Barrier(sessions)

        def rerun(together: threading.Barrier = together) -> None:
            with db.reading(engine) as conn:
                conn.execute(text("SELECT 1")).all()
                together.wait(timeout=60)  # every session holds its connection at once

        threads = [threading.Thread(target=rerun) for _ in range(sessions)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    return opened[0]


def test_sessions_up_to_the_pool_size_reuse_their_connections(engine: Engine) -> None:
    sessions = db.DEFAULT_POOL_SIZE
    opened = _opened_during(engine, sessions)
    assert opened <= sessions, f"{opened} connections opened for {sessions} sessions, twice"


def test_the_pool_size_comes_from_the_setting(
    db_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(db.POOL_SIZE_SETTING, "3")
    engine = db.make_engine(db_url)
    try:
        assert engine.pool.size() == 3  # type: ignore[attr-defined]
    finally:
        engine.dispose()


@pytest.mark.parametrize("value", ["many", "0", "-2", "2.5", "100000"])
def test_a_pool_size_that_is_not_a_number_of_connections_is_refused_plainly(
    db_url: str, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv(db.POOL_SIZE_SETTING, value)
    with pytest.raises(db.DatabaseUnavailable) as refused:
        db.make_engine(db_url)
    assert db.POOL_SIZE_SETTING in str(refused.value) and repr(value) in str(refused.value)
