"""`check-safe` names every customer an outgoing file may not name, with where and why."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest
from sqlalchemy import Engine

from lib.commands import main
from lib.core.reads import read_library
from lib.outgoing import FileCheck, check_files, passages
from tests.outgoing_files import (
    CUSTOMERS,
    TODAY,
    deck_file,
    email_file,
    ledger_library,
    pdf_file,
    text_file,
    word_file,
    workbook_file,
)


@pytest.fixture
def outcomes(engine: Engine):  # type: ignore[no-untyped-def]
    return read_library(ledger_library(engine)).all_outcomes


def _check(outcomes, name: str, data: bytes) -> FileCheck:  # type: ignore[no-untyped-def]
    return check_files([(name, data)], outcomes, TODAY)[0]


def _found(check: FileCheck) -> set[tuple[str, str]]:
    return {(f.customer, f.where) for f in check.findings}


# What each file says where, and who it may not name there.
CASES: list[tuple[str, Callable[[], bytes], set[tuple[str, str]]]] = [
    ("proposal.docx", word_file, {
        ("Zorblax Holdings", "paragraph 2"),  # split across two runs
        ("Quintrel GmbH", "table 1, row 2"),
        ("Vantorix Medical", "header 1"),
        ("Summit Health", "comment 1 by Rep"),
        ("Lakeshore Orthopedic Partners", "properties (keywords)"),
    }),
    ("deck.pptx", deck_file, {
        ("Vantorix Medical", "slide 2"),
        ("Lakeshore Orthopedic Partners", "slide 3"),
        ("Zorblax Holdings", "slide 4 notes"),
    }),
    ("proposal.pdf", pdf_file, {
        ("Summit Health", "page 2"),
        ("Quintrel GmbH", "properties (Author)"),
    }),
    ("proof.xlsx", workbook_file, {
        ("Zorblax Holdings", "sheet Proof!B7"),
        ("Vantorix Medical", "comment on Proof!C3"),
        ("Quintrel GmbH", "sheet Proof page footer"),
        ("Lakeshore Orthopedic Partners", "sheet name 'Lakeshore'"),
    }),
    ("notes.md", text_file, {("Summit Health", "line 4")}),  # a line break inside the name
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "expected"), CASES, ids=[c[0] for c in CASES])
def test_every_forbidden_customer_is_found_where_it_is(  # type: ignore[no-untyped-def]
    outcomes, name: str, make: Callable[[], bytes], expected: set[tuple[str, str]]
) -> None:
    check = _check(outcomes, name, make())
    assert _found(check) == expected
    assert not check.safe
    for f in check.findings:
        assert f.why == CUSTOMERS[f.customer]


def test_names_it_may_use_and_everyday_words_are_not_findings(outcomes) -> None:  # type: ignore[no-untyped-def]
    """Granite Peak Outdoor and Summit Auto Insurance are public for sales; 'peak season' is
    not a name; 'Summit Auto Insurance' is not 'Summit' of Summit Health; Meridian Freight has
    an internal outcome but a public one too."""
    check = _check(outcomes, "proposal.docx", word_file())
    assert not any(f.where == "paragraph 3" for f in check.findings)
    mail = _check(outcomes, "follow-up.eml", email_file())
    assert "Meridian Freight" not in mail.customers
    clean = _check(outcomes, "clean.txt", b"Granite Peak Outdoor and Summit Auto Insurance.\n")
    assert clean.safe and clean.findings == ()


def test_an_email_is_checked_with_its_attachments(outcomes) -> None:  # type: ignore[no-untyped-def]
    found = _found(_check(outcomes, "follow-up.eml", email_file()))
    assert ("Vantorix Medical", "HTML body, line 2") in found
    assert ("Zorblax Holdings", "attachment proposal.docx, paragraph 2") in found
    assert ("Summit Health", "attachment proposal.docx, comment 1 by Rep") in found


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("old.doc", b"\xd0\xcf\x11\xe0", "old.doc: .doc files are not checked; save it as .docx"),
        ("photo.png", b"\x89PNG", "photo.png: .png files are not checked; supported: .docx"),
        ("empty.pdf", b"", "empty.pdf: the file is empty"),
        ("renamed.docx", b"not a zip file", "renamed.docx: could not be read as .docx"),
        ("broken.pdf", b"%PDF-1.4 garbage", "broken.pdf: could not be read as .pdf"),
        ("notes", b"text", "a file without an extension is not checked"),
    ],
)
def test_unreadable_and_unsupported_files_get_a_clear_message(  # type: ignore[no-untyped-def]
    outcomes, name: str, data: bytes, message: str
) -> None:
    check = _check(outcomes, name, data)
    assert message in check.problem
    assert not check.safe and check.findings == ()


def test_a_zip_that_is_not_a_word_document_is_refused(outcomes) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "hi")
    assert "not a Word document" in _check(outcomes, "x.docx", buffer.getvalue()).problem


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_a_utf16_text_is_read_with_or_without_a_byte_order_mark(  # type: ignore[no-untyped-def]
    outcomes, encoding: str
) -> None:
    """Read as UTF-8, a UTF-16 text without a mark would hold a NUL between every two letters."""
    data = text_file().decode("utf-8").encode(encoding)
    assert _found(_check(outcomes, "notes.txt", data)) == {("Summit Health", "line 4")}


def test_a_file_that_would_unpack_to_an_absurd_size_is_refused(  # type: ignore[no-untyped-def]
    outcomes, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lib.core import file_checks

    monkeypatch.setattr(file_checks, "MAX_UNPACKED_BYTES", 1000)  # a small limit, a small file
    check = _check(outcomes, "deck.pptx", deck_file())
    assert "would unpack to" in check.problem and "not checked" in check.problem


def test_a_password_protected_pdf_is_named_as_such(outcomes) -> None:  # type: ignore[no-untyped-def]
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(pdf_file())))
    writer.encrypt(user_password="secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "password-protected" in _check(outcomes, "locked.pdf", out.getvalue()).problem


def test_the_command_exits_1_and_lists_each_finding(  # type: ignore[no-untyped-def]
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_library(engine)
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(deck_file())
    clean = tmp_path / "clean.md"
    clean.write_text("Granite Peak Outdoor cut returns.\n", encoding="utf-8")
    code = main(["check-safe", str(deck), str(clean), "--date", TODAY.isoformat()])
    out = capsys.readouterr().out
    assert code == 1
    assert "deck.pptx: names 3 customers it may not name" in out
    assert "slide 2: \"Vantorix's\" (Vantorix Medical: anonymized)" in out
    assert "slide 4 notes: 'Zorblax Holdings' (Zorblax Holdings: internal only)" in out
    assert "clean.md: no customer it may not name" in out


def test_the_command_exits_0_for_clean_files_and_2_for_unreadable_ones(  # type: ignore[no-untyped-def]
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_library(engine)
    clean = tmp_path / "clean.txt"
    clean.write_text("Nothing to see.\n", encoding="utf-8")
    assert main(["check-safe", str(clean), "--date", TODAY.isoformat()]) == 0
    old = tmp_path / "old.ppt"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert main(["check-safe", str(clean), str(old)]) == 2
    assert "old.ppt: .ppt files are not checked; save it as .pptx" in capsys.readouterr().err
    assert main(["check-safe", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf: no such file" in capsys.readouterr().err
    assert main(["check-safe", str(tmp_path)]) == 1
    assert f"{tmp_path} is a folder; name the files in it" in capsys.readouterr().err


def test_the_command_prints_json_for_scripts(  # type: ignore[no-untyped-def]
    engine: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ledger_library(engine)
    path = tmp_path / "proof.xlsx"
    path.write_bytes(workbook_file())
    assert main(["check-safe", str(path), "--json", "--date", TODAY.isoformat()]) == 1
    [result] = json.loads(capsys.readouterr().out)
    assert result["file"] == "proof.xlsx" and result["problem"] == ""
    expected = {"customer": "Zorblax Holdings", "where": "sheet Proof!B7",
                "written": "Zorblax Holdings", "why": "internal only"}  # fmt: skip
    assert expected in result["findings"]


def test_a_name_is_found_however_it_is_written(outcomes) -> None:  # type: ignore[no-untyped-def]
    text = (
        "ZORBLAX HOLDINGS\nzorblax's team\nQuintrel\nGmbH\nsummit health\n"
        "the peak of the season\n"
    )
    check = _check(outcomes, "notes.txt", text.encode())
    assert [(f.customer, f.where) for f in check.findings] == [
        ("Zorblax Holdings", "line 1"),
        ("Zorblax Holdings", "line 2"),
        ("Quintrel GmbH", "line 3"),
        ("Summit Health", "line 5"),
    ]
    assert passages("notes.txt", "é".encode("cp1252"))[0].text == "é"
