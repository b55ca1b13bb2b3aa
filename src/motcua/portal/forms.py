"""Forms of the citizen pages: parsing and field checks only; rules live in the services.

The submission form is generated per procedure version: the applicant's details, the version's
e-form fields (`catalog.FormField`, checked with `catalog.eforms` exactly as the intake service
checks them), the result delivery, and per required paper a choice of an item of the citizen's own
data store or the removal of a file kept in their draft. Files themselves are read outside the form
(`dossiers.paper_uploads`). Each field carries `mc_widget`, which the template renders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.accounts.identity import parse_personal_id
from motcua.catalog.eforms import check_answers, max_length_of, number_text, parse_number
from motcua.catalog.models import FormField, RequiredPaper
from motcua.catalog.specs import form_field_spec
from motcua.core.errors import InvalidInput
from motcua.documents.models import DataStoreItem, StoredFile
from motcua.dossiers.models import Delivery
from motcua.organisations.models import Agency

REQUIRED = {
    "required": _("Vui lòng điền mục này."),
    "max_length": _("Tối đa %(limit_value)d ký tự (hiện có %(show_value)d)."),
}
CHOICE_ERRORS = {"required": _("Vui lòng chọn một mục."), "invalid_choice": _("Lựa chọn không hợp lệ.")}
RADIO_MAX = 5  # more options than this: a drop-down list


def _widget(field: forms.Field, kind: str) -> forms.Field:
    field.mc_widget = kind  # type: ignore[attr-defined]
    return field


class NumberField(forms.CharField):
    """A number typed as text; a comma or a point separates the decimals."""

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        if not text:
            return ""
        try:
            return number_text(parse_number(text))
        except ValueError:
            raise forms.ValidationError(_("Vui lòng nhập một số."), code="invalid") from None


def eform_field(field: FormField) -> forms.Field:
    """Return the form field for one e-form field of a version."""
    kind = FormField.Kind(field.kind)
    common: dict[str, Any] = {
        "label": field.label,
        "required": field.is_required,
        "help_text": field.help_text,
    }
    if kind in (FormField.Kind.TEXT, FormField.Kind.LONG_TEXT):
        limit = max_length_of(form_field_spec(field))
        return _widget(
            forms.CharField(max_length=limit, error_messages=REQUIRED, **common),
            "textarea" if kind == FormField.Kind.LONG_TEXT else "text",
        )
    if kind == FormField.Kind.DATE:
        return _widget(
            forms.DateField(
                input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                error_messages={**REQUIRED, "invalid": _("Ngày không hợp lệ (ngày/tháng/năm).")},
                **common,
            ),
            "date",
        )
    if kind == FormField.Kind.NUMBER:
        return _widget(NumberField(max_length=40, error_messages=REQUIRED, **common), "number")
    # Radio buttons cannot be cleared once one is checked, so an optional choice is a drop-down
    # list whose first entry means "no answer".
    if kind == FormField.Kind.CHOICE:
        options = [(o, o) for o in field.choice_list]
        radio = field.is_required and len(options) <= RADIO_MAX
        return _widget(
            forms.ChoiceField(
                choices=options if radio else [("", _("— Chọn —")), *options],
                error_messages=CHOICE_ERRORS,
                **common,
            ),
            "radio" if radio else "select",
        )
    yes_no = [("yes", _("Có")), ("no", _("Không"))]
    return _widget(
        forms.TypedChoiceField(
            choices=yes_no if field.is_required else [("", _("— Chọn —")), *yes_no],
            coerce=lambda v: v == "yes",
            empty_value=None,
            error_messages=CHOICE_ERRORS,
            **common,
        ),
        "radio" if field.is_required else "select",
    )


def _store_label(item: DataStoreItem) -> str:
    when = timezone.localdate(item.created_at) if item.created_at else None
    return f"{item.title} – {item.get_kind_display()}" + (f" ({when:%d/%m/%Y})" if when else "")


class SubmissionForm(forms.Form):
    full_name = _widget(
        forms.CharField(label=_("Họ và tên người nộp"), max_length=200, error_messages=REQUIRED), "text"
    )
    personal_id = _widget(
        forms.CharField(label=_("Số định danh cá nhân (CCCD)"), max_length=12, error_messages=REQUIRED),
        "text",
    )
    phone = _widget(
        forms.RegexField(
            label=_("Số điện thoại"),
            regex=r"^0\d{9,10}$",
            max_length=11,
            error_messages={**REQUIRED, "invalid": _("Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.")},
        ),
        "tel",
    )
    email = _widget(forms.EmailField(label=_("Thư điện tử (không bắt buộc)"), required=False), "email")
    address = _widget(
        forms.CharField(label=_("Địa chỉ liên hệ"), max_length=300, error_messages=REQUIRED), "text"
    )
    request_summary = _widget(
        forms.CharField(
            label=_("Nội dung yêu cầu"),
            widget=forms.Textarea(attrs={"rows": 3}),
            max_length=2000,
            error_messages=REQUIRED,
        ),
        "textarea",
    )
    copies = _widget(
        forms.IntegerField(
            label=_("Số bản cần cấp"), min_value=1, max_value=50, initial=1, error_messages=REQUIRED
        ),
        "integer",
    )

    APPLICANT_FIELDS = ("full_name", "personal_id", "phone", "email", "address", "request_summary", "copies")

    def __init__(
        self,
        *args: Any,
        form_fields: Sequence[FormField] = (),
        deliveries: Sequence[str] = (Delivery.DESK, Delivery.POST),
        store_items: Sequence[DataStoreItem] = (),
        papers: Sequence[RequiredPaper] = (),
        kept: Mapping[int, StoredFile] | None = None,
        agencies: Sequence[Agency] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.agencies = {a.electronic_id: a for a in agencies}
        if len(self.agencies) > 1:
            # Several agencies handle the procedure (e.g. every commune's People's Committee):
            # the applicant chooses where the dossier is handled; the lead agency comes first.
            self.fields["agency"] = _widget(
                forms.ChoiceField(
                    label=_("Nộp tại (cơ quan giải quyết)"),
                    choices=[(eid, a.name) for eid, a in self.agencies.items()],
                    initial=next(iter(self.agencies)),
                    required=False,  # not sent: the lead agency, as intake decides
                    help_text=_(
                        "Chọn Ủy ban nhân dân xã, phường (hoặc cơ quan) sẽ giải quyết hồ sơ; Bộ phận Một cửa "
                        "của cơ quan này tiếp nhận và trả kết quả."
                    ),
                    error_messages=CHOICE_ERRORS,
                ),
                "select",
            )
        self.form_fields = list(form_fields)
        self.papers = list(papers)
        self.kept = dict(kept or {})
        self.store_items = {str(i.pk): i for i in store_items}
        for f in self.form_fields:
            self.fields[f"f_{f.key}"] = eform_field(f)
        self.fields["delivery"] = _widget(
            forms.ChoiceField(
                label=_("Hình thức nhận kết quả"),
                choices=[(d, Delivery(d).label) for d in deliveries],
                required=False,
                initial=Delivery.DESK,
                error_messages=CHOICE_ERRORS,
            ),
            "radio",
        )
        self.fields["delivery_address"] = _widget(
            forms.CharField(
                label=_("Địa chỉ nhận kết quả qua bưu chính"),
                max_length=300,
                required=False,
                help_text=_("Chỉ cần khi chọn nhận kết quả qua dịch vụ bưu chính."),
            ),
            "text",
        )
        choices = [("", _("— Không chọn, tải tệp lên —"))] + [
            (k, _store_label(i)) for k, i in self.store_items.items()
        ]
        for paper in self.papers:
            if self.store_items:
                self.fields[f"pick_{paper.pk}"] = _widget(
                    forms.ChoiceField(
                        label=_("Hoặc chọn giấy tờ đã có trong kho dữ liệu của bạn"),
                        choices=choices,
                        required=False,
                        error_messages={
                            "invalid_choice": _("Giấy tờ được chọn không thuộc kho dữ liệu của bạn.")
                        },
                    ),
                    "select",
                )
            if paper.pk in self.kept:
                self.fields[f"drop_{paper.pk}"] = _widget(
                    forms.BooleanField(label=_("Bỏ tệp đã lưu"), required=False), "checkbox"
                )

    def agency_field(self) -> forms.BoundField | None:
        return self["agency"] if "agency" in self.fields else None

    def chosen_agency(self) -> Agency | None:
        """Return the agency the applicant chose (call after is_valid); None when there is no choice."""
        return self.agencies.get(getattr(self, "cleaned_data", {}).get("agency") or "")

    def applicant_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.APPLICANT_FIELDS]

    def eform_fields(self) -> list[forms.BoundField]:
        return [self[f"f_{f.key}"] for f in self.form_fields]

    def paper_rows(self, errors: Mapping[int, str]) -> list[dict[str, Any]]:
        """Return what the page shows per required paper: its upload error, picker and kept file."""
        return [
            {
                "paper": paper,
                "error": errors.get(paper.pk),
                "pick": self[f"pick_{paper.pk}"] if f"pick_{paper.pk}" in self.fields else None,
                "kept": self.kept.get(paper.pk),
                "drop": self[f"drop_{paper.pk}"] if f"drop_{paper.pk}" in self.fields else None,
            }
            for paper in self.papers
        ]

    def clean_personal_id(self) -> str:
        try:
            return parse_personal_id(self.cleaned_data["personal_id"]).number
        except InvalidInput as exc:
            raise forms.ValidationError(str(exc.message)) from exc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["delivery"] = data.get("delivery") or Delivery.DESK
        if data["delivery"] == Delivery.POST and not (data.get("delivery_address") or "").strip():
            self.add_error("delivery_address", _("Vui lòng nhập địa chỉ nhận kết quả qua bưu chính."))
        for paper in self.papers:
            if data.get(f"pick_{paper.pk}") and self.files.get(f"paper_{paper.pk}"):
                self.add_error(
                    f"pick_{paper.pk}",
                    _("Chỉ chọn một cách: tải tệp lên hoặc chọn giấy tờ trong kho dữ liệu."),
                )
        # The same check the intake service makes, so both agree on what a valid answer is.
        specs = [form_field_spec(f) for f in self.form_fields]
        _cleaned, problems = check_answers(
            [s for s in specs if f"f_{s.key}" in data], self._answers_from(data), with_labels=False
        )
        for key, message in problems.items():
            if key:
                self.add_error(f"f_{key}", message)
        return data

    def _answers_from(self, data: Mapping[str, Any]) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for f in self.form_fields:
            value = data.get(f"f_{f.key}")
            if value is None or value == "":
                continue
            answers[f.key] = value.isoformat() if isinstance(value, date) else value
        return answers

    def answers(self) -> dict[str, Any]:
        """Return the e-form answers as the dossier stores them (call after is_valid)."""
        return self._answers_from(self.cleaned_data)

    def picked(self) -> dict[int, DataStoreItem]:
        """Return the data-store item chosen per paper id, among the valid choices."""
        data = getattr(self, "cleaned_data", {})
        return {
            paper.pk: self.store_items[data[f"pick_{paper.pk}"]]
            for paper in self.papers
            if data.get(f"pick_{paper.pk}") in self.store_items
        }

    def dropped(self) -> set[int]:
        """Return the ids of papers whose kept draft file the applicant removes (raw values)."""
        return {pk for pk in self.kept if self.data.get(f"drop_{pk}") in ("on", "true", "1")}

    def raw_picks(self) -> dict[int, int]:
        """Return the picks as posted (paper id → item id), unchecked, for a draft."""
        picks: dict[int, int] = {}
        for paper in self.papers:
            value = self.data.get(f"pick_{paper.pk}", "")
            if value.isdigit() and not self.files.get(f"paper_{paper.pk}"):
                picks[paper.pk] = int(value)
        return picks

    def draft_values(self) -> dict[str, str]:
        """Return the values as posted for the applicant, e-form and delivery fields, for a draft."""
        names = [
            *self.APPLICANT_FIELDS,
            *(f"f_{f.key}" for f in self.form_fields),
            "delivery",
            "delivery_address",
            "agency",
        ]
        return {name: str(self.data[name]) for name in names if self.data.get(name) not in (None, "")}


class LookupForm(forms.Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=60)
    phone_last4 = forms.RegexField(
        label=_("4 số cuối điện thoại người nộp (để xem thông tin cá nhân)"),
        regex=r"^\d{4}$",
        required=False,
        error_messages={"invalid": _("Nhập đúng 4 chữ số.")},
    )
