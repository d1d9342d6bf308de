"""Team mode in the app: sign-in first, pages per role, who is signed in; local mode unchanged."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from lib.core import access, ui
from lib.core.signin import metadata_urls, sign_in
from tests.apptest import APP, plain
from tests.builders import library, uc
from tests.signin_support import auth_secrets, discovery_server


@pytest.fixture
def provider() -> Iterator[str]:
    with discovery_server() as url:
        yield url


def _app(secrets: dict[str, object] | None, user: dict[str, object] | None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if secrets is not None:
        at.secrets["auth"] = secrets
    if user is not None:
        at.user = user
    return at.run()


def _sidebar_text(at: AppTest) -> str:
    return " ".join(str(e.value) for e in at.sidebar.text) + " ".join(
        str(e.value) for e in at.sidebar.caption
    )


def test_local_mode_keeps_the_typed_name_and_says_so(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = _app(None, None)
    assert not at.exception
    assert "Local mode: no sign-in" in _sidebar_text(at)
    assert at.sidebar.text_input(key="user_name")


def test_a_signed_out_visitor_sees_only_the_sign_in_screen(engine: Engine, provider: str) -> None:
    library(engine, use_cases=[uc("UC-1", title="Secret plan")])
    at = _app(auth_secrets(provider), {"is_logged_in": False})
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    shown = " ".join(str(e.value) for e in [*at.markdown, *at.info, *at.caption, *at.metric])
    assert "Secret plan" not in shown and not at.metric


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"cookie_secret": None}, "no cookie_secret"),
        ({"client_id": None}, "missing client_id"),
        ({"redirect_uri": "localhost:8501"}, "must be an absolute URL"),
    ],
)
def test_a_misconfigured_sign_in_is_explained_on_the_page(
    engine: Engine, provider: str, overrides: dict[str, object], expected: str
) -> None:
    at = _app(auth_secrets(provider, **overrides), {"is_logged_in": False})
    assert not at.exception
    assert "not set up correctly" in at.error[0].value
    assert any(expected in str(t.value) for t in at.text)
    assert not at.button


def test_an_unreachable_provider_is_explained_on_the_page(engine: Engine) -> None:
    at = _app(
        auth_secrets("http://127.0.0.1:9/.well-known/openid-configuration"), {"is_logged_in": False}
    )
    assert not at.exception
    assert any("cannot be reached" in str(t.value) for t in at.text)


def test_a_rep_sees_who_they_are_and_no_manage_or_admin(engine: Engine, provider: str) -> None:
    library(engine, use_cases=[uc("UC-1")])
    access.grant(engine, None, "ana@acme.com", "admin")
    access.grant(engine, access.local_actor(), "rey@acme.com", "rep")
    at = _app(
        auth_secrets(provider), {"is_logged_in": True, "email": "rey@acme.com", "name": "Rey Rep"}
    )
    assert not at.exception
    sidebar = _sidebar_text(at)
    assert "rey@acme.com" in sidebar and "Role: rep" in sidebar
    assert any(b.label == "Sign out" for b in at.sidebar.button)
    assert ui.pages_for(access.Actor("Rey", "rey@acme.com", "rep", True)) == [
        "",
        "call-prep",
        "library",
        "coverage",
        "references",
    ]


def test_an_admin_gets_every_page(engine: Engine, provider: str) -> None:
    access.grant(engine, None, "ana@acme.com", "admin")
    at = _app(
        auth_secrets(provider), {"is_logged_in": True, "email": "ana@acme.com", "name": "Ana"}
    )
    assert not at.exception
    assert "Role: admin" in _sidebar_text(at)
    at.switch_page("app_pages/admin.py").run()
    assert not at.exception
    assert "ana@acme.com" in str(at.dataframe[0].value)


def test_someone_not_on_the_list_is_refused_with_the_admins_named(
    engine: Engine, provider: str
) -> None:
    library(engine, use_cases=[uc("UC-1", title="Secret plan")])
    access.grant(engine, None, "ana@acme.com", "admin")
    at = _app(auth_secrets(provider), {"is_logged_in": True, "email": "eve@evil.com"})
    assert not at.exception
    shown = plain(at.warning[0].value)  # escaped for Markdown: read the text a user sees
    assert "ana@acme.com" in shown and "do not have access" in shown
    assert "Secret plan" not in " ".join(str(m.value) for m in at.markdown)


def test_sign_in_settings_name_every_missing_key() -> None:
    settings = sign_in({"auth": {"okta": {"client_id": "x"}}})
    assert settings.configured and settings.providers == ("okta",)
    text = " ".join(settings.problems)
    assert "redirect_uri" in text and "cookie_secret" in text
    assert "[auth.okta] is missing client_secret, server_metadata_url" in text
    assert not sign_in({}).configured


def test_client_kwargs_in_sign_in_settings_is_a_setting_not_a_provider() -> None:
    """Streamlit passes `[auth] client_kwargs` to the HTTP client that talks to the provider
    (a longer timeout for a busy server); it names no provider."""
    auth = {
        "redirect_uri": "https://casebook.acme.com/oauth2callback",
        "cookie_secret": "s" * 32,
        "client_id": "casebook",
        "client_secret": "secret",
        "server_metadata_url": "https://id.acme.com/.well-known/openid-configuration",
        "client_kwargs": {"timeout": 30},
    }
    settings = sign_in({"auth": auth})
    assert settings.configured and settings.problems == () and settings.providers == ()
    assert metadata_urls({"auth": auth}) == {"": auth["server_metadata_url"]}
