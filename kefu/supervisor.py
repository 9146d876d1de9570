"""A small asyncio supervisor: start the processes, wait until all are healthy, stop them together.

Why not supervisord, honcho or circus: we need readiness gates (Rasa takes tens of seconds to load a
model, and "ready" must mean every health check answers), one combined log, a clear report of which
child died with its last lines, and a clean stop on Ctrl-C - in about 200 lines with no daemon and
no extra config language. The decision when a child dies after start-up is to stop everything and
exit non-zero: a half-running stack silently drops conversations (a dead action server makes every
form fail), and restart loops hide the bug. In production a service manager (systemd, Kubernetes)
restarts the whole unit; here the developer sees the reason at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import aiohttp

TAIL_LINES = 20
STOP_GRACE_SECONDS = 10.0


@dataclass(frozen=True)
class ProcessSpec:
    """One child process: its name, command, extra environment and health URL."""

    name: str
    argv: list[str]
    health_url: str
    env: dict[str, str] = field(default_factory=dict)
    ready_timeout: float = 240.0


class ChildFailed(Exception):
    """A child exited or never became healthy; the message names it and carries its last lines."""


@dataclass
class _Child:
    spec: ProcessSpec
    process: asyncio.subprocess.Process
    tail: deque[str]
    pump: asyncio.Task[None]

    def report(self, reason: str) -> str:
        lines = "\n".join(f"    {line}" for line in self.tail) or "    (no output)"
        return f"{self.spec.name} {reason}; its last lines:\n{lines}"


class Supervisor:
    """Runs a set of processes as one unit. Use :meth:`run` from ``asyncio.run``."""

    def __init__(
        self,
        specs: list[ProcessSpec],
        log_dir: Path,
        out: TextIO = sys.stdout,
        on_ready: Callable[[], str] | None = None,
    ) -> None:
        self._specs = specs
        self._log_dir = log_dir
        self._out = out
        self._on_ready = on_ready
        self._children: list[_Child] = []
        self._stop = asyncio.Event()

    def stop(self) -> None:
        """Ask :meth:`run` to stop every process (what Ctrl-C does)."""
        self._stop.set()

    def _say(self, message: str) -> None:
        print(f"kefu: {message}", file=self._out, flush=True)

    async def run(self) -> int:
        """Start all, wait for health, then wait for Ctrl-C or a death. Returns an exit code."""
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, self.stop)
        self._log_dir.mkdir(parents=True, exist_ok=True)
        combined = (self._log_dir / "kefu.log").open("a", encoding="utf-8")
        try:
            for spec in self._specs:
                self._children.append(await self._start(spec, combined))
            self._write_pids()
            await self._wait_until_healthy()
            if self._on_ready is not None:
                self._say(self._on_ready())
            await self._watch()
            self._say("stopping (Ctrl-C)")
            return 0
        except ChildFailed as failure:
            self._say(str(failure))
            self._say("stopping every process: kefu runs whole or not at all (see README)")
            return 1
        except asyncio.CancelledError:
            return 130
        finally:
            await self._stop_all()
            combined.close()
            for signum in (signal.SIGINT, signal.SIGTERM):
                loop.remove_signal_handler(signum)

    async def _start(self, spec: ProcessSpec, combined: TextIO) -> _Child:
        log = (self._log_dir / f"{spec.name}.log").open("a", encoding="utf-8")
        process = await asyncio.create_subprocess_exec(
            *spec.argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            env={**os.environ, **spec.env},
            start_new_session=True,  # Ctrl-C reaches us only; we stop children in order
        )
        tail: deque[str] = deque(maxlen=TAIL_LINES)
        pump = asyncio.create_task(self._pump(spec.name, process, tail, log, combined))
        self._say(f"started {spec.name} (pid {process.pid}), log: {self._log_dir / spec.name}.log")
        return _Child(spec, process, tail, pump)

    @staticmethod
    async def _pump(
        name: str,
        process: asyncio.subprocess.Process,
        tail: deque[str],
        log: TextIO,
        combined: TextIO,
    ) -> None:
        assert process.stdout is not None
        try:
            async for raw in process.stdout:
                line = raw.decode("utf-8", "replace").rstrip()
                tail.append(line)
                log.write(line + "\n")
                combined.write(f"{name:>14} | {line}\n")
                log.flush()
                combined.flush()
        finally:
            log.close()

    def _write_pids(self) -> None:
        pids = {child.spec.name: child.process.pid for child in self._children}
        (self._log_dir / "processes.json").write_text(json.dumps(pids), encoding="utf-8")

    async def _fail_if_a_child_died(self) -> None:
        dead = next((c for c in self._children if c.process.returncode is not None), None)
        if dead is not None:
            await asyncio.sleep(0.2)  # let the pump read the last lines
            raise ChildFailed(dead.report(f"exited with code {dead.process.returncode}"))

    async def _wait_until_healthy(self) -> None:
        pending = {child.spec.name: child for child in self._children}
        started = time.monotonic()
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while pending:
                if self._stop.is_set():
                    raise asyncio.CancelledError
                await self._fail_if_a_child_died()
                for name, child in list(pending.items()):
                    if await _healthy(session, child.spec.health_url):
                        del pending[name]
                        self._say(f"{name} is healthy ({time.monotonic() - started:.1f} s)")
                    elif time.monotonic() - started > child.spec.ready_timeout:
                        timeout = child.spec.ready_timeout
                        raise ChildFailed(child.report(f"was not healthy after {timeout:.0f} s"))
                await asyncio.sleep(0.5)

    async def _watch(self) -> None:
        while not self._stop.is_set():
            await self._fail_if_a_child_died()
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._stop.wait(), timeout=0.5)

    async def _stop_all(self) -> None:
        # Reverse start order: the service first (it talks to Rasa), Rasa last.
        for child in reversed(self._children):
            if child.process.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGTERM)
        for child in reversed(self._children):
            try:
                await asyncio.wait_for(child.process.wait(), timeout=STOP_GRACE_SECONDS)
            except asyncio.TimeoutError:
                self._say(f"{child.spec.name} did not stop in {STOP_GRACE_SECONDS:.0f} s; killing")
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.process.pid, signal.SIGKILL)
                await child.process.wait()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(child.pump, timeout=2)
        if self._children:
            self._say("all processes stopped")


async def _healthy(session: aiohttp.ClientSession, url: str) -> bool:
    try:
        async with session.get(url) as response:
            return response.status == 200
    except (aiohttp.ClientError, asyncio.TimeoutError, OSError):
        return False
