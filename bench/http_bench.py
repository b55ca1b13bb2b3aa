"""Sequential HTTP measurements against a running MộtCửa server (gunicorn, PostgreSQL), loopback only.

Latencies are one client's sequential requests on a keep-alive connection; throughput with
concurrent clients is measured with wrk (`wrk_load`). Each measurement is bounded in requests and
stops by itself. A path may be a string or a function of the request number (to spread requests
over many dossiers); extra headers (a session cookie) go with every request.
"""

from __future__ import annotations

import http.client
import re
import statistics
import time
from collections.abc import Callable
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

PathSpec = str | Callable[[int], str]
BodySpec = Callable[[int], tuple[bytes, dict[str, str]]]


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target loopback addresses")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=30)


def _path(spec: PathSpec, i: int) -> str:
    return spec(i) if callable(spec) else spec


def _get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str] | None = None) -> int:
    conn.request("GET", path, headers=headers or {})
    response = conn.getresponse()
    response.read()
    return response.status


def fetch(base_url: str, path: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    """Return the status and body of one GET (to check what a benchmark measures)."""
    conn = _connection(base_url)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def login(base_url: str, username: str, password: str) -> dict[str, str]:
    """Sign in through the login form; return the Cookie header of the new session."""
    conn = _connection(base_url)
    try:
        conn.request("GET", "/tai-khoan/dang-nhap/")
        response = conn.getresponse()
        page = response.read().decode("utf-8", "replace")
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None or "csrftoken" not in cookies:
            raise RuntimeError("login page has no CSRF token")
        body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": match.group(1)})
        conn.request(
            "POST",
            "/tai-khoan/dang-nhap/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            },
        )
        response = conn.getresponse()
        response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        if response.status != 302 or "sessionid" not in cookies:
            raise RuntimeError(f"login as {username} failed ({response.status})")
        return {"Cookie": f"sessionid={cookies['sessionid'].value}"}
    finally:
        conn.close()


def latency_p(
    base_url: str,
    path: PathSpec,
    *,
    requests: int = 200,
    percentile: float = 50,
    warmup: int = 20,
    headers: dict[str, str] | None = None,
) -> float:
    """Return the given percentile of sequential GET latency in milliseconds."""
    conn = _connection(base_url)
    for i in range(warmup):
        _get(conn, _path(path, requests + i), headers)
    samples = []
    for i in range(requests):
        target = _path(path, i)
        t0 = time.perf_counter()
        status = _get(conn, target, headers)
        samples.append((time.perf_counter() - t0) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {target} returned {status}")
    conn.close()
    if percentile == 50:
        return statistics.median(samples)
    return statistics.quantiles(samples, n=100)[int(percentile) - 1]
