"""HTTP benchmarks against a running MộtCửa server (gunicorn, PostgreSQL), loopback only.

Each metric is bounded in requests and time and stops by itself.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from urllib.parse import urlsplit


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target loopback addresses")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)


def _get(conn: http.client.HTTPConnection, path: str) -> int:
    conn.request("GET", path)
    response = conn.getresponse()
    response.read()
    return response.status


def requests_per_second(base_url: str, path: str, *, clients: int = 8, seconds: float = 5.0) -> float:
    """Return successful GETs per second with `clients` keep-alive connections for `seconds`."""
    deadline = time.perf_counter() + seconds
    counts = [0] * clients
    errors: list[str] = []

    def worker(i: int) -> None:
        conn = _connection(base_url)
        while time.perf_counter() < deadline:
            try:
                if _get(conn, path) == 200:
                    counts[i] += 1
            except (OSError, http.client.HTTPException) as exc:  # reconnect once per failure
                errors.append(str(exc))
                conn.close()
                conn = _connection(base_url)
        conn.close()

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    if errors and not sum(counts):
        raise RuntimeError(f"no successful request: {errors[0]}")
    return sum(counts) / elapsed


def latency_p(
    base_url: str, path: str, *, requests: int = 200, percentile: float = 50, warmup: int = 20
) -> float:
    """Return the given percentile of sequential GET latency in milliseconds."""
    conn = _connection(base_url)
    for _ in range(warmup):
        _get(conn, path)
    samples = []
    for _ in range(requests):
        t0 = time.perf_counter()
        status = _get(conn, path)
        samples.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} returned {status}")
    conn.close()
    if percentile == 50:
        return statistics.median(samples)
    return statistics.quantiles(samples, n=100)[int(percentile) - 1]
