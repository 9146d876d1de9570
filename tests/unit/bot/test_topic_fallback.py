"""An FAQ-shaped message whose best FAQ topic is unlikely falls back instead of being answered."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.training_data.message import Message

from bot.topic_fallback import TopicFallbackClassifier


def parsed(intent: str, intent_confidence: float, topic_confidence: float | None) -> Message:
    data = {
        "text": "佛教和道教有什么区别",
        "intent": {"name": intent, "confidence": intent_confidence},
        "intent_ranking": [{"name": intent, "confidence": intent_confidence}],
    }
    if topic_confidence is not None:
        data["response_selector"] = {
            "all_retrieval_intents": ["faq"],
            "faq": {
                "response": {"intent_response_key": "faq/warranty", "confidence": topic_confidence}
            },
        }
    return Message(data=data)


def classify(message: Message, **config) -> Message:  # type: ignore[no-untyped-def]
    TopicFallbackClassifier.create(config, None, None, None).process([message])
    return message


def test_an_faq_whose_best_topic_is_unlikely_falls_back_at_the_threshold():
    message = classify(parsed("faq", 0.8, 0.22))
    assert message.get("intent") == {"name": "nlu_fallback", "confidence": 0.3}
    assert [r["name"] for r in message.get("intent_ranking")] == ["nlu_fallback", "faq"]


def test_an_faq_with_a_likely_topic_keeps_its_intent():
    assert classify(parsed("faq", 0.8, 0.31)).get("intent")["name"] == "faq"


def test_other_intents_are_never_touched_whatever_the_topic_says():
    assert classify(parsed("track_order", 0.9, 0.05)).get("intent")["name"] == "track_order"


def test_without_a_topic_prediction_nothing_changes():
    assert classify(parsed("faq", 0.9, None)).get("intent")["name"] == "faq"


def test_the_threshold_and_the_retrieval_intent_are_settings():
    assert classify(parsed("faq", 0.8, 0.4), threshold=0.5).get("intent")["name"] == "nlu_fallback"
    assert classify(parsed("faq", 0.8, 0.1), retrieval_intent="chitchat").get("intent")["name"] == (
        "faq"
    )


@pytest.mark.parametrize(
    "config", [{"threshold": 1.5}, {"threshold": -0.1}, {"retrieval_intent": ""}]
)
def test_impossible_settings_are_refused(config):
    with pytest.raises(ValueError, match=r"threshold|retrieval_intent"):
        TopicFallbackClassifier.create(config, None, None, None)
