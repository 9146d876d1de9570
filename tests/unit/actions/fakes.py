"""A recording fake of the ticketing service client and tracker builders for action tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from rasa_sdk import Tracker

from actions.service_client import (
    CustomerNotFound,
    Order,
    OrderNotFound,
    ServiceUnavailable,
    Ticket,
    TicketRequest,
)

TRACKERS = Path(__file__).parent / "trackers"


class FakeServiceClient:
    """Answers from canned data and records every call."""

    def __init__(
        self,
        orders: dict[str, Order] | None = None,
        ticket: Ticket | None = None,
        tickets: list[Ticket] | None = None,
        down: bool = False,
        known_customers: tuple[str, ...] = ("C2024050001",),
    ) -> None:
        self.orders = orders or {}
        self.ticket = ticket
        self.tickets = tickets or []
        self.down = down
        self.known_customers = known_customers
        self.calls: list[tuple[str, Any]] = []

    def _check(self, operation: str) -> None:
        if self.down:
            raise ServiceUnavailable(operation, "ClientConnectorError")

    async def get_order(self, order_id: str, customer_id: str) -> Order:
        self.calls.append(("get_order", (order_id, customer_id)))
        self._check("order lookup")
        order = self.orders.get(order_id)
        if order is None or order["customer_id"] != customer_id:
            raise OrderNotFound(order_id)
        return order

    async def open_ticket(self, request: TicketRequest) -> Ticket:
        self.calls.append(("open_ticket", request))
        self._check("ticket creation")
        assert self.ticket is not None
        return self.ticket

    async def tickets_for_conversation(self, conversation_id: str) -> list[Ticket]:
        self.calls.append(("tickets_for_conversation", conversation_id))
        self._check("ticket listing")
        return self.tickets

    async def unsubscribe(self, customer_id: str) -> None:
        self.calls.append(("unsubscribe", customer_id))
        self._check("unsubscribe")
        if customer_id not in self.known_customers:
            raise CustomerNotFound(customer_id)


def user_event(
    text: str,
    intent: str,
    confidence: float = 0.95,
    sentiment: dict[str, Any] | None = None,
    customer_id: str | None = "C2024050001",
    entities: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A ``user`` event as Rasa sends it to the action server."""
    parse_data: dict[str, Any] = {
        "text": text,
        "intent": {"name": intent, "confidence": confidence},
        "entities": entities or [],
    }
    if sentiment is not None:
        parse_data["sentiment"] = sentiment
    return {
        "event": "user",
        "timestamp": 1790000000.0,
        "text": text,
        "parse_data": parse_data,
        "metadata": {"customer_id": customer_id} if customer_id else {},
    }


def make_tracker(
    events: list[dict[str, Any]],
    slots: dict[str, Any] | None = None,
    sender_id: str = "conv-1",
    active_loop: str | None = None,
) -> Tracker:
    """A tracker whose latest message is the last user event."""
    latest = next((e for e in reversed(events) if e["event"] == "user"), None)
    latest_message = dict(latest["parse_data"]) if latest else {}
    if latest:
        latest_message["metadata"] = latest.get("metadata", {})
    state = {
        "sender_id": sender_id,
        "slots": {"language": "zh", "negative_streak": 0.0, **(slots or {})},
        "latest_message": latest_message,
        "events": events,
        "paused": False,
        "followup_action": None,
        "active_loop": {"name": active_loop} if active_loop else {},
        "latest_action_name": "action_listen",
    }
    return Tracker.from_dict(state)


def load_tracker(name: str) -> Tracker:
    """A recorded tracker state from ``trackers/<name>.json``."""
    return Tracker.from_dict(json.loads((TRACKERS / f"{name}.json").read_text(encoding="utf-8")))


def sample_order(status: str = "in_transit", **changes: Any) -> Order:
    order: dict[str, Any] = {
        "order_id": "E100123456789",
        "customer_id": "C2024050001",
        "status": status,
        "status_label_zh": "运输中",
        "status_label_en": "in transit",
        "carrier": "顺丰速运",
        "tracking_no": "SF123456789012",
        "amount": "299.00",
        "items": [{"name": "蓝牙耳机", "quantity": 1}],
        "ordered_at": "2026-11-20T10:00:00+08:00",
        "shipped_at": "2026-11-21T09:00:00+08:00",
        "delivered_at": None,
        "estimated_delivery": "2026-11-24",
    }
    order.update(changes)
    return order  # type: ignore[return-value]


def sample_ticket(**changes: Any) -> Ticket:
    ticket: dict[str, Any] = {
        "id": "T20261123-0001",
        "created": True,
        "status": "open",
        "priority": "high",
        "category": "complaint",
        "team": {"id": "care", "name_zh": "客户关怀组", "name_en": "Customer care"},
        "assignee": {"id": "a1", "display_name": "王敏"},
        "first_response_due_at": "2026-11-23T04:10:00+00:00",
        "resolution_due_at": "2026-11-24T04:00:00+00:00",
        "queue_position": 2,
        "expected_first_response_at": "2026-11-23T04:08:00+00:00",
        "business_hours_open": True,
    }
    ticket.update(changes)
    return ticket  # type: ignore[return-value]
