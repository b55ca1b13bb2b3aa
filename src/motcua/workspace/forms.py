"""Forms of the staff pages: parsing only."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ExtensionForm(forms.Form):
    new_due_at = forms.DateTimeField(
        label=_("Ngày giờ hẹn trả mới"),
        input_formats=["%Y-%m-%dT%H:%M"],
        error_messages={
            "invalid": _("Ngày giờ hẹn mới không hợp lệ."),
            "required": _("Vui lòng chọn ngày hẹn mới."),
        },
    )
    reason = forms.CharField(
        label=_("Lý do gia hạn"),
        max_length=2000,
        error_messages={"required": _("Vui lòng nêu lý do gia hạn.")},
    )


class DeskIntakeForm(forms.Form):
    """The desk officer's intake form; papers are read from request.FILES by the view."""

    CHANNELS = [("1", _("Trực tiếp tại quầy")), ("3", _("Qua dịch vụ bưu chính công ích"))]
    DELIVERIES = [
        ("desk", _("Nhận tại Bộ phận Một cửa")),
        ("post", _("Nhận qua dịch vụ bưu chính")),
        ("online", _("Nhận bản điện tử trực tuyến")),
    ]

    procedure = forms.CharField(label=_("Thủ tục"), max_length=40)
    channel = forms.ChoiceField(label=_("Kênh tiếp nhận"), choices=CHANNELS, initial="1")
    full_name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    personal_id = forms.CharField(label=_("Số định danh cá nhân (CCCD)"), max_length=12)
    phone = forms.RegexField(
        label=_("Số điện thoại"),
        regex=r"^0\d{9,10}$",
        max_length=11,
        required=False,
        error_messages={"invalid": _("Số điện thoại gồm 10–11 chữ số, bắt đầu bằng 0.")},
    )
    email = forms.EmailField(label=_("Thư điện tử"), required=False)
    address = forms.CharField(label=_("Địa chỉ"), max_length=300)
    request_summary = forms.CharField(label=_("Nội dung yêu cầu"), max_length=2000, required=False)
    copies = forms.IntegerField(label=_("Số bộ hồ sơ"), min_value=1, max_value=50, initial=1)
    delivery = forms.ChoiceField(label=_("Hình thức nhận kết quả"), choices=DELIVERIES, initial="desk")
    delivery_address = forms.CharField(
        label=_("Địa chỉ nhận kết quả qua bưu chính"), max_length=300, required=False
    )


class QueueFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Tìm (mã hồ sơ, người nộp, số định danh, thủ tục)"), max_length=100, required=False
    )
    tu_ngay = forms.DateField(label=_("Nộp từ ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    den_ngay = forms.DateField(label=_("đến ngày"), required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"])


class LogPeriodForm(forms.Form):
    tu_ngay = forms.DateField(label=_("Từ ngày"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])
    den_ngay = forms.DateField(label=_("Đến ngày"), input_formats=["%Y-%m-%d", "%d/%m/%Y"])

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        first, last = data.get("tu_ngay"), data.get("den_ngay")
        if first and last and first > last:
            raise forms.ValidationError(_("“Từ ngày” phải trước hoặc bằng “Đến ngày”."))
        if first and last and (last - first).days > 366:
            raise forms.ValidationError(_("Chỉ xem sổ tối đa một năm mỗi lần."))
        return data
