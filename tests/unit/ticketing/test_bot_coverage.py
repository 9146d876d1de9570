"""Bot coverage: which window a report covers, and what share of conversations the bot
settled without a person."""

from datetime import datetime, timedelta, timezone

import pytest

from ticketing.domain.bot_coverage import BotCoverage, Tally, Window
from ticketing.domain.errors import InvalidInput

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=timezone.utc)


def test_the_default_window_is_the_last_seven_days() -> None:
    assert Window.asked(None, None, NOW) == Window(NOW - timedelta(days=7), NOW)
    until = NOW - timedelta(days=1)
    assert Window.asked(None, until, NOW) == Window(until - timedelta(days=7), until)
    since = NOW - timedelta(hours=3)
    assert Window.asked(since, None, NOW) == Window(since, NOW)


@pytest.mark.parametrize(
    ("since", "until"),
    [
        (NOW, NOW),  # empty
        (NOW, NOW - timedelta(hours=1)),  # reversed
        (NOW - timedelta(days=367), NOW),  # longer than a year
    ],
)
def test_an_empty_reversed_or_overlong_window_is_refused(since, until) -> None:
    with pytest.raises(InvalidInput) as refused:
        Window.asked(since, until, NOW)
    assert refused.value.problems[0].field == "since"


def test_coverage_is_the_share_the_bot_settled() -> None:
    tally = Tally(conversations=10, handed_over=3)
    assert tally.settled_by_bot == 7
    assert tally.coverage == pytest.approx(0.7)
    assert Tally().coverage is None  # no conversations: no figure, not 0 %


def test_a_tally_cannot_hand_over_more_than_it_holds() -> None:
    with pytest.raises(ValueError):
        Tally(conversations=1, handed_over=2)


def test_languages_add_up_and_the_target_is_eighty_percent() -> None:
    window = Window(NOW - timedelta(days=7), NOW)
    report = BotCoverage(window, {"zh": Tally(8, 1), "en": Tally(2, 1)})
    assert report.total == Tally(10, 2)
    assert report.meets_target is True
    assert BotCoverage(window, {"zh": Tally(10, 3)}).meets_target is False
    assert BotCoverage(window, {}).meets_target is None
