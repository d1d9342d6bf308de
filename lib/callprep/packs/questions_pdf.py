"""The discovery-question sheet as a printable PDF: stage by stage, room to write answers."""

from __future__ import annotations

from lib.callprep.packs.model import CallPrepPack
from lib.callprep.packs.pdf import MARGIN, new_pdf


def render(pack: CallPrepPack, paper: str = "Letter") -> bytes:
    pdf = new_pdf(paper)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title(f"Discovery questions: {pack.header.company}")
    pdf.add_page()
    width = pdf.w - 2 * MARGIN
    h = pack.header
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(
        width, 7, f"Discovery questions: {h.company}", new_x="LMARGIN", new_y="NEXT", align="L"
    )
    pdf.set_font("DejaVu", "", 9)
    facts = [h.industry, h.company_size, f"{h.date:%Y-%m-%d}", ", ".join(h.attendees)]
    pdf.multi_cell(
        width, 5, " · ".join(f for f in facts if f), new_x="LMARGIN", new_y="NEXT", align="L"
    )
    pdf.ln(2)
    number = 0
    for stage, questions in pack.questions.by_stage():
        pdf.set_fill_color(232, 238, 247)
        pdf.set_font("DejaVu", "B", 11)
        pdf.cell(width, 7, stage.capitalize(), fill=True, new_x="LMARGIN", new_y="NEXT", align="L")
        pdf.ln(1)
        for q in questions:
            number += 1
            pdf.set_font("DejaVu", "B", 9.5)
            pdf.multi_cell(
                width, 4.6, f"{number}. {q.text}", new_x="LMARGIN", new_y="NEXT", align="L"
            )
            pdf.set_font("DejaVu", "", 8.5)
            context = [q.use_case_title or "General", q.persona or "anyone"]
            if q.listen_for:
                context.append(f"listen for: {q.listen_for}")
            pdf.multi_cell(
                width, 4.2, " · ".join(context), new_x="LMARGIN", new_y="NEXT", align="L"
            )
            pdf.set_draw_color(200, 200, 200)
            for _ in range(2):  # lines to write the answer on
                pdf.ln(5)
                pdf.line(MARGIN, pdf.get_y(), pdf.w - MARGIN, pdf.get_y())
            pdf.ln(3)
    if not number:
        pdf.set_font("DejaVu", "", 10)
        pdf.multi_cell(
            width, 5, "No discovery questions for these use cases and personas yet.", align="L"
        )
    return bytes(pdf.output())
