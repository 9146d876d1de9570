"""Priority rules: category, sentiment and anger, customer segment and escalation words.

The most urgent rule wins, then a high-value customer moves one step up. An agent may override
the result with a reason (``Ticket.override_priority``); the rules never run again afterwards.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ticketing.domain.catalog import HIGH_VALUE_SEGMENTS, Priority

BASE_PRIORITY: dict[str, Priority] = {
    "complaint": Priority.P2,
    "refund": Priority.P3,
    "payment": Priority.P3,
    "product_issue": Priority.P3,
    "delivery": Priority.P3,
    "return_exchange": Priority.P3,
    "account": Priority.P3,
    "invoice": Priority.P4,
    "other": Priority.P4,
}

# Threats of a regulator (12315 hotline, 消协), the press or a lawyer: a supervisor must see it now.
ESCALATION_WORDS_ZH = (
    "12315",
    "消协",
    "消费者协会",
    "工商",
    "媒体",
    "记者",
    "曝光",
    "律师",
    "起诉",
    "法院",
)
ESCALATION_WORDS_EN = (
    "lawyer",
    "attorney",
    "sue",
    "lawsuit",
    "court",
    "media",
    "journalist",
    "press",
    "consumer association",
)
_ENGLISH = re.compile(r"\b(" + "|".join(map(re.escape, ESCALATION_WORDS_EN)) + r")\b", re.I)

NEGATIVE_SCORE = 0.7
"""A P(negative) from the sentiment model at or above this counts as negative feedback."""


@dataclass(frozen=True)
class Sentiment:
    """The bot's sentiment of the conversation (see DESIGN: label, P(negative), anger)."""

    label: str
    score: float
    anger: bool = False


@dataclass(frozen=True)
class PriorityAssessment:
    """The priority and the rules that produced it, e.g. ``("category:complaint", "anger")``."""

    priority: Priority
    reasons: tuple[str, ...]


def escalation_words(text: str) -> tuple[str, ...]:
    """The escalation words found in ``text`` (Chinese substrings, English whole words)."""
    found = [word for word in ESCALATION_WORDS_ZH if word in text]
    found += sorted({match.lower() for match in _ENGLISH.findall(text)})
    return tuple(found)


def assess_priority(
    category: str, sentiment: Sentiment | None, segment: str | None, text: str
) -> PriorityAssessment:
    """The priority of a new ticket from what the bot knows.

    Rules: the category's base priority; negative feedback at least P2 (handled within 2 hours);
    anger P1; escalation words (12315, 媒体, 律师 ...) P1; a high-value segment one step up.
    """
    priority = BASE_PRIORITY.get(category, Priority.P4)
    reasons = [f"category:{category}"]
    if sentiment is not None and (
        sentiment.label == "negative" or sentiment.score >= NEGATIVE_SCORE
    ):
        priority = Priority.most_urgent(priority, Priority.P2)
        reasons.append("negative_sentiment")
    if sentiment is not None and sentiment.anger:
        priority = Priority.P1
        reasons.append("anger")
    words = escalation_words(text)
    if words:
        priority = Priority.P1
        reasons.append("escalation_words:" + ",".join(words))
    if segment in HIGH_VALUE_SEGMENTS and priority != Priority.P1:
        priority = priority.raised()
        reasons.append(f"segment:{segment}")
    return PriorityAssessment(priority, tuple(reasons))
