"""A :class:`Ticket` as a ``tickets`` row and back (times in UTC, clocks as JSON)."""

from __future__ import annotations

from typing import Any

from sqlalchemy.engine import Row

from ticketing.domain.catalog import Priority
from ticketing.domain.priority import Sentiment
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.statuses import TicketStatus
from ticketing.domain.tickets import Ticket
from ticketing.storage.times import from_db, to_db


def ticket_values(ticket: Ticket) -> dict[str, Any]:
    """The row of a ticket (every column of ``tickets``)."""
    first = ticket.clocks.get("first_response")
    resolution = ticket.clocks.get("resolution")
    return {
        "id": ticket.id,
        "conversation_id": ticket.conversation_id,
        "open_conversation_id": ticket.conversation_id if ticket.unfinished else None,
        "customer_id": ticket.customer_id,
        "customer_segment": ticket.customer_segment,
        "channel": ticket.channel,
        "category": ticket.category,
        "subject": ticket.subject,
        "description": ticket.description,
        "language": ticket.language,
        "sentiment": None
        if ticket.sentiment is None
        else {
            "label": ticket.sentiment.label,
            "score": ticket.sentiment.score,
            "anger": ticket.sentiment.anger,
        },
        "priority": ticket.priority.value,
        "priority_reasons": list(ticket.priority_reasons),
        "priority_overridden": ticket.priority_overridden,
        "status": ticket.status.value,
        "team_id": ticket.team_id,
        "assignee_id": ticket.assignee_id,
        "tags": list(ticket.tags),
        "sla": {metric: clock.to_dict() for metric, clock in ticket.clocks.items()},
        "first_response_due_at": to_db(ticket.due_at("first_response")),
        "next_response_due_at": to_db(ticket.due_at("next_response")),
        "resolution_due_at": to_db(ticket.due_at("resolution")),
        "next_due_at": to_db(ticket.next_due_at),
        "first_responded_at": to_db(ticket.first_responded_at),
        "first_response_breached": first.breached if first else None,
        "resolved_at": to_db(ticket.resolved_at),
        "resolution_breached": resolution.breached if resolution else None,
        "closed_at": to_db(ticket.closed_at),
        "merged_into": ticket.merged_into,
        "transfer_requested_at": to_db(ticket.transfer_requested_at),
        "reopen_count": ticket.reopen_count,
        "created_at": to_db(ticket.created_at),
        "updated_at": to_db(ticket.updated_at),
        "version": ticket.version,
    }


def ticket_from_row(row: Row) -> Ticket:
    """The ticket of a ``tickets`` row (no pending events)."""
    sentiment = row.sentiment
    return Ticket(
        id=row.id,
        subject=row.subject,
        description=row.description,
        category=row.category,
        channel=row.channel,
        language=row.language,
        conversation_id=row.conversation_id,
        customer_id=row.customer_id,
        customer_segment=row.customer_segment,
        sentiment=None if sentiment is None else Sentiment(**sentiment),
        priority=Priority(row.priority),
        priority_reasons=tuple(row.priority_reasons),
        status=TicketStatus(row.status),
        team_id=row.team_id,
        created_at=from_db(row.created_at),
        updated_at=from_db(row.updated_at),
        clocks={metric: SlaClock.from_dict(data) for metric, data in row.sla.items()},
        assignee_id=row.assignee_id,
        tags=tuple(row.tags),
        priority_overridden=row.priority_overridden,
        first_responded_at=from_db(row.first_responded_at),
        resolved_at=from_db(row.resolved_at),
        closed_at=from_db(row.closed_at),
        merged_into=row.merged_into,
        transfer_requested_at=from_db(row.transfer_requested_at),
        reopen_count=row.reopen_count,
        version=row.version,
    )
