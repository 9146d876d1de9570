"""Tickets area: teams, agents and their sign-in tokens, SLA policies, tickets, events, messages.

Times are UTC (``DateTime(timezone=True)``). Customers and conversations are referenced by plain
strings (``customer_id``, ``conversation_id``): their tables belong to other areas.

``tickets.next_due_at`` is the earliest running SLA deadline of an active ticket (NULL when the
ticket is paused, resolved or closed), so the queue ("most urgent first") and the due-time scan
are index range scans. ``open_conversation_id`` equals ``conversation_id`` while the ticket is
unfinished and NULL afterwards: its unique index makes "one open ticket per conversation" hold
even when two escalations race.
"""

from __future__ import annotations

import sqlalchemy as sa

from ticketing.storage.schema.meta import metadata

UTC_TIME = sa.DateTime(timezone=True)


teams = sa.Table(
    "teams",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("name_zh", sa.String(100), nullable=False),
    sa.Column("name_en", sa.String(100), nullable=False),
    sa.Column("skills", sa.JSON, nullable=False),
    sa.Column("calendar", sa.JSON, nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False),
)

agents = sa.Table(
    "agents",
    metadata,
    sa.Column("id", sa.String(40), primary_key=True),
    sa.Column("username", sa.String(80), nullable=False, unique=True),
    sa.Column("display_name", sa.String(100), nullable=False),
    sa.Column("role", sa.String(20), nullable=False),
    sa.Column("password_hash", sa.String(200), nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("online", sa.Boolean, nullable=False),
    # Unfinished tickets assigned to the agent; changed only in the same transaction as them.
    sa.Column("open_tickets", sa.Integer, nullable=False),
    sa.Column("last_assigned_at", UTC_TIME),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False),
)

team_members = sa.Table(
    "team_members",
    metadata,
    sa.Column("team_id", sa.String(40), sa.ForeignKey("teams.id"), primary_key=True),
    sa.Column("agent_id", sa.String(40), sa.ForeignKey("agents.id"), primary_key=True),
    sa.Index(None, "agent_id"),
)

auth_tokens = sa.Table(
    "auth_tokens",
    metadata,
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("agent_id", sa.String(40), sa.ForeignKey("agents.id"), nullable=False, index=True),
    sa.Column("created_at", UTC_TIME, nullable=False),
    sa.Column("expires_at", UTC_TIME, nullable=False),
)

sla_policies = sa.Table(
    "sla_policies",
    metadata,
    sa.Column("priority", sa.String(2), primary_key=True),
    sa.Column("segment", sa.String(40), primary_key=True),  # "*" for any segment
    sa.Column("first_response_minutes", sa.Integer, nullable=False),
    sa.Column("first_response_working", sa.Boolean, nullable=False),
    sa.Column("next_response_minutes", sa.Integer, nullable=False),
    sa.Column("next_response_working", sa.Boolean, nullable=False),
    sa.Column("resolution_minutes", sa.Integer, nullable=False),
    sa.Column("resolution_working", sa.Boolean, nullable=False),
    sa.Column("updated_at", UTC_TIME, nullable=False),
)

ticket_counters = sa.Table(
    "ticket_counters",
    metadata,
    sa.Column("day", sa.String(8), primary_key=True),  # yyyymmdd in the business time zone
    sa.Column("last", sa.Integer, nullable=False),
)

tickets = sa.Table(
    "tickets",
    metadata,
    sa.Column("id", sa.String(20), primary_key=True),
    sa.Column("conversation_id", sa.String(100), index=True),
    sa.Column("open_conversation_id", sa.String(100), unique=True),
    sa.Column("customer_id", sa.String(11), index=True),
    sa.Column("customer_segment", sa.String(40)),
    sa.Column("channel", sa.String(20), nullable=False),
    sa.Column("category", sa.String(30), nullable=False),
    sa.Column("subject", sa.String(200), nullable=False),
    sa.Column("description", sa.Text, nullable=False),
    sa.Column("language", sa.String(2), nullable=False),
    sa.Column("sentiment", sa.JSON),
    sa.Column("priority", sa.String(2), nullable=False),
    sa.Column("priority_reasons", sa.JSON, nullable=False),
    sa.Column("priority_overridden", sa.Boolean, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("team_id", sa.String(40), sa.ForeignKey("teams.id"), nullable=False),
    sa.Column("assignee_id", sa.String(40), sa.ForeignKey("agents.id")),
    sa.Column("tags", sa.JSON, nullable=False),
    sa.Column("sla", sa.JSON, nullable=False),
    sa.Column("first_response_due_at", UTC_TIME),
    sa.Column("next_response_due_at", UTC_TIME),
    sa.Column("resolution_due_at", UTC_TIME),
    sa.Column("next_due_at", UTC_TIME),
    sa.Column("first_responded_at", UTC_TIME),
    sa.Column("first_response_breached", sa.Boolean),
    sa.Column("resolved_at", UTC_TIME),
    sa.Column("resolution_breached", sa.Boolean),
    sa.Column("closed_at", UTC_TIME),
    sa.Column("merged_into", sa.String(20)),
    sa.Column("transfer_requested_at", UTC_TIME, index=True),
    sa.Column("reopen_count", sa.Integer, nullable=False),
    sa.Column("created_at", UTC_TIME, nullable=False, index=True),
    sa.Column("updated_at", UTC_TIME, nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    # The queue of a team (unassigned first by urgency) and an agent's own tickets.
    sa.Index(None, "team_id", "assignee_id", "next_due_at"),
    sa.Index(None, "assignee_id", "next_due_at"),
    # The due-time scan: every active ticket whose earliest deadline is before an instant.
    sa.Index(None, "next_due_at"),
    sa.Index(None, "status", "created_at"),
    # "Untouched for 24 hours" reminders (t0002).
    sa.Index(None, "updated_at"),
    sa.Index(None, "customer_segment", "created_at"),
)

ticket_events = sa.Table(
    "ticket_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.String(20), sa.ForeignKey("tickets.id"), nullable=False, index=True),
    sa.Column("at", UTC_TIME, nullable=False),
    sa.Column("actor_kind", sa.String(20), nullable=False),
    sa.Column("actor_id", sa.String(40)),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("before", sa.JSON, nullable=False),
    sa.Column("after", sa.JSON, nullable=False),
    sa.Column("reason", sa.Text),
)

ticket_messages = sa.Table(
    "ticket_messages",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("ticket_id", sa.String(20), sa.ForeignKey("tickets.id"), nullable=False, index=True),
    sa.Column("at", UTC_TIME, nullable=False),
    sa.Column("author_kind", sa.String(20), nullable=False),  # agent, customer, service
    sa.Column("author_id", sa.String(40)),
    sa.Column("visibility", sa.String(10), nullable=False),  # public or internal
    sa.Column("body", sa.Text, nullable=False),
)
