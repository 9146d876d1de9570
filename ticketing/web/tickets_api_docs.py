"""The OpenAPI description of the tickets API (``ticketing.web.features.tickets``)."""

from __future__ import annotations

from aiohttp import web

from ticketing.web.openapi import add_schema, describe
from ticketing.web.requests import (
    Assign,
    CreateTicket,
    CustomerMessage,
    Merge,
    PriorityChange,
    Reply,
    Tags,
    Transfer,
    Transition,
)
from ticketing.web.ticket_json import TICKET_SCHEMA

SEARCH_QUERY = {
    "status": "comma-separated statuses",
    "team": "team id",
    "assignee": "agent id, 'me' or 'none'",
    "due_before": "ISO time: earliest running deadline at or before",
    "segment": "customer segment",
    "customer_id": "customer id",
    "conversation_id": "conversation id (the bot may read these)",
    "category": "category",
    "priority": "P1-P4",
    "limit": "1-200 (50)",
    "offset": "skip this many",
}


def describe_tickets_api(app: web.Application) -> None:
    """Declare the tickets API's operations and schemas for ``/api/v1/openapi.json``."""
    base = "/api/v1/tickets"
    one = base + "/{ticket_id}"
    add_schema(app, "Ticket", TICKET_SCHEMA)
    add_schema(
        app,
        "TicketList",
        {
            "type": "object",
            "properties": {
                "tickets": {"type": "array", "items": {"$ref": "#/components/schemas/Ticket"}}
            },
        },
    )
    add_schema(
        app,
        "Events",
        {"type": "object", "description": "events: [{at, actor, action, before, after, reason}]"},
    )
    add_schema(
        app,
        "Messages",
        {"type": "object", "description": "messages: [{id, at, author, visibility, body}]"},
    )
    add_schema(app, "MessageAndTicket", {"type": "object", "description": "{message, ticket}"})
    describe(
        app,
        "post",
        base,
        "Open a ticket (idempotent per conversation: 201 new, 200 existing with created=false)",
        "tickets",
        CreateTicket,
        "Ticket",
        201,
        roles="bot, agent",
    )
    describe(
        app,
        "get",
        base,
        "Search tickets (agents: their teams; bot: by conversation or customer)",
        "tickets",
        response="TicketList",
        roles="agent, bot",
        query=SEARCH_QUERY,
    )
    describe(
        app,
        "get",
        "/api/v1/queue",
        "Active tickets by SLA urgency",
        "tickets",
        response="TicketList",
        query={"team": "team id", "assignee": "none (default), me or any", "limit": "1-200"},
    )
    describe(
        app, "get", one, "One ticket", "tickets", response="Ticket", roles="agent of the team, bot"
    )
    describe(
        app,
        "post",
        one + "/transitions",
        "Change status (409 with the reason when not allowed)",
        "tickets",
        Transition,
        "Ticket",
        roles="agent of the team; bot: closed or reopened only",
    )
    describe(
        app,
        "post",
        one + "/replies",
        "Public reply (to the customer) or internal note",
        "tickets",
        Reply,
        "MessageAndTicket",
        201,
    )
    describe(
        app,
        "post",
        one + "/customer-messages",
        "A customer's message (resumes a pending ticket)",
        "tickets",
        CustomerMessage,
        "MessageAndTicket",
        201,
        roles="bot",
    )
    describe(
        app,
        "get",
        one + "/messages",
        "Messages (internal notes for staff only)",
        "tickets",
        response="Messages",
        roles="agent, bot",
    )
    describe(app, "get", one + "/events", "The audit trail", "tickets", response="Events")
    describe(
        app,
        "post",
        one + "/assign",
        "Assign to 'me' (agent) or anyone in the team (supervisor); capacity claimed atomically",
        "tickets",
        Assign,
        "Ticket",
    )
    describe(
        app,
        "post",
        one + "/transfer",
        "Transfer to another team with a reason (1-hour target)",
        "tickets",
        Transfer,
        "Ticket",
    )
    describe(
        app,
        "post",
        one + "/merge",
        "Close this ticket as a duplicate of another",
        "tickets",
        Merge,
        "Ticket",
    )
    describe(
        app,
        "put",
        one + "/priority",
        "Override the priority with a reason",
        "tickets",
        PriorityChange,
        "Ticket",
    )
    describe(app, "put", one + "/tags", "Replace the tags", "tickets", Tags, "Ticket")
