"""Routing: category to team by skills; least-loaded online agent under capacity, round-robin."""

from datetime import datetime, timezone

import pytest

from ticketing.domain.errors import NoTeamForCategory
from ticketing.domain.routing import pick_agent, team_for_category
from ticketing.domain.teams import Agent, Team

TEAMS = [
    Team("tech", "技术支持", "Technical support", frozenset({"product_issue", "account"})),
    Team("billing", "财务", "Billing", frozenset({"payment", "invoice", "refund"})),
    Team("logistics", "物流", "Logistics", frozenset({"delivery", "return_exchange"})),
    Team("care", "客户关怀", "Customer care", frozenset({"complaint", "other"})),
]


def agent(agent_id: str, load: int = 0, online: bool = True, capacity: int = 3, last=None):
    return Agent(
        agent_id,
        agent_id.lower(),
        agent_id,
        "agent",
        frozenset({"tech"}),
        capacity=capacity,
        online=online,
        open_tickets=load,
        last_assigned_at=last,
    )


@pytest.mark.parametrize(
    ("category", "team"),
    [
        ("product_issue", "tech"),
        ("payment", "billing"),
        ("invoice", "billing"),
        ("delivery", "logistics"),
        ("complaint", "care"),
        ("coupon", "care"),  # nobody has the skill: the team taking "other"
    ],
)
def test_a_category_goes_to_the_team_with_the_skill(category: str, team: str) -> None:
    assert team_for_category(category, TEAMS).id == team


def test_without_a_fallback_team_routing_refuses() -> None:
    with pytest.raises(NoTeamForCategory):
        team_for_category("complaint", TEAMS[:3])


def test_the_least_loaded_online_agent_gets_the_ticket() -> None:
    assert pick_agent([agent("A", 2), agent("B", 1), agent("C", 3)], "tech").id == "B"


def test_an_offline_agent_never_gets_a_ticket() -> None:
    assert pick_agent([agent("A", 2), agent("B", 0, online=False)], "tech").id == "A"


def test_an_agent_at_capacity_never_gets_a_ticket_and_the_ticket_queues() -> None:
    assert pick_agent([agent("A", 3), agent("B", 2, capacity=2)], "tech") is None


def test_ties_go_round_robin_to_whoever_waited_longest() -> None:
    early = datetime(2026, 11, 23, 1, tzinfo=timezone.utc)
    late = datetime(2026, 11, 23, 2, tzinfo=timezone.utc)
    agents = [agent("A", 1, last=late), agent("B", 1, last=early), agent("C", 1, last=None)]
    assert pick_agent(agents, "tech").id == "C"
    assert pick_agent(agents[:2], "tech").id == "B"


def test_only_members_of_the_team_qualify() -> None:
    assert pick_agent([agent("A")], "billing") is None
