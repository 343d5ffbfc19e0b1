"""Load on the HTTP service: ``POST /v1/assess`` with example02 over keep-alive connections.

Starts ``gezinsplan serve`` on 127.0.0.1 (a free port, loopback only), waits until
``/v1/health`` answers, runs ``--clients`` client processes for ``--seconds`` seconds
(each one keep-alive ``http.client`` connection sending requests back to back), prints
requests per second, the p50/p99 latency and the server's CPU time per request (its
processes' user + system time over the run: on a shared machine a steadier measure than the
throughput), and stops the server it started::

    .venv/bin/python benchmarks/http_load.py --workers 2 --clients 4 --seconds 20

Bounded: the run ends after ``--seconds`` (plus start-up, at most ``--start-timeout``),
and the server is stopped whatever happens. Every answer is checked (status 200, the
expected number of signals); a wrong answer fails the run.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "households" / "02_multiprobleemgezin.json"
PEILDATUM = "2026-11-23"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _wait_healthy(port: int, deadline: float, server: subprocess.Popen[bytes]) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/v1/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not answer /v1/health in time")


def _client(port: int, body: bytes, seconds: float, expect: bytes, queue: object) -> None:
    """One keep-alive connection, requests back to back for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
    end = time.perf_counter() + seconds
    while True:
        start = time.perf_counter()
        if start >= end:
            break
        conn.request("POST", "/v1/assess", body, headers)
        response = conn.getresponse()
        data = response.read()
        latencies.append(time.perf_counter() - start)
        if response.status != 200 or data != expect:  # answers are deterministic
            errors += 1
    conn.close()
    queue.put((latencies, errors))  # type: ignore[attr-defined]


def _children(pid: int) -> list[int]:
    """The server process and its worker processes (Linux /proc)."""
    found = [pid]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by ``pids`` (the server's own work: on a
    shared machine a better measure of the cost of a request than the throughput)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--engine", default="durable")
    parser.add_argument("--start-timeout", type=float, default=60.0)
    parser.add_argument(
        "--root",
        type=Path,
        default=ROOT,
        help="the source tree to serve (another checkout: before/after in one run)",
    )
    args = parser.parse_args(argv)

    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(args.root.resolve())}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gezinsplan",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(args.workers),
            "--engine",
            args.engine,
        ],
        env=env,
        cwd=args.root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_healthy(port, time.monotonic() + args.start_timeout, server)
        household = json.loads(EXAMPLE.read_text(encoding="utf-8"))
        body = json.dumps({"peildatum": PEILDATUM, "household": household}).encode()
        warm = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        answers = set()
        for _ in range(20 * args.workers):  # every worker compiles its rules once
            warm.request("POST", "/v1/assess", body, {"Content-Type": "application/json"})
            answer = warm.getresponse()
            data = answer.read()
            if answer.status != 200 or not json.loads(data)["signals"]:
                raise SystemExit(f"warm-up request answered {answer.status}")
            answers.add(data)
        warm.close()
        if len(answers) != 1:
            raise SystemExit("the workers gave different answers to the same request")
        expect = answers.pop()
        workers = _children(server.pid)
        cpu_before = _cpu_seconds(workers)
        ctx = multiprocessing.get_context("spawn")
        queue = ctx.Queue()
        clients = [
            ctx.Process(target=_client, args=(port, body, args.seconds, expect, queue))
            for _ in range(args.clients)
        ]
        started = time.perf_counter()
        for c in clients:
            c.start()
        results = [queue.get(timeout=args.seconds + 60) for _ in clients]
        elapsed = time.perf_counter() - started
        cpu_used = _cpu_seconds(workers) - cpu_before
        for c in clients:
            c.join(timeout=10)
    finally:
        # stop the server we started (its process group: uvicorn's worker processes too)
        with_group = os.getpgid(server.pid) if server.poll() is None else None
        if with_group is not None:
            os.killpg(with_group, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(with_group, signal.SIGKILL)
                server.wait()
    latencies = [x for lat, _ in results for x in lat]
    errors = sum(e for _, e in results)
    print(
        f"POST /v1/assess example02, {args.workers} worker(s), {args.clients} client(s), "
        f"{args.engine}: {len(latencies) / elapsed:.0f} req/s over {elapsed:.1f} s, "
        f"p50 {_percentile(latencies, 0.5) * 1000:.1f} ms, "
        f"p99 {_percentile(latencies, 0.99) * 1000:.1f} ms, "
        f"server CPU {cpu_used / max(1, len(latencies)) * 1000:.2f} ms per request, "
        f"{errors} error(s)"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
