"""The command line: init, import (--dry-run, --replace), export, template."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib import workbook
from lib.commands import main
from lib.core.models import ChangeRecord
from tests.builders import library, outcome, uc
from tests.workbook_support import BAD_FILES, EVERY_TABLE, dump, xlsx

ROOT = Path(__file__).resolve().parent.parent


def use_cases_file(path: Path, *rows: list[str]) -> Path:
    path.write_bytes(xlsx({"Use cases": [["id", "title", "status"], *rows]}))
    return path


@pytest.mark.parametrize("command", ["init", "import", "export", "template"])
def test_every_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([command, "--help"])
    assert exited.value.code == 0
    assert "usage: python -m lib " + command in capsys.readouterr().out


def test_import_prints_counts_per_sheet(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library(engine, use_cases=[uc("UC-1", title="Check out")])
    path = use_cases_file(
        tmp_path / "lib.xlsx", ["UC-1", "Check out", "approved"], ["UC-2", "Refund", "draft"]
    )
    assert main(["import", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Use cases: 1 added, 0 changed, 1 unchanged" in out

    assert main(["import", str(path)]) == 0  # idempotent
    assert "Use cases: 0 added, 0 changed, 2 unchanged" in capsys.readouterr().out
    with Session(engine) as s:
        history = s.scalars(select(ChangeRecord.entity_id)).all()
    assert history == ["UC-2"]


def test_import_with_problems_exits_1_listing_each_on_stderr(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = use_cases_file(tmp_path / "bad.xlsx", ["UC-1", "", "approved"], ["UC-2", "X", "maybe"])
    before = dump(engine, EVERY_TABLE)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx, sheet Use cases, row 2, column title: is missing" in err
    assert "bad.xlsx, sheet Use cases, row 3, column status: 'maybe' is not one of" in err
    assert "2 problems in bad.xlsx; nothing was imported." in err
    assert "Traceback" not in err
    assert dump(engine, EVERY_TABLE) == before


def test_dry_run_writes_nothing(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library(engine, use_cases=[uc("UC-1", title="Check out"), uc("UC-3")])
    path = use_cases_file(
        tmp_path / "lib.xlsx", ["UC-1", "Check out faster", "approved"], ["UC-2", "New", "draft"]
    )
    before = dump(engine, EVERY_TABLE)
    assert main(["import", str(path), "--dry-run", "--replace"]) == 0
    out = capsys.readouterr().out
    assert "nothing was written" in out
    assert "Use cases: 1 added, 1 changed, 0 unchanged, 1 removed" in out
    assert "change UC-1: title" in out
    assert "remove: UC-3" in out
    assert dump(engine, EVERY_TABLE) == before


def test_replace_removes_records_missing_from_the_file(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", title="Keep"), uc("UC-2", personas=["CIO"])],
        outcomes=[outcome("O-2", "UC-2")],
    )
    path = use_cases_file(tmp_path / "lib.xlsx", ["UC-1", "Keep", "approved"])
    assert main(["import", str(path)]) == 0
    assert len(dump(engine)["use_case"]) == 2  # kept without --replace
    assert main(["import", str(path), "--replace"]) == 0
    out = capsys.readouterr().out
    assert "Use cases: 0 added, 0 changed, 1 unchanged, 1 removed" in out
    assert "Outcomes: 0 added, 0 changed, 0 unchanged, 1 removed" in out
    tables = dump(engine)
    assert [dict(r)["id"] for r in tables["use_case"]] == ["UC-1"]
    assert tables["outcome"] == [] and tables["use_case_persona"] == []
    with Session(engine) as s:
        removed = s.scalars(
            select(ChangeRecord.summary).where(ChangeRecord.entity_id == "UC-2")
        ).all()
    assert removed == ["removed: not in lib.xlsx"]


def test_bad_file_exits_1_with_a_plain_message(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    assert main(["import", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: old.xls is a legacy Excel")
    assert main(["import", str(tmp_path / "missing.xlsx")]) == 1
    assert "missing.xlsx: no such file" in capsys.readouterr().err


@pytest.mark.parametrize(("name", "data", "message"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_every_bad_file_gets_its_message_on_stderr_and_writes_nothing(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    data: bytes,
    message: str,
) -> None:
    library(engine, use_cases=[uc("UC-1")])
    before = dump(engine, EVERY_TABLE)
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["import", str(path), "--replace"]) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: {name}")
    assert message in captured.err and "Traceback" not in captured.err
    assert captured.out == ""
    assert dump(engine, EVERY_TABLE) == before


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("nonsense", "DATABASE_URL is not a database URL"),
        ("nosuchdb://host/library", "a database type Casebook cannot use ('nosuchdb')"),
        ("mysql+nosuchdriver://u:secret@host/library", "cannot use ('mysql+nosuchdriver')"),
    ],
)
@pytest.mark.parametrize("command", ["init", "export"])
def test_a_bad_database_url_is_a_plain_error(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    url: str,
    message: str,
) -> None:
    monkeypatch.setenv("DATABASE_URL", url)
    argv = [command] if command == "init" else [command, str(tmp_path / "out.xlsx")]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err
    assert "secret" not in err


def test_a_database_that_cannot_be_opened_is_a_plain_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "not-a-folder"
    folder.write_text("a file where the database folder should be")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{folder / 'library.db'}")
    assert main(["export", str(tmp_path / "out.xlsx")]) == 1
    assert "error: the database folder for SQLite · library.db" in capsys.readouterr().err


def test_export_and_template_write_workbooks(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    library(engine, use_cases=[uc("UC-1")])
    assert main(["export", str(tmp_path / "out.xlsx")]) == 0
    assert "Exported 1 use case, 0 outcomes, 0 personas and 0 questions" in capsys.readouterr().out
    assert main(["template", str(tmp_path / "blank.xlsx")]) == 0
    assert (tmp_path / "blank.xlsx").read_bytes().startswith(b"PK")
    assert main(["export", str(tmp_path / "out.txt")]) == 1
    assert "must end in .xlsx" in capsys.readouterr().err


def test_export_checks_where_it_writes_before_building_the_workbook(
    engine: Engine,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from lib.commands import export

    def never(_engine: Engine) -> bytes:
        raise AssertionError("the workbook was built for a destination that cannot take it")

    monkeypatch.setattr(export, "export_workbook", never)
    assert main(["export", str(tmp_path / "no-such-folder" / "out.xlsx")]) == 1
    assert "no-such-folder is not a folder" in capsys.readouterr().err
    assert main(["export", str(tmp_path / "out.xls")]) == 1
    assert "must end in .xlsx" in capsys.readouterr().err


def test_init_loads_the_sample_into_an_empty_library_only(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    sample = use_cases_file(tmp_path / "sample.xlsx", ["UC-S", "Sample journey", "approved"])
    monkeypatch.setattr(workbook, "SAMPLE_LIBRARY", sample)
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "Created the database" in out
    assert "Loaded the sample library from sample.xlsx: 1 use case, 0 outcomes" in out
    assert main(["init"]) == 0
    out = capsys.readouterr().out
    assert "is up to date" in out and "the sample was not loaded" in out


def test_init_without_a_sample_says_what_to_do(
    db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(workbook, "SAMPLE_LIBRARY", tmp_path / "none.xlsx")
    assert main(["init"]) == 0
    assert "The library is empty" in capsys.readouterr().out


def test_python_dash_m_lib_import_exit_code(db_url: str, tmp_path: Path) -> None:
    path = use_cases_file(tmp_path / "bad.xlsx", ["UC-1", "Title", "nope"])
    done = subprocess.run(
        [sys.executable, "-m", "lib", "import", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "row 2, column status: 'nope'" in done.stderr
    assert "Traceback" not in done.stderr
