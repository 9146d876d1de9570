"""customers area: profiles, orders, interactions, personal-data audit, import runs

Revision ID: c0001
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = "0001"
branch_labels = ("customers",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customer_audit",
        sa.Column("audit_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("actor_role", sa.String(length=16), nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=True),
        sa.Column("detail", sa.Text(), server_default="{}", nullable=False),
        sa.Column("notified_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("audit_id", name=("pk_customer_audit")),
    )
    op.create_index(
        ("ix_customer_audit_customer_id"), "customer_audit", ["customer_id"], unique=False
    )
    op.create_index(
        "ix_customer_audit_kind_notified_at",
        "customer_audit",
        ["kind", "notified_at"],
        unique=False,
    )
    op.create_table(
        "customer_imports",
        sa.Column("import_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("rows_done", sa.Integer(), server_default="0", nullable=False),
        sa.Column("created", sa.Integer(), server_default="0", nullable=False),
        sa.Column("updated", sa.Integer(), server_default="0", nullable=False),
        sa.Column("unchanged", sa.Integer(), server_default="0", nullable=False),
        sa.Column("rejected", sa.Integer(), server_default="0", nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("import_id", name=("pk_customer_imports")),
    )
    op.create_index(
        ("ix_customer_imports_fingerprint"), "customer_imports", ["fingerprint"], unique=False
    )
    op.create_table(
        "customers",
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("mobile_cipher", sa.Text(), nullable=True),
        sa.Column("mobile_hash", sa.String(length=64), nullable=True),
        sa.Column("mobile_masked", sa.String(length=16), nullable=True),
        sa.Column("email_cipher", sa.Text(), nullable=True),
        sa.Column("email_hash", sa.String(length=64), nullable=True),
        sa.Column("email_masked", sa.String(length=260), nullable=True),
        sa.Column("industry", sa.String(length=50), nullable=True),
        sa.Column("company_size", sa.String(length=10), nullable=True),
        sa.Column("city", sa.String(length=50), nullable=True),
        sa.Column("birthday", sa.Date(), nullable=True),
        sa.Column("birthday_md", sa.String(length=5), nullable=True),
        sa.Column("registered_on", sa.Date(), nullable=True),
        sa.Column("first_order_on", sa.Date(), nullable=True),
        sa.Column("last_order_on", sa.Date(), nullable=True),
        sa.Column("order_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column(
            "total_spend", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False
        ),
        sa.Column(
            "spend_6m", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False
        ),
        sa.Column(
            "spend_12m", sa.Numeric(precision=12, scale=2), server_default="0", nullable=False
        ),
        sa.Column("category_preferences", sa.Text(), server_default="[]", nullable=False),
        sa.Column("preferred_channel", sa.String(length=20), nullable=True),
        sa.Column("refund_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("complaint_count", sa.Integer(), server_default="0", nullable=False),
        sa.Column("consent_marketing", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consent_sms", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consent_email", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("consent_phone", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("segment", sa.String(length=30), nullable=True),
        sa.Column("rfm_level", sa.String(length=4), nullable=True),
        sa.Column("activity", sa.String(length=4), nullable=True),
        sa.Column("churn_risk", sa.String(length=4), nullable=True),
        sa.Column("lifecycle", sa.String(length=8), nullable=True),
        sa.Column("churn_alert", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("segment_explanation_zh", sa.Text(), nullable=True),
        sa.Column("segment_explanation_en", sa.Text(), nullable=True),
        sa.Column("segmented_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_interaction_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("unanswered_touches", sa.Integer(), server_default="0", nullable=False),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("customer_id", name=("pk_customers")),
    )
    op.create_index(("ix_customers_birthday_md"), "customers", ["birthday_md"], unique=False)
    op.create_index(("ix_customers_email_hash"), "customers", ["email_hash"], unique=False)
    op.create_index(("ix_customers_mobile_hash"), "customers", ["mobile_hash"], unique=False)
    op.create_index(("ix_customers_segment"), "customers", ["segment"], unique=False)
    op.create_table(
        "customer_import_problems",
        sa.Column("problem_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("import_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("message_zh", sa.Text(), nullable=False),
        sa.Column("message_en", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["import_id"],
            ["customer_imports.import_id"],
            name=("fk_customer_import_problems_import_id_customer_imports"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("problem_id", name=("pk_customer_import_problems")),
    )
    op.create_index(
        ("ix_customer_import_problems_import_id"),
        "customer_import_problems",
        ["import_id"],
        unique=False,
    )
    op.create_table(
        "customer_interactions",
        sa.Column("interaction_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("feedback", sa.Text(), nullable=True),
        sa.Column("proactive", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("customer_responded", sa.Boolean(), nullable=True),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("next_action", sa.Text(), nullable=True),
        sa.Column("next_action_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_action_done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.customer_id"],
            name=("fk_customer_interactions_customer_id_customers"),
        ),
        sa.PrimaryKeyConstraint("interaction_id", name=("pk_customer_interactions")),
    )
    op.create_index(
        "ix_customer_interactions_customer_id_occurred_at",
        "customer_interactions",
        ["customer_id", "occurred_at"],
        unique=False,
    )
    op.create_index(
        "ix_customer_interactions_due_open",
        "customer_interactions",
        ["next_action_due_at", "next_action_done_at"],
        unique=False,
    )
    op.create_table(
        "orders",
        sa.Column("order_id", sa.String(length=13), nullable=False),
        sa.Column("customer_id", sa.String(length=11), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("amount", sa.Numeric(precision=12, scale=2), nullable=False),
        sa.Column("items", sa.Text(), server_default="[]", nullable=False),
        sa.Column("category", sa.String(length=30), nullable=True),
        sa.Column("carrier", sa.String(length=4), nullable=True),
        sa.Column("tracking_no", sa.String(length=20), nullable=True),
        sa.Column("ordered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("shipped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("estimated_delivery", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"], ["customers.customer_id"], name=("fk_orders_customer_id_customers")
        ),
        sa.PrimaryKeyConstraint("order_id", name=("pk_orders")),
    )
    op.create_index(
        "ix_orders_customer_id_ordered_at", "orders", ["customer_id", "ordered_at"], unique=False
    )


def downgrade() -> None:
    for table in (
        "orders",
        "customer_interactions",
        "customer_import_problems",
        "customers",
        "customer_imports",
        "customer_audit",
    ):
        op.drop_table(table)
