"""The chat gateway: Rasa's socket.io protocol at ``/socket.io`` on the service's port, and the
agents' live namespace ``/agents``.

Customers (namespace ``/``), as a stock Rasa widget expects: ``session_request
{session_id}`` → ``session_confirm {session_id, history}``; ``user_uttered {message,
session_id, customData}`` → ``bot_uttered {text, quick_replies}``. The session id is a signed
token (``<conversation id>.<signature>``): only the widget that got it can rejoin.
Agents connect to ``/agents`` with ``auth: {token}`` (their sign-in token) and join one room per
team; they receive ``conversation``, ``message`` and ``sentiment`` events of their teams only.

Why our own gateway and not Rasa's socketio channel: see DESIGN.md ("Interfaces").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import socketio
from aiohttp import web

from ticketing.domain.conversations import MAX_MESSAGE_CHARS
from ticketing.domain.conversations_limits import RateLimit, SessionSigner
from ticketing.services.auth import AuthService
from ticketing.services.conversations.desk import ServiceDesk
from ticketing.services.conversations.hub import ConversationHub
from ticketing.services.conversations.rasa import RasaClient
from ticketing.services.conversations.store import ConversationStore
from ticketing.services.conversations.wire import widget_json
from ticketing.web.context import blocking, clock_of
from ticketing.web.features.widget_channel import WIDGET_CHANNEL

log = logging.getLogger(__name__)

HUB = web.AppKey("conversation_hub", ConversationHub)
SOCKETS = web.AppKey("socketio_server", socketio.AsyncServer)
RATE_LIMIT = web.AppKey("conversation_rate_limit", Callable[[], RateLimit])
"""Tests may set a stricter or looser per-session rate limit before start-up."""

AGENTS = "/agents"
ALL_TEAMS = "team:*"


def agent_room(agent_id: str) -> str:
    """The room of one agent's own console tabs (their notifications)."""
    return f"agent:{agent_id}"


def team_room(team_id: str) -> str:
    """The agents' room of a team."""
    return f"team:{team_id}"


class SocketNotifier:
    """The hub's :class:`~ticketing.services.conversations.hub.Notifier` on socket.io rooms:
    a conversation's room holds its widgets; a team's room its agents (admins are in all)."""

    def __init__(self, server: socketio.AsyncServer) -> None:
        self._server = server

    async def to_customer(self, conversation_id: str, event: str, data: dict[str, Any]) -> None:
        await self._server.emit(event, data, room=conversation_id)

    async def to_team(self, team_id: str | None, event: str, data: dict[str, Any]) -> None:
        rooms = [ALL_TEAMS] if team_id is None else [team_room(team_id), ALL_TEAMS]
        await self._server.emit(event, data, to=rooms, namespace=AGENTS)


def _customer_handlers(server: socketio.AsyncServer, app: web.Application) -> None:
    async def bind(sid: str, session_token: object, custom: object) -> dict[str, Any]:
        custom = custom if isinstance(custom, dict) else {}
        session = await app[HUB].start(
            session_token, custom.get("customer_token"), custom.get("language")
        )
        async with server.session(sid) as state:
            previous = state.get("conversation_id")
            state["conversation_id"] = session.conversation.id
        app[WIDGET_CHANNEL].joined(sid, session.conversation.customer_id, session.conversation.id)
        if previous and previous != session.conversation.id:
            await server.leave_room(sid, previous)
        await server.enter_room(sid, session.conversation.id)
        return {
            "session_id": session.token,
            "resumed": session.resumed,
            "language": session.conversation.language,
            "mode": session.conversation.mode.value,
            "history": [widget_json(m) for m in session.history],
        }

    @server.on("disconnect")
    async def disconnect(sid: str, *_reason: object) -> None:
        app[WIDGET_CHANNEL].left(sid)

    @server.on("session_request")
    async def session_request(sid: str, data: object = None) -> None:
        data = data if isinstance(data, dict) else {}
        confirm = await bind(sid, data.get("session_id"), data.get("customData"))
        await server.emit("session_confirm", confirm, to=sid)

    @server.on("user_uttered")
    async def user_uttered(sid: str, data: object = None) -> None:
        data = data if isinstance(data, dict) else {}
        state = await server.get_session(sid)
        conversation_id = state.get("conversation_id")
        if conversation_id is None:
            # A widget that reconnected and speaks before asking for its session again.
            confirm = await bind(sid, data.get("session_id"), data.get("customData"))
            await server.emit("session_confirm", confirm, to=sid)
            conversation_id = (await server.get_session(sid))["conversation_id"]
        try:
            await app[HUB].customer_says(conversation_id, data.get("message"))
        except Exception:
            log.exception("message handling failed", extra={"conversation": conversation_id})


def _agent_handlers(server: socketio.AsyncServer, app: web.Application) -> None:
    @server.on("connect", namespace=AGENTS)
    async def connect(sid: str, environ: dict, auth: object = None) -> None:
        token = auth.get("token") if isinstance(auth, dict) else None
        principal = None
        if isinstance(token, str) and token:
            from ticketing.web.app import ENGINE

            service = AuthService(app[ENGINE], clock_of(app))
            principal = await blocking(service.principal_for, token)
        if principal is None:
            raise socketio.exceptions.ConnectionRefusedError("unauthorized")
        await server.save_session(sid, {"agent_id": principal.agent_id}, namespace=AGENTS)
        rooms = [ALL_TEAMS] if principal.is_admin else [team_room(t) for t in principal.team_ids]
        rooms.append(agent_room(principal.agent_id))
        for room in rooms:
            await server.enter_room(sid, room, namespace=AGENTS)


async def _hub(app: web.Application) -> AsyncIterator[None]:
    from ticketing.web.app import ENGINE, SETTINGS

    settings = app[SETTINGS]
    clock = clock_of(app)
    rasa = RasaClient(settings.rasa_url)
    app[HUB] = ConversationHub(
        store=ConversationStore(app[ENGINE]),
        desk=ServiceDesk(app[ENGINE], clock, settings.tz),
        rasa=rasa,
        notifier=SocketNotifier(app[SOCKETS]),
        signer=SessionSigner(settings.data_key.get_secret_value().encode()),
        clock=clock,
        run_blocking=blocking,
        default_language=settings.default_language,
        rate_limit=app.get(RATE_LIMIT, RateLimit),
    )
    app[WIDGET_CHANNEL].attach(asyncio.get_running_loop(), app[HUB].proactive)
    unsubscribe = _push_notifications(app)
    yield
    unsubscribe()
    await rasa.close()


async def _stop_socket_tasks(app: web.Application) -> None:
    """Stop engine.io's background tasks before aiohttp waits for every task to finish.

    On stop, aiohttp waits (up to its shutdown timeout, 60 s) for all tasks started since
    start-up. engine.io leaves its socket watch and, per socket ever connected, a ping task
    sleeping ``ping_interval`` (25 s): a service that had widgets kept running until the
    supervisor killed it after 10 s. ``shutdown`` ends the watch; the ping tasks have no handle,
    so they are found by their coroutine and cancelled (their only work is the next ping).
    """
    if app[SOCKETS].eio.service_task_handle is not None:  # not stopped yet
        await app[SOCKETS].shutdown()
    for task in asyncio.all_tasks():
        if task.get_coro().__qualname__ == "AsyncSocket._send_ping":
            task.cancel()


def _push_notifications(app: web.Application) -> Callable[[], None]:
    """Forward the scheduler's console notifications live to the agent's open consoles."""
    from ticketing.web.features.notifications import NOTIFICATION_BUS

    bus = app.get(NOTIFICATION_BUS)
    if bus is None:
        return lambda: None
    server = app[SOCKETS]

    async def push(agent_id: str, payload: dict[str, Any]) -> None:
        await server.emit("notification", payload, to=agent_room(agent_id), namespace=AGENTS)

    return bus.subscribe(push)


def setup(app: web.Application) -> None:
    """Attach the socket.io server at ``/socket.io`` and build the hub at start-up."""
    server = socketio.AsyncServer(
        async_mode="aiohttp",
        # The widget may be embedded on the shop's own site (another origin); agents
        # authenticate with their token, customers with their signed session.
        cors_allowed_origins="*",
        max_http_buffer_size=16 * MAX_MESSAGE_CHARS,
        logger=False,
        engineio_logger=False,
    )
    server.attach(app, socketio_path="socket.io")
    app[SOCKETS] = server
    _customer_handlers(server, app)
    _agent_handlers(server, app)
    app.cleanup_ctx.append(_hub)
    app.on_shutdown.append(_stop_socket_tasks)
