"""SLA watch rules at fixed instants: 80% warning, breach escalation, negative feedback,
the 1-hour transfer clock and the 24-hour untouched reminder."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from reminders.rules_sla import OpenTicket, SlaRules, scan_horizon, sla_notices
from reminders.templates import render
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import SlaTarget
from ticketing.sla import WorkCalendar

SHANGHAI = ZoneInfo("Asia/Shanghai")
CALENDAR = WorkCalendar()  # Mon-Fri 09:00-12:00, 13:00-18:00
CALENDARS = {"logistics": CALENDAR}
START = datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)  # Monday


def supervisor(team: str) -> str:
    return f"{team}.lead"


def ticket(**changes) -> OpenTicket:
    clocks = {
        "first_response": SlaClock.start("first_response", SlaTarget(10), START, CALENDAR),
        "resolution": SlaClock.start(
            "resolution", SlaTarget(24 * 60, working=False), START, CALENDAR
        ),
    }
    values = {
        "id": "T20261123-0001",
        "team_id": "logistics",
        "assignee_id": "logi.sun",
        "customer_segment": "high_value_active",
        "category": "delivery",
        "negative": False,
        "clocks": clocks,
        "updated_at": START,
    }
    values.update(changes)
    return OpenTicket(**values)


def notices(at: datetime, **changes):
    return list(sla_notices([ticket(**changes)], CALENDARS, supervisor, at))


def kinds(found) -> list[tuple[str, str, str]]:
    return [(n.kind, n.target, n.recipient) for n in found]


def test_nothing_before_80_percent_of_a_clock() -> None:
    assert notices(START + timedelta(minutes=7, seconds=59)) == []


def test_the_assignee_is_warned_at_80_percent() -> None:
    found = notices(START + timedelta(minutes=8))
    assert kinds(found) == [("sla_warning", "T20261123-0001/first_response", "logi.sun")]
    warning = found[0]
    assert warning.due_at == START + timedelta(minutes=10)
    assert "80%" in render(warning.kind, "en", warning.variables)
    assert "首次响应" in render(warning.kind, "zh", warning.variables)


def test_an_unassigned_ticket_warns_the_team_supervisor() -> None:
    found = notices(START + timedelta(minutes=9), assignee_id=None)
    assert kinds(found) == [("sla_warning", "T20261123-0001/first_response", "logistics.lead")]


def test_a_breach_escalates_to_the_supervisor_with_ticket_segment_and_time_over() -> None:
    found = notices(START + timedelta(minutes=25))
    assert kinds(found) == [("sla_breach", "T20261123-0001/first_response", "logistics.lead")]
    breach = found[0]
    assert breach.escalation
    text = render(breach.kind, "en", breach.variables)
    assert "T20261123-0001" in text and "high_value_active" in text and "15 min over" in text


def test_at_the_due_instant_it_is_a_warning_and_one_minute_later_a_breach() -> None:
    due = START + timedelta(minutes=10)
    assert kinds(notices(due))[0][0] == "sla_warning"
    assert kinds(notices(due + timedelta(minutes=1)))[0][0] == "sla_breach"


def test_working_time_clocks_do_not_run_over_lunch() -> None:
    # 11:55 start, 10 working minutes: due 13:05; at 12:30 only 5 minutes (50%) are used.
    clock = SlaClock.start(
        "first_response", SlaTarget(10), START.replace(hour=11, minute=55), CALENDAR
    )
    lunch = START.replace(hour=12, minute=30)
    assert notices(lunch, clocks={"first_response": clock}, updated_at=lunch) == []


def test_a_negative_feedback_ticket_names_the_two_hour_clock() -> None:
    clock = SlaClock.start("resolution", SlaTarget(120), START, CALENDAR)
    found = notices(START + timedelta(minutes=100), clocks={"resolution": clock}, negative=True)
    assert kinds(found) == [("sla_warning", "T20261123-0001/negative_feedback", "logi.sun")]
    assert "负面评价" in render(found[0].kind, "zh", found[0].variables)


def test_paused_and_stopped_clocks_are_not_watched() -> None:
    running = ticket().clocks["first_response"]
    paused = running.pause(START + timedelta(minutes=1))
    late = START + timedelta(minutes=30)
    assert notices(late, clocks={"first_response": paused}, updated_at=late) == []


def test_the_transfer_clock_warns_at_48_and_escalates_after_60_working_minutes() -> None:
    moved = {"transfer_requested_at": START, "assignee_id": None, "clocks": {}}
    assert notices(START + timedelta(minutes=47), **moved) == []
    warning = notices(START + timedelta(minutes=48), **moved)
    assert kinds(warning) == [("sla_warning", "T20261123-0001/transfer", "logistics.lead")]
    breach = notices(START + timedelta(minutes=61), **moved)
    assert kinds(breach) == [("sla_breach", "T20261123-0001/transfer", "logistics.lead")]


def test_a_ticket_untouched_for_24_hours_reminds_its_owner_once_per_idle_period() -> None:
    idle = {"clocks": {}, "updated_at": START}
    assert notices(START + timedelta(hours=23, minutes=59), **idle) == []
    found = notices(START + timedelta(hours=24), **idle)
    assert kinds(found) == [("ticket_untouched", "T20261123-0001", "logi.sun")]
    assert found[0].due_at == START + timedelta(hours=24)
    # Later scans plan the same key (the sent log sends it once).
    later = notices(START + timedelta(hours=30), **idle)
    assert [n.key for n in later] == [found[0].key]


def test_the_warning_threshold_is_configurable() -> None:
    rules = SlaRules(warning_percent=50)
    at = START + timedelta(minutes=5)
    found = list(sla_notices([ticket()], CALENDARS, supervisor, at, rules))
    assert kinds(found)[0][0] == "sla_warning"


def test_the_scan_horizon_covers_the_warning_share_of_the_longest_targets() -> None:
    # 20% of a 24-hour calendar clock is 4.8 hours; 20% of 120 working minutes from Friday
    # 17:50 reaches into Monday morning.
    friday = datetime(2026, 11, 27, 17, 50, tzinfo=SHANGHAI)
    horizon = scan_horizon(friday, [CALENDAR], 120, 24 * 60, 80)
    assert horizon >= datetime(2026, 11, 30, 9, 14, tzinfo=SHANGHAI)
    assert scan_horizon(START, [], 0, 24 * 60, 80) == START + timedelta(hours=4.8, minutes=1)
