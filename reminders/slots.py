"""Calendar arithmetic of the care rules: local due times, day slots and birthdays. Pure.

Recurring care (a dormant customer's quarterly wake-up, a high-value customer's monthly touch)
is spread over the period by a stable hash of the customer id, so a million customers do not
all fall due on the first day of the quarter.
"""

from __future__ import annotations

import hashlib
from calendar import isleap
from datetime import date, datetime, time, timedelta, tzinfo


def local_due(day: date, at: time, zone: tzinfo) -> datetime:
    """``day`` at ``at`` in ``zone`` (an aware datetime)."""
    return datetime.combine(day, at, tzinfo=zone)


def due_days(
    now: datetime, zone: tzinfo, at: time, lookback: timedelta
) -> list[tuple[date, datetime]]:
    """The local days whose ``at`` falls in ``(now - lookback, now]``, oldest first, with it."""
    today = now.astimezone(zone).date()
    days = []
    for back in range(lookback.days + 2, -1, -1):
        day = today - timedelta(days=back)
        due = local_due(day, at, zone)
        if now - lookback < due <= now:
            days.append((day, due))
    return days


def birthday_keys(day: date) -> list[str]:
    """The ``MM-DD`` birthdays celebrated on ``day`` (29 February on the 28th in common years)."""
    keys = [day.strftime("%m-%d")]
    if day.month == 2 and day.day == 28 and not isleap(day.year):
        keys.append("02-29")
    return keys


def quarter_start(day: date) -> date:
    """The first day of ``day``'s quarter."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def month_start(day: date) -> date:
    """The first day of ``day``'s month."""
    return day.replace(day=1)


def slot(customer_id: str, period: date, days: int) -> int:
    """A stable day offset in ``[0, days)`` for this customer in the period starting ``period``."""
    digest = hashlib.blake2b(f"{customer_id}/{period.isoformat()}".encode(), digest_size=4)
    return int.from_bytes(digest.digest(), "big") % days


def stable_code(prefix: str, customer_id: str, period: date) -> str:
    """A coupon code that is the same every time it is computed for this customer and period."""
    digest = hashlib.blake2b(f"{prefix}/{customer_id}/{period}".encode(), digest_size=4)
    return f"{prefix}-{digest.hexdigest().upper()}"
