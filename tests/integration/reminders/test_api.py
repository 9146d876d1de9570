"""The HTTP side: an agent's notifications, the bot's unsubscribe call and the customer's link."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
import sqlalchemy as sa

from kefu.settings import load_settings
from reminders.preferences import link_token
from reminders.runner import run
from ticketing.domain.credentials import hash_password
from ticketing.domain.teams import Agent
from ticketing.storage import customers_audit
from ticketing.storage.schema.reminders import contact_preferences
from ticketing.storage.unit_of_work import UnitOfWork
from ticketing.web.app import init_app
from ticketing.web.context import CLOCK
from ticketing.web.features.notifications import NOTIFICATION_BUS

from .conftest import add_customer, add_ticket, at

PASSWORD = "reminders-test-pw"


@pytest.fixture
async def api(desk, database_url, var_dir, aiohttp_client):
    with UnitOfWork(desk) as uow:
        agent = Agent("desk.he", "desk.he", "desk.he", "agent", frozenset({"logistics"}))
        uow.agents.add(agent, hash_password(PASSWORD), datetime(2026, 11, 1, tzinfo=timezone.utc))
        uow.commit()
    settings = load_settings(var_dir=var_dir, database_url=database_url)
    app = init_app(settings)
    app[CLOCK] = lambda: at("2026-11-23T10:00")
    client = await aiohttp_client(app)
    client.settings = settings
    client.bot = {"Authorization": f"Bearer {settings.service_token.get_secret_value()}"}
    return client


async def sign_in(api, username: str) -> dict[str, str]:
    response = await api.post(
        "/api/v1/auth/login", json={"username": username, "password": PASSWORD}
    )
    assert response.status == 200, await response.text()
    return {"Authorization": f"Bearer {(await response.json())['token']}"}


async def test_an_agent_sees_only_their_own_notifications_and_marks_them_read(
    api, desk, context, delivery
) -> None:
    add_ticket(desk, "T20261123-0001", at("2026-11-23T09:00"), assignee="desk.he")
    assert api.app[NOTIFICATION_BUS] is not None
    run(desk, at("2026-11-23T09:04"), context, delivery)  # 80% of a 5-minute first response
    headers = await sign_in(api, "desk.he")
    response = await api.get("/api/v1/notifications?unread=true", headers=headers)
    assert response.status == 200
    items = (await response.json())["items"]
    assert [(n["kind"], n["ticket_id"]) for n in items] == [("sla_warning", "T20261123-0001")]
    assert "首次响应" in items[0]["text"]["zh"] and "first response" in items[0]["text"]["en"]
    read = await api.post(f"/api/v1/notifications/{items[0]['id']}/read", headers=headers)
    assert read.status == 200
    unread = await (await api.get("/api/v1/notifications?unread=true", headers=headers)).json()
    assert unread["items"] == []
    other = await api.post("/api/v1/notifications/999/read", headers=headers)
    assert other.status == 404


async def test_the_bot_cannot_read_notifications_and_limits_are_checked(api) -> None:
    assert (await api.get("/api/v1/notifications", headers=api.bot)).status == 401
    headers = await sign_in(api, "desk.he")
    assert (await api.get("/api/v1/notifications?limit=0", headers=headers)).status == 422


async def test_the_bot_unsubscribes_a_customer_from_marketing_audited(
    api, desk, context, delivery
) -> None:
    add_customer(desk, "C2026110001", registered_on=datetime(2026, 11, 23).date())
    response = await api.post("/api/v1/customers/C2026110001/unsubscribe", headers=api.bot)
    assert response.status == 200
    assert (await response.json())["marketing"] == "unsubscribed"
    with desk.connect() as connection:
        trail = customers_audit.entries_for(connection, "C2026110001")
    assert [(e["action"], e["actor_role"]) for e in trail] == [("unsubscribe_marketing", "bot")]
    report = run(desk, at("2026-11-23T10:05"), context, delivery, groups=("care",))
    assert report.reasons[("welcome_coupon", "unsubscribed")] == 1
    missing = await api.post("/api/v1/customers/C2099010001/unsubscribe", headers=api.bot)
    assert missing.status == 404
    assert (await api.post("/api/v1/customers/C2026110001/unsubscribe")).status == 401


async def test_the_link_in_a_marketing_message_unsubscribes_with_the_customers_own_token(
    api, desk
) -> None:
    add_customer(desk, "C2026110001")
    secret = api.settings.data_key.get_secret_value()
    token = link_token(secret, "C2026110001")
    page = await api.get(f"/unsubscribe/C2026110001?token={token}")
    assert page.status == 200 and "确认退订" in await page.text()
    forged = await api.post(
        "/unsubscribe/C2026110001", data={"token": link_token("x", "C2026110001")}
    )
    assert forged.status == 403
    done = await api.post("/unsubscribe/C2026110001", data={"token": token})
    assert done.status == 200 and "unsubscribed" in await done.text()
    with desk.connect() as connection:
        stored = connection.execute(sa.select(contact_preferences)).one()
    assert stored.customer_id == "C2026110001" and stored.marketing_opt_out_at is not None
