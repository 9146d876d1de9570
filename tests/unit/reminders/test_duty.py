"""Nobody is woken outside their working hours: notices go to whoever is on duty."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from reminders.duty import Route, Staff
from ticketing.domain.teams import Agent, CalendarConfig, Team
from ticketing.sla import OFFICE_HOURS

SHANGHAI = ZoneInfo("Asia/Shanghai")
OFFICE = CalendarConfig(hours=OFFICE_HOURS, china_holidays=False)
NIGHTS = CalendarConfig(hours={d: [("18:00", "24:00")] for d in range(7)}, china_holidays=False)
MONDAY_10 = datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)
MONDAY_20 = datetime(2026, 11, 23, 20, 0, tzinfo=SHANGHAI)
SUNDAY_03 = datetime(2026, 11, 22, 3, 0, tzinfo=SHANGHAI)


def agent(agent_id: str, role: str, *teams: str) -> Agent:
    return Agent(agent_id, agent_id, agent_id, role, frozenset(teams))


STAFF = Staff(
    agents={
        a.id: a
        for a in (
            agent("logi.sun", "agent", "logistics"),
            agent("logi.lead", "supervisor", "logistics"),
            agent("night.li", "agent", "night"),
            agent("night.lead", "supervisor", "night"),
        )
    },
    teams={
        "logistics": Team("logistics", "物流", "Logistics", frozenset(), OFFICE),
        "night": Team("night", "夜班", "Night shift", frozenset(), NIGHTS),
    },
)


def test_someone_on_duty_gets_their_own_notice_loudly() -> None:
    assert STAFF.route("logi.sun", MONDAY_10, "logistics") == Route("logi.sun", wake=True)


def test_off_duty_a_warning_goes_to_whoever_is_on_duty_with_a_quiet_copy() -> None:
    route = STAFF.route("logi.sun", MONDAY_20, "logistics")
    assert route == Route("night.lead", wake=True, fallback_of="logi.sun")


def test_an_escalation_prefers_an_on_duty_supervisor() -> None:
    route = STAFF.route("logi.lead", MONDAY_20, "logistics", escalation=True)
    assert route.recipient == "night.lead" and route.fallback_of == "logi.lead"


def test_a_plain_notice_prefers_a_colleague_of_the_same_team() -> None:
    route = STAFF.route("night.lead", datetime(2026, 11, 23, 17, 0, tzinfo=SHANGHAI), "night")
    # The night team is closed at 17:00; only logistics is on duty and it is not the same team,
    # so an on-duty supervisor takes it.
    assert route == Route("logi.lead", wake=True, fallback_of="night.lead")


def test_when_nobody_is_on_duty_nobody_is_woken() -> None:
    quiet = Staff(
        agents={"logi.sun": STAFF.agents["logi.sun"], "logi.lead": STAFF.agents["logi.lead"]},
        teams={"logistics": STAFF.teams["logistics"]},
    )
    assert quiet.route("logi.sun", SUNDAY_03, "logistics") == Route("logi.sun", wake=False)


def test_supervisor_of_a_team() -> None:
    assert STAFF.supervisor_of("logistics") == "logi.lead"
    assert STAFF.supervisor_of("unknown") is None
