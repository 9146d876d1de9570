"""Reminders area: the sent log, suppressions, contact preferences, the staff inbox, care registers.

``reminder_sent`` is what makes every send idempotent: its unique key (kind, target, due_at) is
claimed in the same transaction that decides to send, so a job that runs twice, late or on two
schedulers sends once. ``reminder_suppressed`` records every message the contact policy held
back, with its reason (unique per reason, so a message held back every minute of the quiet hours
is recorded once). Customers are referenced by the plain ``customer_id`` string, agents by id.

``care_owners``, ``care_leads`` and ``care_contracts`` are the small registers the care rules
need that no other area keeps yet (who looks after an account, sales leads and their grade,
contract end dates); a CRM import would fill them.
"""

from __future__ import annotations

import sqlalchemy as sa

from ticketing.storage.schema.meta import metadata

UTC_TIME = sa.DateTime(timezone=True)

reminder_sent = sa.Table(
    "reminder_sent",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("target", sa.String(64), nullable=False),
    sa.Column("due_at", UTC_TIME, nullable=False),
    sa.Column("audience", sa.String(10), nullable=False),  # customer or staff
    sa.Column("recipient", sa.String(64), nullable=False),
    sa.Column("customer_id", sa.String(11)),
    sa.Column("channel", sa.String(40), nullable=False),  # e.g. console+email+webhook
    sa.Column("purpose", sa.String(12), nullable=False),  # service, care, marketing, alert
    sa.Column("proactive", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(10), nullable=False),  # sent or failed
    sa.Column("sent_at", UTC_TIME, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.UniqueConstraint("kind", "target", "due_at"),
    # Frequency caps count a customer's proactive touches in a rolling window.
    sa.Index(None, "customer_id", "sent_at"),
    sa.Index(None, "sent_at"),
)

reminder_suppressed = sa.Table(
    "reminder_suppressed",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("target", sa.String(64), nullable=False),
    sa.Column("due_at", UTC_TIME, nullable=False),
    sa.Column("customer_id", sa.String(11)),
    sa.Column("reason", sa.String(30), nullable=False),
    sa.Column("decided_at", UTC_TIME, nullable=False),
    sa.UniqueConstraint("kind", "target", "due_at", "reason"),
    sa.Index(None, "decided_at"),
)

contact_preferences = sa.Table(
    "contact_preferences",
    metadata,
    sa.Column("customer_id", sa.String(11), primary_key=True),
    # Set by the unsubscribe endpoint (the bot's intent or the link in a marketing message).
    sa.Column("marketing_opt_out_at", UTC_TIME),
    # No proactive message at all (care or marketing) while true.
    sa.Column("do_not_disturb", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("timezone", sa.String(64)),
    sa.Column("language", sa.String(2)),
    sa.Column("updated_by", sa.String(64), nullable=False),
    sa.Column("updated_at", UTC_TIME, nullable=False),
)

staff_notifications = sa.Table(
    "staff_notifications",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("agent_id", sa.String(40), nullable=False),
    sa.Column("kind", sa.String(40), nullable=False),
    sa.Column("text_zh", sa.Text, nullable=False),
    sa.Column("text_en", sa.Text, nullable=False),
    sa.Column("ticket_id", sa.String(20)),
    sa.Column("customer_id", sa.String(11)),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Column("read_at", UTC_TIME),
    sa.Index(None, "agent_id", "created_at"),
)

care_owners = sa.Table(
    "care_owners",
    metadata,
    sa.Column("customer_id", sa.String(11), primary_key=True),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("updated_at", UTC_TIME, nullable=False),
)

care_leads = sa.Table(
    "care_leads",
    metadata,
    sa.Column("lead_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("customer_id", sa.String(11), nullable=False),
    sa.Column("grade", sa.String(1), nullable=False),  # A, B, C
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Column("followed_up_at", UTC_TIME),
    sa.Index(None, "grade", "followed_up_at", "created_at"),
)

care_contracts = sa.Table(
    "care_contracts",
    metadata,
    sa.Column("contract_id", sa.String(40), primary_key=True),
    sa.Column("customer_id", sa.String(11), nullable=False),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("ends_on", sa.Date, nullable=False, index=True),
    sa.Column("renewed_at", UTC_TIME),
)
