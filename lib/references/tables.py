"""The References page's tables, as DataFrames a test can read without Streamlit."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from lib.references.requests import RequestView

COLUMNS = [
    "Request", "Customer", "Activity", "Deal", "Prospect", "Status", "Requested by",
    "Requested", "Decided by", "Decided", "Note", "Helped", "Again", "Feedback",
]  # fmt: skip


def requests_table(views: Sequence[RequestView]) -> pd.DataFrame:
    """Every request with each step's who and when."""
    return pd.DataFrame(
        [
            [
                v.id, v.customer, v.activity, v.deal_id, v.prospect, v.status, v.requested_by,
                v.requested_at, v.decided_by, v.decided_at, v.note, v.helped, v.would_again,
                v.feedback,
            ]
            for v in views
        ],
        columns=COLUMNS,
    )  # fmt: skip


def summary(v: RequestView) -> str:
    """'call with Lakeshore Clinics for Acme Health (deal OPP-7)' — one line, plain text."""
    text = f"{v.activity} with {v.customer}"
    if v.prospect:
        text += f" for {v.prospect}"
    if v.deal_id:
        text += f" (deal {v.deal_id})"
    return text
