"""The one client of the ticketing service's REST API (``/api/v1``) that actions use.

Payloads are ``TypedDict``s matching the service's contract; failures are domain exceptions
(:class:`OrderNotFound`, :class:`CustomerNotFound`, :class:`ServiceUnavailable`), turned into
polite replies in one place (:mod:`actions.replies`). Every request carries
``Authorization: Bearer <token>`` and a total timeout; a session lives for one call, so nothing
is created at import time and the action server can run many calls at once.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Literal, Protocol, TypedDict

import aiohttp

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 5.0

OrderStatus = Literal[
    "pending_payment",
    "paid",
    "shipped",
    "in_transit",
    "delivered",
    "cancelled",
    "refunding",
    "refunded",
    "returned",
]
TicketCategory = Literal[
    "delivery",
    "payment",
    "invoice",
    "refund",
    "return_exchange",
    "product_issue",
    "complaint",
    "account",
    "other",
]


class OrderItem(TypedDict):
    name: str
    quantity: int


class Order(TypedDict):
    """``GET /api/v1/orders/{order_id}?customer_id=...``."""

    order_id: str
    customer_id: str
    status: OrderStatus
    status_label_zh: str
    status_label_en: str
    carrier: str | None
    tracking_no: str | None
    amount: str | float
    items: list[OrderItem]
    ordered_at: str
    shipped_at: str | None
    delivered_at: str | None
    estimated_delivery: str | None


class SentimentPayload(TypedDict):
    label: str
    score: float
    anger: bool


class _TicketRequestRequired(TypedDict):
    conversation_id: str
    channel: Literal["chat"]
    category: TicketCategory
    subject: str
    description: str
    language: Literal["zh", "en"]


class TicketRequest(_TicketRequestRequired, total=False):
    """Body of ``POST /api/v1/tickets`` (idempotent per conversation)."""

    customer_id: str
    sentiment: SentimentPayload


class Team(TypedDict):
    id: str
    name_zh: str
    name_en: str


class Assignee(TypedDict):
    id: str
    display_name: str


class Ticket(TypedDict):
    """A ticket as the service returns it (create, and the items of a listing)."""

    id: str
    created: bool
    status: str
    priority: str
    category: str
    team: Team
    assignee: Assignee | None
    first_response_due_at: str | None
    resolution_due_at: str | None
    queue_position: int | None
    expected_first_response_at: str | None
    business_hours_open: bool


class ServiceError(Exception):
    """Base of the errors of a call to the ticketing service."""


class ServiceUnavailable(ServiceError):
    """The service could not answer: down, too slow, or an unexpected reply."""

    def __init__(self, operation: str, reason: str) -> None:
        super().__init__(f"ticketing service unavailable for {operation}: {reason}")
        self.operation = operation
        self.reason = reason


class OrderNotFound(ServiceError):
    """No such order, or it is not this customer's."""

    def __init__(self, order_id: str) -> None:
        super().__init__(f"order {order_id} not found")
        self.order_id = order_id


class CustomerNotFound(ServiceError):
    """The service does not know this customer."""

    def __init__(self, customer_id: str) -> None:
        super().__init__(f"customer {customer_id} not found")
        self.customer_id = customer_id


class ServiceClient(Protocol):
    """What actions need from the ticketing service (fakes in tests implement the same)."""

    async def get_order(self, order_id: str, customer_id: str) -> Order: ...

    async def open_ticket(self, request: TicketRequest) -> Ticket: ...

    async def tickets_for_conversation(self, conversation_id: str) -> list[Ticket]: ...

    async def unsubscribe(self, customer_id: str) -> None: ...


class HttpServiceClient:
    """:class:`ServiceClient` over HTTP with aiohttp."""

    def __init__(
        self, api_url: str, token: str, timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS
    ) -> None:
        """``api_url`` is the API root, e.g. ``http://127.0.0.1:8000/api/v1``."""
        self._api_url = api_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._timeout = aiohttp.ClientTimeout(total=timeout_seconds)

    async def get_order(self, order_id: str, customer_id: str) -> Order:
        """The customer's order; :class:`OrderNotFound` when unknown or someone else's."""
        status, body = await self._call(
            "GET", f"/orders/{order_id}", "order lookup", params={"customer_id": customer_id}
        )
        if status == 404:
            raise OrderNotFound(order_id)
        return self._expect(status, (200,), body, "order lookup")

    async def open_ticket(self, request: TicketRequest) -> Ticket:
        """Open this conversation's ticket, or get the one it already has."""
        status, body = await self._call("POST", "/tickets", "ticket creation", json=request)
        ticket = self._expect(status, (200, 201), body, "ticket creation")
        ticket.setdefault("created", status == 201)
        return ticket

    async def tickets_for_conversation(self, conversation_id: str) -> list[Ticket]:
        """The tickets opened from this conversation (oldest first as the service lists them)."""
        status, body = await self._call(
            "GET", "/tickets", "ticket listing", params={"conversation_id": conversation_id}
        )
        listing = self._expect(status, (200,), body, "ticket listing")
        items = listing.get("tickets") if isinstance(listing, dict) else None
        if not isinstance(items, list):
            raise ServiceUnavailable("ticket listing", "reply without a ticket list")
        return items

    async def unsubscribe(self, customer_id: str) -> None:
        """Stop marketing messages to this customer (requested contract, see the report)."""
        status, body = await self._call(
            "POST", f"/customers/{customer_id}/unsubscribe", "unsubscribe"
        )
        if status == 404:
            raise CustomerNotFound(customer_id)
        if status not in (200, 201, 204):
            self._expect(status, (200,), body, "unsubscribe")

    async def _call(self, method: str, path: str, operation: str, **kwargs: Any) -> tuple[int, Any]:
        try:
            async with (
                aiohttp.ClientSession(timeout=self._timeout, headers=self._headers) as session,
                session.request(method, self._api_url + path, **kwargs) as reply,
            ):
                body = await reply.json(content_type=None) if reply.content_length != 0 else None
                return reply.status, body
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            logger.warning(
                "ticketing service call failed: %s (%s)", operation, type(error).__name__
            )
            raise ServiceUnavailable(operation, type(error).__name__) from error

    @staticmethod
    def _expect(status: int, expected: tuple[int, ...], body: Any, operation: str) -> Any:
        if status not in expected or not isinstance(body, dict):
            code = body.get("error", {}).get("code") if isinstance(body, dict) else None
            logger.warning("ticketing service: %s answered %s (%s)", operation, status, code)
            raise ServiceUnavailable(operation, f"HTTP {status}")
        return body
