"""Customer references with their limits, reference requests, a review interval per use case

Revision ID: 0009_references
Revises: 0009_workbook
Create Date: 2026-12-02 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_references"
down_revision = "0009_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("use_case") as batch:
        batch.add_column(sa.Column("review_interval_days", sa.Integer(), nullable=True))
    op.create_table(
        "customer_reference",
        sa.Column("id", sa.String(length=120), primary_key=True),
        sa.Column("customer", sa.String(length=200), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("role", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("activities", sa.JSON(), nullable=False),
        sa.Column("industry", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("company_size", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("max_asks_per_quarter", sa.Integer(), nullable=True),
        sa.Column("rest_days", sa.Integer(), nullable=True),
        sa.Column("do_not_ask_until", sa.Date(), nullable=True),
        sa.Column("at_risk", sa.String(length=3), nullable=False, server_default=""),
        sa.Column("account_owner", sa.String(length=320), nullable=False, server_default=""),
    )
    op.create_index("ix_customer_reference_customer", "customer_reference", ["customer"])
    op.create_table(
        "reference_request",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("reference_id", sa.String(length=120), nullable=False),
        sa.Column("customer", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("activity", sa.String(length=20), nullable=False, server_default="call"),
        sa.Column("deal_id", sa.String(length=120), nullable=False, server_default=""),
        sa.Column("prospect", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("why", sa.Text(), nullable=False, server_default=""),
        sa.Column("status", sa.String(length=20), nullable=False, server_default="open"),
        sa.Column("approver", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("requested_by", sa.String(length=320), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False, server_default=""),
        sa.Column("done_by", sa.String(length=320), nullable=False, server_default=""),
        sa.Column("done_at", sa.DateTime(), nullable=True),
        sa.Column("helped", sa.String(length=3), nullable=False, server_default=""),
        sa.Column("would_again", sa.String(length=3), nullable=False, server_default=""),
        sa.Column("feedback", sa.Text(), nullable=False, server_default=""),
    )
    op.create_index("ix_reference_request_reference_id", "reference_request", ["reference_id"])
    op.create_index("ix_reference_request_status", "reference_request", ["status"])
    op.create_index("ix_reference_request_requested_by", "reference_request", ["requested_by"])


def downgrade() -> None:
    op.drop_table("reference_request")
    op.drop_table("customer_reference")
    with op.batch_alter_table("use_case") as batch:
        batch.drop_column("review_interval_days")
