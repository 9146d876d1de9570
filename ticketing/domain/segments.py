"""Customer segmentation (客户分层): segment, RFM level, activity, churn risk, lifecycle stage.

Two axes from SPEC.md: value = spend in the last 12 months against the industry average, and
activity = a purchase, an interaction or the registration itself in the last 90 days ("the last
3 months"; day 90 is still active, day 91 is not). The segments, with the gaps named:

| segment              | value (share of the average) | active? |
|----------------------|------------------------------|---------|
| high_value_active    | ≥ 150%                       | yes     |
| potential_growth     | ≥ 80% and < 150%             | yes     |
| regular              | < 80%                        | yes     |
| high_value_at_risk   | ≥ 150%                       | no      |
| regular              | ≥ 50% and < 150%             | no      |
| dormant              | < 50%                        | no      |

Shares are compared exactly (Decimal), and shown rounded down, so a customer at 149.9% reads
"149%" and is not high-value. ``assess(facts, policy, today)`` is pure; the explanation it returns
says which numbers put the customer where they are, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

ACTIVE_DAYS = 90
NEW_DAYS = 30
SILENT_DAYS = 180

SEGMENTS = {
    "high_value_active": ("高价值活跃", "high-value active"),
    "potential_growth": ("潜力成长", "potential growth"),
    "regular": ("普通", "regular"),
    "high_value_at_risk": ("高价值流失风险", "high-value at risk"),
    "dormant": ("沉睡", "dormant"),
}
LEVELS = ("high", "mid", "low")
LIFECYCLE_STAGES = ("new", "active", "silent", "lost")


class SegmentPolicyError(ValueError):
    """An industry average is missing or not positive."""


@dataclass(frozen=True)
class SegmentPolicy:
    """The configurable part: the annual-spend average per industry (yuan)."""

    default_average: Decimal = Decimal("6000.00")
    by_industry: Mapping[str, Decimal] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for name, value in {"default": self.default_average, **self.by_industry}.items():
            if not isinstance(value, Decimal) or value <= 0:
                raise SegmentPolicyError(f"industry average for {name!r} must be > 0: {value!r}")

    def average_for(self, industry: str | None) -> Decimal:
        """The average for ``industry``, or the default one."""
        return self.by_industry.get(industry or "", self.default_average)


@dataclass(frozen=True)
class CustomerFacts:
    """What segmentation needs to know about one customer."""

    spend_12m: Decimal
    spend_6m: Decimal = Decimal("0")
    industry: str | None = None
    orders_90d: int = 0
    orders_12m: int = 0
    last_order_on: date | None = None
    last_interaction_on: date | None = None
    registered_on: date | None = None
    first_order_on: date | None = None
    unanswered_touches: int = 0
    """Proactive touches in a row, most recent first, that the customer did not answer."""


@dataclass(frozen=True)
class Assessment:
    """Where a customer stands, and why."""

    segment: str
    value_percent: int
    active: bool
    rfm_level: str
    activity: str
    churn_risk: str
    lifecycle: str
    churn_alert: bool
    explanation_zh: str
    explanation_en: str

    @property
    def tags(self) -> list[str]:
        """The tag form used by lists and the console, e.g. ``rfm:high``."""
        return [
            f"segment:{self.segment}",
            f"rfm:{self.rfm_level}",
            f"activity:{self.activity}",
            f"churn_risk:{self.churn_risk}",
            f"lifecycle:{self.lifecycle}",
        ]


def _days_since(day: date | None, today: date) -> int | None:
    return None if day is None else (today - day).days


def _at_least(spend: Decimal, average: Decimal, percent: int) -> bool:
    return spend * 100 >= average * percent


def _segment(spend: Decimal, average: Decimal, active: bool) -> str:
    if active:
        if _at_least(spend, average, 150):
            return "high_value_active"
        return "potential_growth" if _at_least(spend, average, 80) else "regular"
    if _at_least(spend, average, 150):
        return "high_value_at_risk"
    return "regular" if _at_least(spend, average, 50) else "dormant"


def _rfm_level(facts: CustomerFacts, average: Decimal, today: date) -> str:
    recency = _days_since(facts.last_order_on, today)
    r = 1 if recency is None or recency > ACTIVE_DAYS else (3 if recency <= 30 else 2)
    f = 3 if facts.orders_12m >= 6 else (2 if facts.orders_12m >= 2 else 1)
    m = 3 if _at_least(facts.spend_12m, average, 150) else 2
    m = m if _at_least(facts.spend_12m, average, 80) else 1
    score = r + f + m
    return "high" if score >= 7 else ("mid" if score >= 5 else "low")


def spend_down_30(facts: CustomerFacts) -> bool:
    """Spend of the last 6 months is at least 30% below that of the 6 months before."""
    previous = facts.spend_12m - facts.spend_6m
    return previous > 0 and facts.spend_6m * 10 <= previous * 7


def _churn_risk(facts: CustomerFacts, average: Decimal, active: bool, today: date) -> str:
    down, ignored = spend_down_30(facts), facts.unanswered_touches >= 2
    if (down and ignored) or (not active and _at_least(facts.spend_12m, average, 80)):
        return "high"
    since_order = _days_since(facts.last_order_on, today)
    if down or ignored or not active or (since_order is not None and since_order > 60):
        return "mid"
    return "low"


def _lifecycle(facts: CustomerFacts, since_activity: int | None, today: date) -> str:
    since_start = _days_since(facts.registered_on or facts.first_order_on, today)
    if since_start is not None and since_start <= NEW_DAYS:
        return "new"
    if since_activity is None or since_activity > SILENT_DAYS:
        return "lost"
    return "active" if since_activity <= ACTIVE_DAYS else "silent"


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def _explain(facts, average, percent, active, since_activity, segment, today) -> tuple[str, str]:
    zh = [f"年消费 {_money(facts.spend_12m)} = {percent}% 行业均值（{_money(average)}）"]
    en = [f"annual spend {_money(facts.spend_12m)} = {percent}% of the industry average"]
    en[0] += f" ({_money(average)})"
    since_order = _days_since(facts.last_order_on, today)
    if since_order is None:
        zh.append("从未下单")
        en.append("no orders yet")
    else:
        zh.append(f"最近下单 {since_order} 天前")
        en.append(f"last order {since_order} days ago")
    since_touch = _days_since(facts.last_interaction_on, today)
    if since_touch is not None and (since_order is None or since_touch < since_order):
        zh.append(f"最近互动 {since_touch} 天前")
        en.append(f"last interaction {since_touch} days ago")
    if active:
        zh.append(f"近 {ACTIVE_DAYS} 天有活动")
        en.append(f"active in the last {ACTIVE_DAYS} days")
    elif since_activity is None:
        zh.append("无任何活动记录")
        en.append("no activity on record")
    else:
        zh.append(f"已 {since_activity} 天无活动")
        en.append(f"no activity for {since_activity} days")
    label_zh, label_en = SEGMENTS[segment]
    return "，".join(zh) + f" → {label_zh}", ", ".join(en) + f" → {label_en}"


def assess(facts: CustomerFacts, policy: SegmentPolicy, today: date) -> Assessment:
    """Segment and tags of one customer on ``today`` (the business-time-zone date)."""
    average = policy.average_for(facts.industry)
    activity_days = [
        day
        for day in (facts.last_order_on, facts.last_interaction_on, facts.registered_on)
        if day is not None
    ]
    since_activity = _days_since(max(activity_days), today) if activity_days else None
    active = since_activity is not None and since_activity <= ACTIVE_DAYS
    percent = int((facts.spend_12m * 100 / average).to_integral_value(rounding=ROUND_FLOOR))
    segment = _segment(facts.spend_12m, average, active)
    down, ignored = spend_down_30(facts), facts.unanswered_touches >= 2
    zh, en = _explain(facts, average, percent, active, since_activity, segment, today)
    return Assessment(
        segment=segment,
        value_percent=percent,
        active=active,
        rfm_level=_rfm_level(facts, average, today),
        activity="high" if facts.orders_90d >= 2 else ("mid" if facts.orders_90d == 1 else "low"),
        churn_risk=_churn_risk(facts, average, active, today),
        lifecycle=_lifecycle(facts, since_activity, today),
        churn_alert=_at_least(facts.spend_12m, average, 150) and down and ignored,
        explanation_zh=zh,
        explanation_en=en,
    )
