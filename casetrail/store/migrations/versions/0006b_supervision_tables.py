"""supervision tables: reminders and notifications, delegations and reassignment, case-file review scores

Revision ID: 0006b
Revises: 0005

A second file for issue 15: 0006 (its list indexes) reached main before these tables were written, and
a database that has applied 0006 must still get them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006b"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Working tables the application changes (marks read, delivery attempts, revocations, scores): the
# application role gets UPDATE on them too, unlike the append-only record tables (0005).
WORKING_TABLES = (
    "case_review_scores",
    "delegations",
    "fired_rungs",
    "notifications",
    "notification_deliveries",
    "notification_preferences",
)


def upgrade() -> None:
    _notifications()
    _desk()
    op.create_table(
        "case_review_scores",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("cases.id", name="fk_case_review_scores_case_id_cases"),
            nullable=False,
        ),
        sa.Column(
            "reviewer_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_case_review_scores_reviewer_id_users"),
            nullable=False,
        ),
        sa.Column("deduction", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_case_review_scores_case_id", "case_review_scores", ["case_id"])
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {', '.join(WORKING_TABLES)} TO casetrail_app")


def _desk() -> None:
    op.add_column(
        "approval_tasks",
        sa.Column(
            "assignee_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_approval_tasks_assignee_id_users"),
            nullable=True,
        ),
    )
    op.create_index("ix_approval_tasks_assignee_id", "approval_tasks", ["assignee_id"])
    op.create_table(
        "delegations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "delegator_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_delegations_delegator_id_users"),
            nullable=False,
        ),
        sa.Column(
            "deputy_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_delegations_deputy_id_users"),
            nullable=False,
        ),
        sa.Column(
            "agency_id",
            sa.Uuid(),
            sa.ForeignKey("agencies.id", name="fk_delegations_agency_id_agencies"),
            nullable=False,
        ),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column(
            "revoked_by",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_delegations_revoked_by_users"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
    )
    op.create_index("ix_delegations_deputy", "delegations", ["deputy_id", "starts_at", "ends_at"])


def _notifications() -> None:
    op.create_table(
        "fired_rungs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("cases.id", name="fk_fired_rungs_case_id_cases"),
            nullable=False,
        ),
        sa.Column("deadline_key", sa.String(96), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("rung", sa.String(32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("case_id", "deadline_key", "due_at", "rung", name="uq_fired_rungs_case_id"),
    )
    op.create_table(
        "notifications",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column(
            "user_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_notifications_user_id_users"),
            nullable=False,
        ),
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("cases.id", name="fk_notifications_case_id_cases"),
            nullable=True,
        ),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(255), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("key", name="uq_notifications_key"),
    )
    op.create_index("ix_notifications_user_unread", "notifications", ["user_id", "read_at", "created_at"])
    op.create_table(
        "notification_deliveries",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "notification_id",
            sa.Uuid(),
            sa.ForeignKey(
                "notifications.id", name="fk_notification_deliveries_notification_id_notifications"
            ),
            nullable=False,
        ),
        sa.Column("channel", sa.String(16), nullable=False),
        sa.Column("target", sa.String(500), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.UniqueConstraint("notification_id", "channel", name="uq_notification_deliveries_notification_id"),
    )
    op.create_index("ix_notification_deliveries_status", "notification_deliveries", ["status"])
    op.create_table(
        "notification_preferences",
        sa.Column(
            "user_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", name="fk_notification_preferences_user_id_users"),
            primary_key=True,
        ),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("webhook_url", sa.String(500), nullable=True),
        sa.Column("daily_digest", sa.Boolean(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("case_review_scores")
    op.drop_table("delegations")
    op.drop_index("ix_approval_tasks_assignee_id", "approval_tasks")
    op.drop_column("approval_tasks", "assignee_id")
    for table in ("notification_preferences", "notification_deliveries", "notifications", "fired_rungs"):
        op.drop_table(table)
