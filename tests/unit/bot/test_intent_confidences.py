"""Merging topic labels back into their retrieval intent (bot.linear_intent)."""

from __future__ import annotations

import pytest

from bot.linear_intent import intent_confidences


def test_topics_add_up_into_their_retrieval_intent_and_the_ranking_is_resorted():
    merged = intent_confidences(
        ["track_order", "faq/shipping_fee", "faq/delivery_time", "greet"], [0.4, 0.3, 0.2, 0.1]
    )
    assert [name for name, _ in merged] == ["faq", "track_order", "greet"]
    assert merged[0][1] == pytest.approx(0.5)


def test_labels_without_topics_are_left_as_they_are():
    merged = intent_confidences(["greet", "goodbye"], [0.7, 0.3])
    assert merged == [("greet", 0.7), ("goodbye", 0.3)]


def test_nothing_to_merge_gives_nothing():
    assert intent_confidences([], []) == []
