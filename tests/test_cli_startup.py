"""`python -m lib` starts without loading what only some commands need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from lib.commands import build_parser, commands

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("pandas", "fpdf", "docx", "xlsxwriter", "python_calamine", "sqlalchemy", "plotly")


def _modules_after(*argv: str) -> set[str]:
    code = (
        "import sys\n"
        "from lib.commands import main\n"
        "try:\n"
        f"    main({list(argv)!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(done.stdout.split())


def test_help_imports_no_command_dependencies() -> None:
    loaded = _modules_after("--help")
    assert not {m for m in loaded if m.split(".")[0] in HEAVY}
    assert not {m for m in loaded if m.startswith("lib.commands.")}


def test_a_command_loads_only_itself() -> None:
    loaded = _modules_after("template", "--help")
    assert "lib.commands.template" in loaded
    assert "lib.commands.pack" not in loaded and "fpdf" not in loaded


def test_the_listing_read_from_source_matches_the_modules() -> None:
    listed = commands()
    assert {c.module for c in listed} == {
        p.stem for p in (ROOT / "lib" / "commands").glob("*.py") if not p.name.startswith("_")
    }
    for command in listed:
        module = command.load()
        assert (command.name, command.help) == (module.NAME, module.HELP)


@pytest.mark.parametrize("name", [c.name for c in commands()])
def test_every_command_still_parses_its_arguments(name: str) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_:
        parser.parse_args([name, "--help"])
    assert exit_.value.code == 0


def test_the_entry_point_runs_the_command_with_the_collector_on() -> None:
    """`python -m lib` keeps the collector off only while it loads: the command itself runs
    with it on (a bulk build relies on it), and its output and exit status come through."""
    code = (
        "import gc, runpy, sys\n"
        "import lib.commands.template as template\n"
        "def run(args):\n"
        "    print('collector', gc.isenabled(), 'frozen', gc.get_freeze_count() > 0)\n"
        "    return 3\n"
        "template.run = run\n"
        "sys.argv = ['lib', 'template', 'out.xlsx']\n"
        "runpy.run_module('lib', run_name='__main__')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 3, done.stderr
    assert done.stdout.strip() == "collector True frozen True"
