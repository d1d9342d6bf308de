"""Call prep draws a folded section only while it is open: runners-up, the discovery questions
tab, customer references and score parts cost every profile change nothing until the rep
opens them (opening one reruns the page), and what they hold still counts while folded."""

from __future__ import annotations

from sqlalchemy import Engine

from tests.apptest import open_app, plain, unfold
from tests.callprep_data import rep_library

PROFILE = {"industry": "Healthcare", "persona": ["CIO"], "top": "2"}


def _chosen(at) -> str:  # type: ignore[no-untyped-def]
    return next(plain(c.value) for c in at.caption if c.value.startswith("Chosen: "))


def test_folded_sections_are_drawn_once_opened(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", **PROFILE)
    assert not at.exception
    assert len(at.checkbox) == 2, "the runners-up are folded"
    assert not at.dataframe, "the score parts are folded"
    text = " ".join(m.value for m in at.markdown)
    assert "# Call prep:" in text and "# Discovery questions:" not in text

    unfold(at, "runners-up")
    assert len(at.checkbox) > 2 and not any(box.value for box in at.checkbox[2:])
    unfold(at, "score-parts")
    assert "segment_fit" in at.dataframe[0].value.columns
    unfold(at, "pack-tabs", "Discovery questions")
    text = " ".join(m.value for m in at.markdown)
    assert "# Discovery questions:" in text and "# Call prep:" not in text
    assert not at.exception


def test_a_ticked_runner_up_stays_chosen_while_folded(engine: Engine) -> None:
    rep_library(engine)
    at = open_app("call-prep", **PROFILE)
    unfold(at, "runners-up")
    at.checkbox[2].check().run()
    assert _chosen(at) == "Chosen: UC-REC, UC-BILL, UC-SHIP"
    unfold(at, "runners-up", False)  # folded again: its boxes are not drawn
    assert len(at.checkbox) == 2
    at.checkbox[1].uncheck().run()  # untick a pick: the folded runner-up keeps its tick
    assert not at.exception
    assert _chosen(at) == "Chosen: UC-REC, UC-SHIP"
    assert at.query_params["pick"] == ["UC-REC", "UC-SHIP"]
