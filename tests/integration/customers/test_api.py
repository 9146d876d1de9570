"""The customers API over real HTTP: order lookup for the bot, masked profiles, audited reveal,
corrections, exports with alerts, data-subject requests, interactions and the 360° view."""

import logging

import pytest
from sqlalchemy import select

from kefu.settings import Settings
from ticketing.domain.personal_data import PersonalDataCipher
from ticketing.services.customers_interactions import due_follow_ups
from ticketing.storage import customers as customer_rows
from ticketing.storage import customers_audit
from ticketing.storage.db import make_engine
from ticketing.storage.schema.customers import customer_audit, orders

from .api_support import LI, ORDER, WANG, as_role, build_app, seed
from .conftest import NOW


@pytest.fixture
def api_settings(settings: Settings, database_url: str) -> Settings:
    return settings.copy(update={"database_url": database_url})


@pytest.fixture
def data_cipher(api_settings) -> PersonalDataCipher:
    return PersonalDataCipher(api_settings.data_key.get_secret_value())


@pytest.fixture
async def client(aiohttp_client, api_settings, data_cipher):
    seed(api_settings.database_url, data_cipher)
    return await aiohttp_client(build_app(api_settings))


@pytest.fixture
def engine_(api_settings):
    engine = make_engine(api_settings.database_url)
    yield engine
    engine.dispose()


def audit_of(engine, customer_id=None):
    with engine.connect() as connection:
        if customer_id:
            return customers_audit.entries_for(connection, customer_id)
        rows = connection.execute(select(customer_audit).order_by(customer_audit.c.audit_id))
        return [dict(row._mapping) for row in rows]


async def test_the_bot_looks_up_an_order_of_its_customer(client, api_settings):
    bot = as_role(api_settings, "bot")
    response = await client.get(
        f"/api/v1/orders/{ORDER.order_id}?customer_id={WANG.customer_id}", headers=bot
    )
    assert response.status == 200
    assert await response.json() == {
        "order_id": "E100000000001",
        "customer_id": "C2024050001",
        "status": "in_transit",
        "status_label_zh": "运输中",
        "status_label_en": "in transit",
        "carrier": "SF",
        "carrier_name_zh": "顺丰速运",
        "carrier_name_en": "SF Express",
        "tracking_no": "SF123456789012",
        "amount": "12800.00",
        "items": [{"name": "空气炸锅", "quantity": 1}],
        "ordered_at": "2026-11-20T04:00:00+00:00",
        "shipped_at": "2026-11-21T01:00:00+00:00",
        "delivered_at": None,
        "estimated_delivery": "2026-11-24",
    }


async def test_another_customers_order_is_not_found_like_an_unknown_one(client, api_settings):
    bot = as_role(api_settings, "bot")
    other = await client.get(
        f"/api/v1/orders/{ORDER.order_id}?customer_id={LI.customer_id}", headers=bot
    )
    unknown = await client.get("/api/v1/orders/E999999999999", headers=bot)
    malformed = await client.get("/api/v1/orders/12345", headers=bot)
    assert (other.status, unknown.status, malformed.status) == (404, 404, 422)
    assert (await other.json())["error"]["code"] == "not_found"
    assert "C2024050002" not in await other.text()


async def test_the_bot_may_not_read_profiles_and_strangers_are_refused(client, api_settings):
    bot = await client.get(
        f"/api/v1/customers/{WANG.customer_id}", headers=as_role(api_settings, "bot")
    )
    nobody = await client.get(f"/api/v1/customers/{WANG.customer_id}")
    assert (bot.status, nobody.status) == (403, 401)


async def test_agents_see_masked_profiles_and_cannot_reveal(client, api_settings):
    agent = as_role(api_settings, "agent")
    profile = await (
        await client.get(f"/api/v1/customers/{WANG.customer_id}", headers=agent)
    ).json()
    assert (profile["mobile"], profile["email"], profile["birthday_md"]) == (
        "138****5678",
        "w***@example.com",
        "02-28",
    )
    assert "13812345678" not in str(profile)
    refused = await client.post(
        f"/api/v1/customers/{WANG.customer_id}/reveal", json={"reason": "x"}, headers=agent
    )
    assert refused.status == 403


async def test_customers_are_found_by_exact_mobile(client, api_settings):
    agent = as_role(api_settings, "agent")
    found = await (await client.get("/api/v1/customers?mobile=13812345678", headers=agent)).json()
    none = await (await client.get("/api/v1/customers?mobile=13812345670", headers=agent)).json()
    assert [c["customer_id"] for c in found["customers"]] == ["C2024050001"]
    assert none["customers"] == []


async def test_a_supervisor_reveals_with_a_reason_and_it_is_audited(client, api_settings, engine_):
    boss = as_role(api_settings, "supervisor:sup-1")
    response = await client.post(
        f"/api/v1/customers/{WANG.customer_id}/reveal", json={"reason": "回拨客户"}, headers=boss
    )
    assert await response.json() == {
        "customer_id": "C2024050001",
        "mobile": "13812345678",
        "email": "wang.fang@example.com",
        "birthday": "1990-02-28",
    }
    (entry,) = audit_of(engine_, WANG.customer_id)
    assert (entry["kind"], entry["actor"], entry["detail"]["reason"]) == (
        "reveal",
        "sup-1",
        "回拨客户",
    )
    missing = await client.post(
        f"/api/v1/customers/{WANG.customer_id}/reveal", json={}, headers=boss
    )
    assert missing.status == 422


async def test_a_correction_is_validated_audited_masked_and_unique(
    client, api_settings, engine_, data_cipher
):
    boss = as_role(api_settings, "supervisor:sup-1")
    url = f"/api/v1/customers/{WANG.customer_id}"
    changed = await client.patch(
        url, json={"mobile": "13900002222", "consent_sms": True}, headers=boss
    )
    assert changed.status == 200
    body = await changed.json()
    assert body["mobile"] == "139****2222" and body["consents"]["sms"] is True
    (entry,) = audit_of(engine_, WANG.customer_id)
    assert entry["detail"]["changes"]["mobile"] == {"before": "138****5678", "after": "139****2222"}
    bad = await client.patch(
        url, json={"mobile": "1390000222", "birthday": "1990-2-1"}, headers=boss
    )
    assert bad.status == 422
    assert [f["field"] for f in (await bad.json())["error"]["fields"]] == ["mobile", "birthday"]
    taken = await client.patch(url, json={"mobile": LI.mobile}, headers=boss)
    assert taken.status == 409
    readonly = await client.patch(url, json={"total_spend": "1"}, headers=boss)
    assert readonly.status == 422
    agent = await client.patch(url, json={"city": "上海"}, headers=as_role(api_settings, "agent"))
    assert agent.status == 403
    with engine_.connect() as connection:
        row = customer_rows.get_row(connection, WANG.customer_id)
    assert data_cipher.decrypt("mobile", row.mobile_cipher) == "13900002222"


async def test_an_unauthorised_bulk_export_is_refused_and_raises_an_alert(
    client, api_settings, engine_, caplog
):
    caplog.set_level(logging.WARNING, logger="ticketing.customers")
    refused = await client.get(
        "/api/v1/customers/export", headers=as_role(api_settings, "supervisor:sup-9")
    )
    assert refused.status == 403
    (alert,) = audit_of(engine_)
    assert (alert["kind"], alert["action"], alert["actor"], alert["notified_at"]) == (
        "alert",
        "unauthorized_export",
        "sup-9",
        None,
    )
    assert "unauthorized export refused: actor=sup-9" in caplog.text
    assert "138" not in caplog.text and "@" not in caplog.text
    with engine_.connect() as connection:
        assert [a["audit_id"] for a in customers_audit.pending_alerts(connection)] == [
            alert["audit_id"]
        ]
        assert customers_audit.mark_notified(connection, alert["audit_id"], NOW) is True
        assert customers_audit.mark_notified(connection, alert["audit_id"], NOW) is False


async def test_an_admin_exports_in_bulk_with_an_audit_entry(client, api_settings, engine_):
    admin = as_role(api_settings, "admin:root")
    rows = (await (await client.get("/api/v1/customers/export", headers=admin)).json())["customers"]
    assert [(r["customer_id"], r["mobile"]) for r in rows] == [
        ("C2024050001", "13812345678"),
        ("C2024050002", "15900001111"),
    ]
    as_csv = await client.get("/api/v1/customers/export?format=csv", headers=admin)
    assert as_csv.content_type == "text/csv" and "15900001111" in await as_csv.text()
    kinds = [(a["kind"], a["action"]) for a in audit_of(engine_)]
    assert kinds == [("export", "bulk_export"), ("export", "bulk_export")]


async def test_a_customer_can_have_everything_exported_then_be_erased(
    client, api_settings, engine_
):
    admin = as_role(api_settings, "admin:root")
    base = f"/api/v1/customers/{WANG.customer_id}"
    document = await (await client.post(f"{base}/data-requests/export", headers=admin)).json()
    assert document["profile"]["mobile"] == "13812345678"
    assert [o["order_id"] for o in document["orders"]] == ["E100000000001"]
    refused = await client.post(
        f"{base}/data-requests/erase", headers=as_role(api_settings, "supervisor")
    )
    assert refused.status == 403
    assert (await client.post(f"{base}/data-requests/erase", headers=admin)).status == 200
    assert (await client.get(base, headers=admin)).status == 404
    with engine_.connect() as connection:
        row = customer_rows.get_row(connection, WANG.customer_id)
        kept = connection.execute(select(orders.c.order_id)).scalars().all()
    assert (row.mobile_cipher, row.mobile_hash, row.email_cipher, row.birthday) == (
        None,
        None,
        None,
        None,
    )
    assert row.name.startswith("已注销") and not row.consent_marketing
    assert kept == ["E100000000001"]  # ticket and order statistics keep counting
    assert [a["kind"] for a in audit_of(engine_, WANG.customer_id)] == ["export", "erase"]


async def test_interactions_are_logged_feed_segments_and_follow_ups(client, api_settings, engine_):
    agent = as_role(api_settings, "agent:agent-li")
    url = f"/api/v1/customers/{LI.customer_id}/interactions"
    touch = {
        "channel": "phone",
        "summary": "回访使用体验",
        "proactive": True,
        "customer_responded": False,
        "next_action": "2日内发送资料",
        "next_action_due": "2026-11-25",
    }
    first = await client.post(url, json=touch, headers=agent)
    assert first.status == 201
    logged = await first.json()
    assert logged["owner"] == "agent-li"
    assert logged["next_action_due_at"] == "2026-11-25T01:00:00+00:00"  # 09:00 in Shanghai
    await client.post(
        url, json={**touch, "next_action": None, "next_action_due": None}, headers=agent
    )
    bad = await client.post(url, json={"channel": "fax", "summary": "x"}, headers=agent)
    assert bad.status == 422
    listed = (await (await client.get(url, headers=agent)).json())["interactions"]
    assert len(listed) == 2
    with engine_.connect() as connection:
        row = customer_rows.get_row(connection, LI.customer_id)
        due = due_follow_ups(connection, NOW.replace(day=26))
    assert row.unanswered_touches == 2
    assert "最近互动 0 天前" in row.segment_explanation_zh
    assert [d["interaction_id"] for d in due] == [logged["interaction_id"]]
    done = await client.post(f"/api/v1/interactions/{logged['interaction_id']}/done", headers=agent)
    assert (await done.json())["next_action_done_at"] == NOW.isoformat()
    with engine_.connect() as connection:
        assert due_follow_ups(connection, NOW.replace(day=26)) == []


async def test_a_recorded_order_re_segments_its_customer(client, api_settings):
    admin = as_role(api_settings, "admin:shop-sync")
    order = {
        "customer_id": LI.customer_id,
        "status": "delivered",
        "amount": "9000",
        "ordered_at": "2026-11-10T10:00:00+08:00",
        "items": [{"name": "吸尘器", "quantity": 1}],
    }
    created = await client.put("/api/v1/orders/E100000000002", json=order, headers=admin)
    again = await client.put("/api/v1/orders/E100000000002", json=order, headers=admin)
    assert (created.status, again.status) == (201, 200)
    profile = await (await client.get(f"/api/v1/customers/{LI.customer_id}", headers=admin)).json()
    assert (profile["total_spend"], profile["order_count"], profile["segment"]["name"]) == (
        "9000.00",
        1,
        "high_value_active",
    )  # ¥9,000 = 150% of the default ¥6,000
    assert profile["segment"]["explanation_en"].startswith("annual spend ¥9,000.00 = 150%")
    bad = await client.put(
        "/api/v1/orders/E100000000003", json={**order, "amount": "1.234"}, headers=admin
    )
    assert bad.status == 422
    agent = await client.put(
        "/api/v1/orders/E100000000003", json=order, headers=as_role(api_settings, "agent")
    )
    assert agent.status == 403


async def test_the_360_view_gathers_everything_masked(client, api_settings):
    agent = as_role(api_settings, "agent")
    view = await (
        await client.get(f"/api/v1/customers/{WANG.customer_id}/view", headers=agent)
    ).json()
    assert set(view) == {
        "profile",
        "segment",
        "tags",
        "consents",
        "orders",
        "tickets",
        "conversations",
        "interactions",
    }
    assert view["profile"]["mobile"] == "138****5678"
    assert view["consents"] == {"marketing": True, "sms": False, "email": False, "phone": False}
    assert [o["order_id"] for o in view["orders"]] == ["E100000000001"]
    assert view["tickets"] == [] and view["interactions"] == []


async def test_the_routes_are_described_in_the_openapi_document(client):
    spec = await (await client.get("/api/v1/openapi.json")).json()
    assert {"/api/v1/orders/{order_id}", "/api/v1/customers/{customer_id}/view"} <= set(
        spec["paths"]
    )
