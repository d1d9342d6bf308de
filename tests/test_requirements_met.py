"""tests/run.sh skips `pip install` only when every requirement is already met."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from tests.requirements_met import main, unmet_in

PYTEST = metadata.version("pytest")


def _file(folder: Path, name: str, *lines: str) -> Path:
    path = folder / name
    path.write_text("\n".join(lines) + "\n")
    return path


def test_installed_requirements_and_their_includes_are_met(tmp_path: Path) -> None:
    _file(tmp_path, "base.txt", "# the app", "pytest>=1.0  # a comment", "")
    dev = _file(tmp_path, "dev.txt", "-r base.txt", f"pytest=={PYTEST}")
    assert unmet_in(dev) == []
    assert main([str(dev)]) == 0


@pytest.mark.parametrize(
    ("line", "named"),
    [
        ("casebook-no-such-package>=1", "casebook-no-such-package>=1 (not installed)"),
        ("pytest>=999", f"pytest>=999 (installed: {PYTEST})"),
        ("--index-url https://example.org/simple", "left to pip"),
    ],
)
def test_a_missing_too_old_or_unknown_line_sends_the_run_to_pip(
    tmp_path: Path, line: str, named: str
) -> None:
    _file(tmp_path, "base.txt", line)
    dev = _file(tmp_path, "dev.txt", "pytest>=1.0", "-r base.txt")
    found = unmet_in(dev)
    assert len(found) == 1 and named in found[0]
    assert main([str(dev)]) == 1


def test_an_extra_needs_the_packages_it_names(tmp_path: Path) -> None:
    """streamlit[auth] is met here (requirements.txt asks for it); its snowflake extra is not."""
    assert unmet_in(_file(tmp_path, "auth.txt", "streamlit[auth]>=1.0")) == []
    found = unmet_in(_file(tmp_path, "snowflake.txt", "streamlit[snowflake]"))
    assert any(item.startswith("snowflake-connector-python") for item in found), found


def test_a_requirement_for_another_platform_is_met(tmp_path: Path) -> None:
    path = _file(tmp_path, "other.txt", 'casebook-no-such-package; sys_platform == "plan9"')
    assert unmet_in(path) == []
