"""Normalisation, deduplication keys and the feature strings."""

from __future__ import annotations

from bot.sentiment.features import extract_features
from bot.sentiment.text import HEAD_CHARS, TAIL_CHARS, clip, dedup_key, normalise


def test_normalise_folds_width_case_controls_and_spaces():
    assert normalise("  ＡＢＣ！\x00 退款\t\n好的  ") == "abc! 退款 好的"


def test_normalise_maps_traditional_characters_through_the_table():
    assert normalise("東西壞了", str.maketrans({"東": "东", "壞": "坏"})) == "东西坏了"


def test_dedup_key_ignores_whitespace_and_punctuation():
    assert dedup_key("质量很好！") == dedup_key("质量 很好。")
    assert dedup_key("质量很好") != dedup_key("质量不好")


def test_clip_keeps_head_and_tail_of_long_text():
    text = "a" * HEAD_CHARS + "b" * 10_000 + "c" * TAIL_CHARS
    clipped = clip(text)
    assert clipped.startswith("a" * HEAD_CHARS) and clipped.endswith("c" * TAIL_CHARS)
    assert len(clipped) == HEAD_CHARS + TAIL_CHARS + 1


def test_features_of_chinese_are_character_ngrams():
    assert extract_features("太慢") == ["c太", "c太慢", "c慢"]


def test_features_of_english_are_words_bigrams_and_lexicon_valence():
    feats = extract_features("not good", {"good": 1.9})
    assert feats == ["wnot", "wgood", "wnot_good", "L-"]
    assert "L++" in extract_features("great", {"great": 3.1})


def test_punctuation_runs_are_capped_and_numbers_masked():
    assert extract_features("!!!!!!") == ["p!!!"]
    assert extract_features("单号123456") == ["c单", "c单号", "c号", "n"]


def test_emoji_is_a_feature_of_its_own():
    assert extract_features("😡") == ["e😡"]
