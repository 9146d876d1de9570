"""Recomputing segments and order aggregates, and the configurable industry averages.

Once a customer has orders in this database, those orders are the source of the profile's order
figures (count, spend total / last 6 months (182 days) / last 12 months (365 days), first and last
order dates, refunds, category preferences); a customer known only from an import keeps the
imported figures. Segments are recomputed for the customers an event touches (an import batch,
an order, an interaction) and for everyone by ``python -m ticketing.customers_cli
recompute-segments`` (daily, since "days since" moves with the calendar).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal

from sqlalchemy import bindparam, select
from sqlalchemy.engine import Connection

from ticketing.domain.customers import OrderStatus
from ticketing.domain.segments import CustomerFacts, SegmentPolicy, assess
from ticketing.storage import customers_orders
from ticketing.storage.schema.customers import customers
from ticketing.storage.schema.meta import service_meta

POLICY_KEY = "customers:industry_average"
BATCH = 2000
ZERO = Decimal("0.00")


def load_policy(connection: Connection) -> SegmentPolicy:
    """The stored industry averages (``service_meta``), or the defaults."""
    stored = connection.execute(
        select(service_meta.c.value).where(service_meta.c.key == POLICY_KEY)
    ).scalar_one_or_none()
    if stored is None:
        return SegmentPolicy()
    data = json.loads(stored)
    return SegmentPolicy(
        default_average=Decimal(data["default"]),
        by_industry={name: Decimal(value) for name, value in data["by_industry"].items()},
    )


def save_policy(connection: Connection, policy: SegmentPolicy, now: datetime) -> None:
    """Store the industry averages (the next recomputation uses them)."""
    value = json.dumps(
        {
            "default": str(policy.default_average),
            "by_industry": {k: str(v) for k, v in sorted(policy.by_industry.items())},
        },
        ensure_ascii=False,
    )
    exists = connection.execute(
        select(service_meta.c.key).where(service_meta.c.key == POLICY_KEY)
    ).first()
    statement = (
        service_meta.update().where(service_meta.c.key == POLICY_KEY)
        if exists
        else service_meta.insert().values(key=POLICY_KEY)
    )
    connection.execute(statement.values(value=value, updated_at=now))


@dataclass
class _OrderFigures:
    order_count: int = 0
    total_spend: Decimal = ZERO
    spend_6m: Decimal = ZERO
    spend_12m: Decimal = ZERO
    orders_90d: int = 0
    orders_12m: int = 0
    first_order_on: date | None = None
    last_order_on: date | None = None
    refund_count: int = 0
    categories: Counter = field(default_factory=Counter)

    def add(self, status: str, amount: Decimal, day: date, category: str | None, today: date):
        state = OrderStatus(status)
        if state in (OrderStatus.CANCELLED, OrderStatus.PENDING_PAYMENT):
            return
        self.order_count += 1
        self.first_order_on = min(filter(None, (self.first_order_on, day)))
        self.last_order_on = max(filter(None, (self.last_order_on, day)))
        self.refund_count += state.is_refund
        if not state.counts_as_spend:
            return
        age = (today - day).days
        self.total_spend += amount
        if age < 182:
            self.spend_6m += amount
        if age < 365:
            self.spend_12m += amount
            self.orders_12m += 1
        if age <= 90:
            self.orders_90d += 1
        if category:
            self.categories[category] += 1


def _figures(connection: Connection, ids: list[str], today: date, tz: tzinfo) -> dict:
    figures: dict[str, _OrderFigures] = {}
    for customer_id, status, amount, ordered_at, category in customers_orders.order_lines(
        connection, ids
    ):
        day = ordered_at.astimezone(tz).date()
        figures.setdefault(customer_id, _OrderFigures()).add(status, amount, day, category, today)
    return figures


def _facts_from_profile(row, today: date, tz: tzinfo) -> CustomerFacts:
    last = row.last_order_on
    since = (today - last).days if last else None
    return CustomerFacts(
        spend_12m=Decimal(row.spend_12m),
        spend_6m=Decimal(row.spend_6m),
        industry=row.industry,
        orders_90d=1 if since is not None and since <= 90 else 0,
        orders_12m=row.order_count if since is not None and since < 365 else 0,
        last_order_on=last,
        last_interaction_on=_local_day(row.last_interaction_at, tz),
        registered_on=row.registered_on,
        first_order_on=row.first_order_on,
        unanswered_touches=row.unanswered_touches,
    )


def _local_day(moment: datetime | None, tz: tzinfo) -> date | None:
    if moment is None:
        return None
    return customers_orders._aware(moment).astimezone(tz).date()


def recompute_segments(
    connection: Connection,
    policy: SegmentPolicy,
    now: datetime,
    tz: tzinfo,
    customer_ids: Iterable[str] | None = None,
) -> int:
    """Recompute order figures and segments of some customers (None: everyone); returns how many.

    Works in batches of :data:`BATCH` customers with one executemany per batch.
    """
    today = now.astimezone(tz).date()
    wanted = None if customer_ids is None else sorted(set(customer_ids))
    done, after = 0, ""
    while True:
        query = select(customers).where(customers.c.erased_at.is_(None))
        if wanted is None:
            query = query.where(customers.c.customer_id > after)
            query = query.order_by(customers.c.customer_id).limit(BATCH)
        else:
            chunk, wanted = wanted[:BATCH], wanted[BATCH:]
            if not chunk:
                break
            query = query.where(customers.c.customer_id.in_(chunk))
        rows = connection.execute(query).all()
        if not rows and wanted is None:
            break
        _recompute_batch(connection, rows, policy, now, today, tz)
        done += len(rows)
        if rows:
            after = rows[-1].customer_id
    return done


def _recompute_batch(connection, rows, policy, now, today, tz) -> None:
    figures = _figures(connection, [row.customer_id for row in rows], today, tz)
    with_orders, without_orders = [], []
    for row in rows:
        found = figures.get(row.customer_id)
        facts = _facts_from_profile(row, today, tz)
        values: dict[str, object] = {"b_customer_id": row.customer_id}
        if found is not None:
            facts = CustomerFacts(
                spend_12m=found.spend_12m,
                spend_6m=found.spend_6m,
                industry=row.industry,
                orders_90d=found.orders_90d,
                orders_12m=found.orders_12m,
                last_order_on=found.last_order_on,
                last_interaction_on=facts.last_interaction_on,
                registered_on=row.registered_on,
                first_order_on=found.first_order_on,
                unanswered_touches=row.unanswered_touches,
            )
            values.update(
                order_count=found.order_count,
                total_spend=found.total_spend,
                spend_6m=found.spend_6m,
                spend_12m=found.spend_12m,
                first_order_on=found.first_order_on,
                last_order_on=found.last_order_on,
                refund_count=found.refund_count,
                category_preferences=json.dumps(
                    [name for name, _ in found.categories.most_common(3)], ensure_ascii=False
                ),
            )
        result = assess(facts, policy, today)
        values.update(
            segment=result.segment,
            rfm_level=result.rfm_level,
            activity=result.activity,
            churn_risk=result.churn_risk,
            lifecycle=result.lifecycle,
            churn_alert=result.churn_alert,
            segment_explanation_zh=result.explanation_zh,
            segment_explanation_en=result.explanation_en,
            segmented_at=now,
        )
        (with_orders if found is not None else without_orders).append(values)
    for batch in (with_orders, without_orders):
        if batch:
            names = [name for name in batch[0] if name != "b_customer_id"]
            connection.execute(
                customers.update()
                .where(customers.c.customer_id == bindparam("b_customer_id"))
                .values({name: bindparam(name) for name in names}),
                batch,
            )
