"""`deals import` and `influence` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from lib.commands import main
from lib.core.models import Deal
from tests.builders import library, uc
from tests.deal_builders import deal, deals, used
from tests.deal_exports import csv_bytes, sf_deal


def count(engine: Engine) -> int:
    with Session(engine) as s:
        return int(s.scalar(select(func.count(Deal.id))) or 0)


def test_deals_import_dry_run_then_import_then_again(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "opportunities.csv"
    path.write_bytes(csv_bytes([sf_deal("006A"), sf_deal("006B", stage="Closed Lost")]))
    assert main(["deals", "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Dry run: nothing was written" in out and "2 added" in out
    assert count(engine) == 0
    assert main(["deals", "import", str(path)]) == 0
    assert "imported: 2 added, 0 changed, 0 unchanged" in capsys.readouterr().out
    assert main(["deals", "import", str(path)]) == 0
    assert "0 added, 0 changed, 2 unchanged" in capsys.readouterr().out
    assert count(engine) == 2


def test_deals_import_reports_every_problem_and_exits_1(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "opps.csv"
    path.write_bytes(
        csv_bytes([sf_deal("006A", amount="lots"), sf_deal("006B", Close_Date="04/05/2026")])
    )
    assert main(["deals", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "opps.csv, row 2, column Amount: 'lots' is not an amount" in err
    assert "opps.csv, row 3, column Close Date: '04/05/2026' could be day-first" in err
    assert "error: opps.csv: 2 problems; nothing was imported" in err
    assert "Traceback" not in err
    assert count(engine) == 0
    assert main(["deals", "import", str(path), "--date-format", "MDY"]) == 1  # amount still bad


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--map", "Colour=Phase"], "'Colour' is not a deal field"),
        (["--date-format", "soon"], "use DMY"),
    ],
)
def test_deals_import_bad_options(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str],
    message: str,
) -> None:  # fmt: skip
    path = tmp_path / "opps.csv"
    path.write_bytes(csv_bytes([sf_deal("006A")]))
    assert main(["deals", "import", str(path), *extra]) == 1
    assert message in capsys.readouterr().err


def test_deals_import_missing_file(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deals", "import", "nowhere.csv"]) == 1
    assert "nowhere.csv: no such file" in capsys.readouterr().err


def test_influence_json_and_text(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    library(engine, use_cases=[uc("UC-1", "Find records fast", industries=["Healthcare"],
                                  company_sizes=["Mid-market"], personas=["CIO"])])  # fmt: skip
    rows = [deal(f"D{i}", "won") for i in range(5)] + [deal("L1", "lost"), deal("O1", "open")]
    deals(engine, rows, [used(d["id"], "UC-1") for d in rows[:4]] + [used("L1", "UC-1")])
    assert main(["influence", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    (first,) = found["use_cases"]
    assert (first["id"], first["won"], first["lost"]) == ("UC-1", 4, 1)
    assert first["win_rate_where_used"]["enough"] and first["win_rate_where_used"]["rate"] == 0.8
    assert not first["win_rate_comparable_not_used"]["enough"]  # 1 comparable closed deal
    assert found["deals"] == {"won": 5, "lost": 1, "open": 1}
    # The library's one Healthcare x CIO cell has no shareable proof: D0-D4 could fill it.
    assert {a["account"] for a in found["whom_to_ask"]} == {f"Account D{i}" for i in range(5)}
    assert main(["influence"]) == 0
    text = capsys.readouterr().out
    assert "used in 5 deals: 4 that were won, 1 that was lost, 0 still open" in text
    assert "win rate where used: 80%" in text
    assert main(["influence", "--min-sample", "0"]) == 1


def test_influence_without_deals(engine: Engine, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["influence"]) == 0
    assert "No deals yet" in capsys.readouterr().out
