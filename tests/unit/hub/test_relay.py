"""Rasa's REST answer becomes what the widget shows; the handoff signal is never shown."""

from ticketing.domain.conversations import Handoff
from ticketing.domain.conversations_relay import BotReply, handoff_of, read_rasa_answer


def test_texts_and_buttons_are_kept_in_order() -> None:
    button = {"title": "查订单", "payload": "/track_order"}
    relayed = read_rasa_answer(
        [
            {"recipient_id": "c1", "text": "您好"},
            {"recipient_id": "c1", "text": "请选择", "buttons": [button]},
        ]
    )
    assert relayed.replies == (
        BotReply("您好"),
        BotReply("请选择", ({"title": "查订单", "payload": "/track_order"},)),
    )
    assert relayed.handoff is None


def test_the_handoff_payload_is_a_signal_not_a_reply() -> None:
    relayed = read_rasa_answer(
        [
            {"text": "已为您创建工单 T20261123-0001"},
            {"custom": {"handoff": {"ticket_id": "T20261123-0001", "team": {"id": "care"},
                                    "assignee": {"id": "care.xu"}}}},
        ]
    )  # fmt: skip
    assert [reply.text for reply in relayed.replies] == ["已为您创建工单 T20261123-0001"]
    assert relayed.handoff == Handoff("T20261123-0001", "care", "care.xu")


def test_a_handoff_without_an_assignee_waits_in_the_teams_queue() -> None:
    assert handoff_of({"ticket_id": "T1", "team": {"id": "tech"}, "assignee": None}) == Handoff(
        "T1", "tech", None
    )
    assert handoff_of({"ticket_id": "T1", "team": "tech"}) == Handoff("T1", "tech", None)


def test_malformed_answers_are_skipped_not_fatal() -> None:
    relayed = read_rasa_answer([None, "x", {"custom": {"handoff": {"team": "x"}}}, {"text": ""}])
    assert relayed.replies == () and relayed.handoff is None
    assert read_rasa_answer({"not": "a list"}).replies == ()
