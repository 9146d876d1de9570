"""Evaluate the NLU model on held-out data: ``python -m bot.evaluate_nlu``.

Held-out mode (default): a seeded split stratified by (intent or FAQ topic, language) keeps
``--test-fraction`` (default 20 %) of nlu_data/ aside; each ``--variant`` trains on the rest only
and is scored on the held-out part. ``--folds 5`` runs stratified 5-fold cross-validation of the
product pipeline instead (slower: five trainings). Split files, models and reports go to
``results/nlu_eval`` (git ignores results/); the summary is printed as Markdown for
docs/benchmarks.md.

The probe set (``bot/nlu_eval/probe/messages.yml``, written apart from nlu_data/ by someone who
did not see it) is scored by the same held-out models: a second test of phrasing nobody trained
on. Real customers' questions, labelled from the missed-questions review and held out when they
were imported (``bot/nlu_eval/collected/held_out.yml``, :mod:`bot.nlu_eval.collected`), are
scored the same way when that file exists. Every test (held-out part, probe set, collected
questions, cross-validation fold) scores only the messages whose
text, folded and without punctuation (:func:`bot.nlu_eval.examples.comparable_text`), no training
example has; the report says how many were left out.

Reported: intent macro-F1 overall and per language, per-intent F1, exact-span entity F1 per
entity, FAQ retrieval accuracy, out-of-scope detection, the share of common questions the bot
answers right without a person (bot.nlu_eval.coverage), how well the review of missed questions
finds the bot's mistakes (bot.nlu_eval.review), parse latency (p50/p99) and the
accuracy/latency ratios against Rasa's default pipeline when ``baseline`` is among the variants.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

import structlog

from actions.faq_related import suggestions
from bot.nlu_eval.collected import HELD_OUT as COLLECTED
from bot.nlu_eval.coverage import Coverage
from bot.nlu_eval.examples import (
    Example,
    load_examples,
    load_lookup_tables,
    stratified_folds,
    stratified_split,
    unseen,
    write_yaml,
)
from bot.nlu_eval.metrics import (
    Prediction,
    entity_f1,
    f1_by_label,
    macro_f1,
    out_of_scope_scores,
    percentile,
    threshold_sweep,
)
from bot.nlu_eval.report import markdown_summary
from bot.nlu_eval.review import review_figures
from bot.nlu_eval.variants import VARIANTS, write_variant_config

ROOT = Path(__file__).resolve().parent.parent
PROBE = Path(__file__).resolve().parent / "nlu_eval" / "probe" / "messages.yml"
ENTITY_TYPES = ("order_id", "tracking_no", "phone", "email", "amount", "date")


def train_and_load(config: Path, train_file: Path, out_dir: Path, name: str) -> Any:
    """Train an NLU model on ``train_file`` only and return the loaded Agent."""
    from rasa.core.agent import Agent
    from rasa.model_training import train_nlu

    started = time.perf_counter()
    model = train_nlu(
        config=str(config),
        nlu_data=str(train_file),
        output=str(out_dir),
        fixed_model_name=name,
        domain=str(ROOT / "domain.yml"),
    )
    print(f"[{name}] trained in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return Agent.load(model)


async def _predict(agent: Any, examples: list[Example]) -> list[Prediction]:
    predictions = []
    for example in examples:
        started = time.perf_counter()
        result = await agent.parse_message(example.text)
        seconds = time.perf_counter() - started
        selectors = result.get("response_selector", {})
        key, topics = None, ()
        for name, selector in selectors.items():
            if name == "all_retrieval_intents":
                continue
            key = selector.get("response", {}).get("intent_response_key")
            topics = tuple(
                (r["intent_response_key"], float(r["confidence"]))
                for r in selector.get("ranking", [])
            )
            break
        entities = tuple(
            (e["entity"], e["start"], e["end"])
            for e in result.get("entities", [])
            if e["entity"] != "language"
        )
        intent = (result.get("intent") or {}).get("name") or ""
        ranking = [r for r in result.get("intent_ranking", []) if r["name"] != "nlu_fallback"]
        best = ranking[0] if ranking else {"name": intent, "confidence": 1.0}
        predictions.append(
            Prediction(
                intent,
                key,
                entities,
                seconds,
                best["name"],
                float(best["confidence"]),
                topics,
                tuple((r["name"], float(r["confidence"])) for r in ranking),
            )
        )
    return predictions


def predict(agent: Any, examples: list[Example]) -> list[Prediction]:
    """Parse every example with the model, timing each parse."""
    return asyncio.run(_predict(agent, examples))


def score(examples: list[Example], predictions: list[Prediction]) -> dict[str, Any]:
    """All metrics of one model on one test set."""
    truth = [e.intent for e in examples]
    guess = [p.intent for p in predictions]
    by_language = {}
    for language in ("zh", "en"):
        rows = zip(examples, truth, guess, strict=True)
        pairs = [(t, g) for e, t, g in rows if e.language == language]
        by_language[language] = {
            "macro_f1": macro_f1([t for t, _ in pairs], [g for _, g in pairs]),
            "n": len(pairs),
        }
    faq = [(e, p) for e, p in zip(examples, predictions, strict=True) if e.intent == "faq"]
    faq_end_to_end = sum(p.intent == "faq" and p.response_key == e.label for e, p in faq)
    faq_given_intent = [(e, p) for e, p in faq if p.intent == "faq"]
    seconds = [p.seconds for p in predictions]
    return {
        "n_test": len(examples),
        "intent_accuracy": sum(t == g for t, g in zip(truth, guess, strict=True)) / len(truth),
        "intent_macro_f1": macro_f1(truth, guess),
        "intent_macro_f1_by_language": by_language,
        "intent_f1": f1_by_label(truth, guess),
        "entities": entity_f1(
            [e.entities for e in examples], [p.entities for p in predictions], ENTITY_TYPES
        ),
        "faq_retrieval": {
            "end_to_end_accuracy": faq_end_to_end / len(faq) if faq else 0.0,
            "accuracy_when_intent_is_faq": (
                sum(p.response_key == e.label for e, p in faq_given_intent) / len(faq_given_intent)
                if faq_given_intent
                else 0.0
            ),
            "n": len(faq),
        },
        "out_of_scope": out_of_scope_scores(truth, guess),
        "self_service": self_service(examples, predictions),
        "review": review_figures(examples, predictions, [offered(p) for p in predictions]),
        "fallback_threshold_sweep": threshold_sweep(
            truth, predictions, (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8)
        ),
        "latency_ms": {
            "p50": 1000 * percentile(seconds, 50),
            "p90": 1000 * percentile(seconds, 90),
            "p99": 1000 * percentile(seconds, 99),
            "mean": 1000 * sum(seconds) / len(seconds),
        },
        "errors": [
            {"text": e.text, "label": e.label, "predicted": p.intent, "response": p.response_key}
            for e, p in zip(examples, predictions, strict=True)
            if e.intent != p.intent or (e.intent == "faq" and p.response_key != e.label)
        ],
    }


def offered(prediction: Prediction) -> tuple[str, ...]:
    """The related questions (``faq/<topic>``) the bot shows under its answer, if any."""
    intents = [{"name": name, "confidence": c} for name, c in prediction.intent_ranking]
    topics = [{"intent_response_key": k, "confidence": c} for k, c in prediction.response_ranking]
    return tuple(f"faq/{t}" for t in suggestions(prediction.intent, intents, topics))


def self_service(examples: list[Example], predictions: list[Prediction]) -> dict[str, Any]:
    """Common questions answered by the bot, overall and per language (bot.nlu_eval.coverage)."""
    figures: dict[str, Any] = {}
    for language in (None, "zh", "en"):
        coverage = Coverage.of(
            (e.label, p.intent, p.response_key, offered(p))
            for e, p in zip(examples, predictions, strict=True)
            if language is None or e.language == language
        )
        figures[language or "all"] = coverage.as_dict()
    return figures


def run_holdout(args: argparse.Namespace) -> dict[str, Any]:
    """Train each variant on the split's training part and score it on the held-out part."""
    examples = load_examples(args.data)
    train, split_test = stratified_split(examples, args.test_fraction, args.seed)
    test = unseen(split_test, train)
    out = Path(args.out)
    train_file = write_yaml(train, out / "split" / "train.yml", load_lookup_tables(args.data))
    write_yaml(test, out / "split" / "test.yml")
    all_probe = load_examples(args.probe) if args.probe else []
    probe = unseen(all_probe, train)
    has_collected = bool(args.collected) and Path(args.collected).exists()
    all_collected = load_examples(args.collected) if has_collected else []
    collected = unseen(all_collected, train)
    reports: dict[str, Any] = {
        "split": {
            "seed": args.seed,
            "train": len(train),
            "test": len(test),
            "test_seen_in_training": len(split_test) - len(test),
            "probe": len(probe),
            "probe_seen_in_training": len(all_probe) - len(probe),
            "collected": len(collected),
            "collected_seen_in_training": len(all_collected) - len(collected),
        },
        "variants": {},
    }
    for variant in args.variant:
        config = write_variant_config(Path(args.config), variant, out / "configs")
        started = time.perf_counter()
        agent = train_and_load(config, train_file, out / "models", variant)
        train_seconds = time.perf_counter() - started
        predict(agent, test[:20])  # warm-up: the first parses build TensorFlow graphs
        report = score(test, predict(agent, test))
        report["train_seconds"] = train_seconds
        if probe:
            report["probe"] = score(probe, predict(agent, probe))
        if collected:
            report["collected"] = score(collected, predict(agent, collected))
        reports["variants"][variant] = report
    return reports


def run_cross_validation(args: argparse.Namespace) -> dict[str, Any]:
    """Stratified k-fold cross-validation of the product pipeline, predictions pooled."""
    examples = load_examples(args.data)
    folds = stratified_folds(examples, args.folds, args.seed)
    lookups = load_lookup_tables(args.data)
    out = Path(args.out) / "cv"
    config = write_variant_config(Path(args.config), "product", out)
    all_examples: list[Example] = []
    all_predictions: list[Prediction] = []
    per_fold = []
    seen_in_training = 0
    for index, fold in enumerate(folds):
        train = [e for j, f in enumerate(folds) if j != index for e in f]
        train_file = write_yaml(train, out / f"fold{index}" / "train.yml", lookups)
        tested = unseen(fold, train)
        seen_in_training += len(fold) - len(tested)
        agent = train_and_load(config, train_file, out / "models", f"fold{index}")
        predictions = predict(agent, tested)
        fold_report = score(tested, predictions)
        per_fold.append(
            {k: fold_report[k] for k in ("intent_macro_f1", "intent_macro_f1_by_language")}
        )
        all_examples.extend(tested)
        all_predictions.extend(predictions)
    pooled = score(all_examples, all_predictions)
    return {
        "folds": args.folds,
        "seed": args.seed,
        "seen_in_training": seen_in_training,
        "per_fold": per_fold,
        "pooled": pooled,
    }


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; prints the Markdown summary and writes report.json."""
    parser = argparse.ArgumentParser(prog="python -m bot.evaluate_nlu", description=__doc__)
    parser.add_argument("--data", default=str(ROOT / "nlu_data"))
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--out", default=str(ROOT / "results" / "nlu_eval"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--test-fraction", type=float, default=0.2)
    parser.add_argument(
        "--variant", action="append", choices=VARIANTS, help="repeatable; default: product"
    )
    parser.add_argument("--folds", type=int, default=0, help="k-fold CV instead of held-out")
    parser.add_argument(
        "--probe",
        default=str(PROBE),
        help="messages written apart from nlu_data/, scored too ('' to skip)",
    )
    parser.add_argument(
        "--collected",
        default=str(COLLECTED),
        help="real customers' questions held out at import, scored when present ('' to skip)",
    )
    args = parser.parse_args(argv)
    args.variant = args.variant or ["product"]
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    logging.getLogger("rasa").setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    if args.folds:
        report = run_cross_validation(args)
        name = f"cv{args.folds}"
    else:
        report = run_holdout(args)
        name = "holdout_" + "_".join(args.variant)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    print(markdown_summary(report))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
