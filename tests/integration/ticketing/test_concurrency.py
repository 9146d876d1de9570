"""Concurrent HTTP requests never assign beyond capacity, never assign one ticket twice and
never open two tickets for one conversation.

The meaningful run is PostgreSQL (KEFU_TEST_POSTGRES_URL): handlers run their transactions on
the thread pool, so the requests really overlap in the database and only the atomic claim
(conditional UPDATE), the row lock with the version check and the unique index keep the rules.
On SQLite the same test checks that serialised writers (BEGIN IMMEDIATE) wait instead of failing.
"""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from ticketing.storage.schema.tickets import agents, tickets
from ticketing.storage.unit_of_work import UnitOfWork

from .conftest import add_agent, sign_in
from .test_api import ESCALATION

CONCURRENT = 16


def escalation(n: int) -> dict:
    return {**ESCALATION, "conversation_id": f"conv-{n}", "sentiment": None}


async def test_concurrent_escalations_fill_capacity_exactly_and_queue_the_rest(api, desk) -> None:
    responses = await asyncio.gather(
        *(
            api.post("/api/v1/tickets", json=escalation(n), headers=api.bot)
            for n in range(CONCURRENT)
        )
    )
    assert [response.status for response in responses] == [201] * CONCURRENT
    bodies = [await response.json() for response in responses]
    assert len({body["id"] for body in bodies}) == CONCURRENT  # distinct readable numbers
    assigned = [body["assignee"]["id"] for body in bodies if body["assignee"]]
    assert sorted(assigned) == ["l1", "l1", "l2", "l2"]  # two online agents, capacity 2 each
    with desk.connect() as connection:
        loads = dict(connection.execute(select(agents.c.id, agents.c.open_tickets)).all())
        held = dict(
            connection.execute(
                select(tickets.c.assignee_id, func.count())
                .where(tickets.c.assignee_id.is_not(None))
                .group_by(tickets.c.assignee_id)
            ).all()
        )
    assert loads["l1"] == held["l1"] == 2 and loads["l2"] == held["l2"] == 2
    positions = sorted(body["queue_position"] for body in bodies if not body["assignee"])
    assert len(positions) == CONCURRENT - 4


async def test_one_conversation_escalated_concurrently_is_one_ticket(api, desk) -> None:
    responses = await asyncio.gather(
        *(api.post("/api/v1/tickets", json=ESCALATION, headers=api.bot) for _ in range(8))
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [200] * 7 + [201]
    ids = {(await response.json())["id"] for response in responses}
    assert len(ids) == 1
    with desk.connect() as connection:
        assert connection.execute(select(func.count()).select_from(tickets)).scalar_one() == 1


async def test_agents_racing_to_claim_one_ticket_get_it_once(api, desk) -> None:
    for n in range(4):  # fill l1 and l2 so the next ticket waits in the queue
        await api.post("/api/v1/tickets", json=escalation(n), headers=api.bot)
    queued = await (await api.post("/api/v1/tickets", json=escalation(99), headers=api.bot)).json()
    assert queued["assignee"] is None
    racers = [f"r{n}" for n in range(4)]
    for racer in racers:
        add_agent(desk, racer, ("logistics",), online=False)
    tokens = [await sign_in(api, racer) for racer in racers]
    url = f"/api/v1/tickets/{queued['id']}/assign"
    responses = await asyncio.gather(
        *(api.post(url, json={"agent_id": "me"}, headers=token) for token in tokens)
    )
    statuses = sorted(response.status for response in responses)
    assert statuses == [200, 409, 409, 409]
    with UnitOfWork(desk, write=False) as uow:
        ticket = uow.tickets.get(queued["id"])
        racing_loads = [uow.agents.get(racer).open_tickets for racer in racers]
        claims = [e for e in uow.tickets.events(queued["id"]) if e.action == "assigned"]
    assert ticket.assignee_id in racers and sum(racing_loads) == 1 and len(claims) == 1


async def test_assigning_many_tickets_to_one_agent_at_once_stops_at_capacity(api, desk) -> None:
    created = []
    for n in range(10):  # four go to l1 and l2, six wait in the queue
        response = await api.post("/api/v1/tickets", json=escalation(n), headers=api.bot)
        created.append(await response.json())
    queued = [ticket["id"] for ticket in created if ticket["assignee"] is None]
    add_agent(desk, "solo", ("logistics",), capacity=1, online=False)
    supervisor = await sign_in(api, "ls1")
    responses = await asyncio.gather(
        *(
            api.post(
                f"/api/v1/tickets/{ticket_id}/assign", json={"agent_id": "solo"}, headers=supervisor
            )
            for ticket_id in queued
        )
    )
    assert sorted(response.status for response in responses) == [200] + [409] * (len(queued) - 1)
    with UnitOfWork(desk, write=False) as uow:
        assert uow.agents.get("solo").open_tickets == 1
        assert len(uow.tickets.queue(["logistics"], "solo")) == 1
