"""Labels, calibrated scores and anger of the analyzer (on a tiny in-memory model)."""

from __future__ import annotations

from bot.sentiment.analyzer import SentimentAnalyzer


def test_each_text_gets_label_score_and_anger(analyzer: SentimentAnalyzer):
    result = analyzer.predict_one("退款两周了还没到账")
    assert result.as_dict() == {"label": "negative", "score": result.score, "anger": False}
    assert result.score > 0.5


def test_a_plain_inquiry_is_neutral(analyzer: SentimentAnalyzer):
    assert analyzer.predict_one("请问怎么开发票").label == "neutral"


def test_thanks_are_positive_with_a_low_negative_score(analyzer: SentimentAnalyzer):
    result = analyzer.predict_one("谢谢，收到了")
    assert result.label == "positive"
    assert result.score < 0.5


def test_a_threat_to_complain_to_a_regulator_is_angry_and_negative(analyzer: SentimentAnalyzer):
    result = analyzer.predict_one("还不退款，我就打12315投诉你们")
    assert (result.label, result.anger) == ("negative", True)


def test_a_cue_word_in_a_happy_message_does_not_make_it_angry(analyzer: SentimentAnalyzer):
    assert not analyzer.predict_one("谢谢，你们不是骗子，服务很好，点赞").anger


def test_traditional_characters_read_like_simplified_ones(analyzer: SentimentAnalyzer):
    assert analyzer.predict_one("東西壞了") == analyzer.predict_one("东西坏了")


def test_order_numbers_do_not_change_the_result(analyzer: SentimentAnalyzer):
    first = analyzer.predict_one("订单 20231118004 什么时候发货")
    assert analyzer.predict_one("订单 99887766 什么时候发货") == first


def test_scores_are_probabilities_that_rank_negative_above_positive(analyzer: SentimentAnalyzer):
    negative, neutral, positive = analyzer.predict(["质量太差了，很失望", "在吗", "非常满意，谢谢"])
    assert negative.score > neutral.score > positive.score


def test_exclamation_marks_make_only_a_negative_message_angry(analyzer: SentimentAnalyzer):
    decide = analyzer._decide
    assert not decide("太棒了！！！", negative=0.4, neutral=0.1, positive=0.5, p_anger=0.0).anger
    assert decide("太慢了！！！", negative=0.6, neutral=0.1, positive=0.3, p_anger=0.0).anger


def test_a_threat_needs_only_some_negativity(analyzer: SentimentAnalyzer):
    minimum = analyzer.model.cue_min_negative
    text = "不处理我就找律师"
    assert analyzer._decide(text, minimum, 0.9 - minimum, 0.1, p_anger=0.0).anger
    assert not analyzer._decide(text, minimum - 0.01, 0.9, 0.1, p_anger=0.0).anger
