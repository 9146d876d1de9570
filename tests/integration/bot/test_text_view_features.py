"""The text-view featurizer inside Rasa: a vocabulary learnt from training messages, stored in
the model, loaded back, and one sparse sentence feature on every message with text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.exceptions import InvalidConfigException
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text_view_features import TextViewFeaturizer

TRAINING = ["订单到哪了", "我的订单呢", "退款到了吗", "在吗", "在吗亲", "hello"]


def _featurizer(storage: LocalModelStorage, **settings: Any) -> TextViewFeaturizer:
    config = {**TextViewFeaturizer.get_default_config(), **settings}
    context = ExecutionContext(GraphSchema({}), node_name="views")
    return TextViewFeaturizer.create(config, storage, Resource("views"), context)


def _trained(tmp_path: Path, **settings: Any) -> TextViewFeaturizer:
    featurizer = _featurizer(LocalModelStorage(tmp_path), **settings)
    featurizer.train(TrainingData([Message(data={TEXT: t}) for t in TRAINING]))
    return featurizer


def _sentence_features(featurizer: TextViewFeaturizer, text: str):  # type: ignore[no-untyped-def]
    message = Message(data={TEXT: text})
    featurizer.process([message])
    return [f for f in message.features if f.attribute == TEXT]


def test_the_vocabulary_keeps_ngrams_seen_in_two_training_messages(tmp_path: Path) -> None:
    vocabulary = _trained(tmp_path).vocabulary
    assert {"订单", "^在吗", "吗$"} <= set(vocabulary)
    assert "退款" not in vocabulary  # one message only
    assert sorted(vocabulary.values()) == list(range(len(vocabulary)))


def test_every_message_with_text_gets_one_sparse_sentence_feature(tmp_path: Path) -> None:
    featurizer = _trained(tmp_path)
    [feature] = _sentence_features(featurizer, "订单在吗")
    assert feature.type == FEATURE_TYPE_SENTENCE
    assert feature.is_sparse()
    assert feature.features.shape == (1, len(featurizer.vocabulary))
    assert feature.features.toarray()[0, featurizer.vocabulary["订单"]] == 1.0
    [unknown] = _sentence_features(featurizer, "🙂")  # only the start and end marks are known
    assert set(unknown.features.col) == {featurizer.vocabulary["^"], featurizer.vocabulary["$"]}
    assert feature.origin == unknown.origin == "views"
    assert not [f for f in _sentence_features(featurizer, "") if f.type == FEATURE_TYPE_SEQUENCE]


def test_training_messages_are_featurized_like_messages_at_parse_time(tmp_path: Path) -> None:
    featurizer = _trained(tmp_path)
    data = TrainingData([Message(data={TEXT: "在吗"})])
    featurizer.process_training_data(data)
    [trained] = [f for f in data.training_examples[0].features if f.attribute == TEXT]
    [parsed] = _sentence_features(featurizer, "在吗")
    assert (trained.features != parsed.features).nnz == 0


def test_a_homophone_typo_shares_the_pinyin_features_of_the_word_meant(tmp_path: Path) -> None:
    featurizer = _trained(tmp_path, view="pinyin", min_ngram=1, max_ngram=2)
    [typo] = _sentence_features(featurizer, "定单到哪了")
    [meant] = _sentence_features(featurizer, "订单到哪了")
    assert typo.features.nnz > 0
    assert (typo.features != meant.features).nnz == 0


def test_the_vocabulary_survives_storing_and_loading(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    trained = _featurizer(storage)
    trained.train(TrainingData([Message(data={TEXT: t}) for t in TRAINING]))
    context = ExecutionContext(GraphSchema({}), node_name="views")
    loaded = TextViewFeaturizer.load(trained._config, storage, Resource("views"), context)
    assert loaded.vocabulary == trained.vocabulary


def test_without_a_stored_vocabulary_it_adds_no_features(tmp_path: Path) -> None:
    storage = LocalModelStorage(tmp_path)
    loaded = TextViewFeaturizer.load(
        TextViewFeaturizer.get_default_config(),
        storage,
        Resource("never-trained"),
        ExecutionContext(GraphSchema({}), node_name="views"),
    )
    assert _sentence_features(loaded, "在吗") == []


@pytest.mark.parametrize(
    ("settings", "complaint"),
    [
        ({"view": "emoji"}, "unknown view 'emoji'"),
        ({"min_ngram": 3, "max_ngram": 2}, "min_ngram <= max_ngram"),
        ({"min_ngram": 0}, "min_ngram <= max_ngram"),
        ({"min_df": 0}, "min_df must be at least 1"),
    ],
)
def test_a_bad_setting_is_refused_with_what_is_wrong(
    tmp_path: Path, settings: dict[str, Any], complaint: str
) -> None:
    with pytest.raises(InvalidConfigException, match=complaint):
        _featurizer(LocalModelStorage(tmp_path), **settings)
