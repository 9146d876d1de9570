"""The review of missed questions: what customers asked that the bot did not understand or took
for out of scope, kept with each message as the gateway relays it, grouped, personal data masked,
for supervisors and admins only, as JSON or as a spreadsheet-safe CSV file."""

from __future__ import annotations

import csv
import io

from sqlalchemy import select

from ticketing.domain.conversations_texts import HANDOFF_PAYLOAD
from ticketing.storage.schema.conversations import conversation_messages

from .conftest import ASK_PERSON, RELATED_ASKED, RELATED_OFFERED, bearer

PATH = "/api/v1/reports/missed-questions"


async def test_what_the_bot_missed_is_listed_most_asked_first_with_personal_data_masked(
    service, open_widget, clock
) -> None:
    first = await open_widget()
    await first.ask("嗯？我手机13812345678收不到验证码")
    await first.ask("你好")  # understood: not listed
    second = await open_widget()
    await second.ask("嗯？我手机13900001111收不到验证码！")
    await second.ask(ASK_PERSON)
    english = await open_widget()
    await english.ask("do you sell 保险 for phones")
    clock.advance(minutes=1)

    response = await service.get(PATH, headers=await bearer(service, "ls1"))

    report = await response.json()
    assert response.status == 200, report
    assert (report["messages"], report["language"]) == (3, None)
    assert report["questions"] == [
        {
            "text": "嗯？我手机[phone]收不到验证码！",
            "language": "zh",
            "miss": "not_understood",
            "guess": "track_order",
            "confidence": 0.21,
            "times": 2,
            "conversations": 2,
            "handed_over": 1,
            "last_at": "2026-11-23T02:00:00+00:00",
        },
        {
            "text": "do you sell 保险 for phones",
            "language": "zh",  # the conversation's language (Chinese characters: zh)
            "miss": "out_of_scope",
            "guess": "out_of_scope",
            "confidence": 0.88,
            "times": 1,
            "conversations": 1,
            "handed_over": 0,
            "last_at": "2026-11-23T02:00:00+00:00",
        },
    ]


async def test_the_most_asked_come_first_then_the_most_recent_up_to_the_limit(
    service, open_widget, clock
) -> None:
    widget = await open_widget()
    await widget.ask("嗯？订单E100123456789能改地址吗")
    clock.advance(minutes=1)
    await widget.ask("嗯？能开专票吗")
    clock.advance(minutes=1)
    await widget.ask("嗯？订单E100987654321能改地址吗")  # the first question, other number
    clock.advance(minutes=1)
    await widget.ask("嗯？周末发货吗")
    clock.advance(minutes=1)
    headers = await bearer(service, "ls1")

    report = await (await service.get(PATH, headers=headers)).json()

    assert [(q["text"], q["times"], q["conversations"]) for q in report["questions"]] == [
        ("嗯？订单[number]能改地址吗", 2, 1),
        ("嗯？周末发货吗", 1, 1),
        ("嗯？能开专票吗", 1, 1),
    ]
    assert report["messages"] == 4
    top = await (await service.get(PATH + "?limit=2", headers=headers)).json()
    assert [q["times"] for q in top["questions"]] == [2, 1] and top["messages"] == 4


async def test_an_answer_passed_over_for_a_related_question_is_up_for_review(
    service, open_widget, clock
) -> None:
    clicked = await open_widget()
    await clicked.ask(RELATED_ASKED)  # sure enough: not a miss by itself
    await clicked.ask(RELATED_OFFERED)  # the customer clicks the related question
    typed_on = await open_widget()
    await typed_on.ask(RELATED_ASKED)
    await typed_on.ask("谢谢")  # no click: the answer stands
    clock.advance(minutes=1)

    report = await (await service.get(PATH, headers=await bearer(service, "ls1"))).json()

    assert [(q["text"], q["miss"], q["guess"], q["confidence"], q["times"])
            for q in report["questions"]] == [
        (RELATED_ASKED, "picked_another", "faq/repair_service", 0.7, 1)
    ]  # fmt: skip


async def test_a_person_asked_for_right_after_an_faq_answer_is_up_for_review(
    service, open_widget, clock
) -> None:
    asked = await open_widget()
    await asked.ask(RELATED_ASKED)  # an FAQ answer (with a related question under it)
    await asked.ask(ASK_PERSON)  # not what the customer needed
    clock.advance(minutes=1)

    report = await (await service.get(PATH, headers=await bearer(service, "ls1"))).json()

    assert [(q["text"], q["miss"], q["handed_over"]) for q in report["questions"]] == [
        (RELATED_ASKED, "asked_for_person", 1)
    ]


async def test_the_to_a_person_button_after_an_faq_answer_counts_the_same(
    service, open_widget, clock
) -> None:
    widget = await open_widget()
    await widget.ask(RELATED_ASKED)
    await widget.ask(HANDOFF_PAYLOAD)  # the widget's "转人工" button
    clock.advance(minutes=1)

    report = await (await service.get(PATH, headers=await bearer(service, "ls1"))).json()

    assert [(q["text"], q["miss"]) for q in report["questions"]] == [
        (RELATED_ASKED, "asked_for_person")
    ]


async def test_the_understanding_is_kept_with_the_customer_message(
    service, open_widget, engine
) -> None:
    widget = await open_widget()
    await widget.ask("你好")
    with engine.connect() as connection:
        row = connection.execute(
            select(conversation_messages).where(
                conversation_messages.c.conversation_id == widget.conversation_id,
                conversation_messages.c.author == "customer",
            )
        ).one()
    assert (row.intent, row.intent_guess, row.intent_confidence) == ("greet", "greet", 0.97)
    assert row.question_key is None  # understood: nothing to review


async def test_one_language_and_a_window_can_be_asked_for(service, open_widget, clock) -> None:
    zh = await open_widget()
    await zh.ask("嗯？发票抬头写错了")
    en = await open_widget()
    await en.ask("do you sell insurance")  # understood by the script: not listed
    clock.advance(minutes=1)
    headers = await bearer(service, "root")

    english = await (await service.get(PATH + "?language=en", headers=headers)).json()
    assert english["questions"] == [] and english["language"] == "en"
    chinese = await (await service.get(PATH + "?language=zh", headers=headers)).json()
    assert [q["text"] for q in chinese["questions"]] == ["嗯？发票抬头写错了"]
    earlier = "?since=2026-11-01T00:00:00%2B08:00&until=2026-11-02T00:00:00%2B08:00"
    assert (await (await service.get(PATH + earlier, headers=headers)).json())["questions"] == []


async def test_the_csv_file_opens_in_a_spreadsheet_without_running_what_customers_wrote(
    service, open_widget, clock
) -> None:
    widget = await open_widget()
    await widget.ask('=HYPERLINK("http://evil.example","嗯？")')
    clock.advance(minutes=1)

    response = await service.get(PATH + "?format=csv", headers=await bearer(service, "ls1"))

    assert response.status == 200
    assert response.content_type == "text/csv"
    assert "missed-questions-2026-11-23.csv" in response.headers["Content-Disposition"]
    body = (await response.read()).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(body.lstrip("\ufeff"))))
    assert [(r["text"], r["miss"], r["times"]) for r in rows] == [
        ('\'=HYPERLINK("http://evil.example","嗯？")', "not_understood", "1")
    ]


async def test_bad_parameters_are_clear_errors(service) -> None:
    headers = await bearer(service, "ls1")
    for query, field in [
        ("?language=fr", "language"),
        ("?format=xlsx", "format"),
        ("?limit=0", "limit"),
        ("?limit=many", "limit"),
        ("?since=yesterday", "since"),
    ]:
        response = await service.get(PATH + query, headers=headers)
        assert response.status == 422, query
        assert (await response.json())["error"]["fields"][0]["field"] == field
