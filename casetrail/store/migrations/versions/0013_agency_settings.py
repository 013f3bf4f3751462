"""agency setting changes: the append-only audit of what an admin changes on an agency

Revision ID: 0013
Revises: 0006b
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0013"
down_revision: str | None = "0006b"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "agency_setting_changes",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("actor_id", sa.Uuid(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("changes", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("basis", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_agency_setting_changes_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["users.id"], name=op.f("fk_agency_setting_changes_actor_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agency_setting_changes")),
    )
    op.create_index(
        op.f("ix_agency_setting_changes_agency_id"), "agency_setting_changes", ["agency_id"], unique=False
    )
    # Settings decide hearing rights and archive periods: their audit is as untouchable as the calendar's
    # (casetrail_append_only() comes from 0001). The application role gets SELECT and INSERT through the
    # default privileges of 0005.
    op.execute(
        "CREATE TRIGGER agency_setting_changes_append_only BEFORE UPDATE OR DELETE ON agency_setting_changes "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS agency_setting_changes_append_only ON agency_setting_changes")
    op.drop_index(op.f("ix_agency_setting_changes_agency_id"), table_name="agency_setting_changes")
    op.drop_table("agency_setting_changes")
