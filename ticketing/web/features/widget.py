"""The customer's chat page (``/chat``) and the static files of the widget and the console.

Everything the browser loads is served by the service itself: the socket.io client is vendored
in ``ticketing/web/static/vendor`` (a pinned copy from npm), nothing comes from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from aiohttp import web

STATIC = Path(__file__).resolve().parent.parent / "static"


async def chat_page(request: web.Request) -> web.FileResponse:
    """GET /chat[?lang=zh|en&customer_token=...]: the widget, full page (mobile-friendly)."""
    return web.FileResponse(STATIC / "widget.html", headers={"Cache-Control": "no-cache"})


def setup(app: web.Application) -> None:
    """Mount the chat page and the static folder."""
    app.router.add_get("/chat", chat_page)
    app.router.add_static("/static", STATIC, append_version=False)
