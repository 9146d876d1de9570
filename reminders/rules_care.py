"""Care rules for customers: each a small function over one indexed query, yielding notices.

- ``birthday_owner`` → the account owner, 09:00 three days before the birthday;
- ``birthday_greeting`` → the customer, 10:00 on the birthday (care);
- ``welcome_coupon`` → the customer, 10:00 on the registration day (marketing);
- ``dormant_wakeup`` → a dormant customer, 10:00 on a stable day in the first 12 weeks of each
  quarter (marketing, with a repurchase discount);
- ``quarterly_review`` / ``monthly_touch`` → the owner of a high-value customer, 09:00 on a
  stable day in the first 4 weeks of the quarter / the first 20 days of the month;
- ``churn_risk`` → the customer-success lead, once a month while ``churn_alert`` is set (the
  first run after the flag appears, so well within the SPEC's 3 days).

A day's notices are planned by every run during the look-back window after their due time, so
a scheduler that was down for a few hours still sends them once (the sent log dedups).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, time, timedelta, tzinfo
from itertools import islice

from sqlalchemy.engine import Connection

from reminders import reads_customers as reads
from reminders.messages import Notice
from reminders.preferences import link_token
from reminders.slots import (
    birthday_keys,
    due_days,
    local_due,
    month_start,
    quarter_start,
    slot,
    stable_code,
)
from ticketing.domain.catalog import HIGH_VALUE_SEGMENTS

STAFF_HOUR = time(9, 0)
CUSTOMER_HOUR = time(10, 0)
WAKEUP_DAYS, REVIEW_DAYS, TOUCH_DAYS = 84, 28, 20


@dataclass(frozen=True)
class CareContext:
    """Who owns what and how far back a run looks."""

    zone: tzinfo
    lookback: timedelta = timedelta(hours=48)
    default_owner: str = "care.lead"
    customer_success_lead: str = "care.lead"
    unsubscribe_base_url: str = "http://127.0.0.1:8000"
    link_secret: str = ""

    def unsubscribe_url(self, customer_id: str) -> str:
        """The link every marketing message carries, with the customer's own token."""
        url = f"{self.unsubscribe_base_url}/unsubscribe/{customer_id}"
        if not self.link_secret:
            return url
        return f"{url}?token={link_token(self.link_secret, customer_id)}"


def _owned(
    connection: Connection, customers: Iterable[reads.CareCustomer], default: str
) -> Iterator[tuple[reads.CareCustomer, str]]:
    iterator = iter(customers)
    while batch := list(islice(iterator, 500)):
        owners = reads.owners(connection, [c.customer_id for c in batch], default)
        for customer in batch:
            yield customer, owners[customer.customer_id]


def birthday_owner(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Remind the owner 3 days before a customer's birthday (生日前3天提醒销售)."""
    for day, due in due_days(now, ctx.zone, STAFF_HOUR, ctx.lookback):
        birthday = day + timedelta(days=3)
        found = reads.with_birthday(connection, birthday_keys(birthday))
        for customer, owner in _owned(connection, found, ctx.default_owner):
            yield Notice(
                "birthday_owner",
                customer.customer_id,
                due,
                "staff",
                owner,
                "alert",
                {
                    "customer_name": customer.name,
                    "customer_id": customer.customer_id,
                    "birthday": birthday.isoformat(),
                },
                customer_id=customer.customer_id,
            )


def birthday_greeting(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Greet the customer on the day (only on the day: a late greeting is not sent)."""
    today = now.astimezone(ctx.zone).date()
    for day, due in due_days(now, ctx.zone, CUSTOMER_HOUR, ctx.lookback):
        if day != today:
            continue
        for customer in reads.with_birthday(connection, birthday_keys(day)):
            yield _to_customer("birthday_greeting", customer, due, "care", {})


def welcome_coupon(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Welcome a new customer with a coupon, on the registration day."""
    days = due_days(now, ctx.zone, CUSTOMER_HOUR, ctx.lookback)
    if not days:
        return
    due_by_day = dict(days)
    for customer in reads.registered_between(connection, days[0][0], days[-1][0]):
        due = due_by_day.get(customer.registered_on)
        if due is not None:
            coupon = stable_code("NEW", customer.customer_id, customer.registered_on)
            variables = {
                "coupon": coupon,
                "unsubscribe_url": ctx.unsubscribe_url(customer.customer_id),
            }
            yield _to_customer("welcome_coupon", customer, due, "marketing", variables)


def dormant_wakeup(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """A dormant customer's quarterly care message with an exclusive discount."""
    wanted = {
        (quarter_start(day), (day - quarter_start(day)).days): due
        for day, due in due_days(now, ctx.zone, CUSTOMER_HOUR, ctx.lookback)
    }
    if not wanted:
        return
    for customer in reads.in_segments(connection, ["dormant"]):
        for (start, offset), due in wanted.items():
            if slot(customer.customer_id, start, WAKEUP_DAYS) == offset:
                variables = {
                    "coupon": stable_code("BACK", customer.customer_id, start),
                    "unsubscribe_url": ctx.unsubscribe_url(customer.customer_id),
                }
                yield _to_customer("dormant_wakeup", customer, due, "marketing", variables)


def high_value_reviews(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Remind owners of the quarterly deep review and the monthly light touch."""
    days = due_days(now, ctx.zone, STAFF_HOUR, ctx.lookback)
    if not days:
        return
    found = reads.in_segments(connection, sorted(HIGH_VALUE_SEGMENTS))
    for customer, owner in _owned(connection, found, ctx.default_owner):
        for day, due in days:
            for kind, start, length in (
                ("quarterly_review", quarter_start(day), REVIEW_DAYS),
                ("monthly_touch", month_start(day), TOUCH_DAYS),
            ):
                if slot(customer.customer_id, start, length) == (day - start).days:
                    yield _to_owner(kind, customer, owner, due)


def churn_risk(connection: Connection, now: datetime, ctx: CareContext) -> Iterator[Notice]:
    """Alert the customer-success lead of each flagged high-value customer, once a month."""
    due = local_due(month_start(now.astimezone(ctx.zone).date()), time(0, 0), ctx.zone)
    for customer in reads.churn_alerts(connection, sorted(HIGH_VALUE_SEGMENTS)):
        yield _to_owner("churn_risk", customer, ctx.customer_success_lead, due)


def _to_customer(
    kind: str, customer: reads.CareCustomer, due: datetime, purpose: str, extra: dict
) -> Notice:
    return Notice(
        kind,
        customer.customer_id,
        due,
        "customer",
        customer.customer_id,
        purpose,  # type: ignore[arg-type]
        {"customer_name": customer.name, **extra},
        customer_id=customer.customer_id,
    )


def _to_owner(kind: str, customer: reads.CareCustomer, owner: str, due: datetime) -> Notice:
    return Notice(
        kind,
        customer.customer_id,
        due,
        "staff",
        owner,
        "alert",
        {"customer_name": customer.name, "customer_id": customer.customer_id},
        customer_id=customer.customer_id,
    )


RULES = (
    birthday_owner,
    birthday_greeting,
    welcome_coupon,
    dormant_wakeup,
    high_value_reviews,
    churn_risk,
)
