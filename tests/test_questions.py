from __future__ import annotations

from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.questions import discovery_questions
from lib.core.vocab import STAGES
from tests.callprep_data import rep_library


def test_questions_for_the_chosen_use_cases_and_attending_personas(engine: Engine) -> None:
    rep_library(engine)
    sheet = discovery_questions(load_candidates(engine), ["UC-REC", "UC-BILL"], ["CIO", "COO"])
    texts = [q.text for q in sheet.questions]
    # Q-2 repeats Q-1 but for its punctuation: asked once, the persona-specific one first.
    assert texts.count("How long does a records lookup take today?") == 1
    assert "How long does a records lookup take today" not in texts
    assert "What does a late invoice cost you?" not in texts  # for the CFO, who is not there
    assert "Which systems hold patient records?" in texts  # for anyone
    assert "What would an hour back per shift be worth?" in texts  # generic, for the COO
    stages = [q.stage for q in sheet.questions]
    assert stages == sorted(stages, key=STAGES.index)
    assert [s for s, _ in sheet.by_stage()] == ["situation", "problem", "need-payoff"]
    lookup = next(q for q in sheet.questions if q.id == "Q-1")
    assert lookup.listen_for == "minutes, not seconds"
    assert lookup.use_case_title == "Find a patient's records in seconds"


def test_no_personas_keeps_every_question(engine: Engine) -> None:
    rep_library(engine)
    sheet = discovery_questions(load_candidates(engine), ["UC-BILL"])
    assert {q.id for q in sheet.questions} == {"Q-3", "Q-5", "Q-6"}
