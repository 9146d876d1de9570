"""Benchmark: N concurrent widget sessions through the gateway vs the same load on Rasa REST.

Each session connects over socket.io (websocket), asks for its session, then sends M messages
with a think time between them and waits for each reply. Latency = ``user_uttered`` sent →
first ``bot_uttered`` received (what the customer waits). Every reply is counted by its
``metadata.seq``: a missing reply is lost, a repeated seq is a duplicate. Afterwards the same
sessions/messages go straight to Rasa's REST webhook to get the gateway's overhead ratio.

    # against a stub Rasa (fixed NLU time), the service started here as a subprocess:
    .venv/bin/python bench/hub_sessions.py --stub-delay-ms 20
    # against a running stack (`make run`): real Rasa, real service
    .venv/bin/python bench/hub_sessions.py --service http://127.0.0.1:8000 \
        --rasa http://127.0.0.1:5005
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
import socketio
from aiohttp import web

ROOT = Path(__file__).resolve().parent.parent
if not hasattr(aiohttp, "ClientWSTimeout"):  # engineio 4.15's client vs Rasa's aiohttp 3.9
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, **_: ws_close
TEXTS = ["你好", "我的订单到哪了", "怎么申请退款", "可以开发票吗", "谢谢"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def stub_rasa(delay_ms: float) -> tuple[web.AppRunner, int]:
    """A Rasa REST stand-in that answers after ``delay_ms`` (the NLU+policy time)."""

    async def webhook(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(delay_ms / 1000)
        return web.json_response(
            [{"recipient_id": body["sender"], "text": f"re:{body['message']}"}]
        )

    async def tracker(request: web.Request) -> web.Response:
        return web.json_response({"latest_message": {}, "slots": {}})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", webhook)
    app.router.add_get("/conversations/{sender}/tracker", tracker)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return runner, port


def start_service(rasa_port: int) -> tuple[subprocess.Popen, str]:
    var = Path(tempfile.mkdtemp(prefix="kefu-bench-")) / "var"
    port = free_port()
    env = {
        **os.environ,
        "KEFU_VAR_DIR": str(var),
        "KEFU_SERVICE_PORT": str(port),
        "KEFU_RASA_PORT": str(rasa_port),
        "KEFU_LOG_LEVEL": "WARNING",
    }
    subprocess.run([sys.executable, "-m", "ticketing", "migrate"], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen([sys.executable, "-m", "ticketing", "serve"], cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    return process, url


async def wait_healthy(url: str) -> None:
    async with aiohttp.ClientSession() as http:
        for _ in range(150):
            try:
                async with http.get(url + "/health") as response:
                    if response.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.2)
    raise SystemExit(f"the service at {url} did not become healthy")


class Session:
    def __init__(self, index: int, messages: int) -> None:
        self.index = index
        self.messages = messages
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict] = asyncio.Queue()
        self.seqs: list[int] = []
        self.latencies: list[float] = []
        self.lost = 0
        self.confirmed = asyncio.Event()
        self.client.on("bot_uttered", self._uttered)
        self.client.on("session_confirm", lambda data: self.confirmed.set())

    async def _uttered(self, data: dict) -> None:
        seq = (data.get("metadata") or {}).get("seq")
        if seq is not None:
            self.seqs.append(seq)
        await self.replies.put(data)

    async def run(self, url: str, think: tuple[float, float], texts: list[str]) -> None:
        await asyncio.sleep(random.uniform(0, think[1]))  # sessions arrive spread out
        await self.client.connect(url, transports=["websocket"])
        await self.client.emit("session_request", {"session_id": None})
        await asyncio.wait_for(self.confirmed.wait(), 30)
        for turn in range(self.messages):
            text = texts[turn % len(texts)]
            started = time.perf_counter()
            await self.client.emit("user_uttered", {"message": text})
            try:
                await asyncio.wait_for(self.replies.get(), 30)
                self.latencies.append((time.perf_counter() - started) * 1000)
            except asyncio.TimeoutError:
                self.lost += 1
            await asyncio.sleep(random.uniform(*think))
        await asyncio.sleep(1.0)  # late duplicates would arrive now
        await self.client.disconnect()

    @property
    def duplicates(self) -> int:
        return len(self.seqs) - len(set(self.seqs))


async def direct(rasa: str, index: int, messages: int, think, texts) -> list[float]:
    latencies = []
    async with aiohttp.ClientSession() as http:
        await asyncio.sleep(random.uniform(0, think[1]))
        for turn in range(messages):
            started = time.perf_counter()
            body = {"sender": f"bench-direct-{index}", "message": texts[turn % len(texts)]}
            async with http.post(rasa + "/webhooks/rest/webhook", json=body) as response:
                await response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(random.uniform(*think))
    return latencies


def quantiles(values: list[float]) -> str:
    ordered = sorted(values)
    p = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (
        f"p50 {p(0.5):.0f} ms, p95 {p(0.95):.0f} ms, p99 {p(0.99):.0f} ms, max {ordered[-1]:.0f} ms"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--service", help="a running service; default: start one here")
    parser.add_argument("--rasa", help="Rasa base URL (with --service); default: a stub")
    parser.add_argument("--stub-delay-ms", type=float, default=20.0)
    args = parser.parse_args()
    random.seed(7)
    process = stub = None
    if args.service:
        service, rasa = args.service, args.rasa
    else:
        stub, port = await stub_rasa(args.stub_delay_ms)
        process, service = start_service(port)
        rasa = f"http://127.0.0.1:{port}"
    try:
        await wait_healthy(service)
        sessions = [Session(i, args.messages) for i in range(args.sessions)]
        started = time.perf_counter()
        await asyncio.gather(*(s.run(service, tuple(args.think), TEXTS) for s in sessions))
        elapsed = time.perf_counter() - started
        latencies = [value for s in sessions for value in s.latencies]
        sent = args.sessions * args.messages
        print(f"gateway: {args.sessions} sessions x {args.messages} messages = {sent}")
        print(f"  in {elapsed:.1f} s")
        print(f"  replies {len(latencies)}, lost {sum(s.lost for s in sessions)}, "
              f"duplicated {sum(s.duplicates for s in sessions)}")  # fmt: skip
        print(f"  latency {quantiles(latencies)}")
        if rasa:
            random.seed(7)
            runs = await asyncio.gather(
                *(
                    direct(rasa, i, args.messages, tuple(args.think), TEXTS)
                    for i in range(args.sessions)
                )
            )
            baseline = [value for run in runs for value in run]
            print(f"direct Rasa REST: latency {quantiles(baseline)}")
            ratio50 = statistics.median(latencies) / statistics.median(baseline)
            ordered_g, ordered_b = sorted(latencies), sorted(baseline)
            ratio95 = ordered_g[int(0.95 * len(ordered_g))] / ordered_b[int(0.95 * len(ordered_b))]
            print(f"gateway/direct ratio: p50 {ratio50:.2f}x, p95 {ratio95:.2f}x")
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if stub is not None:
            await stub.cleanup()


if __name__ == "__main__":
    asyncio.run(main())
