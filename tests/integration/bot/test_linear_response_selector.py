"""The FAQ topic selector inside Rasa: trained on the pipeline's sentence features, it writes the
``response_selector`` property the way Rasa's ResponseSelector does."""

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

from bot.linear_response_selector import LinearResponseSelector
from bot.tokenizer import MixedTextTokenizer

TOPICS = {
    "faq/shipping_fee": ["运费多少", "包邮吗", "邮费怎么算", "shipping fee?", "is shipping free"],
    "faq/invoice_types": [
        "能开专票吗",
        "发票有哪些",
        "普票还是专票",
        "invoice types",
        "VAT invoice?",
    ],
    "faq/warranty": [
        "保修多久",
        "坏了保修吗",
        "质保期多长",
        "warranty period",
        "is it under warranty",
    ],
}
OTHER = {"greet": ["你好", "在吗", "hello", "hi"]}
RESPONSES = {
    f"utter_{key}": [{"text": f"{key} 的答案"}, {"text": f"answer to {key}", "condition": []}]
    for key in TOPICS
}


def training_data() -> TrainingData:
    examples = [
        Message(data={"text": text, "intent": "faq", "intent_response_key": key})
        for key, texts in TOPICS.items()
        for text in texts
    ]
    examples += [Message(data={"text": t, "intent": i}) for i, ts in OTHER.items() for t in ts]
    return TrainingData(training_examples=examples, responses=RESPONSES)


class Pipeline:
    def __init__(self, storage_dir: Path) -> None:
        self.storage = LocalModelStorage(storage_dir)
        self.tokenizer = MixedTextTokenizer.create(
            MixedTextTokenizer.get_default_config(), None, None, None
        )
        self.counts = CountVectorsFeaturizer.create(
            CountVectorsFeaturizer.get_default_config(),
            self.storage,
            Resource("counts"),
            ExecutionContext(GraphSchema({}), "counts"),
        )

    def train(self, data: TrainingData, **config) -> None:  # type: ignore[no-untyped-def]
        self.tokenizer.process_training_data(data)
        self.counts.train(data)
        self.counts.process_training_data(data)
        self.selector(**config).train(data)

    def selector(self, **config) -> LinearResponseSelector:  # type: ignore[no-untyped-def]
        return LinearResponseSelector.create(
            {**LinearResponseSelector.get_default_config(), **config},
            self.storage,
            Resource("selector"),
            ExecutionContext(GraphSchema({}), "selector"),
        )

    def loaded(self) -> LinearResponseSelector:
        return LinearResponseSelector.load(
            LinearResponseSelector.get_default_config(),
            self.storage,
            Resource("selector"),
            ExecutionContext(GraphSchema({}), "selector"),
        )

    def parse(self, text: str) -> Message:
        message = Message(data={"text": text})
        for component in (self.tokenizer, self.counts, self.loaded()):
            component.process([message])
        return message


@pytest.fixture()
def pipeline(tmp_path: Path) -> Pipeline:
    trained = Pipeline(tmp_path)
    trained.train(training_data())
    return trained


def test_the_topic_and_its_response_come_out_as_rasas_selector_writes_them(pipeline):
    selectors = pipeline.parse("运费怎么收").get("response_selector")
    assert selectors["all_retrieval_intents"] == ["faq"]
    response = selectors["faq"]["response"]
    assert response["intent_response_key"] == "faq/shipping_fee"
    assert response["utter_action"] == "utter_faq/shipping_fee"
    assert response["responses"] == RESPONSES["utter_faq/shipping_fee"]
    assert 0.0 < response["confidence"] <= 1.0


def test_the_ranking_lists_every_topic_best_first_with_probabilities(pipeline):
    ranking = pipeline.parse("专票能开吗").get("response_selector")["faq"]["ranking"]
    assert ranking[0]["intent_response_key"] == "faq/invoice_types"
    assert {r["intent_response_key"] for r in ranking} == set(TOPICS)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True)
    assert sum(confidences) == pytest.approx(1.0)


def test_english_questions_find_their_topic_too(pipeline):
    response = pipeline.parse("how long is the warranty").get("response_selector")["faq"]
    assert response["response"]["intent_response_key"] == "faq/warranty"


def test_other_intents_examples_are_not_topics(pipeline):
    ranking = pipeline.parse("你好").get("response_selector")["faq"]["ranking"]
    assert all(r["intent_response_key"].startswith("faq/") for r in ranking)


def test_a_message_without_text_and_an_untrained_selector_leave_messages_alone(tmp_path):
    untrained = Pipeline(tmp_path)
    untrained.train(TrainingData(training_examples=[Message(data={"text": "hi", "intent": "x"})]))
    assert untrained.parse("运费").get("response_selector") is None
    empty = Message(data={"text": ""})
    untrained.loaded().process([empty])
    assert empty.get("response_selector") is None


def test_a_selector_without_a_retrieval_intent_is_refused(tmp_path):
    with pytest.raises(ValueError, match="retrieval_intent"):
        Pipeline(tmp_path).selector(retrieval_intent="")
