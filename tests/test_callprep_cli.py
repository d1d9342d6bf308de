from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl
import pypdf
import pytest
from docx import Document
from sqlalchemy import Engine

from lib.commands import main
from lib.core.usage import usage_events
from tests.callprep_data import HIDDEN, SECRET, rep_library


def test_recommend_json_lists_the_picks_with_reasons(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    rep_library(engine)
    code = main(["recommend", "--industry", "Healthcare", "--size", "Mid-market",
                 "--persona", "CIO", "--persona", "COO", "--pains", "records lookup time",
                 "--json"])  # fmt: skip
    assert code == 0
    picks = json.loads(capsys.readouterr().out)
    assert picks[0]["id"] == "UC-REC"
    assert len(picks) == 3
    for p in picks:
        assert {"id", "title", "score", "reasons"} <= set(p)
        assert isinstance(p["score"], float) and p["reasons"]
    assert "matches 'records lookup time' in your notes" in picks[0]["reasons"]


def test_recommend_text_and_an_unknown_industry(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    rep_library(engine)
    assert main(["recommend", "--industry", "Helthcare", "--top", "1"]) == 0
    out = capsys.readouterr().out
    assert "Ranked as Healthcare: the library has no industry 'Helthcare'." in out
    assert out.count("score") == 1
    assert main(["recommend", "--top", "0"]) == 1
    assert "--top" in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["pdf", "docx", "md", "xlsx", "questions-pdf"])
def test_pack_writes_every_format(
    engine: Engine,
    tmp_path: Path,
    fmt: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rep_library(engine)
    monkeypatch.setenv("CASEBOOK_USER", "rey@acme.com")
    out = tmp_path / f"pack.{fmt}"
    code = main(["pack", "--use-case", "UC-REC", "--use-case", "UC-BILL", "--prospect", "Acme",
                 "--industry", "Healthcare", "--size", "Mid-market", "--persona", "CIO",
                 "--format", fmt, "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    data = out.read_bytes()
    if fmt in ("pdf", "questions-pdf"):
        reader = pypdf.PdfReader(io.BytesIO(data))
        text = reader.pages[0].extract_text()
        assert "Acme" in text
        if fmt == "pdf":
            assert len(reader.pages) == 1
    elif fmt == "docx":
        text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
        assert "Find a patient's records in seconds" in text
    elif fmt == "xlsx":
        ws = openpyxl.load_workbook(io.BytesIO(data)).active
        text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row)
        assert "How long does a records lookup take today?" in text
    else:
        text = data.decode()
        assert text.startswith("# Call prep: Acme")
    assert SECRET not in text and HIDDEN not in text
    assert [(e.format, e.who) for e in usage_events(engine)] == [(fmt, "rey@acme.com")]


def test_pack_explains_bad_input(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep_library(engine)
    out = tmp_path / "pack.pdf"
    code = main(["pack", "--use-case", "UC-DRAFT", "--prospect", "Acme", "--format", "pdf",
                 "-o", str(out)])  # fmt: skip
    assert code == 1
    assert "UC-DRAFT" in capsys.readouterr().err
    assert not out.exists()
    assert main(["pack", "--use-case", "UC-REC", "--prospect", "Acme", "--format", "pdf",
                 "--date", "tomorrow", "-o", str(out)]) == 1  # fmt: skip
    assert "--date" in capsys.readouterr().err
    assert main(["pack", "--use-case", "UC-REC", "--prospect", "Acme", "--format", "pdf",
                 "-o", str(tmp_path)]) == 1  # fmt: skip
    assert "-o must name a file" in capsys.readouterr().err
    assert usage_events(engine) == []  # nothing written, nothing logged


def test_pack_names_a_mistyped_segment_and_persona(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rep_library(engine)
    out = tmp_path / "pack.md"
    args = ["pack", "--use-case", "UC-REC", "--prospect", "Acme", "--industry", "Helthcare",
            "--persona", "CIO", "--persona", "CTO", "--format", "md", "-o", str(out)]  # fmt: skip
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "Ranked as Healthcare: the library has no industry 'Helthcare'." in err
    assert "persona 'CTO'" in err and "CIO" in err
    text = out.read_text()
    assert text.startswith("# Call prep: Acme")
    # The prospect reads the library's names only: never the misspelling, never 'CTO'.
    assert "**Industry:** Healthcare" in text
    assert "Helthcare" not in text and "CTO" not in text
