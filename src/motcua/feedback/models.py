"""Ratings of the handling of a dossier on the criteria of Decree 118/2025/NĐ-CP Art 33."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """Art 33 criteria (a)–(h); (i) "other" is the free comment."""

    TIME = "time", _("Thời gian giải quyết so với quy định")
    AGENCIES = "agencies", _("Số cơ quan, đơn vị phải liên hệ")
    CONTACTS = "contacts", _("Số lần phải liên hệ để hoàn thiện hồ sơ")
    INFORMATION = "information", _("Thông tin thủ tục được công khai chính xác, đầy đủ")
    ATTITUDE = "attitude", _("Thái độ, tinh thần phục vụ của cán bộ")
    RESULT = "result", _("Kết quả đúng quy định; chi phí đúng quy định, không phát sinh")
    EXPLANATION = "explanation", _("Tiếp nhận, giải thích kịp thời, đầy đủ")
    ONLINE = "online", _("Tiến độ, chất lượng dịch vụ công trực tuyến")


class Level(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", _("Rất hài lòng")
    SATISFIED = "satisfied", _("Hài lòng")
    UNSATISFIED = "unsatisfied", _("Không hài lòng")


class Rating(models.Model):
    """One applicant's rating of one dossier, given once, online or at the kiosk (Art 31)."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Trực tuyến")
        KIOSK = "kiosk", _("Thiết bị đánh giá tại Bộ phận Một cửa")

    dossier = models.OneToOneField("dossiers.Dossier", on_delete=models.PROTECT, related_name="rating")
    agency = models.ForeignKey("organisations.Agency", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("kênh đánh giá"), max_length=10, choices=Channel.choices)
    scores = models.JSONField(help_text=_("Mức hài lòng theo từng tiêu chí"))
    overall = models.CharField(_("đánh giá chung"), max_length=20, choices=Level.choices)
    comment = models.TextField(_("ý kiến khác"), blank=True)
    rated_at = models.DateTimeField(_("thời điểm đánh giá"))

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        indexes = [models.Index(fields=["agency", "rated_at"], name="rating_agency_time")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.overall}"
