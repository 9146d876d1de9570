"""kefu's Rasa channel answers with Rasa's messages and what NLU read from the message."""

from __future__ import annotations

from bot.channels.gateway import turn_answer, understanding_of

NEGATIVE = {"label": "negative", "score": 0.91, "anger": True}


def _parse(*entities: dict, sentiment: object = NEGATIVE) -> dict:
    return {"text": "x", "intent": {"name": "complaint", "confidence": 0.8},
            "entities": list(entities),
            "sentiment": sentiment}  # fmt: skip


def test_the_answer_carries_the_messages_the_sentiment_and_the_language() -> None:
    messages = [{"recipient_id": "c1", "text": "很抱歉"}]
    parse = _parse({"entity": "order_id", "value": "E100123456789"},
                   {"entity": "language", "value": "zh"})  # fmt: skip
    assert turn_answer(messages, parse) == {
        "messages": messages,
        "sentiment": NEGATIVE,
        "language": "zh",
        "understanding": {"intent": "complaint", "guess": "complaint", "confidence": 0.8},
    }


def test_a_message_that_shows_no_language_leaves_the_language_open() -> None:
    assert turn_answer([], _parse({"entity": "order_id", "value": "E1"}))["language"] is None


def test_only_the_supported_languages_are_passed_on() -> None:
    assert turn_answer([], _parse({"entity": "language", "value": "fr"}))["language"] is None


def test_a_parse_without_sentiment_answers_none() -> None:
    assert turn_answer([], _parse(sentiment=None))["sentiment"] is None
    assert turn_answer([], _parse(sentiment="negative"))["sentiment"] is None


def test_after_a_fallback_the_understanding_keeps_nlus_best_guess() -> None:
    parse = {
        "intent": {"name": "nlu_fallback", "confidence": 0.3},
        "intent_ranking": [
            {"name": "nlu_fallback", "confidence": 0.3},
            {"name": "track_order", "confidence": 0.22},
            {"name": "faq", "confidence": 0.2},
        ],
    }
    assert understanding_of(parse) == {
        "intent": "nlu_fallback",
        "guess": "track_order",
        "confidence": 0.22,
    }


def test_an_faq_question_is_understood_as_its_topic_with_both_confidences() -> None:
    parse = {
        "intent": {"name": "faq", "confidence": 0.9},
        "intent_ranking": [{"name": "faq", "confidence": 0.9}],
        "response_selector": {
            "faq": {"response": {"intent_response_key": "faq/warranty", "confidence": 0.5}}
        },
    }
    assert understanding_of(parse) == {"intent": "faq", "guess": "faq/warranty", "confidence": 0.45}


def test_a_parse_without_a_readable_intent_has_no_understanding() -> None:
    assert understanding_of({"text": "x"}) is None
    assert understanding_of({"intent": {"name": "greet", "confidence": "high"}}) is None
    assert understanding_of({"intent": "greet"}) is None
    assert turn_answer([], {"text": "x"})["understanding"] is None
