"""Everything a prospect could read in each downloaded file, for the privacy tests.

Not only the visible body: DOCX core properties, headers and footers; every XLSX cell,
comment, print header and document property; the text of both PDFs.
"""

from __future__ import annotations

import html
import io

import openpyxl
import pypdf
from docx import Document

from lib.callprep.packs import FORMATS, CallPrepPack, render


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    meta = reader.metadata or {}
    body = "\n".join(p.extract_text() for p in reader.pages)
    return len(reader.pages), "\n".join([body, *(str(v) for v in meta.values())])


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    for section in doc.sections:
        for part in (section.header, section.footer, section.first_page_header,
                     section.first_page_footer, section.even_page_header,
                     section.even_page_footer):  # fmt: skip
            parts += [p.text for p in part.paragraphs]
            parts += [c.text for t in part.tables for r in t.rows for c in r.cells]
    props = doc.core_properties
    parts += [
        str(getattr(props, name) or "")
        for name in (
            "title",
            "subject",
            "keywords",
            "comments",
            "author",
            "category",
            "content_status",
            "identifier",
            "language",
            "last_modified_by",
            "version",
        )
    ]
    return "\n".join(parts)


def xlsx_text(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    parts = []
    for ws in book.worksheets:
        parts.append(ws.title)
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None:
                    parts.append(str(c.value))
                if c.comment is not None:
                    parts.append(c.comment.text)
        for side in (ws.oddHeader, ws.oddFooter, ws.evenHeader, ws.evenFooter):
            parts += [part.text or "" for part in (side.left, side.center, side.right)]
    props = book.properties
    parts += [str(getattr(props, name) or "") for name in
              ("title", "subject", "creator", "keywords", "description", "category",
               "lastModifiedBy")]  # fmt: skip
    return "\n".join(parts)


def flat(text: str) -> str:
    """One line, Markdown backslashes and HTML entities undone: as a reader sees it."""
    return " ".join(html.unescape(text.replace("\\", "")).split())


def every_format(pack: CallPrepPack, formats: tuple[str, ...] = tuple(FORMATS)) -> dict[str, str]:
    """The text of the pack in each format (the pack PDF checked to be one page)."""
    out = {}
    for fmt in formats:
        data = render(pack, fmt).data
        if fmt in ("pdf", "questions-pdf"):
            pages, out[fmt] = pdf_text(data)
            assert fmt != "pdf" or pages == 1
        elif fmt == "docx":
            out[fmt] = docx_text(data)
        elif fmt == "xlsx":
            out[fmt] = xlsx_text(data)
        else:
            out[fmt] = data.decode()
    return out
