"""Fixtures for the hub: the real service in-process, a scripted fake Rasa, and widgets and
agents speaking socket.io to it (python-socketio's client, the protocol a browser speaks)."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
import pytest
import socketio
from aiohttp import web
from sqlalchemy.engine import Engine

from kefu.settings import load_settings
from ticketing.domain.auth import BOT
from ticketing.domain.conversations_limits import RateLimit
from ticketing.domain.tickets import TicketDraft
from ticketing.services.escalation import EscalationService
from ticketing.web.app import init_app
from ticketing.web.context import CLOCK
from ticketing.web.features.gateway import RATE_LIMIT

from ..ticketing import conftest as desk_fixtures
from ..ticketing.conftest import PASSWORD, SHANGHAI

# The ticketing tests' desk (teams, agents, a fixed Monday-morning clock), shared here.
clock = desk_fixtures.clock
engine = desk_fixtures.engine
desk = desk_fixtures.desk

ASK_PERSON = "我要转人工"
RELATED_ASKED, RELATED_OFFERED = "保修怎么算", "保修期多久？"

if not hasattr(aiohttp, "ClientWSTimeout"):
    # python-engineio 4.15's client names aiohttp 3.10's ClientWSTimeout; Rasa pins aiohttp
    # 3.9, whose ws_connect takes the close timeout as a plain number. Test clients only: the
    # server side does not use it.
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, **_: ws_close


class FakeRasa:
    """kefu's Rasa channel, scripted: answers each message with replies, the message's
        sentiment ("生气" in it: negative), language (Chinese characters: zh, else en) and
        understanding ("嗯？" in it: not understood; "保险" in it: out of scope); RELATED_ASKED is
    answered with RELATED_OFFERED as a related-question button. It
        remembers what it was sent (with metadata) and, like the real escalation action, opens the
        ticket before answering with ``handoff``."""

    def __init__(self, engine: Engine, clock: Any) -> None:
        self.engine = engine
        self.clock = clock
        self.received: list[dict[str, Any]] = []
        self.requests: list[str] = []  # every path asked for, whatever the route
        self.down = False

    @web.middleware
    async def _count(self, request: web.Request, handler: Any) -> web.StreamResponse:
        self.requests.append(request.path)
        return await handler(request)

    async def webhook(self, request: web.Request) -> web.Response:
        if self.down:
            return web.Response(status=503)
        body = await request.json()
        self.received.append(body)
        text = body["message"]
        label = "negative" if "生气" in text else "neutral"
        return web.json_response(
            {
                "messages": self._messages(body["sender"], text, body["metadata"]),
                "sentiment": {"label": label, "score": 0.9, "anger": False},
                "language": "zh" if any("\u4e00" <= c <= "\u9fff" for c in text) else "en",
                "understanding": self._understanding(text),
            }
        )

    @staticmethod
    def _understanding(text: str) -> dict[str, Any]:
        if "嗯？" in text:
            return {"intent": "nlu_fallback", "guess": "track_order", "confidence": 0.21}
        if text == RELATED_ASKED:
            return {"intent": "faq", "guess": "faq/repair_service", "confidence": 0.7}
        if text == ASK_PERSON:
            return {"intent": "request_human", "guess": "request_human", "confidence": 0.99}
        if "保险" in text:
            return {"intent": "out_of_scope", "guess": "out_of_scope", "confidence": 0.88}
        return {"intent": "greet", "guess": "greet", "confidence": 0.97}

    def _messages(self, sender: str, text: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        if text == ASK_PERSON:
            return self._escalate(sender, metadata)
        if text == "boom":  # what Rasa answers when the action server fails: nothing
            return []
        if text == RELATED_ASKED:  # an FAQ answer with a related question under it
            related = [{"title": RELATED_OFFERED, "payload": RELATED_OFFERED}]
            return [
                {"recipient_id": sender, "text": "维修政策：……"},
                {"recipient_id": sender, "text": "猜你想问：", "buttons": related},
            ]
        if text == "choices":
            buttons = [{"title": "查订单", "payload": "/track_order"}]
            return [{"recipient_id": sender, "text": "请选择", "buttons": buttons}]
        turns = sum(1 for r in self.received if r["sender"] == sender)
        return [{"recipient_id": sender, "text": f"bot:{text} (turn {turns})"}]

    def _escalate(self, sender: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        draft = TicketDraft(
            subject="转人工",
            category="delivery",
            conversation_id=sender,
            customer_id=metadata.get("customer_id"),
            language=metadata.get("language") or "zh",
        )
        view = EscalationService(self.engine, self.clock, SHANGHAI).open_ticket(BOT, draft).view
        handoff = {
            "ticket_id": view.ticket.id,
            "team": {"id": view.team.id, "name_zh": view.team.name_zh},
            "assignee": None if view.assignee is None else {"id": view.assignee.id},
        }
        return [
            {"recipient_id": sender, "text": f"已为您创建工单 {view.ticket.id}"},
            {"recipient_id": sender, "custom": {"handoff": handoff}},
        ]

    def app(self) -> web.Application:
        app = web.Application(middlewares=[self._count])
        app.router.add_post("/webhooks/kefu/webhook", self.webhook)
        return app


class Widget:
    """A customer's widget: connects, asks for its session and collects ``bot_uttered``."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = socketio.AsyncClient(reconnection_delay=0.1, reconnection_delay_max=0.5)
        self.uttered: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.confirms: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.session_id: str | None = None
        self.client.on("bot_uttered", self.uttered.put)
        self.client.on("session_confirm", self._confirmed)
        self.client.on("connect", self._connected)

    async def _connected(self) -> None:
        # Like the widget page: (re)connecting asks for the session again.
        if self.session_id is not None:
            await self.client.emit("session_request", {"session_id": self.session_id})

    async def _confirmed(self, data: dict[str, Any]) -> None:
        self.session_id = data["session_id"]
        await self.confirms.put(data)

    async def open(self, session_id: str | None = None, **custom: Any) -> dict[str, Any]:
        await self.client.connect(self.url, transports=["websocket"])
        await self.client.emit("session_request", {"session_id": session_id, "customData": custom})
        return await asyncio.wait_for(self.confirms.get(), 5)

    async def say(self, text: str) -> None:
        await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id})

    async def next(self, timeout: float = 5) -> dict[str, Any]:
        return await asyncio.wait_for(self.uttered.get(), timeout)

    async def ask(self, text: str) -> dict[str, Any]:
        await self.say(text)
        return await self.next()

    async def close(self) -> None:
        await self.client.disconnect()

    @property
    def conversation_id(self) -> str:
        assert self.session_id is not None
        return self.session_id.split(".")[0]


class Agents:
    """An agent's console connection on the ``/agents`` namespace."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.client = socketio.AsyncClient()
        self.events: asyncio.Queue[tuple[str, dict[str, Any]]] = asyncio.Queue()
        for name in ("conversation", "message", "sentiment", "notification"):
            self.client.on(name, self._collector(name), namespace="/agents")

    def _collector(self, name: str):
        async def collect(data: dict[str, Any]) -> None:
            await self.events.put((name, data))

        return collect

    async def connect(self, token: str) -> None:
        await self.client.connect(
            self.url, namespaces=["/agents"], auth={"token": token}, transports=["websocket"]
        )

    async def next(self, name: str, timeout: float = 5) -> dict[str, Any]:
        while True:
            kind, data = await asyncio.wait_for(self.events.get(), timeout)
            if kind == name:
                return data


@pytest.fixture
async def fake_rasa(desk, clock, aiohttp_server) -> FakeRasa:
    fake = FakeRasa(desk, clock)
    fake.server = await aiohttp_server(fake.app())
    return fake


@pytest.fixture
def rate_limit():
    """The per-session rate limit of the service under test (loose; a test may override)."""
    return lambda: RateLimit(burst=1000, per_second=0)


@pytest.fixture
async def service(desk, database_url, var_dir, clock, fake_rasa, rate_limit, aiohttp_client):
    settings = load_settings(
        var_dir=var_dir, database_url=database_url, rasa_port=fake_rasa.server.port
    )
    app = init_app(settings)
    app[CLOCK] = clock
    app[RATE_LIMIT] = rate_limit
    client = await aiohttp_client(app)
    client.settings = settings
    client.bot = {"Authorization": f"Bearer {settings.service_token.get_secret_value()}"}
    yield client
    for widget in getattr(client, "widgets", []):
        await widget.close()
    for agents in getattr(client, "agents", []):
        await agents.client.disconnect()


@pytest.fixture
async def open_agents(service):
    """Connect an agent's console (by sign-in token) to ``/agents``; closed after the test."""
    service.agents = []

    async def opener(token: str) -> Agents:
        agents = Agents(str(service.make_url("/")))
        await agents.connect(token)
        service.agents.append(agents)
        return agents

    return opener


@pytest.fixture
def widget_url(service) -> str:
    return str(service.make_url("/"))


@pytest.fixture
async def open_widget(service):
    service.widgets = []

    async def opener(session_id: str | None = None, **custom: Any) -> Widget:
        widget = Widget(str(service.make_url("/")))
        await widget.open(session_id, **custom)
        service.widgets.append(widget)
        return widget

    return opener


async def sign_in(service, username: str) -> str:
    response = await service.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status == 200, await response.text()
    return (await response.json())["token"]


async def bearer(service, username: str) -> dict[str, str]:
    """Authorization headers of a signed-in account."""
    return {"Authorization": f"Bearer {await sign_in(service, username)}"}
