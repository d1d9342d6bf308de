"""The coverage page's plotly figures, and reading a cell back from a chart selection.

The matrix is drawn as a grid of square markers rather than a `go.Heatmap`: Streamlit's chart
selections only report points of scatter-like traces, and a click on a heatmap cell comes back
empty. Square markers look like a heatmap and a click on one names its industry and persona.

Industry and persona names are library text, and Plotly draws HTML (`<a href>`, `<b>`) in tick
labels and hover text: every drawn label goes through `safe_text.plotly_text`, while the raw
names ride along in `customdata` so a click still names the real cell.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from lib.core.safe_text import plotly_text
from lib.coverage.snapshots import CHARTED

ROW_HEIGHT = 42
GAP_COLOUR = "#f4a6a0"  # an empty cell: clearly not just "a little"
FEW_COLOUR = "#e3edf8"
MANY_COLOUR = "#1d4e89"
NOT_APPLICABLE_COLOUR = "#eeeeee"  # a cell that cannot exist: neither a gap nor coverage
NOT_APPLICABLE_TEXT = "n/a"
DAY_MS = 24 * 60 * 60 * 1000
DAILY_TICKS_UP_TO = 14  # days shown one tick each; longer histories let plotly space them


def _colour_scale(top: int) -> list[list[object]]:
    """Red for 0, then light to dark blue from 1 to `top`; the colour bar shows the red band."""
    edge = 0.5 / max(top, 1)
    return [[0.0, GAP_COLOUR], [edge, GAP_COLOUR], [edge, FEW_COLOUR], [1.0, MANY_COLOUR]]


def _colour_bar(title: str, top: int) -> dict[str, object]:
    step = max(1, -(-top // 6))  # at most about seven ticks
    values = list(range(0, max(top, 1) + 1, step))
    return {
        "title": {"text": plotly_text(title).replace(" ", "<br>", 1), "side": "top"},
        "thickness": 14,
        "tickvals": values,
        "ticktext": ["0 · gap" if v == 0 else str(v) for v in values],
    }


def matrix_figure(
    matrix: pd.DataFrame,
    title: str,
    not_applicable: frozenset[tuple[str, str]] | set[tuple[str, str]] = frozenset(),
) -> go.Figure:
    """Industries down, personas across, one coloured square per cell with its count.

    Cells in `not_applicable` (a persona that does not exist in that industry) are grey and
    marked n/a, so an empty one is not mistaken for a gap.
    """
    industries = [str(i) for i in matrix.index]
    personas = [str(p) for p in matrix.columns]
    xs, ys, counts, cells = [], [], [], []
    na_xs, na_ys, na_cells = [], [], []
    for industry, industry_row in zip(industries, matrix.index, strict=True):
        for persona, persona_column in zip(personas, matrix.columns, strict=True):
            if (industry, persona) in not_applicable:
                na_xs.append(plotly_text(persona))
                na_ys.append(plotly_text(industry))
                na_cells.append([industry, persona])
                continue
            xs.append(plotly_text(persona))
            ys.append(plotly_text(industry))
            cells.append([industry, persona])
            counts.append(int(matrix.at[industry_row, persona_column]))
    top = max(counts, default=0)
    figure = go.Figure(
        go.Scatter(
            x=xs,
            y=ys,
            mode="markers+text",
            text=[str(c) for c in counts],
            textfont={"color": ["white" if top and c > top * 0.55 else "#1f2937" for c in counts]},
            # After a click the other squares fade; keep their numbers readable.
            unselected={"marker": {"opacity": 0.3}, "textfont": {"color": "#4b5563"}},
            customdata=cells,  # raw names, never drawn: the hover template shows x and y
            hovertemplate="%{y} × %{x}<br>" + plotly_text(title) + ": %{text}<extra></extra>",
            marker={
                "symbol": "square",
                "size": ROW_HEIGHT - 6,
                "color": counts,
                "colorscale": _colour_scale(top),
                "cmin": 0,
                "cmax": max(top, 1),
                "line": {"width": 1, "color": "#ffffff"},
                "colorbar": _colour_bar(title, top),
            },
        )
    )
    if na_xs:
        figure.add_trace(
            go.Scatter(
                x=na_xs,
                y=na_ys,
                mode="markers+text",
                text=[NOT_APPLICABLE_TEXT] * len(na_xs),
                textfont={"color": "#6b7280"},
                customdata=na_cells,  # raw names; the drawn ones are escaped
                hovertemplate="%{y} × %{x}<br>not applicable: the persona is not in this "
                "industry<extra></extra>",
                marker={
                    "symbol": "square",
                    "size": ROW_HEIGHT - 6,
                    "color": NOT_APPLICABLE_COLOUR,
                    "line": {"width": 1, "color": "#ffffff"},
                },
                showlegend=False,
            )
        )
    longest = max((len(i) for i in industries), default=0)
    figure.update_layout(
        height=max(220, 90 + ROW_HEIGHT * len(industries)),
        width=min(1400, 220 + 7 * longest + int(ROW_HEIGHT * 1.6) * len(personas)),
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis={"side": "top", "type": "category", "categoryorder": "array",
               "categoryarray": [plotly_text(p) for p in personas], "showgrid": False},
        yaxis={"type": "category", "categoryorder": "array",
               "categoryarray": [plotly_text(i) for i in reversed(industries)],
               "showgrid": False},
        plot_bgcolor="rgba(0,0,0,0)",
        showlegend=False,  # the colour bar explains the colours; n/a squares say so in words
        clickmode="event+select",
        dragmode=False,
    )  # fmt: skip
    return figure


def selected_cell(selection: Mapping[str, Any] | None) -> tuple[str, str] | None:
    """(industry, persona) of the clicked square in a `st.plotly_chart` selection, if any."""
    points = ((selection or {}).get("selection") or {}).get("points") or []
    for point in points:
        custom = point.get("customdata")
        if isinstance(custom, list | tuple) and len(custom) == 2:
            return str(custom[0]), str(custom[1])
        if point.get("y") is not None and point.get("x") is not None:  # drawn (escaped) names
            return html.unescape(str(point["y"])), html.unescape(str(point["x"]))
    return None


def history_figure(history: pd.DataFrame) -> go.Figure:
    """Coverage over time: one line per headline percentage, one point per recorded day."""
    figure = go.Figure()
    for column, label in CHARTED.items():
        if column in history:
            figure.add_trace(
                go.Scatter(
                    x=list(history.index),
                    y=list(history[column]),
                    mode="lines+markers",
                    name=plotly_text(label),
                )
            )
    # Snapshots are daily: label days, never the hours plotly picks for a short range.
    xaxis: dict[str, object] = {"type": "date", "tickformat": "%Y-%m-%d", "hoverformat": "%Y-%m-%d"}
    if len(history) <= DAILY_TICKS_UP_TO:
        xaxis["dtick"] = DAY_MS
    if len(history) == 1:  # one point: a day either side, not a few hours
        day = pd.Timestamp(history.index[0])
        xaxis["range"] = [
            (day - pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
            (day + pd.Timedelta(days=1)).strftime("%Y-%m-%d"),
        ]
    figure.update_layout(
        height=320,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        xaxis=xaxis,
        yaxis={"title": {"text": "%"}, "range": [0, 105]},
        legend={"orientation": "h", "y": -0.2},
    )
    return figure
