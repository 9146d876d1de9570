"""Two views of a customer's message as n-grams, for :mod:`bot.text_view_features`.

- *Anchored characters*: the folded message (simplified, lower case, full-width to ASCII),
  whitespace collapsed, between a start mark ``^`` and an end mark ``$``, cut into character
  n-grams. The marks let a classifier tell "好的" said alone or first ("^好的") from "好的" in the
  middle of a complaint, and a closing particle ("吗$", "了$") from the same character inside a
  word; the n-grams run across word boundaries, so jieba's segmentation cannot hide them.
- *Pinyin*: the message's Chinese characters as toneless syllables and every other character
  (letter, digit, punctuation mark, emoji) as itself, between ``<s>`` and ``</s>``, cut into
  n-grams of those units. Customers type Chinese through a pinyin keyboard, so their typos are
  homophones (订单/定单, 退款/退欵, 在吗/在嘛): different characters, the same syllables. It also
  reads traditional characters that :mod:`bot.textnorm` does not fold. (Other letters as whole
  words instead of characters scored 0.005 lower in Chinese on three splits.)

Both are pure functions of the text; the featurizer fits a vocabulary over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from pypinyin import lazy_pinyin

from bot.textnorm import fold_text

START, END = "^", "$"
SENTENCE_START, SENTENCE_END = "<s>", "</s>"
_WHITESPACE = re.compile(r"\s+")


def anchored_characters(text: str) -> list[str]:
    """The folded message's characters between the start and end marks.

    >>> "".join(anchored_characters("  我的ＯＲＤＥＲ  還沒到 "))
    '^我的order 还没到$'
    """
    compact = _WHITESPACE.sub(" ", fold_text(text)).strip()
    return [START, *compact, END] if compact else []


def pinyin_syllables(text: str) -> list[str]:
    """Toneless syllables for Chinese characters, every other character but whitespace as
    itself, between sentence marks.

    >>> pinyin_syllables("定单还没到吗? ok")
    ['<s>', 'ding', 'dan', 'hai', 'mei', 'dao', 'ma', '?', 'o', 'k', '</s>']
    """
    units = lazy_pinyin(fold_text(text), errors=_characters)
    units = [unit for unit in units if unit.strip()]
    return [SENTENCE_START, *units, SENTENCE_END] if units else []


def _characters(other: str) -> list[str]:
    return [char for char in other if not char.isspace()]


def ngrams(units: Sequence[str], smallest: int, largest: int, joiner: str = " ") -> list[str]:
    """Every run of ``smallest`` to ``largest`` consecutive units, joined by ``joiner``.

    >>> ngrams(["^", "好", "的", "$"], 2, 3, "")
    ['^好', '好的', '的$', '^好的', '好的$']
    """
    if smallest < 1 or largest < smallest:
        raise ValueError(
            f"n-gram sizes must satisfy 1 <= smallest <= largest, got {smallest}..{largest}"
        )
    return [
        joiner.join(units[start : start + size])
        for size in range(smallest, largest + 1)
        for start in range(len(units) - size + 1)
    ]


View = Callable[[str], list[str]]
VIEWS: dict[str, tuple[View, str]] = {
    "anchored_characters": (anchored_characters, ""),
    "pinyin": (pinyin_syllables, " "),
}


def view_ngrams(view: str, text: str, smallest: int, largest: int) -> list[str]:
    """The n-grams of ``text`` in the named view (a key of :data:`VIEWS`)."""
    if view not in VIEWS:
        raise ValueError(f"unknown text view {view!r}; known: {', '.join(sorted(VIEWS))}")
    units_of, joiner = VIEWS[view]
    return ngrams(units_of(text), smallest, largest, joiner)
