"""Casebook: the entry point. Declares the pages (per role), signs people in, draws the sidebar."""

from __future__ import annotations

import streamlit as st

from lib import warm_views
from lib.core import access, db, ui
from lib.core.collector import tune_malloc
from lib.core.safe_text import caption_text, markdown_text
from lib.core.summary import library_counts

# The icon is a file in the repository, sent inline: a Material or emoji icon would be fetched
# from Google's or a CDN's servers, which a locked-down network (or no network) refuses.
st.set_page_config(page_title="Casebook", page_icon=str(ui.PAGE_ICON), layout="wide")
tune_malloc()  # once per process (`streamlit run app.py`); serve.py does it at start
ui.run_started()  # background builds give way while this run is in progress

PAGES = ui.PAGES


# What every page starts from, rebuilt in the background after each write (see lib.core.ui).
warm_views.register()


def _page(url_path: str) -> st.Page:
    path, title, icon, _ = PAGES[url_path]
    if not url_path:
        return st.Page(path, title=title, icon=icon, default=True)
    return st.Page(path, title=title, icon=icon, url_path=url_path)


def _requested_page() -> str:
    """The page the browser's address names (`manage` for /manage?uc=...), "" for Home."""
    url = st.context.url if isinstance(st.context.url, str) else ""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def _sign_in_screen(settings: ui.SignIn) -> None:
    st.title("Casebook")
    problems = list(settings.problems)
    if not problems:
        problems = ui.provider_problems_now()
    if problems:
        st.error(
            "Sign-in is not set up correctly, so nobody can sign in yet. Your Casebook admin "
            "can fix it in `.streamlit/secrets.toml` and check it with `python -m lib doctor`.",
            icon=":material/key_off:",
        )
        for problem in problems:
            st.text(f"• {problem}")
        st.stop()
    st.caption("Use cases and customer outcomes for your next call.")
    st.info("Sign in with your company account to use Casebook.", icon=":material/login:")
    path = _requested_page()
    ui.remember_link(path if path in PAGES else "")
    if st.button("Sign in", type="primary", icon=":material/login:", key="sign-in"):
        st.login(settings.provider)
    st.stop()


try:
    revision = ui.current_revision()
except db.DatabaseUnavailable as problem:
    st.error(
        f"Casebook cannot open its library: {markdown_text(problem)}.", icon=":material/database:"
    )
    st.stop()
ui.start_warming(revision)

settings = ui.sign_in_settings()
if settings.configured and (settings.problems or not st.user.is_logged_in):
    _sign_in_screen(settings)

actor = ui.actor()
if settings.configured and actor.role not in access.ROLES:
    st.title("Casebook")
    admins = access.admins(ui.engine())
    ask = f" ({markdown_text(', '.join(admins))})" if admins else ""
    st.warning(
        f"You are signed in as {markdown_text(actor.email)}, but you do not have access to "
        "Casebook yet. "
        f"Ask your Casebook admin{ask} for access.",
        icon=":material/lock:",
    )
    if st.button("Sign out", key="sign-out-refused"):
        st.logout()
    st.stop()

allowed = ui.pages_for(actor)
requested = _requested_page()
if requested in PAGES and requested not in allowed:
    st.title(PAGES[requested][1])
    st.warning(
        f"{PAGES[requested][1]} is not available to your role ({markdown_text(actor.role)}). "
        "Ask your Casebook admin if you need it.",
        icon=":material/lock:",
    )
    st.markdown("[Go to Home](./)")
    st.stop()
current = st.navigation([_page(k) for k in allowed])
if settings.configured:
    link = ui.take_remembered_link()
    if link and link[0] in allowed and link[0]:
        st.switch_page(PAGES[link[0]][0], query_params=link[1])

with st.sidebar:
    st.markdown("### Casebook")
    st.caption(f"Library: {caption_text(ui.cached(library_counts).describe())}")
    if (newer := ui.refreshing()) is not None:  # pages show the previous revision until then
        st.caption("Library updated, refreshing…", help="You see the previous version until then.")
        ui.refresh_when_ready(newer)
    with st.expander("Technical details", icon=":material/settings:"):
        st.caption(f"{caption_text(db.describe(db.database_url()))} · revision {revision}")
    if settings.configured:
        st.caption("Signed in as")
        st.text(f"{actor.name}\n{actor.email}\nRole: {actor.role}")
        if st.button("Sign out", icon=":material/logout:", key="sign-out"):
            st.logout()
    else:
        st.caption("Local mode: no sign-in")
        ui.restore_user_name()
        st.text_input(
            "Your name",
            key=ui.NAME_KEY,
            placeholder="local user",
            help="Recorded on every change you make to the library.",
            on_change=ui.remember_user_name,
        )

ui.frame_drawn(revision, actor)  # a fragment's own rerun compares with it (lib.core.ui)
current.run()
ui.run_finished()
