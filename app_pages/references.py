"""References: customer reference requests by who decides and by rep, and every reference's
limits this quarter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import streamlit as st

from lib.core import ui
from lib.core.access import NotAllowed
from lib.core.fatigue import fatigue_all
from lib.core.safe_text import caption_text, markdown_text
from lib.coverage.fatigue import fatigue_table
from lib.references import tables
from lib.references.requests import (
    RequestError,
    RequestView,
    complete,
    decide,
    may_decide,
    open_work,
    requests,
)

today = dt.date.today()
person = ui.actor()
engine = ui.engine()

st.title("References")
st.caption(
    "Reps ask for a customer reference from Call prep; the account owner or marketing decides; "
    "the rep says how it went. Every step is kept with who and when."
)


def _flash(kind: str, message: str) -> None:
    st.session_state["references_flash"] = (kind, message)


def _show_flash() -> None:
    kind, message = st.session_state.pop("references_flash", (None, ""))
    if kind == "success":
        st.success(message, icon=":material/check:")
    elif kind == "error":
        st.error(message, icon=":material/block:")


def _header(r: RequestView) -> None:
    st.markdown(f"**#{r.id} · {markdown_text(tables.summary(r), one_line=True)}**")
    parts = [f"asked by {r.requested_by} on {r.requested_at:%Y-%m-%d %H:%M}"]
    if r.decided_by and r.decided_at:
        parts.append(f"{r.status} by {r.decided_by} on {r.decided_at:%Y-%m-%d}")
    st.caption(caption_text(" · ".join(parts)))
    for label, text in (("Why", r.why), ("Note", r.note)):
        if text:
            st.caption(caption_text(f"{label}: {text}"))


def _decision(r: RequestView) -> None:
    """Approve or decline, with a note for the rep (only for who may decide)."""
    with st.container(border=True):
        _header(r)
        if not may_decide(person, r.approver):
            return
        note = st.text_input("Note for the rep", key=f"note-{r.id}", max_chars=2000)
        a, b, _ = st.columns([1, 1, 4])
        choice = None
        if a.button("Approve", key=f"approve-{r.id}", icon=":material/thumb_up:"):
            choice = True
        if b.button("Decline", key=f"decline-{r.id}", icon=":material/thumb_down:"):
            choice = False
        if choice is None:
            return
        try:
            decide(engine, person, r.id, approve=choice, note=note)
        except (RequestError, NotAllowed) as problem:
            _flash("error", f"Not decided: {markdown_text(problem)}")
        else:
            _flash("success", f"Request {r.id} {'approved' if choice else 'declined'}.")
        st.rerun()


def _feedback(r: RequestView) -> None:
    """Close an approved request with how it went."""
    with st.container(border=True):
        _header(r)
        if r.status == "open":
            st.caption(f"Waiting for {caption_text(r.approver or 'marketing')} to decide.")
            return
        if person.who != r.requested_by and not may_decide(person, r.approver):
            return
        with st.form(f"feedback-{r.id}", border=False):
            a, b = st.columns(2)
            helped = a.radio("Did it help?", ("yes", "no"), key=f"helped-{r.id}", horizontal=True)
            again = b.radio(
                "Would they do it again?", ("yes", "no"), key=f"again-{r.id}", horizontal=True
            )
            feedback = st.text_input("How it went", key=f"feedback-{r.id}", max_chars=2000)
            if st.form_submit_button("Done", icon=":material/task_alt:"):
                try:
                    complete(
                        engine, person, r.id, helped=helped, would_again=again, feedback=feedback
                    )
                except (RequestError, NotAllowed) as problem:
                    _flash("error", f"Not closed: {markdown_text(problem)}")
                else:
                    _flash("success", f"Request {r.id} done. Thank you for the feedback.")
                st.rerun()


def _by_person(
    groups: dict[str, list[RequestView]], none: str, draw: Callable[[RequestView], None]
) -> None:
    """Each person's requests under their name and how many, or `none` when nobody has any."""
    if not groups:
        st.info(none)
    for name, items in groups.items():
        st.markdown(f"#### {markdown_text(name, one_line=True)} ({len(items)})")
        for r in items:
            draw(r)


_show_flash()
work = open_work(engine)
waiting = sum(len(v) for v in work.by_approver.values())
open_for_reps = sum(len(v) for v in work.by_rep.values())
decide_tab, reps_tab, refs_tab, all_tab = st.tabs(
    [
        f"Waiting for a decision ({waiting})",
        f"Open by rep ({open_for_reps})",
        "References and their limits",
        "All requests",
    ]
)

with decide_tab:
    _by_person(work.by_approver, "No request is waiting for a decision.", _decision)

with reps_tab:
    _by_person(work.by_rep, "No open requests: ask for a reference from Call prep.", _feedback)

with refs_tab:
    states = fatigue_all(engine, today)
    if not states:
        st.info("No customer references yet: add them on the References sheet or on Manage.")
    else:
        st.dataframe(fatigue_table(states), hide_index=True, key="references_limits")

with all_tab:
    everything = requests(engine)
    if not everything:
        st.info("No reference requests yet.")
    else:
        st.dataframe(tables.requests_table(everything), hide_index=True, key="requests_all")
