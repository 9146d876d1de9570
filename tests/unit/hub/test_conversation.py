"""A conversation's modes: handed to a person with the ticket's team, back to the bot."""

from datetime import datetime, timezone

import pytest

from ticketing.domain.conversations import (
    Conversation,
    ConversationConflict,
    Handoff,
    Mode,
    Sentiment,
)

T0 = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)
T1 = datetime(2026, 11, 23, 2, 5, tzinfo=timezone.utc)


def test_handoff_and_return_keep_the_ticket_and_team() -> None:
    chat = Conversation("c1", T0, T0)
    human = chat.hand_off(Handoff("T1", "care", None), T1)
    assert (human.mode, human.ticket_id, human.team_id, human.updated_at) == (
        Mode.HUMAN, "T1", "care", T1,
    )  # fmt: skip
    back = human.back_to_bot(T1)
    assert back.mode is Mode.BOT and back.ticket_id == "T1" and back.team_id == "care"
    with pytest.raises(ConversationConflict):
        back.back_to_bot(T1)


def test_only_the_teams_staff_and_admins_see_a_handed_off_conversation() -> None:
    chat = Conversation("c1", T0, T0).hand_off(Handoff("T1", "care"), T1)
    assert chat.visible_to(frozenset({"care"}), is_admin=False)
    assert not chat.visible_to(frozenset({"tech"}), is_admin=False)
    assert chat.visible_to(frozenset(), is_admin=True)
    assert not Conversation("c2", T0, T0).visible_to(frozenset({"care"}), is_admin=False)


def test_sentiment_is_read_only_from_a_well_formed_parse_result() -> None:
    assert Sentiment.from_json({"label": "negative", "score": 0.91, "anger": True}) == Sentiment(
        "negative", 0.91, True
    )
    assert Sentiment.from_json({"label": "furious"}) is None
    assert Sentiment.from_json(None) is None
