from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import openpyxl
import pypdf
import pytest
from docx import Document
from fpdf import FPDF
from sqlalchemy import Engine

from lib.callprep.candidates import BenefitRecord, load_candidates
from lib.callprep.packs import PackError, build_pack, export, render
from lib.callprep.packs import pdf as pack_pdf
from lib.callprep.packs.model import benefit_line, objection
from lib.callprep.prospect import Prospect
from lib.core.usage import usage_events
from tests.builders import benefit, library, outcome, question, uc
from tests.callprep_data import HIDDEN, PUBLIC, SECRET, TODAY, rep_library
from tests.pack_text import every_format, pdf_text

PROSPECT = Prospect(
    company="Clínica São Paulo",
    industry="Healthcare",
    company_size="Mid-market",
    personas=("CIO", "COO"),
    pains="records lookup time",
    objective="Agree a pilot — budget in € before Q1",
    date=TODAY,
)


def test_no_internal_or_anonymized_customer_name_in_any_format(engine: Engine) -> None:
    rep_library(engine)
    # A step that names an anonymized customer must not leak it either.
    library(engine, use_cases=[uc("UC-LEAK", "Chart faster", industries=["Healthcare"],
                                  main_steps=[f"As at {HIDDEN}, the nurse charts at the bedside"],
                                  personas=["CIO"])],
            outcomes=[outcome("O-LEAK", "UC-LEAK", customer=HIDDEN, permission="anonymized",
                              quote=f"{HIDDEN} loves it", date=TODAY)])  # fmt: skip
    # A question naming the customer by one word loses it; the rest of it stays as written.
    library(engine, questions=[question("Q-PEAK", "Peak-season staffing: who covers Northwind?",
                                        stage="problem", use_case_id="UC-LEAK")])  # fmt: skip
    pack = build_pack(engine, PROSPECT, ["UC-REC", "UC-BILL", "UC-LEAK"], today=TODAY)
    asked = [q.text for q in pack.questions.questions]
    assert "Peak-season staffing: who covers a customer?" in asked
    texts = every_format(pack)
    for fmt, text in texts.items():
        flat = " ".join(text.split())
        for name in (SECRET, "Globex", HIDDEN, "Northwind"):
            assert name.lower() not in flat.lower(), f"{name} appears in {fmt}"
    for fmt in ("pdf", "docx", "md"):
        assert PUBLIC in " ".join(texts[fmt].split()), fmt  # public proof may be named
    assert pack.outcome_ids == ["O-PUB", "O-LEAK"]


def test_markdown_escapes_user_text(engine: Engine) -> None:
    library(engine, use_cases=[uc("UC-X", "<script>alert(1)</script> *bold* [link](http://x)")])
    md = render(build_pack(engine, Prospect(company="A_B"), ["UC-X"], TODAY), "md").data.decode()
    assert "<script>" not in md
    assert "&lt;script&gt;" in md
    assert r"\*bold\*" in md and r"\[link\]" in md


def longest_library(engine: Engine) -> list[str]:
    sentence = ("The charge nurse searches the patient record by name, date of birth or MRN in "
                "São Paulo — é ü ñ € — and the system returns every matching record with "
                "its allergies, medications and the last three encounters. ")  # fmt: skip
    ids = [f"UC-L{i}" for i in range(3)]
    library(
        engine,
        use_cases=[
            uc(uid, "Find and reconcile every patient record across wards " * 3,
               goal=sentence * 2, primary_actor="Charge nurse", industries=["Healthcare"],
               personas=["CIO", "COO"], main_steps=[sentence * 2] * 14,
               extensions=[{"step": f"{k}a", "kind": "exception",
                            "condition": "The record is locked by another ward " * 3,
                            "steps": [sentence]} for k in range(8)],
               benefits=[benefit(f"B-{uid}-{k}", sentence * 2, persona_id="CIO")
                         for k in range(10)])
            for uid in ids
        ],
        outcomes=[outcome(f"O-{uid}", uid, customer=PUBLIC, permission="public",
                          quote=sentence * 6, date=TODAY) for uid in ids],
        questions=[question(f"Q-{uid}-{k}", f"{k}: {sentence}?", stage="problem", use_case_id=uid)
                   for uid in ids for k in range(12)],
    )  # fmt: skip
    return ids


@pytest.mark.parametrize("paper", ["Letter", "A4"])
def test_the_pdf_is_one_page_for_the_longest_content(engine: Engine, paper: str) -> None:
    ids = longest_library(engine)
    prospect = Prospect(company="Clínica São Paulo " * 6, industry="Healthcare",
                        personas=("CIO", "COO"), objective="Agree a pilot " * 30,
                        date=TODAY)  # fmt: skip
    pack = build_pack(engine, prospect, ids, today=TODAY)
    data = render(pack, "pdf", paper).data
    pages, text = pdf_text(data)
    assert pages == 1
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    expected = (612, 792) if paper == "Letter" else (595, 842)
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == expected
    assert "…" in text  # shortened, visibly
    stream = page.get_contents().get_data().decode("latin-1")
    sizes = [float(x) for x in re.findall(r"/F\d+ ([\d.]+) Tf", stream)]
    assert sizes and min(sizes) >= 7.0  # never below the readable minimum
    pdf = pack_pdf.new_pdf(paper)
    chosen = pack_pdf.fit(pdf, pack)
    assert chosen.level > 0  # shortened: the smallest size was not enough at full length

    def fits(size: float, level: int) -> bool:
        return (
            pack_pdf._layout(pdf, pack, size, pack_pdf.LEVELS[level], False).y
            <= pdf.h - pack_pdf.MARGIN
        )

    assert not fits(pack_pdf.FONT_SIZES[-1], chosen.level - 1)
    assert fits(chosen.size, chosen.level)
    bigger = [s for s in pack_pdf.FONT_SIZES if s > chosen.size]
    assert not bigger or not fits(min(bigger), chosen.level)  # the room freed is used
    for title_start in ("1. Find and reconcile", "2. Find and reconcile", "3. Find and reconcile"):
        assert title_start in text  # every use case still there
    assert "Next steps" in text


class _DatedFPDF(FPDF):
    """An FPDF whose creation date is fixed, so that two renders can be compared byte for byte."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_creation_date(dt.datetime(2026, 11, 24, 9, 30, tzinfo=dt.UTC))


def test_fonts_parsed_once_give_the_pdfs_that_fonts_added_from_their_files_give(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each document gets its own copy of the fonts parsed once: the same bytes as fonts added
    from their files, whatever documents came before it (the output subsets a font in place)."""
    ids = longest_library(engine)
    short = build_pack(engine, PROSPECT, ids[:1], today=TODAY)
    long = build_pack(engine, Prospect(company="Clínica São Paulo", industry="Healthcare",
                                       objective="Agree a pilot " * 30, date=TODAY),
                      ids, today=TODAY)  # fmt: skip
    monkeypatch.setattr(pack_pdf, "FPDF", _DatedFPDF)
    cases = [(short, "pdf", "Letter"), (long, "pdf", "A4"),
             (short, "questions-pdf", "A4"), (long, "questions-pdf", "Letter")]  # fmt: skip
    cached = [render(*case).data for case in cases]
    again = [render(*case).data for case in reversed(cases)][::-1]
    with monkeypatch.context() as m:
        m.setattr(pack_pdf, "_add_font", lambda pdf, style, file: pdf.add_font(
            pack_pdf.FAMILY, style, pack_pdf.FONTS / file))  # fmt: skip
        from_files = [render(*case).data for case in cases]
    assert cached == from_files
    assert again == from_files


def test_a_pdf_does_not_parse_its_fonts_again(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    rep_library(engine)
    pack = build_pack(engine, PROSPECT, ["UC-REC", "UC-BILL"], today=TODAY)
    render(pack, "pdf")
    parsed: list[object] = []
    monkeypatch.setattr(FPDF, "add_font", lambda *args, **kwargs: parsed.append(args))
    for fmt in ("pdf", "questions-pdf"):
        assert pdf_text(render(pack, fmt).data)[1]
    assert parsed == []


def test_short_content_keeps_a_large_font_and_unicode_survives(engine: Engine) -> None:
    rep_library(engine)
    pack = build_pack(engine, PROSPECT, ["UC-REC"], today=TODAY)
    chosen = pack_pdf.fit(pack_pdf.new_pdf("Letter"), pack)
    assert (chosen.size, chosen.level) == (pack_pdf.FONT_SIZES[0], 0)
    pages, text = pdf_text(render(pack, "pdf").data)
    assert pages == 1
    for word in ("Clínica São Paulo", "€", "—", "Find a patient's records in seconds"):
        assert word in text


def test_formula_like_text_stays_text_in_the_sheet(engine: Engine) -> None:
    rep_library(engine)
    library(engine, questions=[question("Q-F1", "+1 what is the budget?", stage="situation"),
                               question("Q-F2", "-5% churn: is that right?", stage="problem"),
                               question("Q-F3", "@owner who signs?", stage="problem")])  # fmt: skip
    pack = build_pack(engine, PROSPECT, ["UC-REC"], today=TODAY)
    ws = openpyxl.load_workbook(io.BytesIO(render(pack, "xlsx").data)).active
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:3] == ["#", "Stage", "Question"] and header[-2:] == ["Answer", "Notes"]
    rows = list(ws.iter_rows(min_row=2))
    questions = {r[2].value: r for r in rows}
    for text in ("=SUM(A1:A3) is what our sheet says, right?", "+1 what is the budget?",
                 "-5% churn: is that right?", "@owner who signs?"):  # fmt: skip
        assert questions[text][2].data_type == "s"
    assert all(r[6].value is None and r[7].value is None for r in rows)  # Answer, Notes empty
    assert [r[0].value for r in rows] == list(range(1, len(rows) + 1))  # numbers, not text
    assert {r[1].value for r in rows} <= {"Situation", "Problem", "Implication", "Need-payoff"}
    assert ws.page_setup.orientation == "landscape"
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1)  # 1 page wide (1 is the default, omitted)
    assert ws.page_setup.fitToHeight == 0  # as many pages tall as it takes
    assert all(c.alignment.wrap_text for c in rows[0])


def test_every_generation_is_logged(engine: Engine) -> None:
    rep_library(engine)
    pack = build_pack(engine, PROSPECT, ["UC-REC", "UC-BILL"], today=TODAY)
    result = export(engine, pack, "pdf", who="rey@acme.com")
    export(engine, pack, "xlsx")
    assert result.file_name == "call-prep_clinica-sao-paulo_2026-11-24.pdf"
    events = usage_events(engine)
    assert [(e.kind, e.format) for e in events] == [("pack", "pdf"), ("questions", "xlsx")]
    assert [e.who for e in events] == ["rey@acme.com", ""]  # the rep, when known
    assert events[0].use_case_ids == ["UC-REC", "UC-BILL"]
    assert events[0].outcome_ids == ["O-PUB"]  # the outcome shown, not the internal ones
    assert (events[0].industry, events[0].company_size) == ("Healthcare", "Mid-market")
    assert events[0].prospect == "Clínica São Paulo"


def test_a_pack_refuses_use_cases_that_are_not_approved(engine: Engine) -> None:
    rep_library(engine)
    with pytest.raises(PackError, match="UC-DRAFT"):
        build_pack(engine, PROSPECT, ["UC-REC", "UC-DRAFT"], today=TODAY)


def test_pack_sections_hold_what_a_rep_needs(engine: Engine) -> None:
    rep_library(engine)
    pack = build_pack(load_candidates(engine), PROSPECT, ["UC-REC"], today=dt.date(2026, 11, 24))
    s = pack.sections[0]
    assert s.scenario().startswith("Nurse: A nurse finds")
    assert "1. The nurse searches" in s.scenario()
    assert s.benefits == (
        "Records lookup time falls: -38% records lookup time, for Chief Information Officer",
    )
    assert s.proof is not None and s.proof.customer == PUBLIC
    assert s.objections[0].startswith("What if the record is locked by another ward?")
    assert [q.id for q in s.questions] == ["Q-4", "Q-1"]
    assert "Chief Information Officer, Chief Operating Officer" in pack.next_steps[1]


def test_the_question_pdf_is_set_left_aligned(engine: Engine) -> None:
    """Justified lines stretch word gaps ("Walk  me  through"); the sheet is set ragged-right."""
    rep_library(engine)
    long = "Walk me through how this works today, from the first request to the result " * 3
    library(engine, questions=[question("Q-LONG", long.strip() + "?", stage="situation")])
    data = render(build_pack(engine, PROSPECT, ["UC-REC"], today=TODAY), "questions-pdf").data
    page = pypdf.PdfReader(io.BytesIO(data)).pages[0]
    assert "Walk me through" in page.extract_text()
    assert b" TJ" not in page.get_contents().get_data()  # no per-word spacing arrays


@pytest.mark.parametrize(
    ("metric", "line"),
    [
        ("No-show rate", "Fewer no-shows: -9% no-show rate"),
        ("NPS", "Fewer no-shows: -9% NPS"),
        ("CSAT score", "Fewer no-shows: -9% CSAT score"),
        (
            "Delay complaints per 1,000 visits",
            "Fewer no-shows: -9 delay complaints per 1,000 visits",
        ),
        ("Wait time", "Fewer no-shows: -9 complaints wait time"),
    ],
)
def test_a_benefit_reads_as_one_sentence(metric: str, line: str) -> None:
    unit = "%" if line.count("%") else "complaints"
    record = BenefitRecord("B-1", None, "Fewer no-shows", metric, None, None, -9.0, unit, "time")
    assert benefit_line(record) == line


def test_the_word_file_carries_its_own_properties(engine: Engine) -> None:
    rep_library(engine)
    data = render(build_pack(engine, PROSPECT, ["UC-REC"], today=TODAY), "docx").data
    props = Document(io.BytesIO(data)).core_properties
    assert props.title == "Call prep: Clínica São Paulo"
    assert "python-docx" not in f"{props.author} {props.comments} {props.last_modified_by}"
    assert props.created is not None and props.created.date() == TODAY


def test_too_many_use_cases_for_a_page_are_named_not_clipped(engine: Engine) -> None:
    """Even fully shortened, 30 use cases cannot all have a section: the last ones are named
    in one line and the next steps still close the page."""
    steps = ["The nurse searches the record by name, date of birth or ward"] * 6
    ids = [f"UC-{n:02d}" for n in range(30)]
    library(engine, use_cases=[uc(i, f"Story {i} about records", goal="A nurse finds records.",
                                  main_steps=steps, benefits=[benefit(f"B-{i}")])
                               for i in ids])  # fmt: skip
    pack = build_pack(engine, Prospect(company="Acme"), ids, today=TODAY)
    pages, text = pdf_text(render(pack, "pdf").data)
    flat = " ".join(text.split())
    assert pages == 1
    assert "Next steps" in flat and "1. Confirm the pains" in flat
    shown = pack_pdf.fit(pack_pdf.new_pdf("Letter"), pack).sections
    assert shown is not None and 1 <= shown < 30
    assert f"{shown}. Story UC-{shown - 1:02d}" in flat and f"{shown + 1}. Story" not in flat
    assert (
        f"+{30 - shown} more use cases in the Word and Markdown packs: Story UC-{shown:02d}" in flat
    )


@pytest.mark.parametrize(
    ("condition", "steps", "said"),
    [
        ("Dangerous goods", ["The system asks for the UN number"],
         "Dangerous goods? The system asks for the UN number."),
        ("The record is locked", ["The system shows who holds it", "offers read-only access"],
         "What if the record is locked? The system shows who holds it. Offers read-only access."),
        ("No slot within two weeks", [], "What if no slot within two weeks?"),
        ("ERP does not confirm the hold", ["The system blocks labels."],
         "What if ERP does not confirm the hold? The system blocks labels."),
    ],
)  # fmt: skip
def test_an_objection_reads_as_a_person_says_it(
    condition: str, steps: list[str], said: str
) -> None:
    assert objection(condition, steps) == said


def test_next_steps_are_never_cut_mid_title(engine: Engine) -> None:
    title = (
        "Reconcile every supplier invoice against the purchase order, the goods receipt and "
        "the contract price list before the payment run"
    )
    long = "The clerk matches the invoice line by line against the order and receipt. " * 6
    library(engine, use_cases=[
        uc(f"UC-{n}", f"{title} {n}", goal=long, main_steps=[long] * 6,
           benefits=[benefit(f"B-{n}-{k}", long) for k in range(4)])
        for n in range(6)
    ])  # fmt: skip
    pack = build_pack(engine, PROSPECT, [f"UC-{n}" for n in range(6)], today=TODAY)
    _pages, text = pdf_text(render(pack, "pdf").data)
    assert f"'{title} 0'" in " ".join(text.split())
