"""hardening: login lockout, complete tamper evidence, the application's own database role

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30 05:10:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every table of the whole-process record; issued_documents becomes append-only here.
RECORD_TABLES = (
    "records",
    "audit_events",
    "evidence_items",
    "audit_anchors",
    "calendar_changes",
    "issued_documents",
)
# The tables the application keeps current (read model, sessions, counters): it may change these.
WORKING_TABLES = (
    "agencies",
    "users",
    "memberships",
    "auth_tokens",
    "cases",
    "case_officers",
    "approval_tasks",
    "deadlines",
    "counters",
    "av_obligations",
    "upload_sessions",
    "calendar_days",
    "calendar_years",
)
APP_ROLE = "casetrail_app"

NO_TRUNCATE = """
CREATE OR REPLACE FUNCTION casetrail_no_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '全过程记录不得清空（%）', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
END $$;
"""

# A calendar change is in no case's chain: the database chains the changes themselves. The
# canonical text is one SQL function, used by the trigger and by `casetrail verify` alike.
CALENDAR_CHAIN = """
CREATE OR REPLACE FUNCTION casetrail_calendar_change_text(c calendar_changes) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT concat_ws('|', c.chain_seq, c.id, c.action, c.year, c.actor_id,
                   to_char(c.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
                   c.changed_days::text, c.detail::text, c.prev_hash)
$$;
CREATE OR REPLACE FUNCTION casetrail_calendar_change_chain() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE last calendar_changes%ROWTYPE;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('casetrail_calendar_changes'));
  SELECT * INTO last FROM calendar_changes ORDER BY chain_seq DESC NULLS LAST LIMIT 1;
  NEW.chain_seq := COALESCE(last.chain_seq, 0) + 1;
  NEW.prev_hash := COALESCE(last.hash, repeat('0', 64));
  NEW.hash := encode(sha256(convert_to(casetrail_calendar_change_text(NEW), 'UTF8')), 'hex');
  RETURN NEW;
END $$;
"""


def upgrade() -> None:
    # Consecutive failed sign-ins and the moment the account may try again (backoff).
    op.add_column("users", sa.Column("failed_logins", sa.Integer(), server_default="0", nullable=False))
    op.add_column("users", sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True))

    # Each case's chain head, kept with the case: a chain cut short no longer matches it.
    op.add_column("cases", sa.Column("audit_seq", sa.BigInteger(), server_default="0", nullable=False))
    op.add_column("cases", sa.Column("audit_head", sa.String(length=64), nullable=True))
    op.execute(
        "UPDATE cases SET audit_seq = h.seq, audit_head = h.hash FROM ("
        " SELECT DISTINCT ON (case_id) case_id, seq, hash FROM audit_events ORDER BY case_id, seq DESC"
        ") h WHERE h.case_id = cases.id"
    )

    op.add_column("calendar_changes", sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.add_column("calendar_changes", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("calendar_changes", sa.Column("hash", sa.String(length=64), nullable=True))
    op.execute(CALENDAR_CHAIN)
    # Chain the changes made before this revision, in order, then chain every new one on insert.
    op.execute("ALTER TABLE calendar_changes DISABLE TRIGGER calendar_changes_append_only")
    op.execute(
        "DO $$ DECLARE r calendar_changes%ROWTYPE; prev text := repeat('0', 64); n bigint := 0; BEGIN "
        "FOR r IN SELECT * FROM calendar_changes ORDER BY id LOOP n := n + 1; "
        "r.chain_seq := n; r.prev_hash := prev; "
        "r.hash := encode(sha256(convert_to(casetrail_calendar_change_text(r), 'UTF8')), 'hex'); "
        "UPDATE calendar_changes SET chain_seq = r.chain_seq, prev_hash = r.prev_hash, hash = r.hash "
        "WHERE id = r.id; prev := r.hash; END LOOP; END $$"
    )
    op.execute("ALTER TABLE calendar_changes ENABLE TRIGGER calendar_changes_append_only")
    op.execute(
        "CREATE TRIGGER calendar_changes_chain BEFORE INSERT ON calendar_changes "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_calendar_change_chain()"
    )

    # Issued documents (number, case, blob) are part of the record: never edited or deleted.
    op.execute(
        "CREATE TRIGGER issued_documents_append_only BEFORE UPDATE OR DELETE ON issued_documents "
        "FOR EACH ROW EXECUTE FUNCTION casetrail_append_only()"
    )
    op.execute(NO_TRUNCATE)
    for table in RECORD_TABLES:
        op.execute(
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION casetrail_no_truncate()"
        )

    # The role the application runs as: it may add to the record and read it, never change it,
    # and owns nothing (so it cannot disable the triggers). Its login is set by the operator or
    # by the embedded runtime (runtime/roles.py); the owner keeps running the migrations.
    op.execute(
        f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{APP_ROLE}') THEN "
        f"CREATE ROLE {APP_ROLE} NOLOGIN; END IF; END $$"
    )
    op.execute(f"GRANT USAGE ON SCHEMA public TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT ON {', '.join(RECORD_TABLES)} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(WORKING_TABLES)} TO {APP_ROLE}")
    op.execute(f"GRANT SELECT ON alembic_version TO {APP_ROLE}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {APP_ROLE}")
    # Tables of later migrations start as record tables (add and read); they grant more if needed.
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT ON TABLES TO {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {APP_ROLE}")


def downgrade() -> None:
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM {APP_ROLE}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {APP_ROLE}")
    op.execute(f"REVOKE USAGE ON SCHEMA public FROM {APP_ROLE}")
    for table in RECORD_TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}")
    op.execute("DROP FUNCTION IF EXISTS casetrail_no_truncate()")
    op.execute("DROP TRIGGER IF EXISTS issued_documents_append_only ON issued_documents")
    op.execute("DROP TRIGGER IF EXISTS calendar_changes_chain ON calendar_changes")
    op.execute("DROP FUNCTION IF EXISTS casetrail_calendar_change_chain()")
    op.execute("DROP FUNCTION IF EXISTS casetrail_calendar_change_text(calendar_changes)")
    for column in ("hash", "prev_hash", "chain_seq"):
        op.drop_column("calendar_changes", column)
    op.drop_column("cases", "audit_head")
    op.drop_column("cases", "audit_seq")
    op.drop_column("users", "locked_until")
    op.drop_column("users", "failed_logins")
