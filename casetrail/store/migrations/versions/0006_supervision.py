"""supervision: list indexes for keyset pages and substring search

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30 05:10:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The same expressions as casetrail.store.models.case.search_text_of / infinity_if_null: a query
# uses an expression index only when it writes the identical expression.
SEARCH_TEXT = (
    "(case_no || chr(31) || coalesce(party ->> 'name', '') || chr(31) || coalesce(party ->> 'id_number', ''))"
)


def upgrade() -> None:
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_cases_deadline_order ON cases "
        "(coalesce(next_deadline_at, CAST('infinity' AS TIMESTAMP WITH TIME ZONE)), id)"
    )
    op.execute("CREATE INDEX ix_cases_created_order ON cases (created_at, id)")
    op.execute(f"CREATE INDEX ix_cases_search_trgm ON cases USING gin ({SEARCH_TEXT} gin_trgm_ops)")
    op.execute("CREATE INDEX ix_cases_flags ON cases USING gin (flags jsonb_path_ops)")
    op.execute("CREATE INDEX ix_case_officers_user ON case_officers (user_id, case_id)")
    op.execute(
        "CREATE INDEX ix_approval_tasks_signable ON approval_tasks (agency_id, role, status, "
        "coalesce(due_at, CAST('infinity' AS TIMESTAMP WITH TIME ZONE)), id)"
    )


def downgrade() -> None:
    for index in (
        "ix_approval_tasks_signable",
        "ix_case_officers_user",
        "ix_cases_flags",
        "ix_cases_search_trgm",
        "ix_cases_created_order",
        "ix_cases_deadline_order",
    ):
        op.execute(f"DROP INDEX IF EXISTS {index}")
