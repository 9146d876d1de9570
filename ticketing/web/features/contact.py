"""Stopping marketing messages: the bot's ``unsubscribe`` intent and the link in every
marketing message.

- ``POST /api/v1/customers/{customer_id}/unsubscribe`` — the bot (service token) or a supervisor;
- ``GET /unsubscribe/{customer_id}?token=…`` — the link in a marketing message: a small
  bilingual page with one button; ``POST`` to the same address (token in the query or the form)
  does it. The token is the customer's own (``reminders.preferences.link_token``); the page lives
  outside ``/api/`` because the customer has no bearer token.

Either way the customer is marked do-not-disturb for marketing, audited in ``customer_audit``.
"""

from __future__ import annotations

import html

from aiohttp import web

from reminders.inbox import CustomerUnknown, unsubscribe
from reminders.preferences import token_matches
from ticketing.web.context import blocking, clock_of, engine_of, principal_of
from ticketing.web.openapi import add_schema, describe

PAGE = """<!doctype html><html lang="zh"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>退订 Unsubscribe</title>
</head><body><main><h1>退订营销消息 / Unsubscribe</h1><p>{message_zh}</p><p>{message_en}</p>
{form}</main></body></html>"""
FORM = """<form method="post"><input type="hidden" name="token" value="{token}">
<button type="submit">确认退订 / Unsubscribe</button></form>"""


def _secret(request: web.Request) -> str:
    from ticketing.web.app import SETTINGS

    return request.app[SETTINGS].data_key.get_secret_value()


async def unsubscribe_api(request: web.Request) -> web.Response:
    """POST /api/v1/customers/{customer_id}/unsubscribe (bot or supervisor)."""
    principal = principal_of(request)
    if principal.role != "bot":
        principal.require("supervisor", "unsubscribing a customer")
    actor = principal.agent_id or "bot"
    result = await blocking(
        unsubscribe,
        engine_of(request),
        request.match_info["customer_id"],
        actor,
        principal.role,
        "bot" if principal.role == "bot" else "console",
        clock_of(request.app)(),
    )
    return web.json_response(result)


def _page(message_zh: str, message_en: str, form: str = "", status: int = 200) -> web.Response:
    body = PAGE.format(message_zh=message_zh, message_en=message_en, form=form)
    return web.Response(text=body, content_type="text/html", status=status)


async def unsubscribe_page(request: web.Request) -> web.Response:
    """GET /unsubscribe/{customer_id}?token=…: confirm with one button."""
    customer_id, token = request.match_info["customer_id"], request.query.get("token", "")
    if not token_matches(_secret(request), customer_id, token):
        return _page("链接无效或已过期。", "This link is not valid.", status=403)
    return _page(
        "点击下方按钮后，您将不再收到营销消息（服务通知不受影响）。",
        "After you press the button you will get no more marketing messages "
        "(service messages still arrive).",
        FORM.format(token=html.escape(token)),
    )


async def unsubscribe_link(request: web.Request) -> web.Response:
    """POST /unsubscribe/{customer_id}: the customer's own token unsubscribes them."""
    customer_id = request.match_info["customer_id"]
    form = await request.post()
    token = str(form.get("token") or request.query.get("token", ""))
    if not token_matches(_secret(request), customer_id, token):
        return _page("链接无效或已过期。", "This link is not valid.", status=403)
    now = clock_of(request.app)()
    engine = engine_of(request)
    try:
        await blocking(unsubscribe, engine, customer_id, customer_id, "customer", "link", now)
    except CustomerUnknown:
        return _page("未找到该客户。", "We do not know this customer.", status=404)
    return _page("您已退订营销消息。", "You have been unsubscribed from marketing messages.")


def setup(app: web.Application) -> None:
    """Routes and the OpenAPI description."""
    app.router.add_post("/api/v1/customers/{customer_id}/unsubscribe", unsubscribe_api)
    app.router.add_get("/unsubscribe/{customer_id}", unsubscribe_page)
    app.router.add_post("/unsubscribe/{customer_id}", unsubscribe_link)
    add_schema(
        app,
        "Unsubscribed",
        {
            "type": "object",
            "properties": {
                "customer_id": {"type": "string"},
                "marketing": {"type": "string", "enum": ["unsubscribed"]},
                "unsubscribed_at": {"type": "string", "format": "date-time"},
            },
        },
    )
    describe(
        app,
        "post",
        "/api/v1/customers/{customer_id}/unsubscribe",
        "Stop marketing messages to a customer (do-not-disturb for marketing; audited)",
        "customers",
        response="Unsubscribed",
        roles="bot, supervisor",
    )
