"""The text a reader of an outgoing file can see, each piece with where it is.

Not only the visible body: a Word file's tables, headers, footers, footnotes, comments and
properties; a deck's slides and speaker notes; every cell, comment, sheet name, print header and
property of a workbook; each page of a PDF and its properties; an email's headers, bodies and
the attachments it carries. Text is kept in pieces a name cannot be split across (a paragraph,
not a run: Word splits a word into runs wherever its formatting or an edit changed).
"""

from __future__ import annotations

import email
import email.policy
import html
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import PurePath

from lxml import etree

from lib.core import file_checks

SUPPORTED = (".docx", ".pptx", ".pdf", ".xlsx", ".md", ".txt", ".eml")
# Older or other formats people try, with what to do instead.
_SAVE_AS = {
    ".doc": ".docx", ".docm": ".docx", ".rtf": ".docx", ".odt": ".docx",
    ".ppt": ".pptx", ".pptm": ".pptx", ".odp": ".pptx", ".key": ".pptx",
    ".xls": ".xlsx", ".xlsm": ".xlsx", ".ods": ".xlsx", ".csv": ".txt", ".msg": ".eml",
}  # fmt: skip
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class UnreadableFile(ValueError):
    """A file that cannot be checked, with a message saying why and what to do."""


@dataclass(frozen=True)
class Passage:
    """A piece of the file's text and where it is ("slide 4", "sheet Proof!B7").

    With `by_line`, the text is a whole text file and a finding's place is its line.
    """

    where: str
    text: str
    by_line: bool = False

    def place(self, offset: int) -> str:
        if not self.by_line:
            return self.where
        return f"{self.where}line {self.text.count(chr(10), 0, offset) + 1}"


def passages(name: str, data: bytes) -> list[Passage]:
    """Every piece of text in the file `name` holding `data`; `UnreadableFile` when it
    cannot be read."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED:
        if suffix in _SAVE_AS:
            raise UnreadableFile(
                f"{name}: {suffix} files are not checked; save it as {_SAVE_AS[suffix]} "
                "and check that"
            )
        kind = f"{suffix} files are" if suffix else "a file without an extension is"
        raise UnreadableFile(f"{name}: {kind} not checked; supported: {', '.join(SUPPORTED)}")
    if not data:
        raise UnreadableFile(f"{name}: the file is empty")
    if suffix in (".docx", ".pptx", ".xlsx"):
        _refuse_zip_bomb(name, data)
    try:
        return list(_READERS[suffix](name, data))
    except UnreadableFile:
        raise
    except Exception as error:  # any parser's failure on a damaged or disguised file
        raise UnreadableFile(
            f"{name}: could not be read as {suffix} ({type(error).__name__}: {error}); "
            "is it damaged, or another kind of file renamed?"
        ) from error


def _refuse_zip_bomb(name: str, data: bytes) -> None:
    """Refuse, before any parser unpacks it, a file that would unpack to an absurd size."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            members = z.infolist()
    except zipfile.BadZipFile:
        return  # not a zip at all: the reader says so in its own words
    file_checks.refuse_zip_bomb(
        members, len(data), f"{name}:", UnreadableFile, "far beyond any real document; not checked"
    )


# --- Word ----------------------------------------------------------------------------------


def _paragraph_text(element: etree._Element) -> str:
    """The text of a paragraph (or any element) with its runs joined, tabs and breaks as
    spaces and line breaks, so a name split across runs is one name again."""
    parts = []
    for node in element.iter(f"{{{_W}}}t", f"{{{_W}}}tab", f"{{{_W}}}br", f"{{{_W}}}p"):
        tag = etree.QName(node).localname
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif tag == "br" or (tag == "p" and node is not element):
            parts.append("\n")
    return "".join(parts).strip()


def _word_part(root: etree._Element, label: str) -> Iterator[Passage]:
    """Headers, footers, notes: one passage per paragraph, all under one label."""
    for p in root.iter(f"{{{_W}}}p"):
        text = _paragraph_text(p)
        if text:
            yield Passage(label, text)


def _part_label(member: str) -> str | None:
    stem = PurePath(member).stem
    kinds = {"header": "header", "footer": "footer", "footnotes": "footnotes",
             "endnotes": "endnotes", "comments": "comments"}  # fmt: skip
    kind = re.sub(r"\d+$", "", stem)
    if kind not in kinds:
        return None
    number = stem[len(kind) :]
    return f"{kinds[kind]} {number}".strip()


def _docx(name: str, data: bytes) -> Iterator[Passage]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = z.namelist()
        if "word/document.xml" not in members:
            raise UnreadableFile(f"{name}: not a Word document (no word/document.xml inside)")
        body = etree.fromstring(z.read("word/document.xml")).find(f"{{{_W}}}body")
        paragraph = table = 0
        for child in body if body is not None else ():
            tag = etree.QName(child).localname
            if tag == "p":
                paragraph += 1
                text = _paragraph_text(child)
                if text:
                    yield Passage(f"paragraph {paragraph}", text)
            elif tag == "tbl":
                table += 1
                rows = child.findall(f"{{{_W}}}tr")
                for r, row in enumerate(rows, 1):
                    cells = [_paragraph_text(c) for c in row.findall(f"{{{_W}}}tc")]
                    text = "\n".join(c for c in cells if c)
                    if text:
                        yield Passage(f"table {table}, row {r}", text)
            else:  # content controls, sections: read whole
                text = _paragraph_text(child)
                if text:
                    yield Passage(f"after paragraph {paragraph}", text)
        for member in sorted(members):
            if not member.startswith("word/") or not member.endswith(".xml"):
                continue
            label = _part_label(member)
            if label == "comments":
                root = etree.fromstring(z.read(member))
                for n, comment in enumerate(root.iter(f"{{{_W}}}comment"), 1):
                    text = _paragraph_text(comment)
                    author = comment.get(f"{{{_W}}}author") or ""
                    if text:
                        yield Passage(f"comment {n}" + (f" by {author}" if author else ""), text)
            elif label is not None:
                yield from _word_part(etree.fromstring(z.read(member)), label)
        yield from _properties(z)


def _properties(z: zipfile.ZipFile) -> Iterator[Passage]:
    """Document properties (title, subject, author, keywords, comments, company, custom)."""
    for member in ("docProps/core.xml", "docProps/app.xml", "docProps/custom.xml"):
        if member not in z.namelist():
            continue
        root = etree.fromstring(z.read(member))
        for top in root:
            if not isinstance(top.tag, str):
                continue
            # A property, or (custom.xml, app.xml's lists of titles) the values inside one.
            field = top.get("name") or etree.QName(top).localname
            for node in top.iter():
                text = (node.text or "").strip() if isinstance(node.tag, str) else ""
                if text and not len(node):
                    yield Passage(f"properties ({field})", text)


# --- PowerPoint ----------------------------------------------------------------------------


def _shape_texts(shapes: object) -> Iterator[str]:
    from pptx.enum.shapes import MSO_SHAPE_TYPE

    for shape in shapes:  # type: ignore[attr-defined]
        if shape.shape_type == MSO_SHAPE_TYPE.GROUP:
            yield from _shape_texts(shape.shapes)
            continue
        if getattr(shape, "has_text_frame", False) and shape.has_text_frame:
            yield from (p.text for p in shape.text_frame.paragraphs)
        if getattr(shape, "has_table", False) and shape.has_table:
            for row in shape.table.rows:
                yield "\n".join(cell.text for cell in row.cells)
        if getattr(shape, "has_chart", False) and shape.has_chart:
            chart = shape.chart
            if chart.has_title and chart.chart_title.has_text_frame:
                yield chart.chart_title.text_frame.text
            for plot in chart.plots:
                yield "\n".join(str(c) for c in plot.categories)
                yield from (s.name or "" for s in plot.series)


def _pptx(name: str, data: bytes) -> Iterator[Passage]:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    for number, slide in enumerate(deck.slides, 1):
        for text in _shape_texts(slide.shapes):
            if text.strip():
                yield Passage(f"slide {number}", text.strip())
        if slide.has_notes_slide:
            notes = slide.notes_slide.notes_text_frame
            if notes is not None and notes.text.strip():
                yield Passage(f"slide {number} notes", notes.text.strip())
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        yield from _properties(z)


# --- PDF -----------------------------------------------------------------------------------


def _pdf(name: str, data: bytes) -> Iterator[Passage]:
    import pypdf

    reader = pypdf.PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            opened = reader.decrypt("")  # many PDFs are "encrypted" with an empty password
        except Exception:  # a cipher pypdf cannot open: we cannot read it either
            opened = 0
        if not opened:
            raise UnreadableFile(f"{name}: the PDF is password-protected; check an open copy")
    for number, page in enumerate(reader.pages, 1):
        text = (page.extract_text() or "").strip()
        if text:
            yield Passage(f"page {number}", text)
    for key, value in (reader.metadata or {}).items():
        text = str(value or "").strip()
        if text:
            yield Passage(f"properties ({key.lstrip('/')})", text)


# --- Excel ---------------------------------------------------------------------------------


_PRINT_PARTS = {
    "oddHeader": "page header", "oddFooter": "page footer",
    "evenHeader": "even-page header", "evenFooter": "even-page footer",
    "firstHeader": "first-page header", "firstFooter": "first-page footer",
}  # fmt: skip


def _xlsx(name: str, data: bytes) -> Iterator[Passage]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=False, rich_text=False)
    for sheet in book.worksheets:
        title = sheet.title
        yield Passage(f"sheet name {title!r}", title)
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, (int, float)):
                    text = str(cell.value).strip()
                    if text:
                        yield Passage(f"sheet {title}!{cell.coordinate}", text)
                if cell.comment is not None and cell.comment.text:
                    yield Passage(f"comment on {title}!{cell.coordinate}", cell.comment.text)
        for kind, label in _PRINT_PARTS.items():
            part = getattr(sheet, kind, None)
            for side in ("left", "center", "right"):
                text = getattr(getattr(part, side, None), "text", None)
                if text:
                    yield Passage(f"sheet {title} {label}", text)
    for sheet in book.chartsheets:
        yield Passage(f"sheet name {sheet.title!r}", sheet.title)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        yield from _properties(z)


# --- Text and email ------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), UTF-16 (with or without one), else
    Windows-1252."""
    try:
        return data.decode(file_checks.utf16_encoding(data) or "utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _text(name: str, data: bytes) -> Iterator[Passage]:
    yield Passage("", _decode(data).replace("\r\n", "\n"), by_line=True)


def _html_text(markup: str) -> str:
    markup = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    markup = re.sub(r"(?i)<br\s*/?>|</(p|div|li|tr|h\d)>", "\n", markup)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def _eml(name: str, data: bytes) -> Iterator[Passage]:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    for header in ("Subject", "From", "To", "Cc", "Reply-To"):
        value = message.get(header)
        if value:
            yield Passage(header.lower(), str(value))
    for part in message.walk():
        if part.is_multipart():
            continue
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename:
            try:
                inner = passages(filename, payload)
            except UnreadableFile as problem:
                raise UnreadableFile(f"{name}: attachment {problem}") from problem
            for p in inner:
                yield Passage(f"attachment {filename}, {p.where}", p.text, p.by_line)
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        text = part.get_content() if isinstance(part, EmailMessage) else _decode(payload)
        label = "body, "
        if kind == "text/html":
            text, label = _html_text(text), "HTML body, "
        yield Passage(label, str(text).replace("\r\n", "\n"), by_line=True)


_READERS = {
    ".docx": _docx,
    ".pptx": _pptx,
    ".pdf": _pdf,
    ".xlsx": _xlsx,
    ".md": _text,
    ".txt": _text,
    ".eml": _eml,
}
