"""Time helpers: every datetime in MộtCửa is aware and local to Asia/Ho_Chi_Minh."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local(dt: datetime) -> datetime:
    """Return the aware datetime converted to Vietnam time; refuse naive datetimes."""
    if dt.tzinfo is None:
        raise ValueError("naive datetime")
    return dt.astimezone(VN_TZ)
