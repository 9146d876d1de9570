"""A jieba tokenizer for mixed Chinese/English customer messages, as a Rasa NLU component.

Rasa's own ``JiebaTokenizer`` keeps whitespace as tokens (RasaHQ/rasa#7910) and uses jieba's
global dictionary. ``MixedTextTokenizer``:

- segments a folded copy of the text (full-width → ASCII, traditional → simplified, Latin lower
  case; see :mod:`bot.textnorm`), which has the same length, so every token's ``start``/``end``
  points into the text the customer typed;
- drops whitespace tokens, and splits nothing else: "order", "E123456789012" and "13812345678"
  stay whole;
- loads the user dictionary (``bot/dictionary/*.txt``: carriers, 价保, 专票, 七天无理由 …) into a
  jieba instance of its own, and stores the dictionary in the model so a trained model is
  self-contained.
"""

from __future__ import annotations

import glob
import logging
from pathlib import Path
from typing import Any

import jieba
from rasa.engine.graph import ExecutionContext
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.tokenizers.jieba_tokenizer import JiebaTokenizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.training_data.message import Message

from bot.textnorm import fold_text

logger = logging.getLogger(__name__)

DEFAULT_DICTIONARY = Path(__file__).resolve().parent / "dictionary"

_segmenters: dict[tuple[str, ...], jieba.Tokenizer] = {}


def segmenter_for(dictionary_files: list[str]) -> jieba.Tokenizer:
    """A jieba instance with these user dictionaries loaded; built once per process and set."""
    key = tuple(sorted(dictionary_files))
    if key not in _segmenters:
        segmenter = jieba.Tokenizer()
        segmenter.initialize()
        for path in key:
            segmenter.load_userdict(path)
        _segmenters[key] = segmenter
    return _segmenters[key]


def tokenize_text(text: str, segmenter: jieba.Tokenizer) -> list[Token]:
    """Tokens of ``text``: folded words with offsets into the original, whitespace dropped.

    A non-empty text of only whitespace gives one token spanning it (as Rasa's own
    WhitespaceTokenizer does), so featurizers never see a non-empty message without tokens.
    """
    folded = fold_text(text)
    tokens = [
        Token(word, start, end)
        for word, start, end in segmenter.tokenize(folded, HMM=True)
        if not word.isspace()
    ]
    if not tokens and text:
        return [Token(folded, 0, len(text))]
    return tokens


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_TOKENIZER, is_trainable=True)
class MixedTextTokenizer(JiebaTokenizer):
    """Jieba with the domain dictionary, no whitespace tokens, offsets into the original text."""

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Rasa's default config; the dictionary folder defaults to ``bot/dictionary``."""
        return {**JiebaTokenizer.get_default_config(), "dictionary_path": str(DEFAULT_DICTIONARY)}

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        dictionary_files: list[str] | None = None,
    ) -> None:
        """Keep the config; ``dictionary_files`` are the user dictionaries to segment with."""
        super().__init__(config, model_storage, resource)
        self._segmenter = segmenter_for(dictionary_files or [])

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> MixedTextTokenizer:
        """A tokenizer for training, reading the dictionaries from ``dictionary_path``."""
        return cls(config, model_storage, resource, _dictionary_files(config["dictionary_path"]))

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> MixedTextTokenizer:
        """The trained tokenizer, with the dictionaries that were stored in the model."""
        try:
            with model_storage.read_from(resource) as directory:
                return cls(config, model_storage, resource, _dictionary_files(str(directory)))
        except ValueError:
            logger.warning("model has no stored jieba dictionary; segmenting without one")
            return cls(config, model_storage, resource, [])

    def tokenize(self, message: Message, attribute: str) -> list[Token]:
        """Tokens of one attribute of ``message`` (see :func:`tokenize_text`)."""
        text = message.get(attribute) or ""
        return self._apply_token_pattern(tokenize_text(text, self._segmenter))


def _dictionary_files(directory: str | None) -> list[str]:
    if not directory:
        return []
    return sorted(glob.glob(f"{directory}/*.txt"))
