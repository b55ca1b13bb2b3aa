"""The province's Decision 766 point conversion, edited by provincial administrators (through the service)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils import timezone

from motcua.core.errors import DomainError

from . import services
from .models import Decision766Config, SnapshotDay


class Decision766ConfigForm(forms.ModelForm):
    class Meta:
        model = Decision766Config
        fields = ["province_code", "conversion", "steps", "commune_full_points", "not_computable_as_zero"]


@admin.register(Decision766Config)
class Decision766ConfigAdmin(admin.ModelAdmin):
    form = Decision766ConfigForm
    list_display = [
        "province_code",
        "conversion",
        "commune_full_points",
        "not_computable_as_zero",
        "updated_at",
    ]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        # Every write goes through the service (design rule 1), which validates the thresholds.
        try:
            services.update_index_config(
                province_code=obj.province_code,
                actor=request.user,
                at=timezone.now(),
                conversion=obj.conversion,
                steps=list(obj.steps or []),
                commune_full_points=obj.commune_full_points,
                not_computable_as_zero=obj.not_computable_as_zero,
            )
        except DomainError as exc:
            messages.error(request, str(exc.message))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SnapshotDay)
class SnapshotDayAdmin(admin.ModelAdmin):
    """Days whose pending dossiers are recorded; retaken with `motcua snapshot_pending --day D`."""

    list_display = ["day", "dossiers", "taken_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
