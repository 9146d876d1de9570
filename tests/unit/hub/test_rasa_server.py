"""The Rasa server's launcher checks action-server answers with a validator built once (same
verdicts as Rasa's own check: valid answers pass, malformed ones fail with Rasa's hint), and
keeps Rasa's debug events (message texts in them) out of the logs."""

from __future__ import annotations

import logging

import pytest
import structlog
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from kefu.rasa_server import quiet_rasa_debug_events, validate_action_answers_with_one_validator

ANSWER = {
    "events": [{"event": "slot", "timestamp": None, "name": "negative_streak", "value": 1.0}],
    "responses": [{"response": "utter_empathize"}],
}


@pytest.fixture
def action(monkeypatch) -> RemoteAction:
    # restored after the test: the launcher changes Rasa's class for the whole process
    monkeypatch.setattr(
        RemoteAction, "_validate_action_result", RemoteAction._validate_action_result
    )
    validate_action_answers_with_one_validator()
    return RemoteAction("action_validate_slot_mappings", None)


def test_a_well_formed_answer_passes(action) -> None:
    assert action._validate_action_result(ANSWER) is True


@pytest.mark.parametrize(
    "answer",
    [
        {"events": [{"event": "no_such_event"}], "responses": []},
        {"events": "slot", "responses": []},
        {"events": [], "responses": ["utter_empathize"]},
    ],
)
def test_a_malformed_answer_fails_with_rasas_hint(action, answer) -> None:
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        action._validate_action_result(answer)


@pytest.mark.parametrize(
    "answer",
    [ANSWER, {"events": [{"event": "no_such_event"}], "responses": []}, {"events": "slot"}],
)
def test_the_verdict_is_rasas_own(action, monkeypatch, answer) -> None:
    ours = _verdict(action, answer)
    monkeypatch.undo()
    assert _verdict(RemoteAction("a", None), answer) == ours


def _verdict(action: RemoteAction, answer: dict) -> str:
    try:
        action._validate_action_result(answer)
    except ValidationError as error:
        return error.message
    return "valid"


@pytest.fixture
def structlog_defaults():
    yield
    structlog.reset_defaults()


def test_rasas_debug_events_stay_out_of_the_log_at_info(structlog_defaults, capsys, caplog) -> None:
    quiet_rasa_debug_events("INFO")
    with caplog.at_level(logging.DEBUG):
        structlog.get_logger().debug(
            "processor.message.parse", parse_data_text="我的订单E100123456789"
        )
        structlog.get_logger().info("rasa.core.agent.loaded", model="kefu")
    printed = capsys.readouterr()
    logged = printed.out + printed.err + caplog.text
    assert "E100123456789" not in logged
    assert "rasa.core.agent.loaded" in logged
