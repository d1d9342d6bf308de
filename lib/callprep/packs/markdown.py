"""The pack as Markdown, to paste into an email or a CRM note.

User text is escaped: Markdown specials are backslashed and HTML is turned into entities, so a
use case called "<b>Fast</b> *checkout*" reads exactly like that wherever it is pasted.
"""

from __future__ import annotations

import re

from lib.callprep.packs.model import CallPrepPack
from lib.core.vocab import STAGES

_SPECIALS = re.compile(r"([\\`*_{}\[\]#|~$!])")


_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")


def escape(text: str) -> str:
    """One line of user text made inert in Markdown and HTML. A bare '&' stays as written
    ("Copperfield & Rowe", "AT&T" read the same pasted as plain text); only one that would
    start an entity ("&amp;") is escaped."""
    flat = " ".join((text or "").split())
    inert = _ENTITY_LIKE.sub("&amp;", flat).replace("<", "&lt;").replace(">", "&gt;")
    return _SPECIALS.sub(r"\\\1", inert)


def render(pack: CallPrepPack) -> str:
    h = pack.header
    lines = [f"# Call prep: {escape(h.company)}", ""]
    lines += [f"- **{label}:** {escape(value)}" for label, value in h.facts()]
    if h.heard:
        lines += ["", "## What we heard", ""]
        lines += [f"- “{escape(said)}”" for said in h.heard]
    for n, s in enumerate(pack.sections, 1):
        lines += ["", f"## {n}. {escape(s.title)}", "", escape(s.scenario()), ""]
        if s.benefits:
            lines.append("**Benefits**")
            lines += [f"- {escape(b)}" for b in s.benefits]
            lines.append("")
        if s.proof is not None:
            lines.append(f"**Proof:** {escape(s.proof_line)}")
            if s.proof.quote:
                lines.append(f"> “{escape(s.proof.quote)}”")
            lines.append("")
        if s.objections:
            lines.append("**Likely objections / what if**")
            lines += [f"- {escape(o)}" for o in s.objections]
            lines.append("")
        if s.questions:
            lines.append("**Ask**")
            lines += [f"- {escape(q.text)}" for q in s.questions[:3]]
            lines.append("")
    if pack.next_steps:
        lines += ["", "## Next steps", ""]
        lines += [f"{n}. {escape(step)}" for n, step in enumerate(pack.next_steps, 1)]
    return "\n".join(lines).rstrip() + "\n"


def render_questions(pack: CallPrepPack) -> str:
    """The discovery-question sheet as Markdown (used by the page preview)."""
    lines = [f"# Discovery questions: {escape(pack.header.company)}", ""]
    for stage, questions in pack.questions.by_stage():
        lines += [f"## {stage.capitalize()}", ""]
        for q in questions:
            hint = f" — *listen for:* {escape(q.listen_for)}" if q.listen_for else ""
            lines.append(f"- {escape(q.text)}{hint}")
        lines.append("")
    assert all(stage in STAGES for stage, _ in pack.questions.by_stage())
    return "\n".join(lines).rstrip() + "\n"
