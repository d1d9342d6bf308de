"""The permission ledger on outcomes: who approved, when, where the record is, for which uses,
and whether the quote's wording was approved

Revision ID: 0009_ledger
Revises: 0009_workbook (chained after it when rebased on main)
Create Date: 2026-12-02 07:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_ledger"
down_revision = "0009_crmlinks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Existing outcomes get an empty ledger: no scope recorded means every use, as before.
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("approved_by", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("approved_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("approval_ref", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("scope", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column("quote_approved", sa.String(length=3), nullable=False, server_default="")
        )


def downgrade() -> None:
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        for name in ("quote_approved", "scope", "approval_ref", "approved_on", "approved_by"):
            batch_op.drop_column(name)
