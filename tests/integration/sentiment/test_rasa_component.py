"""The Rasa component inside a real (tiny) Rasa NLU model: trained, packaged, parsed."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

CONFIG = """\
recipe: default.v1
language: zh
assistant_id: sentiment-test
pipeline:
  - name: JiebaTokenizer
  - name: KeywordIntentClassifier
  - name: bot.sentiment.component.SentimentAnalyzerComponent
    model_dir: {model_dir}
policies: []
"""

NLU = """\
version: "3.1"
nlu:
- intent: track_order
  examples: |
    - 快递
    - 物流
- intent: complaint
  examples: |
    - 投诉
"""


@pytest.fixture(scope="module")
def rasa_model(small_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Rasa NLU model trained with the sentiment component; its sentiment source is deleted
    afterwards, so the model must carry its own copy."""
    from rasa.model_training import train_nlu

    work = tmp_path_factory.mktemp("rasa")
    source = work / "sentiment-model"
    shutil.copytree(small_model_dir, source)
    (work / "config.yml").write_text(CONFIG.format(model_dir=source), encoding="utf-8")
    (work / "nlu.yml").write_text(textwrap.dedent(NLU), encoding="utf-8")
    model = train_nlu(str(work / "config.yml"), str(work / "nlu.yml"), str(work / "models"))
    shutil.rmtree(source)
    return Path(model)


@pytest.fixture(scope="module")
def agent(rasa_model: Path):
    from rasa.core.agent import Agent

    return Agent.load(str(rasa_model))


async def test_parse_result_carries_sentiment(agent):
    parsed = await agent.parse_message("再不退款我就投诉到12315！！！")
    assert parsed["sentiment"]["label"] == "negative"
    assert parsed["sentiment"]["anger"] is True
    assert 0.5 < parsed["sentiment"]["score"] <= 1.0
    assert "intent" in parsed and "entities" in parsed  # the rest of the result is intact


async def test_every_message_gets_a_sentiment_even_without_text(agent):
    for text in ["我的快递到哪了", "谢谢，问题解决了", "   ", "😡😡😡"]:
        sentiment = (await agent.parse_message(text))["sentiment"]
        assert set(sentiment) == {"label", "score", "anger"}
        assert sentiment["label"] in {"negative", "neutral", "positive"}


async def test_sentiment_reaches_the_tracker_latest_message(agent):
    from rasa.shared.core.events import UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    parsed = await agent.parse_message("快递十天了还没到，太慢了")
    tracker = DialogueStateTracker("conversation-1", slots=[])
    # the processor logs a message exactly so: the whole parse result becomes parse_data
    tracker.update(UserUttered(parsed["text"], parsed["intent"], parsed["entities"], parsed))
    assert tracker.latest_message.parse_data["sentiment"]["label"] == "negative"


def test_the_sentiment_model_version_is_part_of_rasas_fingerprint(small_model_dir: Path):
    from bot.sentiment.component import SentimentAnalyzerComponent

    addon = SentimentAnalyzerComponent.fingerprint_addon({"model_dir": str(small_model_dir)})
    assert addon == "small-test-model"
