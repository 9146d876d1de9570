"""Data-subject requests and bulk export (SPEC "Data protection").

- ``export_subject``: everything stored about one customer, in the clear (their right to see it).
- ``erase_subject``: anonymise the customer. The row and the customer id stay (tickets and
  orders keep counting in statistics), but name, phone, email, birthday, city and consents
  are wiped, interaction texts are replaced, and the customer no longer appears anywhere.
- ``bulk_export``: many customers with their clear phone and email, for the export permission
  only; a refused attempt raises an alert (see ``CustomerContext.require_export``).
All three are audited in the same transaction.
"""

from __future__ import annotations

from sqlalchemy import select

from ticketing.domain.auth import Principal
from ticketing.domain.customers_access import Permission, require
from ticketing.services.customers_context import CustomerContext, live_row
from ticketing.services.customers_profiles import _iso, masked_profile
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_audit, customers_orders
from ticketing.storage.schema.customers import customers, interactions

ERASED_NAME = "已注销客户 / erased customer"
ERASED_TEXT = "[已删除 / erased]"
BULK_LIMIT = 100_000


def _interactions(connection, customer_id: str) -> list[dict]:
    query = (
        select(interactions)
        .where(interactions.c.customer_id == customer_id)
        .order_by(interactions.c.occurred_at)
    )
    return [{k: _iso(v) for k, v in row._mapping.items()} for row in connection.execute(query)]


def export_subject(context: CustomerContext, principal: Principal, customer_id: str) -> dict:
    """Everything about one customer: profile in the clear, orders, interactions, audit trail."""
    context.require_export(principal, "data_request_export", customer_id)
    now = context.clock()
    with context.engine.begin() as connection:
        row = live_row(connection, customer_id)
        profile = customer_rows.profile_from_row(row, context.cipher)
        document = {
            "profile": {
                **masked_profile(row),
                "mobile": profile.mobile,
                "email": profile.email,
                "birthday": _iso(profile.birthday),
            },
            "orders": [
                {
                    **vars(order),
                    "status": order.status.value,
                    "items": [vars(i) for i in order.items],
                }
                for order in customers_orders.orders_of(connection, customer_id, limit=10_000)
            ],
            "interactions": _interactions(connection, customer_id),
            "audit": customers_audit.entries_for(connection, customer_id),
            "exported_at": now.isoformat(),
        }
        context.audit(connection, principal, "export", "data_request_export", customer_id, {}, now)
    return _json_ready(document)


def _json_ready(value):
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_ready(v) for v in value]
    return _iso(value)


def erase_subject(context: CustomerContext, principal: Principal, customer_id: str) -> None:
    """Anonymise one customer (the right to erasure) while keeping ticket and order statistics."""
    require(principal.role, Permission.ERASE)
    now = context.clock()
    with context.engine.begin() as connection:
        live_row(connection, customer_id)
        wiped = {
            "name": ERASED_NAME,
            **{
                f"{f}_{part}": None
                for f in ("mobile", "email")
                for part in ("cipher", "hash", "masked")
            },
            **{f"consent_{p}": False for p in ("marketing", "sms", "email", "phone")},
            "birthday": None,
            "birthday_md": None,
            "city": None,
            "category_preferences": "[]",
            "segment_explanation_zh": None,
            "segment_explanation_en": None,
            "erased_at": now,
        }
        customer_rows.update_columns(connection, customer_id, now, **wiped)
        connection.execute(
            interactions.update()
            .where(interactions.c.customer_id == customer_id)
            .values(summary=ERASED_TEXT, feedback=None, next_action=None)
        )
        context.audit(connection, principal, "erase", "data_request_erase", customer_id, {}, now)


def bulk_export(
    context: CustomerContext, principal: Principal, segment: str | None = None
) -> list[dict]:
    """Customers (optionally one segment) with clear phone and email; export permission only."""
    context.require_export(principal, "bulk_export", None)
    now = context.clock()
    query = select(customers).where(customers.c.erased_at.is_(None))
    if segment:
        query = query.where(customers.c.segment == segment)
    with context.engine.begin() as connection:
        rows = connection.execute(query.order_by(customers.c.customer_id).limit(BULK_LIMIT)).all()
        result = []
        for row in rows:
            profile = customer_rows.profile_from_row(row, context.cipher)
            result.append(
                {
                    "customer_id": profile.customer_id,
                    "name": profile.name,
                    "mobile": profile.mobile,
                    "email": profile.email,
                    "city": profile.city,
                    "segment": row.segment,
                    "consent_marketing": "marketing" in profile.consents,
                }
            )
        detail = {"segment": segment, "rows": len(result)}
        context.audit(connection, principal, "export", "bulk_export", None, detail, now)
    return result
