"""Follow-up rules: next actions, leads, contracts, resolved tickets and data-protection alerts.

- ``follow_up_due`` → the interaction's owner when its next action falls due;
- ``record_not_updated`` → the owner when that next action is still open 24 hours after its due
  time (SPEC: the record must be updated within 24 hours after a sales follow-up);
- ``lead_follow_up`` → the owner of an A-grade lead when it arrives and again after 2 days if
  nobody has followed up (SPEC: within 3 days);
- ``contract_renewal`` → the owner, 09:00 fifteen days before the contract ends;
- ``satisfaction_survey`` → the customer, 1 hour after the ticket was resolved (service);
- ``revisit_due`` → the ticket's assignee (the team's supervisor otherwise) when a revisit the
  case asked for (tag ``revisit:90d`` or ``revisit:3m``) falls due;
- ``data_alert`` → the data-protection recipients, for each pending ``customer_audit`` alert
  (marked notified once sent).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from reminders.messages import Notice
from reminders.rules_care import STAFF_HOUR, CareContext
from reminders.slots import due_days
from ticketing.storage import customers_audit
from ticketing.storage.schema.customers import interactions
from ticketing.storage.schema.reminders import care_contracts, care_leads
from ticketing.storage.schema.tickets import tickets
from ticketing.storage.times import from_db, to_db

RECORD_GRACE = timedelta(hours=24)
LEAD_DEADLINE = timedelta(days=3)
LEAD_SECOND_REMINDER = timedelta(days=2)
RENEWAL_NOTICE = timedelta(days=15)
SURVEY_DELAY = timedelta(hours=1)
REVISIT = re.compile(r"^revisit:(\d{1,3})([dm])$")
LONGEST_REVISIT = timedelta(days=400)


def _open_next_actions(connection: Connection, since: datetime, until: datetime) -> list:
    table = interactions
    query = (
        sa.select(
            table.c.interaction_id,
            table.c.customer_id,
            table.c.owner,
            table.c.next_action,
            table.c.next_action_due_at,
        )
        .where(
            table.c.next_action_due_at > to_db(since),
            table.c.next_action_due_at <= to_db(until),
            table.c.next_action_done_at.is_(None),
        )
        .order_by(table.c.next_action_due_at)
    )
    return list(connection.execute(query))


def follow_ups(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Next actions from the interaction log that fell due, and those left open a day longer.

    Reads open next actions due within the look-back (plus the 24-hour grace) on the index
    ``(next_action_due_at, next_action_done_at)``; older ones were reminded back then.
    """
    for row in _open_next_actions(connection, now - ctx.lookback - RECORD_GRACE, now):
        due = from_db(row.next_action_due_at)
        variables = {
            "customer_id": row.customer_id,
            "next_action": row.next_action or "",
            "due_local": due.astimezone(ctx.zone).isoformat(timespec="minutes"),
        }
        target = str(row.interaction_id)
        if due > now - ctx.lookback:
            yield Notice(
                "follow_up_due",
                target,
                due,
                "staff",
                row.owner,
                "alert",
                variables,
                customer_id=row.customer_id,
            )
        if due + RECORD_GRACE <= now:
            yield Notice(
                "record_not_updated",
                target,
                due + RECORD_GRACE,
                "staff",
                row.owner,
                "alert",
                variables,
                customer_id=row.customer_id,
            )


def lead_follow_ups(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """A-grade leads nobody has followed up yet (index on grade, follow-up, creation)."""
    query = sa.select(care_leads).where(
        care_leads.c.grade == "A",
        care_leads.c.followed_up_at.is_(None),
        care_leads.c.created_at <= to_db(now),
        care_leads.c.created_at > to_db(now - LEAD_SECOND_REMINDER - ctx.lookback),
    )
    for row in connection.execute(query):
        created = from_db(row.created_at)
        deadline = (created + LEAD_DEADLINE).astimezone(ctx.zone).isoformat(timespec="minutes")
        for due in (created, created + LEAD_SECOND_REMINDER):
            if due <= now:
                yield Notice(
                    "lead_follow_up",
                    str(row.lead_id),
                    due,
                    "staff",
                    row.owner,
                    "alert",
                    {"customer_id": row.customer_id, "deadline_local": deadline},
                    customer_id=row.customer_id,
                )


def contract_renewals(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Contracts ending 15 days after a day whose 09:00 has passed (index on ``ends_on``)."""
    for day, due in due_days(now, ctx.zone, STAFF_HOUR, ctx.lookback):
        ends_on = day + RENEWAL_NOTICE
        query = sa.select(care_contracts).where(
            care_contracts.c.ends_on == ends_on, care_contracts.c.renewed_at.is_(None)
        )
        for row in connection.execute(query):
            yield Notice(
                "contract_renewal",
                row.contract_id,
                due,
                "staff",
                row.owner,
                "alert",
                {
                    "contract_id": row.contract_id,
                    "customer_id": row.customer_id,
                    "ends_on": ends_on.isoformat(),
                },
                customer_id=row.customer_id,
            )


def _resolved(since: datetime, until: datetime) -> sa.sql.Select:
    return sa.select(
        tickets.c.id,
        tickets.c.customer_id,
        tickets.c.language,
        tickets.c.team_id,
        tickets.c.assignee_id,
        tickets.c.tags,
        tickets.c.resolved_at,
    ).where(
        tickets.c.status.in_(("resolved", "closed")),
        tickets.c.resolved_at > to_db(since),
        tickets.c.resolved_at <= to_db(until),
    )


def surveys(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """A satisfaction survey to the customer an hour after resolution."""
    query = _resolved(now - SURVEY_DELAY - ctx.lookback, now - SURVEY_DELAY).where(
        tickets.c.customer_id.is_not(None)
    )
    for row in connection.execute(query):
        due = from_db(row.resolved_at) + SURVEY_DELAY
        yield Notice(
            "satisfaction_survey",
            row.id,
            due,
            "customer",
            row.customer_id,
            "service",
            {"ticket_id": row.id},
            customer_id=row.customer_id,
            ticket_id=row.id,
            language=row.language,
        )


def revisit_after(tags: list[str]) -> timedelta | None:
    """The revisit a ticket's tags ask for (``revisit:90d``, ``revisit:3m`` = 90 days)."""
    for tag in tags:
        match = REVISIT.match(tag)
        if match:
            count, unit = int(match.group(1)), match.group(2)
            return timedelta(days=count * (30 if unit == "m" else 1))
    return None


def revisits(
    connection: Connection,
    now: datetime,
    ctx: CareContext,
    supervisor_of: Callable[[str], str | None] = lambda team: None,
) -> Iterator[Notice]:
    """Revisit reminders of resolved tickets whose revisit time has come."""
    query = _resolved(now - LONGEST_REVISIT, now).where(
        sa.cast(tickets.c.tags, sa.Text).like("%revisit:%")
    )
    for row in connection.execute(query):
        after = revisit_after(list(row.tags))
        if after is None:
            continue
        due = from_db(row.resolved_at) + after
        owner = row.assignee_id or supervisor_of(row.team_id)
        if owner and now - ctx.lookback < due <= now:
            yield Notice(
                "revisit_due",
                row.id,
                due,
                "staff",
                owner,
                "alert",
                {"ticket_id": row.id, "customer_id": row.customer_id or "-"},
                customer_id=row.customer_id,
                ticket_id=row.id,
                team_id=row.team_id,
            )


def data_alerts(
    connection: Connection, now: datetime, ctx: CareContext, recipients: tuple[str, ...]
) -> Iterator[Notice]:
    """Pending personal-data alerts (unauthorized export, ...) to the admins."""
    for alert in customers_audit.pending_alerts(connection):
        occurred = from_db(alert["occurred_at"])
        audit_id = alert["audit_id"]

        def mark(write: Connection, when: datetime, audit_id: int = audit_id) -> None:
            customers_audit.mark_notified(write, audit_id, when)

        for index, recipient in enumerate(recipients):
            yield Notice(
                "data_alert",
                f"{audit_id}/{recipient}",
                occurred,
                "staff",
                recipient,
                "alert",
                {
                    "action": alert["action"],
                    "actor": alert["actor"],
                    "occurred_local": occurred.astimezone(ctx.zone).isoformat(timespec="minutes"),
                },
                customer_id=alert["customer_id"],
                escalation=True,
                after_send=mark if index == len(recipients) - 1 else None,
            )
