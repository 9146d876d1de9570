"""Order rows: conversion between :class:`Order` and ``orders``, lookups and bulk writes."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.engine import Connection, Row

from ticketing.domain.customers import Order, OrderItem, OrderStatus
from ticketing.storage.schema.customers import orders


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; every stored time is UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment


def order_values(order: Order, now: datetime) -> dict[str, object]:
    """The row of ``order``."""
    return {
        "order_id": order.order_id,
        "customer_id": order.customer_id,
        "status": order.status.value,
        "amount": order.amount,
        "items": json.dumps(
            [{"name": item.name, "quantity": item.quantity} for item in order.items],
            ensure_ascii=False,
        ),
        "category": order.category,
        "carrier": order.carrier,
        "tracking_no": order.tracking_no,
        "ordered_at": order.ordered_at,
        "shipped_at": order.shipped_at,
        "delivered_at": order.delivered_at,
        "estimated_delivery": order.estimated_delivery,
        "updated_at": now,
    }


def order_from_row(row: Row) -> Order:
    """The :class:`Order` stored in ``row``."""
    data = row._mapping
    return Order(
        order_id=data["order_id"],
        customer_id=data["customer_id"],
        status=OrderStatus(data["status"]),
        amount=Decimal(data["amount"]).quantize(Decimal("0.01")),
        ordered_at=_aware(data["ordered_at"]),
        items=tuple(OrderItem(i["name"], int(i["quantity"])) for i in json.loads(data["items"])),
        category=data["category"],
        carrier=data["carrier"],
        tracking_no=data["tracking_no"],
        shipped_at=_aware(data["shipped_at"]),
        delivered_at=_aware(data["delivered_at"]),
        estimated_delivery=data["estimated_delivery"],
    )


def get_order(connection: Connection, order_id: str) -> Order | None:
    """The order with this id, or None."""
    row = connection.execute(select(orders).where(orders.c.order_id == order_id)).first()
    return order_from_row(row) if row else None


def orders_of(connection: Connection, customer_id: str, limit: int = 50) -> list[Order]:
    """A customer's orders, newest first."""
    query = (
        select(orders)
        .where(orders.c.customer_id == customer_id)
        .order_by(orders.c.ordered_at.desc())
        .limit(limit)
    )
    return [order_from_row(row) for row in connection.execute(query)]


def insert_orders(connection: Connection, values: Sequence[dict[str, object]]) -> None:
    """Insert new orders in one executemany."""
    if values:
        connection.execute(orders.insert(), list(values))


def save_order(connection: Connection, order: Order, now: datetime) -> bool:
    """Insert or replace one order; True when it was new."""
    values = order_values(order, now)
    exists = connection.execute(
        select(orders.c.order_id).where(orders.c.order_id == order.order_id)
    ).first()
    if exists:
        connection.execute(
            orders.update().where(orders.c.order_id == order.order_id).values(**values)
        )
        return False
    connection.execute(orders.insert().values(**values))
    return True


def order_lines(
    connection: Connection, customer_ids: Iterable[str] | None = None
) -> Iterator[tuple[str, str, Decimal, datetime, str | None]]:
    """``(customer_id, status, amount, ordered_at, category)`` of every order (or some customers'),
    ordered by customer, for computing profile aggregates."""
    query = select(
        orders.c.customer_id,
        orders.c.status,
        orders.c.amount,
        orders.c.ordered_at,
        orders.c.category,
    ).order_by(orders.c.customer_id)
    if customer_ids is not None:
        query = query.where(orders.c.customer_id.in_(list(set(customer_ids))))
    for customer_id, status, amount, ordered_at, category in connection.execute(query):
        yield customer_id, status, Decimal(amount), _aware(ordered_at), category
