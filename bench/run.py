"""Run the benchmarks and write bench/results.json.

Usage: python bench/run.py --base-url http://127.0.0.1:PORT [--out bench/results.json]
       [--database-url URL] [--dossiers N] [--server "gunicorn …"] [--api-token TOKEN]
       [--load-report F]
Each result: {"metric": {"value", "unit", "target", "dataset", "measured_at"}}.
`scripts/bench.sh` (make bench) prepares the database and the server and passes these in.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import bench_due_date, bench_lifecycle, http_bench, wrk_load

GROUPS = ("basic", "due_date", "lifecycle", "reports", "catalog", "signing", "intake", "load")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--out", default=str(Path(__file__).with_name("results.json")))
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--dossiers", type=int, default=int(os.environ.get("BENCH_DOSSIERS", "0")))
    parser.add_argument("--server", default=os.environ.get("BENCH_SERVER", "gunicorn"))
    parser.add_argument("--api-token", default=os.environ.get("BENCH_API_TOKEN", ""))
    parser.add_argument(
        "--load-report",
        default=os.environ.get("BENCH_LOAD_REPORT", ""),
        help="the JSON report of `generate_load_data --report-json` (the generator's rate)",
    )
    parser.add_argument("--database", default=os.environ.get("BENCH_DATABASE", "PostgreSQL 15"))
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--only", default="", help=f"comma-separated metric groups: {','.join(GROUPS)}")
    args = parser.parse_args()
    groups = set(args.only.split(",")) if args.only else set(GROUPS)
    dataset = (
        f"{args.dossiers:,} generated dossiers over 2 years (motcua generate_load_data, demo province "
        f"Nghệ An), {args.database}, {args.server}, 2 cores shared by server, database and client"
        if args.dossiers
        else f"demo province Nghệ An (sample dossiers), {args.database}, {args.server}"
    )
    measured_at = datetime.now(UTC).isoformat(timespec="seconds")
    results: dict[str, dict[str, Any]] = {}
    failed: list[str] = []

    def group(name: str, measure: Callable[[], dict[str, dict[str, Any]]]) -> None:
        """Run one group of metrics; a failure is reported and does not lose the other groups."""
        if name not in groups:
            return
        try:
            results.update(measure())
        except Exception:
            failed.append(name)
            print(f"benchmark group {name!r} failed:", file=sys.stderr)
            traceback.print_exc()

    def load() -> dict[str, dict[str, Any]]:
        from bench import bench_load

        if not args.database_url:
            raise SystemExit("--database-url (or DATABASE_URL) is needed to measure the load ceiling")
        results = {}
        if args.load_report:
            results["generate_dossiers_per_s"] = bench_load.generator_metric(
                Path(args.load_report), dataset=f"{args.database}, {os.cpu_count()} cores"
            )
        else:
            print("generate_dossiers_per_s skipped: no --load-report (BENCH_LOAD_REPORT)", file=sys.stderr)
        results.update(bench_load.measure_ceiling(args.database_url))
        return results

    def basic() -> dict[str, dict[str, Any]]:
        with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
            paths = Path(tmp) / "healthz.txt"
            paths.write_text("/healthz\n", encoding="utf-8")
            healthz, _counts = wrk_load.requests_per_second(
                args.base_url, wrk_load.get_paths_script(paths), expect=200, connections=8, seconds=5
            )
        return {
            "healthz_per_s": {
                "value": round(healthz, 1),
                "unit": "requests/s",
                "target": None,
                "dataset": f"GET /healthz (one SELECT 1), 8 keep-alive connections (wrk, 2 threads), 5 s; "
                f"{dataset}",
            },
            "home_page_ms_p50": {
                "value": round(http_bench.latency_p(args.base_url, "/", requests=200), 2),
                "unit": "ms",
                "target": None,
                "dataset": f"GET / (Vietnamese home page), 200 sequential requests after warm-up; {dataset}",
            },
        }

    def lifecycle() -> dict[str, dict[str, Any]]:
        if not args.database_url:
            raise SystemExit("--database-url (or DATABASE_URL) is needed to sample dossier codes")
        return bench_lifecycle.measure(
            args.base_url, database_url=args.database_url, dataset=dataset, seconds=args.seconds
        )

    def reports() -> dict[str, dict[str, Any]]:
        from bench import bench_reports

        return bench_reports.measure(args.base_url)

    def catalog() -> dict[str, dict[str, Any]]:
        from bench import bench_catalog

        return bench_catalog.measure(args.base_url)

    def signing() -> dict[str, dict[str, Any]]:
        from bench import bench_signing

        return bench_signing.measure()

    def intake() -> dict[str, dict[str, Any]]:
        if not args.api_token:
            print("intake_per_s skipped: no --api-token (BENCH_API_TOKEN)", file=sys.stderr)
            return {}
        metric = bench_lifecycle.measure_intake(
            args.base_url, api_token=args.api_token, dataset=dataset, seconds=args.seconds
        )
        return {"intake_per_s": metric}

    # reads first; the groups that write (catalog generation, intake) last, and the load ceiling
    # after them: its 400 MB of COPY fill the shared buffers and the WAL, which would slow the reads
    group("basic", basic)
    group("due_date", bench_due_date.measure)
    group("lifecycle", lifecycle)
    group("reports", reports)
    group("catalog", catalog)
    group("signing", signing)
    group("intake", intake)
    group("load", load)
    for metric in results.values():
        metric["measured_at"] = measured_at
    out = Path(args.out)
    previous = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    previous.update(results)
    out.write_text(
        json.dumps(previous, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    print(json.dumps(results, ensure_ascii=False, indent=2))
    if failed:
        raise SystemExit(f"benchmark groups failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
