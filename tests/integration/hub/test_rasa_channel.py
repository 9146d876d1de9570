"""kefu's Rasa channel over HTTP (Sanic, as inside the Rasa server), with a stand-in agent:
the message is parsed once and that parse is what the dialogue gets; the answer carries the
replies, the sentiment and the language; failures answer like Rasa's REST channel."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
import pytest_asyncio
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels.gateway import GatewayInput

pytestmark = pytest.mark.asyncio(loop_scope="module")

PARSE = {
    "text": "我很生气",
    "intent": {"name": "complaint", "confidence": 0.9},
    "entities": [{"entity": "language", "value": "zh"}],
    "sentiment": {"label": "negative", "score": 0.93, "anger": True},
}


class StandInAgent:
    """Counts NLU parses; ``ready`` False is a server without a model."""

    def __init__(self) -> None:
        self.parses = 0
        self.ready = True
        self.processor = self

    def is_ready(self) -> bool:
        return self.ready

    async def parse_message(self, message: UserMessage) -> dict[str, Any]:
        self.parses += 1
        return {**PARSE, "text": message.text}


class Dialogue:
    """What Rasa's agent does with the message: here, record it and answer (or fail)."""

    def __init__(self) -> None:
        self.handled: list[UserMessage] = []
        self.fail_after_reply = False

    async def __call__(self, message: UserMessage) -> None:
        self.handled.append(message)
        await message.output_channel.send_text_message(message.sender_id, "很抱歉")
        if self.fail_after_reply:
            raise RuntimeError("action server answered 500")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def server() -> AsyncIterator[tuple[str, Sanic]]:
    # One Sanic app per process: Sanic rewrites its protocol class when an app starts.
    app = Sanic("kefu_channel_test")
    app.blueprint(GatewayInput().blueprint(_handle), url_prefix="/webhooks/kefu")
    port = _free_port()
    running = await app.create_server(
        host="127.0.0.1", port=port, return_asyncio_server=True, access_log=False
    )
    await running.startup()
    yield f"http://127.0.0.1:{port}/webhooks/kefu/webhook", app
    running.close()
    await running.wait_closed()


async def _handle(message: UserMessage) -> None:
    await DIALOGUE[0](message)


DIALOGUE: list[Dialogue] = []


@pytest.fixture
def rasa(server) -> tuple[str, StandInAgent, Dialogue]:
    url, app = server
    dialogue, agent = Dialogue(), StandInAgent()
    DIALOGUE[:] = [dialogue]
    app.ctx.agent = agent
    return url, agent, dialogue


async def _post(url: str, body: object) -> tuple[int, Any]:
    async with aiohttp.ClientSession() as http, http.post(url, json=body) as response:
        return response.status, await response.json(content_type=None)


async def test_one_request_answers_replies_sentiment_language_and_understanding(rasa) -> None:
    url, _, dialogue = rasa
    metadata = {"customer_id": "C2024050001", "language": "zh"}
    status, answer = await _post(url, {"sender": "c1", "message": "我很生气", "metadata": metadata})
    assert status == 200
    assert answer == {
        "messages": [{"recipient_id": "c1", "text": "很抱歉"}],
        "sentiment": {"label": "negative", "score": 0.93, "anger": True},
        "language": "zh",
        "understanding": {"intent": "complaint", "guess": "complaint", "confidence": 0.9},
    }
    handled = dialogue.handled[0]
    assert (handled.sender_id, handled.metadata, handled.input_channel) == ("c1", metadata, "kefu")


async def test_the_dialogue_gets_the_parse_so_nlu_runs_once(rasa) -> None:
    url, agent, dialogue = rasa
    await _post(url, {"sender": "c1", "message": "我很生气", "metadata": {}})
    assert agent.parses == 1
    assert dialogue.handled[0].parse_data["sentiment"]["label"] == "negative"


async def test_a_failing_turn_answers_what_was_said_so_far(rasa) -> None:
    url, _, dialogue = rasa
    dialogue.fail_after_reply = True
    status, answer = await _post(url, {"sender": "c1", "message": "我很生气", "metadata": {}})
    assert status == 200 and [m["text"] for m in answer["messages"]] == ["很抱歉"]


async def test_a_server_without_a_model_answers_503(rasa) -> None:
    url, agent, dialogue = rasa
    agent.ready = False
    status, _ = await _post(url, {"sender": "c1", "message": "hi", "metadata": {}})
    assert status == 503 and dialogue.handled == []


@pytest.mark.parametrize("body", [{"message": "hi"}, {"sender": "c1"}, ["hi"]])
async def test_a_malformed_request_is_refused(rasa, body) -> None:
    url, _, dialogue = rasa
    status, _ = await _post(url, body)
    assert status == 400 and dialogue.handled == []
