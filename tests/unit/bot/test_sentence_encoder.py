"""The NumPy MiniLM encoder and the Rasa featurizer built on it."""

from __future__ import annotations

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.sentence_encoder import DIMENSIONS, SentenceEncoder, WordPieceTokenizer
from bot.sentence_features import SentenceEmbeddingFeaturizer


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


def test_words_are_lower_cased_without_accents_and_punctuation_split_off() -> None:
    assert WordPieceTokenizer.words("Where's my CAFÉ order?!") == [
        "where", "'", "s", "my", "cafe", "order", "?", "!",
    ]  # fmt: skip


def test_chinese_characters_are_single_words() -> None:
    assert WordPieceTokenizer.words("我的order") == ["我", "的", "order"]


def test_unknown_words_become_one_unknown_piece_and_known_ones_split_into_pieces() -> None:
    tokenizer = WordPieceTokenizer(["[UNK]", "[CLS]", "[SEP]", "un", "##pack", "##ing", "box"])
    assert tokenizer.pieces("unpacking") == [3, 4, 5]
    assert tokenizer.pieces("xylophone") == [tokenizer.unknown]
    assert tokenizer.encode("Unpacking box") == [1, 3, 4, 5, 6, 2]


def test_encoding_is_cut_to_the_token_limit_with_its_markers_kept() -> None:
    tokenizer = WordPieceTokenizer(["[UNK]", "[CLS]", "[SEP]", "box"])
    ids = tokenizer.encode("box " * 50, max_tokens=10)
    assert len(ids) == 10 and ids[0] == 1 and ids[-1] == 2


def test_embeddings_are_unit_vectors(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["where is my parcel", "ok"])
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_paraphrases_are_closer_than_unrelated_sentences(encoder: SentenceEncoder) -> None:
    parcel, late, capital = encoder.encode(
        ["where is my parcel", "my package still hasn't arrived", "what is the capital of france"]
    )
    assert parcel @ late > parcel @ capital + 0.2


def test_a_batch_of_different_lengths_gives_what_each_text_gives_alone(
    encoder: SentenceEncoder,
) -> None:
    texts = ["hi", "i want to return the shoes i bought last week, they are too small", "refund?"]
    batched = encoder.encode(texts)
    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.allclose(batched, alone, atol=1e-5)


def _featurizer(encoder: SentenceEncoder) -> SentenceEmbeddingFeaturizer:
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "alias": "sentence"}
    return SentenceEmbeddingFeaturizer(config, "sentence", encoder)


def _sentence_vector(message: Message) -> np.ndarray:
    _, sentence = message.get_dense_features(TEXT)
    assert sentence is not None
    return sentence.features


def test_english_messages_get_the_embedding_and_chinese_ones_zeros(
    encoder: SentenceEncoder,
) -> None:
    english, chinese = Message({TEXT: "cancel my order please"}), Message({TEXT: "帮我取消订单"})
    _featurizer(encoder).process([english, chinese])
    assert _sentence_vector(english).shape == (1, DIMENSIONS)
    assert np.linalg.norm(_sentence_vector(english)) == pytest.approx(1.0, abs=1e-5)
    assert not _sentence_vector(chinese).any()


def test_every_training_example_is_featurized_and_messages_without_text_are_left_alone(
    encoder: SentenceEncoder,
) -> None:
    examples = [Message({TEXT: "thanks a lot"}), Message({TEXT: "谢谢"}), Message({})]
    _featurizer(encoder).process_training_data(TrainingData(examples))
    assert _sentence_vector(examples[0]).any()
    assert not _sentence_vector(examples[1]).any()
    assert examples[2].get_dense_features(TEXT) == (None, None)


def test_a_very_long_message_is_embedded_within_the_token_limit(encoder: SentenceEncoder) -> None:
    message = Message({TEXT: "where is my order " * 2000})
    _featurizer(encoder).process([message])
    assert np.linalg.norm(_sentence_vector(message)) == pytest.approx(1.0, abs=1e-5)


def test_a_bad_configuration_is_refused_with_the_option_named(encoder: SentenceEncoder) -> None:
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "languages": "en"}
    with pytest.raises(ValueError, match="'languages'"):
        SentenceEmbeddingFeaturizer(config, "sentence", encoder)
