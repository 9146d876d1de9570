"""The actions' client against the real ticketing service: the contract both sides rely on."""

from __future__ import annotations

from pathlib import Path

import pytest

from actions.service_client import HttpServiceClient, OrderNotFound
from kefu.settings import load_settings
from ticketing.demo import load_demo_data
from ticketing.demo_data.teams import DATA_SET as TEAMS
from ticketing.storage.db import make_engine
from ticketing.web.app import init_app


@pytest.fixture
async def client(database_url: str, var_dir: Path, aiohttp_server) -> HttpServiceClient:
    settings = load_settings(var_dir=var_dir, database_url=database_url)
    engine = make_engine(database_url)
    load_demo_data(engine, [TEAMS], settings=settings)
    engine.dispose()
    server = await aiohttp_server(init_app(settings))
    return HttpServiceClient(
        str(server.make_url("/api/v1")), settings.service_token.get_secret_value()
    )


def _complaint(conversation_id: str) -> dict:
    return {
        "conversation_id": conversation_id,
        "channel": "chat",
        "category": "complaint",
        "subject": "快递员态度很差",
        "description": "快递员态度很差，我要投诉",
        "language": "zh",
        "sentiment": {"label": "negative", "score": 0.93, "anger": True},
    }


async def test_escalating_twice_gives_one_ticket_that_the_conversation_lists(
    client: HttpServiceClient,
) -> None:
    first = await client.open_ticket(_complaint("conv-contract"))
    again = await client.open_ticket(_complaint("conv-contract"))
    assert (first["created"], again["created"]) == (True, False)
    assert again["id"] == first["id"]
    assert first["team"]["id"] == "care"
    assert {"name_zh", "name_en"} <= set(first["team"])
    for field in ("priority", "first_response_due_at", "expected_first_response_at"):
        assert first[field]
    assert isinstance(first["business_hours_open"], bool)
    listed = await client.tickets_for_conversation("conv-contract")
    assert [ticket["id"] for ticket in listed] == [first["id"]]
    assert await client.tickets_for_conversation("conv-without-ticket") == []


async def test_an_unknown_order_is_order_not_found(client: HttpServiceClient) -> None:
    with pytest.raises(OrderNotFound):
        await client.get_order("E000000000000", "C2024050001")
