"""A real ``gezinsplan serve`` on a free loopback port, for the service tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

LIMIT = 64 * 1024
"""--max-body-bytes of the test servers."""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class Server:
    """``gezinsplan serve --engine ENGINE`` on 127.0.0.1, its output in ``log``."""

    def __init__(self, engine: str, log: Path, max_body_bytes: int = LIMIT) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.engine = engine
        self._out = log.open("wb")
        env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning"}
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gezinsplan",
                "serve",
                "--engine",
                engine,
                "--port",
                str(self.port),
                "--max-body-bytes",
                str(max_body_bytes),
            ],
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env=env,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{self.url}/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("server did not start:\n" + log.read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._out.close()
