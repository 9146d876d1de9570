"""reminders area: sent log, suppressions, contact preferences, staff inbox, care registers

Revision ID: r0001
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "r0001"
down_revision = "0001"
branch_labels = ("reminders",)
depends_on = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "reminder_sent",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("audience", sa.String(length=10), nullable=False),
        sa.Column("recipient", sa.String(length=64), nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=True),
        sa.Column("channel", sa.String(length=40), nullable=False),
        sa.Column("purpose", sa.String(length=12), nullable=False),
        sa.Column("proactive", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("sent_at", UTC_TIME, nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_sent"),
        sa.UniqueConstraint("kind", "target", "due_at", name="uq_reminder_sent_kind_target_due_at"),
    )
    op.create_index(
        "ix_reminder_sent_customer_id_sent_at", "reminder_sent", ["customer_id", "sent_at"]
    )
    op.create_index("ix_reminder_sent_sent_at", "reminder_sent", ["sent_at"])
    op.create_table(
        "reminder_suppressed",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("target", sa.String(length=64), nullable=False),
        sa.Column("due_at", UTC_TIME, nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=True),
        sa.Column("reason", sa.String(length=30), nullable=False),
        sa.Column("decided_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_reminder_suppressed"),
        sa.UniqueConstraint(
            "kind",
            "target",
            "due_at",
            "reason",
            name="uq_reminder_suppressed_kind_target_due_at_reason",
        ),
    )
    op.create_index("ix_reminder_suppressed_decided_at", "reminder_suppressed", ["decided_at"])
    op.create_table(
        "contact_preferences",
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("marketing_opt_out_at", UTC_TIME, nullable=True),
        sa.Column("do_not_disturb", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=2), nullable=True),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name="pk_contact_preferences"),
    )
    op.create_table(
        "staff_notifications",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("agent_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text_zh", sa.Text(), nullable=False),
        sa.Column("text_en", sa.Text(), nullable=False),
        sa.Column("ticket_id", sa.String(length=20), nullable=True),
        sa.Column("customer_id", sa.String(length=11), nullable=True),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("read_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_staff_notifications"),
    )
    op.create_index(
        "ix_staff_notifications_agent_id_created_at",
        "staff_notifications",
        ["agent_id", "created_at"],
    )
    op.create_table(
        "care_owners",
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name="pk_care_owners"),
    )
    op.create_table(
        "care_leads",
        sa.Column("lead_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("grade", sa.String(length=1), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.Column("followed_up_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("lead_id", name="pk_care_leads"),
    )
    op.create_index(
        "ix_care_leads_grade_followed_up_at_created_at",
        "care_leads",
        ["grade", "followed_up_at", "created_at"],
    )
    op.create_table(
        "care_contracts",
        sa.Column("contract_id", sa.String(length=40), nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("renewed_at", UTC_TIME, nullable=True),
        sa.PrimaryKeyConstraint("contract_id", name="pk_care_contracts"),
    )
    op.create_index("ix_care_contracts_ends_on", "care_contracts", ["ends_on"])


def downgrade() -> None:
    for table in (
        "care_contracts",
        "care_leads",
        "care_owners",
        "staff_notifications",
        "contact_preferences",
        "reminder_suppressed",
        "reminder_sent",
    ):
        op.drop_table(table)
