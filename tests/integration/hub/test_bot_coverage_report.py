"""The bot coverage report: of the conversations customers wrote in, the share the bot settled
without a person, for supervisors and admins only."""

from __future__ import annotations

from .conftest import ASK_PERSON, bearer

PATH = "/api/v1/reports/bot-coverage"


async def test_handed_over_conversations_count_against_the_bot(service, open_widget, clock) -> None:
    settled = await open_widget()
    await settled.ask("你好")
    english = await open_widget()
    await english.ask("hello")
    handed = await open_widget()
    await handed.ask("你好")
    await handed.ask(ASK_PERSON)
    await open_widget()  # opened, never written in: not counted
    clock.advance(minutes=1)

    response = await service.get(PATH, headers=await bearer(service, "ls1"))

    assert response.status == 200, await response.text()
    report = await response.json()
    assert (report["conversations"], report["handed_over"], report["settled_by_bot"]) == (3, 1, 2)
    assert report["coverage"] == 2 / 3
    assert report["by_language"]["zh"] == {
        "conversations": 2,
        "settled_by_bot": 1,
        "handed_over": 1,
        "coverage": 0.5,
    }
    assert report["by_language"]["en"]["coverage"] == 1.0
    assert report["target"] == 0.8 and report["meets_target"] is False
    # the seven days up to now (the conversations began a minute ago)
    assert (report["since"], report["until"]) == (
        "2026-11-16T02:01:00+00:00",
        "2026-11-23T02:01:00+00:00",
    )


async def test_a_window_without_conversations_has_no_coverage_figure(service, open_widget) -> None:
    widget = await open_widget()
    await widget.ask("你好")
    query = "?since=2026-11-01T00:00:00%2B08:00&until=2026-11-02T00:00:00%2B08:00"

    response = await service.get(PATH + query, headers=await bearer(service, "root"))

    report = await response.json()
    assert response.status == 200, report
    assert (report["conversations"], report["coverage"], report["meets_target"]) == (0, None, None)
    assert report["since"] == "2026-10-31T16:00:00+00:00"


async def test_a_malformed_or_reversed_window_is_a_clear_error(service) -> None:
    headers = await bearer(service, "ls1")
    malformed = await service.get(PATH + "?since=yesterday", headers=headers)
    assert malformed.status == 422
    assert (await malformed.json())["error"]["fields"][0]["field"] == "since"
    query = "?since=2026-11-23T00:00:00%2B00:00&until=2026-11-22T00:00:00%2B00:00"
    reversed_window = await service.get(PATH + query, headers=headers)
    assert reversed_window.status == 422
    assert "before" in (await reversed_window.json())["error"]["message"]
