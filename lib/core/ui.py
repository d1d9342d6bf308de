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

No visitor pays for a new revision: after a write (and when the server starts: `serve.py`, or
the first run) the read and the views named by `keep_warm` are built in one background thread
(`lib.core.warm`); meanwhile pages are served the revision that is ready, with a quiet
"Library updated, refreshing" note and a rerun once the new one is ready. The person who
wrote (and code outside a page) waits for the new revision instead, so a save is never
followed by stale data. The build gives way to script runs in progress (`run_started`,
`run_finished`), so a page viewed meanwhile runs at its warm speed.
"""

from __future__ import annotations

import gc
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from streamlit.errors import StreamlitSecretNotFoundError
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.core import db, reads, versions
from lib.core.access import NO_ACCESS, Actor, local_actor, role_columns, role_for, role_from
from lib.core.checks import RuleProblems
from lib.core.collector import collector_paused, freeze_survivors, release_freed_memory
from lib.core.reads import Library
from lib.core.revision_cache import RevisionCache
from lib.core.safe_text import markdown_text
from lib.core.signin import SignIn, metadata_urls, provider_problems, sign_in
from lib.core.vocab import LOCAL_USER
from lib.core.warm import Attendance, Warmer, pause

T = TypeVar("T")

READ = "library read"  # the store's key of the read itself, never pushed out


@st.cache_resource(show_spinner=False)
def _engine_for(url: str) -> Engine:
    return db.make_engine(url)


def engine() -> Engine:
    """One engine per database URL per process, migrated on first use."""
    return _engine_for(db.database_url())


def current_revision() -> int:
    """The library's revision in the database now (newer than what pages may be served):
    read once per script run (the frame, the sidebar and every cached read of a page ask),
    again after this run's own write."""
    memo = _this_run()
    revision = memo.get(REVISION) if memo is not None else None
    if revision is None:
        revision = db.revision(engine()) if memo is None else _read_revision(memo)
        if memo is not None:
            memo[REVISION] = revision
    _forget_older_queries(db.database_url(), revision)
    return revision


def _read_revision(memo: dict[str, Any]) -> int:
    """The revision, and in the same statement the signed-in person's role when this run has
    not read it yet: the frame asks for both on every run, and on PostgreSQL each statement
    on its own connection is a round trip or more (`db.reading`)."""
    email = _signed_in_email()
    key = _ROLE + email
    if not email or key in memo:
        return db.revision(engine())
    revision, *role = db.read_row(engine(), db.revision_column(), *role_columns(email))
    memo[key] = role_from(role)
    return int(revision or 0)


def _signed_in_email() -> str:
    """The signed-in person's email in team mode, "" otherwise."""
    if not sign_in_settings().configured or not st.user.is_logged_in:
        return ""
    return _user_email()


def _user_email() -> str:
    """The signed-in user's email as the access list keys it (trimmed, lower case)."""
    return str(st.user.get("email") or "").strip().lower()


REVISION = "revision"  # the key of the revision in `_this_run()`
# Per ScriptRunContext (by id, dropped when the context is): its run's cursors and memo.
_run_memos: dict[int, tuple[weakref.ref[Any], dict[Any, Any], dict[str, Any]]] = {}


def _this_run() -> dict[str, Any] | None:
    """A dict that lives as long as the current script run (None outside a run): what a run
    asks for several times and cannot change under it is read once.

    Streamlit gives each run, a fragment's too, a fresh `cursors` dict on the session's
    ScriptRunContext (`ScriptRunContext.reset`): a memo made under another one is stale."""
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return None
    key = id(ctx)
    found = _run_memos.get(key)
    if found is None or found[0]() is not ctx or found[1] is not ctx.cursors:
        gone = lambda _: _run_memos.pop(key, None)  # noqa: E731
        found = (weakref.ref(ctx, gone), ctx.cursors, {})
        _run_memos[key] = found
    return found[2]


@st.cache_resource(show_spinner=False, max_entries=4)
def store_for(url: str) -> RevisionCache:
    """The per-process store of one database's library read and the views built from it.

    Older revisions are dropped by the background build once the new one is complete
    (`_warm_build`), not on the first new value: pages go on being served the old one."""
    return RevisionCache(pinned=frozenset({READ}), drop_on_first_value=False)


# "0" turns off the collect-and-freeze after each background build (the test suite does: it
# would walk the whole test process after every write of every test).
FREEZE_SETTING = "CASEBOOK_GC_FREEZE"
# "0": every page waits for the newest revision instead of being served the ready one while
# it builds (the page tests set it, so a write made in a test shows on the next rerun).
SERVE_WHILE_BUILDING = "CASEBOOK_SERVE_WHILE_BUILDING"

# Views built with every new revision, before anyone asks: fn -> its arguments (computed at
# build time, such as today's date). Set by the app frame (`keep_warm`); core knows no feature.
_warm_views: dict[Callable[..., Any], Callable[[], tuple[Any, ...]]] = {}


def keep_warm(views: Mapping[Callable[..., Any], Callable[[], tuple[Any, ...]]]) -> None:
    """Build these views of the read (`reads.derived_from`) in the background with every new
    revision, so the first view of a page after an edit finds them ready."""
    _warm_views.update(views)


# Results computed from a view (`kept`) built with every new revision too: fn -> (its source
# view, its arguments computed from the engine at build time), as the page asks for them.
KeptSpec = tuple[Callable[..., Any], Callable[[Engine], tuple[Any, ...]]]
_warm_kept: dict[Callable[..., Any], KeptSpec] = {}


def keep_warm_kept(results: Mapping[Callable[..., Any], KeptSpec]) -> None:
    """Build `kept(fn, source, *arguments(engine))` in the background with every new revision
    (the Coverage report with the page's default settings)."""
    _warm_kept.update(results)


# Results kept outside the revision cache (their own stamp, like the deals'), built after the
# views with every new revision: each is called with the engine.
_warm_also: dict[str, Callable[[Engine], Any]] = {}


def keep_warm_also(builders: Iterable[Callable[[Engine], Any]]) -> None:
    """Call these with the engine after every background build (the Influence figures: kept
    by `lib.deals.cache` until the deals, the usage log or the library change). Registered
    by name: app.py runs again on every view."""
    _warm_also.update((_name(b), b) for b in builders)


def _warm_build(engine: Engine, store: RevisionCache, revision: int) -> None:
    """Everything pages start from, at `revision`, in the background; the older revision is
    dropped afterwards, once the new one is served (`_settle`).

    Between steps it gives way to page views in progress (`pause`), and freezes what it has
    built so far: Streamlit runs a full collection after every script run, which would
    otherwise walk the half-built revision's millions of records on every view meanwhile."""
    freezing = os.environ.get(FREEZE_SETTING, "1") != "0"

    def step_done() -> None:
        if freezing:
            gc.freeze()  # what dies meanwhile is collected by `freeze_survivors` in `_settle`
        pause()

    with collector_paused():
        library = store.get(revision, READ, lambda: reads.read_library(engine))
        for fn, arguments in list(_warm_views.items()):
            of_read = reads.builder_of(fn)
            if of_read is None:
                continue
            step_done()
            args = arguments()
            store.get(revision, (_name(fn), args), lambda: of_read(library, *args))  # noqa: B023
        for fn, (source, arguments) in list(_warm_kept.items()):
            of_source = reads.builder_of(source)
            if of_source is None:
                continue
            view = store.get(revision, (_name(source), ()), lambda: of_source(library))  # noqa: B023
            step_done()
            args = arguments(engine)
            key = (_name(fn), _name(source), args)
            store.get(revision, key, lambda: fn(view, *args))  # noqa: B023
        for build in list(_warm_also.values()):
            build(engine)
            step_done()


def _settle(store: RevisionCache, revision: int) -> None:
    """Once `revision` is served: drop the older one, collect it, hand its memory back.

    Runs after the warmer has said `revision` is ready, so new runs are served it; it first
    lets the runs in progress (which may still use the older revision) finish, so none of them
    finds it gone and reads it all again. Only then is the older revision unreachable, and the
    collection and `malloc_trim` free and return its memory rather than a part of it."""
    pause()
    store.drop_older_than(revision)
    if os.environ.get(FREEZE_SETTING, "1") != "0":
        freeze_survivors()
    release_freed_memory()


@st.cache_resource(show_spinner=False)
def attendance() -> Attendance:
    """The script runs in progress in this server process: background builds give way to
    them (`lib.core.warm`), so a page viewed during a build runs at its warm speed."""
    return Attendance()


def run_started() -> None:
    """Called by the app frame at the start of every script run."""
    attendance().enter()


def run_finished() -> None:
    """Called by the app frame at the end of a run (a run stopped early, by `st.stop` or a
    rerun, counts as finished once its thread ends or starts the next run)."""
    attendance().leave()


@st.cache_resource(show_spinner=False, max_entries=4)
def warmer_for(url: str) -> Warmer:
    """The background builder of one database's shared data, one per process; it gives way
    to script runs in progress."""
    engine, store = _engine_for(url), store_for(url)
    return Warmer(
        lambda revision: _warm_build(engine, store, revision),
        attendance=attendance(),
        settle=lambda revision: _settle(store, revision),
    )


def start_warming(revision: int) -> None:
    """Start building `revision`'s shared data in the background, if it is not yet ready:
    called by the app frame on every run, so the first visitor after a server start (or after
    a write made elsewhere, such as the command line) does not build it on their own page."""
    warmer_for(db.database_url()).request(revision)


def warm_at_start() -> None:
    """Start building the database's current revision as the server process starts (called by
    `serve.py`), before any visitor: the app frame's own `start_warming` only runs on a visit.
    A database that cannot be opened is left for the first visit to report."""
    try:
        revision = db.revision(engine())
    except (db.DatabaseUnavailable, SQLAlchemyError):
        return
    warmer_for(db.database_url()).request(revision)


OWN_WRITE = "_casebook_own_write"  # session slot: the newest revision this session wrote


def _note_own_write(revision: int) -> None:
    """Remember, in the writing session, that it made `revision` (see `served_revision`)."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return
    memo = _this_run()
    if memo is not None:
        memo.pop(REVISION, None)  # the rest of this run reads the new revision
    st.session_state[OWN_WRITE] = max(revision, int(st.session_state.get(OWN_WRITE, 0)))


db.on_revision_bump(_note_own_write)


def _older_served(url: str, latest: int) -> int | None:
    """The ready revision this session is served instead of `latest`, or None when it gets
    `latest` (ready already, nothing ready yet, or this session made the write)."""
    if os.environ.get(SERVE_WHILE_BUILDING, "1") == "0":
        return None
    ready = warmer_for(url).ready
    if ready is None or ready >= latest:
        return None
    if get_script_run_ctx(suppress_warning=True) is None:
        return None  # outside a page (tests, benchmarks): always the newest
    if int(st.session_state.get(OWN_WRITE, 0)) >= latest:
        return None
    return ready


def served_revision(url: str | None = None) -> int:
    """The revision whose shared data pages are served now.

    The newest revision once its background build is done. Until then, the revision that is
    ready (the app says "library updated, refreshing"), except for the person who made the
    write, for code running outside a page (tests, benchmarks), and before anything at all is
    ready: those wait for the new build, so a save is never followed by stale data.
    """
    url = url or db.database_url()
    latest = current_revision()
    warmer = warmer_for(url)
    older = _older_served(url, latest)
    if older is not None:
        warmer.request(latest)
        return older
    if warmer.ready is None or warmer.ready < latest:
        with attendance().stepped_aside():  # the build must not give way to its own waiter
            warmer.wait_for(latest)  # on failure or timeout the caller builds what it needs
    return latest


def loading() -> bool:
    """Whether nothing of the library is built yet in this process (the first view after a
    server start waits for the background build): a page may say it is loading, and spare
    every later rerun the cost of saying so (a spinner starts a timer thread)."""
    return warmer_for(db.database_url()).ready is None


def refreshing() -> int | None:
    """The newer revision being built while this session is served an older one, if any."""
    url = db.database_url()
    latest = current_revision()
    return None if _older_served(url, latest) is None else latest


@st.fragment(run_every=2)
def refresh_when_ready(wanted: int) -> None:
    """Rerun the whole page once revision `wanted` is ready (checked every two seconds, and
    drawn only while this session is served an older revision)."""
    ready = warmer_for(db.database_url()).ready
    if ready is not None and ready >= wanted:
        st.rerun(scope="app")


def _read(url: str, revision: int) -> Library:
    return store_for(url).get(revision, READ, lambda: reads.read_library(_engine_for(url)))


def library() -> Library:
    """The whole library at the served revision, read once per revision per process."""
    url = db.database_url()
    return _read(url, served_revision(url))


def _name(fn: Callable[..., Any]) -> str:
    return f"{fn.__module__}.{fn.__qualname__}"


def _value(fn: Callable[..., Any], url: str, revision: int, args: tuple[Any, ...]) -> Any:
    """`fn` at `revision`: built from the shared read when `fn` is a view of it, else by
    `fn(engine, *args)`; once per revision and arguments, shared by every session."""
    of_read = reads.builder_of(fn)
    if of_read is not None:

        def build() -> Any:
            with collector_paused():
                return of_read(_read(url, revision), *args)

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
    shared by every session, at the served revision: never mutate it. Anything else is a small
    query, cached on the database's newest revision and copied out of `st.cache_data` on each
    rerun. Either way the person who wrote sees the write on the very next rerun.
    """
    url = db.database_url()
    if reads.builder_of(fn) is not None:
        return _value(fn, url, served_revision(url), tuple(args))  # type: ignore[no-any-return]
    revision = current_revision()
    return _cached_call(fn, _name(fn), url, revision, tuple(args))  # type: ignore[no-any-return]


def shared(fn: Callable[..., T], *args: Any) -> T:
    """Like `cached`, but always one object shared by every session instead of a copy.

    For large read-only results (the recommender's candidates and their search index, the
    coverage model) that would cost more to copy on every rerun than to use in place. The
    caller must not mutate what it gets.
    """
    url = db.database_url()
    return _value(fn, url, served_revision(url), tuple(args))  # type: ignore[no-any-return]


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
        email = _user_email()
        name = str(st.user.get("name") or email)
        return Actor(name=name, email=email, role=_role_this_run(email), signed_in=True)
    return local_actor(str(st.session_state.get("user_name") or ""))


def _role_this_run(email: str) -> str:
    """The signed-in person's role, read from the access list once per script run (the frame
    and the page both ask who is acting)."""
    memo = _this_run()
    if memo is None:
        return role_for(engine(), email)
    key = _ROLE + email
    if key not in memo:
        memo[key] = role_for(engine(), email)
    return str(memo[key])


_ROLE = "role:"  # the key prefix of a role in `_this_run()`


def who(person: Actor | None = None) -> str:
    """What the history records for this session's changes: the email or the typed name
    (of `person` when the page already has the acting person: each `actor()` reads the
    access list)."""
    return (person or actor()).who or LOCAL_USER


# The browser tab's icon: a local file, so the app needs no outside server to show it.
PAGE_ICON = Path(__file__).resolve().parents[2] / "assets" / "page_icon.svg"

# The pages: url path -> (file, title, icon, the action a person needs to open it).
PAGES: dict[str, tuple[str, str, str, str]] = {
    "": ("app_pages/home.py", "Home", ":material/home:", "read"),
    "call-prep": ("app_pages/call_prep.py", "Call prep", ":material/event_note:", "prepare calls"),
    "library": ("app_pages/library.py", "Library", ":material/library_books:", "read"),
    "manage": ("app_pages/manage.py", "Manage", ":material/edit_note:", "edit use cases"),
    "coverage": ("app_pages/coverage.py", "Coverage", ":material/grid_view:", "read"),
    "influence": ("app_pages/influence.py", "Influence", ":material/trending_up:", "see influence"),
    "references": (
        "app_pages/references.py",
        "References",
        ":material/record_voice_over:",
        "request references",
    ),
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
    revision = served_revision(url)

    def build() -> Any:
        return fn(_value(source, url, revision, ()), *args)

    key = (_name(fn), _name(source), tuple(args))
    return store_for(url).get(revision, key, build)  # type: ignore[no-any-return]


# --- Messages after an action: one shape for every page that writes. ---

FLASH_KEY = "flash:"


def flash(page: str, message: str, *, kind: str = "success") -> None:
    """Keep `message` to show on `page`'s next run (after `st.rerun`), as plain text: an
    action's outcome must survive the rerun that shows the library as it now is."""
    st.session_state[FLASH_KEY + page] = (kind, message)


def show_flash(page: str) -> None:
    """Show (once) the message an action on `page` left for this run."""
    found = st.session_state.pop(FLASH_KEY + page, None)
    if found is not None:
        kind, message = found
        getattr(st, kind)(markdown_text(message))


def refused(what: str, problem: object, *, icon: str = ":material/block:") -> None:
    """An action that did not happen, and why, in the person's words: `Not saved: ...`. The
    reason quotes library text and names, so it is shown literally, never as Markdown."""
    st.error(f"{markdown_text(what)}: {markdown_text(str(problem))}", icon=icon)


def show_problems(problem: Exception) -> None:
    """A write the person's entry broke the rules of, one error a problem so each fix stands on
    its own line (`RuleProblems`); any other refusal (`NotAllowed`) as its one message. The
    problems quote what was typed, so they are shown literally, never as Markdown."""
    lines = problem.problems if isinstance(problem, RuleProblems) else [str(problem)]
    for line in lines:
        st.error(markdown_text(line))


# --- A use case's versions: listed and compared the same way on Library and Manage. ---


def version_history(use_case_id: str, *, key: str) -> list[versions.VersionInfo]:
    """List a use case's versions (who, when, action, summary) and compare any two, field by
    field; returns the versions so a page can offer more (Manage: restore one).

    The differences quote library text, so they are shown as table cells (data), never as
    Markdown."""
    found = versions.versions(engine(), use_case_id)
    if not found:
        st.caption("No versions kept yet: every save from now on keeps one.")
        return found
    st.dataframe(
        versions.version_rows(found),
        hide_index=True,
        column_config={
            "When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
            "Summary": st.column_config.TextColumn(width="large"),
        },
        key=f"{key}:{use_case_id}:versions",
    )
    if len(found) < 2:
        return found
    numbers = [v.number for v in found]
    left, right = st.columns(2)
    older = left.selectbox("Compare version", numbers, index=1, key=f"{key}:{use_case_id}:older")
    newer = right.selectbox("with version", numbers, index=0, key=f"{key}:{use_case_id}:newer")
    lines = versions.compare(engine(), use_case_id, older, newer)
    st.dataframe(
        [{"What changed": line} for line in lines],
        hide_index=True,
        column_config={"What changed": st.column_config.TextColumn(width="large")},
        key=f"{key}:{use_case_id}:compare",
    )
    return found


# --- "Your name" (local mode), kept per browser ------------------------------------------------
# The typed name lives in the session's widget state, and every refresh or opened link starts a
# new session: the name was gone and changes were recorded as the local user. It is kept here,
# per browser (the token of Streamlit's own XSRF cookie, as for the sign-in return link; no
# cookie of ours, nothing in the link that could be shared), and given back to a new session.
NAME_KEY = "user_name"
MAX_REMEMBERED_NAMES = 10_000


@st.cache_resource(show_spinner=False)
def _typed_names() -> dict[str, str]:
    """Per browser: the name last typed in the sidebar (oldest first, bounded)."""
    return {}


def restore_user_name() -> None:
    """Give a new session the name this browser typed before; call before drawing the box."""
    if NAME_KEY in st.session_state:
        return
    key = _browser_key()
    if key is not None and key in _typed_names():
        st.session_state[NAME_KEY] = _typed_names()[key]


def remember_user_name() -> None:
    """The sidebar box's `on_change`: keep what was typed for this browser's next sessions."""
    key = _browser_key()
    if key is None:
        return
    names = _typed_names()
    names.pop(key, None)
    names[key] = str(st.session_state.get(NAME_KEY) or "")
    while len(names) > MAX_REMEMBERED_NAMES:
        names.pop(next(iter(names)), None)


# --- A part of a page that reruns on its own (`st.fragment`) -----------------------------------
# A profile change on Call prep reruns only the prep (its fragment), not the app frame, the
# sidebar and the rest of the page: a fragment's own rerun runs none of app.py. What the frame
# would have shown differently must then bring the whole page back: a library written since
# (the sidebar's counts, the "refreshing" note), a changed role (refused or other pages), or a
# file this session generated (listed under the rep's recent preps).
FRAME_KEY = "_casebook_frame"  # session slot: what the last full run drew the frame for
CHANGES_KEY = "_casebook_session_changes"  # session slot: a counter a download moves on


def _session_changes() -> list[int]:
    """This session's counter of changes made outside a script run (a download's callable
    runs on its own when clicked): one mutable object, so a callable can hold it."""
    found = st.session_state.get(CHANGES_KEY)
    if not isinstance(found, list):
        found = [0]
        st.session_state[CHANGES_KEY] = found
    return found


def change_counter() -> Callable[[], None]:
    """A callable that notes "this session changed something the page lists" (the usage
    log, from a download): the next fragment rerun then reruns the whole page."""
    counter = _session_changes()

    def changed() -> None:
        counter[0] += 1

    return changed


def _frame_state(revision: int, person: Actor) -> tuple[int, str, int]:
    return revision, person.role, _session_changes()[0]


def frame_drawn(revision: int, person: Actor) -> None:
    """Called by the app frame on every full run, before the page: the revision, role and
    session changes the frame and the page outside a fragment were drawn for."""
    st.session_state[FRAME_KEY] = _frame_state(revision, person)


PAGE_NEXT_KEY = "_casebook_page_next"  # session slot: the next fragment rerun is a full one


def rerun_page_next() -> None:
    """For the callback of a widget inside a fragment that changes what is drawn outside it
    (a suggestion button setting a profile field): the rerun it starts brings the whole page
    back, not just the fragment (a callback cannot widen its own rerun)."""
    st.session_state[PAGE_NEXT_KEY] = True


def fragment_only() -> bool:
    """Whether this run is a fragment's own rerun (the app frame did not run)."""
    ctx = get_script_run_ctx(suppress_warning=True)
    return bool(ctx is not None and ctx.fragment_ids_this_run)


def fragment_run(body: Callable[[], None]) -> None:
    """Run a fragment's `body`; in the fragment's own rerun, first rerun the whole page
    instead when asked to (`rerun_page_next`) or when the library's revision, the person's
    role or this session's changes moved since the last full run (one statement: the
    revision comes with the role), and count the run in progress for the background build
    as the frame does for a full run."""
    asked = st.session_state.pop(PAGE_NEXT_KEY, False)  # a full run answers it anyway
    if not fragment_only():
        body()
        return
    run_started()
    try:
        if asked or st.session_state.get(FRAME_KEY) != _frame_state(current_revision(), actor()):
            st.rerun(scope="app")
        body()
    finally:
        run_finished()
