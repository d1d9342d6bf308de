"""What one rerun reads from the database: the library's revision and the signed-in person's
role are read once per script run, however many parts of the frame and the page ask; a new
run reads them again, and a write made during a run is seen by the rest of that run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from lib.core import access, db, ui
from tests.apptest import APP
from tests.callprep_data import rep_library
from tests.signin_support import auth_secrets, discovery_server


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many times the revision and roles were read from the database."""
    counts = {"revision": 0, "role": 0}
    real_revision, real_role = db.revision, ui.role_for

    def revision(engine: Engine) -> int:
        counts["revision"] += 1
        return real_revision(engine)

    def role_for(engine: Engine, email: str) -> str:
        counts["role"] += 1
        return real_role(engine, email)

    monkeypatch.setattr(db, "revision", revision)
    monkeypatch.setattr(ui, "role_for", role_for)
    return counts


@pytest.fixture
def provider() -> Iterator[str]:
    with discovery_server() as url:
        yield url


def test_a_call_prep_rerun_reads_the_revision_and_the_role_once(
    engine: Engine, provider: str, reads: dict[str, int]
) -> None:
    rep_library(engine)
    access.grant(engine, None, "ana@acme.com", "admin")
    access.set_default_role(engine, access.local_actor(), "rep")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth_secrets(provider)
    at.user = {"is_logged_in": True, "email": "rey@acme.com", "name": "Rey"}
    at.query_params["industry"] = "Healthcare"
    at.run()
    at.switch_page("app_pages/call_prep.py").run()
    assert not at.exception and at.checkbox, "Call prep shows its picks"
    for industry in ("Logistics", "Finance"):
        reads.update(revision=0, role=0)
        at.selectbox(key="industry").select(industry).run()
        assert not at.exception
        assert reads == {"revision": 1, "role": 1}


def test_a_write_during_a_run_is_read_by_the_rest_of_it(engine: Engine) -> None:
    """The revision a run remembers is dropped when that run writes (`db.bump_revision`)."""
    script = """
import streamlit as st
from lib.core import ui
from lib.core.db import bump_revision, unit_of_work
before = ui.current_revision()
with unit_of_work(ui.engine()) as session:
    bump_revision(session)
st.text(f"{before} {ui.current_revision()}")
"""
    at = AppTest.from_string(script, default_timeout=60).run()
    assert not at.exception, at.exception
    before, after = (int(n) for n in at.text[0].value.split())
    assert after == before + 1
