"""Every change of a dossier: atomic, keyword-only, with an explicit actor, one event each."""

from ._common import ApplicantDetails, PaperUpload, record_event
from .intake import receive_at_desk, receive_dossier, refuse_dossier, submit_dossier
from .processing import (
    close_expired_supplement,
    complete_step,
    extend_due_date,
    receive_supplement,
    recompute_due_date,
    record_payment,
    request_financial_obligation,
    request_supplement,
)

__all__ = [
    "ApplicantDetails",
    "PaperUpload",
    "close_expired_supplement",
    "complete_step",
    "extend_due_date",
    "receive_at_desk",
    "receive_dossier",
    "receive_supplement",
    "recompute_due_date",
    "record_event",
    "record_payment",
    "refuse_dossier",
    "request_financial_obligation",
    "request_supplement",
    "submit_dossier",
]
