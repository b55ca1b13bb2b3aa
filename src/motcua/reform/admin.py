"""Read-only admin views of the committee's work: every change goes through the reform services
(the workspace pages at /can-bo/cai-cach/), so the admin lists and shows but never edits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from . import models


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(models.ReformTask)
class ReformTaskAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "deadline", "status", "progress_percent", "plan"]
    list_filter = ["status", "source", "plan"]
    search_fields = ["title"]


@admin.register(models.ReformTaskEvent)
class ReformTaskEventAdmin(ReadOnlyAdmin):
    list_display = ["task", "seq", "type", "at", "actor_name"]
    list_filter = ["type"]


for model in [
    models.SteeringCommittee,
    models.CommitteeMember,
    models.ReformPlan,
    models.Meeting,
    models.Inspection,
    models.PilotUnit,
    models.IndexResult,
    models.IndexTarget,
    models.SensitivePost,
    models.PostHolding,
    models.ReceptionDay,
    models.ReceptionCase,
]:
    admin.site.register(model, ReadOnlyAdmin)
