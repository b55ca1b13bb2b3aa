"""Read-only views of the catalog for provincial administrators, and the e-form editor.

The catalog is written only through its services (publication by decision, process approval, the
Excel import), so published history can never be edited in place here: versions, decisions, codes,
time cuts and approvals are shown, not changed. The process editor lives in the staff workspace.
The one exception is a version's e-form (tờ khai điện tử): while no dossier uses the version, its
fields are edited inline on the version's page and saved through `services.set_form_fields`.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .models import (
    Decision,
    Fee,
    FormField,
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
from .permissions import can_manage_catalog
from .selectors import is_in_use
from .specs import FormFieldSpec, validate_form_fields


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


def _form_editable(request: HttpRequest, version: Any) -> bool:
    """Return whether the user may edit the version's e-form now (administrator, version not in use)."""
    if not isinstance(version, ProcedureVersion) or not can_manage_catalog(request.user):
        return False
    cache: dict[int, bool] = request.__dict__.setdefault("_motcua_form_editable", {})
    if version.pk not in cache:
        cache[version.pk] = not is_in_use(version)
    return cache[version.pk]


def _spec(data: dict[str, Any]) -> FormFieldSpec:
    return FormFieldSpec(
        key=(data.get("key") or "").strip(),
        label=(data.get("label") or "").strip(),
        kind=data.get("kind") or FormField.Kind.TEXT,
        is_required=bool(data.get("is_required")),
        choices=tuple(line.strip() for line in (data.get("choices") or "").splitlines() if line.strip()),
        help_text=(data.get("help_text") or "").strip(),
        max_length=data.get("max_length"),
    )


class FormFieldFormSet(forms.BaseInlineFormSet):
    """Check the whole e-form as the service will, so problems show on the page, not as an error."""

    def kept(self) -> list[dict[str, Any]]:
        rows = [
            f.cleaned_data
            for f in self.forms
            if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")
        ]
        return sorted(rows, key=lambda d: d.get("order") or 0)

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        problems = validate_form_fields(tuple(_spec(d) for d in self.kept()))
        if problems:
            raise ValidationError([message for _f, message in problems])


class FormFieldInline(admin.TabularInline):
    model = FormField
    formset = FormFieldFormSet
    extra = 0
    fields = ("order", "key", "label", "kind", "is_required", "choices", "help_text", "max_length")
    formfield_overrides = {
        # Short boxes: the inline is a table of many fields.
        FormField._meta.get_field("choices").__class__: {
            "widget": forms.Textarea(attrs={"rows": 2, "cols": 28})
        },
    }
    verbose_name = _("trường của tờ khai điện tử")
    verbose_name_plural = _("Tờ khai điện tử (chỉ sửa được khi chưa có hồ sơ nộp theo phiên bản này)")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _form_editable(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _form_editable(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _form_editable(request, obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return True


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
    inlines = [RequiredPaperInline, FormFieldInline, FeeInline, ResultTypeInline, LegalBasisInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Only the e-form inline is editable; every field of the version itself stays read-only.
        return obj is not None and _form_editable(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        names = [f.name for f in self.model._meta.get_fields() if f.concrete and not f.auto_created]
        return list(dict.fromkeys([*names, "competent_agencies", "coordinating_agencies"]))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """Write nothing on the version: a published version is not edited."""

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """Save the e-form through its service; the other inlines are read-only and write nothing."""
        from .services import set_form_fields

        for formset in formsets:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if isinstance(formset, FormFieldFormSet) and formset.has_changed():
                set_form_fields(
                    version=form.instance,
                    fields=[_spec(d) for d in formset.kept()],
                    actor=request.user,
                )

    def construct_change_message(
        self, request: HttpRequest, form: Any, formsets: Any, add: bool = False
    ) -> Any:
        return [{"changed": {"fields": ["form_fields"]}}]


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
