"""The mixed-text tokenizer: words from jieba and the shop dictionary, offsets into the original."""

from __future__ import annotations

import pytest

from bot.textnorm import fold_text
from bot.tokenizer import DEFAULT_DICTIONARY, _dictionary_files, segmenter_for, tokenize_text


@pytest.fixture(scope="module")
def segmenter():
    return segmenter_for(_dictionary_files(str(DEFAULT_DICTIONARY)))


def spans(text: str, segmenter) -> list[tuple[str, int, int]]:
    return [(t.text, t.start, t.end) for t in tokenize_text(text, segmenter)]


def test_mixed_chinese_english_keeps_offsets_and_drops_whitespace(segmenter):
    assert spans("我的order还没到 E123456789012", segmenter) == [
        ("我", 0, 1),
        ("的", 1, 2),
        ("order", 2, 7),
        ("还", 7, 8),
        ("没到", 8, 10),
        ("e123456789012", 11, 24),
    ]


def test_every_token_points_at_its_own_text_in_the_original(segmenter):
    text = "Ｈｉ，我想退貨  ORDER E100123456789 電話 138 1234 5678！"
    for token in tokenize_text(text, segmenter):
        assert fold_text(text[token.start : token.end]) == token.text
        assert not token.text.isspace()


def test_domain_dictionary_terms_stay_whole(segmenter):
    words = [
        t.text for t in tokenize_text("能开专票吗，支持七天无理由吗，价保呢，顺丰到付", segmenter)
    ]
    for term in ("专票", "七天无理由", "价保", "顺丰", "到付"):
        assert term in words


def test_latin_is_lowercased_and_traditional_simplified_for_matching(segmenter):
    words = [t.text for t in tokenize_text("還沒發貨 REFUND", segmenter)]
    assert "refund" in words
    assert "".join(words).startswith("还没发货")


@pytest.mark.parametrize("text", ["😡😡😡", "？？？！！！", "\x00\x07\x1b", "   ", "a" * 5000])
def test_odd_input_gives_tokens_inside_the_text(segmenter, text):
    tokens = tokenize_text(text, segmenter)
    assert tokens
    assert all(0 <= t.start < t.end <= len(text) for t in tokens)


def test_empty_text_has_no_tokens(segmenter):
    assert tokenize_text("", segmenter) == []


def test_fold_text_never_changes_length():
    text = "ﬁ①㈱Ａ訂單İ\u200b\x00"
    assert len(fold_text(text)) == len(text)
