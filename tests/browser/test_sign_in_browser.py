"""Team mode end to end: real Chromium, a real OpenID Connect provider on loopback
(oidc-provider-mock), `streamlit run` with `[auth]` configured."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from lib.core import access, db
from tests import databases, servers
from tests.builders import library, uc

pytestmark = pytest.mark.browser

USERS = {
    "rey": {"sub": "rey", "email": "rey@acme.com", "name": "Rey Rep"},
    "mo": {"sub": "mo", "email": "mo@acme.com", "name": "Mo Marketing"},
    "ana": {"sub": "ana", "email": "ana@acme.com", "name": "Ana Admin"},
    "eve": {"sub": "eve", "email": "eve@elsewhere.com", "name": "Eve Outsider"},
}


@pytest.fixture(scope="module")
def team_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A provider and a team-mode app on loopback; yields the app's base URL."""
    folder = tmp_path_factory.mktemp("team")
    url = databases.new_database_url(folder)
    engine = db.make_engine(url)
    library(engine, use_cases=[uc("UC-1", title="Faster checkout"), uc("UC-2", title="Refunds")])
    access.grant(engine, None, "ana@acme.com", "admin")
    admin = access.Actor(name="Ana", email="ana@acme.com", role="admin", signed_in=True)
    access.grant(engine, admin, "rey@acme.com", "rep")
    access.grant(engine, admin, "mo@acme.com", "marketing")
    engine.dispose()
    with (
        servers.oidc_provider(folder, USERS.values()) as provider,
        servers.streamlit_app(folder, url, provider=provider) as base,
    ):
        yield base
    databases.drop_database(url)


def _sign_in_as(page, who: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("button", name=who, exact=True).click(timeout=60_000)


def test_a_direct_link_asks_to_sign_in_then_lands_on_the_page_it_named(team_app, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{team_app}/library?uc=UC-1")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert "Faster checkout" not in page.content()
    _sign_in_as(page, "mo")
    page.get_by_text("Faster checkout").first.wait_for(timeout=60_000)
    assert "/library" in page.url and "uc=UC-1" in page.url
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("mo@acme.com").wait_for()
    assert "Role: marketing" in sidebar.inner_text()


def test_a_rep_has_no_manage_and_its_link_says_so(team_app, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(team_app)
    _sign_in_as(page, "rey")
    sidebar = page.locator("[data-testid='stSidebar']")
    sidebar.get_by_text("Role: rep").wait_for(timeout=60_000)
    assert sidebar.get_by_role("link", name="Call prep").count() == 1
    assert sidebar.get_by_role("link", name="Manage").count() == 0
    page.goto(f"{team_app}/manage")
    page.get_by_text("not available to your role").wait_for(timeout=60_000)
    assert "Save" not in page.locator("[data-testid='stMain']").inner_text()


def test_an_admin_signs_in_reaches_admin_and_signs_out(team_app, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{team_app}/admin")
    _sign_in_as(page, "ana")
    page.get_by_text("Grant or change a role").wait_for(timeout=60_000)
    # The access-list table (a canvas grid, its cells kept for screen readers).
    page.get_by_role("gridcell", name="rey@acme.com", exact=True, include_hidden=True).wait_for(
        state="attached"
    )
    page.locator("[data-testid='stSidebar']").get_by_role("button", name="Sign out").click()
    # The provider asks to confirm ending the session, then sends the browser back.
    page.get_by_role("button", name="End session").click(timeout=60_000)
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    page.goto(f"{team_app}/admin")
    page.get_by_role("button", name="Sign in").wait_for(timeout=60_000)
    assert "Grant or change a role" not in page.content()


def test_someone_not_on_the_list_is_refused(team_app, page) -> None:  # type: ignore[no-untyped-def]
    page.goto(team_app)
    _sign_in_as(page, "eve")
    page.get_by_text("do not have access").wait_for(timeout=60_000)
    assert "ana@acme.com" in page.content().replace("\u2060", "")  # joiners stop autolinks
    assert "Faster checkout" not in page.content()
