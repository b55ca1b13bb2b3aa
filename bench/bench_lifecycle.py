"""Benchmarks of the dossier lifecycle (issue 5) and of "my dossiers" (issue 6) over HTTP.

Run against gunicorn on a database filled by `motcua generate_load_data`:

* `worklist_ms_p50` — the specialist of Sở Tư pháp (`chuyenvien`, a long queue) opens the
  workspace: GET /can-bo/, the "to process" queue, 100 rows, with its queue counts;
  `worklist_unit_ms_p50` the same officer's "whole unit" queue (`?hang_doi=unit`);
* `dossier_page_ms_p50` — GET /can-bo/ho-so/{code}/ for random dossiers of that agency;
* `tracking_per_s` — GET /api/v1/tracking/{code} for random codes, 8 keep-alive clients (wrk);
* `my_dossiers_ms_p50` — the demo citizen `congdan` (50 dossiers) opens GET /ho-so-cua-toi/;
* `intake_per_s` — POST /api/v1/dossiers (desk intake by another system, bearer token,
  Idempotency-Key, one small PDF), 8 concurrent clients (wrk); every answer must be 201.

Codes are sampled straight from the database (psycopg, DATABASE_URL) before the clock starts.
Every loop is bounded in requests and seconds; only loopback addresses are accepted.
"""

from __future__ import annotations

import base64
import json
import random
import tempfile
import uuid
from pathlib import Path
from typing import Any

import psycopg

from bench import http_bench, wrk_load

PASSWORD = "motcua-demo"  # noqa: S105 - the demo accounts' published password
OFFICER = "chuyenvien"
OFFICER_AGENCY = "000.00.12.H41"  # Sở Tư pháp
CITIZEN = "congdan"
DESK_CENTRE = "000.01.01.H41"
SMALL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _codes(database_url: str, *, agency: str | None, limit: int, seed: int) -> list[str]:
    with psycopg.connect(database_url) as conn, conn.cursor() as cur:
        cur.execute("SELECT setseed(%s)", [(seed % 1000) / 1000])
        if agency:
            cur.execute(
                "SELECT d.code FROM dossiers_dossier d "
                "JOIN organisations_agency a ON a.id = d.competent_agency_id "
                "WHERE a.electronic_id = %s ORDER BY random() LIMIT %s",
                [agency, limit],
            )
        else:
            cur.execute("SELECT code FROM dossiers_dossier TABLESAMPLE SYSTEM (2) LIMIT %s", [limit])
        codes = [row[0] for row in cur.fetchall()]
    if not codes:
        raise RuntimeError("no dossiers in the database: run generate_load_data first")
    random.Random(seed).shuffle(codes)
    return codes


def _metric(value: float, unit: str, target: float | None, dataset: str) -> dict[str, Any]:
    return {"value": round(value, 2), "unit": unit, "target": target, "dataset": dataset}


def measure(
    base_url: str,
    *,
    database_url: str,
    dataset: str,
    api_token: str | None = None,
    requests: int = 300,
    seconds: float = 10.0,
    seed: int = 20260302,
) -> dict[str, dict[str, Any]]:
    """Return the lifecycle metrics; `intake_per_s` only when an API token is given."""
    results: dict[str, dict[str, Any]] = {}
    officer = http_bench.login(base_url, OFFICER, PASSWORD)
    status, page = http_bench.fetch(base_url, "/can-bo/", officer)
    rows = page.count('class="mc-code"')  # 100 on the full dataset; fewer on a small one
    if status != 200 or rows == 0:
        raise RuntimeError(f"the worklist of {OFFICER} shows {rows} rows (status {status})")
    results["worklist_ms_p50"] = _metric(
        http_bench.latency_p(base_url, "/can-bo/", requests=requests, headers=officer),
        "ms",
        15,
        f"GET /can-bo/ as {OFFICER} (Sở Tư pháp specialist): 'to process' queue of {rows} rows plus "
        f"the counts of all its queues (one statement); {requests} sequential requests after warm-up; "
        f"{dataset}",
    )
    unit = "/can-bo/?hang_doi=unit"
    status, page = http_bench.fetch(base_url, unit, officer)
    unit_rows = page.count('class="mc-code"')
    if status != 200 or unit_rows == 0:
        raise RuntimeError(f"the unit queue of {OFFICER} shows {unit_rows} rows (status {status})")
    results["worklist_unit_ms_p50"] = _metric(
        http_bench.latency_p(base_url, unit, requests=requests, headers=officer),
        "ms",
        15,
        f"GET {unit} as {OFFICER}: the 'whole unit' queue of Sở Tư pháp, {unit_rows} rows plus the "
        f"counts of all queues; {requests} sequential requests after warm-up; {dataset}",
    )
    agency_codes = _codes(database_url, agency=OFFICER_AGENCY, limit=2000, seed=seed)
    results["dossier_page_ms_p50"] = _metric(
        http_bench.latency_p(
            base_url,
            lambda i: f"/can-bo/ho-so/{agency_codes[i % len(agency_codes)]}/",
            requests=requests,
            headers=officer,
        ),
        "ms",
        20,
        f"GET /can-bo/ho-so/{{code}}/ as {OFFICER}, {requests} random dossiers of Sở Tư pháp "
        f"(timeline, papers, due-date changes, actions); {dataset}",
    )
    all_codes = _codes(database_url, agency=None, limit=20_000, seed=seed)
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        paths = Path(tmp) / "tracking.txt"
        paths.write_text("".join(f"/api/v1/tracking/{code}\n" for code in all_codes), encoding="utf-8")
        rate, _counts = wrk_load.requests_per_second(
            base_url, wrk_load.get_paths_script(paths), expect=200, connections=8, seconds=seconds
        )
    results["tracking_per_s"] = _metric(
        rate,
        "requests/s",
        1000,
        f"GET /api/v1/tracking/{{code}} for {len(all_codes):,} random codes, 8 keep-alive connections "
        f"(wrk, 2 threads), {seconds:g} s after a 2 s warm-up, every answer 200; {dataset}",
    )
    citizen = http_bench.login(base_url, CITIZEN, PASSWORD)
    status, page = http_bench.fetch(base_url, "/ho-so-cua-toi/", citizen)
    if status != 200:
        raise RuntimeError(f"/ho-so-cua-toi/ returned {status}")
    results["my_dossiers_ms_p50"] = _metric(
        http_bench.latency_p(base_url, "/ho-so-cua-toi/", requests=requests, headers=citizen),
        "ms",
        30,
        f"GET /ho-so-cua-toi/ as {CITIZEN} (50 dossiers), {requests} sequential requests after "
        f"warm-up; {dataset}",
    )
    if api_token:
        results["intake_per_s"] = measure_intake(
            base_url, api_token=api_token, dataset=dataset, seconds=seconds, seed=seed
        )
    return results


def intake_body() -> dict[str, Any]:
    """The request of the intake benchmark: a desk intake of Sở Tư pháp's extract procedure."""
    return {
        "procedure": "2.000635",
        "channel": "counter",
        "centre": DESK_CENTRE,
        "applicant": {
            "full_name": "Nguyễn Văn Bình",
            "personal_id": "040185001111",
            "phone": "0911222333",
            "email": "",
            "address": "Số 1 đường Trường Thi, phường Trường Vinh, tỉnh Nghệ An",
        },
        "request_summary": "Xin cấp bản sao trích lục khai sinh",
        "copies": 1,
        "papers": [
            {"paper": 1, "filename": "to-khai.pdf", "content_base64": base64.b64encode(SMALL_PDF).decode()}
        ],
    }


def measure_intake(
    base_url: str, *, api_token: str, dataset: str, seconds: float = 10.0, seed: int = 20260302
) -> dict[str, Any]:
    """POST /api/v1/dossiers with 8 concurrent clients for `seconds` (each request a new dossier)."""
    run = uuid.UUID(int=random.Random(seed).getrandbits(128)).hex[:8]
    with tempfile.TemporaryDirectory(prefix="motcua-bench-") as tmp:
        body = Path(tmp) / "intake.json"
        body.write_text(json.dumps(intake_body(), ensure_ascii=False), encoding="utf-8")
        script = wrk_load.post_unique_key_script(
            path="/api/v1/dossiers", body_file=body, token=api_token, run=f"bench-{run}"
        )
        rate, _counts = wrk_load.requests_per_second(
            base_url, script, expect=201, connections=8, seconds=seconds
        )
    return _metric(
        rate,
        "requests/s",
        300,
        f"POST /api/v1/dossiers (desk intake by API token of tiepnhan, unique Idempotency-Key, one "
        f"{len(SMALL_PDF)}-byte PDF digitised, the applicant's SMS notice queued), 8 keep-alive "
        f"connections (wrk, 2 threads), {seconds:g} s after a 2 s warm-up, every answer 201; {dataset}",
    )
