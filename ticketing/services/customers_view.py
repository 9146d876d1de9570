"""The 360° view for the console: everything an agent needs beside the chat, masked.

Tickets and conversations belong to other areas; they are read by ``customer_id`` from their
tables when those exist (looked up on the shared metadata, so this module does not import
their code and keeps working while those areas evolve).
"""

from __future__ import annotations

from sqlalchemy import select

from ticketing.domain.auth import Principal
from ticketing.domain.customers_access import Permission, require
from ticketing.services.customers_context import CustomerContext, live_row
from ticketing.services.customers_interactions import _document
from ticketing.services.customers_orders import order_document
from ticketing.services.customers_profiles import masked_profile
from ticketing.storage import customers_orders
from ticketing.storage.schema import metadata
from ticketing.storage.schema.customers import interactions

TICKET_COLUMNS = ("id", "subject", "status", "priority", "category", "team_id", "created_at")
CONVERSATION_COLUMNS = ("id", "conversation_id", "mode", "channel", "started_at", "created_at")


def _other_area(connection, table_name: str, wanted: tuple[str, ...], customer_id: str) -> list:
    table = metadata.tables.get(table_name)
    if table is None or "customer_id" not in table.c:
        return []
    columns = [table.c[name] for name in wanted if name in table.c]
    order = table.c.created_at.desc() if "created_at" in table.c else columns[0]
    query = select(*columns).where(table.c.customer_id == customer_id).order_by(order).limit(20)
    return [_document(row) for row in connection.execute(query)]


def view_360(context: CustomerContext, principal: Principal, customer_id: str) -> dict:
    """Profile with segment and tags, orders, tickets, conversations, interactions, consents."""
    require(principal.role, Permission.VIEW)
    with context.engine.connect() as connection:
        profile = masked_profile(live_row(connection, customer_id))
        recent = (
            select(interactions)
            .where(interactions.c.customer_id == customer_id)
            .order_by(interactions.c.occurred_at.desc())
            .limit(20)
        )
        return {
            "profile": profile,
            "segment": profile["segment"],
            "tags": profile["tags"],
            "consents": profile["consents"],
            "orders": [
                order_document(o) for o in customers_orders.orders_of(connection, customer_id, 20)
            ],
            "tickets": _other_area(connection, "tickets", TICKET_COLUMNS, customer_id),
            "conversations": _other_area(
                connection, "conversations", CONVERSATION_COLUMNS, customer_id
            ),
            "interactions": [_document(row) for row in connection.execute(recent)],
        }
