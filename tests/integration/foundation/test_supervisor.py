"""The supervisor starts children, waits for their health, and stops them all together."""

import asyncio
import io
import json
import socket
import sys
from pathlib import Path

from kefu.supervisor import ProcessSpec, Supervisor

# A child that answers /health on its port; with a second argument it dies after that many seconds.
SERVER = """
import http.server, sys, threading, os, time
port = int(sys.argv[1])
class Health(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *args): pass
print("listening on", port, flush=True)
def die():
    print("fatal: out of cheese", flush=True)
    os._exit(3)
if len(sys.argv) > 2:
    threading.Timer(float(sys.argv[2]), die).start()
http.server.HTTPServer(("127.0.0.1", port), Health).serve_forever()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _child(name: str, *extra: str, timeout: float = 20) -> ProcessSpec:
    port = _free_port()
    return ProcessSpec(
        name=name,
        argv=[sys.executable, "-c", SERVER, str(port), *extra],
        health_url=f"http://127.0.0.1:{port}/health",
        ready_timeout=timeout,
    )


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


async def test_ready_when_every_child_is_healthy_and_ctrl_c_stops_them_all(tmp_path: Path) -> None:
    out = io.StringIO()
    supervisor = Supervisor(
        [_child("one"), _child("two")], tmp_path, out=out, on_ready=lambda: "ready."
    )
    run = asyncio.create_task(supervisor.run())
    for _ in range(100):
        if "ready." in out.getvalue():
            break
        await asyncio.sleep(0.1)
    pids = [
        int(pid)
        for pid in __import__("json").loads((tmp_path / "processes.json").read_text()).values()
    ]
    assert all(_alive(pid) for pid in pids)
    supervisor.stop()
    assert await run == 0
    assert not any(_alive(pid) for pid in pids)
    assert "all processes stopped" in out.getvalue()
    assert "listening on" in (tmp_path / "one.log").read_text()
    assert "one | listening on" in (tmp_path / "kefu.log").read_text()


async def test_a_child_that_dies_is_named_with_its_last_lines_and_everything_stops(
    tmp_path: Path,
) -> None:
    out = io.StringIO()
    survivor = _child("steady")
    supervisor = Supervisor([survivor, _child("fragile", "1.5")], tmp_path, out=out)
    assert await asyncio.wait_for(supervisor.run(), timeout=30) == 1
    report = out.getvalue()
    assert "fragile exited with code 3; its last lines:" in report
    assert "fatal: out of cheese" in report
    assert "stopping every process" in report
    pids = json.loads((tmp_path / "processes.json").read_text())
    assert not _alive(pids["steady"])


async def test_a_child_that_never_becomes_healthy_fails_the_start(tmp_path: Path) -> None:
    out = io.StringIO()
    silent = ProcessSpec(
        name="silent",
        argv=[sys.executable, "-c", "import time; print('loading...', flush=True); time.sleep(60)"],
        health_url=f"http://127.0.0.1:{_free_port()}/health",
        ready_timeout=1.5,
    )
    assert await asyncio.wait_for(Supervisor([silent], tmp_path, out=out).run(), timeout=30) == 1
    assert "silent was not healthy after 2 s; its last lines:\n    loading..." in out.getvalue()
