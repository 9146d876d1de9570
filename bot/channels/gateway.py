"""The gateway's Rasa channel: one request per customer message, answered with the bot's
replies *and* what NLU read from the message.

``POST /webhooks/kefu/webhook {sender, message, metadata}`` →
``{"messages": [...as the REST channel...], "sentiment": {label, score, anger} | null,
"language": "zh" | "en" | null, "understanding": {intent, guess, confidence} | null}``.

Why: the ticketing service's gateway stores each customer message's sentiment and follows its
language. Through the REST channel that took a second request per turn (``GET
/conversations/<id>/tracker``, which rebuilds the whole tracker from the store) on the busiest
process. Here the message is parsed once, before the turn, and that parse result is handed to
Rasa with the message (``UserMessage.parse_data``), so Rasa's processor uses it instead of
parsing again: the turn costs exactly what it costs through the REST channel, and the answer
carries the sentiment the dialogue reacted to. ``language`` is the ``language`` entity of
``bot.language.LanguageDetector`` (``null`` when the message shows no language: the
conversation keeps its own). ``understanding`` says what the dialogue acted on (``intent``:
``nlu_fallback`` when NLU was unsure), NLU's best guess before any fallback (``guess``: an
intent, or ``faq/<topic>`` for an FAQ question) and how sure NLU was of it (``confidence``; for an
FAQ question the intent's confidence times the topic's): the gateway keeps it with the message,
so supervisors can review what the bot did not understand.

Register in credentials.yml as ``bot.channels.gateway.GatewayInput:``.
"""

from __future__ import annotations

import asyncio
import logging
import numbers
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.language import LANGUAGE_ENTITY

log = logging.getLogger(__name__)


FALLBACK_INTENT = "nlu_fallback"
FAQ_INTENT = "faq"


def _confidence(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        return None
    return min(max(float(value), 0.0), 1.0)


def answer_guess(
    intent: str, confidence: float, topic: str | None, topic_confidence: float | None
) -> tuple[str, float]:
    """NLU's guess at what it answered: an FAQ question is its topic, with the intent's
    confidence times the topic's; any other intent stays as it is."""
    if intent == FAQ_INTENT and topic is not None and topic_confidence is not None:
        return topic, confidence * topic_confidence
    return intent, confidence


def understanding_of(parse_data: dict[str, Any]) -> dict[str, Any] | None:
    """``{intent, guess, confidence}`` of a parse result, or None without an intent."""
    intent = parse_data.get("intent")
    if not isinstance(intent, dict) or not isinstance(intent.get("name"), str):
        return None
    ranking = [
        entry
        for entry in parse_data.get("intent_ranking") or [intent]
        if isinstance(entry, dict) and isinstance(entry.get("name"), str)
    ]
    best = next((entry for entry in ranking if entry["name"] != FALLBACK_INTENT), intent)
    guess, confidence = best["name"], _confidence(best.get("confidence"))
    if confidence is None:
        return None
    selected = ((parse_data.get("response_selector") or {}).get(FAQ_INTENT) or {}).get(
        "response"
    ) or {}
    topic = selected.get("intent_response_key")
    guess, confidence = answer_guess(
        guess,
        confidence,
        topic if isinstance(topic, str) else None,
        _confidence(selected.get("confidence")),
    )
    return {"intent": intent["name"], "guess": guess, "confidence": round(confidence, 4)}


def turn_answer(messages: list[dict[str, Any]], parse_data: dict[str, Any]) -> dict[str, Any]:
    """The channel's answer: Rasa's messages, and the message's sentiment, language and what
    NLU understood of it."""
    sentiment = parse_data.get("sentiment")
    languages = [
        entity.get("value")
        for entity in parse_data.get("entities") or []
        if isinstance(entity, dict) and entity.get("entity") == LANGUAGE_ENTITY
    ]
    language = languages[-1] if languages and languages[-1] in ("zh", "en") else None
    return {
        "messages": messages,
        "sentiment": sentiment if isinstance(sentiment, dict) else None,
        "language": language,
        "understanding": understanding_of(parse_data),
    }


def _message_of(body: Any) -> tuple[str, str, dict[str, Any] | None] | None:
    """(sender, text, metadata) of a well-formed request body, else None."""
    if not isinstance(body, dict):
        return None
    sender, text, metadata = body.get("sender"), body.get("message"), body.get("metadata")
    if not isinstance(sender, str) or not sender or not isinstance(text, str):
        return None
    return sender, text, metadata if isinstance(metadata, dict) else None


class GatewayInput(InputChannel):
    """The channel the ticketing service's gateway posts customer messages to."""

    @classmethod
    def name(cls) -> str:
        """The URL prefix: ``/webhooks/kefu/``."""
        return "kefu"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        """``GET /`` (health) and ``POST /webhook`` (one customer message)."""
        webhook = Blueprint("kefu_gateway_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            found = _message_of(request.json)
            if found is None:
                return response.json({"error": "expected {sender, message, metadata}"}, 400)
            agent = request.app.ctx.agent
            if agent is None or not agent.is_ready():
                return response.json({"error": "no model loaded"}, 503)
            sender, text, metadata = found
            collector = CollectingOutputChannel()
            message = UserMessage(
                text, collector, sender, input_channel=self.name(), metadata=metadata
            )
            message.parse_data = await agent.processor.parse_message(message)
            try:
                await on_new_message(message)
            except asyncio.CancelledError:
                log.error("kefu channel: turn cancelled (timeout)")
            except Exception as error:  # like the REST channel: answer what was said so far
                log.exception("kefu channel: turn failed (%s)", type(error).__name__)
            return response.json(turn_answer(collector.messages, message.parse_data))

        return webhook
