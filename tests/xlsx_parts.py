"""Workbooks written part by part, for what a workbook writer will not produce on request.

Error cells, formulas with no saved value, merged ranges, hidden sheets, missing parts and
DOCTYPE declarations all come from real files (Excel, LibreOffice, other tools); building the
XML by hand lets a test hold exactly the case it checks.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


@dataclass(frozen=True)
class Xml:
    """A cell given as its own XML (`<c r=... t="e"><v>#REF!</v></c>` without the `r`)."""

    inner: str
    attributes: str = ""


def error(code: str = "#REF!") -> Xml:
    return Xml(f"<v>{code}</v>", ' t="e"')


def formula(text: str = "A1*2", cached: str | None = None) -> Xml:
    value = "" if cached is None else f"<v>{cached}</v>"
    return Xml(f"<f>{escape(text)}</f>{value}")


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _cell(ref: str, value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, Xml):
        return f'<c r="{ref}"{value.attributes}>{value.inner}</c>'
    if isinstance(value, str):
        text = escape(value)
        return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'


def sheet_xml(rows: list[list[Any]], merges: tuple[str, ...] = (), prolog: str = "") -> str:
    body = "".join(
        f'<row r="{r + 1}">'
        + "".join(_cell(f"{column_letter(c)}{r + 1}", v) for c, v in enumerate(row))
        + "</row>"
        for r, row in enumerate(rows)
    )
    merged = ""
    if merges:
        merged = (
            f'<mergeCells count="{len(merges)}">'
            + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges)
            + "</mergeCells>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
        f'<worksheet xmlns="{MAIN}" xmlns:r="{REL}"><sheetData>{body}</sheetData>{merged}'
        "</worksheet>"
    )


def workbook(
    sheets: dict[str, list[list[Any]]],
    *,
    hidden: tuple[str, ...] = (),
    merges: dict[str, tuple[str, ...]] | None = None,
    missing: tuple[str, ...] = (),
    prolog: str = "",
) -> bytes:
    """An .xlsx with the given sheets; `missing` sheets are listed but have no part."""
    merges = merges or {}
    entries = []
    rels = []
    overrides = []
    parts: dict[str, str] = {}
    for n, (name, rows) in enumerate(sheets.items(), start=1):
        state = ' state="hidden"' if name in hidden else ""
        entries.append(f'<sheet name="{escape(name)}" sheetId="{n}"{state} r:id="rId{n}"/>')
        rels.append(
            f'<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        )
        overrides.append(
            f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{SHEET_TYPE}"/>'
        )
        if name not in missing:
            parts[f"xl/worksheets/sheet{n}.xml"] = sheet_xml(rows, merges.get(name, ()), prolog)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES.format(sheets="".join(overrides)))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{"".join(entries)}</sheets>'
            "</workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(rels)
            + "</Relationships>",
        )
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()
