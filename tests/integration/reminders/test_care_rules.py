"""Each care and follow-up rule at fixed instants, over its real query."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from reminders import rules_care, rules_follow_up
from reminders.rules_care import CareContext
from reminders.slots import month_start, quarter_start, slot
from ticketing.storage.schema.customers import customer_audit, interactions
from ticketing.storage.schema.reminders import care_contracts, care_leads, care_owners
from ticketing.storage.times import to_db

from .conftest import SHANGHAI, add_customer, add_ticket, at

CTX = CareContext(zone=SHANGHAI, default_owner="care.lead", customer_success_lead="cs.lead")


def planned(engine, rule, now, *extra):
    with engine.connect() as connection:
        return [
            (n.kind, n.target, n.recipient, n.due_at) for n in rule(connection, now, CTX, *extra)
        ]


def insert(engine, table, **values):
    """Insert a row, storing times as UTC like the application does."""
    stored = {k: to_db(v) if isinstance(v, datetime) else v for k, v in values.items()}
    with engine.begin() as connection:
        connection.execute(table.insert().values(**stored))


def test_the_owner_hears_of_a_birthday_three_days_before_at_nine(desk) -> None:
    add_customer(desk, "C2024050001", birthday=date(1988, 11, 26))
    add_customer(desk, "C2024050002", birthday=date(1988, 11, 26))
    insert(
        desk,
        care_owners,
        customer_id="C2024050001",
        owner="sales.li",
        updated_at=at("2026-11-01T00:00"),
    )
    assert planned(desk, rules_care.birthday_owner, at("2026-11-23T08:59")) == []
    found = planned(desk, rules_care.birthday_owner, at("2026-11-23T09:00"))
    nine = at("2026-11-23T09:00")
    assert found == [
        ("birthday_owner", "C2024050001", "sales.li", nine),
        ("birthday_owner", "C2024050002", "care.lead", nine),
    ]


def test_the_customer_is_greeted_on_the_day_from_ten_and_never_a_day_late(desk) -> None:
    add_customer(desk, "C2024050001", birthday=date(1988, 11, 23))
    assert planned(desk, rules_care.birthday_greeting, at("2026-11-23T09:59")) == []
    assert planned(desk, rules_care.birthday_greeting, at("2026-11-23T10:00")) == [
        ("birthday_greeting", "C2024050001", "C2024050001", at("2026-11-23T10:00"))
    ]
    assert planned(desk, rules_care.birthday_greeting, at("2026-11-24T11:00")) == []


def test_a_new_customer_gets_a_welcome_coupon_on_the_registration_day(desk) -> None:
    add_customer(desk, "C2026110001", registered_on=date(2026, 11, 23))
    add_customer(desk, "C2026110002", registered_on=date(2026, 11, 1))
    found = planned(desk, rules_care.welcome_coupon, at("2026-11-23T10:00"))
    assert [(k, t) for k, t, _, _ in found] == [("welcome_coupon", "C2026110001")]


def _slot_day(customer_id: str, start: date, days: int) -> date:
    return start + timedelta(days=slot(customer_id, start, days))


def test_a_dormant_customer_gets_one_wake_up_a_quarter_on_a_stable_day(desk) -> None:
    add_customer(desk, "C2024050001", segment="dormant")
    day = _slot_day("C2024050001", quarter_start(date(2026, 11, 23)), rules_care.WAKEUP_DAYS)
    ten = datetime.combine(day, rules_care.CUSTOMER_HOUR, tzinfo=SHANGHAI)
    found = planned(desk, rules_care.dormant_wakeup, ten)
    assert found == [("dormant_wakeup", "C2024050001", "C2024050001", ten)]
    assert planned(desk, rules_care.dormant_wakeup, ten + timedelta(days=3)) == []


def test_owners_of_high_value_customers_get_the_quarterly_review_and_monthly_touch(desk) -> None:
    add_customer(desk, "C2024050001", segment="high_value_active")
    add_customer(desk, "C2024050002", segment="regular")
    month = month_start(date(2026, 11, 23))
    day = _slot_day("C2024050001", month, rules_care.TOUCH_DAYS)
    nine = datetime.combine(day, rules_care.STAFF_HOUR, tzinfo=SHANGHAI)
    found = planned(desk, rules_care.high_value_reviews, nine)
    assert ("monthly_touch", "C2024050001", "care.lead", nine) in found
    quarter = quarter_start(date(2026, 11, 23))
    review = _slot_day("C2024050001", quarter, rules_care.REVIEW_DAYS)
    nine = datetime.combine(review, rules_care.STAFF_HOUR, tzinfo=SHANGHAI)
    assert ("quarterly_review", "C2024050001", "care.lead", nine) in planned(
        desk, rules_care.high_value_reviews, nine
    )


def test_a_high_value_churn_risk_alerts_the_customer_success_lead_once_a_month(desk) -> None:
    add_customer(desk, "C2024050001", segment="high_value_active", churn_alert=True)
    add_customer(desk, "C2024050002", segment="regular", churn_alert=True)
    found = planned(desk, rules_care.churn_risk, at("2026-11-23T15:00"))
    assert found == [("churn_risk", "C2024050001", "cs.lead", at("2026-11-01T00:00"))]


def test_next_actions_remind_their_owner_when_due_and_warn_a_day_later(desk) -> None:
    add_customer(desk, "C2024050001")
    due = at("2026-11-23T09:00")
    for done in (None, at("2026-11-23T08:00")):
        insert(
            desk,
            interactions,
            customer_id="C2024050001",
            occurred_at=at("2026-11-21T10:00"),
            channel="phone",
            summary="需求沟通",
            owner="sales.li",
            next_action="发送资料",
            next_action_due_at=due,
            next_action_done_at=done,
            created_by="sales.li",
            created_at=at("2026-11-21T10:00"),
        )
    assert planned(desk, rules_follow_up.follow_ups, due - timedelta(minutes=1)) == []
    assert planned(desk, rules_follow_up.follow_ups, due) == [
        ("follow_up_due", "1", "sales.li", due)
    ]
    day_later = planned(desk, rules_follow_up.follow_ups, due + timedelta(hours=24))
    assert ("record_not_updated", "1", "sales.li", due + timedelta(hours=24)) in day_later


def test_an_a_grade_lead_is_reminded_at_once_and_again_after_two_days(desk) -> None:
    created = at("2026-11-23T11:00")
    insert(
        desk, care_leads, customer_id="C2024050001", grade="A", owner="sales.li", created_at=created
    )
    insert(
        desk, care_leads, customer_id="C2024050002", grade="B", owner="sales.li", created_at=created
    )
    assert planned(desk, rules_follow_up.lead_follow_ups, created) == [
        ("lead_follow_up", "1", "sales.li", created)
    ]
    later = planned(desk, rules_follow_up.lead_follow_ups, created + timedelta(days=2))
    assert [d for *_, d in later] == [created, created + timedelta(days=2)]


def test_a_contract_renewal_is_reminded_fifteen_days_ahead(desk) -> None:
    insert(
        desk,
        care_contracts,
        contract_id="K-1",
        customer_id="C2024050001",
        owner="sales.li",
        ends_on=date(2026, 12, 8),
    )
    insert(
        desk,
        care_contracts,
        contract_id="K-2",
        customer_id="C2024050002",
        owner="sales.li",
        ends_on=date(2026, 12, 9),
    )
    found = planned(desk, rules_follow_up.contract_renewals, at("2026-11-23T09:00"))
    assert found == [("contract_renewal", "K-1", "sales.li", at("2026-11-23T09:00"))]


def test_a_survey_goes_an_hour_after_resolution_and_a_revisit_when_asked(desk) -> None:
    resolved = at("2026-11-23T10:00")
    add_ticket(desk, "T20261123-0001", at("2026-11-23T09:00"), resolve_at=resolved)
    add_ticket(
        desk,
        "T20261123-0002",
        at("2026-11-23T09:00"),
        resolve_at=resolved,
        tags=("revisit:3m",),
        assignee="logi.sun",
    )
    assert planned(desk, rules_follow_up.surveys, resolved + timedelta(minutes=59)) == []
    surveys = planned(desk, rules_follow_up.surveys, resolved + timedelta(hours=1))
    assert {t for _, t, _, _ in surveys} == {"T20261123-0001", "T20261123-0002"}
    revisit_at = resolved + timedelta(days=90)
    assert planned(desk, rules_follow_up.revisits, revisit_at - timedelta(minutes=1)) == []
    assert planned(desk, rules_follow_up.revisits, revisit_at) == [
        ("revisit_due", "T20261123-0002", "logi.sun", revisit_at)
    ]


@pytest.mark.parametrize(
    ("tags", "days"), [(["revisit:90d"], 90), (["x", "revisit:3m"], 90), ([], None)]
)
def test_revisit_tags(tags, days) -> None:
    expected = None if days is None else timedelta(days=days)
    assert rules_follow_up.revisit_after(tags) == expected


def test_a_data_protection_alert_goes_to_the_admins(desk) -> None:
    insert(
        desk,
        customer_audit,
        occurred_at=datetime(2026, 11, 23, 2, tzinfo=timezone.utc),
        kind="alert",
        action="export_refused",
        actor="tech.li",
        actor_role="agent",
        detail="{}",
    )
    with desk.connect() as connection:
        found = list(
            rules_follow_up.data_alerts(connection, at("2026-11-23T10:00"), CTX, ("admin",))
        )
    assert [(n.kind, n.target, n.recipient) for n in found] == [("data_alert", "1/admin", "admin")]
    assert found[0].after_send is not None
