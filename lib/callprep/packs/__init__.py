"""Call-prep packs and discovery-question sheets in every format a rep downloads.

`export` is the one door: it renders a pack in a format, names the file and logs the
generation (use cases, the outcomes actually shown, segment, format) in the usage log.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from lib.callprep.packs import docx, markdown, pdf, questions_pdf, questions_xlsx
from lib.callprep.packs.model import CallPrepPack, PackError, build_pack, file_name
from lib.core.usage import record_generation

__all__ = [
    "FORMATS",
    "CallPrepPack",
    "Export",
    "PackError",
    "build_pack",
    "export",
    "export_name",
    "log_generation",
    "render",
]


@dataclass(frozen=True)
class Format:
    label: str
    kind: str  # "pack" or "questions", as logged
    prefix: str
    extension: str
    mime: str
    render: Callable[[CallPrepPack, str], bytes]


FORMATS: dict[str, Format] = {
    "pdf": Format("Pack (PDF)", "pack", "call-prep", "pdf", "application/pdf", pdf.render),
    "docx": Format(
        "Pack (Word)",
        "pack",
        "call-prep",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx.render,
    ),
    "md": Format(
        "Pack (Markdown)",
        "pack",
        "call-prep",
        "md",
        "text/markdown",
        lambda pack, _paper: markdown.render(pack).encode("utf-8"),
    ),
    "xlsx": Format(
        "Questions (Excel)",
        "questions",
        "discovery-questions",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        questions_xlsx.render,
    ),
    "questions-pdf": Format(
        "Questions (PDF)",
        "questions",
        "discovery-questions",
        "pdf",
        "application/pdf",
        questions_pdf.render,
    ),
}


@dataclass(frozen=True)
class Export:
    file_name: str
    mime: str
    data: bytes


def export_name(pack: CallPrepPack, format: str) -> str:
    """The download's file name, known before the bytes are made."""
    if format not in FORMATS:
        raise PackError(f"Unknown format '{format}'; use one of {', '.join(FORMATS)}.")
    spec = FORMATS[format]
    return file_name(spec.prefix, pack.header.company, pack.header.date, spec.extension)


def render(pack: CallPrepPack, format: str, paper: str = "Letter") -> Export:
    """The pack in `format` (a key of FORMATS) with its file name; nothing is logged."""
    name = export_name(pack, format)
    spec = FORMATS[format]
    return Export(name, spec.mime, spec.render(pack, paper))


def export(
    engine: Engine,
    pack: CallPrepPack,
    format: str,
    paper: str = "Letter",
    *,
    who: str = "",
    deal_id: str = "",
) -> Export:
    """Render the pack and log the generation, by `who` for deal `deal_id`, in the usage log."""
    result = render(pack, format, paper)
    log_generation(engine, pack, format, who=who, deal_id=deal_id)
    return result


def log_generation(
    engine: Engine, pack: CallPrepPack, format: str, *, who: str = "", deal_id: str = ""
) -> None:
    """Log that `who` generated the pack in `format` for deal `deal_id` (once the file
    exists)."""
    spec = FORMATS[format]
    record_generation(
        engine,
        kind=spec.kind,
        format=format,
        use_case_ids=pack.use_case_ids,
        outcome_ids=pack.outcome_ids if spec.kind == "pack" else [],
        prospect=pack.header.company,
        industry=pack.header.industry,
        company_size=pack.header.company_size,
        who=who,
        deal_id=deal_id,
    )
