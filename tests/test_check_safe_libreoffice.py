"""`check-safe` on files LibreOffice wrote (its own .docx, .pptx, .xlsx and PDF export), which
lay text out differently from python-docx and friends: other run splits, other properties.

LibreOffice comes with the tests (tests/run.sh installs it with apt); a machine without it skips
these tests with that reason, except in CI, where a missing LibreOffice must fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from lib.core import db
from lib.core.reads import read_library
from lib.outgoing import check_files
from tests.outgoing_files import TODAY, deck_file, ledger_library

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed here; tests/run.sh installs it with apt",
)


def _convert(source: Path, target: str, out: Path, profile: Path) -> Path:
    """`source` converted by LibreOffice to `target` (an extension, optionally with a filter),
    in `out`. Each test run has its own profile, so parallel runs do not lock each other."""
    assert SOFFICE is not None, "LibreOffice (soffice) must be installed in CI"
    out.mkdir(exist_ok=True)
    done = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(out), str(source)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    made = out / f"{source.stem}.{target.split(':')[0]}"
    assert made.exists(), f"LibreOffice did not write {made.name}: {done.stdout} {done.stderr}"
    return made


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A letter, a deck and a sheet, each as LibreOffice writes it."""
    from docx import Document
    from docx.enum.text import WD_BREAK

    base = tmp_path_factory.mktemp("libreoffice")
    profile = base / "profile"
    source = base / "source"
    source.mkdir()
    letter = Document()
    letter.add_paragraph("Dear Acme team,")
    p = letter.add_paragraph("Teams like ")
    p.add_run("Vanto").italic = True  # one name in two runs
    p.add_run("rix Medical saw results.")
    letter.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    letter.add_paragraph("Granite Peak Outdoor and Quintrel GmbH agree.")
    letter.save(source / "letter.docx")
    (source / "deck.pptx").write_bytes(deck_file())
    (source / "proof.csv").write_text(
        "customer,result\nGranite Peak Outdoor,-20% returns\nZorblax Holdings,-40% time\n",
        encoding="utf-8",
    )
    return {
        "letter.pdf": _convert(source / "letter.docx", "pdf", base / "pdf", profile),
        "letter.docx": _convert(
            source / "letter.docx", "docx:MS Word 2007 XML", base / "docx", profile
        ),
        "deck.pptx": _convert(
            source / "deck.pptx", "pptx:Impress MS PowerPoint 2007 XML", base / "pptx", profile
        ),
        "proof.xlsx": _convert(source / "proof.csv", "xlsx:Calc MS Excel 2007 XML", base, profile),
    }


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The ledger library's outcomes, read once from a SQLite file. What these tests check is
    LibreOffice's layout of the text; reading the ledger library on every database is
    tests/test_check_safe.py's (so the PostgreSQL pass leaves these out, see tests/conftest.py)."""
    engine = db.make_engine(f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}")
    try:
        return read_library(ledger_library(engine)).all_outcomes
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("letter.docx", {("Vantorix Medical", "paragraph 2"), ("Quintrel GmbH", "paragraph 4")}),
        ("letter.pdf", {("Vantorix Medical", "page 1"), ("Quintrel GmbH", "page 2")}),
        ("deck.pptx", {("Vantorix Medical", "slide 2"),
                       ("Lakeshore Orthopedic Partners", "slide 3"),
                       ("Zorblax Holdings", "slide 4 notes")}),
        ("proof.xlsx", {("Zorblax Holdings", "sheet proof!A3")}),
    ],
)  # fmt: skip
def test_files_written_by_libreoffice(  # type: ignore[no-untyped-def]
    made: dict[str, Path], outcomes, name: str, expected: set[tuple[str, str]]
) -> None:
    [check] = check_files([(name, made[name].read_bytes())], outcomes, TODAY)
    assert check.problem == ""
    assert {(f.customer, f.where) for f in check.findings} == expected
