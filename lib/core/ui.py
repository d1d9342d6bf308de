"""Streamlit glue the pages share: the cached engine and revision-keyed reads.

This is the only module in `lib/` that imports Streamlit; everything it serves is computed by
plain functions elsewhere in `lib/` so tests and the CLI get the same answers.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitSecretNotFoundError

from lib.core import db
from lib.core.access import NO_ACCESS, Actor, local_actor, role_for
from lib.core.signin import SignIn, metadata_urls, provider_problems, sign_in
from lib.core.vocab import LOCAL_USER

T = TypeVar("T")


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return db.make_engine(url)


def engine() -> Engine:
    """One engine per database URL per process, migrated on first use."""
    return _engine_for(db.database_url())


def current_revision() -> int:
    return db.revision(engine())


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_call(
    _fn: Callable[..., Any], name: str, url: str, rev: int, args: tuple[Any, ...]
) -> Any:
    return _fn(_engine_for(url), *args)


def cached(fn: Callable[..., T], *args: Any) -> T:
    """`fn(engine, *args)`, cached until the library's revision changes.

    The cache key is the function's qualified name, the database URL, the revision and the
    (hashable) arguments, so an import or an edit is visible on the very next rerun.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _cached_call(fn, name, db.database_url(), current_revision(), tuple(args))


@st.cache_resource(show_spinner=False, max_entries=4)
def _shared_call(
    _fn: Callable[..., Any], name: str, url: str, rev: int, args: tuple[Any, ...]
) -> Any:
    return _fn(_engine_for(url), *args)


def shared(fn: Callable[..., T], *args: Any) -> T:
    """Like `cached`, but one object shared by every session instead of a copy per rerun.

    For large read-only results (the recommender's candidates and their search index) that
    would cost more to copy out of `st.cache_data` on every rerun than to use in place. The
    caller must not mutate what it gets.
    """
    name = f"{fn.__module__}.{fn.__qualname__}"
    return _shared_call(fn, name, db.database_url(), current_revision(), tuple(args))



def sign_in_settings() -> SignIn:
    """Team mode or local mode, from the `[auth]` secrets Streamlit itself reads."""
    try:
        secrets: Mapping[str, Any] = {"auth": st.secrets["auth"]} if "auth" in st.secrets else {}
    except (FileNotFoundError, StreamlitSecretNotFoundError):
        secrets = {}
    except Exception as error:  # a secrets.toml Streamlit cannot parse
        return SignIn(configured=True, problems=(f".streamlit/secrets.toml: {error}",))
    return sign_in(secrets)


@st.cache_data(show_spinner=False, ttl=60)
def _provider_problems(urls: tuple[tuple[str, str], ...]) -> list[str]:
    auth = {name: {"server_metadata_url": url} for name, url in urls if name}
    if not auth:
        auth = {"server_metadata_url": dict(urls).get("", "")}
    return provider_problems({"auth": auth}, timeout=5.0)


def provider_problems_now() -> list[str]:
    """Whether the sign-in provider answers, checked at most once a minute per server."""
    try:
        secrets = {"auth": st.secrets["auth"]}
    except (KeyError, FileNotFoundError, StreamlitSecretNotFoundError):
        return []
    return _provider_problems(tuple(sorted(metadata_urls(secrets).items())))


def actor() -> Actor:
    """Who is acting in this session: the signed-in person with their role (team mode), or the
    name typed in the sidebar with every right (local mode)."""
    if sign_in_settings().configured:
        if not st.user.is_logged_in:
            return Actor(name="", role=NO_ACCESS)
        email = str(st.user.get("email") or "").strip().lower()
        name = str(st.user.get("name") or email)
        return Actor(name=name, email=email, role=role_for(engine(), email), signed_in=True)
    return local_actor(str(st.session_state.get("user_name") or ""))


def who() -> str:
    """What the history records for this session's changes: the email or the typed name."""
    return actor().who or LOCAL_USER


# The pages: url path -> (file, title, icon, the action a person needs to open it).
PAGES: dict[str, tuple[str, str, str, str]] = {
    "": ("app_pages/home.py", "Home", ":material/home:", "read"),
    "call-prep": ("app_pages/call_prep.py", "Call prep", ":material/event_note:", "prepare calls"),
    "library": ("app_pages/library.py", "Library", ":material/library_books:", "read"),
    "manage": ("app_pages/manage.py", "Manage", ":material/edit_note:", "edit use cases"),
    "coverage": ("app_pages/coverage.py", "Coverage", ":material/grid_view:", "read"),
    "admin": ("app_pages/admin.py", "Admin", ":material/admin_panel_settings:", "manage access"),
}


def pages_for(person: Actor) -> list[str]:
    """The url paths of the pages this person may open, in menu order."""
    return [k for k, v in PAGES.items() if person.can(v[3])]


def page_link(path: str, *, where: Any = None, **kwargs: Any) -> None:
    """`st.page_link` to one of Casebook's pages (in `where`, a column or container), drawn only
    when this person may open it: a rep is not pointed at Manage."""
    needed = next((v[3] for v in PAGES.values() if v[0] == path), "read")
    if actor().can(needed):
        (where or st).page_link(path, **kwargs)


RETURN_TTL_SECONDS = 15 * 60


@st.cache_resource(show_spinner=False)
def _pending_links() -> dict[str, tuple[float, str, dict[str, list[str]]]]:
    """Per browser: the page and query a signed-out visitor asked for, for after sign-in."""
    return {}


def _browser_key() -> str | None:
    """A stable id of this browser across the sign-in redirect: the token inside Streamlit's
    XSRF cookie (its masked form changes per request, the token does not)."""
    raw = st.context.cookies.get("_streamlit_xsrf")
    if not isinstance(raw, str):
        return None
    parts = raw.split("|")
    try:
        mask, masked = bytes.fromhex(parts[1]), bytes.fromhex(parts[2])
    except (IndexError, ValueError):
        return None
    return bytes(a ^ b for a, b in zip(mask, masked, strict=False)).hex() or None


def remember_link(page: str) -> None:
    """Keep the page and query a signed-out visitor opened, to land there after sign-in."""
    key = _browser_key()
    if key is None:
        return
    query = {k: st.query_params.get_all(k) for k in st.query_params}
    pending = _pending_links()
    now = time.monotonic()
    for stale in [k for k, (at, _, _) in pending.items() if now - at > RETURN_TTL_SECONDS]:
        pending.pop(stale, None)
    pending[key] = (now, page, query)


def take_remembered_link() -> tuple[str, dict[str, list[str]]] | None:
    """The link this browser opened before signing in, once."""
    key = _browser_key()
    if key is None:
        return None
    found = _pending_links().pop(key, None)
    if found is None or time.monotonic() - found[0] > RETURN_TTL_SECONDS:
        return None
    return found[1], found[2]


@st.cache_resource(show_spinner=False, max_entries=32)
def _kept_call(
    _fn: Callable[..., Any],
    _source: Callable[..., Any],
    name: str,
    source: str,
    url: str,
    rev: int,
    args: tuple[Any, ...],
) -> Any:
    return _fn(_shared_call(_source, source, url, rev, ()), *args)


def kept(fn: Callable[..., T], source: Callable[[Engine], Any], *args: Any) -> T:
    """`fn(source(engine), *args)`, kept in memory until the library's revision changes.

    For large read-only results (the whole library as coverage sees it): unlike `cached`, the
    object is shared rather than copied on every run, which matters at 20,000 use cases. The
    source is read once per revision (as `shared(source)`) and serves every `fn` and argument
    set. Never mutate what this returns.
    """
    return _kept_call(
        fn,
        source,
        f"{fn.__module__}.{fn.__qualname__}",
        f"{source.__module__}.{source.__qualname__}",
        db.database_url(),
        current_revision(),
        tuple(args),
    )
