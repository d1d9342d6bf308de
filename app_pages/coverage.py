"""Coverage: where the library is thin, what is stale, what reps actually use."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import streamlit as st

from lib.core import ui
from lib.core.access import NotAllowed
from lib.core.fatigue import fatigue_all
from lib.core.safe_text import caption_text, markdown_text
from lib.core.vocab import EXPIRING_WITHIN_DAYS, STALE_AFTER_DAYS
from lib.coverage import model as coverage_data
from lib.coverage import tables as coverage_tables
from lib.coverage.charts import history_figure, matrix_figure, selected_cell
from lib.coverage.dismissals import ACTION as DISMISS_GAPS
from lib.coverage.dismissals import (
    DismissalError,
    dismiss_gap,
    dismissed_cells,
    load_dismissals,
    restore_gap,
)
from lib.coverage.fatigue import fatigue_table, fatigue_warnings
from lib.coverage.report import MEASURES, coverage_report
from lib.coverage.snapshots import record_daily_snapshot, snapshot_history
from lib.coverage.usage import (
    load_usage,
    most_used,
    never_used,
    overuse_warnings,
    quarter,
    usage_summary,
)
from lib.coverage.workbook import MIME, coverage_workbook, file_name
from lib.deals.report import influence_sheet_for

if TYPE_CHECKING:
    import pandas as pd

st.title("Coverage")
st.caption("Where the library is thin, what is stale, and what reps actually use.")

today = dt.date.today()
data = ui.shared(coverage_data.load)

if data.empty:
    st.info(
        "There is nothing to measure yet: the library has no use cases. Load the sample library "
        "from Home to look around, or import your own workbook on the Manage page, then tag use "
        "cases with industries and personas to see coverage here."
    )
    left, right = st.columns(2)
    left.page_link("app_pages/home.py", label="Load the sample library", icon=":material/home:")
    right.page_link("app_pages/manage.py", label="Import a workbook", icon=":material/upload:")
    st.stop()


def _approvals_table():  # type: ignore[no-untyped-def]
    """The permission ledger's gaps as the report's sheet."""
    from lib.coverage.ledger import unrecorded_approvals, unrecorded_table

    return unrecorded_table(unrecorded_approvals(data, today))


# A table under a list's heading: a label above it ("" for none), its rows, its column_config.
Table = tuple[str, "pd.DataFrame", dict[str, Any] | None]


def _listing(
    heading: str, found: Sequence[Any], tables: Callable[[], Sequence[Table]], all_clear: str
) -> None:
    """A heading, then its tables when anything was found, else the all-clear: the shape of
    every list on the Freshness tab. The tables are built only when there is something to list."""
    st.markdown(heading)
    if not found:
        st.success(all_clear)
        return
    for label, rows, columns in tables():
        if label:
            st.markdown(label)
        st.dataframe(rows, hide_index=True, column_config=columns)


def _unrecorded_approvals() -> None:
    """The permission ledger's gaps: shareable proof nobody recorded an approval for."""
    from lib.coverage.ledger import unrecorded_approvals, unrecorded_table

    found = unrecorded_approvals(data, today)
    _listing(
        "**No approval on record** — shareable outcomes whose ledger does not say who at the "
        "customer approved them, or when (the Outcomes sheet's approved_by and approved_on)",
        found,
        lambda: [("", unrecorded_table(found), None)],
        "Every shareable outcome has its approval on record.",
    )


controls = st.columns([2, 2, 1])
size = controls[0].selectbox(
    "Company size",
    data.company_sizes,
    index=None,
    placeholder="All sizes",
    key="size",
    bind="query-params",
    help="Count only use cases (and proof) for this company size.",
)
measure = controls[1].segmented_control(
    "Measure",
    list(MEASURES),
    format_func=MEASURES.get,
    default="use_cases",
    required=True,
    key="measure",
    bind="query-params",
)
stale_days = int(
    controls[2].number_input(
        "Stale after (days)",
        min_value=1,
        max_value=3650,
        value=STALE_AFTER_DAYS,
        key="stale_after",
        bind="query-params",
        help="A use case not reviewed within this many days is flagged stale, unless it "
        "has its own review interval.",
    )
)
measure = measure or "use_cases"

dismissals = ui.cached(load_dismissals)
report = ui.kept(
    coverage_report,
    coverage_data.load,
    today,
    size,
    stale_days,
    EXPIRING_WITHIN_DAYS,
    dismissed_cells(dismissals),
)
record_daily_snapshot(ui.engine(), data, report)

h = report.headline
cols = st.columns(7)
cols[0].metric("Approved use cases", h.approved_use_cases)
cols[1].metric("Shareable proof", h.shareable_proof, help="Public or anonymized, unexpired")
applicable = f"{h.cells} applicable cells (a persona counts only in its industries)"
cols[2].metric(
    "Cells covered", f"{h.coverage_pct:.0f}%", help=f"{h.cells_covered} of {applicable}"
)
cols[3].metric(
    "Cells with proof", f"{h.proof_pct:.0f}%", help=f"{h.cells_with_proof} of {applicable}"
)
cols[4].metric(
    "Gaps",
    h.gaps,
    help="Applicable industry × persona cells short of their targets"
    + (f"; {h.dismissed} more dismissed" if h.dismissed else ""),
)
cols[5].metric("Stale use cases", h.stale, help=f"Not reviewed within {stale_days} days")
cols[6].metric("Avg completeness", f"{h.completeness:.0f}%")
if report.size_caveat:
    st.caption(caption_text(report.size_caveat))
ui.show_flash("coverage")

shown_size = markdown_text(size, one_line=True) if size else "all sizes"
st.subheader(f"{MEASURES[measure]} by industry × persona · {shown_size}")
matrix = report.matrix_for(measure)


def _pick_from_chart() -> None:
    cell = selected_cell(st.session_state.get("coverage_cell"))
    if cell:
        st.session_state["industry"], st.session_state["persona"] = cell


if matrix.size:
    st.plotly_chart(
        matrix_figure(matrix, MEASURES[measure], report.not_applicable),
        key="coverage_cell",
        on_select=_pick_from_chart,
        selection_mode="points",
        width="content",
        config={"displayModeBar": False},
    )
else:
    st.info(
        "No industries or personas yet: add them on the Segments and Personas sheets and "
        "tag your use cases with them."
    )

pick = st.columns(2)
industry = pick[0].selectbox(
    "Industry",
    data.industries,
    index=None,
    placeholder="Click a square above, or pick an industry",
    key="industry",
    bind="query-params",
)
persona = pick[1].selectbox(
    "Persona",
    data.personas,
    index=None,
    placeholder="… and a persona",
    key="persona",
    bind="query-params",
)
if industry and persona and (industry, persona) in report.not_applicable:
    who, where = (markdown_text(name, one_line=True) for name in (persona, industry))
    st.info(
        f"{who} does not apply to {where} (Personas sheet, industries column), so this cell "
        "is neither counted nor a gap."
    )
elif industry and persona:
    behind = report.cell_use_cases(industry, persona)
    cell = " × ".join(markdown_text(name, one_line=True) for name in (industry, persona))
    cell += f" ({markdown_text(size, one_line=True)})" if size else ""
    if behind:
        count = f"{len(behind)} approved use case{'s' if len(behind) != 1 else ''}"
        st.markdown(f"**{count}** for {cell}")
        st.dataframe(coverage_tables.cell_table(behind), hide_index=True)
    else:
        st.warning(f"No approved use case covers {cell}: write one, or tag an existing use case.")

st.download_button(
    "Download the coverage report (.xlsx)",
    data=lambda: coverage_workbook(
        report,
        usage_summary(data, load_usage(ui.engine())),
        approvals=_approvals_table(),
        influence=influence_sheet_for(ui.engine()),
        fatigue=fatigue_all(ui.engine(), today),
    ),
    file_name=file_name(report),
    mime=MIME,
    on_click="ignore",
    icon=":material/download:",
)

gaps_tab, fresh_tab, complete_tab, usage_tab, time_tab = st.tabs(
    ["Gaps", "Freshness", "Completeness", "Usage", "Over time"]
)


def _dismiss_form() -> None:
    """Pick a gap and say why it is not worth filling."""
    cells = list(dict.fromkeys((g.industry, g.persona) for g in report.gaps))
    with (
        st.expander("Dismiss a gap that is not worth filling"),
        st.form("dismiss_gap", clear_on_submit=True, border=False),
    ):
        cell = st.selectbox(
            "Gap",
            cells,
            index=None,
            format_func=lambda c: f"{c[0]} × {c[1]}",
            placeholder="Pick a gap",
            key="dismiss_cell",
            help="Dismissed for every company size; undo it below at any time.",
        )
        reason = st.text_input(
            "Why it is not worth filling",
            key="dismiss_reason",
            max_chars=500,
            placeholder="e.g. we do not sell security tooling to schools",
        )
        if st.form_submit_button("Dismiss the gap", icon=":material/do_not_disturb_on:"):
            if cell is None:
                st.error("Pick the gap to dismiss.")
            else:
                try:
                    dismiss_gap(ui.engine(), cell[0], cell[1], reason, actor=ui.actor())
                except (DismissalError, NotAllowed) as err:
                    ui.refused("Not changed", err)
                else:
                    ui.flash("coverage", f"Dismissed the gap {cell[0]} × {cell[1]}.")
                    st.rerun()


def _undo_dismissal() -> None:
    """Count a dismissed gap again."""
    undo, button = st.columns([3, 1], vertical_alignment="bottom")
    again = undo.selectbox(
        "Count a dismissed gap again",
        [(d.industry, d.persona) for d in dismissals],
        index=None,
        format_func=lambda c: f"{c[0]} × {c[1]}",
        placeholder="Pick a dismissed gap",
        key="restore_cell",
    )
    if button.button("Undo the dismissal", icon=":material/undo:", disabled=again is None):
        try:
            restore_gap(ui.engine(), again[0], again[1], actor=ui.actor())
        except (DismissalError, NotAllowed) as err:
            ui.refused("Not changed", err)
        else:
            ui.flash("coverage", f"The gap {again[0]} × {again[1]} counts again.")
            st.rerun()


def _gap_dismissals() -> None:
    """Dismissed gaps with their reasons for everyone; dismissing and undoing for marketing."""
    allowed = ui.actor().can(DISMISS_GAPS)
    if allowed:
        _dismiss_form()
    if not dismissals:
        return
    st.markdown(f"**Dismissed gaps** ({len(dismissals)}) — not counted as gaps")
    st.dataframe(
        coverage_tables.dismissed_table(dismissals),
        hide_index=True,
        column_config={
            "Reason": st.column_config.TextColumn(width="large"),
            "When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
        },
    )
    if allowed:
        _undo_dismissal()


with gaps_tab:
    if report.gaps:
        weight = "industry's priority × the size's priority" if size else "industry's priority"
        st.caption(
            f"Ranked by the {weight} (Segments sheet) × shortfall: use cases short of 2, no "
            "shareable proof, no discovery questions for the persona."
        )
        st.dataframe(
            report.gaps_table,
            hide_index=True,
            column_order=[
                "Industry",
                "Persona",
                "Company size",
                "What is missing",
                "Score",
                "Use cases",
                "Shareable proof",
                "Discovery questions",
                "Priority",
                "Shortfall",
            ],
            column_config={
                "Priority": st.column_config.NumberColumn(format="%g"),
                "Score": st.column_config.NumberColumn(format="%g"),
                "Discovery questions": st.column_config.CheckboxColumn(),
                "What is missing": st.column_config.TextColumn(width="large"),
            },
        )
    else:
        st.success("No gaps: every applicable industry × persona cell meets its targets.")
    if report.not_applicable:
        st.caption(
            f"{len(report.not_applicable)} cells are not applicable (a persona limited to some "
            "industries on the Personas sheet) and are left out of the gaps and the headline."
        )
    _gap_dismissals()

with fresh_tab:
    _listing(
        f"**Stale use cases** — not reviewed within {stale_days} days",
        report.stale,
        lambda: [
            (
                "Review queue by owner",
                report.queue_table,
                {"Oldest first": st.column_config.TextColumn(width="large")},
            ),
            (
                "",
                report.stale_table,
                {
                    "Last reviewed": st.column_config.DateColumn(format="YYYY-MM-DD"),
                    "Days since review": st.column_config.NumberColumn(
                        help="Blank: never reviewed"
                    ),
                },
            ),
        ],
        "Every use case was reviewed recently.",
    )
    _listing(
        f"**Permissions expiring** within {EXPIRING_WITHIN_DAYS} days",
        report.expiring,
        lambda: [
            (
                "",
                report.expiring_table,
                {"Expires": st.column_config.DateColumn(format="YYYY-MM-DD")},
            )
        ],
        "No sharing permission runs out in the next few weeks.",
    )
    _listing(
        "**Expired permissions** — renewal queue: these stories no longer reach any prospect",
        report.expired,
        lambda: [
            ("", report.renewal_table, None),
            (
                "",
                report.expired_table,
                {
                    "Expired": st.column_config.DateColumn(format="YYYY-MM-DD"),
                    "Use case": st.column_config.TextColumn(width="medium"),
                },
            ),
        ],
        "No public or anonymized permission has expired.",
    )
    _unrecorded_approvals()

with complete_tab:
    st.caption("Scored against the fully dressed template; lowest first — fix these first.")
    st.dataframe(
        report.completeness_table,
        hide_index=True,
        column_config={
            "Score": st.column_config.ProgressColumn(min_value=0, max_value=100, format="%.0f%%"),
            "What is missing": st.column_config.TextColumn(width="large"),
        },
    )



def _reference_fatigue() -> None:
    """Customers asked too often or at risk, from real reference requests."""
    states = fatigue_all(ui.engine(), today)
    if not states:
        st.caption(
            "No customer references yet: add them on the References sheet (or on Manage) to "
            "track how often each one is asked."
        )
        return
    for warning in fatigue_warnings(states):
        st.warning(markdown_text(warning.message), icon=":material/record_voice_over:")
    with st.expander(f"Every reference and its asks this quarter ({len(states)})"):
        st.dataframe(fatigue_table(states), hide_index=True, key="reference_fatigue")


with usage_tab:
    _reference_fatigue()
    events = load_usage(ui.engine())
    if not events:
        st.info(
            "No packs or question sheets generated yet. Once reps prepare calls, this shows "
            "what they use and which references are shown too often."
        )
    else:
        segment = st.selectbox(
            "Prospect industry",
            data.industries,
            index=None,
            placeholder="Any industry",
            key="usage_industry",
            bind="query-params",
        )
        overused = overuse_warnings(data, events)
        for warning in (w for w in overused if w.quarter == quarter(today)):
            st.info(markdown_text(warning.message), icon=":material/visibility:")
        earlier = [w for w in overused if w.quarter != quarter(today)]
        if earlier:
            with st.expander(f"References shown too often in earlier quarters ({len(earlier)})"):
                st.dataframe(coverage_tables.overuse_table(earlier), hide_index=True)
        left, right = st.columns(2)
        # The count comes before the title so it stays in view in a half-width column.
        counts = {
            "column_order": ["Use case", "Packs", "Title"],
            "column_config": {
                "Use case": st.column_config.TextColumn(width="small"),
                "Packs": st.column_config.NumberColumn(width="small"),
            },
        }
        left.markdown("**Most used**")
        left.dataframe(
            coverage_tables.use_count_table(most_used(data, events, segment or "")),
            hide_index=True,
            key="most_used",
            **counts,
        )
        unused = never_used(data, events, segment or "")
        right.markdown(f"**Never used** ({len(unused)} approved use cases)")
        right.dataframe(
            coverage_tables.use_count_table(unused[:500]),
            hide_index=True,
            key="never_used",
            **counts,
        )

with time_tab:
    history = snapshot_history(ui.engine())
    st.plotly_chart(history_figure(history), key="coverage_history")
    st.caption("One snapshot per day of the headline numbers, taken when coverage is viewed.")
    if len(history) < 2:
        st.info("Only today so far: the lines start once coverage has been viewed on two days.")
