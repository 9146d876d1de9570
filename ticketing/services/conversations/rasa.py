"""The gateway's client for the Rasa server: one request per customer message.

It posts to kefu's own Rasa channel (``bot/channels/gateway.py``, ``/webhooks/kefu/webhook``),
which answers with Rasa's messages (as the REST channel would) *and* the message's sentiment,
language and what NLU understood of it, from the same NLU parse the dialogue used. The earlier
way (the REST channel, then ``GET /conversations/<id>/tracker`` for sentiment and language) cost
Rasa a second request per turn that rebuilt the whole tracker (docs/hub.md, "Where a turn's
time goes").
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from ticketing.domain.bot_understanding import Understanding
from ticketing.domain.conversations import Sentiment

CHANNEL_PATH = "/webhooks/kefu/webhook"


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, or an error status)."""


@dataclass(frozen=True)
class RasaTurn:
    """Rasa's answer to one customer message."""

    messages: list[dict[str, Any]]
    sentiment: Sentiment | None = None
    language: str | None = None
    understanding: Understanding | None = None


def turn_of(answer: Any) -> RasaTurn:
    """Read the channel's answer; anything malformed counts as absent."""
    if not isinstance(answer, dict):
        return RasaTurn([])
    messages = answer.get("messages")
    language = answer.get("language")
    return RasaTurn(
        messages=[m for m in messages if isinstance(m, dict)] if isinstance(messages, list) else [],
        sentiment=Sentiment.from_json(answer.get("sentiment")),
        language=language if language in ("zh", "en") else None,
        understanding=Understanding.from_json(answer.get("understanding")),
    )


class RasaClient:
    """Posts customer messages to Rasa (sender = conversation id)."""

    def __init__(self, base_url: str, timeout: float = 30.0) -> None:
        self._url = base_url.rstrip("/") + CHANNEL_PATH
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=200)
            self._session = aiohttp.ClientSession(timeout=self._timeout, connector=connector)
        return self._session

    async def close(self) -> None:
        """Release the connection pool."""
        if self._session is not None:
            await self._session.close()

    async def send(self, conversation_id: str, text: str, metadata: dict[str, Any]) -> RasaTurn:
        """Rasa's answer to ``text``; raises :class:`RasaUnavailable`."""
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        try:
            async with self._http().post(self._url, json=body) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        return turn_of(answer)
