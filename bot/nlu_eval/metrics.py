"""Pure scoring of NLU predictions against labelled examples (no Rasa, no I/O)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

OUT_OF_SCOPE = "out_of_scope"
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Prediction:
    """What the model said about one example."""

    intent: str
    response_key: str | None
    entities: tuple[tuple[str, int, int], ...]
    seconds: float
    best_intent: str = ""
    best_confidence: float = 0.0
    response_ranking: tuple[tuple[str, float], ...] = ()  # FAQ topics, best first
    intent_ranking: tuple[tuple[str, float], ...] = ()  # intents, best first

    def at_threshold(self, threshold: float) -> str:
        """The intent a FallbackClassifier with this threshold would have given."""
        if not self.best_intent:
            return self.intent
        return self.best_intent if self.best_confidence >= threshold else FALLBACK


def f1_by_label(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """F1 of every label that occurs in ``truth``."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for t, p in zip(truth, predicted, strict=True):
        if t == p:
            tp[t] += 1
        else:
            fp[p] += 1
            fn[t] += 1
    scores = {}
    for label in sorted(set(truth)):
        denominator = 2 * tp[label] + fp[label] + fn[label]
        scores[label] = 2 * tp[label] / denominator if denominator else 0.0
    return scores


def macro_f1(truth: Sequence[str], predicted: Sequence[str]) -> float:
    """Mean F1 over the labels in ``truth``; 0.0 for no examples."""
    scores = f1_by_label(truth, predicted)
    return sum(scores.values()) / len(scores) if scores else 0.0


def entity_f1(
    truth: Iterable[tuple[tuple[str, int, int], ...]],
    predicted: Iterable[tuple[tuple[str, int, int], ...]],
    entity_types: Iterable[str],
) -> dict[str, dict[str, float]]:
    """Exact-span precision, recall and F1 per entity type (a span must match start and end)."""
    result = {}
    pairs = list(zip(truth, predicted, strict=True))
    for kind in entity_types:
        tp = fp = fn = 0
        for gold, guess in pairs:
            gold_set = {span for span in gold if span[0] == kind}
            guess_set = {span for span in guess if span[0] == kind}
            tp += len(gold_set & guess_set)
            fp += len(guess_set - gold_set)
            fn += len(gold_set - guess_set)
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result[kind] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return result


def out_of_scope_scores(truth: Sequence[str], predicted: Sequence[str]) -> dict[str, float]:
    """Share of out-of-scope messages caught (as out_of_scope or fallback), and the share of
    in-scope messages wrongly turned away."""
    turned_away = {OUT_OF_SCOPE, FALLBACK}
    oos = [p for t, p in zip(truth, predicted, strict=True) if t == OUT_OF_SCOPE]
    in_scope = [p for t, p in zip(truth, predicted, strict=True) if t != OUT_OF_SCOPE]
    caught = sum(p in turned_away for p in oos) / len(oos) if oos else 0.0
    false_alarm = sum(p in turned_away for p in in_scope) / len(in_scope) if in_scope else 0.0
    return {"caught": caught, "in_scope_turned_away": false_alarm, "support": len(oos)}


def threshold_sweep(
    truth: Sequence[str], predictions: Sequence[Prediction], thresholds: Iterable[float]
) -> list[dict[str, float]]:
    """Macro-F1, out-of-scope caught and in-scope turned away for each fallback threshold."""
    rows = []
    for threshold in thresholds:
        guess = [p.at_threshold(threshold) for p in predictions]
        oos = out_of_scope_scores(truth, guess)
        rows.append(
            {
                "threshold": threshold,
                "macro_f1": macro_f1(truth, guess),
                "oos_caught": oos["caught"],
                "in_scope_turned_away": oos["in_scope_turned_away"],
            }
        )
    return rows


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100) by nearest rank; 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(q / 100 * len(ordered))))
    return ordered[rank - 1]
