"""taken numbers: every case number and 文号 issued or voided with a reason

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30 05:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "taken_numbers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("sequence", sa.BigInteger(), nullable=False),
        sa.Column("number", sa.String(length=64), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=True),
        sa.Column("step_key", sa.String(length=128), nullable=True),
        sa.Column(
            "status",
            sa.Enum("reserved", "issued", "voided", name="numberstatus", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("taken_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("settled_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_taken_numbers_agency_id_agencies")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taken_numbers")),
        sa.UniqueConstraint("agency_id", "kind", "year", "sequence", name=op.f("uq_taken_numbers_agency_id")),
    )
    op.create_index(
        "uq_taken_numbers_live_step",
        "taken_numbers",
        ["case_id", "step_key"],
        unique=True,
        postgresql_where=sa.text("status <> 'voided' AND step_key IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("uq_taken_numbers_live_step", table_name="taken_numbers")
    op.drop_table("taken_numbers")
