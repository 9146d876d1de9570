"""The word-vector featurizer: one 100-dimensional sentence feature per message with text."""

from __future__ import annotations

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.tokenizer import MixedTextTokenizer
from bot.word_vector_features import WordVectorFeaturizer
from bot.word_vectors import DIMENSIONS


def featurized(*texts: str, training: bool = False) -> list[Message]:
    tokenizer = MixedTextTokenizer.create(MixedTextTokenizer.get_default_config(), None, None, None)
    featurizer = WordVectorFeaturizer.create(
        WordVectorFeaturizer.get_default_config(),
        None,
        None,
        ExecutionContext(GraphSchema({}), "vectors"),
    )
    messages = [Message(data={"text": text}) for text in texts]
    if training:
        data = TrainingData(training_examples=messages)
        tokenizer.process_training_data(data)
        featurizer.process_training_data(data)
    else:
        tokenizer.process(messages)
        featurizer.process(messages)
    return messages


def sentence_vector(message: Message) -> np.ndarray:
    _, sentence = message.get_dense_features("text")
    return sentence.features[0]


def test_every_message_with_text_gets_a_unit_sentence_vector_and_no_token_features():
    messages = featurized("我的包裹到哪了", "快递怎么还没到") + featurized("退款", training=True)
    for message in messages:
        sequence, sentence = message.get_dense_features("text")
        assert sequence is None and sentence.features.shape == (1, DIMENSIONS)
        assert np.isclose(np.linalg.norm(sentence.features), 1.0, atol=1e-5)


def test_messages_that_mean_the_same_are_closer_than_messages_that_do_not():
    messages = featurized("我的包裹呢", "快递在哪", "退款")
    parcel, courier, refund = (sentence_vector(m) for m in messages)
    assert parcel @ courier > parcel @ refund


def test_a_message_with_no_known_word_gets_zeros_and_an_empty_one_nothing():
    unknown, empty = featurized("😀😀😀", "")
    assert not sentence_vector(unknown).any()
    assert empty.features == []
