"""Library: find use cases by segment, persona or words; read one; draw it; turn it into stories."""

from __future__ import annotations

import datetime as dt
import functools

import streamlit as st

from lib.core import ui
from lib.core.access import NotAllowed
from lib.core.safe_text import caption_text, markdown_text
from lib.core.vocab import STALE_AFTER_DAYS
from lib.library import catalog, diagram, stories, tables, verify
from lib.library import detail as reading

MAX_DIAGRAM_CASES = 15
MAX_ROWS = 5_000
READING_ROW_HEIGHT = 72  # three lines: quotes and questions wrap instead of being cut off
TABLE_ROW = 35  # st.dataframe's row height in pixels
TABLE_HEADER = 38
ROWS_IN_VIEW = 22  # about a page on a 1080 px screen: the table is what this page is for
ROWS_BESIDE_READING = 8  # with a use case open below, the table makes room for it
# Must-not-share outcomes stand out like a st.warning: amber ground, dark brown, bold.
DO_NOT_SHARE_STYLE = "background-color: #fff3cd; color: #7a4b00; font-weight: 600"

today = dt.date.today()
st.title("Library")
st.caption("Every use case, with its segments, proof and freshness. Filters live in the link.")

frame = ui.cached(catalog.library_frame, today)
if frame.empty:
    st.info(
        "The library is empty. Load the sample library from Home to look around, or import "
        "your own workbook on the Manage page (download the empty template there to start)."
    )
    left, right = st.columns(2)
    ui.page_link(
        "app_pages/home.py", where=left, label="Load the sample library", icon=":material/home:"
    )
    ui.page_link(
        "app_pages/manage.py", where=right, label="Import a workbook", icon=":material/upload:"
    )
    st.stop()

options = ui.cached(catalog.filter_options)
FILTERS = (  # label, options, placeholder, key (= the query parameter)
    ("Industry", options.industries, "Any industry", "industry"),
    ("Company size", options.sizes, "Any size", "size"),
    ("Persona", options.personas, "Any persona", "persona"),
    ("Status", options.statuses, "Any status", "status"),
    ("Tag", options.tags, "Any tag", "tag"),
)
picked = {
    key: column.selectbox(
        label, choices, index=None, placeholder=placeholder, key=key, bind="query-params"
    )
    for column, (label, choices, placeholder, key) in zip(st.columns(5), FILTERS, strict=True)
}
text = st.text_input(
    "Search",
    key="q",
    bind="query-params",
    placeholder="Words from titles, goals, steps or benefits — every word must appear",
    icon=":material/search:",
)
filters = catalog.Filters(**picked, text=text or "")
rows = catalog.filter_frame(frame, filters)

found = tables.counts(frame, rows)
st.caption(
    f"**{found.shown:,}** of {found.total:,} use cases · {found.with_proof:,} with shareable "
    f"proof · {found.stale:,} due for a review (past their review interval, "
    f"{STALE_AFTER_DAYS} days unless set)"
)


def _open_selected(ids: list[str]) -> None:
    picked = st.session_state["results"].selection.rows
    if picked:
        st.query_params["uc"] = ids[picked[0]]
    elif "uc" in st.query_params:
        del st.query_params["uc"]


def _clear_filters() -> None:
    for *_, key in FILTERS:
        st.session_state[key] = None
    st.session_state["q"] = ""


if rows.empty:
    st.warning(
        "No use case matches these filters. Clear a filter or search with fewer words."
        if filters.active
        else "No use cases to show."
    )
    if filters.active:
        st.button("Clear all filters", icon=":material/filter_alt_off:", on_click=_clear_filters)
else:
    shown = rows.head(MAX_ROWS)  # the browser gets a table it can scroll; filters find the rest
    st.dataframe(
        shown,
        hide_index=True,
        key="results",
        on_select=functools.partial(_open_selected, shown["id"].tolist()),
        selection_mode="single-row",
        # As tall as the page allows, less when a use case is open below it to read.
        height=TABLE_HEADER
        + TABLE_ROW
        * min(len(shown), ROWS_BESIDE_READING if st.query_params.get("uc") else ROWS_IN_VIEW),
        # What decides whether to bring a use case (proof, benefits, freshness) comes right
        # after its title, so it is in view on a 1366 px laptop without scrolling sideways.
        column_order=[
            "id",
            "title",
            "shareable_outcomes",
            "benefits",
            "days_since_review",
            "stale",
            "status",
            "industries",
            "company_sizes",
            "personas",
            "outcomes",
            "primary_actor",
            "owner",
        ],
        column_config={
            "id": st.column_config.TextColumn("ID", width=110, pinned=True),
            "title": st.column_config.TextColumn("Use case", width=300),
            "primary_actor": "Actor",
            "status": st.column_config.TextColumn("Status", width="small"),
            "industries": "Industries",
            "company_sizes": "Sizes",
            "personas": "Personas",
            "outcomes": st.column_config.NumberColumn("Outcomes", help="Customer outcomes"),
            "shareable_outcomes": st.column_config.NumberColumn(
                "Proof", help="Shareable proof: outcomes a prospect may see today", width=60
            ),
            "benefits": st.column_config.NumberColumn("Benefits", width=70),
            "days_since_review": st.column_config.NumberColumn(
                "Reviewed", help="Days since the last review", format="%d d ago", width=90
            ),
            "stale": st.column_config.CheckboxColumn(
                "Review due",
                help=f"Not reviewed within its review interval ({STALE_AFTER_DAYS} days "
                "unless the use case sets its own)",
                width=90,
            ),
            "owner": "Owner",
        },
    )
    more = (
        f"Showing the first {MAX_ROWS:,}; narrow the filters to see the rest. "
        if len(rows) > MAX_ROWS
        else ""
    )
    st.caption(f"{more}Select a row to read the use case; the link then opens it directly.")
    if len(rows) <= MAX_DIAGRAM_CASES and not st.query_params.get("uc"):
        with st.expander(f"Use-case diagram of these {len(rows)} use cases"):
            cases = ui.cached(diagram.diagram_cases, tuple(rows["id"]))
            st.graphviz_chart(diagram.use_case_dot(cases), width="stretch")

uc_id = st.query_params.get("uc")
if not uc_id:
    st.stop()
view = ui.cached(reading.read_use_case, uc_id, today)
if view is None:
    st.warning(
        f"There is no use case “{markdown_text(uc_id, one_line=True)}” in the library. "
        "Pick one from the table."
    )
    st.stop()

st.divider()
head, close = st.columns([4, 1], vertical_alignment="center")
head.subheader(markdown_text(view.title, one_line=True))
if close.button("Close", icon=":material/close:"):
    del st.query_params["uc"]
    st.rerun()
st.caption(
    " · ".join(
        caption_text(part)
        for part in (view.id, view.status, f"owner {view.owner or 'nobody'}", view.freshness)
    )
)
if view.status in reading.NOT_FOR_CALLS:
    st.info(reading.NOT_FOR_CALLS[view.status], icon=":material/block:")
if view.stale:
    st.warning(
        f"This use case was {markdown_text(view.freshness)}: due for a review.",
        icon=":material/schedule:",
    )


def _still_accurate(use_case_id: str, owner: str) -> None:
    """One click: checked today, nothing to change (recorded with who in the history)."""
    person = ui.actor()
    if not verify.may_mark(person, owner):
        return
    if st.button(
        "Still accurate",
        icon=":material/verified:",
        key="still-accurate",
        help="Sets the review date to today; recorded with your name in the change history",
    ):
        try:
            verify.mark_still_accurate(ui.engine(), use_case_id, who=person, today=today)
        except (verify.VerifyError, NotAllowed) as problem:
            st.error(markdown_text(str(problem)))
        else:
            st.toast(f"Marked still accurate on {today.isoformat()}")
            st.rerun()


_still_accurate(view.id, view.owner)
ui.page_link(
    "app_pages/manage.py",
    label="Edit in Manage",
    icon=":material/edit:",
    query_params={"uc": view.id},
)

read_tab, diagram_tab, stories_tab, versions_tab = st.tabs(
    ["Use case", "Diagram", "User stories", "Versions"]
)

with read_tab:
    left, right = st.columns([3, 2])
    with left:
        st.markdown(f"**Goal.** {markdown_text(view.goal) or '—'}")
        st.markdown(f"**Trigger.** {markdown_text(view.trigger) or '—'}")
        if view.preconditions:
            st.markdown("**Preconditions**")
            st.markdown(reading.bullet_list(view.preconditions))
        st.markdown("**Main success scenario**")
        if view.steps:
            st.markdown(reading.scenario_markdown(view))
        else:
            st.info("No steps yet: add the main success scenario in Manage.")
        if view.other_extensions:
            st.markdown("**At any step**")
            st.markdown(reading.other_extensions_markdown(view))
        st.markdown(f"**Success guarantee.** {markdown_text(view.success_guarantee) or '—'}")
        st.markdown(f"**Minimal guarantee.** {markdown_text(view.minimal_guarantee) or '—'}")
    with right:
        st.markdown(f"**Primary actor.** {markdown_text(view.primary_actor) or '—'}")
        if view.secondary_actors:
            st.markdown("**Secondary actors**")
            st.markdown(reading.bullet_list(view.secondary_actors))
        if view.stakeholders:
            st.markdown("**Stakeholders and interests**")
            st.markdown(reading.bullet_list(view.stakeholders))
        for label, values in (
            ("Industries", view.industries),
            ("Company sizes", view.company_sizes),
            ("Personas", view.personas),
            ("Tags", view.tags),
        ):
            st.markdown(f"**{label}.** {markdown_text(', '.join(values)) or '—'}")
        if view.scope or view.level:
            scope = " / ".join(x for x in (view.scope, view.level) if x)
            st.markdown(f"**Scope / level.** {markdown_text(scope)}")

    st.markdown("#### Benefits")
    if view.benefits:
        st.dataframe(
            tables.benefits_table(view),
            hide_index=True,
            row_height=READING_ROW_HEIGHT,
            column_config={"Benefit": st.column_config.TextColumn(width="large")},
        )
    else:
        st.info("No quantified benefits yet: add them in Manage so reps can talk numbers.")

    st.markdown("#### Customer outcomes")
    if view.outcomes:
        hidden_rows = [not o.shareable for o in view.outcomes]
        st.dataframe(
            tables.outcomes_table(view).style.apply(
                lambda column: [DO_NOT_SHARE_STYLE if h else "" for h in hidden_rows],
                subset=["Sharing"],
            ),
            hide_index=True,
            row_height=READING_ROW_HEIGHT,
            column_config={
                "Customer": st.column_config.TextColumn(width="small"),
                "Sharing": st.column_config.TextColumn(width="small"),
                "Result": st.column_config.TextColumn(width="medium"),
                "Quote": st.column_config.TextColumn(width="large"),
                "Approval": st.column_config.TextColumn(
                    width="medium", help="The permission ledger: who approved, when, for what"
                ),
            },
        )
        hidden = tables.hidden_outcomes(view)
        if hidden:
            st.caption(f"{hidden} of {len(view.outcomes)} must not be shown to prospects.")
    else:
        st.info(
            "No customer outcomes yet. Add one on the Outcomes sheet of the workbook and import "
            "it in Manage — proof is what makes a use case land on a call."
        )

    st.markdown("#### Discovery questions")
    if view.questions:
        st.dataframe(
            tables.questions_table(view),
            hide_index=True,
            row_height=READING_ROW_HEIGHT,
            column_config={"Question": st.column_config.TextColumn(width="large")},
        )
    else:
        st.info("No discovery questions for this use case yet: add them in Manage.")

with diagram_tab:
    case = diagram.DiagramCase(view.id, view.title, view.primary_actor, view.secondary_actors)
    st.graphviz_chart(diagram.use_case_dot([case]), width="stretch")
    st.caption("Primary actor on the left, secondary actors on the right, inside: the product.")

with stories_tab:
    user_stories = stories.user_stories(view)
    st.download_button(
        "Download stories as CSV",
        data=stories.stories_csv(user_stories),
        file_name=f"user-stories_{view.id}.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
        help="Jira-style columns: Summary, Issue Type, Description, Acceptance Criteria, Labels",
    )
    for story in user_stories:
        with st.container(border=True):
            st.markdown(
                f"**{markdown_text(story.summary, one_line=True)}**  \n"
                f"{markdown_text(story.statement, one_line=True)}"
            )
            st.code(story.acceptance, language="gherkin", wrap_lines=True)

with versions_tab:
    ui.version_history(view.id, key="library")
