"""Fitting the model: TF-IDF features, three logistic-regression heads, calibration, thresholds.

Chosen by measurement (docs/sentiment.md has the comparison): character n-grams rather than
jieba words (same review accuracy, no segmenter in memory), a two-stage opinion × polarity model
rather than one three-class model (the reviews have no neutral text, and a joint model called
most plain inquiries negative), English lexicon features, and no domain-adaptation copies.
Everything is seeded; scikit-learn is needed here only, never at inference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bot.sentiment.corpus import Example
from bot.sentiment.cues import find_anger_cues
from bot.sentiment.features import extract_features
from bot.sentiment.model import HEADS, Probabilities, SentimentModel, _logit, _sigmoid
from bot.sentiment.text import normalise


@dataclass(frozen=True)
class TrainingConfig:
    """Hyper-parameters (part of the model's version stamp)."""

    seed: int = 13
    min_df: int = 2
    polarity_c: float = 4.0
    chat_weight: float = 20.0  # one chat message counts as much as this many reviews
    opinion_c: float = 30.0
    anger_c: float = 10.0
    folds: int = 5


DEFAULT_CONFIG = TrainingConfig()


def train(
    reviews: Sequence[Example],
    chat: Sequence[Example],
    review_dev: Sequence[Example],
    lexicon: dict[str, float],
    simplify: dict[str, str],
    config: TrainingConfig = DEFAULT_CONFIG,
) -> SentimentModel:
    """Train on ``reviews`` + ``chat``; calibrate on out-of-fold chat and on ``review_dev``."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold

    table = str.maketrans(simplify)

    def analyse(text: str) -> list[str]:
        return extract_features(normalise(text, table), lexicon)

    vectoriser = TfidfVectorizer(
        analyzer=analyse, min_df=config.min_df, sublinear_tf=True, dtype=np.float64
    )
    x_all = vectoriser.fit_transform([ex.text for ex in reviews] + [ex.text for ex in chat])
    x_rev, x_chat = x_all[: len(reviews)], x_all[len(reviews) :]
    y_rev = np.array([ex.label == "negative" for ex in reviews], dtype=int)
    labels = np.array([ex.label for ex in chat])
    anger = np.array([bool(ex.anger) for ex in chat], dtype=int)

    # out-of-fold head scores of every chat message, for calibration and thresholds
    oof = np.zeros((len(chat), 3))
    folds = StratifiedKFold(config.folds, shuffle=True, random_state=config.seed)
    for fit_idx, held_idx in folds.split(np.zeros(len(chat)), labels):
        heads = _fit_heads(x_rev, y_rev, x_chat[fit_idx], labels[fit_idx], anger[fit_idx], config)
        oof[held_idx] = _head_logits(heads, x_chat[held_idx])
    heads = _fit_heads(x_rev, y_rev, x_chat, labels, anger, config)

    vocabulary = [""] * len(vectoriser.vocabulary_)
    for feature, i in vectoriser.vocabulary_.items():
        vocabulary[i] = feature
    model = SentimentModel(
        vocabulary=vocabulary,
        idf=vectoriser.idf_.copy(),
        weights=np.stack([h.coef_.ravel() for h in heads], axis=1).astype(np.float32),
        intercepts=np.array([h.intercept_[0] for h in heads]),
        lexicon=lexicon,
        simplify=simplify,
    )
    dev_logits, _ = model.logits([ex.text for ex in review_dev])
    dev_negative = np.array([ex.label == "negative" for ex in review_dev], dtype=int)
    model.calibration = _platt(
        [_raw_negative(oof), _raw_negative(dev_logits)], [labels == "negative", dev_negative]
    )
    probs = model.probabilities_from_logits(oof)
    model.neutral_bias = _best_neutral_bias(probs, labels)
    found = [find_anger_cues(ex.text) for ex in chat]
    model.anger_threshold, model.cue_min_negative = _best_anger_rule(
        probs,
        np.array([c.content for c in found]),
        np.array([c.intensity for c in found]),
        anger,
    )
    model.info = {
        "reviews": len(reviews),
        "chat": len(chat),
        "features": len(vocabulary),
        "config": config.__dict__,
    }
    return model


def _fit_heads(x_rev, y_rev, x_chat, labels, anger, config: TrainingConfig) -> list:
    from scipy import sparse
    from sklearn.linear_model import LogisticRegression

    polar = labels != "neutral"
    x_pol = sparse.vstack([x_rev, x_chat[polar]])
    y_pol = np.concatenate([y_rev, (labels[polar] == "negative").astype(int)])
    weight = np.concatenate([np.ones(x_rev.shape[0]), np.full(polar.sum(), config.chat_weight)])
    polarity = LogisticRegression(C=config.polarity_c, solver="liblinear")
    polarity.fit(x_pol, y_pol, sample_weight=weight)
    opinion = LogisticRegression(C=config.opinion_c, solver="liblinear")
    opinion.fit(x_chat, polar.astype(int))
    angry = LogisticRegression(C=config.anger_c, solver="liblinear", class_weight="balanced")
    angry.fit(x_chat, anger)
    heads = [polarity, opinion, angry]
    assert len(heads) == len(HEADS)
    return heads


def _head_logits(heads: list, x) -> np.ndarray:
    return np.stack([h.decision_function(x) for h in heads], axis=1)


def _raw_negative(logits: np.ndarray) -> np.ndarray:
    return _sigmoid(logits[:, 0]) * _sigmoid(logits[:, 1])


def _platt(raws: list[np.ndarray], targets: list[np.ndarray]) -> tuple[float, float]:
    """Fit sigmoid(a·logit(p) + b), each data set weighing the same in total."""
    from sklearn.linear_model import LogisticRegression

    x = np.concatenate([_logit(r) for r in raws]).reshape(-1, 1)
    y = np.concatenate([np.asarray(t, dtype=int) for t in targets])
    w = np.concatenate([np.full(len(r), 1.0 / len(r)) for r in raws])
    fit = LogisticRegression(C=1.0).fit(x, y, sample_weight=w * len(y))
    return float(fit.coef_[0, 0]), float(fit.intercept_[0])


def _best_neutral_bias(probs: Probabilities, labels: np.ndarray) -> float:
    negative, positive, neutral = probs.negative, probs.positive, probs.neutral
    best, best_acc = 0.0, -1.0
    for bias in np.round(np.arange(-0.1, 0.21, 0.025), 3):
        stacked = np.stack([negative, neutral + bias, positive], axis=1)
        predicted = np.array(["negative", "neutral", "positive"])[stacked.argmax(axis=1)]
        accuracy = float((predicted == labels).mean())
        if accuracy > best_acc + 1e-9:
            best, best_acc = float(bias), accuracy
    return best


def _best_anger_rule(
    probs: Probabilities, content: np.ndarray, intensity: np.ndarray, anger: np.ndarray
) -> tuple[float, float]:
    """Thresholds of "model says angry" and "a cue plus enough negativity" maximising F1."""
    negative, p_anger = probs.negative, probs.anger
    best, best_f1 = (0.5, 0.3), -1.0
    for threshold in np.arange(0.3, 0.91, 0.05):
        for cue_min in (0.2, 0.3, 0.4, 0.5):
            predicted = (
                ((p_anger >= threshold) & (negative >= 0.5))
                | (content & (negative >= cue_min))
                | (intensity & (negative >= 0.5))
            )
            tp = int((predicted & (anger == 1)).sum())
            f1 = 2 * tp / max(int(predicted.sum()) + int(anger.sum()), 1)
            if f1 > best_f1 + 1e-9:
                best, best_f1 = (round(float(threshold), 3), cue_min), f1
    return best
