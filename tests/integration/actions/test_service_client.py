"""The real HTTP client against a small in-process server that speaks the service's contract.

The ticketing service's own endpoints are being built by other helpers; this server serves the
agreed contract (docs/conversation.md, "Service contract") so the client is tested over real HTTP.
"""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web

from actions.service_client import (
    CustomerNotFound,
    HttpServiceClient,
    OrderNotFound,
    ServiceUnavailable,
)

TOKEN = "test-token"
ORDER = {
    "order_id": "E100123456789",
    "customer_id": "C2024050001",
    "status": "shipped",
    "status_label_zh": "已发货",
    "status_label_en": "shipped",
    "carrier": "顺丰速运",
    "tracking_no": "SF123456789012",
    "amount": "299.00",
    "items": [{"name": "蓝牙耳机", "quantity": 1}],
    "ordered_at": "2026-11-20T10:00:00+08:00",
    "shipped_at": "2026-11-21T09:00:00+08:00",
    "delivered_at": None,
    "estimated_delivery": "2026-11-24",
}
TICKET = {
    "id": "T20261123-0001",
    "status": "open",
    "priority": "high",
    "category": "complaint",
    "team": {"id": "care", "name_zh": "客户关怀组", "name_en": "Customer care"},
    "assignee": None,
    "first_response_due_at": "2026-11-23T04:10:00+00:00",
    "resolution_due_at": "2026-11-24T04:00:00+00:00",
    "queue_position": 3,
    "expected_first_response_at": "2026-11-23T04:08:00+00:00",
    "business_hours_open": True,
}


def error(status: int, code: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": code}}, status=status)


def contract_app(received: list) -> web.Application:
    tickets: dict[str, dict] = {}

    @web.middleware
    async def auth(request: web.Request, handler):
        if request.headers.get("Authorization") != f"Bearer {TOKEN}":
            return error(401, "unauthorized")
        return await handler(request)

    async def get_order(request: web.Request) -> web.Response:
        customer = request.query.get("customer_id")
        if request.match_info["order_id"] != ORDER["order_id"] or customer != ORDER["customer_id"]:
            return error(404, "order_not_found")
        return web.json_response(ORDER)

    async def create_ticket(request: web.Request) -> web.Response:
        body = await request.json()
        received.append(body)
        conversation = body["conversation_id"]
        if conversation in tickets:
            return web.json_response({**tickets[conversation], "created": False}, status=200)
        tickets[conversation] = {**TICKET, "category": body["category"]}
        return web.json_response({**tickets[conversation], "created": True}, status=201)

    async def list_tickets(request: web.Request) -> web.Response:
        conversation = request.query.get("conversation_id")
        items = [tickets[conversation]] if conversation in tickets else []
        return web.json_response({"tickets": items})

    async def unsubscribe(request: web.Request) -> web.Response:
        if request.match_info["customer_id"] != "C2024050001":
            return error(404, "customer_not_found")
        return web.Response(status=204)

    async def slow(request: web.Request) -> web.Response:
        await asyncio.sleep(2)
        return web.json_response({})

    app = web.Application(middlewares=[auth])
    app.router.add_get("/api/v1/orders/{order_id}", get_order)
    app.router.add_post("/api/v1/tickets", create_ticket)
    app.router.add_get("/api/v1/tickets", list_tickets)
    app.router.add_post("/api/v1/customers/{customer_id}/unsubscribe", unsubscribe)
    app.router.add_get("/slow/api/v1/tickets", slow)
    return app


@pytest.fixture
async def service(aiohttp_server):
    received: list = []
    server = await aiohttp_server(contract_app(received))
    return server, received


def client_for(server, token: str = TOKEN, prefix: str = "", timeout: float = 5.0):
    return HttpServiceClient(str(server.make_url(f"{prefix}/api/v1")), token, timeout)


async def test_order_lookup_returns_the_customers_order(service):
    server, _ = service
    order = await client_for(server).get_order("E100123456789", "C2024050001")
    assert order["tracking_no"] == "SF123456789012"
    assert order["status"] == "shipped"


async def test_someone_elses_order_is_not_found(service):
    server, _ = service
    with pytest.raises(OrderNotFound) as caught:
        await client_for(server).get_order("E100123456789", "C2024059999")
    assert caught.value.order_id == "E100123456789"


async def test_ticket_is_created_once_per_conversation(service):
    server, received = service
    client = client_for(server)
    request = {
        "conversation_id": "conv-9",
        "channel": "chat",
        "category": "complaint",
        "subject": "快递员态度差",
        "description": "快递员态度差",
        "language": "zh",
        "sentiment": {"label": "negative", "score": 0.9, "anger": True},
    }
    first = await client.open_ticket(request)
    second = await client.open_ticket(request)
    assert (first["created"], second["created"]) == (True, False)
    assert first["id"] == second["id"] == "T20261123-0001"
    assert received[0]["sentiment"] == {"label": "negative", "score": 0.9, "anger": True}
    listed = await client.tickets_for_conversation("conv-9")
    assert [t["id"] for t in listed] == ["T20261123-0001"]
    assert await client.tickets_for_conversation("conv-other") == []


async def test_unsubscribe_known_and_unknown_customer(service):
    server, _ = service
    client = client_for(server)
    await client.unsubscribe("C2024050001")
    with pytest.raises(CustomerNotFound):
        await client.unsubscribe("C2099010001")


async def test_a_wrong_token_is_the_service_being_unavailable_to_the_bot(service):
    server, _ = service
    with pytest.raises(ServiceUnavailable) as caught:
        await client_for(server, token="wrong").tickets_for_conversation("conv-1")
    assert caught.value.reason == "HTTP 401"


async def test_a_slow_service_times_out(service):
    server, _ = service
    with pytest.raises(ServiceUnavailable):
        await client_for(server, prefix="/slow", timeout=0.2).tickets_for_conversation("c")


async def test_a_service_that_is_down_is_unavailable(unused_tcp_port):
    client = HttpServiceClient(f"http://127.0.0.1:{unused_tcp_port}/api/v1", TOKEN, 1.0)
    with pytest.raises(ServiceUnavailable):
        await client.get_order("E100123456789", "C2024050001")
