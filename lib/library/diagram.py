"""A UML use-case diagram as Graphviz DOT: actors outside, use cases inside the system boundary.

The primary actor stands on the left and secondary actors (payment services, back offices) on
the right, as in the textbook diagram. Every label is user text, so it is escaped for DOT.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from lib.core.models import UseCase

SYSTEM_NAME = "Product"
ACTOR_MARK = "«actor»"
ACTOR_STYLE = 'shape=box, style="rounded", color="#555555"'


@dataclass(frozen=True)
class DiagramCase:
    id: str
    title: str
    primary_actor: str
    secondary_actors: list[str]


USE_CASE_LABEL_LIMIT = 90  # about three lines; the tooltip keeps the whole title
ACTOR_LABEL_LIMIT = 54


def shortened(text: str, limit: int) -> str:
    """`text` on one line, cut at a word boundary with '…' when longer than `limit`."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    cut = line[: limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-") + "…"


def dot_text(text: str, width: int = 28) -> str:
    """`text` as the inside of a DOT double-quoted string, wrapped at about `width` chars."""
    words = str(text or "").replace("\r", " ").replace("\n", " ").split()
    lines: list[str] = []
    line = ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    if line:
        lines.append(line)
    escaped = [w.replace("\\", "\\\\").replace('"', '\\"') for w in lines]
    return "\\n".join(escaped)


def _actor_node(node: str, actor: str) -> str:
    label = dot_text(shortened(actor, ACTOR_LABEL_LIMIT), 18)
    return f'    {node} [label="{ACTOR_MARK}\\n{label}", {ACTOR_STYLE}];'


def use_case_dot(cases: Iterable[DiagramCase], system: str = SYSTEM_NAME) -> str:
    """DOT source for one or several use cases and the actors they share."""
    cases = list(cases)
    primary: dict[str, str] = {}
    secondary: dict[str, str] = {}
    for case in cases:
        if case.primary_actor:
            primary.setdefault(case.primary_actor, f"a{len(primary)}")
    for case in cases:
        for actor in case.secondary_actors:
            if actor and actor not in primary:
                secondary.setdefault(actor, f"s{len(secondary)}")
    node_of = {**secondary, **primary}

    lines = [
        "digraph use_cases {",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=11];',
        '  edge [arrowhead=none, color="#555555"];',
        "  subgraph cluster_left { style=invis;",
    ]
    for actor, node in primary.items():
        lines.append(_actor_node(node, actor))
    lines.append("  }")
    lines.append("  subgraph cluster_system {")
    lines.append(f'    label="{dot_text(system)}"; labelloc=t; style=rounded; color="#888888";')
    for i, case in enumerate(cases):
        label = dot_text(shortened(case.title, USE_CASE_LABEL_LIMIT))
        tooltip = dot_text(f"{case.id}: {case.title}", 200)
        lines.append(
            f'    uc{i} [label="{label}", tooltip="{tooltip}", shape=ellipse, '
            'style=filled, fillcolor="#eef4fb"];'
        )
    lines.append("  }")
    lines.append("  subgraph cluster_right { style=invis;")
    for actor, node in secondary.items():
        lines.append(_actor_node(node, actor))
    lines.append("  }")
    for i, case in enumerate(cases):
        if case.primary_actor:
            lines.append(f"  {node_of[case.primary_actor]} -> uc{i};")
        for actor in dict.fromkeys(case.secondary_actors):
            if actor and actor != case.primary_actor:
                lines.append(f"  uc{i} -> {node_of[actor]};")
    lines.append("}")
    return "\n".join(lines)


def diagram_cases(engine: Engine, use_case_ids: Sequence[str]) -> list[DiagramCase]:
    """The named use cases (in the given order) with their actors, ready to draw."""
    with Session(engine) as session:
        rows = session.execute(
            select(
                UseCase.id, UseCase.title, UseCase.primary_actor, UseCase.secondary_actors
            ).where(UseCase.id.in_(list(use_case_ids)))
        ).all()
    by_id = {
        r.id: DiagramCase(r.id, r.title, r.primary_actor or "", list(r.secondary_actors or []))
        for r in rows
    }
    return [by_id[i] for i in use_case_ids if i in by_id]
