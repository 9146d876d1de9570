"""Sentiment speed and memory: ``.venv/bin/python bench/sentiment_bench.py``.

Measures, on the built model (``models/sentiment``, or ``--model-dir``):
- batch throughput: ``predict`` over the held-out chat messages repeated to ``--batch`` texts,
  in one process;
- single-message latency p50/p99 of ``predict([text])`` over ``--single`` calls (wall clock,
  and the CPU time of the call, which a busy shared machine does not inflate);
- resident memory of the loaded model: RSS after ``load_analyzer()`` and one prediction minus
  RSS before it, in a fresh child process (``bot.sentiment`` imported in both readings).
Targets (issue 4): >= 5,000 messages/s, p99 <= 3 ms, <= 300 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MEMORY_PROBE = """
import json, sys
def rss_mb():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
import bot.sentiment as s
before = rss_mb()
analyzer = s.load_analyzer(sys.argv[1] if len(sys.argv) > 1 else None)
analyzer.predict(["我的快递到哪了"])
print(json.dumps({"rss_before_mb": before, "rss_after_mb": rss_mb()}))
"""


def measure_memory(model_dir: str | None) -> dict:
    """RSS delta of loading the model, in a fresh interpreter."""
    args = [sys.executable, "-c", MEMORY_PROBE, *([model_dir] if model_dir else [])]
    out = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    reading = json.loads(out.strip().splitlines()[-1])
    reading["model_rss_mb"] = reading["rss_after_mb"] - reading["rss_before_mb"]
    return reading


def main() -> None:
    """Run the benchmark and print the figures as JSON."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--model-dir")
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--single", type=int, default=3_000)
    args = parser.parse_args()

    from bot.sentiment import load_analyzer
    from bot.sentiment.corpus import load_chat

    analyzer = load_analyzer(args.model_dir)
    texts = [ex.text for ex in load_chat() if ex.split == "test"]
    batch = (texts * (args.batch // len(texts) + 1))[: args.batch]
    analyzer.predict(batch[:200])  # warm-up

    started = time.perf_counter()
    analyzer.predict(batch)
    batch_seconds = time.perf_counter() - started

    latencies, cpu_times = [], []
    for i in range(args.single):
        text = texts[i % len(texts)]
        t0, c0 = time.perf_counter(), time.thread_time()
        analyzer.predict([text])
        latencies.append((time.perf_counter() - t0) * 1000)
        cpu_times.append((time.thread_time() - c0) * 1000)
    latencies.sort()
    cpu_times.sort()
    long_text = "快递一周了还没到，" * 600
    t0 = time.perf_counter()
    analyzer.predict([long_text])
    long_ms = (time.perf_counter() - t0) * 1000

    figures = {
        "model_version": analyzer.version,
        "batch_messages": len(batch),
        "batch_messages_per_second": round(len(batch) / batch_seconds),
        "single_p50_ms": round(statistics.median(latencies), 3),
        "single_p99_ms": round(latencies[int(0.99 * len(latencies)) - 1], 3),
        "single_max_ms": round(latencies[-1], 3),
        # CPU time of the call: what the wall clock shows minus waiting for a core (the machine
        # is shared; see load_average)
        "single_cpu_p99_ms": round(cpu_times[int(0.99 * len(cpu_times)) - 1], 3),
        "load_average_1min": os.getloadavg()[0],
        "mean_message_chars": round(statistics.mean(len(t) for t in texts), 1),
        "one_5400_char_message_ms": round(long_ms, 2),
        **{k: round(v, 1) for k, v in measure_memory(args.model_dir).items()},
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
