"""Typed input and output shapes of the API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema


class ErrorOut(Schema):
    code: str
    message: str


class TrackingEventOut(Schema):
    at: datetime
    type: str
    label: str
    status: int


class TrackingOut(Schema):
    code: str
    procedure: str
    status: int
    status_label: str
    channel: int
    due_at: datetime | None
    applicant_name: str | None = None
    events: list[TrackingEventOut]
