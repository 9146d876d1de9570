"""Evaluation measures, pure functions over plain sequences."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Share of exact label matches."""
    if not gold:
        return float("nan")
    return float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)]))


def macro_f1(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> float:
    """Unweighted mean of the per-label F1 over ``labels`` (a label never seen nor predicted
    scores 0, so list only the labels the data set has)."""
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        predicted_n = sum(p == label for p in predicted)
        gold_n = sum(g == label for g in gold)
        scores.append(2 * tp / (predicted_n + gold_n) if predicted_n + gold_n else 0.0)
    return float(np.mean(scores))


def precision_recall(gold: Sequence[bool], predicted: Sequence[bool]) -> tuple[float, float]:
    """Precision and recall of the positive (True) class; nan when undefined."""
    tp = sum(g and p for g, p in zip(gold, predicted, strict=True))
    n_predicted, n_gold = sum(predicted), sum(gold)
    precision = tp / n_predicted if n_predicted else float("nan")
    recall = tp / n_gold if n_gold else float("nan")
    return float(precision), float(recall)


def expected_calibration_error(
    probability: Sequence[float], outcome: Sequence[bool], bins: int = 10
) -> float:
    """ECE: mean |confidence − frequency| over equal-width probability bins, weighted by size."""
    p = np.asarray(probability, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if len(p) == 0:
        return float("nan")
    index = np.minimum((p * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        in_bin = index == b
        if in_bin.any():
            error += in_bin.mean() * abs(p[in_bin].mean() - y[in_bin].mean())
    return float(error)
