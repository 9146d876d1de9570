"""Odd input never raises and always gives a defined result."""

from __future__ import annotations

import pytest

from bot.sentiment.analyzer import LABELS, NO_TEXT, SentimentAnalyzer


def _valid(result) -> bool:
    return result.label in LABELS and 0.0 <= result.score <= 1.0 and isinstance(result.anger, bool)


@pytest.mark.parametrize(
    "text", ["", "   ", "\n\t ", None, "\x00\x01\x1f", "\u200b\u200b", "\ud800"]
)
def test_input_without_text_is_neutral_with_score_one_half(analyzer: SentimentAnalyzer, text):
    assert analyzer.predict_one(text) == NO_TEXT


def test_a_message_of_many_thousand_characters_is_scored(analyzer: SentimentAnalyzer):
    text = "快递一周了还没到，" * 600 + "再不退款我就投诉到12315！！！"
    assert len(text) > 5000
    result = analyzer.predict_one(text)
    assert _valid(result)
    assert result.anger  # the threat at the very end is still read


@pytest.mark.parametrize("text", ["😡😡😡", "🙂", "👍👍", "🦖", "！！！", "？？？", "...", "~~~"])
def test_emoji_and_punctuation_only_give_a_defined_result(analyzer: SentimentAnalyzer, text):
    assert _valid(analyzer.predict_one(text))


def test_unknown_symbols_only_are_treated_as_no_text(analyzer: SentimentAnalyzer):
    assert analyzer.predict_one("🦖🦕") == NO_TEXT


@pytest.mark.parametrize(
    "text",
    [
        "退款 refund 到哪了 where is it",
        "東西壞了 broken again",
        "订单DD88213456 ok",
        "ｆｕｌｌ　ｗｉｄｔｈ！",
    ],
)
def test_mixed_script_and_full_width_input_is_scored(analyzer: SentimentAnalyzer, text):
    assert _valid(analyzer.predict_one(text))


def test_non_string_input_is_read_as_its_text(analyzer: SentimentAnalyzer):
    assert analyzer.predict([12345, b"\xe8\xb0\xa2\xe8\xb0\xa2", 3.5]) == analyzer.predict(
        ["12345", "谢谢", "3.5"]
    )


def test_an_empty_batch_gives_no_results(analyzer: SentimentAnalyzer):
    assert analyzer.predict([]) == []


def test_batch_and_single_predictions_agree(analyzer: SentimentAnalyzer):
    texts = ["谢谢", "", "快递太慢了", "😡😡😡"]
    assert analyzer.predict(texts) == [analyzer.predict_one(t) for t in texts]
