"""The tamper-evident event chain (design rule 5).

Each event stores `prev_hash` (the hash of the dossier's previous event, or 64 zeros for the first)
and `hash` = SHA-256 over `prev_hash` and the event's canonical JSON content. Changing, removing or
reordering any event breaks every later link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical_content(
    *,
    dossier_code: str,
    seq: int,
    type: str,
    at_iso: str,
    actor_id: int | None,
    from_status: int | None,
    to_status: int,
    step_name: str,
    note: str,
    data: dict[str, Any],
) -> str:
    """Return the canonical JSON text of an event's content."""
    return json.dumps(
        {
            "dossier": dossier_code,
            "seq": seq,
            "type": type,
            "at": at_iso,
            "actor": actor_id,
            "from": from_status,
            "to": to_status,
            "step": step_name,
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


@dataclass(frozen=True)
class BrokenLink:
    dossier_code: str
    seq: int
    reason: str
