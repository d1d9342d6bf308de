"""Streamlit glue the pages share: the cached engine, who is acting, the one library read and
the views built from it.

This is the only module in `lib/` that imports Streamlit; everything it serves is computed by
plain functions elsewhere in `lib/` so tests and the CLI get the same answers.

Per process and database, the library is read once per revision (`library()`), and every
feature view marked `reads.derived_from` (the Library catalog, the recommender's candidates,
the coverage model, and what is computed from them) is built from that read once per revision.
Memory stays bounded whatever the number of edits: only the current revision's values (and the
previous revision's while the new read is built) are held, older ones are dropped explicitly
(`lib.core.revision_cache`), and small per-revision query results are cleared when the revision
moves on.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from streamlit.errors import StreamlitSecretNotFoundError

from lib.core import db, reads
from lib.core.access import NO_ACCESS, Actor, local_actor, role_for
from lib.core.reads import Library
from lib.core.revision_cache import RevisionCache
from lib.core.signin import SignIn, metadata_urls, provider_problems, sign_in
from lib.core.vocab import LOCAL_USER

T = TypeVar("T")

READ = "library read"  # the store's key of the read itself, never pushed out


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return db.make_engine(url)


def engine() -> Engine:
    """One engine per database URL per process, migrated on first use."""
    return _engine_for(db.database_url())


def current_revision() -> int:
    revision = db.revision(engine())
    _forget_older_queries(db.database_url(), revision)
    return revision


@st.cache_resource(show_spinner=False, max_entries=4)
def store_for(url: str) -> RevisionCache:
    """The per-process store of one database's library read and the views built from it."""
    return RevisionCache(pinned=frozenset({READ}))


def _read(url: str, revision: int) -> Library:
    return store_for(url).get(revision, READ, lambda: reads.read_library(_engine_for(url)))


def library() -> Library:
    """The whole library at the current revision, read once per revision per process."""
    url = db.database_url()
    return _read(url, current_revision())


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _value(fn: Callable[..., Any], url: str, revision: int, args: tuple[Any, ...]) -> Any:
    """`fn` at `revision`: built from the shared read when `fn` is a view of it, else by
    `fn(engine, *args)`; once per revision and arguments, shared by every session."""
    of_read = reads.builder_of(fn)
    if of_read is not None:
        build: Callable[[], Any] = lambda: of_read(_read(url, revision), *args)  # noqa: E731
    else:
        build = lambda: fn(_engine_for(url), *args)  # noqa: E731
    return store_for(url).get(revision, (_name(fn), args), build)


@st.cache_data(show_spinner=False, max_entries=64)
def _cached_call(
    _fn: Callable[..., Any], name: str, url: str, rev: int, args: tuple[Any, ...]
) -> Any:
    return _fn(_engine_for(url), *args)


_seen_lock = threading.Lock()
_seen: dict[str, int] = {}  # database URL -> newest revision seen by this process


def _forget_older_queries(url: str, revision: int) -> None:
    """Drop every cached small query result once a newer revision is seen."""
    with _seen_lock:
        moved_on = revision > _seen.get(url, revision - 1)
        if moved_on:
            _seen[url] = revision
    if moved_on:
        _cached_call.clear()


def cached(fn: Callable[..., T], *args: Any) -> T:
    """`fn(engine, *args)`, cached until the library's revision changes.

    A view of the library read (`reads.derived_from`) is built from the one shared read and
    shared by every session: never mutate it. Anything else is a small query whose result is
    copied out of `st.cache_data` on each rerun. Either way an import or an edit is visible on
    the very next rerun.
    """
    url = db.database_url()
    revision = current_revision()
    if reads.builder_of(fn) is not None:
        return _value(fn, url, revision, tuple(args))  # type: ignore[no-any-return]
    return _cached_call(fn, _name(fn), url, revision, tuple(args))  # type: ignore[no-any-return]


def shared(fn: Callable[..., T], *args: Any) -> T:
    """Like `cached`, but always one object shared by every session instead of a copy.

    For large read-only results (the recommender's candidates and their search index, the
    coverage model) that would cost more to copy on every rerun than to use in place. The
    caller must not mutate what it gets.
    """
    return _value(fn, db.database_url(), current_revision(), tuple(args))  # type: ignore[no-any-return]


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


# The browser tab's icon: a local file, so the app needs no outside server to show it.
PAGE_ICON = Path(__file__).resolve().parents[2] / "assets" / "page_icon.svg"

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


def kept(fn: Callable[..., T], source: Callable[[Engine], Any], *args: Any) -> T:
    """`fn(shared(source), *args)`, kept in memory until the library's revision changes.

    For large read-only results computed from a view (the coverage report from the coverage
    model): the source is built once per revision (as `shared(source)`) and serves every `fn`
    and argument set. Never mutate what this returns.
    """
    url = db.database_url()
    revision = current_revision()

    def build() -> Any:
        return fn(_value(source, url, revision, ()), *args)

    key = (_name(fn), _name(source), tuple(args))
    return store_for(url).get(revision, key, build)  # type: ignore[no-any-return]
