"""SLA clocks on a ticket: pausing moves deadlines, resuming counts on, reopening continues."""

import pytest

from ticketing.domain.catalog import Priority
from ticketing.domain.sla_clocks import SlaClock
from ticketing.domain.sla_policies import SlaTarget, policy_for
from ticketing.domain.statuses import TicketStatus as S

from .builders import AGENT, CALENDAR, at, new_ticket

P2 = policy_for(Priority.P2, None)  # first 10, next 30, resolution 120 working minutes


def working_ticket():
    ticket = new_ticket(Priority.P2, now=at(23, 10))
    ticket.assign("A01", AGENT, at(23, 10, 1), CALENDAR)
    ticket.reply(True, AGENT, at(23, 10, 5), CALENDAR)
    return ticket


def test_waiting_for_the_customer_pauses_and_the_pause_moves_the_deadline() -> None:
    ticket = working_ticket()
    assert ticket.due_at("resolution") == at(23, 12)  # 10:00 + 120 working minutes
    ticket.transition(S.PENDING_CUSTOMER, AGENT, at(23, 10, 30), CALENDAR, P2)
    assert ticket.next_due_at is None  # paused tickets leave the due-time scan
    ticket.customer_wrote(at(23, 11, 30), CALENDAR, P2)  # 60 working minutes later
    assert ticket.status == S.IN_PROGRESS
    assert ticket.due_at("resolution") == at(23, 14)  # moved by the pause, not reset
    assert ticket.due_at("next_response") == at(23, 12)  # the customer waits for an answer


def test_a_pause_over_the_night_moves_the_deadline_by_working_time_only() -> None:
    ticket = working_ticket()
    ticket.transition(S.PENDING_CUSTOMER, AGENT, at(23, 17), CALENDAR, P2)
    ticket.transition(S.IN_PROGRESS, AGENT, at(24, 9, 30), CALENDAR, P2)
    # paused 17:00-18:00 and 09:00-09:30: 90 working minutes
    assert ticket.due_at("resolution") == at(23, 14, 30)


def test_the_share_of_the_target_used_freezes_while_paused() -> None:
    ticket = working_ticket()
    ticket.transition(S.PENDING_CUSTOMER, AGENT, at(23, 11), CALENDAR, P2)
    view = ticket.sla_view(at(24, 11), CALENDAR)["resolution"]
    assert view["paused"] and view["elapsed_minutes"] == 60 and view["percent_used"] == 50.0
    assert view["breached"] is False


def test_resolving_records_met_and_breached_with_durations() -> None:
    ticket = working_ticket()
    ticket.transition(S.RESOLVED, AGENT, at(23, 14, 30), CALENDAR, P2)  # 210 working minutes
    outcome = ticket.events[-1].after["resolution_sla"]
    assert outcome == {"elapsed_minutes": 210.0, "breached": True}
    assert ticket.clocks["first_response"].breached is False
    assert ticket.resolved_at == at(23, 14, 30)


def test_reopening_counts_on_from_where_the_resolution_clock_stopped() -> None:
    ticket = working_ticket()
    ticket.transition(S.RESOLVED, AGENT, at(23, 11), CALENDAR, P2)  # 60 of 120 minutes used
    ticket.transition(S.REOPENED, AGENT, at(24, 10), CALENDAR, P2)
    assert ticket.reopen_count == 1 and ticket.resolved_at is None
    assert ticket.due_at("resolution") == at(24, 11)  # the remaining 60 minutes from now
    assert ticket.due_at("next_response") == at(24, 10, 30)
    assert ticket.clocks["resolution"].breached is None
    assert ticket.clocks["first_response"].elapsed_minutes == 5.0  # kept as recorded
    assert ticket.next_due_at == at(24, 10, 30)


def test_percent_used_grows_past_one_hundred_when_breached() -> None:
    clock = SlaClock.start("first_response", SlaTarget(10), at(23, 10), CALENDAR)
    assert clock.percent_used(at(23, 10, 8), CALENDAR) == 80.0
    assert clock.percent_used(at(23, 10, 15), CALENDAR) == 150.0


def test_calendar_minute_clocks_count_nights_and_weekends() -> None:
    clock = SlaClock.start("resolution", SlaTarget(24 * 60, working=False), at(27, 17), CALENDAR)
    assert clock.due_at == at(28, 17)
    paused = clock.pause(at(27, 18)).resume(at(27, 20), CALENDAR)
    assert paused.due_at == at(28, 19)


def test_a_clock_survives_storage_as_a_dict() -> None:
    clock = SlaClock.start("resolution", SlaTarget(120), at(23, 10), CALENDAR).pause(at(23, 11))
    assert SlaClock.from_dict(clock.to_dict()) == clock


@pytest.mark.parametrize(("segment", "minutes"), [(None, 10), ("high_value_active", 5)])
def test_high_value_customers_get_faster_targets(segment, minutes) -> None:
    assert policy_for(Priority.P3, segment).first_response.minutes == minutes
