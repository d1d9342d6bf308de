"""What one rerun reads from the database, counted on SQLite and (with CASEBOOK_TEST_DATABASE)
on PostgreSQL: the library's revision and the signed-in person's role in one statement, a
small fixed number of statements and connections per Call prep rerun, none of them leaving a
transaction open (on PostgreSQL a transaction costs a BEGIN and a ROLLBACK round trip per
connection). What changes elsewhere (a role, the library) still shows on the next rerun, and a
write made during a run is seen by the rest of it."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from lib.core import access, db
from tests.apptest import APP
from tests.callprep_data import rep_library
from tests.signin_support import auth_secrets, discovery_server

# What a Call prep rerun in team mode reads, at most: the revision with the role (one
# statement), whether the win signal is on with the deals' stamp (one statement), the
# references' asks and rows (one connection), and the rep's recent preps with their feedback
# (one connection).
MOST_STATEMENTS = 6
MOST_CONNECTIONS = 4


@dataclass
class Reads:
    """The statements and connections of the library under test since the last `reset`."""

    statements: list[str] = field(default_factory=list)
    connections: int = 0
    left_in_transaction: list[str] = field(default_factory=list)

    def reset(self) -> None:
        self.statements.clear()
        self.connections = 0
        self.left_in_transaction.clear()

    def reading(self, table: str) -> list[str]:
        return [s for s in self.statements if f"FROM {table}" in s]


def _in_transaction(conn: Connection) -> bool:
    """Whether the driver's connection is inside a transaction it will have to roll back."""
    driver = conn.connection.dbapi_connection
    if conn.dialect.name == "postgresql":
        return driver.info.transaction_status != 0  # type: ignore[union-attr]  # 0: IDLE
    return bool(driver.in_transaction)  # type: ignore[union-attr]


@pytest.fixture
def reads(db_url: str) -> Iterator[Reads]:
    """Every statement sent to the test's library (by the app's own engine too)."""
    found = Reads()
    url = make_url(db_url)

    def connected(conn: Connection) -> None:
        if conn.engine.url == url:
            found.connections += 1

    def executed(conn, cursor, statement, parameters, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if conn.engine.url != url:
            return
        found.statements.append(" ".join(statement.split()))
        if _in_transaction(conn):
            found.left_in_transaction.append(statement.split("\n")[0])

    event.listen(Engine, "engine_connect", connected)
    event.listen(Engine, "after_cursor_execute", executed)
    yield found
    event.remove(Engine, "engine_connect", connected)
    event.remove(Engine, "after_cursor_execute", executed)


@pytest.fixture
def provider() -> Iterator[str]:
    with discovery_server() as url:
        yield url


def _signed_in(provider: str, email: str, **query: str) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["auth"] = auth_secrets(provider)
    at.user = {"is_logged_in": True, "email": email, "name": email.split("@")[0].title()}
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def _team(engine: Engine) -> None:
    rep_library(engine)
    access.grant(engine, None, "ana@acme.com", "admin")
    access.set_default_role(engine, access.local_actor(), "rep")


def _sidebar(at: AppTest) -> str:
    return " ".join(str(e.value) for e in [*at.sidebar.text, *at.sidebar.caption])


def test_a_call_prep_rerun_reads_the_revision_with_the_role_in_few_statements(
    engine: Engine, provider: str, reads: Reads
) -> None:
    _team(engine)
    at = _signed_in(provider, "rey@acme.com", industry="Healthcare")
    at.switch_page("app_pages/call_prep.py").run()
    assert not at.exception and at.checkbox, "Call prep shows its picks"
    for industry in ("Logistics", "Finance"):
        # A profile change reruns only the prep, and AppTest then holds only the prep's
        # elements: the whole page again first, so the Industry field is there to change.
        at.run()
        reads.reset()
        at.selectbox(key="industry").select(industry).run()
        assert not at.exception and at.checkbox, "the prep was drawn again"
        roles = reads.reading("access_rule")
        assert len(roles) == 1, reads.statements
        assert "FROM library_state" in roles[0], "the revision comes in the role's statement"
        assert len(reads.statements) <= MOST_STATEMENTS, reads.statements
        assert reads.connections <= MOST_CONNECTIONS, reads.statements


def test_a_rerun_leaves_no_transaction_to_roll_back(
    engine: Engine, provider: str, reads: Reads
) -> None:
    """Reads run outside a transaction: on PostgreSQL each would otherwise cost a BEGIN and,
    when the connection goes back to the pool, a ROLLBACK (two round trips of nothing)."""
    _team(engine)
    at = _signed_in(provider, "rey@acme.com", industry="Healthcare")
    at.switch_page("app_pages/call_prep.py").run()
    reads.reset()
    at.selectbox(key="industry").select("Logistics").run()
    assert not at.exception
    assert reads.statements, "the rerun read something"
    assert reads.left_in_transaction == []


def test_a_role_changed_elsewhere_shows_on_the_next_rerun(engine: Engine, provider: str) -> None:
    """The role is read with the revision on every run, not kept: a grant or a revoke made by
    another server or the command line counts at once."""
    _team(engine)
    at = _signed_in(provider, "rey@acme.com")
    assert "Role: rep" in _sidebar(at)
    ana = access.Actor("Ana", "ana@acme.com", "admin", signed_in=True)
    access.grant(engine, ana, "rey@acme.com", "marketing")
    at.run()
    assert not at.exception and "Role: marketing" in _sidebar(at)
    access.revoke(engine, ana, "rey@acme.com")
    access.set_default_role(engine, ana, "none")
    at.run()
    assert not at.exception
    assert any("do not have access" in str(w.value) for w in at.warning)


def test_a_domain_rule_and_the_default_decide_in_that_order(engine: Engine) -> None:
    access.grant(engine, None, "ana@acme.com", "admin")
    ana = access.Actor("Ana", "ana@acme.com", "admin", signed_in=True)
    access.grant(engine, ana, "@acme.com", "marketing")
    access.grant(engine, ana, "bo@acme.com", "rep")
    access.set_default_role(engine, ana, "rep")
    assert access.role_for(engine, "ana@acme.com") == "admin"
    assert access.role_for(engine, " Bo@ACME.com ") == "rep"
    assert access.role_for(engine, "cy@acme.com") == "marketing"
    assert access.role_for(engine, "dee@other.org") == "rep"
    assert access.role_for(engine, "") == access.NO_ACCESS
    access.set_default_role(engine, ana, "none")
    assert access.role_for(engine, "dee@other.org") == access.NO_ACCESS


def test_a_library_change_elsewhere_shows_on_the_next_rerun(
    engine: Engine, provider: str
) -> None:
    _team(engine)
    at = _signed_in(provider, "rey@acme.com")
    before = db.revision(engine)
    assert f"revision {before}" in _sidebar(at)
    with db.unit_of_work(engine) as session:  # another server's write
        db.bump_revision(session)
    at.run()
    assert not at.exception and f"revision {before + 1}" in _sidebar(at)


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



def test_a_prep_rerun_brings_the_page_back_after_a_change_elsewhere(
    engine: Engine, provider: str
) -> None:
    """A profile change reruns only the prep (its fragment: the profile's fields and the
    sidebar are not drawn again); a library write or a revoked role since the last full run
    makes it rerun the whole page, which shows the new revision or refuses the person."""
    _team(engine)
    at = _signed_in(provider, "rey@acme.com", industry="Healthcare")
    at.switch_page("app_pages/call_prep.py").run()
    assert not at.exception and at.checkbox
    at.selectbox(key="industry").select("Logistics").run()
    assert not at.exception and at.checkbox and not at.selectbox  # the prep alone
    at.run()
    before = db.revision(engine)
    with db.unit_of_work(engine) as session:  # another server's write
        db.bump_revision(session)
    at.selectbox(key="industry").select("Finance").run()
    assert not at.exception and at.selectbox  # the whole page
    assert f"revision {before + 1}" in _sidebar(at)
    access.set_default_role(engine, access.Actor("Ana", "ana@acme.com", "admin"), "none")
    at.selectbox(key="industry").select("Healthcare").run()
    assert not at.exception
    assert any("do not have access" in str(w.value) for w in at.warning)
