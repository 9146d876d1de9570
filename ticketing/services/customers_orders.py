"""Orders: the bot's lookup by order number, and recording an order (which re-segments).

``lookup_order`` answers ``GET /api/v1/orders/{order_id}``. When the caller names the customer
(``customer_id``), an order of someone else is "not found": the answer never reveals that an
order number exists for another customer.
"""

from __future__ import annotations

from datetime import date, datetime, timezone

from ticketing.domain.auth import Principal
from ticketing.domain.customers import (
    CARRIERS,
    ORDER_ID,
    TRACKING_NO,
    CustomerError,
    Order,
    OrderItem,
    OrderNotFound,
    OrderStatus,
)
from ticketing.domain.customers_access import Permission, require
from ticketing.domain.customers_validation import parse_yuan
from ticketing.services import customers_segments
from ticketing.services.customers_context import CustomerContext, live_row
from ticketing.storage import customers_orders


class InvalidOrder(CustomerError):
    """An order id or an order record is malformed; ``field`` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def order_document(order: Order) -> dict:
    """The JSON the bot's typed client reads (see docs/customers.md)."""
    names = CARRIERS.get(order.carrier or "", (None, None))
    return {
        "order_id": order.order_id,
        "customer_id": order.customer_id,
        "status": order.status.value,
        "status_label_zh": order.status.label_zh,
        "status_label_en": order.status.label_en,
        "carrier": order.carrier,
        "carrier_name_zh": names[0],
        "carrier_name_en": names[1],
        "tracking_no": order.tracking_no,
        "amount": f"{order.amount:.2f}",
        "items": [{"name": item.name, "quantity": item.quantity} for item in order.items],
        "ordered_at": order.ordered_at.isoformat(),
        "shipped_at": order.shipped_at.isoformat() if order.shipped_at else None,
        "delivered_at": order.delivered_at.isoformat() if order.delivered_at else None,
        "estimated_delivery": (
            order.estimated_delivery.isoformat() if order.estimated_delivery else None
        ),
    }


def lookup_order(
    context: CustomerContext, principal: Principal, order_id: str, customer_id: str | None = None
) -> dict:
    """One order, optionally checked against its owner; :class:`OrderNotFound` otherwise."""
    require(principal.role, Permission.ORDER_LOOKUP)
    if not ORDER_ID.match(order_id):
        raise InvalidOrder("order_id", "order ids are E followed by 12 digits")
    with context.engine.connect() as connection:
        order = customers_orders.get_order(connection, order_id)
    if order is None or (customer_id is not None and order.customer_id != customer_id):
        raise OrderNotFound(order_id)
    return order_document(order)


def customer_orders(
    context: CustomerContext, principal: Principal, customer_id: str, limit: int = 50
) -> list[dict]:
    """A customer's orders, newest first."""
    require(principal.role, Permission.VIEW)
    with context.engine.connect() as connection:
        live_row(connection, customer_id)
        return [
            order_document(o) for o in customers_orders.orders_of(connection, customer_id, limit)
        ]


def _time(payload: dict, name: str, required: bool = False) -> datetime | None:
    value = payload.get(name)
    if value in (None, ""):
        if required:
            raise InvalidOrder(name, "required")
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        raise InvalidOrder(name, "must be an ISO 8601 time with offset") from None
    if moment.tzinfo is None:
        raise InvalidOrder(name, "must carry a UTC offset")
    return moment.astimezone(timezone.utc)


def parse_order(payload: dict, order_id: str) -> Order:
    """Validate an order record from an upstream system."""
    if not ORDER_ID.match(order_id):
        raise InvalidOrder("order_id", "order ids are E followed by 12 digits")
    try:
        status = OrderStatus(payload.get("status"))
    except ValueError:
        raise InvalidOrder("status", f"one of {', '.join(s.value for s in OrderStatus)}") from None
    amount = parse_yuan(str(payload.get("amount", "")))
    if amount is None:
        raise InvalidOrder("amount", "yuan ≥ 0 with at most 2 decimals")
    carrier, tracking = payload.get("carrier"), payload.get("tracking_no")
    if (carrier or tracking) and not (
        carrier in TRACKING_NO and TRACKING_NO[carrier].match(str(tracking))
    ):
        raise InvalidOrder("tracking_no", "carrier SF + 12 digits, YT or JD + 13 digits")
    try:
        items = tuple(
            OrderItem(str(i["name"]), int(i["quantity"])) for i in payload.get("items", [])
        )
        estimated = payload.get("estimated_delivery")
        estimated = date.fromisoformat(estimated) if estimated else None
    except (KeyError, TypeError, ValueError):
        raise InvalidOrder("items", "a list of {name, quantity}; dates YYYY-MM-DD") from None
    return Order(
        order_id=order_id,
        customer_id=str(payload.get("customer_id", "")),
        status=status,
        amount=amount,
        ordered_at=_time(payload, "ordered_at", required=True),
        items=items,
        category=payload.get("category"),
        carrier=carrier,
        tracking_no=tracking,
        shipped_at=_time(payload, "shipped_at"),
        delivered_at=_time(payload, "delivered_at"),
        estimated_delivery=estimated,
    )


def record_order(
    context: CustomerContext, principal: Principal, order_id: str, payload: dict
) -> tuple[dict, bool]:
    """Insert or update an order, then recompute its customer's figures and segment.

    Returns the order document and whether it was new.
    """
    require(principal.role, Permission.CHANGE)
    order = parse_order(payload, order_id)
    now = context.clock()
    with context.engine.begin() as connection:
        live_row(connection, order.customer_id)
        created = customers_orders.save_order(connection, order, now)
        policy = customers_segments.load_policy(connection)
        customers_segments.recompute_segments(
            connection, policy, now, context.tz, [order.customer_id]
        )
    return order_document(order), created
