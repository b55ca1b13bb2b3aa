"""Forms of the reform pages: parsing only. Required-ness and rules are the services' (one message)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from motcua.organisations.models import Agency
from motcua.reform import kpis
from motcua.reform.models import (
    CommitteeMember,
    IndexKind,
    KpiDirection,
    Meeting,
    ReformPlan,
    SensitivePost,
    TaskGroup,
    TaskStatus,
)

DATE = {"type": "date"}
DATE_ERRORS = {"invalid": _("Ngày không hợp lệ.")}


class BootstrapMixin:
    """Give every widget its Bootstrap class."""

    def _style(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class Form(BootstrapMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


def _agencies() -> Any:
    return Agency.objects.order_by("level", "name")


class AgencyChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class PlanForm(Form):
    title = forms.CharField(label=_("Tên kế hoạch"), max_length=300, required=False)
    kind = forms.ChoiceField(label=_("Loại kế hoạch"), choices=ReformPlan.Kind.choices)
    start_year = forms.IntegerField(label=_("Từ năm"), error_messages={"invalid": _("Năm không hợp lệ.")})
    end_year = forms.IntegerField(label=_("Đến năm"), error_messages={"invalid": _("Năm không hợp lệ.")})


class IssueForm(Form):
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=60, required=False)
    decision_date = forms.DateField(
        label=_("Ngày ban hành"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DATE_ERRORS,
    )
    issued_by = forms.CharField(
        label=_("Cơ quan ban hành"), max_length=200, required=False, initial=_("UBND tỉnh")
    )


class GroupForm(Form):
    name = forms.CharField(label=_("Tên nhóm nhiệm vụ"), max_length=200, required=False)


class TaskForm(Form):
    number = forms.CharField(label=_("Số hiệu"), max_length=20, required=False)
    title = forms.CharField(
        label=_("Nhiệm vụ"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm nhiệm vụ"), queryset=TaskGroup.objects.none(), required=False
    )
    owner = AgencyChoice(label=_("Đơn vị chủ trì"), queryset=Agency.objects.none(), required=False)
    co_agencies = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    deadline = forms.DateField(
        label=_("Thời hạn hoàn thành"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DATE_ERRORS,
    )
    expected_output = forms.CharField(label=_("Sản phẩm dự kiến"), max_length=500, required=False)
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    legal_basis = forms.CharField(label=_("Căn cứ (văn bản)"), max_length=500, required=False)
    legal_basis_url = forms.CharField(label=_("Liên kết văn bản căn cứ"), max_length=500, required=False)
    kpi_code = forms.ChoiceField(label=_("Chỉ tiêu theo dõi"), required=False)
    kpi_direction = forms.ChoiceField(
        label=_("So sánh"), choices=KpiDirection.choices, initial=KpiDirection.AT_LEAST
    )
    kpi_target = forms.DecimalField(
        label=_("Giá trị mục tiêu"),
        required=False,
        max_digits=12,
        decimal_places=2,
        error_messages={"invalid": _("Giá trị mục tiêu phải là số.")},
    )
    kpi_agency = AgencyChoice(label=_("Đơn vị của chỉ tiêu"), queryset=Agency.objects.none(), required=False)
    reason = forms.CharField(label=_("Lý do điều chỉnh (bắt buộc khi đổi thời hạn)"), required=False)

    def __init__(self, *args: Any, plan: ReformPlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = plan.groups.order_by("order")  # type: ignore[attr-defined]
        for name in ("owner", "co_agencies", "kpi_agency"):
            self.fields[name].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["kpi_code"].choices = [("", "—"), *kpis.choices()]  # type: ignore[attr-defined]


class ProgressForm(Form):
    status = forms.ChoiceField(
        label=_("Tình trạng"),
        choices=[
            (TaskStatus.IN_PROGRESS, TaskStatus.IN_PROGRESS.label),
            (TaskStatus.COMPLETED, TaskStatus.COMPLETED.label),
        ],
    )
    percent = forms.CharField(label=_("Tiến độ (%)"), max_length=5, required=False)
    comment = forms.CharField(
        label=_("Nội dung báo cáo, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(Form):
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=2000)


class MinutesForm(Form):
    agenda = forms.CharField(
        label=_("Chương trình họp"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    minutes = forms.CharField(
        label=_("Biên bản, kết luận chung"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class MeetingForm(Form):
    kind = forms.ChoiceField(
        label=_("Loại cuộc họp"), choices=Meeting.Kind.choices, initial=Meeting.Kind.EXTRAORDINARY
    )
    scheduled_at = forms.DateTimeField(
        label=_("Thời gian"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        error_messages={
            "invalid": _("Thời gian không hợp lệ."),
            "required": _("Vui lòng chọn thời gian họp."),
        },
    )
    location = forms.CharField(label=_("Địa điểm / hình thức"), required=False, max_length=300)
    agenda = forms.CharField(
        label=_("Chương trình họp"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ConclusionForm(Form):
    text = forms.CharField(
        label=_("Nội dung kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    group = forms.ModelChoiceField(
        label=_("Nhóm nhiệm vụ"), queryset=TaskGroup.objects.none(), required=False
    )
    owner = AgencyChoice(label=_("Đơn vị chủ trì"), queryset=Agency.objects.none(), required=False)
    deadline = forms.DateField(
        label=_("Thời hạn"), required=False, widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS
    )

    def __init__(self, *args: Any, plan: ReformPlan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["group"].queryset = plan.groups.order_by("order")  # type: ignore[attr-defined]
        self.fields["owner"].queryset = _agencies()  # type: ignore[attr-defined]


class InspectionForm(Form):
    agency = AgencyChoice(label=_("Đơn vị được kiểm tra"), queryset=Agency.objects.none(), required=False)
    planned_on = forms.DateField(
        label=_("Ngày kiểm tra dự kiến"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DATE_ERRORS,
    )
    scope = forms.CharField(
        label=_("Nội dung kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()  # type: ignore[attr-defined]


class InspectionResultForm(Form):
    conducted_on = forms.DateField(
        label=_("Ngày kiểm tra"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DATE_ERRORS,
    )
    summary = forms.CharField(
        label=_("Kết quả kiểm tra"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class FindingForm(ConclusionForm):
    required_fix = forms.CharField(
        label=_("Yêu cầu khắc phục"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class PilotForm(Form):
    agency = AgencyChoice(label=_("Đơn vị"), queryset=Agency.objects.none(), required=False)
    member_in_charge = forms.ModelChoiceField(
        label=_("Thành viên phụ trách"), queryset=CommitteeMember.objects.none(), required=False
    )
    focus = forms.CharField(label=_("Nội dung chỉ đạo điểm"), required=False, max_length=500)

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()  # type: ignore[attr-defined]
        self.fields["member_in_charge"].queryset = CommitteeMember.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True
        ).select_related("user")


class IndexResultForm(Form):
    kind = forms.ChoiceField(label=_("Chỉ số"), choices=IndexKind.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Năm không hợp lệ."), "required": _("Vui lòng nhập năm.")},
    )
    score = forms.CharField(label=_("Điểm"), required=False, max_length=12)
    max_score = forms.CharField(label=_("Thang điểm"), required=False, max_length=12, initial="100")
    national_rank = forms.IntegerField(
        label=_("Xếp hạng"),
        required=False,
        min_value=1,
        error_messages={"min_value": _("Thứ hạng phải từ 1 trở lên.")},
    )
    ranked_count = forms.IntegerField(
        label=_("Số tỉnh được xếp hạng"), required=False, min_value=1, initial=34
    )
    source = forms.CharField(label=_("Nguồn công bố"), required=False, max_length=300)


class IndexTargetForm(Form):
    kind = forms.ChoiceField(label=_("Chỉ số"), choices=IndexKind.choices)
    year = forms.IntegerField(
        label=_("Năm"),
        min_value=2000,
        max_value=2100,
        error_messages={"invalid": _("Năm không hợp lệ."), "required": _("Vui lòng nhập năm.")},
    )
    target_rank = forms.IntegerField(
        label=_("Thứ hạng mục tiêu (trong nhóm … tỉnh dẫn đầu)"), required=False, min_value=1
    )
    target_score = forms.CharField(label=_("Điểm mục tiêu"), required=False, max_length=12)
    basis = forms.CharField(label=_("Căn cứ"), required=False, max_length=300)


class SensitivePostForm(Form):
    name = forms.CharField(label=_("Vị trí công tác"), required=False, max_length=300)
    agency = AgencyChoice(label=_("Cơ quan"), queryset=Agency.objects.none(), required=False)
    personnel_agency = AgencyChoice(
        label=_("Cơ quan tổ chức cán bộ nhận cảnh báo"), queryset=Agency.objects.none(), required=False
    )
    rotation_months = forms.IntegerField(label=_("Thời hạn chuyển đổi (tháng, 24–60)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("agency", "personnel_agency"):
            self.fields[name].queryset = _agencies()  # type: ignore[attr-defined]


class HoldingForm(Form):
    post = forms.ModelChoiceField(
        label=_("Vị trí"),
        queryset=SensitivePost.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Vui lòng chọn vị trí.")},
    )
    official_name = forms.CharField(label=_("Họ và tên"), required=False, max_length=200)
    started_on = forms.DateField(
        label=_("Bắt đầu giữ vị trí"),
        required=False,
        widget=forms.DateInput(attrs=DATE),
        error_messages=DATE_ERRORS,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = SensitivePost.objects.filter(is_active=True).select_related("agency")  # type: ignore[attr-defined]


class DateForm(Form):
    on = forms.DateField(
        label=_("Ngày"), required=False, widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS
    )


class ReceptionScheduleForm(Form):
    host = forms.ModelChoiceField(
        label=_("Lãnh đạo tiếp công dân"), queryset=CommitteeMember.objects.none(), required=False
    )
    months = forms.TypedMultipleChoiceField(
        label=_("Các tháng"),
        coerce=int,
        choices=[(m, str(m)) for m in range(1, 13)],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.CharField(
        label=_("Địa điểm"), required=False, max_length=300, initial=_("Trụ sở Tiếp công dân tỉnh")
    )

    def __init__(self, *args: Any, committee: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = CommitteeMember.objects.filter(  # type: ignore[attr-defined]
            committee=committee, is_active=True
        ).select_related("user")


class ReceptionCaseForm(Form):
    citizen_name = forms.CharField(label=_("Người được tiếp"), required=False, max_length=200)
    citizen_contact = forms.CharField(
        label=_("Liên hệ (điện thoại, địa chỉ)"), required=False, max_length=200
    )
    content = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AssignCaseForm(Form):
    agency = AgencyChoice(label=_("Cơ quan được giao"), queryset=Agency.objects.none(), required=False)
    deadline = forms.DateField(
        label=_("Hạn xử lý"), required=False, widget=forms.DateInput(attrs=DATE), error_messages=DATE_ERRORS
    )
    note = forms.CharField(label=_("Ý kiến chỉ đạo"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = _agencies()  # type: ignore[attr-defined]


class NoteForm(Form):
    note = forms.CharField(label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
