"""Benchmark: N concurrent widget sessions through the gateway vs the same load on Rasa REST.

Each session connects over socket.io (websocket), asks for its session, then plays one of the
scripted conversations below: it sends a message, waits for the first reply, "thinks" (reads the
reply and types the next message: a random time in ``--think MIN MAX``), and so on. Latency =
``user_uttered`` sent → first ``bot_uttered`` received (what the customer waits).

Counting: a turn without any reply within 30 s is *unanswered*; every reply carries its stored
``metadata.seq``, so a repeated seq is a *duplicate*; at the end each session asks for its session
again and compares the stored history with what it received: a stored bot line it never got is
*lost*. Afterwards the same conversations go straight to Rasa's REST webhook (fresh senders) for
the gateway's overhead ratio. With ``--processes`` (the supervisor's ``var/log/processes.json``)
the CPU seconds each process used during each phase are printed, with the load average.

    # against a stub Rasa (fixed NLU time), the service started here as a subprocess:
    .venv/bin/python bench/hub_sessions.py --stub-delay-ms 20
    # against a running stack (`python -m kefu run`): real Rasa, real service
    .venv/bin/python bench/hub_sessions.py --service http://127.0.0.1:8000 \
        --rasa http://127.0.0.1:5005 --processes var/log/processes.json --think 10 30
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import secrets
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
REPLY_TIMEOUT = 30.0
# What customers of a shop say, in both languages: greetings, an order lookup with its number,
# questions the FAQ answers, an invoice, thanks. Session i plays script i mod len(SCRIPTS).
SCRIPTS = [
    ["你好", "我的订单E100123456789到哪了", "怎么申请退款", "尺码不合适", "谢谢", "再见"],
    [
        "hi",
        "where is my order E100123456789",
        "how do I get a refund",
        "it arrived damaged",
        "thanks",
        "bye",
    ],
    ["在吗", "你们几点上班", "会员积分怎么用", "有没有优惠券", "可以开发票吗", "好的谢谢"],
    [
        "hello",
        "can I get an invoice",
        "what are your opening hours",
        "do you have coupons",
        "ok thank you",
        "goodbye",
    ],
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def stub_rasa(delay_ms: float) -> tuple[web.AppRunner, int]:
    """A Rasa stand-in that answers after ``delay_ms`` (the NLU+policy time): the REST
    channel and kefu's channel (replies with the turn's sentiment and language)."""

    async def rest(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(delay_ms / 1000)
        return web.json_response(
            [{"recipient_id": body["sender"], "text": f"re:{body['message']}"}]
        )

    async def kefu(request: web.Request) -> web.Response:
        body = await request.json()
        await asyncio.sleep(delay_ms / 1000)
        reply = {"recipient_id": body["sender"], "text": f"re:{body['message']}"}
        return web.json_response({"messages": [reply], "sentiment": None, "language": None})

    app = web.Application()
    app.router.add_post("/webhooks/rest/webhook", rest)
    app.router.add_post("/webhooks/kefu/webhook", kefu)
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
    """One customer's widget playing one script."""

    def __init__(self, index: int, messages: int) -> None:
        self.script = SCRIPTS[index % len(SCRIPTS)]
        self.messages = messages
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: asyncio.Queue[dict] = asyncio.Queue()
        self.confirms: asyncio.Queue[dict] = asyncio.Queue()
        self.seqs: list[int] = []
        self.latencies: list[float] = []
        self.unanswered = 0
        self.lost = 0
        self.client.on("bot_uttered", self._uttered)
        self.client.on("session_confirm", self.confirms.put)

    async def _uttered(self, data: dict) -> None:
        seq = (data.get("metadata") or {}).get("seq")
        if seq is not None:
            self.seqs.append(seq)
        await self.replies.put(data)

    async def run(self, url: str, think: tuple[float, float]) -> None:
        await asyncio.sleep(random.uniform(0, think[1]))  # sessions arrive spread out
        await self.client.connect(url, transports=["websocket"])
        await self.client.emit("session_request", {"session_id": None})
        token = (await asyncio.wait_for(self.confirms.get(), REPLY_TIMEOUT))["session_id"]
        for turn in range(self.messages):
            while not self.replies.empty():  # the rest of the previous turn's answer
                self.replies.get_nowait()
            started = time.perf_counter()
            await self.client.emit(
                "user_uttered", {"message": self.script[turn % len(self.script)]}
            )
            try:
                await asyncio.wait_for(self.replies.get(), REPLY_TIMEOUT)
                self.latencies.append((time.perf_counter() - started) * 1000)
            except asyncio.TimeoutError:
                self.unanswered += 1
            await asyncio.sleep(random.uniform(*think))
        await asyncio.sleep(1.0)  # late replies and duplicates would arrive now
        await self.client.emit("session_request", {"session_id": token})
        history = (await asyncio.wait_for(self.confirms.get(), REPLY_TIMEOUT))["history"]
        stored = {m["metadata"]["seq"] for m in history if m["metadata"]["author"] != "customer"}
        self.lost = len(stored - set(self.seqs))
        await self.client.disconnect()

    @property
    def duplicates(self) -> int:
        return len(self.seqs) - len(set(self.seqs))


async def direct(rasa: str, sender: str, index: int, messages: int, think) -> list[float]:
    latencies = []
    script = SCRIPTS[index % len(SCRIPTS)]
    async with aiohttp.ClientSession() as http:
        await asyncio.sleep(random.uniform(0, think[1]))
        for turn in range(messages):
            started = time.perf_counter()
            body = {"sender": sender, "message": script[turn % len(script)]}
            async with http.post(rasa + "/webhooks/rest/webhook", json=body) as response:
                await response.read()
            latencies.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(random.uniform(*think))
    return latencies


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def quantiles(values: list[float]) -> str:
    if not values:
        return "no replies"
    p = [quantile(values, q) for q in (0.5, 0.95, 0.99)]
    return f"p50 {p[0]:.0f} ms, p95 {p[1]:.0f} ms, p99 {p[2]:.0f} ms, max {max(values):.0f} ms"


def ratios(gateway: list[float], direct: list[float]) -> str:
    p50 = statistics.median(gateway) / statistics.median(direct)
    return f"p50 {p50:.2f}x, p95 {quantile(gateway, 0.95) / quantile(direct, 0.95):.2f}x"


class CpuMeter:
    """CPU seconds (user + system, children included) of the stack's processes per phase."""

    def __init__(self, processes_file: str | None) -> None:
        pids = json.loads(Path(processes_file).read_text()) if processes_file else {}
        self._pids: dict[str, int] = pids
        self._tick = os.sysconf("SC_CLK_TCK")
        self._start: dict[str, float] = {}
        self._load = os.getloadavg()[0]

    def _cpu(self, pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return sum(int(v) for v in fields[11:15]) / self._tick  # utime stime cutime cstime

    def start(self) -> None:
        self._load = os.getloadavg()[0]
        self._start = {name: self._cpu(pid) for name, pid in self._pids.items()}

    def report(self, messages: int, wall: float) -> str:
        own = os.times()
        parts = [f"load average {self._load:.1f} → {os.getloadavg()[0]:.1f}"]
        for name, pid in self._pids.items():
            used = self._cpu(pid) - self._start[name]
            parts.append(f"{name} {used:.1f} s CPU ({1000 * used / messages:.0f} ms/message)")
        parts.append(f"bench process {own.user + own.system:.1f} s CPU so far; wall {wall:.0f} s")
        return "; ".join(parts)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 3.0), metavar=("MIN", "MAX"))
    parser.add_argument("--service", help="a running service; default: start one here")
    parser.add_argument("--rasa", help="Rasa base URL (with --service); default: a stub")
    parser.add_argument("--stub-delay-ms", type=float, default=20.0)
    parser.add_argument("--processes", help="processes.json of the running stack (CPU figures)")
    parser.add_argument("--no-direct", action="store_true", help="skip the direct Rasa run")
    parser.add_argument(
        "--alongside",
        type=int,
        default=0,
        metavar="N",
        help="also run N direct-REST sessions during the gateway run: the ratio under the same "
        "machine load and the same Rasa queue (the sequential run compares two moments)",
    )
    args = parser.parse_args()
    random.seed(7)
    process = stub = None
    if args.service:
        service, rasa = args.service, args.rasa
    else:
        stub, port = await stub_rasa(args.stub_delay_ms)
        process, service = start_service(port)
        rasa = f"http://127.0.0.1:{port}"
    think = tuple(args.think)
    sent = args.sessions * args.messages
    meter = CpuMeter(args.processes)
    try:
        await wait_healthy(service)
        sessions = [Session(i, args.messages) for i in range(args.sessions)]
        meter.start()
        started = time.perf_counter()
        run_id = secrets.token_hex(4)
        probes = [
            direct(rasa, f"bench-{run_id}-probe-{i}", i, args.messages, think)
            for i in range(args.alongside if rasa else 0)
        ]
        done = await asyncio.gather(*(s.run(service, think) for s in sessions), *probes)
        elapsed = time.perf_counter() - started
        alongside = [value for run in done[len(sessions) :] for value in run]
        latencies = [value for s in sessions for value in s.latencies]
        print(f"gateway: {args.sessions} sessions x {args.messages} messages = {sent}, "
              f"think {think[0]:g}-{think[1]:g} s")  # fmt: skip
        print(f"  replies {len(latencies)}, unanswered {sum(s.unanswered for s in sessions)}, "
              f"lost {sum(s.lost for s in sessions)}, "
              f"duplicated {sum(s.duplicates for s in sessions)}")  # fmt: skip
        print(f"  latency {quantiles(latencies)}")
        print(f"  {meter.report(sent, elapsed)}")
        if alongside:
            print(
                f"  alongside, {args.alongside} direct Rasa REST sessions: {quantiles(alongside)}"
            )
            print(f"  gateway/direct ratio at the same time: {ratios(latencies, alongside)}")
        if rasa and not args.no_direct:
            random.seed(7)
            meter.start()
            started = time.perf_counter()
            runs = await asyncio.gather(
                *(
                    direct(rasa, f"bench-{run_id}-{i}", i, args.messages, think)
                    for i in range(args.sessions)
                )
            )
            baseline = [value for run in runs for value in run]
            print(f"direct Rasa REST: latency {quantiles(baseline)}")
            print(f"  {meter.report(sent, time.perf_counter() - started)}")
            print(f"gateway/direct ratio: {ratios(latencies, baseline)}")
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
