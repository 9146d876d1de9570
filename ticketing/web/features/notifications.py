"""Console notifications for the signed-in agent: ``GET /api/v1/notifications`` and
``POST /api/v1/notifications/{id}/read``; and the in-process publish hook.

``app[NOTIFICATION_BUS]`` (a :class:`reminders.channels.console.NotificationBus`) is created
here: the scheduler's jobs publish every stored notice to it, and the hub's agent namespace
subscribes (``app[NOTIFICATION_BUS].subscribe(async_callback)``; the callback receives the agent
id and the same JSON this API returns) to push it live.
"""

from __future__ import annotations

from aiohttp import web

from reminders.channels.console import NotificationBus
from reminders.inbox import mark_read, notifications_for
from ticketing.domain.errors import AuthenticationFailed, InvalidInput, NotFound
from ticketing.web.context import blocking, clock_of, engine_of, principal_of
from ticketing.web.openapi import add_schema, describe

NOTIFICATION_BUS = web.AppKey("notification_bus", NotificationBus)


def _agent_id(request: web.Request) -> str:
    principal = principal_of(request)
    if principal.kind != "agent" or not principal.agent_id:
        raise AuthenticationFailed("notifications belong to a signed-in agent")
    return principal.agent_id


async def list_notifications(request: web.Request) -> web.Response:
    """GET /api/v1/notifications?unread=true&limit=50: newest first."""
    agent_id = _agent_id(request)
    unread = request.query.get("unread", "false").lower() in ("1", "true", "yes")
    try:
        limit = int(request.query.get("limit", "50"))
    except ValueError:
        limit = 0
    if not 1 <= limit <= 200:
        raise InvalidInput("limit must be a number from 1 to 200")
    items = await blocking(notifications_for, engine_of(request), agent_id, unread, limit)
    return web.json_response({"items": items})


async def read_notification(request: web.Request) -> web.Response:
    """POST /api/v1/notifications/{notification_id}/read: mark one of your own read."""
    agent_id = _agent_id(request)
    try:
        notification_id = int(request.match_info["notification_id"])
    except ValueError:
        raise NotFound("no such notification") from None
    now = clock_of(request.app)()
    if not await blocking(mark_read, engine_of(request), agent_id, notification_id, now):
        raise NotFound("no such notification", notification_id=notification_id)
    return web.json_response({"id": notification_id, "read": True})


def setup(app: web.Application) -> None:
    """Routes, the publish hook and the OpenAPI description."""
    app[NOTIFICATION_BUS] = NotificationBus()
    app.router.add_get("/api/v1/notifications", list_notifications)
    app.router.add_post("/api/v1/notifications/{notification_id}/read", read_notification)
    add_schema(
        app,
        "Notifications",
        {
            "type": "object",
            "description": "items: [{id, kind, text: {zh, en}, ticket_id, customer_id, "
            "created_at, read_at}], newest first",
        },
    )
    describe(
        app,
        "get",
        "/api/v1/notifications",
        "My console notifications (SLA warnings, escalations, care reminders)",
        "notifications",
        response="Notifications",
        query={"unread": "true: unread only", "limit": "1-200, default 50"},
    )
    describe(
        app,
        "post",
        "/api/v1/notifications/{notification_id}/read",
        "Mark one of my notifications read",
        "notifications",
    )
