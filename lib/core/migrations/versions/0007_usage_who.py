"""who generated each pack or question sheet

Revision ID: 0007_usage_who
Revises: 0005_applicable
Create Date: 2026-12-02 06:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_usage_who"
down_revision = "0005_applicable"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("usage_event") as batch:
        batch.add_column(sa.Column("who", sa.String(length=320), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("usage_event") as batch:
        batch.drop_column("who")
