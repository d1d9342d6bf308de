"""`python -m lib link`: the Call prep link for a deal, for scripts and CRM workflows."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import Engine

from lib.commands import main
from tests.builders import library, uc


def test_link_prints_the_encoded_call_prep_url(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["link", "--base-url", "https://casebook.example.com", "--opp", "006Dn00000XYZ",
         "--company", "Smith & Jones", "--industry", "Healthcare", "--employees", "420",
         "--title", "VP, Revenue Operations", "--title", "Chief Information Officer",
         "--pains", "records lookup; 50% of faxes lost"]
    )  # fmt: skip
    out = capsys.readouterr().out.strip()
    assert code == 0
    parts = urlsplit(out)
    assert (parts.netloc, parts.path) == ("casebook.example.com", "/call-prep")
    assert " " not in out
    assert parse_qs(parts.query) == {
        "opp": ["006Dn00000XYZ"],
        "company": ["Smith & Jones"],
        "industry": ["Healthcare"],
        "employees": ["420"],
        "title": ["VP, Revenue Operations", "Chief Information Officer"],
        "pains": ["records lookup; 50% of faxes lost"],
    }


def test_the_base_url_may_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("CASEBOOK_BASE_URL", "http://localhost:8501")
    assert main(["link", "--opp", "42"]) == 0
    assert capsys.readouterr().out.strip() == "http://localhost:8501/call-prep?opp=42"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--opp", "1"], "give --base-url"),
        (["--base-url", "casebook.example.com"], "--base-url: the base URL must start with http"),
        (["--base-url", "https://x.example", "--employees", "many"], "--employees must be a whole"),
    ],
)
def test_bad_input_is_one_plain_message(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.delenv("CASEBOOK_BASE_URL", raising=False)
    assert main(["link", *argv]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and message in captured.err


def test_check_names_what_the_library_would_not_understand(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    library(
        engine,
        use_cases=[uc("UC-1", industries=["Healthcare"], personas=["CIO"])],
        segments=[{"id": "SMB", "kind": "company_size", "min_employees": 0, "max_employees": 99}],
    )
    argv = ["link", "--base-url", "https://x.example", "--employees", "420", "--check",
            "--title", "CIO", "--title", "Chief Happiness Officer",
            "--industry", "Healthcare"]  # fmt: skip
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "No company size covers 420 employees. Nearest: SMB." in err
    assert "No persona matches the title 'Chief Happiness Officer'" in err
    assert "'CIO'" not in err and "industry" not in err
