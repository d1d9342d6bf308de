"""The Influence page in AppTest: figures, the minimum sample in the link, whom to ask, the
win-signal switch, and who may open it."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from lib.deals.signal import ENV, win_signal_on
from tests.apptest import open_app
from tests.builders import library, uc
from tests.deal_builders import deal, deals, used


def table(at, column: str):  # type: ignore[no-untyped-def]
    """The first table drawn with this column."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def sales(engine: Engine) -> Engine:
    """UC-1 in 4 won and 2 lost Healthcare deals; one more won deal nobody prepared for."""
    library(engine, use_cases=[uc("UC-1", "Find records fast", industries=["Healthcare"],
                                  company_sizes=["Mid-market"], personas=["CIO"])])  # fmt: skip
    rows = [deal(f"W{i}", "won") for i in range(5)] + [deal(f"L{i}", "lost") for i in range(2)]
    rows.append(deal("X1", "won", "Aerospace"))
    events = [used(f"W{i}", "UC-1") for i in range(4)] + [used(f"L{i}", "UC-1") for i in range(2)]
    return deals(engine, rows, events)


def test_page_shows_what_wins(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    sales(engine)
    at = open_app("influence")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Deals"], metrics["Won"], metrics["Lost"], metrics["With a pack"]) == (
        "8", "6", "2", "6",
    )  # fmt: skip
    uses = table(at, "Use case")
    assert list(uses["Use case"]) == ["UC-1"]
    assert uses.iloc[0]["Win rate where used (95% interval)"].startswith("67% (")
    # 1 comparable closed deal (W4) is below the minimum sample of 5
    assert uses.iloc[0]["Comparable deals where not used"].startswith("not enough closed deals")
    assert any("Aerospace" in w.value for w in at.warning)
    asks = table(at, "Account")
    assert set(asks["Account"]) == {f"Account W{i}" for i in range(5)}
    assert any("do not show that it made the difference" in c.value for c in at.caption)


def test_minimum_sample_comes_from_the_link(engine: Engine) -> None:
    sales(engine)
    at = open_app("influence", min_sample="1")
    assert at.number_input(key="min_sample").value == 1
    uses = table(at, "Use case")
    assert uses.iloc[0]["Comparable deals where not used"].startswith("100% (")


def test_switching_the_win_signal_off(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ENV, raising=False)
    sales(engine)
    at = open_app("influence")
    assert at.toggle(key="win_signal").value is True
    at.toggle(key="win_signal").set_value(False).run()
    assert not at.exception
    assert not win_signal_on(engine)


def test_without_deals_the_page_says_how_to_import(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-1")])
    at = open_app("influence")
    assert not at.exception
    assert any("python -m lib deals import FILE" in i.value for i in at.info)


def test_influence_is_for_marketing_and_admins() -> None:
    from lib.core import ui
    from lib.core.access import Actor

    assert "influence" not in ui.pages_for(Actor("Rey", "rey@acme.com", "rep", True))
    assert "influence" in ui.pages_for(Actor("Mo", "mo@acme.com", "marketing", True))
    assert "influence" in ui.pages_for(Actor("Ana", "ana@acme.com", "admin", True))


def test_the_background_build_prepares_the_influence_figures(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    from lib.core import db, ui
    from lib.deals import report

    sales(engine)
    st.cache_resource.clear()
    open_app("home")  # the frame starts the background build; Home needs no deals
    assert ui.warmer_for(db.database_url()).wait_for(db.revision(engine), 180)  # a busy machine

    def built_again(*_: object) -> None:
        raise AssertionError("the Influence figures were built on the view, not in the background")

    monkeypatch.setattr(report, "build", built_again)
    assert report.influence_report(engine).deals["won"] == 6
