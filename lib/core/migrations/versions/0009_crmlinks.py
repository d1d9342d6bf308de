"""After the call: how each prep landed, wins reps nominate for marketing's queue, and a rep's
own preps found without scanning everyone's

Revision ID: 0009_crmlinks
Revises: 0009_workbook
Create Date: 2026-12-02 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_crmlinks"
down_revision = "0009_workbook"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "prep_feedback",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "usage_event_id",
            sa.Integer(),
            sa.ForeignKey("usage_event.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("who", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("landed", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("reference_asked", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("objection", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_prep_feedback_usage_event_id", "prep_feedback", ["usage_event_id"])
    op.create_table(
        "win_nomination",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "outcome_id",
            sa.String(length=120),
            sa.ForeignKey("outcome.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("use_case_id", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("deal_id", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("who", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("what_changed", sa.Text(), nullable=False, server_default=""),
        sa.Column("numbers", sa.Text(), nullable=False, server_default=""),
        sa.Column("quote", sa.Text(), nullable=False, server_default=""),
        sa.Column("permission_known", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("done_by", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("done_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_win_nomination_outcome_id", "win_nomination", ["outcome_id"])
    op.create_index("ix_usage_event_who_at", "usage_event", ["who", "at"])


def downgrade() -> None:
    op.drop_index("ix_usage_event_who_at", table_name="usage_event")
    op.drop_index("ix_win_nomination_outcome_id", table_name="win_nomination")
    op.drop_table("win_nomination")
    op.drop_index("ix_prep_feedback_usage_event_id", table_name="prep_feedback")
    op.drop_table("prep_feedback")
