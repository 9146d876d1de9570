"""The interaction log (互动执行台账): what was done with a customer and what comes next.

Each entry: customer, time, channel, summary, the customer's feedback, owner, and a next action
with its due time. Logging one updates the customer's last interaction, counts unanswered
proactive touches in a row (a churn signal), and re-segments the customer. Open next actions
are what the follow-up reminder job scans (``due_follow_ups``, indexed by due time).
A due *date* (``YYYY-MM-DD``) means 09:00 business time that day, so the reminder comes in
the morning of the day it is due.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ticketing.domain.auth import Principal
from ticketing.domain.customers import CustomerError
from ticketing.domain.customers_access import Permission, require
from ticketing.domain.customers_validation import CHANNELS
from ticketing.services import customers_segments
from ticketing.services.customers_context import CustomerContext, actor_name, live_row
from ticketing.services.customers_profiles import _iso
from ticketing.storage import customers as customer_rows
from ticketing.storage.customers_orders import _aware
from ticketing.storage.schema.customers import interactions

DUE_HOUR = time(9, 0)


class InvalidInteraction(CustomerError):
    """An interaction record is malformed; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


class InteractionNotFound(CustomerError):
    """No interaction has this id."""

    def __init__(self, interaction_id: int) -> None:
        super().__init__(f"interaction {interaction_id} not found")


def _moment(value: object, name: str, context: CustomerContext) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value)
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return datetime.combine(day, DUE_HOUR, tzinfo=context.tz).astimezone(timezone.utc)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInteraction(name, "must be YYYY-MM-DD or an ISO time with offset") from None
    if moment.tzinfo is None:
        raise InvalidInteraction(name, "must carry a UTC offset")
    return moment.astimezone(timezone.utc)


def _document(row) -> dict:
    return {
        key: _iso(_aware(v) if isinstance(v, datetime) else v) for key, v in row._mapping.items()
    }


def log_interaction(
    context: CustomerContext, principal: Principal, customer_id: str, payload: dict
) -> dict:
    """Record one interaction; returns it with its id."""
    require(principal.role, Permission.LOG_INTERACTION)
    now = context.clock()
    channel = str(payload.get("channel", "")).lower()
    if channel not in CHANNELS:
        raise InvalidInteraction("channel", f"one of {', '.join(CHANNELS)}")
    summary = str(payload.get("summary") or "").strip()
    if not summary or len(summary) > 2000:
        raise InvalidInteraction("summary", "required, at most 2000 characters")
    responded = payload.get("customer_responded")
    if responded is not None and not isinstance(responded, bool):
        raise InvalidInteraction("customer_responded", "true, false or null")
    occurred_at = _moment(payload.get("occurred_at"), "occurred_at", context) or now
    due = _moment(payload.get("next_action_due"), "next_action_due", context)
    next_action = str(payload.get("next_action") or "").strip() or None
    if (due is None) != (next_action is None):
        raise InvalidInteraction("next_action_due", "a next action needs a due date and back")
    proactive = bool(payload.get("proactive", False))
    values = {
        "customer_id": customer_id,
        "occurred_at": occurred_at,
        "channel": channel,
        "summary": summary,
        "feedback": (str(payload.get("feedback") or "").strip() or None),
        "proactive": proactive,
        "customer_responded": responded,
        "owner": str(payload.get("owner") or actor_name(principal))[:64],
        "next_action": next_action,
        "next_action_due_at": due,
        "created_by": actor_name(principal)[:64],
        "created_at": now,
    }
    with context.engine.begin() as connection:
        row = live_row(connection, customer_id)
        result = connection.execute(interactions.insert().values(**values))
        unanswered = row.unanswered_touches
        if proactive and responded is False:
            unanswered += 1
        elif responded or not proactive:
            unanswered = 0
        last = _aware(row.last_interaction_at)
        customer_rows.update_columns(
            connection,
            customer_id,
            now,
            unanswered_touches=unanswered,
            last_interaction_at=max(last, occurred_at) if last else occurred_at,
        )
        policy = customers_segments.load_policy(connection)
        customers_segments.recompute_segments(connection, policy, now, context.tz, [customer_id])
        interaction_id = result.inserted_primary_key[0]
        stored = connection.execute(
            select(interactions).where(interactions.c.interaction_id == interaction_id)
        ).one()
    return _document(stored)


def list_interactions(
    context: CustomerContext, principal: Principal, customer_id: str, limit: int = 100
) -> list[dict]:
    """A customer's interactions, newest first."""
    require(principal.role, Permission.VIEW)
    query = (
        select(interactions)
        .where(interactions.c.customer_id == customer_id)
        .order_by(interactions.c.occurred_at.desc())
        .limit(limit)
    )
    with context.engine.connect() as connection:
        live_row(connection, customer_id)
        return [_document(row) for row in connection.execute(query)]


def complete_next_action(
    context: CustomerContext, principal: Principal, interaction_id: int
) -> dict:
    """Mark an interaction's next action done (its reminder stops)."""
    require(principal.role, Permission.LOG_INTERACTION)
    now = context.clock()
    table = interactions
    with context.engine.begin() as connection:
        connection.execute(
            table.update()
            .where(table.c.interaction_id == interaction_id, table.c.next_action_done_at.is_(None))
            .values(next_action_done_at=now)
        )
        row = connection.execute(
            select(table).where(table.c.interaction_id == interaction_id)
        ).first()
    if row is None:
        raise InteractionNotFound(interaction_id)
    return _document(row)


def due_follow_ups(connection: Connection, until: datetime) -> list[dict]:
    """Open next actions due at or before ``until`` (for the follow-up reminder job)."""
    table = interactions
    query = (
        select(table)
        .where(table.c.next_action_due_at <= until, table.c.next_action_done_at.is_(None))
        .order_by(table.c.next_action_due_at)
    )
    return [_document(row) for row in connection.execute(query)]
