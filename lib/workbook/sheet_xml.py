"""What the sheet XML says that the cell reader cannot: error cells, formulas with no saved
value, merged ranges, and whether the parts the workbook lists are there and plain.

python-calamine reads an error cell (`#REF!`) and a formula that was never calculated as an
empty cell, and a merged range as its first cell followed by blanks. Taken at face value these
become silent blanks (an outcome with no permission expiry, a use case with no industry), so
the sheet parts are read here as well: a cheap byte scan first, and a streaming XML parse only
of a sheet that holds such cells.
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import re
import struct
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from xml.etree import ElementTree

from lib.workbook.problems import WorkbookError

WORKBOOK = "xl/workbook.xml"
WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CHUNK = 1 << 20
PROLOG_LIMIT = 1 << 20  # a declaration must come before the root element, near the start
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")
# Markers of the cells worth a full parse: an error type, a formula (`<f>` or `<x:f>`, told
# from `<formula1>` of a dropdown by the byte after it). Each is a pattern of its own that
# starts with literal bytes: the regular expression engine skips to them faster than
# `bytes.find` or `in` does (a quarter faster for the error type), and checks a formula's
# third byte in the same pass; a pattern with alternatives would try every byte of a large
# sheet. Merged ranges need no search: the cell reader lists them (the import takes them
# from there), and a parse started for other cells collects them too.
_ERRORS = (re.compile(rb'="e"'), re.compile(rb"='e'"))
_DOUBLE_QUOTED = _ERRORS[:1]
_FORMULAS = (re.compile(rb"<f[\s>/]"), re.compile(rb":f[\s>/]"))
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")
# Raise when what a sheet's scan finds changes (its markers, its extent check), so parts
# found clean before are scanned again.
SCAN_VERSION = 1
_PART_PERSON = f"casebook-xml-v{SCAN_VERSION}".encode()  # blake2b's personalisation


@dataclass
class SheetMarks:
    """Cells of one sheet the reader gets wrong, by (row, column) from 0."""

    bad: dict[tuple[int, int], str] = field(default_factory=dict)  # cell -> what it holds
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r1, c1, r2, c2


def cell_position(ref: str) -> tuple[int, int] | None:
    """`B12` -> (11, 1); None for anything else."""
    match = _REF.match(ref.upper())
    if not match:
        return None
    column = 0
    for letter in match[1]:
        column = column * 26 + ord(letter) - 64
    return int(match[2]) - 1, column - 1


def check_declarations(archive: zipfile.ZipFile, filename: str) -> None:
    """Refuse XML parts with a DOCTYPE or ENTITY declaration (Excel never writes one).

    Entity declarations are how an "XML bomb" expands a small file into gigabytes.
    """
    for member in archive.infolist():
        if not member.filename.endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(member) as stream:
            prolog = b""
            while len(prolog) < PROLOG_LIMIT:
                chunk = stream.read(4096)
                if not chunk:
                    break
                prolog += chunk
                root = _ROOT_START.search(prolog)
                if root is not None:
                    prolog = prolog[: root.start()]
                    break
        if _DECLARATION.search(prolog):
            raise WorkbookError(
                f"{filename} holds XML with a DOCTYPE or ENTITY declaration ({member.filename}), "
                "which Excel never writes and which can expand a small file into gigabytes; "
                "it was not opened. Open the original in Excel and save it as a new .xlsx"
            )


def _local(tag: str) -> str:
    return tag[tag.rfind("}") + 1 :]


def sheet_parts(archive: zipfile.ZipFile, filename: str) -> dict[str, str | None]:
    """Sheet name -> its part in the zip (None when the workbook lists a sheet it lacks)."""
    try:
        book = ElementTree.fromstring(archive.read(WORKBOOK))
        rels = ElementTree.fromstring(archive.read(WORKBOOK_RELS))
    except (KeyError, ElementTree.ParseError):
        return {}  # left to the workbook reader, which says what it cannot read
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in rels.iter()
        if _local(rel.tag) == "Relationship"
    }
    names = set(archive.namelist())
    parts: dict[str, str | None] = {}
    for sheet in book.iter():
        if _local(sheet.tag) != "sheet":
            continue
        target = targets.get(sheet.get(f"{{{REL_NS}}}id"), "")
        if not target:
            parts[sheet.get("name", "")] = None
            continue
        path = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join("xl", target))
        )
        parts[sheet.get("name", "")] = path if path in names else None
    return parts


def part_digest(data: bytes, info: zipfile.ZipInfo, limits: str) -> str | None:
    """A digest of a sheet part as stored in the file (its packed bytes, how they are packed,
    the size and checksum they unpack to) and of `limits`, the rules its scan applies: equal
    digests mean the same XML scanned by the same rules, so a part once found clean need not
    be unpacked and scanned again. None for a part packed in a way this does not follow
    (encrypted, an unusual method, a local header that is not where the directory says): it
    is always scanned."""
    at = info.header_offset
    if (
        info.flag_bits & 1
        or info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        or data[at : at + 4] != b"PK\x03\x04"
    ):
        return None
    name_length, extra_length = struct.unpack_from("<HH", data, at + 26)
    start = at + 30 + name_length + extra_length
    if start + info.compress_size > len(data):
        return None
    hasher = hashlib.blake2b(digest_size=16, person=_PART_PERSON)
    hasher.update(f"{limits}|{info.compress_type}|{info.file_size}|{info.CRC}|".encode())
    with memoryview(data) as view:
        hasher.update(view[start : start + info.compress_size])
    return hasher.hexdigest()


def _marked(data: bytes) -> bool:
    errors = _ERRORS if b"'" in data else _DOUBLE_QUOTED  # a one-byte search is cheap
    return any(e.search(data) for e in errors) or any(f.search(data) for f in _FORMULAS)


def _has_markers(archive: zipfile.ZipFile, part: str) -> bool:
    with archive.open(part) as stream:
        tail = b""
        while chunk := stream.read(CHUNK):
            if _marked(tail + chunk[:32]) or _marked(chunk):
                return True
            tail = chunk[-32:]
    return False


def _cells(
    archive: zipfile.ZipFile, part: str, xml: bytes | None = None
) -> Iterator[tuple[str, ElementTree.Element]]:
    """(local tag, element) for every row start, cell and merged range, keeping memory flat."""
    with io.BytesIO(xml) if xml is not None else archive.open(part) as stream:
        parent: ElementTree.Element | None = None
        for event, element in ElementTree.iterparse(stream, events=("start", "end")):
            local = _local(element.tag)
            if event == "start":
                if local == "sheetData":
                    parent = element
                elif local == "row":
                    yield local, element  # its attributes are there at the start
                continue
            if local in ("c", "mergeCell"):
                yield local, element
            elif local == "row" and parent is not None:
                parent.clear()


def scan_sheet(archive: zipfile.ZipFile, part: str, xml: bytes | None = None) -> SheetMarks:
    """The error cells, uncached formulas and merged ranges of one sheet part (`xml`: the
    part already unpacked)."""
    marks = SheetMarks()
    if not (_marked(xml) if xml is not None else _has_markers(archive, part)):
        return marks
    row = -1
    column = -1
    for local, element in _cells(archive, part, xml):
        if local == "row":
            number = element.get("r", "")
            row = int(number) - 1 if number.isdigit() else row + 1
            column = -1
            continue
        if local == "mergeCell":
            first, _, last = (element.get("ref") or "").partition(":")
            start, end = cell_position(first), cell_position(last or first)
            if start and end:
                marks.merged.append((*start, *end))
            continue
        position = cell_position(element.get("r") or "")
        if position is None:  # positions may be left out: the next cell along
            position = (max(row, 0), column + 1)
        row, column = position
        children = {_local(child.tag): child for child in element}
        value = children.get("v")
        if element.get("t") == "e":
            code = (value.text or "").strip() if value is not None else ""
            marks.bad[position] = f"cell holds the Excel error {code or '(unknown)'}"
        elif "f" in children and (
            value is None or (not value.text and element.get("t") not in ("str", "s"))
        ):  # no saved value; an empty one only means "" for a text result
            marks.bad[position] = (
                "cell holds a formula with no saved value: open and save the file in Excel, "
                "or paste the cells as values"
            )
    return marks
