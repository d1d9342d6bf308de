"""What kind of file an import was given, and the wrong kinds refused in plain words.

The workbook import and the deals import take the same kinds of file (an .xlsx workbook or a
CSV text) and meet the same wrong ones: no file or a folder, an empty file, a password-protected
one or a legacy Excel 97-2003 .xls (both OLE2 compound files), a damaged zip or a zip that holds
no workbook. The checks and what each message says is wrong live here; what the person should
do about it differs (save the library workbook as .xlsx, export the CRM report again), so each
import passes its own `Advice`, and its own error class so its callers catch what they always
caught.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# An Office file encrypted with a password is an OLE2 file holding this stream.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# A real library workbook or CRM export unpacks to tens of megabytes; refuse what would unpack
# to gigabytes (a zip bomb).
MAX_UNPACKED_BYTES = 1 << 30
# Below that, refuse what is compressed far beyond what office XML ever is (also a zip bomb).
MAX_RATIO = 100
RATIO_CHECK_FROM_BYTES = 16 << 20
# Excel writes CSV with the list separator of its region: ',' in the US, ';' in much of Europe.
CSV_DELIMITERS = (",", ";", "\t")


@dataclass(frozen=True)
class Advice:
    """One import's words for the files it refuses."""

    expected: str  # what it takes, as in "<file> is a folder, not a spreadsheet"
    called: str  # what it calls a legacy .xls: "<file> is a legacy Excel 97-2003 (.xls) file"
    password: str  # what to do with a password-protected file
    legacy_xls: str  # what to do with a legacy .xls file
    # For a CSV: what follows "<file> is UTF-16 text", what to do with text that is not UTF-8,
    # what "<file> is not ... (it holds binary data)" calls it (else `expected`), and the
    # encoding to try after UTF-8 (none: refuse).
    utf16: str = ""
    not_utf8: str = ""
    binary: str = ""
    fallback_encoding: str = ""


def read_path(
    path: Path,
    shown: str,
    advice: Advice | None,
    error: type[Exception],
    *,
    folder: str = "",
    verb: str = "opened",
) -> bytes:
    """The bytes of the file at `path`, or `error` naming it as `shown`.

    Every command and import that takes a path says the same three things about one that is
    no file to read. A folder is "not {advice.expected}" for an import, or `folder` ("; name
    the files in it") for a caller with no `Advice`; `verb` keeps check-safe's "could not be
    read".
    """
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{shown}: no such file") from None
    except IsADirectoryError:
        tail = folder or (f", not {advice.expected}" if advice else "")
        raise error(f"{shown} is a folder{tail}") from None
    except OSError as problem:
        raise error(f"{shown} could not be {verb}: {problem.strerror}") from None


def refuse_wrong_kind(data: bytes, filename: str, advice: Advice, error: type[Exception]) -> None:
    """Raise `error` for an empty file, a password-protected one or a legacy .xls."""
    if not data.strip():
        raise error(f"{filename} is empty")
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise error(f"{filename} is password-protected; {advice.password}")
        raise error(
            f"{filename} is a legacy Excel 97-2003 (.xls) {advice.called}; {advice.legacy_xls}"
        )


def utf16_encoding(data: bytes) -> str | None:
    """The UTF-16 a text is written in ('utf-16' with a byte order mark; 'utf-16-le' or '-be'
    without one: every other byte zero, and it decodes to text), else None.

    Excel's 'Unicode Text' writes it; read as UTF-8 it would pass as text with a NUL between
    every two characters, matching no name.
    """
    if data.startswith(UTF16_BOMS):
        return "utf-16"
    head = data[:4096]
    if len(head) < 8:
        return None
    if head[1::2].count(0) > len(head) * 0.2:
        encoding = "utf-16-le"
    elif head[0::2].count(0) > len(head) * 0.2:
        encoding = "utf-16-be"
    else:
        return None
    try:
        text = head[: len(head) // 2 * 2].decode(encoding)
    except UnicodeDecodeError:
        return None
    readable = sum(c.isprintable() or c in "\t\r\n" for c in text)
    return encoding if readable > len(text) * 0.9 else None


def decode_csv(data: bytes, filename: str, advice: Advice, error: type[Exception]) -> str:
    """The text of a CSV file, or `error` naming what it is instead: UTF-16 (with or without a
    byte order mark), binary, or not UTF-8 (nor the import's `fallback_encoding`).

    A byte order mark before UTF-8 (Excel's 'CSV UTF-8') is dropped.
    """
    if utf16_encoding(data):
        raise error(f"{filename} is UTF-16 text{advice.utf16}")
    if b"\x00" in data:
        raise error(f"{filename} is not {advice.binary or advice.expected} (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if advice.fallback_encoding:
        try:
            return data.decode(advice.fallback_encoding)
        except UnicodeDecodeError:
            pass
    raise error(f"{filename} is not UTF-8 text; {advice.not_utf8}")


def workbook_members(
    data: bytes,
    filename: str,
    error: type[Exception],
    parts: tuple[str, ...] = ("xl/workbook.xml",),
) -> list[zipfile.ZipInfo]:
    """The members of a zip file holding one of the workbook `parts`, or `error` saying it is
    damaged or some other zip."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise error(f"{filename} is not a spreadsheet (a damaged or unknown file)") from None
    if not {m.filename for m in members} & set(parts):
        raise error(f"{filename} is a zip file, not an Excel workbook (.xlsx)")
    return members


def refuse_zip_bomb(
    members: Iterable[zipfile.ZipInfo], packed: int, shown: str, error: type[Exception], then: str
) -> None:
    """Raise `error` before any parser unpacks a zip that would unpack to gigabytes, or by far
    more than office XML ever compresses (a zip bomb); `then` says what became of the file.

    Its members' sizes are what the zip claims, read without unpacking anything. Every reader
    of an office file (the workbook import, the deals import, check-safe) meets the same bombs.
    """
    members = list(members)
    unpacked = sum(m.file_size for m in members)
    compressed = sum(m.compress_size for m in members) or 1
    if unpacked > MAX_UNPACKED_BYTES or (
        unpacked > RATIO_CHECK_FROM_BYTES and unpacked / compressed > MAX_RATIO
    ):
        raise error(
            f"{shown} would unpack to {unpacked / 1e6:,.0f} MB from {packed / 1e6:,.1f} MB; {then}"
        )


def unreadable_workbook(filename: str, detail: str) -> str:
    """The message for a workbook the reader gave up on, `detail` saying why."""
    return (
        f"{filename} could not be read as a workbook ({detail}); open it in Excel and save it "
        "again as an Excel Workbook (.xlsx)"
    )
