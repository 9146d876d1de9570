"""Use cases on a real database: escalation, routing, the queue, work, transfer, merge, SLA."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from ticketing.domain.auth import BOT, Principal
from ticketing.domain.errors import AgentUnavailable, InvalidTransition, PermissionDenied
from ticketing.domain.priority import Sentiment
from ticketing.domain.tickets import TicketDraft
from ticketing.services.auth import AuthService
from ticketing.services.escalation import EscalationService
from ticketing.services.sla_watch import SlaWatch
from ticketing.services.ticket_work import TicketService
from ticketing.storage.tickets_repository import TicketFilter
from ticketing.storage.unit_of_work import UnitOfWork

from .conftest import PASSWORD

SHANGHAI = ZoneInfo("Asia/Shanghai")
L1 = Principal("agent", "l1", "agent", frozenset({"logistics"}))
B1 = Principal("agent", "b1", "agent", frozenset({"billing"}))
LS1 = Principal("agent", "ls1", "supervisor", frozenset({"logistics"}))


def delivery(conversation: str, **extra) -> TicketDraft:
    return TicketDraft(
        subject="快递三天没动", category="delivery", conversation_id=conversation, **extra
    )


def open_(desk, clock, draft):
    return EscalationService(desk, clock, SHANGHAI).open_ticket(BOT, draft)


def loads(engine) -> dict[str, int]:
    with UnitOfWork(engine, write=False) as uow:
        return {agent.id: agent.open_tickets for agent in uow.agents.list()}


def test_escalation_routes_by_skill_to_the_least_loaded_online_agent(desk, clock) -> None:
    first = open_(desk, clock, delivery("c1"))
    second = open_(desk, clock, delivery("c2"))
    assert first.created and first.view.ticket.id == "T20261123-0001"
    assert first.view.team.id == "logistics"
    assert {first.view.ticket.assignee_id, second.view.ticket.assignee_id} == {"l1", "l2"}
    assert first.view.ticket.status.value == "open" and first.view.queue_position is None
    assert first.view.business_hours_open
    assert loads(desk)["l3"] == 0  # offline: never routed to


def test_the_same_conversation_escalated_twice_is_one_ticket(desk, clock) -> None:
    first = open_(desk, clock, delivery("c1"))
    again = open_(desk, clock, delivery("c1"))
    assert (first.created, again.created) == (True, False)
    assert again.view.ticket.id == first.view.ticket.id
    assert loads(desk)["l1"] + loads(desk)["l2"] == 1


def test_when_everyone_is_full_tickets_queue_by_urgency(desk, clock) -> None:
    for n in range(4):
        open_(desk, clock, delivery(f"c{n}"))  # l1 and l2 now hold 2 each (capacity 2)
    calm = open_(desk, clock, delivery("c-calm"))
    angry = open_(desk, clock, delivery("c-angry", sentiment=Sentiment("negative", 0.9, True)))
    assert calm.view.ticket.assignee_id is None and calm.view.queue_position == 1
    assert angry.view.ticket.priority.value == "P1"
    queue = TicketService(desk, clock).queue(L1, None, "none")
    assert [view.ticket.id for view in queue] == [angry.view.ticket.id, calm.view.ticket.id]
    assert [view.queue_position for view in queue] == [1, 2]
    # Two online agents, one ticket ahead: one round of 10 working minutes after the deadline.
    due = calm.view.ticket.due_at("first_response")
    behind = TicketService(desk, clock).get(L1, calm.view.ticket.id)
    assert behind.expected_first_response_at == due + timedelta(minutes=10)


def test_resolving_frees_capacity_and_the_most_urgent_queued_ticket_follows(desk, clock) -> None:
    held = [open_(desk, clock, delivery(f"c{n}")).view.ticket for n in range(4)]
    queued = open_(desk, clock, delivery("c-next")).view.ticket
    mine = next(ticket for ticket in held if ticket.assignee_id == "l1")
    service = TicketService(desk, clock)
    service.reply(L1, mine.id, "您好，正在处理", public=True)
    service.transition(L1, mine.id, "resolved")
    assert service.get(L1, queued.id).ticket.assignee_id == "l1"
    assert loads(desk)["l1"] == 2


def test_an_invalid_transition_is_refused_with_its_reason_and_writes_nothing(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    service = TicketService(desk, clock)
    service.transition(L1, ticket.id, "closed")
    before = service.events(L1, ticket.id)
    with pytest.raises(InvalidTransition, match="archived"):
        service.transition(L1, ticket.id, "in_progress")
    assert service.events(L1, ticket.id) == before


def test_another_teams_agent_may_not_see_or_change_the_ticket(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    service = TicketService(desk, clock)
    with pytest.raises(PermissionDenied):
        service.get(B1, ticket.id)
    with pytest.raises(PermissionDenied):
        service.transition(B1, ticket.id, "resolved")
    assert [view.ticket.id for view in service.search(B1, TicketFilter())] == []


def test_only_a_supervisor_assigns_to_someone_else_and_capacity_holds(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    other = "l2" if ticket.assignee_id == "l1" else "l1"
    service = TicketService(desk, clock)
    with pytest.raises(PermissionDenied):
        service.assign(L1, ticket.id, "l3")
    moved = service.assign(LS1, ticket.id, other)
    assert moved.ticket.assignee_id == other
    assert loads(desk)[ticket.assignee_id] == 0 and loads(desk)[other] == 1
    with pytest.raises(AgentUnavailable, match="not in team"):
        service.assign(LS1, ticket.id, "b1")


def test_a_transfer_routes_to_the_new_team_and_times_the_handover(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    owner = ticket.assignee_id
    service = TicketService(desk, clock)
    moved = service.transfer(L1, ticket.id, "billing", "其实是付款问题")
    assert moved.ticket.team_id == "billing" and moved.ticket.assignee_id == "b1"
    assert loads(desk)[owner] == 0 and loads(desk)["b1"] == 1
    with UnitOfWork(desk, write=False) as uow:
        actions = [event.action for event in uow.tickets.events(ticket.id)]
    assert actions[-3:] == ["transferred", "assigned", "transfer_completed"]
    with pytest.raises(PermissionDenied):  # it left the agent's team
        service.get(L1, ticket.id)


def test_merging_keeps_one_ticket_and_frees_the_duplicates_agent(desk, clock) -> None:
    first = open_(desk, clock, delivery("c1")).view.ticket
    second = open_(desk, clock, delivery("c2")).view.ticket
    kept = TicketService(desk, clock).merge(LS1, second.id, first.id, "同一订单")
    assert kept.ticket.id == first.id
    assert TicketService(desk, clock).get(LS1, second.id).ticket.merged_into == first.id
    assert sum(loads(desk).values()) == 1


def test_waiting_for_the_customer_pauses_until_the_customer_writes(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    agent = Principal("agent", ticket.assignee_id, "agent", frozenset({"logistics"}))
    service = TicketService(desk, clock)
    service.reply(agent, ticket.id, "请提供订单号", public=True)
    service.transition(agent, ticket.id, "pending_customer")
    due = service.get(agent, ticket.id).ticket.due_at("resolution")
    clock.advance(60)
    _, view = service.customer_message(BOT, ticket.id, "订单号 123")
    assert view.ticket.status.value == "in_progress"
    assert view.ticket.due_at("resolution") == due + timedelta(minutes=60)
    assert view.ticket.due_at("next_response") == clock.now + timedelta(minutes=60)
    messages = service.messages(BOT, ticket.id)
    assert [m.author_kind for m in messages] == ["agent", "service"]


def test_the_bot_may_only_confirm_or_reopen_for_the_customer(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    service = TicketService(desk, clock)
    with pytest.raises(PermissionDenied):
        service.transition(BOT, ticket.id, "resolved")
    service.transition(LS1, ticket.id, "resolved")
    assert service.transition(BOT, ticket.id, "reopened").ticket.reopen_count == 1


def test_signing_in_sets_online_and_takes_queued_tickets(desk, clock) -> None:
    for n in range(5):
        open_(desk, clock, delivery(f"c{n}"))  # the fifth waits
    auth = AuthService(desk, clock)
    session = auth.login("l3", PASSWORD)
    assert session.agent.online and session.agent.open_tickets == 1
    principal = auth.principal_for(session.token)
    assert principal == Principal("agent", "l3", "agent", frozenset({"logistics"}))
    auth.logout(session.token)
    assert auth.principal_for(session.token) is None


def test_the_sla_watch_finds_clocks_near_and_past_their_deadline(desk, clock) -> None:
    ticket = open_(desk, clock, delivery("c1")).view.ticket
    clock.advance(8)
    alerts = SlaWatch(desk).at_risk(clock.now, timedelta(minutes=5))
    assert [(a.ticket_id, a.metric, a.percent_used, a.breached) for a in alerts] == [
        (ticket.id, "first_response", 80.0, False)
    ]
    clock.advance(5)
    assert SlaWatch(desk).at_risk(clock.now, timedelta(0))[0].breached


def test_untouched_tickets_and_slow_transfers_are_found_for_reminders(desk, clock) -> None:
    quiet = open_(desk, clock, delivery("c1")).view.ticket
    moved = open_(desk, clock, delivery("c2")).view.ticket
    TicketService(desk, clock).transfer(LS1, moved.id, "tech", "设备故障")  # nobody in tech
    clock.advance(61)
    watch = SlaWatch(desk)
    assert [stale.ticket_id for stale in watch.slow_transfers(clock.now)] == [moved.id]
    assert watch.untouched(clock.now) == []
    clock.advance(24 * 60)
    untouched = watch.untouched(clock.now)
    assert [stale.ticket_id for stale in untouched] == [quiet.id, moved.id]
    assert untouched[0].since == quiet.created_at
