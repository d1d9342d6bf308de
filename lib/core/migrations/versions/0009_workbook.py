"""A digest per library record as the import last wrote it, for re-imports that skip
unchanged records

Revision ID: 0009_workbook
Revises: 0008_deals
Create Date: 2026-12-02 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_workbook"
down_revision = "0008_deals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "record_digest",
        sa.Column("kind", sa.String(length=20), primary_key=True),
        sa.Column("id", sa.String(length=120), primary_key=True),
        sa.Column("digest", sa.String(length=32), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("record_digest")
