"""Turning a normalised message into the string features the linear model weighs.

One function, :func:`extract_features`, is used both when training (as the vectoriser's
analyser) and at inference, so the two can never drift apart.

Features (prefix, what):
- ``c``: Chinese character 1-, 2- and 3-grams inside a run of Han characters. Characters, not
  words, so typos, new slang and traditional characters (mapped to simplified before) still share
  most of their features with the training text, and no segmenter dictionary is needed.
- ``w``: latin words (lower-cased) and word bigrams: English and the English inside Chinese chat
  ("退款 refund 呢").
- ``p``: punctuation runs, capped at three (``!!!`` and ``!!!!!!!`` are one feature), so
  exclamation and question marks carry weight.
- ``e``: each emoji or other symbol character.
- ``n``: "there is a number" (order and phone numbers are masked to ``0`` beforehand).
- ``L+``/``L-`` (and ``L++``/``L--`` when strong): an English word of the valence lexicon
  (VADER's, copied into the model at build time), flipped after a negator ("not good" is ``L-``).
  A few hundred English chat messages cannot teach every English opinion word; the lexicon
  features are dense, so the weight learned for ``L-`` carries to words never seen in training.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from bot.sentiment.text import mask_digits

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"([{_HAN}]+)|([a-z]+(?:'[a-z]+)?)|(0)|(\s+)|(.)")
_PUNCT_RUN_CAP = 3
_NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "wasn't",
        "aren't",
        "won't",
        "can't",
        "cannot",
        "nothing",
        "hardly",
        "without",
    }
)
_STRONG = 2.5


def extract_features(text: str, lexicon: Mapping[str, float] | None = None) -> list[str]:
    """Return the feature strings of an already normalised text (see ``text.normalise``).

    ``lexicon`` maps lower-case English words to a valence (negative below zero).
    """
    feats: list[str] = []
    words: list[str] = []
    previous_punct = ""
    punct_run = 0
    for match in _RUN.finditer(mask_digits(text)):
        han, word, digit, space, other = match.groups()
        if other is None or other != previous_punct:
            if punct_run:
                feats.append("p" + previous_punct * min(punct_run, _PUNCT_RUN_CAP))
            previous_punct, punct_run = "", 0
        if han:
            _add_char_ngrams(han, feats)
        elif word:
            feats.append("w" + word)
            if words:
                feats.append("w" + words[-1] + "_" + word)
            if lexicon and word in lexicon:
                feats.append(_valence_feature(lexicon[word], words[-2:]))
            words.append(word)
        elif digit:
            feats.append("n")
        elif space:
            continue
        elif other:
            if unicodedata.category(other)[0] == "P" or other in "~^+<>=|":
                previous_punct = other
                punct_run += 1
            else:
                feats.append("e" + other)
        if not word and not space:
            words.clear()
    if punct_run:
        feats.append("p" + previous_punct * min(punct_run, _PUNCT_RUN_CAP))
    return feats


def _add_char_ngrams(run: str, feats: list[str]) -> None:
    n = len(run)
    for i in range(n):
        feats.append("c" + run[i])
        if i + 1 < n:
            feats.append("c" + run[i : i + 2])
        if i + 2 < n:
            feats.append("c" + run[i : i + 3])


def _valence_feature(valence: float, preceding: list[str]) -> str:
    if any(w in _NEGATORS for w in preceding):
        valence = -valence
    sign = "+" if valence > 0 else "-"
    return "L" + sign * (2 if abs(valence) >= _STRONG else 1)
