"""The dossier status machine, mapped to the national status codes 1–10.

The codes are those used when syncing with the national portal (Cổng DVCQG): 1 Mới đăng ký,
2 Được tiếp nhận, 3 Không được tiếp nhận, 4 Đang xử lý, 5 Yêu cầu bổ sung giấy tờ, 6 Yêu cầu thực
hiện nghĩa vụ tài chính, 7 Công dân yêu cầu rút hồ sơ, 8 Dừng xử lý, 9 Đã xử lý xong, 10 Đã trả kết
quả (domain.md §11). Channel codes: 1 trực tiếp, 2 trực tuyến, 3 bưu chính công ích.
"""

from __future__ import annotations

from typing import Final

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.errors import NotAllowed


class DossierStatus(models.IntegerChoices):
    SUBMITTED = 1, _("Mới đăng ký")
    RECEIVED = 2, _("Được tiếp nhận")
    REFUSED = 3, _("Không được tiếp nhận")
    IN_PROGRESS = 4, _("Đang xử lý")
    AWAITING_SUPPLEMENT = 5, _("Yêu cầu bổ sung giấy tờ")
    AWAITING_PAYMENT = 6, _("Yêu cầu thực hiện nghĩa vụ tài chính")
    WITHDRAWN = 7, _("Công dân yêu cầu rút hồ sơ")
    STOPPED = 8, _("Dừng xử lý")
    RESOLVED = 9, _("Đã xử lý xong")
    RETURNED = 10, _("Đã trả kết quả")


class Channel(models.IntegerChoices):
    COUNTER = 1, _("Trực tiếp")
    ONLINE = 2, _("Trực tuyến")
    POSTAL = 3, _("Bưu chính công ích")


S = DossierStatus

ALLOWED: Final[dict[DossierStatus, frozenset[DossierStatus]]] = {
    S.SUBMITTED: frozenset({S.RECEIVED, S.REFUSED, S.WITHDRAWN}),
    S.RECEIVED: frozenset(
        {S.IN_PROGRESS, S.RESOLVED, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.WITHDRAWN, S.STOPPED}
    ),
    S.IN_PROGRESS: frozenset(
        {S.IN_PROGRESS, S.RESOLVED, S.AWAITING_SUPPLEMENT, S.AWAITING_PAYMENT, S.WITHDRAWN, S.STOPPED}
    ),
    S.AWAITING_SUPPLEMENT: frozenset({S.IN_PROGRESS, S.WITHDRAWN, S.STOPPED}),
    S.AWAITING_PAYMENT: frozenset({S.IN_PROGRESS, S.WITHDRAWN, S.STOPPED}),
    S.RESOLVED: frozenset({S.RETURNED}),
    S.REFUSED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}

CLOSED: Final[frozenset[DossierStatus]] = frozenset({S.REFUSED, S.WITHDRAWN, S.STOPPED, S.RETURNED})


def ensure_allowed(current: int, target: int) -> None:
    """Refuse a status change that the table does not allow."""
    if DossierStatus(target) not in ALLOWED[DossierStatus(current)]:
        raise NotAllowed(
            _("Không thể chuyển hồ sơ từ trạng thái “%(current)s” sang “%(target)s”.")
            % {"current": DossierStatus(current).label, "target": DossierStatus(target).label},
            code="invalid_transition",
        )
