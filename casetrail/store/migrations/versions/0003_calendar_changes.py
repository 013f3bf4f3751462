"""calendar changes: the append-only audit of working-day calendar administration

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 08:14:33.848468
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "calendar_changes",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("changed_days", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_calendar_changes_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_changes")),
    )
    op.create_index(op.f("ix_calendar_changes_year"), "calendar_changes", ["year"], unique=False)
    # The calendar decides statutory deadlines: its audit is as untouchable as the case records
    # (casetrail_append_only() comes from 0001).
    op.execute(
        "CREATE TRIGGER calendar_changes_append_only BEFORE UPDATE OR DELETE ON calendar_changes "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS calendar_changes_append_only ON calendar_changes")
    op.drop_index(op.f("ix_calendar_changes_year"), table_name="calendar_changes")
    op.drop_table("calendar_changes")
