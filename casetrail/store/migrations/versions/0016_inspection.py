"""inspection link: the inspection (行政检查) a penalty case was opened from

Revision ID: 0016i
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016i"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("cases", sa.Column("origin_case_id", sa.Uuid(), nullable=True))
    op.create_foreign_key(op.f("fk_cases_origin_case_id_cases"), "cases", "cases", ["origin_case_id"], ["id"])
    op.create_index(op.f("ix_cases_origin_case_id"), "cases", ["origin_case_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_cases_origin_case_id"), table_name="cases")
    op.drop_constraint(op.f("fk_cases_origin_case_id_cases"), "cases", type_="foreignkey")
    op.drop_column("cases", "origin_case_id")
