"""Labelled NLU examples and the seeded, stratified splits the evaluation trains and tests on.

A split is stratified by (label, language), where the label is the full retrieval intent for
FAQs (``faq/delivery_time``), so every intent and FAQ topic is tested in both languages.
"""

from __future__ import annotations

import math
import random
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.language import detect_language
from bot.textnorm import fold_text

_SPACE_AND_PUNCTUATION = re.compile(r"[\s\W_]+")


@dataclass(frozen=True)
class Example:
    """One annotated message: text, label (``faq/<topic>`` for FAQs), language, entity spans."""

    text: str
    label: str
    language: str
    entities: tuple[tuple[str, int, int], ...]
    message: Message

    @property
    def intent(self) -> str:
        """The intent DIET predicts: ``faq`` for every FAQ topic."""
        return self.label.split("/", 1)[0]


def load_examples(nlu_path: str | Path) -> list[Example]:
    """Every intent example under ``nlu_path`` (a file or folder of Rasa YAML)."""
    data = load_data(str(nlu_path))
    examples = []
    for message in data.intent_examples:
        text = message.get(TEXT)
        label = message.get(INTENT_RESPONSE_KEY) or message.get(INTENT)
        spans = tuple((e["entity"], e["start"], e["end"]) for e in message.get(ENTITIES, []) or [])
        language = detect_language(text) or "zh"
        examples.append(Example(text, label, language, spans, message))
    return examples


def stratified_split(
    examples: list[Example], test_fraction: float, seed: int
) -> tuple[list[Example], list[Example]]:
    """(train, test): per (label, language) group, ``ceil(fraction × size)`` go to test.

    Groups of one example stay in training. The same seed always gives the same split.
    """
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for example in examples:
        groups[(example.label, example.language)].append(example)
    rng = random.Random(seed)
    train: list[Example] = []
    test: list[Example] = []
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda e: e.text)
        rng.shuffle(members)
        n_test = math.ceil(test_fraction * len(members)) if len(members) > 1 else 0
        test.extend(members[:n_test])
        train.extend(members[n_test:])
    return train, test


def stratified_folds(examples: list[Example], k: int, seed: int) -> list[list[Example]]:
    """``k`` disjoint folds, each group (label, language) dealt round-robin after a shuffle."""
    groups: dict[tuple[str, str], list[Example]] = defaultdict(list)
    for example in examples:
        groups[(example.label, example.language)].append(example)
    rng = random.Random(seed)
    folds: list[list[Example]] = [[] for _ in range(k)]
    offset = 0
    for key in sorted(groups):
        members = sorted(groups[key], key=lambda e: e.text)
        rng.shuffle(members)
        for index, example in enumerate(members):
            folds[(offset + index) % k].append(example)
        offset += len(members)
    return folds


def comparable_text(text: str) -> str:
    """``text`` as a test compares it with training: folded (width, traditional characters,
    case) and without spaces or punctuation, so "換貨要多久？" and "换货要多久" are one message."""
    return _SPACE_AND_PUNCTUATION.sub("", fold_text(text).lower())


def unseen(examples: list[Example], training: Iterable[Example]) -> list[Example]:
    """The examples whose comparable text no training example has: a test scores only these,
    since a message the model was trained on (in another label, script or punctuation) says
    nothing about phrasing it has not seen."""
    seen = {comparable_text(example.text) for example in training}
    return [example for example in examples if comparable_text(example.text) not in seen]


def load_lookup_tables(nlu_path: str | Path) -> list[dict]:
    """The lookup tables under ``nlu_path``: features, not examples, so every split keeps them."""
    return load_data(str(nlu_path)).lookup_tables


def write_yaml(
    examples: Iterable[Example], path: Path, lookup_tables: list[dict] | None = None
) -> Path:
    """Write the examples (entity annotations kept) and lookup tables as Rasa NLU YAML."""
    path.parent.mkdir(parents=True, exist_ok=True)
    data = TrainingData(
        training_examples=[example.message for example in examples],
        lookup_tables=lookup_tables or [],
    )
    path.write_text(RasaYAMLWriter().dumps(data), encoding="utf-8")
    return path
