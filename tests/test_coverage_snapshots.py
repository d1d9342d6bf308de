"""Coverage over time: at most one snapshot a day, written by lib, never on every page rerun."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.core.models import CoverageSnapshot
from lib.coverage import model as coverage_data
from lib.coverage import snapshots
from lib.coverage.report import coverage_report
from lib.coverage.snapshots import record_daily_snapshot, snapshot_history
from tests.apptest import open_app
from tests.builders import library, uc
from tests.coverage_library import TODAY, holey_library

TOMORROW = TODAY + dt.timedelta(days=1)


def _count(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(CoverageSnapshot)) or 0


def test_the_first_computation_of_a_day_is_kept_and_later_ones_write_nothing(
    engine: Engine,
) -> None:
    holey_library(engine)
    data = coverage_data.load(engine)
    first = coverage_report(data, TODAY)
    assert record_daily_snapshot(engine, data, first) is True
    library(engine, use_cases=[uc("UC-9", industries=["Retail"], personas=["CIO"])])
    data = coverage_data.load(engine)
    assert record_daily_snapshot(engine, data, coverage_report(data, TODAY)) is False
    assert record_daily_snapshot(engine, data, coverage_report(data, TOMORROW)) is True
    history = snapshot_history(engine)
    assert list(history.index) == [TODAY, TOMORROW]
    assert history.loc[TODAY, "approved_use_cases"] == first.headline.approved_use_cases == 3
    assert history.loc[TOMORROW, "approved_use_cases"] == 4


def test_a_report_with_other_settings_records_the_standard_headline(engine: Engine) -> None:
    holey_library(engine)
    data = coverage_data.load(engine)
    odd = coverage_report(data, TODAY, "Enterprise", stale_days=1, expiring_days=365)
    assert not odd.standard and coverage_report(data, TODAY).standard
    assert record_daily_snapshot(engine, data, odd) is True
    standard = coverage_report(data, TODAY).headline
    assert snapshot_history(engine).loc[TODAY].to_dict() == pytest.approx(standard.as_dict())


def test_a_day_recorded_elsewhere_meanwhile_is_not_written_twice(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    holey_library(engine)
    data = coverage_data.load(engine)
    report = coverage_report(data, TODAY)
    record_daily_snapshot(engine, data, report)
    monkeypatch.setattr(snapshots, "has_snapshot", lambda _engine, _day: False)
    assert record_daily_snapshot(engine, data, report) is False
    assert _count(engine) == 1


def test_viewing_the_page_again_the_same_day_writes_no_snapshot(engine: Engine) -> None:
    holey_library(engine)
    at = open_app("coverage")
    assert not at.exception and _count(engine) == 1
    kept = snapshot_history(engine).loc[dt.date.today()].to_dict()
    library(engine, use_cases=[uc("UC-9", industries=["Retail"], personas=["CIO"])])
    at.run()
    assert not at.exception
    assert any(m.label == "Approved use cases" and m.value == "4" for m in at.metric)
    assert snapshot_history(engine).loc[dt.date.today()].to_dict() == kept
    assert _count(engine) == 1
