"""agency contact defaults: whom, by what telephone and where a party makes its statement (处罚法 Art. 44)

The 事先告知书 names them; the agency's settings hold them so the notice form is prefilled.

Revision ID: 0016s
Revises: 0014
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016s"
down_revision: str | None = "0016i"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("agencies", sa.Column("statement_contact_person", sa.String(100), nullable=True))
    op.add_column("agencies", sa.Column("statement_contact_phone", sa.String(40), nullable=True))
    op.add_column("agencies", sa.Column("statement_address", sa.String(200), nullable=True))


def downgrade() -> None:
    op.drop_column("agencies", "statement_address")
    op.drop_column("agencies", "statement_contact_phone")
    op.drop_column("agencies", "statement_contact_person")
