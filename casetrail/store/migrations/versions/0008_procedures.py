"""agency standards (hearing amount, field of law, archive period); limitation date on cases

Revision ID: 0008
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("agencies", sa.Column("field_of_law", sa.String(length=32), nullable=True))
    op.add_column(
        "agencies", sa.Column("hearing_threshold", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.add_column("agencies", sa.Column("archive_days", sa.Integer(), nullable=True))
    op.add_column("agencies", sa.Column("archive_policy", sa.String(length=200), nullable=True))


def downgrade() -> None:
    op.drop_column("agencies", "archive_policy")
    op.drop_column("agencies", "archive_days")
    op.drop_column("agencies", "hearing_threshold")
    op.drop_column("agencies", "field_of_law")
