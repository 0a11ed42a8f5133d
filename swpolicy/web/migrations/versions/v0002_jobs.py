"""Background jobs, kept so that an acknowledged job survives a crash or a restart.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # (name, type, nullable); `id` is the primary key.
    columns: list[tuple[str, Any, bool]] = [
        ("kind", sa.String(16), False),
        ("client", sa.String(64), False),
        ("request", sa.JSON, False),
        ("status", sa.String(16), False),
        ("stage", sa.Text, False),
        ("done", sa.Integer, False),
        ("total", sa.Integer, False),
        ("run_id", sa.Integer, True),
        ("report", sa.Text, True),
        ("error", sa.Text, True),
        ("issues", sa.JSON, False),
        ("created", sa.DateTime(timezone=True), False),
        ("updated", sa.DateTime(timezone=True), False),
    ]
    op.create_table(
        "jobs",
        sa.Column("id", sa.String(32), primary_key=True),
        *(sa.Column(name, kind, nullable=nullable) for name, kind, nullable in columns),
    )
    op.create_index("ix_jobs_status", "jobs", ["status"])
    op.create_index("ix_jobs_created", "jobs", ["created"])


def downgrade() -> None:
    op.drop_index("ix_jobs_created", "jobs")
    op.drop_index("ix_jobs_status", "jobs")
    op.drop_table("jobs")
