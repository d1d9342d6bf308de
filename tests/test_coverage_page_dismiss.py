"""The Coverage page: applicable cells, dismissing and restoring a gap, the renewal queue, the
size caveat and the over-time axis."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
from sqlalchemy import Engine

from lib.coverage.charts import NOT_APPLICABLE_TEXT, history_figure
from lib.coverage.dismissals import load_dismissals
from tests.apptest import open_app, plain
from tests.builders import library, outcome, question, uc


def clinic_library(engine: Engine) -> Engine:
    expired = dt.date.today() - dt.timedelta(days=20)
    return library(
        engine,
        segments=[{"id": "Healthcare", "priority": 5}, {"id": "Retail", "priority": 5}],
        personas=[{"id": "CMIO", "industries": ["Healthcare"]}, {"id": "CIO"}],
        use_cases=[
            uc(
                "UC-1",
                industries=["Healthcare"],
                personas=["CMIO", "CIO"],
                company_sizes=["SMB"],
                owner="Ana Owner",
            )
        ],
        outcomes=[
            outcome("O-1", "UC-1", industry="Healthcare"),
            outcome("O-2", "UC-1", customer="Lapsed Clinic", permission_expires=expired),
        ],
        questions=[question("Q-1", "What hurts?")],
    )


def gap_cells(at) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    table = next(df.value for df in at.dataframe if "Shortfall" in df.value)
    return set(zip(table["Industry"], table["Persona"], strict=True))


def test_a_cell_that_cannot_exist_is_grey_not_a_gap(engine: Engine) -> None:
    clinic_library(engine)
    at = open_app("coverage")
    assert not at.exception
    traces = json.loads(at.get("plotly_chart")[0].proto.spec)["data"]
    na = traces[1]
    assert list(zip(na["y"], na["x"], strict=True)) == [("Retail", "CMIO")]
    assert set(na["text"]) == {NOT_APPLICABLE_TEXT}
    layout = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert layout["showlegend"] is False  # no "trace 0" legend over the colour bar
    assert ("Retail", "CMIO") not in gap_cells(at)
    assert ("Retail", "CIO") in gap_cells(at)
    help_text = next(m.help for m in at.metric if m.label == "Cells covered")
    assert "of 3 applicable cells" in help_text
    at = open_app("coverage", industry="Retail", persona="CMIO")
    assert any("CMIO does not apply to Retail" in i.value for i in at.info)


def test_dismiss_a_gap_with_a_reason_then_undo_it(engine: Engine) -> None:
    clinic_library(engine)
    at = open_app("coverage")
    at.session_state["user_name"] = "Dana"
    at.selectbox(key="dismiss_cell").select(("Retail", "CIO"))
    at.text_input(key="dismiss_reason").input("No retail sales team this year")
    next(b for b in at.button if b.label == "Dismiss the gap").click().run()
    assert not at.exception
    assert any("Dismissed the gap Retail × CIO" in s.value for s in at.success)
    assert ("Retail", "CIO") not in gap_cells(at)
    shown = next(df.value for df in at.dataframe if "Dismissed by" in df.value)
    assert list(shown["Reason"]) == ["No retail sales team this year"]
    assert list(shown["Dismissed by"]) == ["Dana"]
    assert "1 more dismissed" in next(m.help for m in at.metric if m.label == "Gaps")

    at.selectbox(key="restore_cell").select(("Retail", "CIO")).run()
    next(b for b in at.button if b.label == "Undo the dismissal").click().run()
    assert not at.exception
    assert ("Retail", "CIO") in gap_cells(at)
    assert load_dismissals(engine) == []
    assert not any("Dismissed by" in df.value for df in at.dataframe)


def test_a_dismissal_without_a_reason_is_refused_on_the_page(engine: Engine) -> None:
    clinic_library(engine)
    at = open_app("coverage")
    at.selectbox(key="dismiss_cell").select(("Retail", "CIO"))
    next(b for b in at.button if b.label == "Dismiss the gap").click().run()
    assert not at.exception
    assert any("the reason is empty" in e.value for e in at.error)
    assert load_dismissals(engine) == []


def test_expired_permissions_wait_in_a_renewal_queue_with_their_owner(engine: Engine) -> None:
    clinic_library(engine)
    at = open_app("coverage")
    queue = next(df.value for df in at.dataframe if "Expired permissions" in df.value)
    assert list(queue["Owner"]) == ["Ana Owner"]
    assert list(queue["Customers"]) == ["Lapsed Clinic"]
    detail = next(df.value for df in at.dataframe if "Days ago" in df.value)
    assert list(detail["Outcome"]) == ["O-2"] and list(detail["Days ago"]) == [20]


def test_the_size_caveat_is_the_one_the_cli_prints(engine: Engine, capsys) -> None:  # type: ignore[no-untyped-def]
    from lib.commands import main

    clinic_library(engine)
    at = open_app("coverage", size="SMB")
    caveat = next(plain(c.value) for c in at.caption if "for all company sizes" in plain(c.value))
    assert main(["coverage", "--size", "smb"]) == 0
    printed = capsys.readouterr().out
    assert caveat in printed
    assert "matrix and gaps below are for SMB only" in caveat


def test_the_over_time_axis_counts_days_not_hours() -> None:
    for days in (1, 3, 40):
        start = dt.date(2026, 11, 1)
        history = pd.DataFrame(
            {"coverage_pct": [50.0] * days},
            index=pd.Index([start + dt.timedelta(days=n) for n in range(days)], name="day"),
        )
        axis = history_figure(history).layout.xaxis
        assert axis.type == "date" and "%H" not in axis.tickformat and "%d" in axis.tickformat
        if days <= 14:
            assert axis.dtick == 24 * 60 * 60 * 1000  # one tick a day
        if days == 1:
            assert axis.range == ("2026-10-31", "2026-11-02")
