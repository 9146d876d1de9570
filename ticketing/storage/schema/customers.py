"""Customers area: profiles, orders, interactions, the personal-data audit and import runs.

Phone and email are never stored in the clear: ``*_cipher`` (AES-GCM), ``*_hash`` (HMAC for
exact lookup) and ``*_masked`` (what agents see); see ``ticketing.domain.personal_data``.
Other areas reference customers by the plain ``customer_id`` string (no foreign key across areas).
"""

from __future__ import annotations

import sqlalchemy as sa

from ticketing.storage.schema.meta import metadata

MONEY = sa.Numeric(12, 2)
UTC_TIME = sa.DateTime(timezone=True)


def _money(name: str) -> sa.Column:
    return sa.Column(name, MONEY, nullable=False, server_default="0")


def _count(name: str) -> sa.Column:
    return sa.Column(name, sa.Integer, nullable=False, server_default="0")


def _flag(name: str) -> sa.Column:
    return sa.Column(name, sa.Boolean, nullable=False, server_default=sa.false())


customers = sa.Table(
    "customers",
    metadata,
    sa.Column("customer_id", sa.String(11), primary_key=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("mobile_cipher", sa.Text),
    sa.Column("mobile_hash", sa.String(64), index=True),
    sa.Column("mobile_masked", sa.String(16)),
    sa.Column("email_cipher", sa.Text),
    sa.Column("email_hash", sa.String(64), index=True),
    sa.Column("email_masked", sa.String(260)),
    sa.Column("industry", sa.String(50)),
    sa.Column("company_size", sa.String(10)),
    sa.Column("city", sa.String(50)),
    sa.Column("birthday", sa.Date),
    # "MM-DD" of the birthday, so the birthday-care job finds today's customers by index.
    sa.Column("birthday_md", sa.String(5), index=True),
    sa.Column("registered_on", sa.Date),
    sa.Column("first_order_on", sa.Date),
    sa.Column("last_order_on", sa.Date),
    _count("order_count"),
    _money("total_spend"),
    _money("spend_6m"),
    _money("spend_12m"),
    sa.Column("category_preferences", sa.Text, nullable=False, server_default="[]"),
    sa.Column("preferred_channel", sa.String(20)),
    _count("refund_count"),
    _count("complaint_count"),
    _flag("consent_marketing"),
    _flag("consent_sms"),
    _flag("consent_email"),
    _flag("consent_phone"),
    # Derived by segmentation (ticketing.domain.segments); recomputed on events and by command.
    sa.Column("segment", sa.String(30), index=True),
    sa.Column("rfm_level", sa.String(4)),
    sa.Column("activity", sa.String(4)),
    sa.Column("churn_risk", sa.String(4)),
    sa.Column("lifecycle", sa.String(8)),
    _flag("churn_alert"),
    sa.Column("segment_explanation_zh", sa.Text),
    sa.Column("segment_explanation_en", sa.Text),
    sa.Column("segmented_at", UTC_TIME),
    sa.Column("last_interaction_at", UTC_TIME),
    _count("unanswered_touches"),
    sa.Column("erased_at", UTC_TIME),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Column("updated_at", UTC_TIME, nullable=False),
)

orders = sa.Table(
    "orders",
    metadata,
    sa.Column("order_id", sa.String(13), primary_key=True),
    sa.Column("customer_id", sa.String(11), sa.ForeignKey("customers.customer_id"), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("amount", MONEY, nullable=False),
    sa.Column("items", sa.Text, nullable=False, server_default="[]"),
    sa.Column("category", sa.String(30)),
    sa.Column("carrier", sa.String(4)),
    sa.Column("tracking_no", sa.String(20)),
    sa.Column("ordered_at", UTC_TIME, nullable=False),
    sa.Column("shipped_at", UTC_TIME),
    sa.Column("delivered_at", UTC_TIME),
    sa.Column("estimated_delivery", sa.Date),
    sa.Column("updated_at", UTC_TIME, nullable=False),
    sa.Index("ix_orders_customer_id_ordered_at", "customer_id", "ordered_at"),
)

interactions = sa.Table(
    "customer_interactions",
    metadata,
    sa.Column("interaction_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.String(11), sa.ForeignKey("customers.customer_id"), nullable=False),
    sa.Column("occurred_at", UTC_TIME, nullable=False),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("summary", sa.Text, nullable=False),
    sa.Column("feedback", sa.Text),
    sa.Column("proactive", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("customer_responded", sa.Boolean),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("next_action", sa.Text),
    sa.Column("next_action_due_at", UTC_TIME),
    sa.Column("next_action_done_at", UTC_TIME),
    sa.Column("created_by", sa.String(64), nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Index("ix_customer_interactions_customer_id_occurred_at", "customer_id", "occurred_at"),
    # The follow-up reminder job scans open next actions by due time.
    sa.Index("ix_customer_interactions_due_open", "next_action_due_at", "next_action_done_at"),
)

customer_audit = sa.Table(
    "customer_audit",
    metadata,
    sa.Column("audit_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("occurred_at", UTC_TIME, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("actor", sa.String(64), nullable=False),
    sa.Column("actor_role", sa.String(16), nullable=False),
    sa.Column("customer_id", sa.String(11), index=True),
    # JSON {field: {"before": masked, "after": masked}} or facts of an export; never clear values.
    sa.Column("detail", sa.Text, nullable=False, server_default="{}"),
    # Alerts: set when the notification job has told the admins (see docs/customers.md).
    sa.Column("notified_at", UTC_TIME),
    sa.Index("ix_customer_audit_kind_notified_at", "kind", "notified_at"),
)

customer_imports = sa.Table(
    "customer_imports",
    metadata,
    sa.Column("import_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("fingerprint", sa.String(64), nullable=False, index=True),
    sa.Column("file_name", sa.String(255), nullable=False),
    sa.Column("status", sa.String(12), nullable=False),
    # Records 1..rows_done are committed; a restart resumes after it.
    _count("rows_done"),
    _count("created"),
    _count("updated"),
    _count("unchanged"),
    _count("rejected"),
    sa.Column("started_at", UTC_TIME, nullable=False),
    sa.Column("finished_at", UTC_TIME),
)

customer_import_problems = sa.Table(
    "customer_import_problems",
    metadata,
    sa.Column("problem_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "import_id",
        sa.Integer,
        sa.ForeignKey("customer_imports.import_id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("row_no", sa.Integer, nullable=False),
    sa.Column("field", sa.String(40), nullable=False),
    sa.Column("code", sa.String(40), nullable=False),
    sa.Column("message_zh", sa.Text, nullable=False),
    sa.Column("message_en", sa.Text, nullable=False),
)
