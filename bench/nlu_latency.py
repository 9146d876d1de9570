"""NLU parse latency of the trained assistant: ``python bench/nlu_latency.py [--model PATH]``.

Loads models/kefu.tar.gz, warms up, then parses a fixed mix of realistic messages (short and
long, Chinese, English, mixed, order numbers) ``--rounds`` times and prints p50/p90/p99/max in
milliseconds, plus the machine's load average so the figure can be read honestly.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MESSAGES = [
    "我的快递到哪了",
    "我的order还没到 E100123456789",
    "退款一般多久到账",
    "能开专票吗",
    "转人工",
    "你是机器人吗",
    "where is my order",
    "i want a refund for order E202311230001",
    "收到的商品是坏的，屏幕碎了，我要换新的，订单号E300112233445，电话13812345678",
    "你们这什么破服务，问了三次都没人解决，我要投诉！！！",
    "今天天气怎么样",
    "支持七天无理由退货吗",
    "how long does delivery take",
    "优惠券怎么用不了",
    "算了",
    "好的谢谢",
]


async def measure(model: Path, rounds: int) -> list[float]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    for text in MESSAGES:
        await agent.parse_message(text)
    timings = []
    for _ in range(rounds):
        for text in MESSAGES:
            started = time.perf_counter()
            await agent.parse_message(text)
            timings.append(1000 * (time.perf_counter() - started))
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(ROOT / "models" / "kefu.tar.gz"))
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")
    import structlog

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    logging.getLogger("rasa").setLevel(logging.WARNING)
    timings = sorted(asyncio.run(measure(Path(args.model), args.rounds)))

    def pct(q: float) -> float:
        return timings[min(len(timings) - 1, int(q / 100 * len(timings)))]

    print(f"parses: {len(timings)}  load average: {os.getloadavg()}")
    print(
        f"p50 {pct(50):.1f} ms  p90 {pct(90):.1f} ms  p99 {pct(99):.1f} ms  "
        f"max {timings[-1]:.1f} ms  mean {statistics.fmean(timings):.1f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
