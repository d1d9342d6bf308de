"""How far a sheet reaches, read from its XML before the cell reader builds its grid: the stated
dimension is trusted only when no reference could lie beyond it, however the XML spells it."""

from __future__ import annotations

import pytest

from lib.workbook.reading import _extent


def _sheet(cells: str, dimension: str = "A1:C2", tail: str = "") -> bytes:
    return (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<dimension ref="{dimension}"/><sheetData>{cells}</sheetData>{tail}</worksheet>'
    ).encode()


NEAR = '<row r="1"><c r="A1"><v>1</v></c><c r="C2"><v>2</v></c></row>'
# attributes ending in `r` that are not references, as Excel writes after the cells
FOOTER = '<pageMargins header="0.3" footer="0.3"/><dataValidation error="Pick one"/>'


def test_a_sheet_of_near_references_is_measured_by_its_dimension() -> None:
    assert _extent(_sheet(NEAR, tail=FOOTER)) == (2, 3)


@pytest.mark.parametrize(
    "far",
    [
        '<c r="XFD51"><v>1</v></c>',  # three letters
        '<c r="CW2"><v>1</v></c>',  # the first column past the limit
        '<c r="A300001"><v>1</v></c>',  # six digits
        '<c r= "XFD51"><v>1</v></c>',
        '<c r = "XFD51"><v>1</v></c>',
        '<c r\t=\n"XFD51"><v>1</v></c>',
        "<c r='XFD51'><v>1</v></c>",
    ],
)
def test_a_far_reference_is_found_however_it_is_written(far: str) -> None:
    rows, columns = _extent(_sheet(NEAR + f'<row r="2">{far}</row>'))
    assert rows > 300_000 or columns > 100


def test_a_far_reference_after_many_unusual_ones_is_still_found() -> None:
    # two-letter columns within the limit are unusual but near; past the ones looked at one
    # by one, the rest of the sheet is still searched
    wide = "".join(f'<c r="A{letter}{n}"><v>1</v></c>' for n in range(2, 40) for letter in "ABC")
    assert _extent(_sheet(NEAR + wide, dimension="A1:AC39")) == (39, 29)
    far = _sheet(NEAR + wide + '<c r="XFD40"><v>1</v></c>', dimension="A1:AC39")
    assert _extent(far)[1] == 16_384
