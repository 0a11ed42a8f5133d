"""`swpolicy serve` in a child process, for the crash tests and the reliability benchmark.

The durability claims (no acknowledged job lost after `kill -9`) can only be checked against a
real server process: a thread in the test process cannot be killed mid-write. This starts the
real command on a free loopback port with its own database and stops it the hard way.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

LAUNCH = "from swpolicy.cli import main; main()"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


class ServerProcess:
    """One `swpolicy serve` process on 127.0.0.1 with the SQLite database `database`."""

    def __init__(self, database: Path, port: int | None = None, *args: str) -> None:
        self.database = database
        self.port = port or free_port()
        self.args = args
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = database.with_suffix(".log")

    def start(self, timeout: float = 60.0) -> ServerProcess:
        env = {**os.environ, "SWPOLICY_DATABASE_URL": f"sqlite:///{self.database}"}
        command = [sys.executable, "-c", LAUNCH, "serve", "--port", str(self.port), *self.args]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, env=env, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/settings", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.kill()
        raise RuntimeError("the server did not start in time")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Stop the process with `sig` (SIGKILL by default: no clean-up at all)."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(sig)
            self.process.wait(30)
        self.process = None
