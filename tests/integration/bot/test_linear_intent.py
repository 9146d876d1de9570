"""The linear intent classifier inside Rasa: trained on the pipeline's sentence features, saved
in the model storage, loaded back, and ranking intents the way DIET does."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import (
    CountVectorsFeaturizer,
)
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_intent import LinearIntentClassifier
from bot.tokenizer import MixedTextTokenizer
from bot.word_vector_features import WordVectorFeaturizer

EXAMPLES = {
    "track_order": [
        "我的快递到哪了",
        "包裹怎么还没到",
        "查一下物流",
        "订单发货了吗",
        "快递几天能到",
        "where is my parcel",
        "track my order please",
        "has my package shipped",
    ],
    "get_refund": [
        "我要退款",
        "钱什么时候退回来",
        "申请退款怎么弄",
        "退款还没到账",
        "把钱退给我",
        "I want a refund",
        "where is my refund",
        "give me my money back",
    ],
    "greet": [
        "你好",
        "在吗",
        "您好呀",
        "哈喽",
        "早上好",
        "hello",
        "hi there",
        "good morning",
    ],
}


class Pipeline:
    """Tokenizer, word counts and word vectors, then the classifier: trained in one storage."""

    def __init__(self, storage_dir: Path) -> None:
        self.storage = LocalModelStorage(storage_dir)
        self.tokenizer = MixedTextTokenizer.create(
            MixedTextTokenizer.get_default_config(), None, None, None
        )
        self.counts = self._create(CountVectorsFeaturizer, {})
        self.vectors = self._create(WordVectorFeaturizer, {})

    def _create(self, cls, config):  # type: ignore[no-untyped-def]
        context = ExecutionContext(GraphSchema({}), cls.__name__)
        return cls.create(
            {**cls.get_default_config(), **config}, self.storage, Resource(cls.__name__), context
        )

    def featurize_training(self, data: TrainingData) -> None:
        self.tokenizer.process_training_data(data)
        self.counts.train(data)
        self.counts.process_training_data(data)
        self.vectors.process_training_data(data)

    def featurize(self, texts: list[str]) -> list[Message]:
        messages = [Message(data={"text": text}) for text in texts]
        for component in (self.tokenizer, self.counts, self.vectors):
            component.process(messages)
        return messages

    def classifier(self, **config) -> LinearIntentClassifier:  # type: ignore[no-untyped-def]
        return self._create(LinearIntentClassifier, config)

    def load_classifier(self) -> LinearIntentClassifier:
        name = LinearIntentClassifier.__name__
        return LinearIntentClassifier.load(
            LinearIntentClassifier.get_default_config(),
            self.storage,
            Resource(name),
            ExecutionContext(GraphSchema({}), name),
        )


def training_data() -> TrainingData:
    return TrainingData(
        training_examples=[
            Message(data={"text": text, "intent": intent})
            for intent, texts in EXAMPLES.items()
            for text in texts
        ]
    )


@pytest.fixture()
def trained(tmp_path: Path) -> Pipeline:
    pipeline = Pipeline(tmp_path)
    data = training_data()
    pipeline.featurize_training(data)
    pipeline.classifier(C=2.0).train(data)
    return pipeline


def test_a_loaded_model_ranks_the_intents_of_new_messages(trained):
    classifier = trained.load_classifier()
    messages = trained.featurize(["快递到哪了", "退款什么时候到账", "hi"])
    classifier.process(messages)
    assert [m.get("intent")["name"] for m in messages] == ["track_order", "get_refund", "greet"]
    ranking = messages[0].get("intent_ranking")
    assert ranking[0]["name"] == "track_order" and len(ranking) == 3
    assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
    assert messages[0].as_dict_nlu()["intent"]["confidence"] == ranking[0]["confidence"]


@pytest.mark.parametrize(
    ("text", "intent"), [("配送", "track_order"), ("运输", "track_order"), ("资金", "get_refund")]
)
def test_word_vectors_carry_words_the_examples_never_used(trained, text, intent):
    seen = {character for texts in EXAMPLES.values() for t in texts for character in t}
    assert seen.isdisjoint(text)  # no n-gram feature can help here
    [message] = trained.featurize([text])
    trained.load_classifier().process([message])
    assert message.get("intent")["name"] == intent


NO_INTENT = {"name": None, "confidence": 0.0}


def test_a_message_without_text_gets_no_intent_as_with_diet(trained):
    classifier = trained.load_classifier()
    empty = Message(data={"text": ""})
    classifier.process([empty])
    assert empty.get("intent") == NO_INTENT and empty.get("intent_ranking") == []


def test_a_model_trained_on_no_intents_gives_none(tmp_path):
    pipeline = Pipeline(tmp_path)
    pipeline.classifier().train(TrainingData(training_examples=[]))
    classifier = pipeline.load_classifier()
    [message] = pipeline.featurize(["你好"])
    classifier.process([message])
    assert message.get("intent") == NO_INTENT


def test_training_without_featurizers_says_what_is_missing(tmp_path):
    pipeline = Pipeline(tmp_path)
    data = training_data()
    pipeline.tokenizer.process_training_data(data)
    with pytest.raises(ValueError, match="needs sentence features"):
        pipeline.classifier().train(data)


@pytest.mark.parametrize("config", [{"C": 0}, {"calibration_folds": 1}])
def test_impossible_settings_are_refused(tmp_path, config):
    with pytest.raises(ValueError, match="must be"):
        Pipeline(tmp_path).classifier(**config)


def test_a_stored_model_without_its_files_is_an_error_not_an_empty_model(trained):
    with trained.storage.read_from(Resource(LinearIntentClassifier.__name__)) as directory:
        (directory / "linear_model.npz").unlink()
    with pytest.raises(ValueError, match=r"lacks linear_model\.npz .*train the model again"):
        trained.load_classifier()


FAQ_TOPICS = {
    "faq/shipping_fee": ["运费多少钱", "包邮吗", "满多少包邮", "邮费谁出", "how much is shipping"],
    "faq/invoice_types": ["能开专票吗", "发票有哪几种", "可以开普票吗", "开什么发票", "invoices?"],
    "faq/business_hours": ["客服几点上班", "几点下班", "周末有人吗", "人工几点有", "opening hours"],
}


def training_data_with_faq() -> TrainingData:
    data = training_data()
    data.training_examples.extend(
        Message(data={"text": text, "intent": "faq", "intent_response_key": topic})
        for topic, texts in FAQ_TOPICS.items()
        for text in texts
    )
    return data


@pytest.fixture()
def trained_on_topics(tmp_path: Path) -> Pipeline:
    pipeline = Pipeline(tmp_path)
    data = training_data_with_faq()
    pipeline.featurize_training(data)
    pipeline.classifier(split_retrieval_intents=True).train(data)
    return pipeline


def test_split_faq_topics_are_reported_as_the_faq_intent_with_their_summed_confidence(
    trained_on_topics,
):
    classifier = trained_on_topics.load_classifier()
    messages = trained_on_topics.featurize(["运费怎么算", "退款什么时候到账"])
    classifier.process(messages)
    assert [m.get("intent")["name"] for m in messages] == ["faq", "get_refund"]
    for message in messages:
        ranking = message.get("intent_ranking")
        names = [r["name"] for r in ranking]
        assert sorted(names) == ["faq", "get_refund", "greet", "track_order"]
        assert sum(r["confidence"] for r in ranking) == pytest.approx(1.0)
        assert [r["confidence"] for r in ranking] == sorted(
            (r["confidence"] for r in ranking), reverse=True
        )


def test_without_the_split_faq_is_one_label_like_any_intent(tmp_path):
    pipeline = Pipeline(tmp_path)
    data = training_data_with_faq()
    pipeline.featurize_training(data)
    classifier = pipeline.classifier()
    _, labels = classifier.labelled(data)
    assert "faq" in labels and not any("/" in label for label in labels)
    split = pipeline.classifier(split_retrieval_intents=True)
    _, split_labels = split.labelled(data)
    assert {label for label in split_labels if label.startswith("faq")} == set(FAQ_TOPICS)
