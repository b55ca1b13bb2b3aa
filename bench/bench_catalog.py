"""
Benchmark: public catalog search and procedure pages over 5,000 procedures, through HTTP.

Data: the demo province plus generated procedures (``motcua generate_catalog --procedures 5000``,
codes 8.000001…, fixed seed). `measure` runs that command first (it only tops the catalog up), in
the same environment as the server, so `DATABASE_URL` must point at the server's database.

- ``catalog_search_ms_p95``: ``GET /api/v1/procedures?q=…`` with a fixed mix of queries people type
  (without accents, with accents, upper case, codes, one word, typos), sequential requests on one
  keep-alive connection after a warm-up; the 95th percentile in milliseconds. Target ≤ 30 ms.
- ``procedure_page_ms_p50``: ``GET /thu-tuc/{code}/`` for procedures drawn with a fixed seed among
  the generated and the demo ones; the median in milliseconds. Target ≤ 20 ms.

Run: ``PYTHONPATH=src:. python bench/bench_catalog.py --base-url http://127.0.0.1:PORT``.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
PROCEDURES = 5000
SEED = 20260302
SEARCH_REQUESTS = 600
PAGE_REQUESTS = 300
WARMUP = 30
QUERIES = [
    "dang ky khai sinh",
    "Đăng ký khai sinh",
    "ĐĂNG KÝ KẾT HÔN",
    "chung thuc ban sao",
    "giay phep xay dung",
    "cấp giấy phép kinh doanh",
    "gia han giay phep lao dong",
    "ho kinh doanh",
    "tam tru",
    "ly lich tu phap",
    "1.001193",
    "8.0042",
    "giay phep",
    "dat dai",
    "dang ky khai xinh",
    "giay phep lai se",
    "chứng chỉ hành nghề cho cá nhân",
    "an toan thuc pham",
    "cap doi the can cuoc",
    "giấy chứng nhận quyền sử dụng đất",
]
DEMO_CODES = ["1.001193", "1.004222", "2.000635", "3.000333", "1.013225", "1.013978"]


def _connection(base_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target loopback addresses")
    return http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=10)


def _get(conn: http.client.HTTPConnection, path: str) -> tuple[int, bytes]:
    conn.request("GET", path)
    response = conn.getresponse()
    return response.status, response.read()


def _timed(base_url: str, paths: list[str]) -> list[float]:
    conn = _connection(base_url)
    for path in paths[:WARMUP]:
        _get(conn, path)
    samples = []
    for path in paths:
        began = time.perf_counter()
        status, _body = _get(conn, path)
        samples.append((time.perf_counter() - began) * 1000)
        if status != 200:
            raise RuntimeError(f"GET {path} returned {status}")
    conn.close()
    return samples


def ensure_data(procedures: int = PROCEDURES) -> None:
    """Top the catalog up to `procedures` generated procedures (idempotent)."""
    if os.environ.get("BENCH_CATALOG_SKIP_GENERATE"):
        return
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "generate_catalog", "--procedures", str(procedures)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def measure(base_url: str) -> dict[str, dict[str, object]]:
    """Return the catalog metrics in the shape `make bench` writes to bench/results.json."""
    ensure_data()
    conn = _connection(base_url)
    status, _body = _get(conn, "/api/v1/procedures?limit=1")
    conn.close()
    if status != 200:
        raise RuntimeError(f"/api/v1/procedures returned {status}")
    rng = random.Random(SEED)
    search_paths = [
        f"/api/v1/procedures?q={quote(QUERIES[i % len(QUERIES)])}&limit=20" for i in range(SEARCH_REQUESTS)
    ]
    rng.shuffle(search_paths)
    codes = [f"8.{rng.randint(1, PROCEDURES):06d}" for _ in range(PAGE_REQUESTS)]
    codes = [DEMO_CODES[i % len(DEMO_CODES)] if i % 10 == 0 else c for i, c in enumerate(codes)]
    page_paths = [f"/thu-tuc/{code}/" for code in codes]
    search = _timed(base_url, search_paths)
    pages = _timed(base_url, page_paths)
    dataset = (
        f"{PROCEDURES} generated procedures (generate_catalog, seed {SEED}) + the demo catalog, "
        "PostgreSQL 15, gunicorn 2 workers, one keep-alive client, sequential requests after "
        f"{WARMUP} warm-up requests"
    )
    return {
        "catalog_search_ms_p95": {
            "value": round(statistics.quantiles(search, n=100)[94], 2),
            "unit": "ms",
            "target": 30,
            "dataset": f"GET /api/v1/procedures?q=…&limit=20, {len(QUERIES)} queries "
            f"(no accents, accents, upper case, codes, typos) × {SEARCH_REQUESTS // len(QUERIES)}; {dataset}",
        },
        "procedure_page_ms_p50": {
            "value": round(statistics.median(pages), 2),
            "unit": "ms",
            "target": 20,
            "dataset": f"GET /thu-tuc/{{code}}/, {PAGE_REQUESTS} procedures drawn with seed {SEED}; "
            f"{dataset}",
        },
    }


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    print(json.dumps(measure(parser.parse_args().base_url), ensure_ascii=False, indent=2))
