from __future__ import annotations

from sqlalchemy import Engine

from tests.apptest import open_app, plain, unfold
from tests.callprep_data import HIDDEN, SECRET, rep_library


def chosen(at) -> str:  # type: ignore[no-untyped-def]
    return next(plain(c.value) for c in at.caption if c.value.startswith("Chosen: "))


def test_query_params_prefill_the_form_and_picks_show_reasons(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", company="Acme Health", industry="Healthcare", size="Mid-market",
                  persona=["CIO", "COO"], pains="records lookup time", top="2",
                  date="2026-12-01")  # fmt: skip
    assert not at.exception
    assert at.text_input(key="company").value == "Acme Health"
    assert at.selectbox(key="industry").value == "Healthcare"
    assert at.selectbox(key="size").value == "Mid-market"
    assert at.multiselect(key="persona").value == ["CIO", "COO"]
    assert at.text_area(key="pains").value == "records lookup time"
    assert at.number_input(key="top").value == 2
    assert str(at.date_input(key="date").value) == "2026-12-01"
    boxes = at.checkbox
    assert "Find a patient's records in seconds" in plain(boxes[0].label) and boxes[0].value
    assert boxes[1].value and len(boxes) == 2  # two picks; the runners-up folded, not drawn
    captions = " ".join(plain(c.value) for c in at.caption)
    assert "Healthcare + Mid-market match" in captions
    assert "matches 'records lookup time' in your notes" in captions
    assert chosen(at) == "Chosen: UC-REC, UC-BILL"
    preview = " ".join(m.value for m in at.markdown)
    assert "Find a patient" in preview and SECRET not in preview and HIDDEN not in preview
    assert "2026-12-01" in preview
    assert [b.label for b in at.get("download_button")] == [
        "Pack (PDF)", "Pack (Word)", "Pack (Markdown)", "Questions (Excel)", "Questions (PDF)",
    ]  # fmt: skip


def test_swapping_a_pick_changes_the_chosen_set(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", persona=["CIO"], top="2")
    assert chosen(at) == "Chosen: UC-REC, UC-BILL"
    at.checkbox[1].uncheck().run()
    unfold(at, "runners-up")
    at.checkbox[2].check().run()
    assert not at.exception
    assert chosen(at) == "Chosen: UC-REC, UC-SHIP"
    at.checkbox[0].uncheck().run()
    at.checkbox[2].uncheck().run()
    assert any("Tick at least one use case" in i.value for i in at.info)


def test_an_unknown_industry_offers_the_nearest(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Helthcare")
    assert not at.exception
    assert any("Helthcare" in plain(w.value) and "Healthcare" in w.value for w in at.warning)
    assert at.button(key="near-industry-Healthcare").label == "Healthcare"
    assert at.checkbox, "still ranks on the rest of the profile"
    # (AppTest cannot re-send a typed-in selectbox value, so the click is tested in Chromium.)


def test_a_link_with_an_unknown_size_or_persona_says_so(engine: Engine) -> None:
    """An old link (a persona since renamed) must not be dropped silently from the prep."""
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", size="mid size", persona=["CIO", "CTO"])
    assert not at.exception
    warnings = " ".join(plain(w.value) for w in at.warning)
    assert "Ranked as Mid-market: the library has no company size 'mid size'." in warnings
    assert "persona 'CTO'" in warnings
    assert plain(at.button(key="near-size-Mid-market").label) == "Mid-market"
    assert at.query_params["size"] == "mid size"  # kept in the link


def test_an_empty_library_says_to_import(engine: Engine) -> None:
    at = open_app("call-prep")
    assert not at.exception
    assert "python -m lib import" in at.info[0].value


def test_include_and_leave_out_from_the_link(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", include="UC-SHIP, -UC-REC", top="2")
    assert not at.exception
    assert chosen(at) == "Chosen: UC-SHIP, UC-BILL"
    assert any(plain(c.value).startswith("you asked to include it") for c in at.caption)


def test_a_swap_is_kept_in_the_link_and_the_link_reproduces_it(engine: Engine) -> None:
    rep_library(engine)
    profile = {"industry": "Healthcare", "persona": ["CIO"], "top": "2"}
    at = open_app("call-prep", **profile)
    assert "pick" not in at.query_params
    at.checkbox[1].uncheck().run()
    unfold(at, "runners-up")
    at.checkbox[2].check().run()
    assert chosen(at) == "Chosen: UC-REC, UC-SHIP"
    assert at.query_params["pick"] == ["UC-REC", "UC-SHIP"]

    shared = open_app("call-prep", **profile, pick=at.query_params["pick"])
    assert not shared.exception
    assert chosen(shared) == "Chosen: UC-REC, UC-SHIP"
    assert [c.value for c in shared.checkbox][:3] == [True, False, True]


def test_ticking_back_the_recommended_picks_clears_the_link(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", persona=["CIO"], top="2")
    at.checkbox[1].uncheck().run()
    assert at.query_params["pick"] in ("UC-REC", ["UC-REC"])  # one value may come back bare
    at.checkbox[1].check().run()
    assert "pick" not in at.query_params
    assert chosen(at) == "Chosen: UC-REC, UC-BILL"


def test_changing_the_profile_after_a_swap_starts_from_the_new_picks(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", persona=["CIO"], top="2")
    at.checkbox[1].uncheck().run()
    unfold(at, "runners-up")
    at.checkbox[2].check().run()
    assert chosen(at) == "Chosen: UC-REC, UC-SHIP"
    at.number_input(key="top").set_value(3).run()
    assert not at.exception
    assert "pick" not in at.query_params
    assert chosen(at).count(",") == 2


def test_an_unclear_industry_ticks_nothing_until_the_rep_chooses(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Zzzz", pains="records lookup time")
    assert not at.exception
    assert at.checkbox, "the ranking is still shown"
    assert not any(box.value for box in at.checkbox)
    assert any("nothing is ticked" in w.value for w in at.warning)


def test_attending_shows_each_persona_by_name_and_code(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare")
    attending = at.multiselect(key="persona")
    shown = [attending.format_func(o) for o in attending.options]
    assert "Chief Information Officer (CIO)" in shown


def test_downloads_come_right_after_the_picks_runners_up_folded(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare", persona=["CIO"], top="1",
                  pains="records lookup time")  # fmt: skip
    assert not at.exception
    folded = [e.label for e in at.main.expander]
    assert folded[0].startswith("Runners-up") and folded[-1] == "Score parts"
    assert [e.label for e in at.sidebar.expander] == ["Technical details"]
    headers = [h.value for h in at.subheader]
    assert headers == [
        "Recommended use cases",
        "Pack",
        "Your recent preps",
        "Check a file before you send it",
    ]


def test_the_sidebar_tells_the_library_size(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", industry="Healthcare")
    captions = [c.value for c in at.sidebar.caption]
    assert any(c.startswith("Library: 5 use cases") for c in captions), captions
    assert not any(".db" in c for c in captions[:1])
