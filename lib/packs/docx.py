"""The pack as a Word document (python-docx), for reps who edit before sending."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.shared import Mm, Pt

from lib.packs.model import CallPrepPack

PAPER_MM = {"Letter": (215.9, 279.4), "A4": (210.0, 297.0)}


def render(pack: CallPrepPack, paper: str = "Letter") -> bytes:
    doc = Document()
    section = doc.sections[0]
    width, height = PAPER_MM.get(paper, PAPER_MM["Letter"])
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(width), Mm(height)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    doc.styles["Normal"].font.size = Pt(10)
    h = pack.header
    section.footer.paragraphs[0].text = f"Call prep · {h.company} · {h.date:%Y-%m-%d}"

    doc.add_heading(f"Call prep: {h.company}", level=1)
    facts = h.facts()
    table = doc.add_table(rows=len(facts), cols=2)
    table.style = "Light List"
    for row, (label, value) in zip(table.rows, facts, strict=True):
        row.cells[0].text = label
        row.cells[1].text = value

    for n, s in enumerate(pack.sections, 1):
        doc.add_heading(f"{n}. {s.title}", level=2)
        doc.add_paragraph(s.scenario())
        _list(doc, "Benefits", s.benefits)
        if s.proof is not None:
            p = doc.add_paragraph()
            p.add_run("Proof: ").bold = True
            p.add_run(s.proof_line)
            if s.proof.quote:
                doc.add_paragraph(f"“{s.proof.quote}”", style="Quote")
        _list(doc, "Likely objections / what if", s.objections)
        _list(doc, "Ask", [q.text for q in s.questions[:3]])
    if pack.next_steps:
        doc.add_heading("Next steps", level=2)
        for step in pack.next_steps:
            doc.add_paragraph(step, style="List Number")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _list(doc: DocxDocument, title: str, items: Sequence[str]) -> None:
    if not items:
        return
    p = doc.add_paragraph()
    p.add_run(title).bold = True
    for item in items:
        doc.add_paragraph(item, style="List Bullet")
