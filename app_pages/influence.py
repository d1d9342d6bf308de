"""Influence: the deals each use case and customer outcome was used in, and how they ended."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from lib.core import ui
from lib.core.access import NotAllowed
from lib.core.safe_text import caption_text, markdown_text
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.coverage import model as coverage_data
from lib.coverage.dismissals import dismissed_cells, load_dismissals
from lib.coverage.report import coverage_report, proof_gaps
from lib.deals.influence import MIN_SAMPLE
from lib.deals.report import asks, asks_frame, influence_report
from lib.deals.signal import ACTION as SIGNAL_ACTION
from lib.deals.signal import ENV, env_choice, set_win_signal, win_signal_on

st.title("Influence")
engine = ui.engine()
min_sample = int(
    st.number_input(
        "Closed deals needed for a win rate",
        min_value=1,
        max_value=1000,
        value=MIN_SAMPLE,
        key="min_sample",
        bind="query-params",
        help="Below this many closed deals no win rate is given: too few to say anything.",
    )
)
report = influence_report(engine, min_sample)
st.caption(caption_text(report.caveat))

if report.empty:
    st.info(
        "No deals yet. Export your Salesforce opportunity report or HubSpot deals (.xlsx or "
        ".csv) and import it on the Manage page, or with `python -m lib deals import FILE`. "
        "Packs prepared for a deal are then set against how it ended."
    )
    ui.page_link("app_pages/manage.py", label="Import deals on Manage", icon=":material/upload:")
    st.stop()

d = report.deals
cols = st.columns(5)
cols[0].metric("Deals", f"{sum(d.values()):,}")
cols[1].metric("Won", f"{d['won']:,}")
cols[2].metric("Lost", f"{d['lost']:,}")
cols[3].metric("Open", f"{d['open']:,}")
cols[4].metric("With a pack", f"{report.deals_with_usage:,}", help="Deals a pack or question "
               "sheet was prepared for (a deal link, or the Deal field on Call prep)")  # fmt: skip

if report.unknown_industries:
    st.warning(
        "Deals in industries the library does not know are left out of comparisons and "
        "segments: "
        + markdown_text(", ".join(report.unknown_industries))
        + ". Add them as aliases of an industry on the Segments sheet.",
        icon=":material/help:",
    )

SHOWN = 1000  # rows per table on the page; every row is in the workbook and the JSON


def _table(table: pd.DataFrame, key: str, what: str) -> None:
    rows = len(table)
    st.dataframe(table.head(SHOWN), hide_index=True, width="stretch", key=key)
    if rows > SHOWN:
        st.caption(
            f"The {SHOWN:,} {what} used in most deals, of {rows:,}: every one is in the coverage "
            "report workbook (Influence sheet) and in `python -m lib influence --json`."
        )


uses_tab, outcomes_tab, segment_tab, ask_tab = st.tabs(
    ["Use cases", "Customer outcomes", "By segment", "Whom to ask"]
)
with uses_tab:
    st.caption(
        "Each use case used in a deal: how those deals ended, their win rate beside comparable "
        "closed deals (same industry and size) where it was not used, the median days from "
        "creation to close of the won ones, the open pipeline and the won amount."
    )
    _table(report.use_case_table, "uses", "use cases")
with outcomes_tab:
    st.caption("Each customer outcome shown in a deal's pack, the same way.")
    _table(report.outcome_table, "outcomes", "outcomes")
with segment_tab:
    st.caption("Per industry x company size: the use cases used in its won deals, most first.")
    st.dataframe(report.segment_table, hide_index=True, width="stretch", key="segments")
with ask_tab:
    st.caption(
        "Coverage gaps short of shareable proof, and the closed-won deals in that segment whose "
        "customer has no outcome yet: the asks that would close the gap."
    )
    data = ui.shared(coverage_data.load)
    cover = ui.kept(
        coverage_report,
        coverage_data.load,
        dt.date.today(),
        None,
        STALE_AFTER_DAYS,
        EXPIRING_WITHIN_DAYS,
        dismissed_cells(ui.cached(load_dismissals)),
    )
    found = asks(engine, proof_gaps(cover)) if not data.empty else []
    if found:
        st.dataframe(asks_frame(found), hide_index=True, width="stretch", key="asks")
    else:
        st.success("No gap short of proof has a won deal whose customer could be asked.")

actor = ui.actor()
if actor.can(SIGNAL_ACTION):
    on = win_signal_on(engine)
    wanted = st.toggle(
        "Call prep uses won deals in its picks",
        value=on,
        key="win_signal",
        help=f"Up to 5 of 100 points, explained in the pick ('used in 6 of 8 won Healthcare "
        f"Mid-market deals'), only with {MIN_SAMPLE} or more won deals in the segment.",
        disabled=env_choice() is not None,
    )
    if env_choice() is not None:
        st.caption(f"Set for this server by {ENV}.")
    elif wanted != on:
        try:
            st.toast(set_win_signal(engine, actor, wanted))
        except NotAllowed as problem:
            st.error(markdown_text(str(problem)))
