"""The pack as Markdown, to paste into an email or a CRM note.

User text goes through `lib.core.safe_text.export_markdown`: Markdown specials are backslashed,
HTML is turned into entities and autolinks are broken, so a use case called
"<b>Fast</b> *checkout*" reads exactly like that wherever it is pasted (and in the page preview).
"""

from __future__ import annotations

from lib.callprep.packs.model import CallPrepPack
from lib.core.safe_text import export_markdown
from lib.core.vocab import STAGES


def render(pack: CallPrepPack) -> str:
    h = pack.header
    lines = [f"# Call prep: {export_markdown(h.company)}", ""]
    lines += [f"- **{label}:** {export_markdown(value)}" for label, value in h.facts()]
    if h.heard:
        lines += ["", "## What we heard", ""]
        lines += [f"- “{export_markdown(said)}”" for said in h.heard]
    for n, s in enumerate(pack.sections, 1):
        lines += ["", f"## {n}. {export_markdown(s.title)}", "", export_markdown(s.scenario()), ""]
        if s.benefits:
            lines.append("**Benefits**")
            lines += [f"- {export_markdown(b)}" for b in s.benefits]
            lines.append("")
        if s.proof is not None:
            lines.append(f"**Proof:** {export_markdown(s.proof_line)}")
            if s.proof.quote:
                lines.append(f"> “{export_markdown(s.proof.quote)}”")
            lines.append("")
        if s.objections:
            lines.append("**Likely objections / what if**")
            lines += [f"- {export_markdown(o)}" for o in s.objections]
            lines.append("")
        if s.questions:
            lines.append("**Ask**")
            lines += [f"- {export_markdown(q.text)}" for q in s.questions[:3]]
            lines.append("")
    if pack.next_steps:
        lines += ["", "## Next steps", ""]
        lines += [f"{n}. {export_markdown(step)}" for n, step in enumerate(pack.next_steps, 1)]
    return "\n".join(lines).rstrip() + "\n"


def render_questions(pack: CallPrepPack) -> str:
    """The discovery-question sheet as Markdown (used by the page preview)."""
    lines = [f"# Discovery questions: {export_markdown(pack.header.company)}", ""]
    for stage, questions in pack.questions.by_stage():
        lines += [f"## {stage.capitalize()}", ""]
        for q in questions:
            hint = f" — *listen for:* {export_markdown(q.listen_for)}" if q.listen_for else ""
            lines.append(f"- {export_markdown(q.text)}{hint}")
        lines.append("")
    assert all(stage in STAGES for stage, _ in pack.questions.by_stage())
    return "\n".join(lines).rstrip() + "\n"
