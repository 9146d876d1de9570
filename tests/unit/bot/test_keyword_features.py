"""The keyword featurizer: RegexFeaturizer's features from nlu_data/lookups.yml, tokens unmarked."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.regex_featurizer import RegexFeaturizer
from rasa.shared.importers.rasa import RasaFileImporter
from rasa.shared.nlu.training_data.message import Message

from bot.keyword_features import KeywordFeaturizer
from bot.tokenizer import MixedTextTokenizer

ROOT = Path(__file__).resolve().parents[3]
CONFIG = {"case_sensitive": False, "use_word_boundaries": False, "use_regexes": False}
MESSAGES = [
    "我要投诉你们，态度太差了",
    "I want a REFUND for order E100123456789",
    "快递到哪了？能开发票吗",
    "你好",
    "asdfgh",
]


def _trained(cls: type[RegexFeaturizer], tmp_path: Path, lookups) -> RegexFeaturizer:
    (tmp_path / cls.__name__).mkdir()
    storage = LocalModelStorage(tmp_path / cls.__name__)
    context = ExecutionContext(GraphSchema({}), cls.__name__)
    featurizer = cls.create(
        {**cls.get_default_config(), **CONFIG}, storage, Resource(cls.__name__), context
    )
    featurizer.train(lookups)
    return featurizer


@pytest.fixture(scope="module")
def lookups():
    paths = [str(ROOT / "nlu_data" / "lookups.yml")]
    return RasaFileImporter(training_data_paths=paths).get_nlu_data()


@pytest.fixture(scope="module")
def tokenizer():
    return MixedTextTokenizer.create(MixedTextTokenizer.get_default_config(), None, None, None)


def _featurized(featurizer: RegexFeaturizer, tokenizer, text: str) -> Message:
    message = Message(data={"text": text})
    tokenizer.process([message])
    featurizer.process([message])
    return message


def _matrices(message: Message) -> tuple[np.ndarray, np.ndarray]:
    sequence, sentence = message.get_sparse_features("text")
    return sequence.features.toarray(), sentence.features.toarray()


def test_same_features_as_rasas_regex_featurizer(tmp_path, lookups, tokenizer):
    ours = _trained(KeywordFeaturizer, tmp_path, lookups)
    rasas = _trained(RegexFeaturizer, tmp_path, lookups)
    assert len(ours.known_patterns) >= 20
    for text in MESSAGES:
        for mine, theirs in zip(
            _matrices(_featurized(ours, tokenizer, text)),
            _matrices(_featurized(rasas, tokenizer, text)),
            strict=True,
        ):
            np.testing.assert_array_equal(mine, theirs, err_msg=text)


def test_a_complaint_lights_the_complaint_list_on_its_token_and_sentence(
    tmp_path, lookups, tokenizer
):
    featurizer = _trained(KeywordFeaturizer, tmp_path, lookups)
    column = [p["name"] for p in featurizer.known_patterns].index("kw_complaint")
    message = _featurized(featurizer, tokenizer, "我要投诉")
    sequence, sentence = _matrices(message)
    tokens = message.get("text_tokens")
    assert [t.text for t, row in zip(tokens, sequence, strict=True) if row[column]] == ["投诉"]
    assert sentence[0, column] == 1.0


def test_tokens_are_left_without_pattern_flags(tmp_path, lookups, tokenizer):
    featurizer = _trained(KeywordFeaturizer, tmp_path, lookups)
    message = _featurized(featurizer, tokenizer, "我要投诉你们")
    assert all(token.get("pattern") is None for token in message.get("text_tokens"))


def test_an_empty_message_gets_no_features(tmp_path, lookups, tokenizer):
    featurizer = _trained(KeywordFeaturizer, tmp_path, lookups)
    message = Message(data={"text": ""})
    featurizer.process([message])
    assert message.features == []
