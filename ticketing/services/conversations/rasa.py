"""The gateway's client for the Rasa server: the REST channel and the tracker.

Sentiment: Rasa's NLU puts ``sentiment`` in the parse result, which becomes the tracker's
``latest_message``. Reading it from the tracker *after* the reply costs one cheap GET and no
second NLU run (``/model/parse`` would parse every message twice), and it is off the customer's
critical path: the reply is on its way before we ask.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import aiohttp

from ticketing.domain.conversations import Sentiment


class RasaUnavailable(Exception):
    """Rasa did not answer (down, timed out, or an error status)."""


@dataclass(frozen=True)
class TrackerFacts:
    """What the gateway reads back from the tracker after a turn."""

    text: str | None
    sentiment: Sentiment | None
    language: str | None


class RasaClient:
    """Posts customer messages to Rasa's REST channel (sender = conversation id)."""

    def __init__(self, base_url: str, token: str, timeout: float = 30.0) -> None:
        self._base = base_url.rstrip("/")
        self._token = token
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

    async def send(
        self, conversation_id: str, text: str, metadata: dict[str, Any]
    ) -> list[dict[str, Any]]:
        """Rasa's answer to ``text`` (a list of messages); raises :class:`RasaUnavailable`."""
        body = {"sender": conversation_id, "message": text, "metadata": metadata}
        try:
            async with self._http().post(
                f"{self._base}/webhooks/rest/webhook", json=body
            ) as response:
                if response.status != 200:
                    raise RasaUnavailable(f"Rasa answered {response.status}")
                answer = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
            raise RasaUnavailable(type(error).__name__) from None
        return answer if isinstance(answer, list) else []

    async def tracker_facts(self, conversation_id: str) -> TrackerFacts | None:
        """The latest message's sentiment and the language slot, or None when unreadable."""
        url = f"{self._base}/conversations/{conversation_id}/tracker"
        params = {"include_events": "NONE", "token": self._token}
        try:
            async with self._http().get(url, params=params) as response:
                if response.status != 200:
                    return None
                tracker = await response.json(content_type=None)
        except (aiohttp.ClientError, asyncio.TimeoutError, ValueError):
            return None
        latest = tracker.get("latest_message") or {}
        slots = tracker.get("slots") or {}
        language = slots.get("language")
        return TrackerFacts(
            text=latest.get("text") if isinstance(latest.get("text"), str) else None,
            sentiment=Sentiment.from_json(latest.get("sentiment")),
            language=language if language in ("zh", "en") else None,
        )
