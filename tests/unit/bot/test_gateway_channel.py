"""kefu's Rasa channel answers with Rasa's messages and what NLU read from the message."""

from __future__ import annotations

from bot.channels.gateway import turn_answer

NEGATIVE = {"label": "negative", "score": 0.91, "anger": True}


def _parse(*entities: dict, sentiment: object = NEGATIVE) -> dict:
    return {"text": "x", "intent": {"name": "complaint"}, "entities": list(entities),
            "sentiment": sentiment}  # fmt: skip


def test_the_answer_carries_the_messages_the_sentiment_and_the_language() -> None:
    messages = [{"recipient_id": "c1", "text": "很抱歉"}]
    parse = _parse({"entity": "order_id", "value": "E100123456789"},
                   {"entity": "language", "value": "zh"})  # fmt: skip
    assert turn_answer(messages, parse) == {
        "messages": messages,
        "sentiment": NEGATIVE,
        "language": "zh",
    }


def test_a_message_that_shows_no_language_leaves_the_language_open() -> None:
    assert turn_answer([], _parse({"entity": "order_id", "value": "E1"}))["language"] is None


def test_only_the_supported_languages_are_passed_on() -> None:
    assert turn_answer([], _parse({"entity": "language", "value": "fr"}))["language"] is None


def test_a_parse_without_sentiment_answers_none() -> None:
    assert turn_answer([], _parse(sentiment=None))["sentiment"] is None
    assert turn_answer([], _parse(sentiment="negative"))["sentiment"] is None
