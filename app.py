"""Casebook: the entry point. Declares the pages and draws what they all share."""

from __future__ import annotations

import streamlit as st

from lib.core import db, ui

st.set_page_config(page_title="Casebook", page_icon=":material/menu_book:", layout="wide")

pages = [
    st.Page("app_pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page(
        "app_pages/call_prep.py",
        title="Call prep",
        icon=":material/event_note:",
        url_path="call-prep",
    ),
    st.Page(
        "app_pages/library.py", title="Library", icon=":material/library_books:", url_path="library"
    ),
    st.Page("app_pages/manage.py", title="Manage", icon=":material/edit_note:", url_path="manage"),
    st.Page(
        "app_pages/coverage.py", title="Coverage", icon=":material/grid_view:", url_path="coverage"
    ),
]

try:
    revision = ui.current_revision()
except db.DatabaseUnavailable as problem:
    st.error(f"Casebook cannot open its library: {problem}.", icon=":material/database:")
    st.stop()

with st.sidebar:
    st.markdown("### Casebook")
    st.caption(f"Library: {db.describe(db.database_url())} · revision {revision}")
    st.text_input(
        "Your name",
        key="user_name",
        placeholder="local user",
        help="Recorded on every change you make to the library.",
    )

st.navigation(pages).run()
