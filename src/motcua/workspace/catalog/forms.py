"""Forms of the process editor: one row per step, and the decision that approves the process."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from motcua.catalog import graph as g
from motcua.catalog.models import Decision, MoveKind, ProcessStep
from motcua.core.errors import DomainError
from motcua.organisations.models import Role

ROLE_CHOICES = [(value, label) for value, label in Role.choices if value in g.ROLES]


def _orders(text: str) -> tuple[int, ...]:
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    try:
        return tuple(int(p) for p in parts)
    except ValueError:
        raise forms.ValidationError(_("Ghi số thứ tự bước, cách nhau bằng dấu phẩy (ví dụ 2, 4).")) from None


def _bootstrap(form: forms.Form) -> None:
    """Give every widget its Bootstrap class, and mark the fields with errors."""
    for name, field in form.fields.items():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        if form.is_bound and name in form.errors:
            css += " is-invalid"
        widget.attrs["class"] = css


class StepForm(forms.Form):
    order = forms.IntegerField(label=_("Bước"), min_value=1, max_value=99)
    kind = forms.ChoiceField(label=_("Loại bước"), choices=[("", "—"), *ProcessStep.Kind.choices])
    name = forms.CharField(label=_("Tên bước"), max_length=200)
    role = forms.ChoiceField(label=_("Vai trò"), choices=[("", "—"), *ROLE_CHOICES])
    unit = forms.CharField(label=_("Đơn vị thực hiện"), max_length=200, required=False)
    allotted_hours = forms.CharField(label=_("Thời gian (giờ làm việc)"), max_length=10)
    next = forms.CharField(
        label=_("Bước tiếp theo"),
        required=False,
        max_length=60,
        help_text=_("Để trống = bước liền sau"),
    )
    back = forms.CharField(label=_("Trả lại bước"), required=False, max_length=60)
    supplement = forms.BooleanField(label=_("Yêu cầu bổ sung"), required=False)
    consult = forms.MultipleChoiceField(
        label=_("Lấy ý kiến cơ quan"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )
    transfer = forms.MultipleChoiceField(
        label=_("Chuyển liên thông"),
        required=False,
        choices=[],
        widget=forms.SelectMultiple(attrs={"size": 3}),
    )

    def __init__(self, *args: Any, agencies: Iterable[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = list(agencies)
        for name in ("consult", "transfer"):
            field = self.fields[name]
            if isinstance(field, forms.MultipleChoiceField):
                field.choices = choices
        _bootstrap(self)

    def clean_allotted_hours(self) -> Decimal:
        try:
            hours = g.parse_hours(self.cleaned_data.get("allotted_hours"))
        except DomainError as exc:
            raise forms.ValidationError(str(exc.message)) from None
        if hours < 0 or hours > g.MAX_HOURS or hours != hours.quantize(Decimal("0.01")):
            raise forms.ValidationError(_("Thời gian phải từ 0 đến 9999,99 giờ, tối đa 2 chữ số thập phân."))
        return hours

    def clean_next(self) -> tuple[int, ...]:
        return _orders(self.cleaned_data.get("next") or "")

    def clean_back(self) -> tuple[int, ...]:
        return _orders(self.cleaned_data.get("back") or "")


StepFormSet = formset_factory(StepForm, extra=1, can_delete=True, max_num=g.MAX_STEPS, validate_max=True)


def initial_rows(graph: g.ProcessGraph) -> list[dict[str, Any]]:
    """Return the formset's initial data for a graph."""
    rows = []
    steps = sorted(graph.steps, key=lambda s: s.order)
    for i, s in enumerate(steps):
        following = steps[i + 1].order if i + 1 < len(steps) else None
        targets = s.targets(MoveKind.NEXT)
        rows.append(
            {
                "order": s.order,
                "kind": s.kind,
                "name": s.name,
                "role": s.role,
                "unit": s.unit,
                "allotted_hours": f"{s.allotted_hours.normalize():f}".replace(".", ","),
                # The usual move to the following step is shown as an empty cell.
                "next": ""
                if targets == ((following,) if following else ())
                else ", ".join(map(str, targets)),
                "back": ", ".join(map(str, s.targets(MoveKind.BACK))),
                "supplement": s.has(MoveKind.SUPPLEMENT),
                "consult": list(s.agencies(MoveKind.CONSULT)),
                "transfer": list(s.agencies(MoveKind.TRANSFER)),
            }
        )
    return rows


def graph_from_formset(formset: Any) -> g.ProcessGraph:
    """Return the graph the rows describe; steps are renumbered in the order of their numbers."""
    rows = [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE") and f.cleaned_data.get("name")
    ]
    rows.sort(key=lambda r: r["order"])
    renumber = {r["order"]: i for i, r in enumerate(rows, start=1)}
    steps = []
    for i, r in enumerate(rows, start=1):
        nexts = tuple(renumber.get(t, t + 1000) for t in r["next"]) or ((i + 1,) if i < len(rows) else ())
        moves = [g.Move(MoveKind.NEXT, to=t) for t in nexts]
        moves += [g.Move(MoveKind.BACK, to=renumber.get(t, t + 1000)) for t in r["back"]]
        moves += [g.Move(MoveKind.SUPPLEMENT)] if r["supplement"] else []
        moves += [g.Move(MoveKind.CONSULT, agency=a) for a in r["consult"]]
        moves += [g.Move(MoveKind.TRANSFER, agency=a) for a in r["transfer"]]
        steps.append(
            g.Step(
                order=i,
                kind=r["kind"],
                name=r["name"].strip(),
                role=r["role"],
                unit=(r.get("unit") or "").strip(),
                allotted_hours=r["allotted_hours"],
                moves=tuple(moves),
            )
        )
    return g.ProcessGraph(steps=tuple(steps))


class ApprovalForm(forms.Form):
    decision = forms.ModelChoiceField(
        label=_("Quyết định phê duyệt đã có"),
        queryset=Decision.objects.filter(kind=Decision.Kind.PROCESS_APPROVAL).order_by("-issued_on"),
        required=False,
    )
    number = forms.CharField(label=_("hoặc số quyết định mới"), max_length=100, required=False)
    issued_on = forms.DateField(
        label=_("Ngày ban hành"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    effective_from = forms.DateField(
        label=_("Ngày có hiệu lực"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    issuer = forms.CharField(label=_("Người ban hành"), max_length=200, required=False)
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    file = forms.FileField(label=_("Tệp quyết định (PDF)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("decision"):
            if not data.get("number"):
                raise forms.ValidationError(_("Chọn quyết định phê duyệt đã có hoặc nhập số quyết định mới."))
            if not data.get("issued_on") or not data.get("effective_from"):
                raise forms.ValidationError(_("Quyết định mới cần ngày ban hành và ngày có hiệu lực."))
        return data


class BpmnUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp BPMN 2.0 (.bpmn, .xml)"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _bootstrap(self)
