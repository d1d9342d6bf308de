"""CRM deals, the deal each pack was prepared for, and head-count ranges on company sizes

Revision ID: 0008_deals
Revises: 0007_usage_who
Create Date: 2026-12-02 07:20:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_deals"
down_revision = "0007_usage_who"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("segment") as batch:
        batch.add_column(sa.Column("min_employees", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("max_employees", sa.Integer(), nullable=True))
    with op.batch_alter_table("usage_event") as batch:
        batch.add_column(
            sa.Column("deal_id", sa.String(length=120), nullable=False, server_default="")
        )
        batch.create_index("ix_usage_event_deal_id", ["deal_id"])
    op.create_table(
        "deal",
        sa.Column("id", sa.String(length=120), primary_key=True),
        sa.Column("name", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("account", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("stage", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("amount", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=False, server_default=""),
        sa.Column("created_on", sa.Date(), nullable=True),
        sa.Column("close_date", sa.Date(), nullable=True),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("won", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("industry", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("employees", sa.Integer(), nullable=True),
        sa.Column("owner", sa.String(length=200), nullable=False, server_default=""),
        sa.Column("source", sa.String(length=20), nullable=False, server_default=""),
        sa.Column("imported_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_deal_account", "deal", ["account"])


def downgrade() -> None:
    op.drop_index("ix_deal_account", table_name="deal")
    op.drop_table("deal")
    with op.batch_alter_table("usage_event") as batch:
        batch.drop_index("ix_usage_event_deal_id")
        batch.drop_column("deal_id")
    with op.batch_alter_table("segment") as batch:
        batch.drop_column("max_employees")
        batch.drop_column("min_employees")
