"""The Decision 766 index of a unit for a period: six groups, their sub-indicators, their points.

QĐ 766/QĐ-TTg (23/06/2022) scores each unit out of 100; the live DVCQG dashboard splits it into six
groups with the maximum points of domain.md §6 (transparency 18, progress 20, online service 12,
online payment 10, digitisation 22, satisfaction 18). Each sub-indicator is a rate (numerator /
denominator) turned into points by the province's `Decision766Config` (the conversion is UNCERTAIN;
default linear). The system computes what its own data can prove:

- 2.1 progress: dossiers resolved early or on time / dossiers resolved in the period (counters);
- 3 online service: dossiers received online / dossiers received, over the procedures whose version
  in force at the period's end is fully online (toàn trình) (counters × catalog);
- 4.2 digitisation: dossiers received at a desk or by post in the period whose every paper was
  digitised at reception / dossiers so received (Decree 118 Art 17(1)(c); dossiers and papers);
- 4.1 electronic results: the system does not issue electronic results yet, so 0 of the resolved
  dossiers; shown as such with a note, never made up.

The rest need features not built yet (catalog publication dates, sync with DVCQG, payments,
certified e-copies, the personal data store, population data, petitions, ratings): they are listed
with their maximum and "chưa tính được", and left out of the total unless the province chooses to
count them as zero. Criteria about publishing procedures are the province's; a commune gets their
full points when the configuration says so (UNCERTAIN business rule observed on DVCQG [S6]).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .kpis import rate

COMPUTED = "computed"
NOT_BUILT = "not_built"  # the feature that produces the data does not exist yet: shown as 0
NOT_COMPUTABLE = "not_computable"  # the data is outside the system (DVCQG, catalog dates)


@dataclass(frozen=True)
class Indicator:
    code: str
    group: str
    number: str
    label: str | Promise
    max_points: Decimal
    formula: str | Promise
    status: str
    province_only: bool = False
    note: str | Promise = ""
    numerator_measure: str = ""
    denominator_measure: str = ""


@dataclass(frozen=True)
class Group:
    code: str
    label: str | Promise
    max_points: Decimal


GROUPS = [
    Group("transparency", _("Công khai, minh bạch"), Decimal(18)),
    Group("progress", _("Tiến độ giải quyết"), Decimal(20)),
    Group("online", _("Dịch vụ công trực tuyến"), Decimal(12)),
    Group("payment", _("Thanh toán trực tuyến"), Decimal(10)),
    Group("digitisation", _("Số hóa hồ sơ"), Decimal(22)),
    Group("satisfaction", _("Mức độ hài lòng"), Decimal(18)),
]

_NOT_SYNCED = _("Chưa có kết nối đồng bộ với Cổng Dịch vụ công quốc gia.")
_NO_CATALOG_DATES = _("Danh mục chưa ghi ngày công bố, công khai trên Cổng DVCQG để so với hạn.")
_NO_PAYMENTS = _("Chức năng thanh toán trực tuyến chưa được xây dựng.")
_NO_FEEDBACK = _("Chức năng phản ánh, kiến nghị và đánh giá mức độ hài lòng chưa được xây dựng.")

INDICATORS = [
    Indicator(
        "PUBLISH_ON_TIME",
        "transparency",
        "1.1",
        _("TTHC công bố đúng hạn"),
        Decimal(6),
        _("Số TTHC công bố đúng hạn / số TTHC phải công bố"),
        NOT_COMPUTABLE,
        True,
        _NO_CATALOG_DATES,
    ),
    Indicator(
        "PUBLIC_UPDATE_ON_TIME",
        "transparency",
        "1.2",
        _("TTHC cập nhật, công khai đúng hạn"),
        Decimal(4),
        _("Số TTHC công khai đúng hạn / số TTHC phải công khai"),
        NOT_COMPUTABLE,
        True,
        _NO_CATALOG_DATES,
    ),
    Indicator(
        "PUBLIC_CONTENT_FULL",
        "transparency",
        "1.3",
        _("TTHC công khai đầy đủ nội dung"),
        Decimal(2),
        _("Số TTHC công khai đầy đủ / tổng số TTHC"),
        NOT_COMPUTABLE,
        True,
        _NO_CATALOG_DATES,
    ),
    Indicator(
        "DOSSIER_SYNC",
        "transparency",
        "1.4",
        _("Hồ sơ đồng bộ lên Cổng DVCQG"),
        Decimal(6),
        _("Số hồ sơ đồng bộ đầy đủ trạng thái / tổng số hồ sơ"),
        NOT_COMPUTABLE,
        False,
        _NOT_SYNCED,
    ),
    Indicator(
        "PROGRESS",
        "progress",
        "2.1",
        _("Tỷ lệ hồ sơ giải quyết trước hạn, đúng hạn"),
        Decimal(20),
        _("(Trước hạn + đúng hạn) / số hồ sơ đã giải quyết trong kỳ"),
        COMPUTED,
        numerator_measure="resolved_in_time",
        denominator_measure="resolved",
    ),
    Indicator(
        "ONLINE_FULL",
        "online",
        "3",
        _("Hồ sơ trực tuyến toàn trình"),
        Decimal(12),
        _("Hồ sơ nộp trực tuyến / tổng hồ sơ tiếp nhận, của các TTHC đủ điều kiện trực tuyến toàn trình"),
        COMPUTED,
        numerator_measure="full_online_online",
        denominator_measure="full_online_received",
    ),
    Indicator(
        "PAYMENT_FORMALITY",
        "payment",
        "3.5",
        _("TTHC có nghĩa vụ tài chính được cung cấp trên DVCQG"),
        Decimal(2),
        _("Số TTHC có thanh toán trực tuyến / số TTHC có nghĩa vụ tài chính"),
        NOT_BUILT,
        True,
        _NO_PAYMENTS,
    ),
    Indicator(
        "PAYMENT_TRANSACTIONS",
        "payment",
        "3.5b",
        _("TTHC có giao dịch thanh toán trực tuyến"),
        Decimal(2),
        _("Số TTHC có giao dịch / số TTHC có thanh toán trực tuyến"),
        NOT_BUILT,
        False,
        _NO_PAYMENTS,
    ),
    Indicator(
        "PAYMENT_DOSSIERS",
        "payment",
        "3.6",
        _("Hồ sơ thanh toán trực tuyến"),
        Decimal(6),
        _("Số hồ sơ thanh toán trực tuyến / số hồ sơ có nghĩa vụ tài chính"),
        NOT_BUILT,
        False,
        _NO_PAYMENTS,
    ),
    Indicator(
        "ORIGINAL_RESULT_AVAILABLE",
        "digitisation",
        "4.1",
        _("Hồ sơ có kết quả giải quyết điện tử"),
        Decimal(6),
        _("Số hồ sơ có kết quả điện tử / số hồ sơ đã giải quyết"),
        NOT_BUILT,
        False,
        _("Hệ thống chưa phát hành kết quả điện tử (ký số): 0 hồ sơ."),
        numerator_measure="",
        denominator_measure="resolved",
    ),
    Indicator(
        "SO_HOA_GIAY_TO_GIAI_QUYET",
        "digitisation",
        "4.2",
        _("Hồ sơ thực hiện số hóa thành phần"),
        Decimal(4),
        _("Hồ sơ trực tiếp, bưu chính được số hóa đủ thành phần khi tiếp nhận / hồ sơ trực tiếp, bưu chính"),
        COMPUTED,
        numerator_measure="digitised",
        denominator_measure="received_desk_or_post",
    ),
    Indicator(
        "ELECTRONIC_CERTIFIED_COPY",
        "digitisation",
        "4.2b",
        _("Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính"),
        Decimal(2),
        _("Có / không cung cấp dịch vụ"),
        NOT_BUILT,
        False,
        _("Chức năng chứng thực điện tử chưa có."),
    ),
    Indicator(
        "REUSED_DIGITIZED_DATA",
        "digitisation",
        "4.3",
        _("Hồ sơ khai thác, sử dụng lại dữ liệu số hóa"),
        Decimal(2),
        _("Số hồ sơ sử dụng lại dữ liệu / tổng số hồ sơ"),
        NOT_BUILT,
        False,
        _("Kho dữ liệu điện tử của tổ chức, cá nhân chưa được xây dựng."),
    ),
    Indicator(
        "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
        "digitisation",
        "4.4",
        _("Hồ sơ số hóa có kết nối, chia sẻ để tái sử dụng"),
        Decimal(4),
        _("Số hồ sơ số hóa đã chia sẻ / số hồ sơ số hóa"),
        NOT_COMPUTABLE,
        False,
        _NOT_SYNCED,
    ),
    Indicator(
        "CITIZEN_DATA_CONNECTED_DOSSIER",
        "digitisation",
        "4.5b",
        _("Hồ sơ có sử dụng dữ liệu dân cư"),
        Decimal(2),
        _("Số hồ sơ khai thác CSDL dân cư / tổng số hồ sơ"),
        NOT_COMPUTABLE,
        False,
        _("Chưa kết nối Cơ sở dữ liệu quốc gia về dân cư."),
    ),
    Indicator(
        "CITIZEN_DATA_CONNECTED_FORMALITY",
        "digitisation",
        "4.5a",
        _("TTHC kết nối, chia sẻ dữ liệu dân cư"),
        Decimal(2),
        _("Số TTHC đã kết nối / số TTHC cần kết nối"),
        NOT_COMPUTABLE,
        True,
        _("Chưa kết nối Cơ sở dữ liệu quốc gia về dân cư."),
    ),
    Indicator(
        "PETITION_PROCESSING_ON_TIME",
        "satisfaction",
        "5.2",
        _("Phản ánh, kiến nghị xử lý đúng hạn"),
        Decimal(6),
        _("PAKN xử lý đúng hạn / PAKN thuộc thẩm quyền"),
        NOT_BUILT,
        False,
        _NO_FEEDBACK,
    ),
    Indicator(
        "PETITION_HANDLING_SATISFACTION",
        "satisfaction",
        "5.3",
        _("Hài lòng trong xử lý PAKN"),
        Decimal(6),
        _("(Tổng − không hài lòng hoặc trễ hạn) / tổng số PAKN"),
        NOT_BUILT,
        False,
        _NO_FEEDBACK,
    ),
    Indicator(
        "DOSSIER_RECEIVING_SATISFACTION",
        "satisfaction",
        "5.4",
        _("Hài lòng trong tiếp nhận, giải quyết TTHC"),
        Decimal(6),
        _("(Tổng đánh giá − không hài lòng) / tổng số đánh giá"),
        NOT_BUILT,
        False,
        _NO_FEEDBACK,
    ),
]


@dataclass(frozen=True)
class ConversionRule:
    """The province's point conversion (`Decision766Config`), as plain values."""

    conversion: str = "linear"
    steps: tuple[tuple[Decimal, Decimal], ...] = ()
    commune_full_points: bool = True
    not_computable_as_zero: bool = False


@dataclass(frozen=True)
class Ratio:
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Score:
    indicator: Indicator
    numerator: int | None
    denominator: int | None
    rate: Decimal | None
    points: Decimal | None
    counted: bool
    explanation: str | Promise


@dataclass(frozen=True)
class GroupScore:
    group: Group
    scores: list[Score]

    @property
    def points(self) -> Decimal:
        return sum((s.points or Decimal(0) for s in self.scores if s.counted), Decimal(0))

    @property
    def counted_max(self) -> Decimal:
        return sum((s.indicator.max_points for s in self.scores if s.counted), Decimal(0))


@dataclass(frozen=True)
class IndexResult:
    groups: list[GroupScore] = field(default_factory=list)

    @property
    def points(self) -> Decimal:
        return sum((g.points for g in self.groups), Decimal(0))

    @property
    def counted_max(self) -> Decimal:
        return sum((g.counted_max for g in self.groups), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        return sum((g.group.max_points for g in self.groups), Decimal(0))

    @property
    def share(self) -> Decimal | None:
        """Points as a share of what could be counted, for comparing units fairly."""
        if not self.counted_max:
            return None
        return (self.points * 100 / self.counted_max).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def convert(rate_percent: Decimal, max_points: Decimal, rule: ConversionRule) -> Decimal:
    """Turn a rate (0–100 %) into points: linear share of the maximum, or the step reached."""
    rate_percent = min(max(rate_percent, Decimal(0)), Decimal(100))
    if rule.conversion == "steps":
        share = Decimal(0)
        for threshold, part in sorted(rule.steps, key=lambda s: s[0], reverse=True):
            if rate_percent >= threshold:
                share = part
                break
    else:
        share = rate_percent
    return (max_points * share / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def score(*, inputs: dict[str, Ratio], rule: ConversionRule, commune: bool) -> IndexResult:
    """Score every sub-indicator from its inputs (missing = not computable) and group the scores."""
    scores: dict[str, list[Score]] = {g.code: [] for g in GROUPS}
    for ind in INDICATORS:
        ratio = inputs.get(ind.code)
        if commune and ind.province_only and rule.commune_full_points:
            s = Score(
                ind, None, None, None, ind.max_points, True, _("Tiêu chí cấp tỉnh: cấp xã được điểm tối đa.")
            )
        elif ratio is not None and ind.status in (COMPUTED, NOT_BUILT):
            r = rate(ratio.numerator, ratio.denominator)
            if r is None:
                # Nothing to measure (e.g. no dossier resolved): left out, neither full nor zero.
                s = Score(
                    ind,
                    ratio.numerator,
                    ratio.denominator,
                    None,
                    None,
                    False,
                    _("Không có hồ sơ trong kỳ để tính: không đưa vào tổng điểm."),
                )
            else:
                s = Score(
                    ind,
                    ratio.numerator,
                    ratio.denominator,
                    r,
                    convert(r, ind.max_points, rule),
                    True,
                    ind.note,
                )
        else:
            counted = rule.not_computable_as_zero
            s = Score(
                ind,
                None,
                None,
                None,
                Decimal(0) if counted else None,
                counted,
                ind.note or _("Chưa tính được."),
            )
        scores[ind.group].append(s)
    return IndexResult(groups=[GroupScore(g, scores[g.code]) for g in GROUPS])
