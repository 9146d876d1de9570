"""Rasa 3.6 featurizer: the shop's keyword lists (nlu_data/lookups.yml) as message features.

Pipeline entry (config.yml), after the tokenizer::

    - name: bot.keyword_features.KeywordFeaturizer
      case_sensitive: false
      use_word_boundaries: false
      use_regexes: false

The same features as Rasa's ``RegexFeaturizer`` with the same options (one column per keyword
list: at sentence level, whether any keyword of the list occurs; at token level, whether the
token overlaps an occurrence), with one difference: the tokens are not marked. Rasa's featurizer
also writes a dict of every list's flag onto every token (22 lists × every token of 11k
examples) for CRFEntityExtractor, which kefu does not use; and ``rasa train`` fingerprints every
token's data after every later step, which cost about a minute of each training
(docs/benchmarks.md, "Conversation").
"""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.shared.nlu.constants import ACTION_TEXT, RESPONSE, TEXT
from rasa.shared.nlu.training_data.message import Message

_SENTENCE_LEVEL = (TEXT, RESPONSE, ACTION_TEXT)
SparseFeatures = tuple[scipy.sparse.coo_matrix | None, scipy.sparse.coo_matrix | None]


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class KeywordFeaturizer(RegexFeaturizer):
    """``RegexFeaturizer``'s features from the lookup tables, leaving the tokens as they were."""

    def _features_for_patterns(self, message: Message, attribute: str) -> SparseFeatures:
        text = message.get(attribute)
        tokens = message.get(TOKENS_NAMES[attribute], [])
        if not text or not tokens:
            return None, None
        flags = 0 if self.case_sensitive else re.IGNORECASE
        sequence = np.zeros((len(tokens), len(self.known_patterns)))
        sentence = np.zeros((1, len(self.known_patterns)))
        for column, pattern in enumerate(self.known_patterns):
            for match in re.finditer(pattern["pattern"], text, flags=flags):
                for row, token in enumerate(tokens):
                    if token.start < match.end() and token.end > match.start():
                        sequence[row, column] = 1.0
                        if attribute in _SENTENCE_LEVEL:
                            sentence[0, column] = 1.0
        return scipy.sparse.coo_matrix(sequence), scipy.sparse.coo_matrix(sentence)
