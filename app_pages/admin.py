"""Admin: who may use Casebook and with which role (the access list)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.core import access, ui
from lib.core.safe_text import markdown_text

engine = ui.engine()
actor = ui.actor()
st.title("Admin")
st.caption(
    "Who may use Casebook once sign-in is on: an email or a whole @domain, and its role. "
    "Reps read and prepare calls; marketing also edits, imports and approves; admins also "
    "replace sheets on import and keep this list."
)

rules = access.rules(engine)
if rules:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Email or domain": r.pattern,
                    "Role": r.role,
                    "Granted by": r.granted_by,
                    "When": r.granted_at,
                }
                for r in rules
            ]
        ),
        hide_index=True,
        width="stretch",
    )
else:
    st.info(
        "The access list is empty. Grant the first admin from a terminal on the server: "
        "`python -m lib access grant you@company.com admin`, then manage it here.",
        icon=":material/group_add:",
    )

with st.form("grant", border=True):
    st.markdown("**Grant or change a role**")
    left, right = st.columns([3, 1])
    pattern = left.text_input("Email or @domain", placeholder="ana@acme.com or @acme.com")
    role = right.selectbox("Role", access.ROLES)
    if st.form_submit_button("Grant", type="primary"):
        try:
            st.success(markdown_text(access.grant(engine, actor, pattern, role)))
        except (access.AccessError, access.NotAllowed) as problem:
            st.error(markdown_text(str(problem)))

if rules:
    with st.form("revoke", border=True):
        st.markdown("**Revoke**")
        pattern = st.selectbox("Email or domain", [r.pattern for r in rules])
        if st.form_submit_button("Revoke"):
            try:
                st.success(markdown_text(access.revoke(engine, actor, pattern)))
            except (access.AccessError, access.NotAllowed) as problem:
                st.error(markdown_text(str(problem)))

with st.form("default-role", border=True):
    st.markdown("**People signed in but not on the list**")
    choices = (access.NO_ACCESS, *access.ROLES)
    current = access.default_role(engine)
    role = st.selectbox(
        "They get",
        choices,
        index=choices.index(current),
        format_func=lambda r: "no access (refused)" if r == access.NO_ACCESS else r,
    )
    if st.form_submit_button("Save"):
        try:
            st.success(markdown_text(access.set_default_role(engine, actor, role)))
        except (access.AccessError, access.NotAllowed) as problem:
            st.error(markdown_text(str(problem)))
