"""What the SLA watch reads: indexed scans over ``tickets`` and the people who get the notices.

Three narrow queries, no Python loop over every open ticket:

- running deadlines before the scan horizon (``tickets.next_due_at`` index);
- open cross-team transfers (``tickets.transfer_requested_at`` index);
- active tickets unchanged since ``now - untouched`` (status index, then the time filter).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from reminders.duty import Staff
from reminders.rules_sla import OpenTicket
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import DEFAULT_POLICIES, METRICS
from ticketing.domain.statuses import ACTIVE
from ticketing.storage.people_repository import AgentRepository, TeamRepository
from ticketing.storage.policies_repository import PolicyRepository
from ticketing.storage.schema.tickets import tickets
from ticketing.storage.times import from_db, to_db

NEGATIVE_CATEGORIES = frozenset({"complaint"})
_ACTIVE = sorted(status.value for status in ACTIVE)
_COLUMNS = (
    tickets.c.id,
    tickets.c.team_id,
    tickets.c.assignee_id,
    tickets.c.customer_segment,
    tickets.c.category,
    tickets.c.sentiment,
    tickets.c.sla,
    tickets.c.updated_at,
    tickets.c.transfer_requested_at,
)


def load_staff(connection: Connection) -> Staff:
    """Every team and agent (a few hundred rows at most)."""
    teams = {team.id: team for team in TeamRepository(connection).list()}
    agents = {agent.id: agent for agent in AgentRepository(connection).list()}
    return Staff(agents, teams)


def longest_targets(connection: Connection) -> tuple[int, int]:
    """The longest working-time and calendar-time targets of any policy (for the horizon)."""
    policies = [*DEFAULT_POLICIES, *_configured(connection)]
    working = [p.target(m).minutes for p in policies for m in METRICS if p.target(m).working]
    calendar = [p.target(m).minutes for p in policies for m in METRICS if not p.target(m).working]
    return max(working, default=0), max(calendar, default=0)


def _configured(connection: Connection) -> list:
    try:
        return PolicyRepository(connection).list()
    except sa.exc.DatabaseError:  # pragma: no cover - tickets area not migrated
        return []


def watched_tickets(
    connection: Connection, now: datetime, horizon: datetime, untouched_since: datetime
) -> Iterator[OpenTicket]:
    """Active tickets with a deadline before ``horizon``, an open transfer, or idle too long."""
    seen: set[str] = set()
    queries = (
        sa.select(*_COLUMNS).where(tickets.c.next_due_at <= to_db(horizon)),
        sa.select(*_COLUMNS).where(
            tickets.c.transfer_requested_at.is_not(None), tickets.c.status.in_(_ACTIVE)
        ),
        # updated_at is never before created_at: the extra bound lets the (status, created_at)
        # index skip every ticket opened within the idle period.
        sa.select(*_COLUMNS).where(
            tickets.c.status.in_(_ACTIVE),
            tickets.c.created_at <= to_db(untouched_since),
            tickets.c.updated_at <= to_db(untouched_since),
        ),
    )
    for query in queries:
        for row in connection.execute(query):
            if row.id in seen:
                continue
            seen.add(row.id)
            yield _open_ticket(row)


def _open_ticket(row: sa.engine.Row) -> OpenTicket:
    sentiment = row.sentiment or {}
    negative = sentiment.get("label") == "negative" or row.category in NEGATIVE_CATEGORIES
    return OpenTicket(
        id=row.id,
        team_id=row.team_id,
        assignee_id=row.assignee_id,
        customer_segment=row.customer_segment,
        category=row.category,
        negative=negative,
        clocks={metric: SlaClock.from_dict(data) for metric, data in row.sla.items()},
        updated_at=from_db(row.updated_at),
        transfer_requested_at=from_db(row.transfer_requested_at),
    )
