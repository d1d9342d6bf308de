"""use-case version history

Revision ID: 0003_versions
Revises: 0002_access
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_versions"
down_revision = "0002_access"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "use_case_version",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("use_case_id", sa.String(length=120), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("who", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_use_case_version_use_case_id", "use_case_version", ["use_case_id"])


def downgrade() -> None:
    op.drop_index("ix_use_case_version_use_case_id", table_name="use_case_version")
    op.drop_table("use_case_version")
