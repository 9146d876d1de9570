"""The agents' handoff console page (``/console``); its data comes from the REST API
(``/api/v1``) and live events from the socket.io namespace ``/agents`` (see ``gateway``)."""

from __future__ import annotations

from aiohttp import web

from ticketing.web.features.widget import STATIC


async def console_page(request: web.Request) -> web.FileResponse:
    """GET /console: sign-in, the queue, the conversation, the customer's 360° panel."""
    return web.FileResponse(STATIC / "console.html", headers={"Cache-Control": "no-cache"})


def setup(app: web.Application) -> None:
    """Mount the console page."""
    app.router.add_get("/console", console_page)
