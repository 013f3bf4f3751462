"""unknown sign-ins: failed sign-ins under usernames no account has, so a lock reveals no username

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "unknown_sign_ins",
        sa.Column("username_sha256", sa.String(length=64), nullable=False),
        sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("username_sha256", name=op.f("pk_unknown_sign_ins")),
    )
    # A working table: the counter goes up and back (0005's default privileges give only SELECT, INSERT).
    op.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON unknown_sign_ins TO casetrail_app")


def downgrade() -> None:
    op.drop_table("unknown_sign_ins")
