"""A sheet's XML is unpacked once, straight from the file, and never differently from how
`zipfile` would unpack it: a part it cannot vouch for is left to `zipfile`."""

from __future__ import annotations

import io
import zipfile

import pytest

from lib.workbook.sheet_xml import unpack

SHEET = "xl/worksheets/sheet1.xml"
XML = b"<worksheet>" + b"<row><c><v>1</v></c></row>" * 5_000 + b"</worksheet>"


def _zip(compression: int = zipfile.ZIP_DEFLATED, content: bytes = XML) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        archive.writestr("xl/workbook.xml", b"<workbook/>")
        archive.writestr(SHEET, content)
    return buffer.getvalue()


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_a_part_unpacks_to_what_zipfile_reads(compression: int) -> None:
    data = _zip(compression)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert unpack(archive, data, SHEET) == archive.read(SHEET) == XML


def test_a_part_whose_bytes_do_not_match_its_crc_is_refused_as_zipfile_refuses_it() -> None:
    data = bytearray(_zip())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(SHEET)
    # a different part of the same size and compressed length: the CRC no longer matches
    swapped = _zip(content=XML.replace(b"<v>1</v>", b"<v>2</v>"))
    with zipfile.ZipFile(io.BytesIO(swapped)) as archive:
        other = archive.getinfo(SHEET)
    assert other.compress_size == info.compress_size
    name = 30 + len(SHEET.encode())
    start, other_start = info.header_offset + name, other.header_offset + name
    data[start : start + info.compress_size] = swapped[
        other_start : other_start + other.compress_size
    ]
    damaged = bytes(data)
    with zipfile.ZipFile(io.BytesIO(damaged)) as archive, pytest.raises(zipfile.BadZipFile):
        unpack(archive, damaged, SHEET)
