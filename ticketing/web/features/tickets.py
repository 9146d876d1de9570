"""The tickets API: create (the bot's escalation), read, search, the queue, and every change.

Each handler parses its body, runs one service call off the event loop and shows the result;
who may do what is decided in the services (``ticketing.services``), errors map in one place.
"""

from __future__ import annotations

from aiohttp import web

from kefu.settings import Settings
from ticketing.domain.errors import FieldProblem, InvalidInput
from ticketing.domain.priority import Sentiment
from ticketing.domain.tickets import TicketDraft
from ticketing.services.escalation import EscalationService
from ticketing.services.ticket_work import TicketService
from ticketing.storage.tickets_repository import UNASSIGNED, TicketFilter
from ticketing.web.context import clock_of, engine_of, principal_of, run_service
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
    paging,
    parse,
    query_time,
)
from ticketing.web.ticket_json import event_json, message_json, ticket_json
from ticketing.web.tickets_api_docs import describe_tickets_api


def _tickets(request: web.Request) -> TicketService:
    return TicketService(engine_of(request), clock_of(request.app))


def _ticket_id(request: web.Request) -> str:
    return request.match_info["ticket_id"]


async def create_ticket(request: web.Request) -> web.Response:
    """POST /api/v1/tickets: 201 with a new ticket, 200 with the conversation's open one."""
    from ticketing.web.app import SETTINGS

    body = await parse(request, CreateTicket)
    settings: Settings = request.app[SETTINGS]
    draft = TicketDraft(
        subject=body.subject,
        category=body.category,
        description=body.description,
        channel=body.channel,
        language=body.language,
        conversation_id=body.conversation_id,
        customer_id=body.customer_id,
        customer_segment=body.customer_segment,
        sentiment=None
        if body.sentiment is None
        else Sentiment(body.sentiment.label, body.sentiment.score, body.sentiment.anger),
        tags=tuple(body.tags),
    )
    service = EscalationService(engine_of(request), clock_of(request.app), settings.tz)
    opened = await run_service(request, service.open_ticket, principal_of(request), draft)
    return web.json_response(
        {**ticket_json(opened.view), "created": opened.created},
        status=201 if opened.created else 200,
    )


async def get_ticket(request: web.Request) -> web.Response:
    """GET /api/v1/tickets/{ticket_id}"""
    view = await run_service(
        request, _tickets(request).get, principal_of(request), _ticket_id(request)
    )
    return web.json_response(ticket_json(view))


async def search_tickets(request: web.Request) -> web.Response:
    """GET /api/v1/tickets?status=&team=&assignee=&due_before=&segment=&... newest first."""
    query = request.query
    principal = principal_of(request)
    assignee = query.get("assignee")
    if assignee == "me":
        assignee = principal.agent_id
    criteria = TicketFilter(
        statuses=tuple(s for s in query.get("status", "").split(",") if s),
        team_id=query.get("team"),
        assignee_id=assignee,
        due_before=query_time(request, "due_before"),
        segment=query.get("segment"),
        customer_id=query.get("customer_id"),
        conversation_id=query.get("conversation_id"),
        category=query.get("category"),
        priority=query.get("priority"),
    )
    limit, offset = paging(request)
    views = await run_service(request, _tickets(request).search, principal, criteria, limit, offset)
    return web.json_response({"tickets": [ticket_json(view) for view in views]})


async def queue(request: web.Request) -> web.Response:
    """GET /api/v1/queue?team=&assignee=none|me|any: active tickets by SLA urgency."""
    assignee = request.query.get("assignee", UNASSIGNED)
    if assignee not in (UNASSIGNED, "me", "any"):
        problem = FieldProblem("assignee", "one of none, me, any")
        raise InvalidInput("unknown assignee filter", (problem,))
    limit, _ = paging(request)
    views = await run_service(
        request,
        _tickets(request).queue,
        principal_of(request),
        request.query.get("team"),
        None if assignee == "any" else assignee,
        limit,
    )
    return web.json_response({"tickets": [ticket_json(view) for view in views]})


async def transition(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/transitions {status, reason}"""
    body = await parse(request, Transition)
    view = await run_service(
        request,
        _tickets(request).transition,
        principal_of(request),
        _ticket_id(request),
        body.status,
        body.reason,
    )
    return web.json_response(ticket_json(view))


async def reply(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/replies {body, visibility: public|internal}"""
    body = await parse(request, Reply)
    message, view = await run_service(
        request,
        _tickets(request).reply,
        principal_of(request),
        _ticket_id(request),
        body.body,
        body.visibility == "public",
    )
    return web.json_response(
        {"message": message_json(message), "ticket": ticket_json(view)}, status=201
    )


async def customer_message(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/customer-messages {body} (bot or gateway)"""
    body = await parse(request, CustomerMessage)
    message, view = await run_service(
        request,
        _tickets(request).customer_message,
        principal_of(request),
        _ticket_id(request),
        body.body,
    )
    return web.json_response(
        {"message": message_json(message), "ticket": ticket_json(view)}, status=201
    )


async def messages(request: web.Request) -> web.Response:
    """GET /api/v1/tickets/{ticket_id}/messages (internal notes for staff only)"""
    found = await run_service(
        request, _tickets(request).messages, principal_of(request), _ticket_id(request)
    )
    return web.json_response({"messages": [message_json(message) for message in found]})


async def events(request: web.Request) -> web.Response:
    """GET /api/v1/tickets/{ticket_id}/events: the audit trail"""
    found = await run_service(
        request, _tickets(request).events, principal_of(request), _ticket_id(request)
    )
    return web.json_response({"events": [event_json(event) for event in found]})


async def assign(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/assign {agent_id | "me"}"""
    body = await parse(request, Assign)
    principal = principal_of(request)
    agent_id = principal.agent_id if body.agent_id == "me" else body.agent_id
    view = await run_service(
        request, _tickets(request).assign, principal, _ticket_id(request), agent_id or ""
    )
    return web.json_response(ticket_json(view))


async def transfer(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/transfer {team_id, reason}"""
    body = await parse(request, Transfer)
    view = await run_service(
        request,
        _tickets(request).transfer,
        principal_of(request),
        _ticket_id(request),
        body.team_id,
        body.reason,
    )
    return web.json_response(ticket_json(view))


async def merge(request: web.Request) -> web.Response:
    """POST /api/v1/tickets/{ticket_id}/merge {into, reason}: returns the surviving ticket"""
    body = await parse(request, Merge)
    view = await run_service(
        request,
        _tickets(request).merge,
        principal_of(request),
        _ticket_id(request),
        body.into,
        body.reason,
    )
    return web.json_response(ticket_json(view))


async def set_priority(request: web.Request) -> web.Response:
    """PUT /api/v1/tickets/{ticket_id}/priority {priority, reason}"""
    body = await parse(request, PriorityChange)
    view = await run_service(
        request,
        _tickets(request).set_priority,
        principal_of(request),
        _ticket_id(request),
        body.priority,
        body.reason,
    )
    return web.json_response(ticket_json(view))


async def set_tags(request: web.Request) -> web.Response:
    """PUT /api/v1/tickets/{ticket_id}/tags {tags}"""
    body = await parse(request, Tags)
    view = await run_service(
        request, _tickets(request).set_tags, principal_of(request), _ticket_id(request), body.tags
    )
    return web.json_response(ticket_json(view))


def setup(app: web.Application) -> None:
    """Mount the tickets API."""
    base = "/api/v1/tickets"
    one = base + "/{ticket_id}"
    routes = [
        ("post", base, create_ticket),
        ("get", base, search_tickets),
        ("get", "/api/v1/queue", queue),
        ("get", one, get_ticket),
        ("post", one + "/transitions", transition),
        ("post", one + "/replies", reply),
        ("post", one + "/customer-messages", customer_message),
        ("get", one + "/messages", messages),
        ("get", one + "/events", events),
        ("post", one + "/assign", assign),
        ("post", one + "/transfer", transfer),
        ("post", one + "/merge", merge),
        ("put", one + "/priority", set_priority),
        ("put", one + "/tags", set_tags),
    ]
    for method, path, handler in routes:
        app.router.add_route(method.upper(), path, handler)
    describe_tickets_api(app)
