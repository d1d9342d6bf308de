"""`python -m lib doctor` and `access`: plain answers about sign-in, the database and the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from lib.commands import main
from lib.core import access
from tests.signin_support import auth_secrets, discovery_server


def _write_secrets(path: Path, auth: dict[str, object]) -> Path:
    lines = ["[auth]", *(f'{k} = "{v}"' for k, v in auth.items())]
    path.write_text("\n".join(lines) + "\n")
    return path


def test_local_mode_with_a_working_database_is_all_good(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["doctor", "--secrets", str(tmp_path / "none.toml")]) == 0
    out = capsys.readouterr().out
    assert "local mode" in out and "All good." in out


def test_a_configured_team_with_an_admin_and_a_reachable_provider_is_all_good(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    access.grant(engine, None, "ana@acme.com", "admin")
    with discovery_server() as url:
        secrets = _write_secrets(tmp_path / "secrets.toml", auth_secrets(url))
        assert main(["doctor", "--secrets", str(secrets)]) == 0
    assert "team mode" in capsys.readouterr().out


def test_every_problem_is_named_and_the_exit_status_is_1(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secrets = _write_secrets(
        tmp_path / "secrets.toml",
        auth_secrets("http://127.0.0.1:9/.well-known/openid-configuration", cookie_secret=None),
    )
    assert main(["doctor", "--secrets", str(secrets)]) == 1
    out = capsys.readouterr().out
    assert "no cookie_secret" in out
    assert "nobody is an admin" in out


def test_an_unreachable_provider_is_named(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    access.grant(engine, None, "ana@acme.com", "admin")
    secrets = _write_secrets(
        tmp_path / "secrets.toml",
        auth_secrets("http://127.0.0.1:9/.well-known/openid-configuration"),
    )
    assert main(["doctor", "--secrets", str(secrets)]) == 1
    assert "cannot be reached" in capsys.readouterr().out


def test_a_broken_secrets_file_is_a_message_not_a_traceback(
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "secrets.toml"
    broken.write_text("[auth\nredirect_uri = ")
    assert main(["doctor", "--secrets", str(broken)]) == 1
    assert "cannot be read as TOML" in capsys.readouterr().out


def test_access_commands_grant_list_and_refuse_the_last_admin(
    engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["access", "grant", "ana@acme.com", "admin"]) == 0
    assert main(["access", "--as", "ana@acme.com", "grant", "@acme.com", "rep"]) == 0
    assert main(["access", "list"]) == 0
    out = capsys.readouterr().out
    assert "ana@acme.com" in out and "@acme.com" in out and "rep" in out
    assert main(["access", "--as", "ana@acme.com", "revoke", "ana@acme.com"]) == 1
    assert "last admin" in capsys.readouterr().err
    assert main(["access", "--as", "bo@acme.com", "grant", "bo@acme.com", "admin"]) == 1
    assert access.role_for(engine, "bo@acme.com") == "rep"


def test_in_team_mode_the_import_command_acts_as_a_listed_person(
    engine: Engine,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import lib.commands.import_workbook as import_command

    monkeypatch.setattr(import_command, "team_mode", lambda: True)
    access.grant(engine, None, "ana@acme.com", "admin")
    access.grant(engine, access.local_actor(), "rey@acme.com", "rep")
    sheet = tmp_path / "use_cases.csv"
    sheet.write_text("id,title,status\nUC-1,Check out,draft\n")
    assert main(["import", str(sheet)]) == 1
    assert "--as EMAIL" in capsys.readouterr().err
    assert main(["import", str(sheet), "--as", "rey@acme.com"]) == 1
    assert "marketing role" in capsys.readouterr().err
    assert main(["import", str(sheet), "--as", "ana@acme.com"]) == 0
    assert "Imported use_cases.csv" in capsys.readouterr().out
