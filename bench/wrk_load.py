"""Throughput with concurrent clients, driven by wrk (Debian package `wrk`, a C load generator).

On 2 cores shared by the server, the database and the client, a client written in Python spends a
fifth of a core on its own HTTP work at a thousand requests per second, which the server then
lacks; wrk spends a fiftieth. Each metric is `connections` keep-alive connections (the "concurrent
clients") for `seconds`, after a short warm-up run. A Lua script (written here, to a temporary
directory) builds each request and counts the answers by status: the run fails unless every
answer has the expected status, so a rate counts only requests that did what they should.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit

_COUNTING = """
local threads = {}
function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end
function init(args)
  ok, bad, n = 0, 0, 0
end
function response(status, headers, body)
  if status == EXPECT then ok = ok + 1 else bad = bad + 1 end
end
function done(summary, latency, requests)
  local good, wrong = 0, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    wrong = wrong + t:get("bad")
  end
  io.write(string.format(
    '\\nWRK_RESULT {"ok": %d, "bad": %d, "duration_us": %d, "errors": %d, "p50_us": %d, "p99_us": %d}\\n',
    good, wrong, summary.duration,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
"""

GET_FROM_LIST = """
local paths = {}
for line in io.lines(PATHS) do paths[#paths + 1] = line end
request = function()
  n = n + 1
  return wrk.format("GET", paths[((n * 7919 + thread_number * 104729) % #paths) + 1])
end
"""

POST_UNIQUE_KEY = """
local f = io.open(BODY, "rb")
local body = f:read("*a")
f:close()
request = function()
  n = n + 1
  return wrk.format("POST", PATH, {
    ["Authorization"] = "Bearer " .. TOKEN,
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = RUN .. "-" .. NONCE .. "-" .. thread_number .. "-" .. n,
  }, body)
end
"""


def available() -> bool:
    return shutil.which("wrk") is not None


def _lua_string(value: str) -> str:
    return json.dumps(value)  # a JSON string literal is a valid Lua string literal for this text


def _run(base_url: str, script: str, *, connections: int, threads: int, seconds: float) -> dict[str, int]:
    parts = urlsplit(base_url)
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise ValueError("benchmarks only target loopback addresses")
    with tempfile.TemporaryDirectory(prefix="motcua-wrk-") as tmp:
        path = Path(tmp) / "load.lua"
        # a new NONCE for every run, so a warm-up and the measured run never share a key
        path.write_text(f"NONCE = {_lua_string(uuid.uuid4().hex[:12])}\n{script}", encoding="utf-8")
        completed = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--timeout",
                "10s",
                "-s",
                str(path),
                base_url,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=False,
        )
    for line in completed.stdout.splitlines():
        if line.startswith("WRK_RESULT "):
            return dict(json.loads(line.removeprefix("WRK_RESULT ")))
    raise RuntimeError(
        f"wrk failed ({completed.returncode}): {completed.stderr.strip() or completed.stdout[-500:]}"
    )


def requests_per_second(
    base_url: str,
    script: str,
    *,
    expect: int,
    connections: int = 8,
    threads: int = 2,
    seconds: float = 10.0,
    warmup_seconds: float = 2.0,
) -> tuple[float, dict[str, int]]:
    """Return answers per second that had status `expect`, and wrk's counts; refuse any other answer."""
    full = f"EXPECT = {expect}\n{script}\n{_COUNTING}"
    if warmup_seconds:
        _run(base_url, full, connections=connections, threads=threads, seconds=warmup_seconds)
    result = _run(base_url, full, connections=connections, threads=threads, seconds=seconds)
    if result["bad"] or result["errors"]:
        raise RuntimeError(
            f"{result['bad']} answers without status {expect}, {result['errors']} socket errors"
        )
    if not result["ok"]:
        raise RuntimeError("no answer at all")
    return result["ok"] / (result["duration_us"] / 1_000_000), result


def get_paths_script(paths_file: Path) -> str:
    """GET the paths listed in a file (one per line), spread over the connections."""
    return f"PATHS = {_lua_string(str(paths_file))}\n{GET_FROM_LIST}"


def post_unique_key_script(*, path: str, body_file: Path, token: str, run: str) -> str:
    """POST the same body with a bearer token and a new Idempotency-Key on every request."""
    return (
        f"PATH = {_lua_string(path)}\nBODY = {_lua_string(str(body_file))}\n"
        f"TOKEN = {_lua_string(token)}\nRUN = {_lua_string(run)}\n{POST_UNIQUE_KEY}"
    )
