"""Home: what the library holds and where to go next."""

from __future__ import annotations

import streamlit as st

from lib.core import ui
from lib.core.safe_text import markdown_text
from lib.core.summary import library_counts
from lib.workbook import WorkbookError, load_sample_if_empty

st.title("Casebook")
st.caption("Use cases and customer outcomes for your next call.")


def _load_sample() -> None:
    with st.status("Loading the sample library…", expanded=False) as status:
        try:
            loaded = load_sample_if_empty(ui.engine())
        except WorkbookError as problem:
            status.update(label="The sample library could not be loaded", state="error")
            st.error(markdown_text(problem))
            return
        status.update(
            label="Sample library loaded" if loaded else "The library already has use cases",
            state="complete",
        )


counts = ui.cached(library_counts)
if counts.empty:
    st.info(
        "The library is empty. Load the sample library to look around, or import your own "
        "workbook on the Manage page (`python -m lib import FILE` from a terminal)."
    )
    left, right = st.columns(2)
    if left.button("Load the sample library", type="primary", key="load-sample"):
        _load_sample()
        st.rerun()
    ui.page_link(
        "app_pages/manage.py", where=right, label="Import a workbook", icon=":material/upload:"
    )
    st.stop()

cols = st.columns(4)
cols[0].metric(
    "Approved use cases",
    counts.approved,
    help=f"{counts.drafts} drafts, {counts.retired} retired",
)
cols[1].metric("Customer outcomes", counts.outcomes)
cols[2].metric("Personas", counts.personas)
cols[3].metric("Industries × sizes", f"{counts.industries} × {counts.company_sizes}")

st.subheader("Where to next")
for target, label, icon, what in (
    ("app_pages/call_prep.py", "Prep a call", ":material/event_note:",
     "Describe the prospect; get the use cases to bring, a question sheet and a one-page pack."),
    ("app_pages/library.py", "Browse the library", ":material/library_books:",
     "Filter and read use cases, their diagram, user stories and proof."),
    ("app_pages/manage.py", "Manage the library", ":material/edit_note:",
     "Edit use cases, import a workbook, download the template or the whole library."),
    ("app_pages/coverage.py", "See coverage", ":material/grid_view:",
     "Where the library is thin, what is stale, what lacks proof, what reps use."),
):  # fmt: skip
    ui.page_link(target, label=label, icon=icon)
    st.caption(what)
