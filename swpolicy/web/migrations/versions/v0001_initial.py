"""Saved bills, simulation runs and their result rows.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bills",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("slug", sa.String(64), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("base", sa.String(16), nullable=False),
        sa.Column("effective", sa.String(10), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_bills_slug", "bills", ["slug"], unique=True)
    op.create_table(
        "runs",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column("setting", sa.String(32), nullable=False),
        sa.Column("laws", sa.JSON, nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("assumptions", sa.JSON, nullable=False),
        sa.Column("calibration", sa.Text, nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "run_results",
        sa.Column("pk", sa.Integer, primary_key=True),
        sa.Column(
            "run_pk", sa.Integer, sa.ForeignKey("runs.pk", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("law", sa.String(200), nullable=False),
        sa.Column("metric", sa.String(64), nullable=False),
        sa.Column("median", sa.Float, nullable=False),
        sa.Column("lo", sa.Float, nullable=False),
        sa.Column("hi", sa.Float, nullable=False),
    )
    op.create_index("ix_run_results_run_pk", "run_results", ["run_pk"])


def downgrade() -> None:
    op.drop_index("ix_run_results_run_pk", "run_results")
    op.drop_table("run_results")
    op.drop_table("runs")
    op.drop_index("ix_bills_slug", "bills")
    op.drop_table("bills")
