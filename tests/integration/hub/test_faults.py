"""Faults: Rasa down, an action server error, a service restart — the chat never breaks."""

from __future__ import annotations

import asyncio
import socket

from aiohttp import web
from sqlalchemy import select

from kefu.settings import load_settings
from ticketing.domain.conversations_texts import HANDOFF_PAYLOAD
from ticketing.storage.schema.conversations import conversation_messages, conversations
from ticketing.web.app import init_app
from ticketing.web.context import CLOCK

from .conftest import Widget


def _messages(engine, conversation_id: str) -> list[tuple[str, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(conversation_messages.c.author, conversation_messages.c.body)
            .where(conversation_messages.c.conversation_id == conversation_id)
            .order_by(conversation_messages.c.seq)
        )
        return [tuple(row) for row in rows]


async def test_rasa_down_gets_a_polite_message_keeps_it_and_offers_a_person(
    open_widget, fake_rasa, desk
) -> None:
    widget = await open_widget()
    fake_rasa.down = True
    reply = await widget.ask("我的退款怎么还没到")
    assert "抱歉" in reply["text"] and "已经保存" in reply["text"]
    assert reply["quick_replies"][0]["payload"] == HANDOFF_PAYLOAD
    assert ("customer", "我的退款怎么还没到") in _messages(desk, widget.conversation_id)

    told = await widget.ask(HANDOFF_PAYLOAD)  # the button works while Rasa is still down
    assert "工单" in told["text"]
    with desk.connect() as connection:
        row = connection.execute(
            select(conversations.c.mode, conversations.c.ticket_id, conversations.c.team_id).where(
                conversations.c.id == widget.conversation_id
            )
        ).one()
    assert row.mode == "human" and row.ticket_id and row.team_id == "care"
    from ticketing.storage.schema.tickets import tickets

    with desk.connect() as connection:
        description = connection.execute(
            select(tickets.c.description).where(tickets.c.id == row.ticket_id)
        ).scalar_one()
    assert "我的退款怎么还没到" in description  # the kept message reaches the person


async def test_an_action_server_error_gives_a_fallback_reply_and_the_chat_goes_on(
    open_widget,
) -> None:
    widget = await open_widget()
    failed = await widget.ask("boom")  # Rasa answers nothing when a custom action fails
    # in the language the message was written in (Rasa's NLU read English)
    assert failed["metadata"]["author"] == "bot" and "Sorry" in failed["text"]
    assert failed["quick_replies"][0]["payload"] == HANDOFF_PAYLOAD
    assert (await widget.ask("你好"))["text"].startswith("bot:你好")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _serve(settings, clock, port: int) -> web.AppRunner:
    app = init_app(settings)
    app[CLOCK] = clock
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, shutdown_timeout=0.5).start()
    return runner


async def test_after_a_service_restart_the_widget_reconnects_and_continues(
    desk, database_url, var_dir, clock, fake_rasa
) -> None:
    settings = load_settings(
        var_dir=var_dir, database_url=database_url, rasa_port=fake_rasa.server.port
    )
    port = _free_port()
    runner = await _serve(settings, clock, port)
    widget = Widget(f"http://127.0.0.1:{port}")
    try:
        await widget.open()
        assert (await widget.ask("before"))["text"] == "bot:before (turn 1)"
        session = widget.session_id
        await runner.cleanup()  # the service stops...
        await asyncio.sleep(0.5)
        runner = await _serve(settings, clock, port)  # ...and comes back
        confirm = await asyncio.wait_for(widget.confirms.get(), 15)
        assert confirm["session_id"] == session and confirm["resumed"] is True
        assert [m["text"] for m in confirm["history"]] == ["before", "bot:before (turn 1)"]
        assert (await widget.ask("after"))["text"] == "bot:after (turn 2)"
    finally:
        await widget.close()
        await runner.cleanup()


async def test_stopping_the_service_leaves_no_socket_task_behind(service, open_widget) -> None:
    # aiohttp's run_app waits for every task started since start-up before it stops: an
    # engine.io ping task sleeping 25 s kept a stopped service alive until it was killed.
    widget = await open_widget()
    await widget.ask("你好")
    await widget.close()
    await service.app.shutdown()  # what a stop runs first (on_shutdown)
    await asyncio.sleep(0)
    left = [
        task
        for task in asyncio.all_tasks()
        if task.get_coro().__qualname__ in ("AsyncSocket._send_ping", "AsyncServer._service_task")
    ]
    assert all(task.done() for task in left)
