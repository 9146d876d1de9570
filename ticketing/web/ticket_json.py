"""JSON shapes of the API's answers (times are ISO 8601 in UTC, ``+00:00``)."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ticketing.domain.sla_policies import METRICS, SlaPolicy
from ticketing.domain.statuses import LABELS
from ticketing.domain.teams import Agent, Team
from ticketing.domain.tickets import TicketEvent
from ticketing.services.views import TicketView
from ticketing.storage.tickets_repository import Message


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC (``2026-11-23T02:10:00+00:00``), or None."""
    return None if moment is None else moment.astimezone(timezone.utc).isoformat()


def ticket_json(view: TicketView) -> dict[str, Any]:
    """The ticket as the API shows it."""
    ticket = view.ticket
    sentiment = ticket.sentiment
    return {
        "id": ticket.id,
        "status": ticket.status.value,
        "status_label": LABELS[ticket.status],
        "priority": ticket.priority.value,
        "priority_reasons": list(ticket.priority_reasons),
        "priority_overridden": ticket.priority_overridden,
        "category": ticket.category,
        "channel": ticket.channel,
        "language": ticket.language,
        "subject": ticket.subject,
        "description": ticket.description,
        "conversation_id": ticket.conversation_id,
        "customer_id": ticket.customer_id,
        "customer_segment": ticket.customer_segment,
        "sentiment": None
        if sentiment is None
        else {"label": sentiment.label, "score": sentiment.score, "anger": sentiment.anger},
        "tags": list(ticket.tags),
        "team": {"id": view.team.id, "name_zh": view.team.name_zh, "name_en": view.team.name_en},
        "assignee": None
        if view.assignee is None
        else {"id": view.assignee.id, "display_name": view.assignee.display_name},
        "first_response_due_at": iso(ticket.due_at("first_response")),
        "next_response_due_at": iso(ticket.due_at("next_response")),
        "resolution_due_at": iso(ticket.due_at("resolution")),
        "queue_position": view.queue_position,
        "expected_first_response_at": iso(view.expected_first_response_at),
        "business_hours_open": view.business_hours_open,
        "sla": {
            metric: {
                key: iso(value) if isinstance(value, datetime) else value
                for key, value in clock.items()
            }
            for metric, clock in view.sla.items()
        },
        "first_responded_at": iso(ticket.first_responded_at),
        "resolved_at": iso(ticket.resolved_at),
        "closed_at": iso(ticket.closed_at),
        "merged_into": ticket.merged_into,
        "transfer_requested_at": iso(ticket.transfer_requested_at),
        "reopen_count": ticket.reopen_count,
        "created_at": iso(ticket.created_at),
        "updated_at": iso(ticket.updated_at),
    }


def agent_json(agent: Agent) -> dict[str, Any]:
    """An agent's public profile (never the password hash)."""
    return {
        "id": agent.id,
        "username": agent.username,
        "display_name": agent.display_name,
        "role": agent.role,
        "team_ids": sorted(agent.team_ids),
        "capacity": agent.capacity,
        "online": agent.online,
        "open_tickets": agent.open_tickets,
        "active": agent.active,
    }


def team_json(team: Team) -> dict[str, Any]:
    """A team with its skills and calendar."""
    return team.to_dict()


def event_json(event: TicketEvent) -> dict[str, Any]:
    """One audit-trail entry."""
    return {
        "at": iso(event.at),
        "actor": {"kind": event.actor.kind, "id": event.actor.id},
        "action": event.action,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
    }


def message_json(message: Message) -> dict[str, Any]:
    """A reply, note or customer message."""
    return {
        "id": message.id,
        "at": iso(message.at),
        "author": {"kind": message.author_kind, "id": message.author_id},
        "visibility": message.visibility,
        "body": message.body,
    }


def policy_json(policy: SlaPolicy, configured: bool) -> dict[str, Any]:
    """An SLA policy row; ``configured`` False means the built-in default applies."""
    data: dict[str, Any] = {
        "priority": policy.priority.value,
        "segment": policy.segment,
        "configured": configured,
    }
    for metric in METRICS:
        target = policy.target(metric)
        data[metric] = {"minutes": target.minutes, "working": target.working}
    return data


TICKET_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "string", "example": "T20261123-0001"},
        "status": {
            "type": "string",
            "enum": [
                "new",
                "open",
                "in_progress",
                "pending_customer",
                "resolved",
                "closed",
                "reopened",
            ],
        },
        "status_label": {
            "type": "object",
            "properties": {"zh": {"type": "string"}, "en": {"type": "string"}},
        },
        "priority": {"type": "string", "enum": ["P1", "P2", "P3", "P4"]},
        "category": {"type": "string"},
        "team": {
            "type": "object",
            "properties": {k: {"type": "string"} for k in ("id", "name_zh", "name_en")},
        },
        "assignee": {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "string"}, "display_name": {"type": "string"}},
        },
        "first_response_due_at": {"type": "string", "format": "date-time"},
        "next_response_due_at": {"type": "string", "format": "date-time", "nullable": True},
        "resolution_due_at": {"type": "string", "format": "date-time"},
        "queue_position": {"type": "integer", "nullable": True},
        "expected_first_response_at": {"type": "string", "format": "date-time", "nullable": True},
        "business_hours_open": {"type": "boolean"},
        "sla": {
            "type": "object",
            "description": "per metric: target, due_at, percent_used, breached",
        },
        "created": {"type": "boolean", "description": "create only: false when reused"},
    },
}
