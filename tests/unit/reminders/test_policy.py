"""The contact policy: caps per segment, quiet hours, opt-outs and consent, at the boundaries."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from reminders.policy import ContactFacts, ContactPolicy, choose_channel

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
POLICY = ContactPolicy()


def local(text: str, zone=SHANGHAI) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=zone)


NOON = local("2026-11-23T12:00")


def facts(**changes) -> ContactFacts:
    base = ContactFacts(
        customer_id="C2024050001",
        segment="high_value_active",
        timezone=SHANGHAI,
        consent_marketing=True,
        consent_sms=True,
        has_mobile=True,
    )
    return replace(base, **changes)


def test_a_consenting_customer_gets_marketing_by_sms_at_noon() -> None:
    decision = POLICY.decide("marketing", facts(), NOON)
    assert decision.allowed and decision.channel == "sms"


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        ("2026-11-23T20:59:59", False),
        ("2026-11-23T21:00:00", True),
        ("2026-11-24T03:00:00", True),
        ("2026-11-24T08:59:59", True),
        ("2026-11-24T09:00:00", False),
    ],
)
def test_quiet_hours_run_from_21_to_09_local_time(moment: str, quiet: bool) -> None:
    decision = POLICY.decide("marketing", facts(), local(moment))
    assert (decision.reason == "quiet_hours") is quiet


def test_quiet_hours_follow_the_customers_time_zone_and_defer_to_0900_there() -> None:
    # 22:00 in Shanghai is 14:00 in London: fine for a London customer, quiet for Shanghai.
    at = local("2026-11-23T22:00")
    assert POLICY.decide("marketing", facts(timezone=LONDON), at).allowed
    held = POLICY.decide("marketing", facts(), at)
    assert held.reason == "quiet_hours"
    assert held.retry_at == local("2026-11-24T09:00")


def test_a_service_message_is_not_held_by_quiet_hours() -> None:
    assert POLICY.decide("service", facts(), local("2026-11-23T23:30")).allowed


def test_high_value_customers_get_at_most_two_touches_in_any_seven_days() -> None:
    two = (NOON - timedelta(days=6, hours=23), NOON - timedelta(days=1))
    assert POLICY.decide("care", facts(recent_touches=two), NOON).reason == "frequency_cap"
    # One of the two falls out of the window exactly 7 days later.
    aged = (NOON - timedelta(days=7), NOON - timedelta(days=1))
    assert POLICY.decide("care", facts(recent_touches=aged), NOON).allowed
    assert POLICY.decide("care", facts(recent_touches=two[1:]), NOON).allowed


def test_dormant_customers_get_at_most_one_touch_in_thirty_days() -> None:
    dormant = facts(segment="dormant")
    recent = (NOON - timedelta(days=29, hours=23),)
    assert POLICY.decide("marketing", replace(dormant, recent_touches=recent), NOON).reason == (
        "frequency_cap"
    )
    old = (NOON - timedelta(days=30),)
    assert POLICY.decide("marketing", replace(dormant, recent_touches=old), NOON).allowed


def test_potential_customers_have_a_weekly_and_a_monthly_cap() -> None:
    potential = facts(segment="potential_growth")
    week = (NOON - timedelta(days=3),)
    assert POLICY.decide("care", replace(potential, recent_touches=week), NOON).reason == (
        "frequency_cap"
    )
    month = tuple(NOON - timedelta(days=d) for d in (8, 15, 22, 29))
    assert POLICY.decide("care", replace(potential, recent_touches=month), NOON).reason == (
        "frequency_cap"
    )
    assert POLICY.decide("care", replace(potential, recent_touches=month[:3]), NOON).allowed


def test_an_unknown_segment_gets_the_unsegmented_cap() -> None:
    touches = (NOON - timedelta(days=10), NOON - timedelta(days=20))
    unknown = facts(segment="vip_from_elsewhere", recent_touches=touches)
    assert POLICY.decide("care", unknown, NOON).reason == "frequency_cap"


def test_a_service_message_does_not_count_against_caps() -> None:
    busy = facts(recent_touches=(NOON - timedelta(hours=1), NOON - timedelta(hours=2)))
    assert POLICY.decide("service", busy, NOON).allowed


@pytest.mark.parametrize(
    ("changes", "purpose", "reason"),
    [
        ({"erased": True}, "service", "erased"),
        ({"do_not_disturb": True}, "care", "do_not_disturb"),
        ({"do_not_disturb": True}, "service", "do_not_disturb"),
        ({"marketing_opt_out": True}, "marketing", "unsubscribed"),
        ({"consent_marketing": False}, "marketing", "no_marketing_consent"),
        ({"consent_sms": False}, "care", "no_channel"),
        ({"has_mobile": False}, "care", "no_channel"),
    ],
)
def test_opt_outs_and_missing_consent_hold_the_message_back(changes, purpose, reason) -> None:
    assert POLICY.decide(purpose, facts(**changes), NOON).reason == reason


def test_unsubscribing_from_marketing_still_allows_care() -> None:
    assert POLICY.decide("care", facts(marketing_opt_out=True), NOON).allowed


def test_channel_is_the_widget_when_online_then_the_preferred_one_with_consent() -> None:
    both = facts(consent_email=True, has_email=True)
    assert choose_channel(replace(both, online=True)) == "widget"
    assert choose_channel(replace(both, preferred_channel="email")) == "email"
    assert choose_channel(both) == "sms"
    assert choose_channel(replace(both, consent_sms=False)) == "email"
    assert choose_channel(facts(consent_sms=False, online=True)) == "widget"


def test_utc_instants_are_compared_in_local_time() -> None:
    # 13:00 UTC is 21:00 in Shanghai: quiet.
    at = datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)
    assert POLICY.decide("marketing", facts(), at).reason == "quiet_hours"
