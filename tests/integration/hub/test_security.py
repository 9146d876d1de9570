"""Security: an agent sees only their teams' conversations (API and live events); a message
size limit; a per-session rate limit; markup is stored and relayed as plain text.
(Joining only one's own session: test_gateway; ``<script>`` rendering: the browser e2e.)"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from ticketing.domain.conversations import MAX_MESSAGE_CHARS
from ticketing.domain.conversations_limits import RateLimit
from ticketing.storage.schema.conversations import conversation_messages

from .conftest import ASK_PERSON, Agents, sign_in


def _count(engine, conversation_id: str) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(conversation_messages)
            .where(conversation_messages.c.conversation_id == conversation_id)
        ).scalar_one()


async def test_an_agent_sees_only_their_teams_conversations(
    service, open_widget, open_agents
) -> None:
    logistics, billing = await sign_in(service, "l1"), await sign_in(service, "b1")
    outsider = await open_agents(billing)
    insider = await open_agents(logistics)
    widget = await open_widget()
    await widget.ask(ASK_PERSON)  # a delivery question: the logistics team's
    assert (await insider.next("conversation"))["id"] == widget.conversation_id
    with pytest.raises(asyncio.TimeoutError):
        await outsider.next("conversation", timeout=0.5)

    url = f"/api/v1/conversations/{widget.conversation_id}"
    as_billing = {"Authorization": f"Bearer {billing}"}
    assert (await service.get(url, headers=as_billing)).status == 403
    reply = await service.post(url + "/replies", json={"body": "hi"}, headers=as_billing)
    assert reply.status == 403
    assert (await service.post(url + "/return-to-bot", headers=as_billing)).status == 403
    listed = await (await service.get("/api/v1/conversations", headers=as_billing)).json()
    assert listed["conversations"] == []
    mine = await (
        await service.get("/api/v1/conversations", headers={"Authorization": f"Bearer {logistics}"})
    ).json()
    assert [c["id"] for c in mine["conversations"]] == [widget.conversation_id]
    assert (await service.get(url)).status == 401


async def test_the_agents_namespace_refuses_a_missing_or_wrong_token(service) -> None:
    import socketio

    for auth in (None, {"token": "forged"}):
        agents = Agents(str(service.make_url("/")))
        with pytest.raises(socketio.exceptions.ConnectionError):
            await agents.client.connect(
                str(service.make_url("/")), namespaces=["/agents"], auth=auth,
                transports=["websocket"], wait_timeout=3,
            )  # fmt: skip


async def test_a_message_over_the_size_limit_is_refused_politely(
    open_widget, fake_rasa, desk
) -> None:
    widget = await open_widget()
    relayed = len(fake_rasa.received)
    notice = await widget.ask("长" * (MAX_MESSAGE_CHARS + 1))
    assert str(MAX_MESSAGE_CHARS) in notice["text"] and notice["metadata"]["author"] == "system"
    assert len(fake_rasa.received) == relayed and _count(desk, widget.conversation_id) == 0
    assert (await widget.ask("长" * MAX_MESSAGE_CHARS))["metadata"]["author"] == "bot"


class TestRateLimit:
    @pytest.fixture
    def rate_limit(self):
        return lambda: RateLimit(burst=3, per_second=0)

    async def test_a_session_sending_too_fast_is_slowed_down(self, open_widget, fake_rasa) -> None:
        widget = await open_widget()
        for text in ("第一", "第二", "第三"):
            assert (await widget.ask(text))["metadata"]["author"] == "bot"
        refused = await widget.ask("第四")
        assert refused["metadata"]["author"] == "system" and "太快" in refused["text"]
        assert [r["message"] for r in fake_rasa.received] == ["第一", "第二", "第三"]
        other = await open_widget()  # the limit is per session
        assert (await other.ask("hello"))["metadata"]["author"] == "bot"


async def test_markup_is_relayed_and_stored_as_plain_text(open_widget, fake_rasa) -> None:
    widget = await open_widget()
    reply = await widget.ask("<script>alert(1)</script>")
    assert fake_rasa.received[-1]["message"] == "<script>alert(1)</script>"
    assert reply["text"] == "bot:<script>alert(1)</script> (turn 1)"  # the pages use textContent
