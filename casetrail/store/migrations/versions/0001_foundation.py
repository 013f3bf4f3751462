"""foundation

Revision ID: 0001
Revises:
Create Date: 2026-11-22 07:59:57.552621
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_TABLES = ("records", "audit_events")
APPEND_ONLY_FUNCTION = """
CREATE OR REPLACE FUNCTION casetrail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '全过程记录不得修改或删除（%）：更正请追加新记录', TG_TABLE_NAME
    USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("short_name", sa.String(length=20), nullable=False),
        sa.Column("parent_id", sa.Uuid(), nullable=True),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["agencies.id"], name=op.f("fk_agencies_parent_id_agencies")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_agencies")),
        sa.UniqueConstraint("code", name=op.f("uq_agencies_code")),
    )
    op.create_table(
        "users",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=100), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "auth_tokens",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_auth_tokens_user_id_users")),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_auth_tokens")),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_no", sa.String(length=64), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("workflow_id", sa.String(length=128), nullable=False),
        sa.Column("profile_id", sa.String(length=64), nullable=False),
        sa.Column("profile_version", sa.String(length=32), nullable=False),
        sa.Column("start_type", sa.String(length=32), nullable=False),
        sa.Column("cause", sa.Text(), nullable=False),
        sa.Column("party", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("phase", sa.String(length=48), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("next_deadline_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_deadline_label", sa.String(length=200), nullable=True),
        sa.Column("flags", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_by", sa.Uuid(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_cases_agency_id_agencies")),
        sa.ForeignKeyConstraint(["created_by"], ["users.id"], name=op.f("fk_cases_created_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cases")),
        sa.UniqueConstraint("case_no", name=op.f("uq_cases_case_no")),
        sa.UniqueConstraint("workflow_id", name=op.f("uq_cases_workflow_id")),
    )
    op.create_index(op.f("ix_cases_agency_id"), "cases", ["agency_id"], unique=False)
    op.create_index(op.f("ix_cases_next_deadline_at"), "cases", ["next_deadline_at"], unique=False)
    op.create_index(op.f("ix_cases_phase"), "cases", ["phase"], unique=False)
    op.create_table(
        "counters",
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"], name=op.f("fk_counters_agency_id_agencies")),
        sa.PrimaryKeyConstraint("agency_id", "kind", "year", name=op.f("pk_counters")),
    )
    op.create_table(
        "memberships",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "officer",
                "unit_head",
                "legal_reviewer",
                "leader",
                "archivist",
                "supervisor",
                "ops",
                "admin",
                name="role",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_memberships_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_memberships_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_memberships")),
        sa.UniqueConstraint("user_id", "agency_id", "role", name=op.f("uq_memberships_user_id")),
    )
    op.create_table(
        "approval_tasks",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("agency_id", sa.Uuid(), nullable=False),
        sa.Column("step_key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("subject", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision", sa.String(length=16), nullable=True),
        sa.Column("opinion", sa.Text(), nullable=True),
        sa.Column("signed_by", sa.Uuid(), nullable=True),
        sa.Column("signed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agencies.id"], name=op.f("fk_approval_tasks_agency_id_agencies")
        ),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_approval_tasks_case_id_cases")),
        sa.ForeignKeyConstraint(["signed_by"], ["users.id"], name=op.f("fk_approval_tasks_signed_by_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_tasks")),
        sa.UniqueConstraint("case_id", "step_key", name=op.f("uq_approval_tasks_case_id")),
    )
    op.create_index(op.f("ix_approval_tasks_agency_id"), "approval_tasks", ["agency_id"], unique=False)
    op.create_index(op.f("ix_approval_tasks_case_id"), "approval_tasks", ["case_id"], unique=False)
    op.create_index(op.f("ix_approval_tasks_status"), "approval_tasks", ["status"], unique=False)
    op.create_table(
        "audit_events",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("step_key", sa.String(length=160), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_audit_events_actor_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_audit_events_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("case_id", "seq", name=op.f("uq_audit_events_case_id")),
    )
    op.create_index("uq_audit_events_case_step", "audit_events", ["case_id", "step_key"], unique=True)
    op.create_table(
        "case_officers",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("certificate_no", sa.String(length=64), nullable=False),
        sa.Column("lead", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_officers_case_id_cases")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_officers_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_officers")),
        sa.UniqueConstraint("case_id", "user_id", name=op.f("uq_case_officers_case_id")),
    )
    op.create_index(op.f("ix_case_officers_case_id"), "case_officers", ["case_id"], unique=False)
    op.create_table(
        "deadlines",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("key", sa.String(length=96), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("provisional", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_deadlines_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deadlines")),
        sa.UniqueConstraint("case_id", "key", name=op.f("uq_deadlines_case_id")),
    )
    op.create_index(op.f("ix_deadlines_case_id"), "deadlines", ["case_id"], unique=False)
    op.create_table(
        "records",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("case_id", sa.Uuid(), nullable=False),
        sa.Column("step_key", sa.String(length=160), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("fields", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("citation", sa.Text(), nullable=True),
        sa.Column("actor_id", sa.Uuid(), nullable=True),
        sa.Column("supersedes_id", sa.Uuid(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_records_actor_id_users")),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_records_case_id_cases")),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["records.id"], name=op.f("fk_records_supersedes_id_records")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_records")),
        sa.UniqueConstraint("case_id", "step_key", name=op.f("uq_records_case_id")),
    )
    op.create_index(op.f("ix_records_case_id"), "records", ["case_id"], unique=False)

    # Whole-process records are never cut, edited or deleted (Taian Art. 19, Shanxi Art. 20,
    # Guangdong Art. 26, Mingshan Art. 37): the database itself refuses UPDATE and DELETE.
    op.execute(APPEND_ONLY_FUNCTION)
    for table in APPEND_ONLY_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()"
        )


def downgrade() -> None:
    for table in APPEND_ONLY_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
    op.execute("DROP FUNCTION IF EXISTS casetrail_append_only()")
    op.drop_index(op.f("ix_records_case_id"), table_name="records")
    op.drop_table("records")
    op.drop_index(op.f("ix_deadlines_case_id"), table_name="deadlines")
    op.drop_table("deadlines")
    op.drop_index(op.f("ix_case_officers_case_id"), table_name="case_officers")
    op.drop_table("case_officers")
    op.drop_index("uq_audit_events_case_step", table_name="audit_events")
    op.drop_table("audit_events")
    op.drop_index(op.f("ix_approval_tasks_status"), table_name="approval_tasks")
    op.drop_index(op.f("ix_approval_tasks_case_id"), table_name="approval_tasks")
    op.drop_index(op.f("ix_approval_tasks_agency_id"), table_name="approval_tasks")
    op.drop_table("approval_tasks")
    op.drop_table("memberships")
    op.drop_table("counters")
    op.drop_index(op.f("ix_cases_phase"), table_name="cases")
    op.drop_index(op.f("ix_cases_next_deadline_at"), table_name="cases")
    op.drop_index(op.f("ix_cases_agency_id"), table_name="cases")
    op.drop_table("cases")
    op.drop_table("auth_tokens")
    op.drop_table("users")
    op.drop_table("agencies")
