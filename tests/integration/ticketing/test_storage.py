"""Repositories on a real database: round trips in UTC, versions, counters, uniqueness, claims."""

from datetime import timezone

import pytest
from sqlalchemy.exc import IntegrityError

from ticketing.domain.catalog import Priority
from ticketing.domain.errors import ConcurrentUpdate, TicketNotFound
from ticketing.domain.priority import PriorityAssessment, Sentiment
from ticketing.domain.sla_policies import policy_for
from ticketing.domain.tickets import Actor, Ticket, TicketDraft
from ticketing.sla import WorkCalendar
from ticketing.storage.unit_of_work import UnitOfWork

BOT = Actor("service")


def draft(conversation: str = "conv-1") -> TicketDraft:
    return TicketDraft(
        subject="包裹丢了",
        category="delivery",
        conversation_id=conversation,
        customer_id="C2024050001",
        sentiment=Sentiment("negative", 0.9, True),
    )


def make(ticket_id: str, clock, conversation: str = "conv-1") -> Ticket:
    return Ticket.create(
        ticket_id,
        draft(conversation),
        PriorityAssessment(Priority.P2, ("anger",)),
        "logistics",
        policy_for(Priority.P2, None),
        WorkCalendar(),
        BOT,
        clock(),
    )


def test_a_ticket_round_trips_with_its_clocks_in_utc(desk, clock) -> None:
    ticket = make("T20261123-0001", clock)
    with UnitOfWork(desk) as uow:
        uow.tickets.add(ticket)
        uow.commit()
    with UnitOfWork(desk, write=False) as uow:
        loaded = uow.tickets.get("T20261123-0001")
        events = uow.tickets.events("T20261123-0001")
    assert loaded.created_at == clock.now and loaded.created_at.tzinfo == timezone.utc
    assert loaded.clocks == ticket.clocks
    assert loaded.sentiment == Sentiment("negative", 0.9, True)
    assert loaded.next_due_at == ticket.next_due_at
    assert [event.action for event in events] == ["created"]
    assert events[0].at == clock.now


def test_an_unknown_ticket_is_not_found(desk) -> None:
    with UnitOfWork(desk, write=False) as uow, pytest.raises(TicketNotFound):
        uow.tickets.get("T20990101-0001")


def test_a_stale_copy_cannot_overwrite_a_newer_one(desk, clock) -> None:
    with UnitOfWork(desk) as uow:
        uow.tickets.add(make("T20261123-0001", clock))
        uow.commit()
    with UnitOfWork(desk, write=False) as uow:
        first, second = uow.tickets.get("T20261123-0001"), uow.tickets.get("T20261123-0001")
    with UnitOfWork(desk) as uow:
        first.set_tags(("a",), BOT, clock())
        uow.tickets.save(first)
        uow.commit()
    with UnitOfWork(desk) as uow, pytest.raises(ConcurrentUpdate):
        second.set_tags(("b",), BOT, clock())
        uow.tickets.save(second)


def test_serial_numbers_count_per_day(desk) -> None:
    with UnitOfWork(desk) as uow:
        serials = [uow.tickets.next_serial("20261123") for _ in range(3)]
        serials.append(uow.tickets.next_serial("20261124"))
        uow.commit()
    assert serials == [1, 2, 3, 1]


def test_ticket_numbers_for_new_tickets_count_per_day_and_outlive_a_failed_unit(desk) -> None:
    with UnitOfWork(desk) as uow:
        taken = [uow.next_ticket_serial("20261123"), uow.next_ticket_serial("20261123")]
        # no commit: the escalation failed
    with UnitOfWork(desk) as uow:
        again = uow.next_ticket_serial("20261123")
        uow.commit()

    assert taken == [1, 2]
    # PostgreSQL takes numbers outside the unit's transaction (the counter row is not held until
    # the ticket commits), so a failed escalation leaves a gap; SQLite's are gap-free.
    assert again == (3 if desk.dialect.name == "postgresql" else 1)


def test_one_conversation_has_at_most_one_unfinished_ticket(desk, clock) -> None:
    with UnitOfWork(desk) as uow:
        uow.tickets.add(make("T20261123-0001", clock))
        uow.commit()
    with UnitOfWork(desk) as uow, pytest.raises(IntegrityError):
        uow.tickets.add(make("T20261123-0002", clock))


def test_claims_never_go_beyond_capacity_and_never_to_offline_agents(desk, clock) -> None:
    with UnitOfWork(desk) as uow:
        assert [uow.agents.claim("l1", clock()) for _ in range(3)] == [True, True, False]
        assert not uow.agents.claim("l3", clock())  # offline
        assert uow.agents.claim("l3", clock(), require_online=False)
        uow.commit()
    with UnitOfWork(desk, write=False) as uow:
        assert uow.agents.get("l1").open_tickets == 2


def test_a_unit_of_work_without_commit_leaves_nothing(desk, clock) -> None:
    with UnitOfWork(desk) as uow:
        uow.tickets.add(make("T20261123-0001", clock))
    with UnitOfWork(desk, write=False) as uow, pytest.raises(TicketNotFound):
        uow.tickets.get("T20261123-0001")
