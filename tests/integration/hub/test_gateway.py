"""The gateway in-process: Rasa's socket.io protocol, the relay in mode bot, storage of every
message with its sentiment, session resume, handoff to a person and back to the bot."""

from __future__ import annotations

import asyncio

from sqlalchemy import select

from ticketing.storage.schema.conversations import conversation_messages, conversations

from .conftest import ASK_PERSON, Agents, sign_in


def stored(service_engine, conversation_id: str) -> list[tuple[str, str]]:
    with service_engine.connect() as connection:
        rows = connection.execute(
            select(conversation_messages.c.author, conversation_messages.c.body)
            .where(conversation_messages.c.conversation_id == conversation_id)
            .order_by(conversation_messages.c.seq)
        )
        return [tuple(row) for row in rows]


async def test_a_widget_gets_a_signed_session_and_bot_replies(open_widget, fake_rasa, desk) -> None:
    widget = await open_widget(None, language="zh")
    conversation_id, signature = widget.session_id.split(".")
    assert len(conversation_id) >= 20 and len(signature) == 32
    reply = await widget.ask("你好")
    assert reply["text"] == "bot:你好 (turn 1)"
    assert reply["metadata"]["author"] == "bot"
    sent = fake_rasa.received[-1]
    assert sent["sender"] == conversation_id
    assert sent["metadata"] == {"customer_id": None, "language": "zh"}
    assert stored(desk, conversation_id) == [("customer", "你好"), ("bot", "bot:你好 (turn 1)")]


async def test_buttons_reach_the_widget_as_quick_replies(open_widget) -> None:
    widget = await open_widget()
    reply = await widget.ask("choices")
    assert reply["quick_replies"] == [
        {"content_type": "text", "title": "查订单", "payload": "/track_order"}
    ]


async def test_a_signed_customer_token_puts_the_customer_id_in_rasas_metadata(
    service, open_widget, fake_rasa
) -> None:
    from ticketing.domain.conversations_limits import SessionSigner

    signer = SessionSigner(service.settings.data_key.get_secret_value().encode())
    widget = await open_widget(None, customer_token=signer.customer_token("C2024050001"))
    await widget.ask("hi")
    assert fake_rasa.received[-1]["metadata"]["customer_id"] == "C2024050001"
    forged = await open_widget(None, customer_token="C2024050002.0000")
    await forged.ask("hi")
    assert fake_rasa.received[-1]["metadata"]["customer_id"] is None


async def test_a_customer_messages_sentiment_is_stored_with_the_reply(open_widget, desk) -> None:
    widget = await open_widget()
    await widget.ask("我很生气")
    with desk.connect() as connection:  # already there when the reply arrives
        sentiment = connection.execute(
            select(conversation_messages.c.sentiment).where(
                conversation_messages.c.conversation_id == widget.conversation_id,
                conversation_messages.c.author == "customer",
            )
        ).scalar_one()
    assert sentiment == {"label": "negative", "score": 0.9, "anger": False}


async def test_the_conversation_follows_the_language_rasa_read(open_widget, desk) -> None:
    widget = await open_widget(None, language="zh")
    await widget.ask("where is my parcel")
    with desk.connect() as connection:
        language = connection.execute(
            select(conversations.c.language).where(conversations.c.id == widget.conversation_id)
        ).scalar_one()
    assert language == "en"


async def test_each_customer_message_costs_rasa_one_request(open_widget, fake_rasa) -> None:
    widget = await open_widget()
    for text in ("one", "two", "three"):
        await widget.ask(text)
    assert fake_rasa.requests == ["/webhooks/kefu/webhook"] * 3


async def test_reopening_with_the_session_token_resumes_the_conversation(open_widget) -> None:
    first = await open_widget()
    await first.ask("one")
    await first.close()
    again = await open_widget(first.session_id)
    assert again.conversation_id == first.conversation_id
    reply = await again.ask("two")
    assert reply["text"] == "bot:two (turn 2)"  # same sender: Rasa's tracker continues


async def test_the_session_confirm_carries_the_history(open_widget) -> None:
    first = await open_widget()
    await first.ask("one")
    second = await open_widget(first.session_id)
    await second.ask("two")
    third = await open_widget(first.session_id)
    assert third.session_id == first.session_id
    confirm = await _reconfirm(third, first.session_id)
    texts = [m["text"] for m in confirm["history"]]
    assert texts == ["one", "bot:one (turn 1)", "two", "bot:two (turn 2)"]
    assert confirm["resumed"] is True


async def _reconfirm(widget, session_id):
    await widget.client.emit("session_request", {"session_id": session_id})
    return await asyncio.wait_for(widget.confirms.get(), 5)


async def test_a_forged_or_unknown_session_gets_a_new_conversation(open_widget) -> None:
    owner = await open_widget()
    await owner.ask("secret order 123")
    conversation_id = owner.conversation_id
    for forged in (conversation_id, f"{conversation_id}.{'0' * 32}", "nope", None):
        intruder = await open_widget(forged)
        assert intruder.conversation_id != conversation_id
        confirm = await _reconfirm(intruder, forged)
        assert confirm["history"] == [] and confirm["resumed"] is False


async def test_handoff_switches_to_a_person_and_back_to_the_bot(
    service, open_widget, fake_rasa, desk
) -> None:
    token = await sign_in(service, "l1")
    agents = Agents(str(service.make_url("/")))
    await agents.connect(token)
    widget = await open_widget()
    await widget.ask("你好")
    told = await widget.ask(ASK_PERSON)
    assert told["text"].startswith("已为您创建工单 T20261123-")
    announced = await agents.next("conversation")
    assert announced["id"] == widget.conversation_id and announced["mode"] == "human"
    assert announced["team_id"] == "logistics"
    await asyncio.sleep(0.1)
    assert widget.uttered.empty()  # the raw handoff payload is never shown
    with desk.connect() as connection:
        mode = connection.execute(
            select(conversations.c.mode).where(conversations.c.id == widget.conversation_id)
        ).scalar_one()
    assert mode == "human"

    relayed_before = len(fake_rasa.received)
    await widget.say("我的快递在哪里")
    seen = await agents.next("message")
    while seen["author"] != "customer":
        seen = await agents.next("message")
    assert seen["body"] == "我的快递在哪里"
    assert len(fake_rasa.received) == relayed_before  # a person has it, not the bot

    headers = {"Authorization": f"Bearer {token}"}
    url = f"/api/v1/conversations/{widget.conversation_id}"
    answer = await service.post(url + "/replies", json={"body": "马上帮您查"}, headers=headers)
    assert answer.status == 201, await answer.text()
    assert (await widget.next())["text"] == "马上帮您查"
    note = await service.post(
        url + "/replies", json={"body": "客户很急", "internal": True}, headers=headers
    )
    assert note.status == 201
    back = await service.post(url + "/return-to-bot", headers=headers)
    assert back.status == 200 and (await back.json())["mode"] == "bot"
    notice = await widget.next()
    assert notice["metadata"]["author"] == "system"
    reply = await widget.ask("还有一个问题")
    assert reply["text"] == "bot:还有一个问题 (turn 3)"  # same tracker, context kept
    await asyncio.sleep(0.1)
    assert widget.uttered.empty()  # the internal note never reached the widget

    transcript = await service.get(url, headers=headers)
    authors = [m["author"] for m in (await transcript.json())["messages"]]
    assert authors == [
        "customer", "bot", "customer", "bot", "customer", "agent", "note", "system",
        "customer", "bot",
    ]  # fmt: skip
    ticket = await service.get(f"/api/v1/tickets/{told['text'].split()[-1]}", headers=headers)
    assert (await ticket.json())["first_responded_at"] is not None
    await agents.client.disconnect()
