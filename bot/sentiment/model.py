"""The trained sentiment model: three linear heads over one TF-IDF feature space, numpy only.

Heads (columns of ``weights``):
- ``polarity``: P(negative | the message expresses an opinion), trained on the reviews and the
  opinionated chat messages;
- ``opinion``: P(the message expresses an opinion at all), trained on chat messages only (the
  reviews have no neutral text, so they cannot teach it);
- ``anger``: P(angry), trained on chat messages.

P(negative) = P(opinion) · P(negative | opinion), then Platt-scaled (``calibration``) so that
it is a calibrated probability. The same ``weights`` are read by plain numpy at inference time
(no scikit-learn, no pickle): the files are ``meta.json``, ``vocabulary.json`` and
``weights.npz``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bot.sentiment.errors import SentimentModelIncompatible, SentimentModelMissing
from bot.sentiment.features import extract_features
from bot.sentiment.text import normalise

FORMAT = 1
HEADS = ("polarity", "opinion", "anger")
META_FILE, VOCABULARY_FILE, WEIGHTS_FILE = "meta.json", "vocabulary.json", "weights.npz"


@dataclass(frozen=True)
class Probabilities:
    """Per message: calibrated P(negative), P(positive), P(neutral) and P(angry).

    ``known`` is false for a message without a single feature the model knows (empty,
    whitespace, unseen symbols): its probabilities are the model's priors only.
    """

    negative: np.ndarray
    positive: np.ndarray
    neutral: np.ndarray
    anger: np.ndarray
    known: np.ndarray


@dataclass
class SentimentModel:
    """Vocabulary, IDF, head weights and decision settings; :meth:`probabilities` scores text."""

    vocabulary: list[str]
    idf: np.ndarray
    weights: np.ndarray  # (n_features, 3) float32, columns = HEADS
    intercepts: np.ndarray  # (3,)
    calibration: tuple[float, float] = (1.0, 0.0)  # Platt: sigmoid(a·logit(p) + b)
    neutral_bias: float = 0.0
    anger_threshold: float = 0.5
    cue_min_negative: float = 0.3
    lexicon: dict[str, float] = field(default_factory=dict)
    simplify: dict[str, str] = field(default_factory=dict)
    info: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index = {feature: i for i, feature in enumerate(self.vocabulary)}
        self._table = str.maketrans(self.simplify)

    def features(self, text: str) -> list[str]:
        """The feature strings of a raw text (normalisation included)."""
        return extract_features(normalise(text, self._table), self.lexicon)

    def logits(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Raw head scores, shape (len(texts), 3), and which texts had a known feature.

        The whole batch is one vectorised sum: Python only extracts and counts features.
        """
        n = len(texts)
        out = np.tile(self.intercepts.astype(np.float64), (n, 1))
        rows: list[int] = []
        cols: list[int] = []
        counts: list[int] = []
        index = self._index
        for row, text in enumerate(texts):
            tally: dict[int, int] = {}
            for feature in self.features(text):
                i = index.get(feature)
                if i is not None:
                    tally[i] = tally.get(i, 0) + 1
            rows.extend([row] * len(tally))
            cols.extend(tally)
            counts.extend(tally.values())
        if not cols:
            return out, np.zeros(n, dtype=bool)
        row_ix = np.array(rows, dtype=np.int64)
        col_ix = np.array(cols, dtype=np.int64)
        values = (1.0 + np.log(np.array(counts, dtype=np.float64))) * self.idf[col_ix]
        norms = np.sqrt(np.bincount(row_ix, weights=values * values, minlength=n))
        values /= norms[row_ix]
        contributions = self.weights[col_ix] * values[:, None]
        for head in range(out.shape[1]):
            out[:, head] += np.bincount(row_ix, weights=contributions[:, head], minlength=n)
        return out, np.bincount(row_ix, minlength=n) > 0

    def probabilities(self, texts: Sequence[str]) -> Probabilities:
        """Calibrated probabilities of each text (see the module docstring)."""
        return self.probabilities_from_logits(*self.logits(texts))

    def probabilities_from_logits(
        self, z: np.ndarray, known: np.ndarray | None = None
    ) -> Probabilities:
        """Calibrated probabilities from head scores of shape (n, 3)."""
        p_polar_neg, p_opinion, p_anger = (_sigmoid(z[:, i]) for i in range(3))
        raw_negative = p_opinion * p_polar_neg
        a, b = self.calibration
        negative = _sigmoid(a * _logit(raw_negative) + b)
        # the rest of the probability mass keeps its raw opinion/neutral proportions
        rest = 1.0 - negative
        raw_rest = np.maximum(1.0 - raw_negative, 1e-12)
        positive = rest * p_opinion * (1.0 - p_polar_neg) / raw_rest
        neutral = rest - positive
        if known is None:
            known = np.ones(len(z), dtype=bool)
        return Probabilities(negative, positive, neutral, p_anger, known)

    def save(self, directory: Path) -> None:
        """Write the three model files into ``directory`` (which must exist)."""
        meta = {
            "format": FORMAT,
            "heads": list(HEADS),
            "calibration": list(self.calibration),
            "neutral_bias": self.neutral_bias,
            "anger_threshold": self.anger_threshold,
            "cue_min_negative": self.cue_min_negative,
            "lexicon": self.lexicon,
            "simplify": self.simplify,
            "info": self.info,
        }
        (directory / META_FILE).write_text(
            json.dumps(meta, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8"
        )
        (directory / VOCABULARY_FILE).write_text(
            json.dumps(self.vocabulary, ensure_ascii=False), encoding="utf-8"
        )
        np.savez_compressed(
            directory / WEIGHTS_FILE,
            idf=self.idf.astype(np.float32),
            weights=self.weights.astype(np.float32),
            intercepts=self.intercepts.astype(np.float64),
        )

    @classmethod
    def load(cls, directory: Path) -> SentimentModel:
        """Read a model written by :meth:`save`; clear errors when missing or incompatible."""
        if not (directory / META_FILE).is_file():
            raise SentimentModelMissing(directory)
        meta = json.loads((directory / META_FILE).read_text(encoding="utf-8"))
        if meta.get("format") != FORMAT or meta.get("heads") != list(HEADS):
            raise SentimentModelIncompatible(directory, meta.get("format"), FORMAT)
        vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        with np.load(directory / WEIGHTS_FILE) as arrays:
            idf, weights, intercepts = arrays["idf"], arrays["weights"], arrays["intercepts"]
        return cls(
            vocabulary=vocabulary,
            idf=idf.astype(np.float64),
            weights=weights,
            intercepts=intercepts,
            calibration=tuple(meta["calibration"]),
            neutral_bias=meta["neutral_bias"],
            anger_threshold=meta["anger_threshold"],
            cue_min_negative=meta["cue_min_negative"],
            lexicon=meta["lexicon"],
            simplify=meta["simplify"],
            info=meta["info"],
        )


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50.0, 50.0)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-9, 1.0 - 1e-9)
    return np.log(p / (1.0 - p))
