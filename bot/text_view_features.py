"""Rasa 3.6 featurizer: n-gram counts of one view of the message text (:mod:`bot.text_views`).

Pipeline entries (config.yml)::

    - name: bot.text_view_features.TextViewFeaturizer
      view: anchored_characters   # or: pinyin
      min_ngram: 1
      max_ngram: 4
      min_df: 2

Training keeps every n-gram of the view that occurs in at least ``min_df`` training messages (an
n-gram seen once teaches nothing held-out and only widens the model). Every message with text
then gets one sparse *sentence* feature of ``text``: the count of each kept n-gram. No sequence
features: the linear classifiers read sentence features only. The vocabulary is stored as JSON in
the model; an empty training set gives an empty vocabulary and no features.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from typing import Any

import scipy.sparse as sp
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text_views import VIEWS, view_ngrams

logger = logging.getLogger(__name__)
VOCABULARY_FILE = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class TextViewFeaturizer(SparseFeaturizer, GraphComponent):
    """Counts of the n-grams of one text view, over a vocabulary learnt from training data."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """The anchored character 1–4-grams seen in two messages or more."""
        return {
            **SparseFeaturizer.get_default_config(),
            "view": "anchored_characters",
            "min_ngram": 1,
            "max_ngram": 4,
            "min_df": 2,
        }

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """A known view, sensible n-gram sizes and a positive document frequency."""
        if config["view"] not in VIEWS:
            raise InvalidConfigException(
                f"TextViewFeaturizer: unknown view {config['view']!r}; "
                f"use one of {', '.join(sorted(VIEWS))}"
            )
        if not 1 <= int(config["min_ngram"]) <= int(config["max_ngram"]):
            raise InvalidConfigException(
                "TextViewFeaturizer: need 1 <= min_ngram <= max_ngram, got "
                f"{config['min_ngram']} and {config['max_ngram']}"
            )
        if int(config["min_df"]) < 1:
            raise InvalidConfigException(
                f"TextViewFeaturizer: min_df must be at least 1, got {config['min_df']}"
            )

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        name: str,
        vocabulary: dict[str, int] | None = None,
    ) -> None:
        """Use :meth:`create` or :meth:`load`."""
        super().__init__(name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary or {}

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextViewFeaturizer:
        """An untrained featurizer (empty vocabulary)."""
        return cls(config, model_storage, resource, execution_context.node_name)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> TextViewFeaturizer:
        """The featurizer with the vocabulary :meth:`train` stored."""
        try:
            with model_storage.read_from(resource) as directory:
                vocabulary = json.loads((directory / VOCABULARY_FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            logger.warning("TextViewFeaturizer %s: no stored vocabulary", resource.name)
            vocabulary = {}
        return cls(config, model_storage, resource, execution_context.node_name, vocabulary)

    @property
    def vocabulary(self) -> dict[str, int]:
        """Each kept n-gram and its column."""
        return dict(self._vocabulary)

    def _ngrams(self, text: str) -> list[str]:
        smallest, largest = int(self._config["min_ngram"]), int(self._config["max_ngram"])
        return view_ngrams(self._config["view"], text, smallest, largest)

    def train(self, training_data: TrainingData) -> Resource:
        """Keep the n-grams found in at least ``min_df`` training messages, in sorted order."""
        document_frequency: Counter[str] = Counter()
        for message in training_data.training_examples:
            text = message.get(TEXT)
            if text:
                document_frequency.update(set(self._ngrams(text)))
        kept = sorted(g for g, n in document_frequency.items() if n >= int(self._config["min_df"]))
        self._vocabulary = {ngram: column for column, ngram in enumerate(kept)}
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(
                json.dumps(self._vocabulary, ensure_ascii=False), encoding="utf-8"
            )
        return self._resource

    def counts(self, text: str) -> sp.coo_matrix:
        """One row: how often each vocabulary n-gram occurs in ``text``."""
        found = Counter(self._vocabulary[g] for g in self._ngrams(text) if g in self._vocabulary)
        columns = sorted(found)
        return sp.coo_matrix(
            ([float(found[c]) for c in columns], ([0] * len(columns), columns)),
            shape=(1, len(self._vocabulary)),
        )

    def _featurize(self, messages: list[Message]) -> None:
        if not self._vocabulary:
            return
        for message in messages:
            text = message.get(TEXT)
            if text:
                self.add_features_to_message(
                    sequence=None, sentence=self.counts(text), attribute=TEXT, message=message
                )

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Featurize every training example's text."""
        self._featurize(training_data.training_examples)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Featurize incoming messages."""
        self._featurize(messages)
        return messages
