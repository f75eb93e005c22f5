"""``modstream bench serve``: comments:analyze requests/s and latency, load from this process.

The server is ``modstream serve`` in a child process; this process is the load: a small HTTP/1.1
client on raw asyncio streams with keep-alive connections (cheap enough that one core of load
drives more than the server can answer). Two runs:

* **throughput**: ``concurrency`` connections, each sending its next request as soon as the
  previous answer arrived, for ``duration_s``: requests/s and latency percentiles;
* **paced**: requests at a fixed ``rate`` per second (open loop: latency counts from each request's
  scheduled time, so a stalled server cannot hide its queue), p50/p99.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import httpx

from streams.bench.corpus import comment_texts
from streams.bench.exceptions import BenchError

BENCH_KEY = "bench-key"
ANALYZE = "/v1alpha1/comments:analyze"


@dataclass
class ServeRun:
    """One run's figures."""

    kind: str
    concurrency: int
    target_rate_per_s: float | None
    requests: int
    errors: int
    duration_s: float
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    max_ms: float


def _percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _requests(n: int, host: str, port: int) -> list[bytes]:
    out = []
    for text in comment_texts(n):
        if len(text.encode("utf-8")) > 20_480:
            continue
        body = json.dumps({"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}},
                           "languages": ["en"], "doNotStore": True}).encode()
        head = (f"POST {ANALYZE}?key={BENCH_KEY} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n").encode()
        out.append(head + body)
    return out


class _Conn:
    """One keep-alive connection."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def call(self, request: bytes) -> int:
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n"):
            if line[:15].lower() == b"content-length:":
                length = int(line[15:])
        await self.reader.readexactly(length)
        return status


async def _connect(host: str, port: int, n: int) -> list[_Conn]:
    conns = []
    for _ in range(n):
        reader, writer = await asyncio.open_connection(host, port)
        conns.append(_Conn(reader, writer))
    return conns


async def _throughput(host: str, port: int, requests: list[bytes], concurrency: int, duration_s: float) -> ServeRun:
    conns = await _connect(host, port, concurrency)
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + duration_s

    async def loop(conn: _Conn, offset: int) -> None:
        nonlocal errors
        i = offset
        while time.perf_counter() < stop_at:
            begun = time.perf_counter()
            status = await conn.call(requests[i % len(requests)])
            latencies.append(time.perf_counter() - begun)
            errors += status != 200
            i += concurrency

    started = time.perf_counter()
    await asyncio.gather(*(loop(c, k) for k, c in enumerate(conns)))
    elapsed = time.perf_counter() - started
    for c in conns:
        c.writer.close()
    return _run("throughput", concurrency, None, latencies, errors, elapsed)


async def _paced(host: str, port: int, requests: list[bytes], rate: float, duration_s: float, pool: int) -> ServeRun:
    conns = await _connect(host, port, pool)
    idle: asyncio.Queue[_Conn] = asyncio.Queue()
    for c in conns:
        idle.put_nowait(c)
    latencies: list[float] = []
    errors = 0
    total = int(rate * duration_s)

    async def one(i: int, due: float) -> None:
        nonlocal errors
        conn = await idle.get()
        status = await conn.call(requests[i % len(requests)])
        latencies.append(time.perf_counter() - due)  # from the scheduled time: queueing counts
        errors += status != 200
        idle.put_nowait(conn)

    started = time.perf_counter()
    tasks = []
    for i in range(total):
        due = started + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, due)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    for c in conns:
        c.writer.close()
    return _run("paced", pool, rate, latencies, errors, elapsed)


def _run(kind: str, concurrency: int, rate: float | None, lat: list[float], errors: int, elapsed: float) -> ServeRun:
    ms = [x * 1000.0 for x in lat]
    return ServeRun(
        kind=kind, concurrency=concurrency, target_rate_per_s=rate, requests=len(ms), errors=errors,
        duration_s=round(elapsed, 2), requests_per_s=round(len(ms) / elapsed, 1),
        p50_ms=round(_percentile(ms, 0.50), 2), p99_ms=round(_percentile(ms, 0.99), 2),
        max_ms=round(max(ms), 2) if ms else float("nan"),
    )


def _tree_cpu_seconds(root: int) -> float:
    """User + system CPU seconds of process ``root`` and its descendants (Linux ``/proc``)."""
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    wanted = {root}
    grew = True
    while grew:
        before = len(wanted)
        wanted |= {pid for pid, (ppid, _) in stats.items() if ppid in wanted}
        grew = len(wanted) > before
    return sum(stats[pid][1] for pid in wanted if pid in stats)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _server(workers: int, log: Path) -> Any:
    port = _free_port()
    modstream = Path(sys.executable).with_name("modstream")
    env = {**os.environ, "MODSTREAM_API_KEYS": BENCH_KEY}
    with log.open("wb") as out:
        process = subprocess.Popen([str(modstream), "serve", "--port", str(port), "--workers", str(workers)],
                                   stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                raise BenchError(f"modstream serve exited: {log.read_text()[-1000:]}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise BenchError("modstream serve not ready in 90 s")
            time.sleep(0.2)
        if workers > 1:
            time.sleep(3.0)  # the other worker processes load the model too
        yield port, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def bench_serve(
    *, workers: int, concurrency: int, duration_s: float, rate: float, rate_duration_s: float, log: Path
) -> dict[str, Any]:
    """Start ``modstream serve``, warm it up, run the throughput and the paced run; the figures."""
    with contextlib.suppress(ImportError):
        import uvloop

        uvloop.install()
    load_before = os.getloadavg()
    with _server(workers, log) as (port, pid):
        requests = _requests(2_000, "127.0.0.1", port)
        asyncio.run(_throughput("127.0.0.1", port, requests, concurrency, 2.0))  # warm-up, not reported
        cpu_before = _tree_cpu_seconds(pid)
        throughput = asyncio.run(_throughput("127.0.0.1", port, requests, concurrency, duration_s))
        server_cpu = _tree_cpu_seconds(pid) - cpu_before
        paced = asyncio.run(_paced("127.0.0.1", port, requests, rate, rate_duration_s, pool=32))
    return {
        # CPU the server spent per answered request in the throughput run: what a quiet core could
        # do is about 1000 / this many requests/s per core (a shared machine's wall clock cannot say)
        "server_cpu_ms_per_request": round(server_cpu * 1000.0 / max(1, throughput.requests), 3),
        "workers": workers,
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "mean_request_chars": round(sum(len(r) for r in requests) / len(requests)),
        "runs": [asdict(throughput), asdict(paced)],
    }
