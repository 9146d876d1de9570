"""Tickets area: the configuration revision and the admin audit trail.

``config_revisions`` holds one row whose ``revision`` (a random token) changes in the same
transaction as every write to teams, team memberships, agents' profiles or SLA policies. A
service process caches that configuration and reloads it when the revision it reads differs
(``ticketing.storage.configuration``): one indexed row instead of three or four queries per
escalation, and no stale teams or policies across processes.

``admin_audit`` records every admin change (teams, calendars, agents, SLA policies): who, what,
when, the entity's state before and after, written in the same transaction as the change.
"""

from __future__ import annotations

import sqlalchemy as sa

from ticketing.storage.schema.meta import metadata

UTC_TIME = sa.DateTime(timezone=True)

config_revisions = sa.Table(
    "config_revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("revision", sa.String(32), nullable=False),
)

admin_audit = sa.Table(
    "admin_audit",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", UTC_TIME, nullable=False, index=True),
    sa.Column("actor_kind", sa.String(20), nullable=False),  # agent (an admin) or system (CLI)
    sa.Column("actor_id", sa.String(40), index=True),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("entity_kind", sa.String(20), nullable=False),  # team, agent, sla_policy
    sa.Column("entity_id", sa.String(60), nullable=False),
    sa.Column("before", sa.JSON),  # None when the entity was created
    sa.Column("after", sa.JSON),  # None when it was deleted
    sa.Index(None, "entity_kind", "entity_id", "id"),
)
