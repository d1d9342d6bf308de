"""Streamlit glue the pages share: the cached engine and revision-keyed reads.

This is the only module in `lib/` that imports Streamlit; everything it serves is computed by
plain functions elsewhere in `lib/` so tests and the CLI get the same answers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import streamlit as st
from sqlalchemy import Engine

from lib.core import db
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



def who() -> str:
    """The name recorded on changes: the session's name if given, else 'local user'."""
    return str(st.session_state.get("user_name") or LOCAL_USER).strip() or LOCAL_USER


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
