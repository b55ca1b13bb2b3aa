"""Run the benchmarks and write bench/results.json.

Usage: python bench/run.py --base-url http://127.0.0.1:PORT [--out bench/results.json]
Each result: {"metric": {"value", "unit", "target", "dataset", "measured_at"}}.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from bench import bench_due_date, http_bench

DATASET = "demo province Nghệ An (3,355 administrative units, 2 procedures, sample dossiers), PostgreSQL 15"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.json")))
    args = parser.parse_args()
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, dict[str, object]] = {
        "healthz_per_s": {
            "value": round(
                http_bench.requests_per_second(args.base_url, "/healthz", clients=8, seconds=5), 1
            ),
            "unit": "requests/s",
            "target": None,
            "dataset": f"GET /healthz, 8 keep-alive clients, 5 s, gunicorn 2 workers; {DATASET}",
        },
        "home_page_ms_p50": {
            "value": round(http_bench.latency_p(args.base_url, "/", requests=200), 2),
            "unit": "ms",
            "target": None,
            "dataset": f"GET / (Vietnamese home page), 200 sequential requests after warm-up; {DATASET}",
        },
    }
    results.update(bench_due_date.measure())
    for metric in results.values():
        metric["measured_at"] = measured_at
    out = Path(args.out)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    previous.update(results)
    out.write_text(
        json.dumps(previous, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
