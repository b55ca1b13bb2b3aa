"""Read-only views of the catalog for provincial administrators.

The catalog is written only through its services (publication by decision, process approval, the
Excel import), so published history can never be edited in place here: versions, decisions, codes,
time cuts and approvals are shown, not changed. The process editor lives in the staff workspace.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    Decision,
    Fee,
    LegalBasis,
    Procedure,
    ProcedureCode,
    ProcedureVersion,
    Process,
    ProcessApproval,
    ProcessStep,
    RequiredPaper,
    ResultType,
    Sector,
    TimeCut,
)


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


@admin.register(Sector)
class SectorAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")


@admin.register(Decision)
class DecisionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("number", "issued_on", "effective_from", "kind", "issuer", "title")
    list_filter = ("kind",)
    search_fields = ("number", "title", "issuer")
    date_hierarchy = "issued_on"


class ProcedureCodeInline(ReadOnlyInline):
    model = ProcedureCode


class ProcedureVersionInline(ReadOnlyInline):
    model = ProcedureVersion
    fields = ("number", "code", "effective_from", "decision", "competent_agency", "time_limit", "time_unit")
    show_change_link = True


@admin.register(Procedure)
class ProcedureAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("code", "name", "sector", "level", "abolished_from")
    list_filter = ("level", "sector")
    search_fields = ("code", "name_folded", "codes__code")
    inlines = [ProcedureCodeInline, ProcedureVersionInline]


class RequiredPaperInline(ReadOnlyInline):
    model = RequiredPaper


class FeeInline(ReadOnlyInline):
    model = Fee


class ResultTypeInline(ReadOnlyInline):
    model = ResultType


class LegalBasisInline(ReadOnlyInline):
    model = LegalBasis


@admin.register(ProcedureVersion)
class ProcedureVersionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "procedure",
        "number",
        "code",
        "effective_from",
        "decision",
        "competent_agency",
        "time_limit",
    )
    list_select_related = ("procedure", "competent_agency", "decision")
    search_fields = ("code", "procedure__name_folded")
    inlines = [RequiredPaperInline, FeeInline, ResultTypeInline, LegalBasisInline]


class ProcessStepInline(ReadOnlyInline):
    model = ProcessStep


@admin.register(Process)
class ProcessAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("version", "agency", "approval", "approved_at")
    list_select_related = ("version__procedure", "agency", "approval")
    inlines = [ProcessStepInline]


@admin.register(ProcessApproval)
class ProcessApprovalAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("process", "decision", "approved_at", "approved_by")


@admin.register(TimeCut)
class TimeCutAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = (
        "procedure",
        "agency",
        "days_before",
        "days_after",
        "days_cut",
        "effective_from",
        "baseline",
    )
    list_filter = ("baseline",)
    list_select_related = ("procedure", "agency")
