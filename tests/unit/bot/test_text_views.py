"""The two text views the classifiers read besides words: anchored characters and pinyin."""

from __future__ import annotations

import pytest

from bot.text_views import anchored_characters, ngrams, pinyin_syllables, view_ngrams


def test_anchored_characters_fold_the_text_and_mark_where_it_starts_and_ends() -> None:
    assert "".join(anchored_characters("  我的ＯＲＤＥＲ\t\t還沒到 ")) == "^我的order 还没到$"


def test_a_message_of_whitespace_has_no_anchored_characters() -> None:
    assert anchored_characters(" \n\t ") == []
    assert anchored_characters("") == []


def test_the_marks_tell_a_word_said_alone_from_the_same_word_inside_a_sentence() -> None:
    alone = set(view_ngrams("anchored_characters", "好的", 1, 4))
    inside = set(view_ngrams("anchored_characters", "说好的包邮呢", 1, 4))
    assert "^好的$" in alone
    assert "好的" in inside
    assert not {g for g in inside if g.startswith("^好") or g.endswith("的$")}


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("定单还没到", "订单还没到"), ("退欵", "退款"), ("在嘛", "在吗"), ("訂單", "订单")],
)
def test_homophone_typos_and_traditional_characters_read_as_the_word_meant(
    typed: str, meant: str
) -> None:
    assert typed != meant
    assert pinyin_syllables(typed) == pinyin_syllables(meant)


def test_pinyin_keeps_every_other_character_as_itself_between_sentence_marks() -> None:
    expected = ["<s>", "kuai", "dian", "!", "!", "o", "k", "👍", "</s>"]
    assert pinyin_syllables("快点!! ok 👍") == expected
    assert pinyin_syllables("   ") == []


def test_ngrams_run_from_the_smallest_to_the_largest_size() -> None:
    assert ngrams(["<s>", "zai", "ma", "</s>"], 1, 2) == [
        "<s>",
        "zai",
        "ma",
        "</s>",
        "<s> zai",
        "zai ma",
        "ma </s>",
    ]
    assert ngrams(["a"], 2, 3) == []


@pytest.mark.parametrize(("smallest", "largest"), [(0, 2), (3, 2)])
def test_impossible_ngram_sizes_are_refused(smallest: int, largest: int) -> None:
    with pytest.raises(ValueError, match="n-gram sizes"):
        ngrams(["a", "b"], smallest, largest)


def test_an_unknown_view_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="unknown text view 'emoji'"):
        view_ngrams("emoji", "你好", 1, 2)
