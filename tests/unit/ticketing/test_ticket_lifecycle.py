"""The ticket life cycle: allowed moves, refusals with reasons, assignment, transfer, merge."""

import pytest

from ticketing.domain.catalog import Priority
from ticketing.domain.errors import Conflict, InvalidInput, InvalidTransition
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.statuses import TicketStatus as S
from ticketing.domain.tickets import TicketDraft, ticket_number

from .builders import AGENT, CALENDAR, at, new_ticket

POLICY = policy_for(Priority.P3, None)


def test_ticket_numbers_are_readable_per_day() -> None:
    assert ticket_number(at(23, 10).date(), 1) == "T20261123-0001"
    assert ticket_number(at(23, 10).date(), 12345) == "T20261123-12345"


def test_a_new_ticket_waits_in_the_queue_with_its_clocks_and_a_created_event() -> None:
    ticket = new_ticket()
    assert (ticket.status, ticket.assignee_id) == (S.NEW, None)
    assert ticket.due_at("first_response") == at(23, 10, 10)
    assert ticket.due_at("resolution") == at(24, 10)  # 24 calendar hours for P3
    assert ticket.next_due_at == at(23, 10, 10)
    assert [event.action for event in ticket.events] == ["created"]
    assert ticket.events[0].after["priority"] == "P3"


def test_a_draft_lists_every_bad_field() -> None:
    draft = TicketDraft(subject=" ", category="weather", language="fr", customer_id="42")
    with pytest.raises(InvalidInput) as caught:
        draft.validate()
    fields = [problem.field for problem in caught.value.problems]
    assert fields == ["subject", "category", "language", "customer_id"]


def test_assigning_opens_the_ticket_and_records_before_and_after() -> None:
    ticket = new_ticket()
    assert ticket.assign("A01", AGENT, at(23, 10, 1), CALENDAR)
    assert (ticket.status, ticket.assignee_id) == (S.OPEN, "A01")
    event = ticket.events[-1]
    assert (event.action, event.before, event.after) == (
        "assigned",
        {"assignee_id": None, "status": "new"},
        {"assignee_id": "A01", "status": "open"},
    )
    assert not ticket.assign("A01", AGENT, at(23, 10, 2), CALENDAR)  # idempotent


def test_work_needs_an_assignee() -> None:
    ticket = new_ticket()
    with pytest.raises(InvalidTransition, match="assign the ticket to an agent first"):
        ticket.transition(S.IN_PROGRESS, AGENT, at(23, 10, 1), CALENDAR, POLICY)


def test_a_closed_ticket_is_final_and_says_why() -> None:
    ticket = new_ticket()
    ticket.transition(S.CLOSED, AGENT, at(23, 11), CALENDAR, POLICY)
    with pytest.raises(InvalidTransition) as caught:
        ticket.transition(S.REOPENED, AGENT, at(23, 12), CALENDAR, POLICY)
    assert "closed ticket is archived" in caught.value.message
    assert caught.value.context == {
        "ticket_id": "T20261123-0001",
        "current": "closed",
        "wanted": "reopened",
    }


def test_only_a_resolved_ticket_reopens() -> None:
    ticket = new_ticket()
    with pytest.raises(InvalidTransition, match="only a resolved ticket can be reopened"):
        ticket.transition(S.REOPENED, AGENT, at(23, 11), CALENDAR, POLICY)


def test_a_public_reply_starts_work_and_a_note_changes_nothing() -> None:
    ticket = new_ticket()
    ticket.assign("A01", AGENT, at(23, 10, 1), CALENDAR)
    ticket.reply(False, AGENT, at(23, 10, 3), CALENDAR)
    assert ticket.status == S.OPEN and ticket.first_responded_at is None
    ticket.reply(True, AGENT, at(23, 10, 5), CALENDAR)
    assert ticket.status == S.IN_PROGRESS
    assert ticket.first_responded_at == at(23, 10, 5)
    assert ticket.events[-1].after["first_response_sla"] == {
        "elapsed_minutes": 5.0,
        "breached": False,
    }


def test_a_transfer_needs_a_reason_and_is_timed_against_one_working_hour() -> None:
    ticket = new_ticket()
    ticket.assign("A01", AGENT, at(23, 10, 1), CALENDAR)
    with pytest.raises(InvalidInput):
        ticket.transfer("billing", "  ", AGENT, at(23, 10, 2), CALENDAR, POLICY)
    ticket.transfer("billing", "付款问题", AGENT, at(23, 11, 30), CALENDAR, POLICY)
    assert (ticket.team_id, ticket.assignee_id, ticket.status) == ("billing", None, S.NEW)
    assert ticket.events[-1].reason == "付款问题"
    ticket.assign("B01", AGENT, at(23, 13, 20), CALENDAR)  # lunch does not count: 50 minutes
    completed = ticket.events[-1]
    assert completed.action == "transfer_completed"
    assert completed.after == {"working_minutes": 50.0, "within_target": True}
    assert ticket.transfer_requested_at is None


def test_a_transfer_to_the_same_team_is_a_conflict() -> None:
    ticket = new_ticket()
    with pytest.raises(Conflict, match="already with team logistics"):
        ticket.transfer("logistics", "why", AGENT, at(23, 10, 2), CALENDAR, POLICY)


def test_merging_closes_the_duplicate_and_both_trails_tell() -> None:
    target, duplicate = new_ticket(), new_ticket()
    duplicate.id = "T20261123-0002"
    duplicate.tags = ("物流",)
    duplicate.merge_into(target, AGENT, at(23, 11), CALENDAR, POLICY, "同一订单")
    assert (duplicate.status, duplicate.merged_into) == (S.CLOSED, target.id)
    assert target.events[-1].action == "merged_from"
    assert target.events[-1].after == {"ticket_id": "T20261123-0002"}
    assert target.tags == ("物流",)
    with pytest.raises(Conflict):
        duplicate.merge_into(target, AGENT, at(23, 12), CALENDAR, POLICY)


def test_priority_override_needs_a_reason_and_moves_the_deadlines() -> None:
    ticket = new_ticket(Priority.P3)
    with pytest.raises(InvalidInput):
        ticket.override_priority(Priority.P1, "", AGENT, at(23, 10, 1), CALENDAR, POLICY)
    p1 = policy_for(Priority.P1, None)
    ticket.override_priority(Priority.P1, "客户要投诉", AGENT, at(23, 10, 1), CALENDAR, p1)
    assert ticket.priority == Priority.P1 and ticket.priority_overridden
    assert ticket.due_at("first_response") == at(23, 10, 5)
    assert ticket.due_at("resolution") == at(23, 12)  # 120 working minutes from 10:00
    event = ticket.events[-1]
    assert (event.before["priority"], event.after["priority"], event.reason) == (
        "P3",
        "P1",
        "客户要投诉",
    )
