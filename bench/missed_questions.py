"""Benchmark: the review of missed questions over a busy week.

    .venv/bin/python -m bench.missed_questions [--postgres URL] [--conversations 40000]

Loads ``--conversations`` chats spread over the last seven days, each with five customer
messages and five bot replies (400,000 messages by default). One customer message in six is a
miss (fallback, out of scope or unsure), its wording drawn from 3,000 questions with order
numbers and phone numbers in them (each stored with its review key, as the gateway does). Then
measures
``GET /api/v1/reports/missed-questions`` as the console asks for it (30 questions, JSON) and as
a data writer downloads it (1,000 questions, CSV), over HTTP as a supervisor, and the service
call alone. No target in #3: the console's panel should open without a wait (well under a
second).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import aiohttp

from bench.ticketing_common import (
    cpu_per_call,
    fresh_database,
    load_average,
    running_service,
    summary,
    timed,
)
from ticketing.demo_data.teams import DEMO_PASSWORD
from ticketing.domain.auth import Principal
from ticketing.domain.bot_understanding import Understanding, review_of
from ticketing.services.reports import ReportService
from ticketing.storage.db import make_engine
from ticketing.storage.schema.conversations import conversation_messages, conversations

UNDERSTOOD = ("track_order", "track_order", 0.93)
MISSES = [
    ("nlu_fallback", "track_order", 0.22),
    ("out_of_scope", "out_of_scope", 0.81),
    ("faq", "faq/warranty", 0.41),
]
PHRASES = [
    "订单{order}的发票能改抬头吗",
    "我手机{phone}收不到验证码",
    "保价险怎么买",
    "你们和{brand}比哪个好",
    "can I pay with {brand} points",
    "帮我查一下{phone}的话费余额",
    "订单{order}能不能分两次发",
]
BRANDS = ["京东", "淘宝", "拼多多", "Apple", "华为", "小米", "Nike", "顺丰"]


def question(rng: random.Random, pool: int) -> str:
    """One of ``pool`` distinct wordings, with made-up numbers that masking folds together."""
    index = rng.randrange(pool)
    phrase = PHRASES[index % len(PHRASES)]
    text = phrase.format(
        order=f"E{rng.randrange(10**11, 10**12)}",
        phone=f"13{rng.randrange(10**8, 10**9)}",
        brand=BRANDS[index % len(BRANDS)],
    )
    return f"{text}（{index}）"


def load(url: str, count: int, now: datetime, seed: int = 7) -> float:
    """``count`` conversations with ten messages each; returns the seconds it took."""
    rng = random.Random(seed)
    engine = make_engine(url)
    start = time.perf_counter()
    with engine.begin() as connection:
        for first in range(0, count, 2000):
            chats, messages = [], []
            for n in range(first, min(first + 2000, count)):
                started = now - timedelta(seconds=rng.randrange(7 * 24 * 3600 - 600))
                chat_id = f"bench-{n}"
                handed = rng.random() < 0.12
                chats.append(
                    {
                        "id": chat_id,
                        "customer_id": None,
                        "language": "zh",
                        "mode": "bot",
                        "ticket_id": f"T{n}" if handed else None,
                        "team_id": None,
                        "assignee_id": None,
                        "last_seq": 10,
                        "unanswered": 0,
                        "created_at": started,
                        "updated_at": started,
                    }
                )
                for turn in range(5):
                    at = started + timedelta(seconds=20 * turn)
                    missed = rng.random() < 1 / 6
                    intent, guess, confidence = rng.choice(MISSES) if missed else UNDERSTOOD
                    body = question(rng, 3000) if missed else "我的快递到哪了"
                    review = review_of(body, Understanding(intent, guess, confidence))
                    messages.append(
                        _message(chat_id, 2 * turn + 1, at, "customer", body)
                        | {
                            "intent": intent,
                            "intent_guess": guess,
                            "intent_confidence": confidence,
                            "question_key": review and review.key,
                            "miss": review and review.miss.value,
                        }
                    )
                    messages.append(_message(chat_id, 2 * turn + 2, at, "bot", "好的"))
            connection.execute(conversations.insert(), chats)
            connection.execute(conversation_messages.insert(), messages)
    engine.dispose()
    return time.perf_counter() - start


def _message(chat_id: str, seq: int, at: datetime, author: str, body: str) -> dict:
    return {
        "conversation_id": chat_id,
        "seq": seq,
        "at": at,
        "author": author,
        "author_id": None,
        "body": body,
        "buttons": [],
        "sentiment": None,
        "intent": None,
        "intent_guess": None,
        "intent_confidence": None,
        "question_key": None,
        "miss": None,
    }


async def over_http(base: str, query: str, runs: int) -> list[float]:
    samples = []
    async with aiohttp.ClientSession(base) as session:
        login = {"username": "logi.lead", "password": DEMO_PASSWORD}
        async with session.post("/api/v1/auth/login", json=login) as response:
            token = (await response.json())["token"]
        headers = {"Authorization": f"Bearer {token}"}
        for n in range(runs + 2):
            start = time.perf_counter()
            async with session.get("/api/v1/reports/missed-questions" + query,
                                   headers=headers) as response:  # fmt: skip
                assert response.status == 200, await response.text()
                await response.read()
            if n >= 2:  # warm-up excluded
                samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", help="PostgreSQL server URL (a fresh database is made)")
    parser.add_argument("--conversations", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    backend = "postgresql" if args.postgres else "sqlite"
    now = datetime.now(timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        url, drop = fresh_database(args.postgres, Path(folder))
        try:
            seconds = load(url, args.conversations, now)
            print(
                f"[{backend}] loaded {args.conversations} conversations "
                f"({args.conversations * 10} messages) in {seconds:.1f} s"
            )
            engine = make_engine(url)
            supervisor = Principal("agent", "logi.lead", "supervisor", frozenset({"logistics"}))
            service = ReportService(engine, lambda: now + timedelta(minutes=1))
            report = service.missed_questions(supervisor, None, None, None, 30)
            print(
                f"[{backend}] {report.messages} missed messages, "
                f"top question asked {report.questions[0].times} times"
            )
            calls = [
                timed(lambda: service.missed_questions(supervisor, None, None, None, 30))
                for _ in range(args.runs)
            ]
            cpu = cpu_per_call(
                lambda: service.missed_questions(supervisor, None, None, None, 30), 3
            )
            line = summary("service call (30 questions)", calls)
            print(f"[{backend}] {line}; CPU {cpu:.1f} ms ({load_average()})")
            engine.dispose()
            with running_service(url) as (base, _):
                for name, query in [
                    ("console panel over HTTP (30, JSON)", "?limit=30"),
                    ("download over HTTP (1,000, CSV)", "?limit=1000&format=csv"),
                ]:
                    samples = asyncio.run(over_http(base, query, args.runs))
                    print(f"[{backend}] {summary(name, samples)} ({load_average()})")
        finally:
            drop()


if __name__ == "__main__":
    main()
