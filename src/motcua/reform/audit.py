"""The tamper-evident chain of task events (design rule 5), as for dossier events.

Each `ReformTaskEvent` stores `prev_hash` (the previous event's hash of the same task, or 64 zeros)
and `hash` = SHA-256 over `prev_hash` and the event's canonical JSON content; changing, removing or
reordering an event breaks every later link. The database also refuses UPDATE and DELETE (0002).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical_content(
    *, task_id: int, seq: int, type: str, at_iso: str, actor_id: int | None, note: str, data: dict[str, Any]
) -> str:
    """Return the canonical JSON text of a task event's content."""
    return json.dumps(
        {
            "task": task_id,
            "seq": seq,
            "type": type,
            "at": at_iso,
            "actor": actor_id,
            "note": note,
            "data": data,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )


def chain_hash(prev_hash: str, content: str) -> str:
    """Return the SHA-256 hex digest linking an event to its predecessor."""
    return hashlib.sha256((prev_hash + "\n" + content).encode("utf-8")).hexdigest()
