"""Both imports refuse the same wrong files, each in its own words, to the letter.

The deals import and the workbook import share their file-type checks (`core.file_checks`);
these tests pin every message each of them gives, so sharing the checks changes none.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from lib.deals.reading import ExportFileError, read_bytes, read_rows
from lib.outgoing import UnreadableFile, passages
from lib.workbook.problems import WorkbookError
from lib.workbook.reading import load_bytes, read_sheets
from tests.workbook_support import ole2, zip_of

LOCKED = ole2("EncryptionInfo", "EncryptedPackage")
LEGACY = ole2("Workbook", "SummaryInformation")
NOT_A_WORKBOOK = zip_of({"notes.txt": b"hello"})
DAMAGED_ZIP = b"PK\x03\x04garbage"


def _case_id(value: object) -> str:
    """A test id from the file's name, the same in every worker (a zip's bytes hold a time)."""
    return value.split(" ")[0] if isinstance(value, str) else "data"


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("x.csv", b"", "x.csv is empty"),
        ("x.csv", b"  \r\n \n", "x.csv is empty"),
        (
            "locked.xlsx",
            LOCKED,
            "locked.xlsx is password-protected; remove the password in Excel, save it and "
            "import it again",
        ),
        (
            "old.xls",
            LEGACY,
            "old.xls is a legacy Excel 97-2003 (.xls) file; export the report again as .xlsx "
            "or .csv, or save it in Excel as an Excel Workbook (.xlsx)",
        ),
        ("x.xlsx", DAMAGED_ZIP, "x.xlsx is not a spreadsheet (a damaged or unknown file)"),
        ("notes.xlsx", NOT_A_WORKBOOK, "notes.xlsx is a zip file, not an Excel workbook (.xlsx)"),
        (
            "opps.csv",
            "Opportunity ID\n".encode("utf-16"),
            "opps.csv is UTF-16 text; export it again as CSV (UTF-8), or in Excel use Save As > "
            "'CSV UTF-8 (Comma delimited)'",
        ),
        (
            "opps.csv",
            b"Opportunity ID\x00,Amount\n",
            "opps.csv is not a CSV or .xlsx file (it holds binary data)",
        ),
    ],
    ids=_case_id,
)
def test_a_deals_export_is_refused_in_the_deals_words(
    filename: str, data: bytes, message: str
) -> None:
    with pytest.raises(ExportFileError) as refused:
        read_rows(data, filename)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("empty.xlsx", b"", "empty.xlsx is empty"),
        ("use_cases.csv", b"  \r\n \n", "use_cases.csv is empty"),
        (
            "locked.xlsx",
            LOCKED,
            "locked.xlsx is password-protected; remove the password in Excel (File > Info > "
            "Protect Workbook), save it and import it again",
        ),
        (
            "old.xls",
            LEGACY,
            "old.xls is a legacy Excel 97-2003 (.xls) workbook; open it in Excel and save it as "
            "an Excel Workbook (.xlsx)",
        ),
        ("x.xlsx", DAMAGED_ZIP, "x.xlsx is not a spreadsheet (a damaged or unknown file)"),
        ("notes.xlsx", NOT_A_WORKBOOK, "notes.xlsx is a zip file, not an Excel workbook (.xlsx)"),
        (
            "photo.png",
            b"\x89PNG\r\n\x1a\n" + bytes(64),
            "photo.png is not a spreadsheet; import an Excel workbook (.xlsx) or a CSV file "
            "named after its sheet (e.g. outcomes.csv)",
        ),
    ],
    ids=_case_id,
)
def test_a_library_workbook_is_refused_in_the_workbook_words(
    filename: str, data: bytes, message: str
) -> None:
    with pytest.raises(WorkbookError) as refused:
        read_sheets(data, filename)
    assert str(refused.value) == message


def test_an_xlsb_workbook_passes_the_workbook_check_but_not_the_deals_one() -> None:
    """The library import lets the reader try a binary workbook; a CRM export is .xlsx or CSV."""
    xlsb = zip_of({"xl/workbook.bin": b"\x00"})
    with pytest.raises(ExportFileError, match=r"^b\.xlsb is a zip file, not an Excel workbook"):
        read_rows(xlsb, "b.xlsb")
    with pytest.raises(WorkbookError) as refused:
        read_sheets(xlsb, "b.xlsb")
    assert "not an Excel workbook" not in str(refused.value)


@pytest.mark.parametrize(
    ("make", "deals_message", "workbook_message"),
    [
        (lambda path: None, "{path}: no such file", "{name}: no such file"),
        (
            lambda path: path.mkdir(),
            "{path} is a folder, not a CRM export",
            "{name} is a folder, not a spreadsheet",
        ),
    ],
    ids=["missing", "folder"],
)
def test_a_path_that_is_no_file_is_named(
    tmp_path: Path, make: Callable[[Path], object], deals_message: str, workbook_message: str
) -> None:
    path = tmp_path / "export.xlsx"
    make(path)
    with pytest.raises(ExportFileError) as deals:
        read_bytes(path)
    assert str(deals.value) == deals_message.format(path=path)
    with pytest.raises(WorkbookError) as workbook:
        load_bytes(path, "export.xlsx")
    assert str(workbook.value) == workbook_message.format(name="export.xlsx")


def test_a_readable_file_is_read_by_both(tmp_path: Path) -> None:
    path = tmp_path / "opps.csv"
    path.write_bytes(b"Opportunity ID;Amount\n006A;12\n")
    assert read_rows(read_bytes(path), "opps.csv") == [
        ("opps.csv", [["Opportunity ID", "Amount"], ["006A", "12"]])
    ]
    assert load_bytes(path, "opps.csv") == path.read_bytes()


# Well under the 1 GB limit but compressed a thousandfold: no office XML packs that tight.
RATIO_BOMB = zip_of(
    {
        "[Content_Types].xml": b"<Types/>",
        "xl/workbook.xml": b"<workbook/>",
        "xl/worksheets/sheet1.xml": bytes(17 << 20),
    }
)


@pytest.mark.parametrize(
    ("read", "error", "then"),
    [
        (lambda: read_rows(RATIO_BOMB, "bomb.xlsx"), ExportFileError, "; it was not opened"),
        (
            lambda: read_sheets(RATIO_BOMB, "bomb.xlsx"),
            WorkbookError,
            "; that is not a normal workbook, so it was not opened",
        ),
        (
            lambda: passages("bomb.xlsx", RATIO_BOMB),
            UnreadableFile,
            "; far beyond any real document; not checked",
        ),
    ],
    ids=["deals", "workbook", "check-safe"],
)
def test_every_reader_refuses_a_zip_packed_far_tighter_than_office_xml(
    read: Callable[[], object], error: type[Exception], then: str
) -> None:
    """The deals import and check-safe once refused only what passed 1 GB unpacked."""
    with pytest.raises(error, match=r"bomb\.xlsx:? would unpack to 18 MB from 0\.0 MB") as refused:
        read()
    assert str(refused.value).endswith(then)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_csv_without_a_byte_order_mark_is_named_by_both(encoding: str) -> None:
    """The deals import once called it binary data; the workbook import named it UTF-16."""
    data = "Opportunity ID,Amount\n006A,12\n".encode(encoding)
    with pytest.raises(ExportFileError) as deals:
        read_rows(data, "opps.csv")
    assert str(deals.value).startswith("opps.csv is UTF-16 text; export it again as CSV (UTF-8)")
    with pytest.raises(WorkbookError) as workbook:
        read_sheets(data, "outcomes.csv")
    assert str(workbook.value).startswith("outcomes.csv is UTF-16 text (what Excel's")


def test_a_windows_1252_csv_is_read_by_the_deals_import_only() -> None:
    """A CRM export may be Windows-1252 (Salesforce's classic ones); the library's own CSV must
    be UTF-8, so a guess never changes a stored name."""
    data = "Opportunity ID,Account\n006A,Direktör Öberg\n".encode("cp1252")
    assert read_rows(data, "opps.csv")[0][1][1] == ["006A", "Direktör Öberg"]
    with pytest.raises(WorkbookError, match=r"^personas\.csv is not UTF-8 text; in Excel use"):
        read_sheets(data, "personas.csv")
