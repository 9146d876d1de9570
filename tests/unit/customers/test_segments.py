"""Segments and tags at their boundaries: 149% vs 150%, day 89/90 vs 91, and the gaps."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ticketing.domain.segments import CustomerFacts, SegmentPolicy, SegmentPolicyError, assess

TODAY = date(2026, 11, 23)
POLICY = SegmentPolicy(default_average=Decimal("10000"), by_industry={"制造": Decimal("50000")})


def days_ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def facts(percent: str, last_order_days: int | None = 12, **more) -> CustomerFacts:
    spend = Decimal("10000") * Decimal(percent) / 100
    last = None if last_order_days is None else days_ago(last_order_days)
    return CustomerFacts(spend_12m=spend, last_order_on=last, **more)


@pytest.mark.parametrize(
    ("percent", "segment"),
    [
        ("150", "high_value_active"),
        ("149.99", "potential_growth"),
        ("80", "potential_growth"),
        ("79.99", "regular"),
        ("0", "regular"),
    ],
)
def test_active_customers_by_share_of_the_industry_average(percent: str, segment: str) -> None:
    assert assess(facts(percent), POLICY, TODAY).segment == segment


@pytest.mark.parametrize(
    ("percent", "segment"),
    [
        ("150", "high_value_at_risk"),
        ("149.99", "regular"),
        ("50", "regular"),
        ("49.99", "dormant"),
    ],
)
def test_inactive_customers_by_share_of_the_industry_average(percent: str, segment: str) -> None:
    assert assess(facts(percent, last_order_days=91), POLICY, TODAY).segment == segment


@pytest.mark.parametrize(
    ("days", "active", "segment"),
    [
        (89, True, "high_value_active"),
        (90, True, "high_value_active"),
        (91, False, "high_value_at_risk"),
    ],
)
def test_active_means_an_order_within_90_days(days: int, active: bool, segment: str) -> None:
    result = assess(facts("200", last_order_days=days), POLICY, TODAY)
    assert (result.active, result.segment) == (active, segment)


def test_an_interaction_or_a_registration_also_counts_as_activity() -> None:
    quiet = facts("10", last_order_days=400)
    assert assess(quiet, POLICY, TODAY).segment == "dormant"
    touched = facts("10", last_order_days=400, last_interaction_on=days_ago(89))
    assert assess(touched, POLICY, TODAY).segment == "regular"
    newcomer = facts("0", last_order_days=None, registered_on=days_ago(5))
    assert assess(newcomer, POLICY, TODAY).segment == "regular"


def test_the_industry_average_is_configurable_per_industry() -> None:
    retail = facts("160")
    factory = CustomerFacts(spend_12m=Decimal("16000"), industry="制造", last_order_on=days_ago(3))
    assert assess(retail, POLICY, TODAY).segment == "high_value_active"
    assert assess(factory, POLICY, TODAY).segment == "regular"  # 32% of ¥50,000
    with pytest.raises(SegmentPolicyError):
        SegmentPolicy(default_average=Decimal("0"))


def test_the_explanation_names_the_numbers_in_both_languages() -> None:
    result = assess(
        CustomerFacts(spend_12m=Decimal("16200"), last_order_on=days_ago(12)), POLICY, TODAY
    )
    assert result.explanation_zh == (
        "年消费 ¥16,200.00 = 162% 行业均值（¥10,000.00），最近下单 12 天前，"
        "近 90 天有活动 → 高价值活跃"
    )
    assert result.explanation_en == (
        "annual spend ¥16,200.00 = 162% of the industry average (¥10,000.00), "
        "last order 12 days ago, active in the last 90 days → high-value active"
    )


def test_a_share_just_under_a_threshold_is_shown_rounded_down() -> None:
    result = assess(facts("149.99"), POLICY, TODAY)
    assert result.value_percent == 149 and "149%" in result.explanation_en


def test_the_explanation_of_a_quiet_customer_says_how_long() -> None:
    result = assess(facts("10", last_order_days=None), POLICY, TODAY)
    assert result.explanation_en.endswith("no orders yet, no activity on record → dormant")
    lapsed = assess(facts("10", last_order_days=120), POLICY, TODAY)
    assert "已 120 天无活动" in lapsed.explanation_zh


@pytest.mark.parametrize(("orders", "level"), [(0, "low"), (1, "mid"), (2, "high")])
def test_activity_counts_purchases_in_three_months(orders: int, level: str) -> None:
    assert assess(facts("100", orders_90d=orders), POLICY, TODAY).activity == level


def test_rfm_level_combines_recency_frequency_and_value() -> None:
    assert assess(facts("200", last_order_days=10, orders_12m=6), POLICY, TODAY).rfm_level == "high"
    assert assess(facts("100", last_order_days=60, orders_12m=2), POLICY, TODAY).rfm_level == "mid"
    assert assess(facts("10", last_order_days=200, orders_12m=1), POLICY, TODAY).rfm_level == "low"


@pytest.mark.parametrize(
    ("days", "stage"),
    [(None, "lost"), (30, "active"), (91, "silent"), (180, "silent"), (181, "lost")],
)
def test_lifecycle_stage_by_days_since_activity(days: int | None, stage: str) -> None:
    registered = days_ago(400)
    assert (
        assess(
            facts("100", last_order_days=days, registered_on=registered), POLICY, TODAY
        ).lifecycle
        == stage
    )


def test_a_customer_registered_within_30_days_is_new() -> None:
    assert assess(facts("0", None, registered_on=days_ago(30)), POLICY, TODAY).lifecycle == "new"
    assert assess(facts("0", None, registered_on=days_ago(31)), POLICY, TODAY).lifecycle == "active"


def test_a_high_value_customer_ignoring_two_touches_with_spend_down_30_percent_is_an_alert() -> (
    None
):
    # last 6 months ¥7,000 against ¥10,000 in the 6 months before: down exactly 30%.
    base = {
        "spend_12m": Decimal("17000"),
        "spend_6m": Decimal("7000"),
        "last_order_on": days_ago(20),
    }
    alert = assess(CustomerFacts(**base, unanswered_touches=2), POLICY, TODAY)
    assert (alert.churn_alert, alert.churn_risk) == (True, "high")
    one_touch = assess(CustomerFacts(**base, unanswered_touches=1), POLICY, TODAY)
    assert (one_touch.churn_alert, one_touch.churn_risk) == (False, "mid")
    down_29 = {**base, "spend_6m": Decimal("7100"), "spend_12m": Decimal("17100")}
    assert (
        assess(CustomerFacts(**down_29, unanswered_touches=2), POLICY, TODAY).churn_alert is False
    )


def test_churn_risk_is_low_for_a_recent_steady_buyer_and_high_for_a_quiet_spender() -> None:
    steady = CustomerFacts(
        spend_12m=Decimal("9000"), spend_6m=Decimal("5000"), last_order_on=days_ago(5)
    )
    assert assess(steady, POLICY, TODAY).churn_risk == "low"
    assert assess(facts("90", last_order_days=100), POLICY, TODAY).churn_risk == "high"
    assert assess(facts("10", last_order_days=100), POLICY, TODAY).churn_risk == "mid"


def test_tags_carry_every_dimension() -> None:
    steady = facts("200", orders_90d=2, orders_12m=6, spend_6m=Decimal("12000"))
    tags = assess(steady, POLICY, TODAY).tags
    assert tags == [
        "segment:high_value_active",
        "rfm:high",
        "activity:high",
        "churn_risk:low",
        "lifecycle:active",
    ]
