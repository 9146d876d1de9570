"""The Rasa server's launcher gives the action server's endpoint one kept-alive connection
pool: custom-action calls stop opening a TCP connection each."""

from __future__ import annotations

from aiohttp import web
from rasa.utils.endpoints import EndpointConfig

from kefu.rasa_server import KeptAliveEndpoint


async def test_action_calls_share_one_kept_alive_connection(aiohttp_server) -> None:
    peers: list[object] = []

    async def webhook(request: web.Request) -> web.Response:
        peers.append(request.transport.get_extra_info("peername"))
        return web.json_response({"events": [], "responses": []})

    app = web.Application()
    app.router.add_post("/webhook", webhook)
    server = await aiohttp_server(app)
    plain = EndpointConfig(url=str(server.make_url("/webhook")), token="t0")
    kept = KeptAliveEndpoint.like(plain)
    assert (kept.url, kept.token) == (plain.url, plain.token)
    for _ in range(3):
        assert await kept.request(json={"next_action": "action_x"}) == {
            "events": [],
            "responses": [],
        }
    assert len(set(peers)) == 1
    peers.clear()
    for _ in range(3):
        await plain.request(json={"next_action": "action_x"})
    assert len(set(peers)) == 3  # what Rasa does by itself: a connection per call
    await kept.close()
