"""Call prep: from a prospect's profile to the 2-3 use cases to bring and a one-page pack."""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from typing import TYPE_CHECKING

import streamlit as st

from lib.callprep.candidates import load_candidates
from lib.callprep.deal_link import DealProfile, understand_link
from lib.callprep.library_names import library_names
from lib.callprep.packs import FORMATS, build_pack, export, export_name
from lib.callprep.packs.markdown import render as pack_markdown
from lib.callprep.packs.markdown import render_questions
from lib.callprep.prospect import Prospect, chosen_picks, include_and_exclude
from lib.callprep.recommend import Pick, Recommendation, attending_read_as, recommend
from lib.core import ui, usage
from lib.core.access import Actor, NotAllowed
from lib.core.fatigue import Fatigue, fatigue_all, resting_among
from lib.core.safe_text import caption_text, label_text, markdown_text
from lib.core.vocab import DEFAULT_TOP_N, REFERENCE_ACTIVITIES
from lib.deals.signal import win_signals
from lib.library import nominations
from lib.references.proposals import customer_outcomes, propose
from lib.references.requests import RequestError, request_reference

if TYPE_CHECKING:
    from streamlit.delta_generator import DeltaGenerator

st.title("Call prep")
st.caption("Who is the call with? Casebook picks the use cases to bring and builds the pack.")

with st.spinner("Loading the library…") if ui.loading() else contextlib.nullcontext():
    candidates = ui.shared(load_candidates)
if candidates.empty:
    st.info(
        "There are no approved use cases yet, so there is nothing to recommend. Load the "
        "sample library on Home, or import a workbook on Manage (`python -m lib import FILE` "
        "from a terminal), and approve the use cases you want reps to use."
    )
    with st.container(horizontal=True):
        ui.page_link("app_pages/home.py", label="Load the sample library", icon=":material/home:")
        ui.page_link(
            "app_pages/manage.py", label="Import or approve on Manage", icon=":material/upload:"
        )
    st.stop()


# Widths (pixels) of the profile's short fields and of a pick's score, in their rows.
SMALL_FIELD = 120
DATE_FIELD = 160
SCORE_WIDTH = 90


def _use(key: str, value: str) -> None:
    """A suggestion button (in the prep) setting a profile field (drawn above it)."""
    st.session_state[key] = value
    ui.rerun_page_next()  # the field must show it: the whole page, not the prep alone


# --- Opened from a CRM deal: opp=, employees=, title= (see lib/callprep/deal_link.py) ------


def _apply_deal_link() -> DealProfile | None:
    """Map a deal link's head count and job titles to a size and personas, filling the
    form once per link (the rep's later changes stand); None when the link has neither."""
    employees = st.query_params.get("employees", "")
    titles = st.query_params.get_all("title")
    if not employees and not titles:
        return None
    profile = understand_link(candidates, employees, titles)
    applied = (employees, tuple(titles))
    if st.session_state.get("deal_link_applied") != applied:
        st.session_state["deal_link_applied"] = applied
        if profile.company_size and not st.query_params.get("size"):
            st.session_state["size"] = profile.company_size
        attending = st.query_params.get_all("persona")
        linked = [p for p in profile.personas if p not in attending]
        if linked:
            st.session_state["persona"] = attending + linked
    return profile


def _add_persona(persona_id: str) -> None:
    st.session_state["persona"] = list(
        dict.fromkeys([*st.session_state.get("persona", []), persona_id])
    )
    ui.rerun_page_next()  # Attending is drawn above the prep


def _deal_input(column: DeltaGenerator) -> str:
    """The deal this prep is for (from the link, or typed): the id recorded with every
    download."""
    deal = column.text_input(
        "Deal",
        key="opp",
        bind="query-params",
        placeholder="CRM opportunity or deal id, e.g. 006Dn000004XYZ",
        help="Recorded with every file you generate, so marketing can see what was used on "
        "which deal. A link from the CRM fills it in.",
    )
    try:
        deal = usage.clean_deal_id(deal)
    except usage.UsageError as problem:
        st.error(markdown_text(f"Deal: {problem}; files are recorded without a deal until fixed."))
        deal = ""
    return deal


def _deal_notes(profile: DealProfile | None) -> None:
    """What the library made of a deal link's head count and job titles, and the nearest
    known values for what it could not place."""
    if profile is None:
        return
    understood = []
    if profile.company_size:
        employees = st.query_params.get("employees", "")
        understood.append(f"{employees} employees → {profile.company_size}")
    understood += [
        f"'{title}' → {candidates.persona_name(pid)} ({pid})" for title, pid in profile.titles
    ]
    if understood:
        st.caption(caption_text("From the deal: " + "; ".join(understood)))
    for problem in profile.not_understood:
        st.warning(markdown_text(f"Not understood: {problem.message}"), icon=":material/help:")
        if problem.field == "title" and problem.nearest:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(f"Add a persona for '{caption_text(problem.value)}':", width="content")
                for pid in problem.nearest:
                    st.button(
                        label_text(f"{candidates.persona_name(pid)} ({pid})"),
                        key=f"near-title-{problem.value}-{pid}",
                        on_click=_add_persona,
                        args=(pid,),
                    )
        elif problem.field == "employees" and problem.nearest:
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption("Use a company size:", width="content")
                for name in problem.nearest:
                    st.button(
                        label_text(name),
                        key=f"near-employees-{name}",
                        on_click=_use,
                        args=("size", name),
                    )


# --- After the call: the rep's recent preps, how each landed, and nominating a win ------------


def _feedback_form(prep: usage.Prep) -> None:
    """Used or not, a reference asked for, an objection heard: stored with who and when."""
    said = prep.feedback
    with st.form(f"feedback-{prep.event_id}", border=False):
        left, right = st.columns([1, 1])
        landed = left.radio(
            "How did it land?",
            ("used", "not used"),
            index=None
            if said is None or not said.landed
            else ("used", "not used").index(said.landed),
            horizontal=True,
            key=f"landed-{prep.event_id}",
        )
        asked = right.checkbox(
            "The prospect asked for a reference",
            value=bool(said and said.reference_asked),
            key=f"reference-{prep.event_id}",
        )
        objection = st.text_input(
            "Objection heard",
            value=said.objection if said else "",
            key=f"objection-{prep.event_id}",
            placeholder="'We already have an EHR portal'",
        )
        if st.form_submit_button("Save how it landed", icon=":material/save:"):
            try:
                usage.record_feedback(
                    ui.engine(),
                    prep.event_id,
                    who=ui.actor(),
                    landed=landed or "",
                    reference_asked=asked,
                    objection=objection,
                )
            except (usage.UsageError, NotAllowed) as problem:
                st.error(markdown_text(str(problem)))
            else:
                st.success("Saved. Thank you: marketing sees what lands.", icon=":material/check:")


def _nominate_form(prep: usage.Prep) -> None:
    """A won deal becomes a draft outcome (internal) in marketing's queue."""
    with st.form(f"nominate-{prep.event_id}", border=False, clear_on_submit=True):
        left, right = st.columns(2)
        customer = left.text_input(
            "Customer", value=prep.prospect, key=f"win-customer-{prep.event_id}"
        )
        use_case = right.selectbox(
            "Use case it shows",
            prep.use_case_ids,
            format_func=lambda i: label_text(f"{i} · {_title(i)}"),
            key=f"win-use-case-{prep.event_id}",
        )
        what = st.text_area(
            "What changed for them",
            key=f"win-what-{prep.event_id}",
            placeholder="Nurses find records in seconds instead of calling records",
            height=68,
        )
        numbers = st.text_input(
            "Numbers", key=f"win-numbers-{prep.event_id}", placeholder="lookup 6 min → 20 s"
        )
        quote = st.text_input("Quote", key=f"win-quote-{prep.event_id}")
        known = st.radio(
            "May they be named?",
            nominations.PERMISSION_KNOWN,
            horizontal=True,
            key=f"win-permission-{prep.event_id}",
        )
        if st.form_submit_button("Nominate the win", icon=":material/emoji_events:"):
            draft = nominations.WinDraft(
                use_case_id=use_case or "",
                customer=customer,
                what_changed=what,
                numbers=numbers,
                quote=quote,
                permission_known=known or "not sure",
                deal_id=prep.deal_id,
                industry=prep.industry,
                company_size=prep.company_size,
            )
            try:
                outcome_id = nominations.nominate_win(ui.engine(), draft, who=ui.actor())
            except (nominations.NominationError, NotAllowed) as problem:
                ui.show_problems(problem)
            else:
                st.success(
                    markdown_text(
                        f"Nominated as {outcome_id}: internal until marketing completes it."
                    ),
                    icon=":material/check:",
                )


def _title(use_case_id: str) -> str:
    found = candidates.get(use_case_id)
    return found.title if found else use_case_id


def _recent_preps(rep: str) -> None:
    """The rep's own recent preps, newest first, each with how it landed and a win form.

    A prep's forms are drawn only while its expander is open (a rerun opens it): ten preps'
    forms are some two hundred elements that every profile change would otherwise redraw."""
    preps = usage.recent_preps(ui.engine(), rep)
    st.subheader("Your recent preps")
    if not preps:
        st.caption("Files you generate are listed here, so you can say how the call went.")
        return
    for prep in preps:
        said = prep.feedback
        status = "not said yet" if said is None or not said.landed else said.landed
        label = " · ".join(
            part
            for part in (
                f"{prep.at:%Y-%m-%d %H:%M}",
                prep.prospect or "no company",
                f"deal {prep.deal_id}" if prep.deal_id else "",
                ", ".join(prep.use_case_ids),
                status,
            )
            if part
        )
        folded = st.expander(
            label_text(label),
            icon=":material/history:",
            key=f"prep-{prep.event_id}",
            on_change="rerun",
        )
        if not folded.open:
            continue
        with folded:
            st.caption(
                caption_text(
                    "Use cases: "
                    + "; ".join(f"{i} {_title(i)}" for i in prep.use_case_ids)
                    + f" · files: {', '.join(prep.formats)}"
                )
            )
            if said is not None:
                st.caption(caption_text(f"Last said by {said.who} on {said.at:%Y-%m-%d %H:%M}"))
            feedback_tab, win_tab = st.tabs(["How it landed", "Nominate a win"])
            with feedback_tab:
                _feedback_form(prep)
            with win_tab:
                _nominate_form(prep)


# --- Check a file before you send it: any deck, proposal or email, made anywhere -----------
def _check_a_file() -> None:
    """Names every customer an uploaded file may not name (lib.outgoing), with where."""
    from lib.outgoing import SUPPORTED, check_files, report, table

    st.subheader("Check a file before you send it")
    uploads = st.file_uploader(
        "A deck, proposal, workbook or email you are about to send",
        accept_multiple_files=True,
        key="check-safe-upload",
        help=f"Reads {', '.join(SUPPORTED)}: every slide and note, page, cell, comment, "
        "header, footer and property, and an email's attachments.",
    )
    if not uploads:
        return
    files = [(u.name, u.getvalue()) for u in uploads]
    for check in check_files(files, ui.library().all_outcomes):
        if check.problem:
            st.warning(markdown_text(check.problem), icon=":material/help:")
        elif check.safe:
            st.success(markdown_text(report(check)[0]), icon=":material/check_circle:")
        else:
            st.error(markdown_text(report(check)[0]), icon=":material/block:")
            st.dataframe(
                table(check),
                hide_index=True,
                column_config={
                    "where": st.column_config.TextColumn("Where"),
                    "written": st.column_config.TextColumn("As written"),
                    "customer": st.column_config.TextColumn("Customer"),
                    "why": st.column_config.TextColumn("Why it may not be named"),
                },
            )


def _profile_form() -> None:
    """The prospect's profile (every field in the link). Drawn by a full run only: a change
    to a field reruns just the prep below it (`_rerun_prep`), which reads the fields' values
    (`_profile`); the field itself already shows what the rep typed."""
    # Rows are horizontal containers rather than columns: one block each instead of one per
    # column, and every block is a message each rerun sends.
    with st.container(border=True):
        row = st.container(horizontal=True)
        row.text_input(
            "Company", key="company", on_change=_rerun_prep, bind="query-params", placeholder="Acme"
        )
        _deal_input(row)
        row.selectbox(
            "Industry",
            candidates.industries,
            index=None,
            key="industry",
            on_change=_rerun_prep,
            bind="query-params",
            accept_new_options=True,
            placeholder="Any industry",
        )
        row.selectbox(
            "Company size",
            candidates.company_sizes,
            index=None,
            key="size",
            on_change=_rerun_prep,
            bind="query-params",
            accept_new_options=True,
            placeholder="Any size",
        )
        st.multiselect(
            "Attending",
            list(candidates.persona_index),
            key="persona",
            on_change=_rerun_prep,
            bind="query-params",
            accept_new_options=True,
            # Enter takes the one option containing what was typed ("CIO" is the CIO, not every
            # fuzzy match); a title or alias no option contains is added as typed and read in lib.
            filter_mode="contains",
            select_all=False,
            format_func=candidates.persona_label,
            help="A persona's name or code; a job title from the CRM is matched through the "
            "aliases marketing keeps on the Personas sheet.",
            placeholder="The personas on the call",
        )
        st.text_area(
            "Pains and notes",
            key="pains",
            on_change=_rerun_prep,
            bind="query-params",
            placeholder=(
                "Paste from the CRM or the email: 'records lookup takes ages, audit findings…'"
            ),
            height=90,
        )
        row = st.container(horizontal=True)
        row.number_input(
            "Picks",
            min_value=1,
            max_value=6,
            value=DEFAULT_TOP_N,
            key="top",
            on_change=_rerun_prep,
            bind="query-params",
            width=SMALL_FIELD,
        )
        row.date_input(
            "Call date",
            value=dt.date.today(),
            key="date",
            on_change=_rerun_prep,
            bind="query-params",
            width=DATE_FIELD,
        )
        row.text_input(
            "Call objective",
            key="objective",
            on_change=_rerun_prep,
            bind="query-params",
            placeholder="Book a demo",
        )
        row.text_input(
            "Always include / leave out",
            key="include",
            on_change=_rerun_prep,
            bind="query-params",
            placeholder="UC-12, -UC-7",
            help="Use-case ids to always include; put a minus before an id to leave it out.",
        )
        row.selectbox(
            "Paper",
            ("Letter", "A4"),
            key="paper",
            on_change=_rerun_prep,
            bind="query-params",
            width=SMALL_FIELD,
        )


def _rerun_prep() -> None:
    """A profile field's on_change: rerun only the prep (its fragment), not the page."""
    st.rerun(scope=PREP)


def _profile() -> tuple[Prospect, int, str, str]:
    """The profile as its fields hold it, with the number of picks, the deal id recorded with
    the files and the paper size: read from the session, since the prep's own rerun does
    not draw the fields again."""
    state = st.session_state
    must_include, exclude = include_and_exclude(state["include"])
    prospect = Prospect(
        company=state["company"],
        industry=state["industry"] or "",
        company_size=state["size"] or "",
        personas=tuple(state["persona"]),
        pains=state["pains"],
        must_include=must_include,
        exclude=exclude,
        objective=state["objective"],
        date=state["date"],
    )
    try:
        deal = usage.clean_deal_id(state["opp"])
    except usage.UsageError:  # said under the field; files are recorded without a deal
        deal = ""
    return prospect, int(state["top"]), deal, state["paper"] or "Letter"


def _picks(prospect: Prospect, top: int, recommendation: Recommendation) -> list[str]:
    """The picks as cards with tick boxes, the runners-up folded below them: the ids of the
    ticked ones, in rank order."""
    st.subheader("Recommended use cases")
    st.caption(
        "Ticked ones go into the pack. Untick a pick and tick a runner-up to swap it; "
        "the link keeps your choice."
    )
    signature = hashlib.sha1(repr((prospect, top)).encode()).hexdigest()[:10]
    ranked_ids = [p.id for p in recommendation.ranked]
    # An industry or size the library cannot match for sure: nothing ticked until the rep chooses.
    default_ids = [] if recommendation.hold else [p.id for p in recommendation.picks]
    if st.query_params.get_all("pick") and "picks_for" not in st.session_state:
        st.session_state["picks_for"] = signature  # a link's picks belong to the link's profile
    if st.session_state.get("picks_for") not in (None, signature):
        st.query_params.pop("pick", None)  # the profile changed since the swaps: start afresh
        st.session_state.pop("picks_for")
    ticked = set(chosen_picks(st.query_params.get_all("pick"), ranked_ids, default_ids))

    def _remember_picks() -> None:
        """Keep the ticked set in the link (`pick=`), so a shared link reproduces the swaps.

        A runner-up whose box is not drawn (its section folded) keeps what the link said."""
        now = [i for i in ranked_ids if st.session_state.get(f"pick-{signature}-{i}", i in ticked)]
        if now == default_ids:
            st.query_params.pop("pick", None)
            st.session_state.pop("picks_for", None)
        else:
            st.query_params["pick"] = now or [""]
            st.session_state["picks_for"] = signature

    def _card(pick: Pick) -> bool:
        """One recommended use case as a card with its tick box; True when ticked."""
        with st.container(border=True, horizontal=True):
            box = st.container()
            label = f"**{label_text(pick.title)}** · {label_text(pick.id)}"
            key = f"pick-{signature}-{pick.id}"
            ticked_now = box.checkbox(
                label, value=pick.id in ticked, key=key, on_change=_remember_picks
            )
            box.caption(caption_text("; ".join(pick.reasons)))
            st.metric("Score", f"{pick.score:.0f}", label_visibility="collapsed", width=SCORE_WIDTH)
        return ticked_now

    # The picks, then the pack and its downloads straight away; runners-up and score parts are
    # folded below, so a rep goes from the profile to the PDF without scrolling.
    chosen = [pick.id for pick in recommendation.picks if _card(pick)]
    runners = recommendation.runners_up
    if runners:
        # Drawn only while open (opening it reruns the page): folded, the link's ticks stand.
        folded = st.expander(
            f"Runners-up ({len(runners)})",
            icon=":material/format_list_numbered:",
            expanded=any(p.id in ticked for p in runners),
            key="runners-up",
            on_change="rerun",
        )
        if folded.open:
            with folded:
                chosen += [pick.id for pick in runners if _card(pick)]
        else:
            chosen += [pick.id for pick in runners if pick.id in ticked]
    return chosen


def _pack(
    downloads: DeltaGenerator,
    prospect: Prospect,
    chosen: list[str],
    standings: list[Fatigue],
    *,
    rep: str,
    deal: str,
    paper: str,
) -> None:
    """The pack of the ticked use cases: its downloads (in `downloads`, right under the
    profile; each file built when clicked), then its preview or the question sheet."""
    st.subheader("Pack")
    if not chosen:
        st.info("Tick at least one use case above to build the pack.")
    else:
        engine = ui.engine()
        today = dt.date.today()
        pack = build_pack(
            candidates,
            prospect,
            chosen,
            today=today,
            resting=resting_among(standings),
            names=ui.shared(library_names, today),  # kept per revision and day
        )
        # A file generated is listed under the rep's recent preps, outside this fragment: the
        # next rerun of the fragment brings the whole page back to show it (`ui.fragment_run`).
        generated = ui.change_counter()

        def file(fmt: str) -> bytes:
            data = export(engine, pack, fmt, paper, who=rep, deal_id=deal).data
            generated()
            return data

        downloads.caption("Chosen: " + caption_text(", ".join(chosen)))
        buttons = downloads.container(horizontal=True)
        for fmt, spec in FORMATS.items():
            buttons.download_button(
                spec.label,
                data=lambda fmt=fmt: file(fmt),
                file_name=export_name(pack, fmt),
                mime=spec.mime,
                key=f"download-{fmt}",
                on_click="ignore",
                icon=":material/download:",
                width="stretch",
            )
        # Only the open tab is drawn (switching tabs reruns the page).
        pack_tab, questions_tab = st.tabs(
            ["Pack preview", "Discovery questions"], key="pack-tabs", on_change="rerun"
        )
        if pack_tab.open:
            pack_tab.container(border=True).markdown(pack_markdown(pack))
        if questions_tab.open:
            questions_tab.container(border=True).markdown(render_questions(pack))


def _reference_requests(
    prospect: Prospect, use_case_ids: list[str], standings: list[Fatigue], acting: Actor
) -> None:
    """Ask for a customer reference for this deal: only references that fit the prospect and
    are under their limits are offered, each with why; the account owner or marketing decides.
    The section says how many are available; its contents are drawn only while it is open."""
    engine = ui.engine()
    found = propose(
        standings,
        ui.shared(customer_outcomes),  # grouped once per revision
        industry=prospect.industry,
        company_size=prospect.company_size,
        use_case_ids=use_case_ids,
    )
    held = f", {len(found.held_back)} resting" if found.held_back else ""
    folded = st.expander(
        f"Customer references ({len(found.offered)} available{held})",
        icon=":material/record_voice_over:",
        key="references",
        on_change="rerun",
    )
    if not folded.open:
        return
    with folded:
        if not found.offered:
            st.info(
                "No customer reference fits this prospect and is free to ask now (references "
                "over their limits, resting or at risk are not offered)."
            )
            return
        for p in found.offered:
            ref = p.fatigue.reference
            person = ", ".join(x for x in (ref.contact, ref.role) if x)
            st.markdown(
                f"**{markdown_text(p.customer, one_line=True)}**"
                + (f" · {markdown_text(person, one_line=True)}" if person else "")
            )
            st.caption(caption_text(p.why_text))
        if not acting.can("request references"):
            return
        by_id = {p.reference_id: p for p in found.offered}
        with st.form("reference-request", border=False):
            a, b = st.columns([2, 1])
            chosen = a.selectbox(
                "Reference",
                list(by_id),
                format_func=lambda rid: label_text(by_id[rid].customer),
                key="reference_pick",
            )
            activities = by_id[chosen].fatigue.reference.activities or REFERENCE_ACTIVITIES
            activity = b.selectbox("Activity", activities, key="reference_activity")
            c, d = st.columns([1, 2])
            deal = c.text_input(
                "Deal id (optional)", value=st.query_params.get("deal", ""), key="reference_deal"
            )
            why = d.text_input(
                "What the prospect needs to hear", key="reference_why", max_chars=2000
            )
            if st.form_submit_button("Request this reference", icon=":material/send:"):
                try:
                    number = request_reference(
                        engine,
                        ui.actor(),
                        chosen,
                        activity=activity,
                        deal_id=deal,
                        prospect=prospect.company,
                        why=why,
                    )
                except (RequestError, NotAllowed) as problem:
                    st.error(f"Not requested: {markdown_text(problem)}", icon=":material/block:")
                else:
                    approver = by_id[chosen].fatigue.reference.account_owner or "marketing"
                    st.success(
                        f"Request {number} sent to {markdown_text(approver)}; follow it on "
                        "the References page.",
                        icon=":material/check:",
                    )


def _score_parts(recommendation: Recommendation) -> None:
    """Each ranked use case's score and its parts, drawn only while unfolded."""
    score_parts = st.expander(
        "Score parts", icon=":material/analytics:", key="score-parts", on_change="rerun"
    )
    if score_parts.open:
        score_parts.dataframe(
            [
                {"id": p.id, "title": p.title, "score": round(p.score, 1), **p.parts.as_dict()}
                for p in recommendation.ranked
            ],
            hide_index=True,
            column_config={
                "id": st.column_config.TextColumn("Use case"),
                "title": st.column_config.TextColumn("Title", width="large"),
                "score": st.column_config.NumberColumn("Score", format="%.1f"),
                "segment_fit": st.column_config.ProgressColumn(
                    "Segment fit", min_value=0, max_value=1
                ),
                "pains": st.column_config.ProgressColumn("Pains match", min_value=0, max_value=1),
                "proof": st.column_config.ProgressColumn("Proof", min_value=0, max_value=1),
                "freshness": st.column_config.ProgressColumn("Freshness", min_value=0, max_value=1),
            },
        )


def _prep_body() -> None:
    """From the profile to the picks, the pack and the references."""
    deal_profile = _apply_deal_link()
    prospect, top, deal, paper = _profile()
    recommendation = recommend(candidates, prospect, top=top, wins=win_signals(ui.engine()))
    acting = ui.actor()  # once per run: each read asks the access list
    rep = ui.who(acting)  # recorded with every file generated

    if read_as := attending_read_as(candidates, recommendation):
        st.caption(caption_text(read_as))
    # The pack's downloads sit right under the profile (filled once the ticks are read below), so
    # on a 1366x768 laptop a rep goes from a prep link to the PDF without scrolling.
    downloads = st.container()
    _deal_notes(deal_profile)

    for message in recommendation.messages:
        st.warning(markdown_text(message), icon=":material/info:")
    for kind, names in recommendation.nearest.items():
        if kind in ("industry", "company_size") and names:
            key = "industry" if kind == "industry" else "size"
            with st.container(horizontal=True, vertical_alignment="center"):
                st.caption(f"Use a known {kind.replace('_', ' ')}:", width="content")
                for name in names:
                    st.button(
                        label_text(name), key=f"near-{key}-{name}", on_click=_use, args=(key, name)
                    )

    if not recommendation.ranked:
        st.info(
            "No use case fits this profile. Widen it: clear the industry or size, or add notes."
        )
        return
    chosen = _picks(prospect, top, recommendation)
    # Where every customer reference stands, read once: the pack and the references need it.
    standings = fatigue_all(ui.engine())
    _pack(downloads, prospect, chosen, standings, rep=rep, deal=deal, paper=paper)
    _reference_requests(prospect, chosen, standings, acting)
    _score_parts(recommendation)


PREP = "prep"  # the prep's fragment: what a profile change reruns


@st.fragment(key=PREP)
def _prep() -> None:
    """The part a profile change affects, rerun on its own: a change there reruns neither
    the app frame and sidebar nor the recent preps and the file check below (a revision,
    role or download since the last full run brings the whole page back: `ui.fragment_run`)."""
    ui.fragment_run(_prep_body)


_apply_deal_link()  # before the fields: it fills them from a deal link once
_profile_form()
_prep()
_recent_preps(ui.who())
_check_a_file()
