"""Manage: edit use cases, import a workbook (checked first, written only on request), export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib.core import approvals, ui
from lib.core.access import NotAllowed
from lib.core.fatigue import load_references
from lib.core.safe_text import caption_text, label_text, markdown_text
from lib.core.vocab import (
    CATEGORIES,
    EXTENSION_KINDS,
    PERMISSIONS,
    REFERENCE_ACTIVITIES,
    STAGES,
    STALE_AFTER_DAYS,
    STATUSES,
)
from lib.deals.formats import parse_mapping
from lib.deals.importing import DealImportError, import_deals
from lib.deals.importing import preview as deals_preview
from lib.library import catalog, editing, nominations, tables, verify
from lib.references.editing import ReferenceDraft, ReferenceEditError, save_reference
from lib.workbook import WorkbookError, export_workbook, template_workbook
from lib.workbook import flow as import_flow
from lib.workbook import report as import_report
from lib.workbook.exporting import too_long_message, too_long_to_export
from lib.workbook.flow import ImportFlow, Stage, Upload

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

engine = ui.engine()
today = dt.date.today()
st.title("Manage")
st.caption(
    f"Changes are recorded under your name: **{markdown_text(ui.who(), one_line=True)}** "
    "(set it in the sidebar)."
)

# --- Nominated wins: reps' won deals, as internal draft outcomes to complete -----------------


def _win_text(value: object) -> str:
    return markdown_text(str(value), one_line=True)


def _nominated_wins() -> None:
    """Marketing's queue of wins reps nominated from Call prep, with who nominated each."""
    queue = nominations.open_nominations(engine)
    if not queue:
        return
    with st.expander(f"Nominated wins ({len(queue)})", icon=":material/emoji_events:"):
        st.caption(
            "Each is an internal outcome on its use case (never shown to a prospect) until you "
            "complete it: its metric, figures and permission here (or in the Outcomes sheet, "
            "then Mark done)."
        )
        for n in queue:
            with st.container(border=True):
                st.markdown(
                    f"**{_win_text(n.customer)}** · {_win_text(n.outcome_id)} on "
                    f"{_win_text(n.use_case_id)} {_win_text(n.use_case_title)}"
                )
                st.caption(
                    caption_text(
                        f"Nominated by {n.who} on {n.at:%Y-%m-%d}"
                        + (f" · deal {n.deal_id}" if n.deal_id else "")
                        + f" · may be named: {n.permission_known or 'not said'}"
                    )
                )
                for label, value in (
                    ("What changed", n.what_changed),
                    ("Numbers", n.numbers),
                    ("Quote", n.quote),
                ):
                    if value:
                        st.markdown(f"{label}: {_win_text(value)}")
                _complete_win_form(n)
                if st.button("Mark done", key=f"win-done-{n.id}", icon=":material/done:"):
                    try:
                        nominations.mark_done(engine, n.id, who=ui.actor())
                    except (nominations.NominationError, NotAllowed) as problem:
                        ui.show_problems(problem)
                    else:
                        st.rerun()


def _complete_win_form(n: nominations.Nomination) -> None:
    """The outcome's metric, figures and permission, saved and the nomination closed at once."""
    with (
        st.popover("Complete the outcome", icon=":material/edit:"),
        st.form(f"win-complete-{n.id}", border=False),
    ):
        metric = st.text_input("Metric", key=f"win-metric-{n.id}")
        left, middle, right = st.columns(3)
        before = left.number_input("Before", value=None, key=f"win-before-{n.id}")
        after = middle.number_input("After", value=None, key=f"win-after-{n.id}")
        unit = right.text_input("Unit", key=f"win-unit-{n.id}")
        timeframe = st.text_input("Timeframe", key=f"win-timeframe-{n.id}")
        permission = st.selectbox(
            "Permission", PERMISSIONS, index=PERMISSIONS.index("internal"),
            key=f"win-permission-{n.id}",
        )  # fmt: skip
        label = st.text_input("Anonymized label", key=f"win-label-{n.id}")
        reference = st.checkbox(
            "The customer agreed to take reference calls", key=f"win-reference-{n.id}"
        )
        if st.form_submit_button("Save and close", icon=":material/save:"):
            completion = nominations.Completion(
                metric=metric,
                before=before,
                after=after,
                unit=unit,
                timeframe=timeframe,
                permission=permission or "internal",
                anonymized_label=label,
                reference="yes" if reference else "",
            )
            try:
                nominations.complete_win(engine, n.id, completion, who=ui.actor())
            except (nominations.NominationError, NotAllowed) as problem:
                ui.show_problems(problem)
            else:
                st.rerun()


_nominated_wins()

team_mode = ui.actor().signed_in  # local mode: one trusted person, nothing waits for approval
tab_names = ["Edit a use case", "Import", "Export"]
if team_mode:
    tab_names.append(f"Waiting for approval ({len(approvals.pending(engine))})")
edit_tab, import_tab, export_tab, *queue_tab = st.tabs(tab_names)

# --------------------------------------------------------------------------------------------
# Edit
# --------------------------------------------------------------------------------------------


def _text(value: object) -> str:
    """Names, ids and messages quoting user text, shown literally in Markdown."""
    return markdown_text(str(value), one_line=True)


def _lines_text(values: list[str]) -> str:
    return "\n".join(values)


def _rows_editor(
    rows: list[dict],
    columns: tuple[str, ...],
    key: str,
    config: dict,
    order: list[str] | None = None,
) -> list[dict]:
    """A table the editor can add rows to and delete rows from; returns the rows as edited."""
    edited = st.data_editor(
        pd.DataFrame(rows, columns=list(columns)),
        key=key,
        num_rows="dynamic",
        hide_index=True,
        column_config=config,
        column_order=order,
    )
    return editing.table_rows(edited.to_dict("records"), columns)


def _editor_form(
    draft: editing.UseCaseDraft, prefix: str, new: bool
) -> editing.UseCaseDraft | None:
    """Draw the form; return the edited draft when Save was pressed."""
    options = ui.cached(catalog.filter_options)
    label = "Create use case" if new else "Save changes"
    with st.form(f"{prefix}form", border=True):
        # The form is long (steps, extensions, benefits, questions): Save sits at its top as
        # well as its bottom, so a quick fix never needs a scroll to the end.
        top, _ = st.columns([1, 3])
        saved_top = top.form_submit_button(
            "Create" if new else "Save", type="primary", key=f"{prefix}save_top"
        )
        if new:
            uc_id = st.text_input("ID", key=f"{prefix}id", placeholder="e.g. UC-ECOM-004")
        else:
            uc_id = draft.id
        title = st.text_input("Title", draft.title, key=f"{prefix}title", help="Active-verb goal")
        goal = st.text_area("Goal in context", draft.goal, key=f"{prefix}goal", height=80)
        a, b, c = st.columns(3)
        primary = a.text_input("Primary actor", draft.primary_actor, key=f"{prefix}actor")
        status = b.selectbox(
            "Status", STATUSES, index=STATUSES.index(draft.status) if draft.status in STATUSES
            else 0, key=f"{prefix}status",
        )  # fmt: skip
        owner = c.text_input("Owner", draft.owner, key=f"{prefix}owner")
        a, b, c = st.columns(3)
        scope = a.text_input("Scope", draft.scope, key=f"{prefix}scope")
        level = b.text_input("Level", draft.level, key=f"{prefix}level")
        reviewed = c.date_input(
            "Last reviewed", draft.last_reviewed, key=f"{prefix}reviewed", format="YYYY-MM-DD"
        )
        interval = _review_interval_input(draft, prefix)
        a, b = st.columns(2)
        secondary = a.text_area(
            "Secondary actors (one per line)", _lines_text(draft.secondary_actors),
            key=f"{prefix}secondary", height=80,
        )  # fmt: skip
        stakeholders = b.text_area(
            "Stakeholders and interests (one per line)", _lines_text(draft.stakeholders),
            key=f"{prefix}stakeholders", height=80,
        )  # fmt: skip
        preconditions = a.text_area(
            "Preconditions (one per line)", _lines_text(draft.preconditions),
            key=f"{prefix}preconditions", height=80,
        )  # fmt: skip
        trigger = b.text_area("Trigger", draft.trigger, key=f"{prefix}trigger", height=80)
        st.markdown("**Main success scenario** — one step per row, in order")
        steps = st.data_editor(
            pd.DataFrame(editing.step_rows(draft.main_steps), columns=["step"]),
            key=f"{prefix}steps",
            num_rows="dynamic",
            hide_index=True,
            column_config={"step": st.column_config.TextColumn("Step", width="large")},
        )
        st.markdown("**Extensions** — `3a` branches from the third step")
        extensions = st.data_editor(
            pd.DataFrame(
                editing.extension_rows(draft.extensions),
                columns=["step", "kind", "condition", "handling"],
            ),
            key=f"{prefix}extensions",
            num_rows="dynamic",
            hide_index=True,
            column_config={
                "step": st.column_config.TextColumn("Step", help="e.g. 3a", width="small"),
                "kind": st.column_config.SelectboxColumn("Kind", options=list(EXTENSION_KINDS)),
                "condition": st.column_config.TextColumn("Condition", width="medium"),
                "handling": st.column_config.TextColumn(
                    "Handling steps", help="Separate steps with ;", width="large"
                ),
            },
        )
        a, b = st.columns(2)
        success = a.text_area(
            "Success guarantee", draft.success_guarantee, key=f"{prefix}success", height=68
        )
        minimal = b.text_area(
            "Minimal guarantee", draft.minimal_guarantee, key=f"{prefix}minimal", height=68
        )
        a, b = st.columns(2)  # two per row: the chosen names stay readable on a laptop
        c, d = st.columns(2)
        industries = a.multiselect(
            "Industries", sorted(set(options.industries) | set(draft.industries)),
            default=draft.industries, key=f"{prefix}industries",
        )  # fmt: skip
        sizes = b.multiselect(
            "Company sizes", list(dict.fromkeys([*options.sizes, *draft.company_sizes])),
            default=draft.company_sizes, key=f"{prefix}sizes",
        )  # fmt: skip
        personas = c.multiselect(
            "Personas", sorted(set(options.personas) | set(draft.personas)),
            default=draft.personas, key=f"{prefix}personas",
        )  # fmt: skip
        tags = d.multiselect(
            "Tags", sorted(set(options.tags) | set(draft.tags)), default=draft.tags,
            key=f"{prefix}tags", accept_new_options=True,
        )  # fmt: skip
        id_column = st.column_config.TextColumn(
            "ID", help="Blank: one is made for you", width="small"
        )
        persona_column = st.column_config.SelectboxColumn("Persona", options=options.personas)
        st.markdown("**Benefits**")
        benefits = _rows_editor(
            draft.benefits,
            editing.BENEFIT_FIELDS,
            f"{prefix}benefits",
            {
                "id": id_column,
                "statement": st.column_config.TextColumn("Statement", width="medium"),
                "category": st.column_config.SelectboxColumn("Category", options=list(CATEGORIES)),
                "persona_id": persona_column,
                "metric": st.column_config.TextColumn("Metric"),
                "unit": st.column_config.TextColumn("Unit", width="small"),
                "baseline": st.column_config.NumberColumn("Baseline"),
                "target": st.column_config.NumberColumn("Target"),
                "improvement": st.column_config.NumberColumn("Improvement", width="small"),
            },
            # Who it is for and how much it moves come right after the statement, so they are
            # in view on a 1366 px laptop; the rest of the detail follows.
            order=[
                "id",
                "statement",
                "persona_id",
                "improvement",
                "unit",
                "metric",
                "baseline",
                "target",
                "category",
            ],
        )
        st.markdown("**Discovery questions**")
        questions = _rows_editor(
            draft.questions,
            editing.QUESTION_FIELDS,
            f"{prefix}questions",
            {
                "id": id_column,
                "text": st.column_config.TextColumn("Question", width="large"),
                "stage": st.column_config.SelectboxColumn("Stage", options=list(STAGES)),
                "persona_id": persona_column,
                "listen_for": st.column_config.TextColumn("Listen for", width="medium"),
            },
        )
        saved = st.form_submit_button(label, type="primary", key=f"{prefix}save")
    if not (saved or saved_top):
        return None
    return editing.UseCaseDraft(
        id=uc_id or "",
        title=title,
        goal=goal,
        primary_actor=primary,
        secondary_actors=editing.lines(secondary),
        scope=scope,
        level=level,
        stakeholders=editing.lines(stakeholders),
        preconditions=editing.lines(preconditions),
        trigger=trigger,
        main_steps=editing.steps_from_rows(steps.to_dict("records")),
        extensions=editing.extensions_from_rows(extensions.to_dict("records")),
        success_guarantee=success,
        minimal_guarantee=minimal,
        status=status or "draft",
        owner=owner,
        last_reviewed=reviewed if isinstance(reviewed, dt.date) else None,
        review_interval_days=interval,
        industries=industries,
        company_sizes=sizes,
        personas=personas,
        tags=[str(t) for t in tags],
        benefits=benefits,
        questions=questions,
    )


def _review_interval_input(draft: editing.UseCaseDraft, prefix: str) -> int | None:
    """The use case's own review interval; 0 (or blank) keeps the library's default."""
    value = st.number_input(
        f"Review every (days; 0 = the default {STALE_AFTER_DAYS})",
        min_value=0,
        max_value=3650,
        step=1,
        value=draft.review_interval_days or 0,
        key=f"{prefix}interval",
    )
    return int(value) or None


def _still_accurate(use_case_id: str, status: str, opened_key: str) -> None:
    """Reviewed and nothing to change: the review date becomes today, recorded with who."""
    if status == "retired":
        return
    a, b = st.columns([1, 5])
    b.caption("Checked it and nothing changed? Sets Last reviewed to today, with your name.")
    if not a.button("Still accurate", icon=":material/verified:", key="manage-still-accurate"):
        return
    try:
        version = verify.mark_still_accurate(ui.engine(), use_case_id, who=ui.actor())
    except (NotAllowed, verify.VerifyError) as err:
        st.error(f"Not changed: {_text(err)}", icon=":material/lock:")
    else:
        st.session_state[opened_key] = version
        ui.flash("manage", f"{use_case_id} marked still accurate today.")
        st.rerun()


def _follow_pick() -> None:
    """Put the picked use case's id in the link, so the link reopens it."""
    value = st.session_state.get("uc")
    if value:
        st.query_params["uc"] = value
    elif "uc" in st.query_params:
        del st.query_params["uc"]


def _waits(use_case_id: str) -> str:
    """What a save left waiting for a second person, said right after the save."""
    asked = approvals.waiting(engine, "use_case", use_case_id)
    if asked is None or asked.requested_by != ui.who():
        return ""
    return (
        f" Making it {asked.value} waits for a second person's approval (Waiting for approval "
        "tab); until then it keeps its current status."
    )


def _restore_version(use_case_id: str, opened: int, numbers: list[int], prefix: str) -> None:
    """Bring an older version back as a new save, under the editor's lock and the approval
    rules (a restored `approved` waits for a second person in team mode)."""
    if not ui.actor().can("edit use cases") or len(numbers) < 2:
        return
    pick, button = st.columns([2, 1], vertical_alignment="bottom")
    number = pick.selectbox(
        "Restore a version", numbers[1:], index=None, placeholder="Pick a version",
        key=f"{prefix}restore_number",
    )  # fmt: skip
    if button.button(
        "Restore this version", icon=":material/history:", disabled=number is None,
        key=f"{prefix}restore_version",
    ):  # fmt: skip
        _write(
            "Not restored",
            lambda: editing.restore_version(
                engine, use_case_id, number, version=opened, who=ui.actor()
            ),
            f"opened:{use_case_id}",
            lambda version: f"Restored version {number} of {use_case_id} as version {version}."
            + _waits(use_case_id),
        )


def _write(
    refusal: str, write: Callable[[], int], opened_key: str, done: Callable[[int], str]
) -> None:
    """Run one of the editor's writes (save, retire or restore, restore a version): a refusal
    is said in place, a success after the rerun that shows the new version."""
    try:
        version = write()
    except NotAllowed as err:
        ui.refused(refusal, err, icon=":material/lock:")
    except editing.StaleEditError as err:
        ui.refused(refusal, err, icon=":material/sync_problem:")
    except editing.EditError as err:
        _problems(err)
    else:
        st.session_state[opened_key] = version
        ui.flash("manage", done(version))
        st.rerun()


def _problems(err: editing.EditError) -> None:
    st.error(
        "Not saved — please fix:\n\n" + "\n".join(f"- {_text(p)}" for p in err.problems),
        icon=":material/error:",
    )


# --- Permission ledger: who approved each outcome's sharing, for what (lib.library.ledger) ---
def _permission_ledger(use_case_id: str) -> None:
    """One outcome's ledger at a time: pick it, change it, save it."""
    from lib.core.vocab import USES
    from lib.library import ledger

    st.markdown("#### Permission ledger")
    outcomes = {o.id: o for o in ledger.outcome_ledgers(engine, use_case_id)}
    if not outcomes:
        st.caption("No customer outcomes to record an approval for.")
        return
    chosen = st.selectbox(
        "Outcome",
        list(outcomes),
        format_func=lambda oid: _text(outcomes[oid].label),
        key=f"ledger-outcome-{use_case_id}",
    )
    current = outcomes[chosen].entry
    with st.form(f"ledger-{use_case_id}-{chosen}"):
        left, middle, right = st.columns(3)
        by = left.text_input("Approved by", value=current.approved_by,
                             placeholder="Name and role at the customer")  # fmt: skip
        on = middle.date_input("Approved on", value=current.approved_on, format="YYYY-MM-DD")
        ref = right.text_input(
            "Approval record",
            value=current.approval_ref,
            placeholder="Link or document id of the signed form or email",
        )
        uses = st.multiselect(
            "Approved for", USES, default=[u for u in current.scope if u in USES],
            help="Outside these uses the outcome is treated as internal (every Casebook file is "
            "sales). None: not recorded, every use.",
        )  # fmt: skip
        quote = st.radio(
            "Quote wording approved", ledger.QUOTE_APPROVALS, horizontal=True,
            index=ledger.QUOTE_APPROVALS.index(current.quote_approved)
            if current.quote_approved in ledger.QUOTE_APPROVALS else 0,
            format_func=lambda v: {"": "not recorded", "yes": "yes", "no": "no"}[v],
            help="No: the quote is left out of every file a prospect sees.",
        )  # fmt: skip
        saved = st.form_submit_button("Save the ledger", icon=":material/verified:")
    if saved:
        entry = ledger.LedgerEntry(by, on, ref, tuple(uses), quote)
        try:
            summary = ledger.record_ledger(engine, chosen, entry, who=ui.actor())
        except NotAllowed as err:
            st.error(f"Not saved: {_text(err)}", icon=":material/lock:")
        except ledger.LedgerError as err:
            st.error("Not saved:\n\n" + "\n".join(f"- {_text(p)}" for p in err.problems))
        else:
            ui.flash("manage", f"Saved the ledger of {chosen}: {summary or 'nothing changed'}.")
            st.rerun()


with edit_tab:
    if "open_next" in st.session_state:  # a use case just created: open it in the picker
        st.query_params["uc"] = st.session_state.pop("open_next")
        st.session_state["new"] = False
    titles = ui.cached(catalog.use_case_titles)
    asked = st.query_params.get("uc")
    if asked in titles and st.session_state.get("uc") != asked:
        st.session_state["uc"] = asked  # the link decides which use case is open
    creating = st.toggle("Create a new use case", key="new")
    picked = None
    if not creating:
        if asked and asked not in titles:
            st.warning(
                f"There is no use case “{_text(asked)}” in the library (the link may be old). "
                "Pick one below.",
                icon=":material/link_off:",
            )
        # Searchable by id and title, while the link keeps only the id (`?uc=UC-ECOM-001`):
        # a bound selectbox would put the whole label, title included, in the URL.
        picked = st.selectbox(
            "Use case",
            list(titles),
            index=None,
            format_func=lambda uc_id: f"{uc_id} · {titles.get(uc_id, '')}",
            placeholder="Pick a use case to edit (type to search its ID or title)",
            key="uc",
            on_change=_follow_pick,
        )
    ui.show_flash("manage")
    if creating:
        round_ = st.session_state.setdefault("new_round", 0)
        blank = editing.UseCaseDraft(id="", status="draft", last_reviewed=today)
        edited = _editor_form(blank, f"new{round_}:", new=True)
        if edited is not None:
            try:
                editing.create_use_case(engine, edited, who=ui.actor())
            except NotAllowed as err:
                ui.refused("Not created", err, icon=":material/lock:")
            except editing.EditError as err:
                _problems(err)
            else:
                st.session_state["new_round"] = round_ + 1
                st.session_state["open_next"] = edited.id.strip()
                ui.flash("manage", f"Created {edited.id.strip()}.")
                st.rerun()
    elif picked is None:
        if titles:
            st.info("Pick a use case above to edit it, or switch on “Create a new use case”.")
        else:
            st.info("The library has no use cases yet: create one here, or import a workbook.")
    elif (loaded := editing.load_draft(engine, picked)) is None:
        st.warning(f"{_text(picked)} is no longer in the library. Pick another use case.")
    else:
        current, current_version = loaded
        st.caption(caption_text(f"{current.title} · {current.status} · version {current_version}"))
        # Saves are checked against the version this editor opened, not the latest one. The
        # form's widgets exist in the session only while the editor is open, so their absence
        # means the use case is being opened now.
        opened_key = f"opened:{picked}"
        opened = st.session_state.get(opened_key)
        if opened is None or f"edit:{picked}:{opened}:title" not in st.session_state:
            opened = st.session_state[opened_key] = current_version
        prefix = f"edit:{picked}:{opened}:"
        if opened != current_version:
            st.warning(
                f"{_text(picked)} was {editing.STALE_MESSAGE} to see the latest version "
                "(your unsaved edits below would be lost).",
                icon=":material/sync_problem:",
            )
        if st.button("Reload", icon=":material/refresh:", key=f"{prefix}reload"):
            st.session_state[opened_key] = current_version
            st.rerun()
        edited = _editor_form(current, prefix, new=False)
        if edited is not None:
            _write(
                "Not saved",
                lambda: editing.update_use_case(engine, edited, version=opened, who=ui.actor()),
                opened_key,
                lambda version: f"Saved {picked} (version {version}).{_waits(picked)}",
            )

        a, b = st.columns([1, 5])
        if current.status == "retired":
            if a.button("Restore", icon=":material/restore:", key=f"{prefix}restore"):
                action = editing.restore_use_case
            else:
                action = None
        elif a.button("Retire", icon=":material/archive:", key=f"{prefix}retire"):
            action = editing.retire_use_case
        else:
            action = None
        b.caption("Retired use cases keep their outcomes and history; a restored one is a draft.")
        if action is not None:
            done = "retired" if action is editing.retire_use_case else "a draft again"
            _write(
                "Not changed",
                lambda: action(engine, picked, version=opened, who=ui.actor()),
                opened_key,
                lambda _version: f"{picked} is now {done}.",
            )

        _permission_ledger(picked)
        _still_accurate(picked, current.status, opened_key)

        st.markdown("#### Change history")
        changes = editing.history(engine, picked)
        if changes:
            st.dataframe(
                tables.history_table(changes),
                hide_index=True,
                column_config={
                    "When": st.column_config.DatetimeColumn(format="YYYY-MM-DD HH:mm"),
                    "Details": st.column_config.TextColumn(width="large"),
                },
            )
        else:
            st.caption("No recorded changes yet.")

        st.markdown("#### Versions")
        kept = ui.version_history(picked, key="manage")
        _restore_version(picked, opened, [v.number for v in kept], prefix)

def _held_in_import(plan: import_report.ImportPlan) -> None:
    """In team mode, say which of the file's changes will wait for a second person."""
    held = import_report.held_table(plan)
    if not held or not approvals.applies_to(engine, ui.actor()):
        return
    st.info(
        f"{len(held)} change(s) in this file approve a use case or share an outcome: they will "
        "wait for a second person's approval (the records keep their current value until then); "
        "everything else is imported.",
        icon=":material/how_to_reg:",
    )
    st.dataframe(held, hide_index=True)


# --------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------

with import_tab:
    st.markdown(
        "Upload a workbook (the template's sheets) or a CSV of one sheet. It is checked and "
        "compared with the library first; **nothing is written until you press Import**."
    )
    replace = st.checkbox(
        "Remove records the file does not list",
        key="import_replace",
        help="Off: the file adds and updates. On: the library becomes exactly the file.",
    )
    # .xls is accepted so its owner is told how to convert it rather than just refused.
    upload = st.file_uploader("Workbook or CSV", type=["xlsx", "csv", "xls"], key="upload")
    if "import_result" in st.session_state:
        name, lines = st.session_state.pop("import_result")
        st.success(
            f"Imported {_text(name)}:\n\n" + "\n".join(f"- {_text(line)}" for line in lines),
            icon=":material/check_circle:",
        )
    if upload is not None:
        flow: ImportFlow = st.session_state.get("import_flow", ImportFlow())
        checked = Upload(upload.file_id, upload.name, replace, ui.current_revision())
        if not flow.is_for(checked):
            st.session_state.pop("confirm_unlink", None)  # a new question: ask again
            with st.spinner(f"Checking {_text(upload.name)} against the library…"):
                flow = import_flow.check(engine, checked, upload.getvalue())
            st.session_state["import_flow"] = flow
        plan = flow.plan
        if flow.stage is Stage.IMPORTED:
            st.info(
                f"The library now matches {_text(upload.name)}: there is nothing to import "
                "until you upload a changed file."
            )
        elif flow.stage is Stage.UNREADABLE:
            st.error(f"Cannot import: {_text(flow.error)}", icon=":material/error:")
        elif flow.stage is Stage.PROBLEMS and plan is not None:
            count = len(plan.problems)
            st.error(
                f"{count} problem{'' if count == 1 else 's'} in {_text(plan.filename)} — nothing "
                "was imported. Fix them in the file and upload it again.",
                icon=":material/error:",
            )
            problems = import_report.problems_table(plan)
            st.dataframe(
                problems,
                hide_index=True,
                # every problem in view without scrolling, up to a screenful
                height=min(len(problems), 25) * 35 + 38,
                column_config={"Problem": st.column_config.TextColumn(width="large")},
            )
        elif plan is not None:
            st.markdown("**What the import would do**")
            st.dataframe(import_report.changes_table(plan), hide_index=True)
            for sheet, columns in plan.ignored_columns.items():
                st.caption(f"Ignored columns on {_text(sheet)}: {_text(', '.join(columns))}")
            for note in plan.notes:
                st.caption(f"Note: {_text(note)}")
            _held_in_import(plan)
            if not flow.can_import:
                st.info("The file matches the library: there is nothing to import.")
            else:
                with st.expander("Preview of the changes", expanded=True):
                    st.dataframe(
                        import_report.preview_table(plan),
                        hide_index=True,
                        # long texts (quotes, goals) share the width, so "Now" stays in view
                        column_config={
                            "Title": st.column_config.TextColumn(width="medium"),
                            "Was": st.column_config.TextColumn(width="medium"),
                            "Now": st.column_config.TextColumn(width="medium"),
                        },
                    )
                confirmed = True
                if plan.unlinks:
                    st.warning(
                        f"{len(plan.unlinks)} record(s) the file keeps would lose links to "
                        "records it removes:",
                        icon=":material/link_off:",
                    )
                    st.dataframe(import_report.unlinks_table(plan), hide_index=True)
                if plan.needs_unlink_confirmation:
                    confirmed = st.checkbox(
                        "Yes, leave the approved use cases marked above with no industry, "
                        "company size or persona",
                        key="confirm_unlink",
                    )
                if st.button(
                    "Import",
                    type="primary",
                    icon=":material/upload:",
                    key="do_import",
                    disabled=not confirmed,
                ):
                    with st.status("Importing…", expanded=True) as status:
                        bar = st.progress(0.0, text="Starting")
                        try:
                            flow, result = import_flow.run_import(
                                engine,
                                flow,
                                who=ui.actor(),
                                progress=lambda f, m: bar.progress(
                                    min(max(f, 0.0), 1.0), text=label_text(m)
                                ),
                                allow_unlink=confirmed,
                            )
                        except (WorkbookError, NotAllowed) as err:
                            status.update(label="Import failed", state="error")
                            ui.refused("Nothing was imported", err, icon=":material/error:")
                        else:
                            status.update(label="Imported", state="complete")
                            st.session_state["import_result"] = (upload.name, result.summary())
                            st.session_state["import_flow"] = flow
                            st.rerun()

# --------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------

with export_tab:
    st.markdown("The template has every sheet and column with notes on how to fill them in.")
    st.download_button(
        "Download the empty template",
        data=template_workbook,
        file_name="casebook-template.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )
    st.markdown("The full library as one workbook: edit it in Excel and import it back.")
    too_long = ui.cached(too_long_to_export)
    if too_long:
        lead = "The whole library cannot be downloaded"
        st.warning(markdown_text(too_long_message(lead, too_long)), icon=":material/warning:")
    st.download_button(
        "Download the whole library",
        data=lambda: export_workbook(engine),
        file_name=f"casebook-library_{today:%Y-%m-%d}.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
        disabled=bool(too_long),
    )

# --------------------------------------------------------------------------------------------
# Waiting for approval (team mode)
# --------------------------------------------------------------------------------------------


def _decide(item: approvals.Waiting, approve: bool, note: str) -> None:
    try:
        done = approvals.decide(engine, item.request.id, ui.actor(), approve=approve, note=note)
    except (approvals.ApprovalError, NotAllowed) as err:
        ui.refused("Not approved" if approve else "Not declined", err, icon=":material/block:")
    else:
        ui.flash("manage:approvals", done[:1].upper() + done[1:] + ".")
        st.rerun()


def _approval_queue() -> None:
    """Requests to approve a use case or share an outcome, with what changes and who asked;
    a second person approves or declines each with a note."""
    ui.show_flash("manage:approvals")
    items = approvals.queue(engine)
    if not items:
        st.info("Nothing is waiting for approval.", icon=":material/task_alt:")
        return
    me = ui.who()
    for item in items:
        request = item.request
        with st.container(border=True):
            st.markdown(f"**{_text(item.what)}**")
            st.markdown(_text(f"{item.change} · asked by {request.requested_by}"))
            st.caption(caption_text(f"{request.requested_at:%Y-%m-%d %H:%M} · {request.summary}"))
            if request.requested_by.lower() == me.lower():
                st.caption("You asked for this: a second person must approve it.")
            note = st.text_input("Note (optional)", key=f"approval_note:{request.id}")
            left, right, _ = st.columns([1, 1, 3])
            if left.button("Approve", type="primary", key=f"approve:{request.id}"):
                _decide(item, True, note)
            if right.button("Decline", key=f"decline:{request.id}"):
                _decide(item, False, note)


for tab in queue_tab:
    with tab:
        _approval_queue()

# --------------------------------------------------------------------------------------------
# Deals: a CRM export (Salesforce opportunity report or HubSpot deals export)
# --------------------------------------------------------------------------------------------


def _deals_import() -> None:
    """Upload a CRM export: checked whole first, written only when Import deals is pressed."""
    st.divider()
    st.markdown(
        "**Deals from your CRM**: a Salesforce opportunity report or a HubSpot deals export "
        "(.xlsx or .csv). Deals are matched by their id, so importing a newer export updates "
        "them; the Influence page sets them against the packs prepared for them."
    )
    if "deals_result" in st.session_state:
        st.success(_text(st.session_state.pop("deals_result")), icon=":material/check_circle:")
    upload = st.file_uploader("CRM export", type=["xlsx", "csv"], key="deals_upload")
    left, right = st.columns(2)
    mapping = left.text_input(
        "Columns of another CRM (optional)",
        key="deals_map",
        placeholder="Stage=Phase, id=Deal number",
        help="FIELD=COLUMN for each column named differently: id, name, account, stage, "
        "amount, currency, close_date, created_on, won, closed, industry, employees, owner.",
    )
    order = right.selectbox(
        "Dates with slashes",
        [None, "MDY", "DMY", "YMD"],
        format_func=lambda v: {None: "As the file shows", "MDY": "12/31/2026 (MDY)",
                               "DMY": "31/12/2026 (DMY)", "YMD": "2026/12/31 (YMD)"}[v],
        key="deals_date_format",
        help="Only needed when no date in the file says whether the day or the month is first.",
    )  # fmt: skip
    if upload is None:
        return
    found = deals_preview(engine, upload.getvalue(), upload.name, mapping_text=mapping,
                          date_format=order)  # fmt: skip
    if found.problems:
        count = len(found.problems)
        st.error(
            f"{count} problem{'' if count == 1 else 's'} in {_text(upload.name)} — nothing was "
            "imported. Fix them in the file (or the options above) and upload it again.",
            icon=":material/error:",
        )
        st.dataframe(pd.DataFrame({"Problem": found.problems}), hide_index=True)
        return
    plan = found.plan
    assert plan is not None
    st.markdown(f"**{_text(plan.summary())}**")
    for note in plan.notes:
        st.caption(f"Note: {_text(note)}")
    if not (plan.added or plan.changed):
        st.info("Every deal in the file is already stored as it is: nothing to import.")
        return
    if st.button("Import deals", type="primary", icon=":material/upload:", key="do_deals_import"):
        try:
            result = import_deals(engine, upload.getvalue(), upload.name, actor=ui.actor(),
                                  mapping=parse_mapping([mapping]) if mapping.strip() else {},
                                  date_format=order)  # fmt: skip
        except (DealImportError, NotAllowed) as err:
            st.error(f"Nothing was imported: {_text(err)}")
        else:
            st.session_state["deals_result"] = result.summary()
            st.rerun()


with import_tab:
    _deals_import()

# --------------------------------------------------------------------------------------------
# Customer references
# --------------------------------------------------------------------------------------------


def _position(names: tuple[str, ...], name: str) -> int:
    """Where `name` is in a selectbox of ["", *names] (0, the blank, when it is not there)."""
    return names.index(name) + 1 if name in names else 0


def _customer_references() -> None:
    """Who may be asked to speak for us, to what, and how often: what the request flow needs
    (the References sheet holds the same columns for bulk changes)."""
    person = ui.actor()
    if not person.can("keep references"):
        return
    with st.expander("Customer references", icon=":material/record_voice_over:"):
        ui.show_flash("manage:references")
        existing = {r.id: r for r in load_references(engine)}
        picked = st.selectbox(
            "Reference",
            list(existing),
            index=None,
            placeholder="A new reference",
            format_func=lambda rid: label_text(f"{existing[rid].customer} ({rid})"),
            key="reference_edit_pick",
        )
        draft = (
            ReferenceDraft.of(existing[picked])
            if picked
            else ReferenceDraft(id="", activities=["call"])
        )
        industries = ui.library().industries
        sizes = ui.library().company_sizes
        k = f"reference:{picked or 'new'}:"
        with st.form(f"{k}form"):
            a, b, c = st.columns(3)
            rid = a.text_input(
                "ID", draft.id, disabled=bool(picked), placeholder="REF-001", key=f"{k}id"
            )
            customer = b.text_input(
                "Customer", draft.customer, help="As the outcomes name them", key=f"{k}customer"
            )
            owner = c.text_input(
                "Account owner", draft.account_owner, help="Decides requests", key=f"{k}owner"
            )
            a, b, c = st.columns(3)
            contact = a.text_input("Contact", draft.contact, key=f"{k}contact")
            role = b.text_input("Contact's role", draft.role, key=f"{k}role")
            activities = c.multiselect("Agreed to", REFERENCE_ACTIVITIES, default=draft.activities)
            a, b = st.columns(2)
            industry = a.selectbox(
                "Industry (blank: from their outcomes)",
                ["", *industries],
                index=_position(industries, draft.industry),
            )
            size = b.selectbox(
                "Company size (blank: from their outcomes)",
                ["", *sizes],
                index=_position(sizes, draft.company_size),
            )
            a, b, c, d = st.columns(4)
            max_asks = a.number_input(
                "Max asks per quarter", min_value=0, step=1, value=draft.max_asks_per_quarter,
                placeholder="no limit", key=f"{k}max_asks",
            )  # fmt: skip
            rest = b.number_input(
                "Rest days after an ask", min_value=0, step=1, value=draft.rest_days,
                placeholder="none", key=f"{k}rest",
            )  # fmt: skip
            until = c.date_input(
                "Do not ask until", draft.do_not_ask_until, format="YYYY-MM-DD", key=f"{k}until"
            )
            at_risk = d.checkbox("At risk: do not ask", draft.at_risk, key=f"{k}at_risk")
            if not st.form_submit_button("Save reference", icon=":material/save:"):
                return
        edited = ReferenceDraft(
            id=picked or rid,
            customer=customer,
            contact=contact,
            role=role,
            activities=list(activities),
            industry=industry or "",
            company_size=size or "",
            max_asks_per_quarter=None if max_asks is None else int(max_asks),
            rest_days=None if rest is None else int(rest),
            do_not_ask_until=until if isinstance(until, dt.date) else None,
            at_risk=at_risk,
            account_owner=owner,
        )
        try:
            save_reference(engine, edited, who=person)
        except ReferenceEditError as err:
            for problem in err.problems:
                st.error(f"Not saved: {_text(problem)}", icon=":material/error:")
        except NotAllowed as err:
            st.error(f"Not saved: {_text(err)}", icon=":material/lock:")
        else:
            ui.flash("manage:references", f"Saved reference {edited.id} ({edited.customer}).")
            st.rerun()


_customer_references()
