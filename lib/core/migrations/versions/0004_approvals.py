"""approval requests

Revision ID: 0004_approvals
Revises: 0003_versions
Create Date: 2026-12-02 05:15:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_approvals"
down_revision = "0003_versions"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approval_request",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=120), nullable=False),
        sa.Column("value", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("requested_by", sa.String(length=320), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("decided_by", sa.String(length=320), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_approval_request_entity_id", "approval_request", ["entity_id"])


def downgrade() -> None:
    op.drop_index("ix_approval_request_entity_id", table_name="approval_request")
    op.drop_table("approval_request")
