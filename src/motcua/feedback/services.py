"""Recording ratings: once per dossier, every criterion answered, the overall level derived."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput, NotAllowed
from motcua.core.text import nfc

from .models import Criterion, Level, Rating

logger = structlog.get_logger(__name__)

_ORDER = [Level.UNSATISFIED, Level.SATISFIED, Level.VERY_SATISFIED]


def overall_level(scores: dict[str, str]) -> Level:
    """Return the overall level: unsatisfied if any criterion is, else the lower of the rest.

    Decision 766/QĐ-TTg counts a rating as satisfied unless the applicant marked dissatisfaction
    (domain.md §6, group 6); one unsatisfied criterion therefore makes the rating unsatisfied.
    """
    return min((Level(v) for v in scores.values()), key=_ORDER.index)


@transaction.atomic
def rate_dossier(
    *,
    dossier_id: int,
    agency_id: int,
    scores: dict[str, str],
    comment: str,
    channel: str,
    at: datetime,
    actor: Any = None,
) -> Rating:
    """Record the applicant's rating of a finished dossier on every Art 33 criterion.

    The caller has checked that the dossier has its result and that the rater is its applicant
    (signed in, or at the kiosk with the dossier code and the phone's last four digits).
    """
    missing = [c.label for c in Criterion if c.value not in scores]
    if missing:
        raise InvalidInput(
            _("Vui lòng đánh giá đủ các tiêu chí: %(names)s.") % {"names": "; ".join(map(str, missing))}
        )
    unknown = [v for v in scores.values() if v not in Level.values] + [
        k for k in scores if k not in Criterion.values
    ]
    if unknown:
        raise InvalidInput(_("Mức đánh giá không hợp lệ."))
    rating = Rating(
        dossier_id=dossier_id,
        agency_id=agency_id,
        channel=channel,
        scores=scores,
        overall=overall_level(scores),
        comment=nfc(comment)[:2000],
        rated_at=at,
    )
    try:
        with transaction.atomic():
            rating.save()
    except IntegrityError as exc:
        raise NotAllowed(_("Hồ sơ này đã được đánh giá."), code="already_rated") from exc
    logger.info("dossier_rated", dossier_id=dossier_id, overall=rating.overall, channel=channel)
    return rating
