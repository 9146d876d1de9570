"""Priority from category, sentiment and anger, segment and escalation words."""

import pytest

from ticketing.domain.catalog import Priority
from ticketing.domain.priority import Sentiment, assess_priority, escalation_words

CALM = Sentiment("neutral", 0.2, False)
UNHAPPY = Sentiment("negative", 0.8, False)
ANGRY = Sentiment("negative", 0.95, True)


@pytest.mark.parametrize(
    ("category", "sentiment", "segment", "text", "priority"),
    [
        ("invoice", None, None, "要发票", Priority.P4),
        ("delivery", CALM, None, "快递到哪了", Priority.P3),
        ("complaint", CALM, None, "服务不好", Priority.P2),
        ("delivery", UNHAPPY, None, "太慢了", Priority.P2),
        ("delivery", ANGRY, None, "气死了", Priority.P1),
        ("refund", CALM, None, "再不退款我就打12315", Priority.P1),
        ("refund", CALM, None, "I will call my lawyer", Priority.P1),
        ("refund", CALM, None, "the lawyers' fees", Priority.P3),  # whole words only
        ("delivery", CALM, "high_value_active", "快递到哪了", Priority.P2),
        ("complaint", CALM, "high_value_at_risk", "服务不好", Priority.P1),
        ("delivery", CALM, "dormant", "快递到哪了", Priority.P3),
    ],
)
def test_priority_rules(category, sentiment, segment, text, priority) -> None:
    assert assess_priority(category, sentiment, segment, text).priority == priority


def test_the_reasons_say_which_rules_fired() -> None:
    assessment = assess_priority("complaint", ANGRY, None, "我要找媒体曝光")
    assert assessment.reasons == (
        "category:complaint",
        "negative_sentiment",
        "anger",
        "escalation_words:媒体,曝光",
    )


def test_escalation_words_in_both_languages() -> None:
    assert escalation_words("去消协投诉, talk to the Press") == ("消协", "press")
