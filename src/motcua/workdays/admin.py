"""Admin screens for the working calendar: every save and delete goes through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User

from . import services
from .models import CalendarOverride, OfficeHours

DUE_DATES_NOTE = _(
    "Lưu ý: thay đổi lịch làm việc (ngày nghỉ, ngày làm bù, giờ làm việc) chỉ áp dụng cho hồ sơ "
    "tiếp nhận từ nay. Hạn giải quyết của các hồ sơ đã tiếp nhận KHÔNG tự động thay đổi; việc tính "
    "lại hạn được thực hiện riêng trên hồ sơ và được ghi lại lý do."
)
SAVED_NOTE = _(
    "Đã cập nhật lịch làm việc. Hạn giải quyết của hồ sơ đã tiếp nhận không tự động thay đổi; "
    "nếu cần, hãy tính lại hạn trên từng hồ sơ."
)


def _actor(request: HttpRequest) -> User | None:
    user = getattr(request, "user", None)
    return user if isinstance(user, User) else None


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "weekday", "kind", "name", "source", "updated_at")
    list_filter = ("kind", ("date", admin.DateFieldListFilter))
    search_fields = ("name", "source")
    date_hierarchy = "date"
    ordering = ("-date",)
    fieldsets = ((None, {"description": DUE_DATES_NOTE, "fields": ("date", "kind", "name", "source")}),)

    @admin.display(description=_("thứ"))
    def weekday(self, obj: CalendarOverride) -> str:
        names = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
        return names[obj.date.weekday()]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        # Moving an override to another date is a removal plus a new entry, each logged.
        return ("date",) if obj is not None else ()

    def save_model(self, request: HttpRequest, obj: CalendarOverride, form: ModelForm, change: bool) -> None:
        saved = services.set_override(
            date=obj.date, kind=obj.kind, name=obj.name, source=obj.source, actor=_actor(request)
        )
        obj.pk, obj.updated_at = saved.pk, saved.updated_at
        self.message_user(request, SAVED_NOTE, messages.WARNING)

    def delete_model(self, request: HttpRequest, obj: CalendarOverride) -> None:
        services.remove_override(date=obj.date, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[CalendarOverride]) -> None:
        with transaction.atomic():
            for override in queryset:
                services.remove_override(date=override.date, actor=_actor(request))


@admin.register(OfficeHours)
class OfficeHoursAdmin(admin.ModelAdmin):
    list_display = ("owner", "morning_start", "morning_end", "afternoon_start", "afternoon_end", "updated_at")
    list_select_related = ("agency",)
    search_fields = ("agency__name", "agency__electronic_id")
    autocomplete_fields = ("agency",)
    fieldsets = (
        (
            None,
            {
                "description": DUE_DATES_NOTE,
                "fields": ("agency", ("morning_start", "morning_end"), ("afternoon_start", "afternoon_end")),
            },
        ),
    )

    @admin.display(description=_("áp dụng cho"), ordering="agency__name")
    def owner(self, obj: OfficeHours) -> str:
        return obj.agency.name if obj.agency is not None else str(_("Mặc định của tỉnh"))

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("agency",) if obj is not None else ()

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The province default is edited, never removed.
        if obj is not None and obj.agency_id is None:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request: HttpRequest, obj: OfficeHours, form: ModelForm, change: bool) -> None:
        saved = services.set_office_hours(
            agency=obj.agency,
            morning_start=obj.morning_start,
            morning_end=obj.morning_end,
            afternoon_start=obj.afternoon_start,
            afternoon_end=obj.afternoon_end,
            actor=_actor(request),
        )
        obj.pk, obj.updated_at = saved.pk, saved.updated_at
        self.message_user(request, SAVED_NOTE, messages.WARNING)

    def delete_model(self, request: HttpRequest, obj: OfficeHours) -> None:
        services.remove_office_hours(agency=obj.agency, actor=_actor(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[OfficeHours]) -> None:
        with transaction.atomic():
            for row in queryset.select_related("agency"):
                if row.agency is not None:  # the province default is never removed
                    services.remove_office_hours(agency=row.agency, actor=_actor(request))
