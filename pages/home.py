"""Home: what the library holds and where to go next."""

from __future__ import annotations

import streamlit as st

from lib import ui
from lib.summary import library_counts

ui.require_frame()
st.title("Casebook")
st.caption("Use cases and customer outcomes for your next call.")

counts = ui.cached(library_counts)
if counts.empty:
    st.info(
        "The library is empty. Load the sample library with `python -m lib init`, "
        "or import your own workbook with `python -m lib import FILE`."
    )
else:
    cols = st.columns(4)
    cols[0].metric(
        "Approved use cases",
        counts.approved,
        help=f"{counts.drafts} drafts, {counts.retired} retired",
    )
    cols[1].metric("Customer outcomes", counts.outcomes)
    cols[2].metric("Personas", counts.personas)
    cols[3].metric("Industries × sizes", f"{counts.industries} × {counts.company_sizes}")
