"""A small library whose customers each stand for one reason a file may not name them, and
outgoing files made the way reps make them (python-docx, python-pptx, fpdf2, openpyxl, email)."""

from __future__ import annotations

import datetime as dt
import io
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Engine

from tests.builders import library, outcome, uc

TODAY = dt.date(2026, 11, 24)

# customer -> why the file may not name them (None: it may)
CUSTOMERS: dict[str, str | None] = {
    "Zorblax Holdings": "internal only",
    "Quintrel GmbH": "permission expired 2026-01-31",
    "Vantorix Medical": "anonymized",
    "Lakeshore Orthopedic Partners": "approved for web, press only, not sales",
    "Summit Health": "internal only",
    "Granite Peak Outdoor": None,
    "Summit Auto Insurance": None,
    "Meridian Freight": None,  # public for sales, with an internal outcome too
}


def ledger_library(engine: Engine) -> Engine:
    def o(id: str, customer: str, **fields: Any) -> dict[str, Any]:
        return outcome(id, "UC-1", customer=customer, date=TODAY, **fields)

    return library(
        engine,
        use_cases=[uc("UC-1")],
        outcomes=[
            o("O-ZOR", "Zorblax Holdings", permission="internal"),
            o("O-QUI", "Quintrel GmbH", permission_expires=dt.date(2026, 1, 31)),
            o("O-VAN", "Vantorix Medical", permission="anonymized"),
            o("O-LAK", "Lakeshore Orthopedic Partners", scope=["web", "press"]),
            o("O-SUH", "Summit Health", permission="internal"),
            o("O-GRA", "Granite Peak Outdoor", scope=["sales"]),
            o("O-SUA", "Summit Auto Insurance"),
            o("O-MER1", "Meridian Freight"),
            o("O-MER2", "Meridian Freight", permission="internal"),
        ],
    )


def word_file() -> bytes:
    """Names in a split run, a table, a header, a footer, a comment and the properties; and
    text that must not be taken for a name."""
    from docx import Document

    doc = Document()
    doc.add_heading("Proposal for Acme", 0)
    p = doc.add_paragraph("Like ")
    p.add_run("Zor").bold = True  # Word splits a name into runs where its formatting changes
    p.add_run("blax Holdings, you can cut review time.")
    doc.add_paragraph("Granite Peak Outdoor and Summit Auto Insurance went live in peak season.")
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Customer"
    table.cell(1, 0).text = "Quintrel GmbH"
    table.cell(1, 1).text = "-40% review time"
    section = doc.sections[0]
    section.header.paragraphs[0].text = "Prepared with VANTORIX's help"
    section.footer.paragraphs[0].text = "Confidential"
    run = doc.add_paragraph("Next steps: a pilot.").runs[0]
    doc.add_comment(run, text="Ask Summit Health for a quote?", author="Rep")
    doc.core_properties.keywords = "Lakeshore Orthopedic Partners, pilot"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def deck_file() -> bytes:
    from pptx import Presentation
    from pptx.util import Inches

    deck = Presentation()
    blank = deck.slide_layouts[6]
    titled = deck.slide_layouts[1]
    first = deck.slides.add_slide(titled)
    first.shapes.title.text = "Acme and us"
    first.placeholders[1].text = "Granite Peak Outdoor cut returns"
    second = deck.slides.add_slide(blank)
    box = second.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
    box.text_frame.text = "Vantorix's nurses got an hour back"
    third = deck.slides.add_slide(blank)
    rows = third.shapes.add_table(2, 2, Inches(1), Inches(1), Inches(6), Inches(1)).table
    rows.cell(0, 0).text = "Who"
    rows.cell(1, 0).text = "Lakeshore Orthopedic\nPartners"
    fourth = deck.slides.add_slide(blank)
    fourth.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1)).text_frame.text = (
        "Questions?"
    )
    fourth.notes_slide.notes_text_frame.text = "Do not mention Zorblax\nHoldings by name."
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def pdf_file() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_title("Acme proposal")
    pdf.set_author("Quintrel GmbH account team")
    pdf.set_font("Helvetica", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 8, "Summit Auto Insurance closes claims faster.")
    pdf.add_page()
    pdf.multi_cell(0, 8, "Results at Summit Health:\n-38% records lookup time.")
    return bytes(pdf.output())


def workbook_file() -> bytes:
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    book = Workbook()
    proof = book.active
    proof.title = "Proof"
    proof["A1"] = "Customer"
    proof["B7"] = "Zorblax Holdings"
    proof["C3"] = 42
    proof["C3"].comment = Comment("from the vantorix medical review", "Rep")
    proof.oddFooter.center.text = "Quintrel GmbH confidential"
    book.create_sheet("Lakeshore")
    book.properties.creator = "Granite Peak Outdoor fan club"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def text_file() -> bytes:
    return (
        b"# Notes for Acme\n\nGranite Peak Outdoor is a fine reference.\n"
        b"We learned a lot from Summit\nHealth last year.\n"
    )


def email_file() -> bytes:
    message = EmailMessage()
    message["Subject"] = "Follow-up: what Meridian Freight did"
    message["From"] = "rep@example.com"
    message["To"] = "buyer@acme.example"
    message.set_content("Hello,\n\nSee the attached proposal.\n")
    message.add_alternative("<p>Hello,</p><p>As <b>Vantorix&nbsp;Medical</b> found...</p>",
                            subtype="html")  # fmt: skip
    message.add_attachment(
        word_file(),
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
        filename="proposal.docx",
    )
    return bytes(message)
