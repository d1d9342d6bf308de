"""The recommender's win signal: bounded, explained, only above the minimum sample, and off
with a setting or an environment variable."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.callprep.candidates import load_candidates
from lib.callprep.prospect import Prospect
from lib.callprep.recommend import WIN_WEIGHT, recommend
from lib.core.access import Actor, NotAllowed, local_actor
from lib.deals.signal import ENV, set_win_signal, win_signal_on, win_signals
from tests.builders import library, uc
from tests.deal_builders import deal, deals, used

PROSPECT = Prospect(industry="Healthcare", company_size="Mid-market", pains="records lookup")


@pytest.fixture
def won_deals(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Engine:
    """UC-2 was used in 6 of the 8 won Healthcare mid-market deals; UC-1 in none."""
    monkeypatch.delenv(ENV, raising=False)
    library(
        engine,
        use_cases=[
            uc(
                f"UC-{i}",
                f"Records lookup {i}",
                industries=["Healthcare"],
                company_sizes=["Mid-market"],
            )
            for i in (1, 2, 3)
        ],
    )
    rows = [deal(f"W{i}", "won") for i in range(8)] + [deal("L1", "lost")]
    return deals(engine, rows, [used(f"W{i}", "UC-2") for i in range(6)] + [used("L1", "UC-3")])


def test_the_signal_is_explained_and_bounded(won_deals: Engine) -> None:
    candidates = load_candidates(won_deals)
    wins = win_signals(won_deals)
    assert wins is not None
    plain = recommend(candidates, PROSPECT, top=3)
    signalled = recommend(candidates, PROSPECT, top=3, wins=wins)
    by_id = {p.id: p for p in signalled.ranked}
    assert "used in 6 of 8 won Healthcare Mid-market deals" in by_id["UC-2"].reasons
    assert by_id["UC-2"].parts.wins == 0.75 and by_id["UC-2"].parts.as_dict()["wins"] == 0.75
    assert by_id["UC-1"].parts.wins == 0.0
    assert not any("won" in r for r in by_id["UC-1"].reasons + by_id["UC-3"].reasons)
    before = {p.id: p.score for p in plain.ranked}
    for p in signalled.ranked:
        assert abs(p.score - before[p.id]) <= 100 * WIN_WEIGHT + 1e-9
        assert 0 <= p.score <= 100
    assert signalled.picks[0].id == "UC-2"
    assert "wins" not in plain.picks[0].parts.as_dict()


def test_without_a_size_the_industry_counts(won_deals: Engine) -> None:
    wins = win_signals(won_deals)
    assert wins is not None
    signal = wins.for_segment("Healthcare", "")
    assert signal is not None and signal.reason("UC-2") == "used in 6 of 8 won Healthcare deals"
    assert wins.for_segment("Finance", "Mid-market") is None


def test_below_the_minimum_sample_there_is_no_signal(won_deals: Engine) -> None:
    wins = win_signals(won_deals, min_sample=9)
    assert wins is not None and wins.for_segment("Healthcare", "Mid-market") is None
    candidates = load_candidates(won_deals)
    plain = recommend(candidates, PROSPECT)
    same = recommend(candidates, PROSPECT, wins=wins)
    assert [(p.id, p.score, p.reasons) for p in plain.ranked] == [
        (p.id, p.score, p.reasons) for p in same.ranked
    ]


def test_off_with_the_setting(won_deals: Engine) -> None:
    assert win_signal_on(won_deals)
    set_win_signal(won_deals, local_actor("Mo"), False)
    assert win_signals(won_deals) is None
    set_win_signal(won_deals, local_actor("Mo"), True)
    assert win_signals(won_deals) is not None


def test_the_environment_wins_over_the_setting(
    won_deals: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV, "off")
    assert win_signals(won_deals) is None
    message = set_win_signal(won_deals, local_actor("Mo"), True)
    assert f"{ENV}=off" in message and win_signals(won_deals) is None
    monkeypatch.setenv(ENV, "on")
    set_win_signal(won_deals, local_actor("Mo"), False)
    assert win_signal_on(won_deals)


def test_a_rep_cannot_switch_it(won_deals: Engine) -> None:
    rep = Actor(name="r", email="r@acme.com", role="rep", signed_in=True)
    with pytest.raises(NotAllowed):
        set_win_signal(won_deals, rep, False)
    assert win_signal_on(won_deals)


def test_recommend_command_shows_the_signal(
    won_deals: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from lib.commands import main

    assert main(["recommend", "--industry", "Healthcare", "--size", "Mid-market", "--json"]) == 0
    picks = json.loads(capsys.readouterr().out)
    assert "used in 6 of 8 won Healthcare Mid-market deals" in picks[0]["reasons"]
    assert picks[0]["parts"]["wins"] == 0.75


def test_call_prep_page_shows_the_signal_and_its_score_part(won_deals: Engine) -> None:
    from tests.apptest import open_app, plain, unfold

    at = open_app("call-prep", industry="Healthcare", size="Mid-market")
    assert not at.exception
    captions = [plain(c.value) for c in at.caption]
    assert any("used in 6 of 8 won Healthcare Mid-market deals" in c for c in captions)
    unfold(at, "score-parts")
    parts = next(d.value for d in at.dataframe if "segment_fit" in d.value.columns)
    assert "wins" in parts.columns


def test_call_prep_page_without_the_signal(
    won_deals: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.apptest import open_app, plain, unfold

    monkeypatch.setenv(ENV, "off")
    at = open_app("call-prep", industry="Healthcare", size="Mid-market")
    assert not at.exception
    assert not any("won Healthcare" in plain(c.value) for c in at.caption)
    unfold(at, "score-parts")
    parts = next(d.value for d in at.dataframe if "segment_fit" in d.value.columns)
    assert "wins" not in parts.columns
