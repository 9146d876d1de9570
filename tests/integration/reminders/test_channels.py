"""Staff channels against real local servers: SMTP (aiosmtpd) and webhook receivers (aiohttp)
checking the WeCom, DingTalk and Slack payload formats; a whole run uses them for escalations."""

from __future__ import annotations

import asyncio
import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiohttp import web
from aiosmtpd.controller import Controller

from reminders.channels.email import SmtpMailer
from reminders.channels.webhooks import Webhook, WebhookError
from reminders.runner import run

from .conftest import add_ticket, at

TEXTS = {"zh": "SLA超时升级：工单 T1", "en": "SLA breach: ticket T1"}


class Inbox:
    """An aiosmtpd handler keeping every message."""

    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            (envelope.rcpt_tos, message_from_bytes(envelope.content, policy=default))
        )
        return "250 OK"


@pytest.fixture
def smtp():
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        inbox.port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    yield inbox
    controller.stop()


@pytest.fixture
async def receiver(aiohttp_server):
    received: list[tuple[str, dict]] = []

    async def hook(request: web.Request) -> web.Response:
        received.append((request.match_info["name"], await request.json()))
        return web.json_response({"errcode": 0, "ok": True})

    async def broken(request: web.Request) -> web.Response:
        return web.Response(status=500)

    app = web.Application()
    app.router.add_post("/hooks/{name}", hook)
    app.router.add_post("/broken", broken)
    server = await aiohttp_server(app)
    server.received = received
    return server


def test_staff_email_reaches_a_real_smtp_server_in_both_languages(smtp) -> None:
    mailer = SmtpMailer("127.0.0.1", smtp.port, "kefu@test", {"logi.lead": "lead@test"})
    assert mailer.send("logi.lead", "[kefu] SLA breach", TEXTS)
    assert not mailer.send("nobody", "x", TEXTS)
    ((recipients, message),) = smtp.messages
    assert recipients == ["lead@test"] and message["Subject"] == "[kefu] SLA breach"
    body = message.get_content()
    assert "SLA超时升级" in body and "SLA breach: ticket T1" in body


async def test_each_webhook_format_posts_its_own_payload(receiver) -> None:
    for name in ("wecom", "dingtalk", "slack"):
        hook = Webhook(name, str(receiver.make_url(f"/hooks/{name}")))
        await asyncio.to_thread(hook.post, "SLA breach", TEXTS)
    payloads = dict(receiver.received)
    assert payloads["wecom"]["msgtype"] == "markdown"
    assert "SLA超时升级" in payloads["wecom"]["markdown"]["content"]
    assert payloads["dingtalk"]["msgtype"] == "markdown"
    assert payloads["dingtalk"]["markdown"]["title"] == "SLA breach"
    assert "ticket T1" in payloads["dingtalk"]["markdown"]["text"]
    assert payloads["slack"]["text"] == "SLA breach: SLA breach: ticket T1"
    block = payloads["slack"]["blocks"][0]
    assert block["type"] == "section" and block["text"]["type"] == "mrkdwn"


async def test_a_failing_webhook_raises_a_domain_error(receiver) -> None:
    hook = Webhook("slack", str(receiver.make_url("/broken")))
    with pytest.raises(WebhookError, match="failed"):
        await asyncio.to_thread(hook.post, "x", TEXTS)


async def test_an_escalation_goes_to_console_email_and_every_webhook(
    desk, context, delivery, smtp, receiver
) -> None:
    delivery.mailer = SmtpMailer("127.0.0.1", smtp.port, "kefu@test", {"logi.lead": "lead@test"})
    delivery.webhooks = tuple(
        Webhook(name, str(receiver.make_url(f"/hooks/{name}"))) for name in ("wecom", "slack")
    )
    add_ticket(desk, "T20261123-0001", at("2026-11-23T09:00"), assignee="logi.sun")
    report = await asyncio.to_thread(run, desk, at("2026-11-23T09:12"), context, delivery)
    breach = [o for o in report.outcomes if o.notice.kind == "sla_breach"]
    assert [o.channel for o in breach] == ["console+email+webhook"]
    assert [rcpt for rcpt, _ in smtp.messages] == [["lead@test"]]
    assert sorted(name for name, _ in receiver.received) == ["slack", "wecom"]
