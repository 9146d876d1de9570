"""``python -m bot.sentiment evaluate``: held-out figures, and SnowNLP on the same data.

Three held-out sets, reported separately: the review test split (deduplicated, seeded, never
trained on), the held-out quarter of our chat messages, and the probe set (customer-service and
delivery messages written apart and never used to choose anything).

Reviews have no neutral label, so two accuracies are given for them: ``accuracy`` (the
three-way label must equal the gold one; "neutral" counts as wrong) and ``polarity_accuracy``
(is P(negative) above P(positive)), the like-for-like comparison with SnowNLP, which only
knows two classes. SnowNLP's neutral band on chat is tuned on the chat training split.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.sentiment.analyzer import SentimentAnalyzer
from bot.sentiment.corpus import Example, assemble, review_data_dir
from bot.sentiment.metrics import (
    accuracy,
    expected_calibration_error,
    macro_f1,
    precision_recall,
)
from bot.sentiment.text import dedup_key

LABELS3 = ("negative", "neutral", "positive")


def evaluate_set(analyzer: SentimentAnalyzer, examples: Sequence[Example]) -> dict:
    """Every figure for one held-out set."""
    texts = [ex.text for ex in examples]
    gold = [ex.label for ex in examples]
    started = time.perf_counter()
    predicted = analyzer.predict(texts)
    seconds = time.perf_counter() - started
    probs = analyzer.model.probabilities(texts)
    labels = [p.label for p in predicted]
    present = [label for label in LABELS3 if label in gold]
    polar = [i for i, g in enumerate(gold) if g != "neutral"]
    result = {
        "n": len(examples),
        "accuracy": accuracy(gold, labels),
        "macro_f1": macro_f1(gold, labels, present),
        "polarity_accuracy": accuracy(
            [gold[i] for i in polar],
            ["negative" if probs.negative[i] >= probs.positive[i] else "positive" for i in polar],
        ),
        "ece": expected_calibration_error(
            [p.score for p in predicted], [g == "negative" for g in gold]
        ),
        "messages_per_second": len(texts) / seconds if seconds else None,
    }
    if all(ex.anger is not None for ex in examples):
        precision, recall = precision_recall(
            [bool(ex.anger) for ex in examples], [p.anger for p in predicted]
        )
        result.update(anger_precision=precision, anger_recall=recall)
        result["accuracy_by_language"] = {
            lang: accuracy(
                [g for g, ex in zip(gold, examples, strict=True) if ex.language == lang],
                [p for p, ex in zip(labels, examples, strict=True) if ex.language == lang],
            )
            for lang in sorted({ex.language for ex in examples})
        }
    result["confusion"] = {
        f"{g}->{p}": sum(1 for a, b in zip(gold, labels, strict=True) if (a, b) == (g, p))
        for g in present
        for p in LABELS3
    }
    return result


def snownlp_scores(texts: Sequence[str]) -> tuple[np.ndarray, float]:
    """SnowNLP's P(positive) of each text and the seconds it took."""
    from snownlp import SnowNLP

    started = time.perf_counter()
    scores = [SnowNLP(t).sentiments if t.strip() else 0.5 for t in texts]
    return np.array(scores), time.perf_counter() - started


def snownlp_labels(scores: np.ndarray, band: tuple[float, float]) -> list[str]:
    """Three-way labels from SnowNLP's P(positive) with a neutral band."""
    low, high = band
    return ["negative" if s < low else "positive" if s > high else "neutral" for s in scores]


def tune_snownlp_band(scores: np.ndarray, gold: Sequence[str]) -> tuple[float, float]:
    """The neutral band that gives SnowNLP its best accuracy (on training data)."""
    grid = np.round(np.arange(0.05, 0.96, 0.05), 2)
    bands = [(lo, hi) for lo in grid for hi in grid if lo <= hi]
    return max(bands, key=lambda band: accuracy(gold, snownlp_labels(scores, band)))


def evaluate_snownlp(
    sets: dict[str, Sequence[Example]], chat_train: Sequence[Example], ours: dict
) -> dict:
    """SnowNLP on the same held-out sets; speed ratio against our analyzer's run."""
    train_scores, _ = snownlp_scores([ex.text for ex in chat_train])
    band = tune_snownlp_band(train_scores, [ex.label for ex in chat_train])
    out: dict = {"neutral_band": list(band)}
    for name, examples in sets.items():
        gold = [ex.label for ex in examples]
        scores, seconds = snownlp_scores([ex.text for ex in examples])
        polar = [i for i, g in enumerate(gold) if g != "neutral"]
        rate = len(examples) / seconds if seconds else None
        ours_rate = ours[name]["messages_per_second"]
        out[name] = {
            "accuracy": accuracy(
                gold, snownlp_labels(scores, band if name != "reviews" else (0.5, 0.5))
            ),
            "polarity_accuracy": accuracy(
                [gold[i] for i in polar],
                ["negative" if scores[i] < 0.5 else "positive" for i in polar],
            ),
            "messages_per_second": rate,
            "speed_ratio_ours_over_snownlp": ours_rate / rate if rate and ours_rate else None,
        }
    return out


def run_evaluation(model_dir: str | None, output: str | Path, *, with_snownlp: bool = True) -> dict:
    """Evaluate the built model, print a summary and write it as JSON to ``output``."""
    from bot.sentiment.loading import load_analyzer
    from bot.sentiment.training import DEFAULT_CONFIG

    analyzer = load_analyzer(model_dir)
    table = str.maketrans(analyzer.model.simplify)
    splits = assemble(review_data_dir(), DEFAULT_CONFIG.seed, lambda t: dedup_key(t, table))
    sets = {"reviews": splits.review_test, "chat": splits.chat_test, "probe": splits.probe}
    report: dict = {
        "model_version": analyzer.version,
        "evaluated_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "command": ".venv/bin/python -m bot.sentiment evaluate",
        "deduplication": splits.dedup.__dict__,
        "ours": {name: evaluate_set(analyzer, examples) for name, examples in sets.items()},
    }
    if with_snownlp:
        report["snownlp"] = evaluate_snownlp(sets, splits.chat_train, report["ours"])
        report["snownlp"]["note"] = (
            "SnowNLP's sentiment model was trained on snownlp/neg.txt and pos.txt, which overlap "
            "the review data (and so very likely our review test split): its review figure is "
            "optimistic."
        )
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    print(format_summary(report))
    print(f"written to {path}")
    return report


def format_summary(report: dict) -> str:
    """A short human-readable table of the report."""
    lines = [f"sentiment model {report['model_version']}"]
    for name, r in report["ours"].items():
        anger = ""
        if "anger_precision" in r:
            anger = f" anger P/R {r['anger_precision']:.3f}/{r['anger_recall']:.3f}"
        lines.append(
            f"  {name:8s} n={r['n']:5d} acc {r['accuracy']:.4f} macro-F1 {r['macro_f1']:.4f} "
            f"polarity acc {r['polarity_accuracy']:.4f} ECE {r['ece']:.4f}{anger}"
        )
    for name, r in report.get("snownlp", {}).items():
        if isinstance(r, dict):
            ratio = r["speed_ratio_ours_over_snownlp"]
            lines.append(
                f"  snownlp {name:8s} acc {r['accuracy']:.4f} polarity acc "
                f"{r['polarity_accuracy']:.4f} (ours is {ratio:.1f}x faster)"
            )
    return "\n".join(lines)
