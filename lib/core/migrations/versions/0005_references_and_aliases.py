"""outcome.reference (a willing reference), aliases on segments and personas

Revision ID: 0005_references
Revises: 0004_approvals
Create Date: 2026-12-02 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_references"
down_revision = "0004_approvals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("reference", sa.String(length=3), nullable=False, server_default="")
        )
    for table in ("segment", "persona"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(
                sa.Column("aliases", sa.JSON(), nullable=False, server_default="[]")
            )


def downgrade() -> None:
    for table in ("persona", "segment"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("aliases")
    with op.batch_alter_table("outcome", schema=None) as batch_op:
        batch_op.drop_column("reference")
