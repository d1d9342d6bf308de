"""personas apply to chosen industries; dismissed coverage gaps

Revision ID: 0005_applicable
Revises: 0005_references
Create Date: 2026-12-02 04:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005_applicable"
down_revision = "0005_references"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("persona", schema=None) as batch_op:
        # Existing personas apply everywhere, as they did before the column existed.
        batch_op.add_column(
            sa.Column("industries", sa.JSON(), nullable=False, server_default=sa.text("'[]'"))
        )
    op.create_table(
        "gap_dismissal",
        sa.Column("industry", sa.String(length=120), nullable=False),
        sa.Column("persona", sa.String(length=120), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("who", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("industry", "persona"),
    )


def downgrade() -> None:
    op.drop_table("gap_dismissal")
    with op.batch_alter_table("persona", schema=None) as batch_op:
        batch_op.drop_column("industries")
