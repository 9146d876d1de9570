"""Compare a classifier's settings in minutes: ``python -m bot.nlu_eval.settings``.

Example::

    python -m bot.nlu_eval.settings bot.linear_intent.LinearIntentClassifier '{}' '{"C": 1.0}'
    python -m bot.nlu_eval.settings DIETClassifier '{"epochs": 20}' '{"epochs": 40}'
    python -m bot.nlu_eval.settings ResponseSelector '{}' '{"epochs": 40}'
    python -m bot.nlu_eval.settings bot.linear_intent.LinearIntentClassifier '{}' \
        --seed 42 --seed 7 --seed 11

It featurizes ``make eval-nlu``'s held-out split once per ``--seed`` (default 42; the
comparisons in docs/benchmarks.md use three seeded splits, since one split moves by about
±0.005), with config.yml's tokenizer and featurizers fitted on the training part only, then
trains the named classifier once per JSON object (config.yml's settings for it, overridden by
the object) and prints held-out intent macro-F1 per language (intent classifiers) or FAQ topic
accuracy over the FAQ questions (topic selectors), with the training time; with several seeds,
one more line per JSON object gives the mean over the splits. A classifier config.yml does not
name starts from its defaults. No fallback, no dialogue, no probe set: it compares settings
with each other; the product's figures come from ``make eval-nlu``.
"""

from __future__ import annotations

import argparse
import copy
import json
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_eval.examples import Example, load_examples, load_lookup_tables, stratified_split
from bot.nlu_eval.metrics import macro_f1

ROOT = Path(__file__).resolve().parent.parent.parent
INTENT_CLASSIFIERS = ("bot.linear_intent.LinearIntentClassifier", "DIETClassifier")
TOPIC_SELECTORS = ("bot.linear_response_selector.LinearResponseSelector", "ResponseSelector")
CLASSIFIERS = INTENT_CLASSIFIERS + TOPIC_SELECTORS


class Workbench:
    """Builds config.yml's components in a throw-away model storage."""

    def __init__(self, storage_dir: Path) -> None:
        self._storage = LocalModelStorage(storage_dir)
        self._count = 0

    def component(self, entry: dict[str, Any]) -> GraphComponent:
        """An untrained component from a pipeline entry (``name`` plus settings)."""
        component_class = DefaultV1Recipe._from_registry(entry["name"]).clazz
        config = {**component_class.get_default_config(), **_settings(entry)}
        self._count += 1
        name = f"{entry['name'].split('.')[-1]}{self._count}"
        context = ExecutionContext(GraphSchema({}), node_name=name)
        return component_class.create(config, self._storage, Resource(name), context)


def _settings(entry: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in entry.items() if key != "name"}


def featurized_split(
    pipeline: list[dict[str, Any]], data: Path, seed: int, bench: Workbench
) -> tuple[TrainingData, list[Example], list[Message]]:
    """(training data, held-out examples, their featurized messages) for ``pipeline``'s
    featurizers: every entry before the first classifier, trained on the training part only."""
    train, test = stratified_split(load_examples(data), 0.2, seed)
    training_data = TrainingData(
        training_examples=[copy.deepcopy(e.message) for e in train],
        lookup_tables=load_lookup_tables(data),
    )
    held_out = [Message(data={"text": e.text}) for e in test]
    for entry in pipeline:
        if entry["name"] in CLASSIFIERS:
            break
        component = bench.component(entry)
        if DefaultV1Recipe._from_registry(entry["name"]).is_trainable:
            component.train(training_data)
        if hasattr(component, "process_training_data"):
            component.process_training_data(training_data)
        component.process(held_out)
    return training_data, test, held_out


@dataclass(frozen=True)
class Figures:
    """A trained classifier's held-out figures: macro-F1 per language (intent classifiers) or
    FAQ topic top-1 (topic selectors), over ``count`` messages."""

    scores: dict[str, float]
    count: int
    topics: bool = False

    def line(self) -> str:
        """The figures as one line of text."""
        if self.topics:
            return f"FAQ topic top-1 {self.scores['faq']:.3f} over {self.count} questions"
        by_language = " / ".join(f"{key} {value:.3f}" for key, value in self.scores.items())
        return f"macro-F1 {by_language} over {self.count} messages"

    @staticmethod
    def mean(runs: list[Figures]) -> Figures:
        """The mean of the same figures over several splits."""
        keys = runs[0].scores
        scores = {key: sum(run.scores[key] for run in runs) / len(runs) for key in keys}
        return Figures(scores, round(sum(run.count for run in runs) / len(runs)), runs[0].topics)


def score(
    classifier: str, test: list[Example], held_out: list[Message], trained: GraphComponent
) -> Figures:
    """Held-out figures of a trained classifier."""
    messages = [copy.copy(m) for m in held_out]
    for message in messages:
        message.data = dict(message.data)
        message.features = list(message.features)
    if classifier in TOPIC_SELECTORS:
        pairs = [(e, m) for e, m in zip(test, messages, strict=True) if e.intent == "faq"]
        trained.process([m for _, m in pairs])
        right = sum(
            m.get("response_selector")["faq"]["response"]["intent_response_key"] == e.label
            for e, m in pairs
        )
        return Figures({"faq": right / len(pairs)}, len(pairs), topics=True)
    trained.process(messages)
    scores = {}
    for language in ("zh", "en"):
        chosen = [(e, m) for e, m in zip(test, messages, strict=True) if e.language == language]
        scores[language] = macro_f1(
            [e.intent for e, _ in chosen], [m.get("intent")["name"] for _, m in chosen]
        )
    return Figures(scores, len(test))


def main(argv: list[str] | None = None) -> None:
    """Featurize once per seed, then train and score the classifier once per settings object;
    with several seeds, one more line per settings object gives the mean over the splits."""
    parser = argparse.ArgumentParser(prog="python -m bot.nlu_eval.settings", description=__doc__)
    parser.add_argument("classifier", choices=CLASSIFIERS)
    parser.add_argument("settings", nargs="+", help="JSON objects, e.g. '{\"epochs\": 20}'")
    parser.add_argument("--config", default=str(ROOT / "config.yml"))
    parser.add_argument("--data", default=str(ROOT / "nlu_data"))
    parser.add_argument(
        "--seed", type=int, action="append", help="a split's seed; repeatable (default 42)"
    )
    args = parser.parse_args(argv)
    seeds = args.seed or [42]
    overrides = [json.loads(text) for text in args.settings]
    pipeline = yaml.safe_load(Path(args.config).read_text(encoding="utf-8"))["pipeline"]
    product = next((e for e in pipeline if e["name"] == args.classifier), {"name": args.classifier})
    runs: dict[int, list[Figures]] = {number: [] for number in range(len(overrides))}
    for seed in seeds:
        with tempfile.TemporaryDirectory() as storage_dir:
            bench = Workbench(Path(storage_dir))
            training_data, test, held_out = featurized_split(pipeline, Path(args.data), seed, bench)
            for number, override in enumerate(overrides):
                component = bench.component({**product, **override})
                started = time.perf_counter()
                component.train(training_data)
                seconds = time.perf_counter() - started
                figures = score(args.classifier, test, held_out, component)
                runs[number].append(figures)
                print(
                    f"{args.classifier} {json.dumps(override)}: seed {seed}, {figures.line()}, "
                    f"trained in {seconds:.0f} s"
                )
    if len(seeds) > 1:
        listed = ", ".join(str(seed) for seed in seeds)
        for number, override in enumerate(overrides):
            mean = Figures.mean(runs[number])
            label = f"{args.classifier} {json.dumps(override)}"
            print(f"{label}: mean of seeds {listed}, {mean.line()}")


if __name__ == "__main__":
    main()
