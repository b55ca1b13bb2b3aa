"""Benchmarks of the steering dashboards and Biểu 06 against a running MộtCửa server (loopback only).

`measure(base_url)` signs in as the demo steering-committee viewer (`bancidao`), then:

- ``dashboard_ms_p95``: the province overview for the current quarter (`/can-bo/bao-cao/`),
  sequential GETs after a warm-up, 95th percentile in milliseconds (target ≤ 150);
- ``report06_s``: Biểu 06 for the province for a whole year, as the Excel file a province sends
  (`/can-bo/bao-cao/bieu/06/?ky=nam&nam=Y&dinh_dang=xlsx`), median of 3, in seconds (target ≤ 2).
  Y is last year: a period that has ended, whose pending dossiers at its start and end are read
  from the month-end snapshots that `generate_load_data` records as the nightly scheduler would;
  ``report06_current_year_s`` measures the running year (live counters), and
  ``report06_from_history_s`` an ended range whose first and last days have no snapshot
  (2 January – 30 December), so the pending dossiers are recounted from the history;
- ``report06a_s``: Biểu II.06a of the provincial service centre for last year, Excel: counted from
  the dossiers received there (the counters have no place-of-reception dimension), median of 3.

Run it after `motcua generate_load_data --dossiers N --province 40` so that the figures describe
a known dataset. Every loop is bounded in count and time and stops by itself.
"""

from __future__ import annotations

import http.client
import re
import statistics
import time
from datetime import date
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

USERNAME, PASSWORD = "bancidao", "motcua-demo"
OVERVIEW = "/can-bo/bao-cao/"
FORM_06 = "/can-bo/bao-cao/bieu/06/"
FORM_06A = "/can-bo/bao-cao/bieu/06a/"
CENTRE = "000.01.01.H41"  # the demo province's Trung tâm Phục vụ hành chính công


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target loopback addresses")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=120)


def _login(base_url: str) -> dict[str, str]:
    conn = _connection(base_url)
    try:
        conn.request("GET", "/tai-khoan/dang-nhap/")
        response = conn.getresponse()
        page = response.read().decode("utf-8", "replace")
        cookies: SimpleCookie = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if match is None or "csrftoken" not in cookies:
            raise RuntimeError("login page has no CSRF token")
        body = urlencode({"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)})
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
            raise RuntimeError(f"login as {USERNAME} failed ({response.status})")
        return {"Cookie": f"sessionid={cookies['sessionid'].value}"}
    finally:
        conn.close()


def _timed_get(conn: http.client.HTTPConnection, path: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    elapsed = time.perf_counter() - started
    if response.status != 200:
        raise RuntimeError(f"GET {path} answered {response.status}")
    return elapsed


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(
    base_url: str, *, requests: int = 100, warmup: int = 10, today: date | None = None
) -> dict[str, dict[str, object]]:
    """Return the report metrics as {"metric": {"value", "unit", "target", "dataset"}}."""
    today = today or date.today()  # noqa: DTZ011 - the server's "current quarter" is what is measured
    quarter = (today.month - 1) // 3 + 1
    headers = _login(base_url)
    overview = f"{OVERVIEW}?{urlencode({'ky': 'quy', 'nam': today.year, 'so': quarter})}"
    conn = _connection(base_url)
    deadline = time.perf_counter() + 120
    try:
        for _ in range(warmup):
            _timed_get(conn, overview, headers)
        samples = []
        for _ in range(requests):
            samples.append(_timed_get(conn, overview, headers) * 1000)
            if time.perf_counter() > deadline:
                break
        last = today.year - 1
        periods = {
            "report06_s": {"ky": "nam", "nam": last},
            "report06_current_year_s": {"ky": "nam", "nam": today.year},
            "report06_from_history_s": {
                "ky": "khoang",
                "tu_ngay": f"{last}-01-02",
                "den_ngay": f"{last}-12-30",
            },
        }
        reports: dict[str, float] = {}
        for metric, params in periods.items():
            path = f"{FORM_06}?{urlencode({**params, 'dinh_dang': 'xlsx'})}"
            reports[metric] = statistics.median(_timed_get(conn, path, headers) for _ in range(3))
        query_06a = {"ky": "nam", "nam": last, "trung_tam": CENTRE, "dinh_dang": "xlsx"}
        path = f"{FORM_06A}?{urlencode(query_06a)}"
        reports["report06a_s"] = statistics.median(_timed_get(conn, path, headers) for _ in range(3))
    finally:
        conn.close()
    dataset = "province 40 (Nghệ An) after `motcua generate_load_data`; sequential requests, one client"
    return {
        "dashboard_ms_p95": {
            "value": round(_p95(samples), 1),
            "unit": "ms",
            "target": 150,
            "dataset": f"GET {OVERVIEW} (province overview, quarter {quarter}/{today.year}), "
            f"{len(samples)} requests after {warmup} warm-up, p95; {dataset}",
        },
        "report06_s": {
            "value": round(reports["report06_s"], 3),
            "unit": "s",
            "target": 2,
            "dataset": f"Biểu 06 for the province, year {today.year - 1} (ended: pending at its start and "
            f"end from the month-end snapshots), Excel download, median of 3; {dataset}",
        },
        "report06_from_history_s": {
            "value": round(reports["report06_from_history_s"], 3),
            "unit": "s",
            "target": None,
            "dataset": f"Biểu 06 for the province, 2 January – 30 December {today.year - 1} (no snapshot on "
            f"those days: pending recounted from the history), Excel download, median of 3; {dataset}",
        },
        "report06a_s": {
            "value": round(reports["report06a_s"], 3),
            "unit": "s",
            "target": None,
            "dataset": f"Biểu II.06a of the provincial service centre {CENTRE}, year {today.year - 1}: the "
            f"dossiers received there, counted from the dossiers; Excel download, median of 3; {dataset}",
        },
        "report06_current_year_s": {
            "value": round(reports["report06_current_year_s"], 3),
            "unit": "s",
            "target": 2,
            "dataset": f"Biểu 06 for the province, year {today.year} (running: pending from the live "
            f"counters), Excel download, median of 3; {dataset}",
        },
    }


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(measure(sys.argv[1]), ensure_ascii=False, indent=2))
