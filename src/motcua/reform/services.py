"""Every change of the committee's work: atomic, keyword-only, with an explicit actor.

Each change of a task writes exactly one `ReformTaskEvent`. Bad input raises `InvalidInput` and an
actor without the right raises `NotAllowed`, both with a Vietnamese message, before anything is
written; the transaction rolls back whatever a later check refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import Conflict, InvalidInput, NotAllowed
from motcua.core.text import nfc
from motcua.core.timeutil import VN_TZ, local
from motcua.documents.services import store_file
from motcua.documents.uploads import CheckedUpload, check_upload_count
from motcua.organisations.models import Agency

from . import kpis, schedule
from .audit import GENESIS, canonical_content, chain_hash
from .models import (
    CommitteeMember,
    IndexComponent,
    IndexKind,
    IndexResult,
    IndexTarget,
    Inspection,
    InspectionFinding,
    KpiDirection,
    Meeting,
    MeetingConclusion,
    PilotUnit,
    PostHolding,
    ProgressReport,
    ReceptionCase,
    ReceptionCaseUpdate,
    ReceptionDay,
    ReformPlan,
    ReformTask,
    ReformTaskEvent,
    SensitivePost,
    SteeringCommittee,
    TaskGroup,
    TaskSource,
    TaskStatus,
)
from .permissions import agency_ids_of, can_edit, can_report_progress, can_set_up

logger = structlog.get_logger(__name__)

# The five key task groups of provincial reform programmes (domain.md, "What the reform programmes
# report"); a plan starts with them and the committee may rename, add or remove groups.
DEFAULT_GROUPS: tuple[str, ...] = (
    "Chuyển đổi số",
    "Cải cách thủ tục hành chính",
    "Cải cách tổ chức bộ máy",
    "Cải cách chế độ công vụ",
    "Kiểm tra, giám sát và thông tin, tuyên truyền",
)


def _actor_name(actor: Any) -> str:
    return str(actor) if getattr(actor, "is_authenticated", False) else ""


def _require_editor(actor: Any, committee: SteeringCommittee | int) -> None:
    if not can_edit(actor, committee):
        raise NotAllowed(_("Chỉ thành viên Ban Chỉ đạo cải cách hành chính được thực hiện thao tác này."))


def _text(value: str, *, field: str, message: str, max_length: int | None = None) -> str:
    value = nfc(value or "")
    if not value:
        raise InvalidInput(message, field=field)
    if max_length is not None and len(value) > max_length:
        raise InvalidInput(_("Nội dung quá dài (tối đa %(max)d ký tự).") % {"max": max_length}, field=field)
    return value


# -- committee -----------------------------------------------------------------------------------------


@transaction.atomic
def create_committee(*, name: str, decision: str, actor: Any) -> SteeringCommittee:
    """Set up the province's steering committee (a provincial administrator's job)."""
    if not can_set_up(actor, None):
        raise NotAllowed(_("Chỉ quản trị hệ thống cấp tỉnh được thành lập Ban Chỉ đạo trên hệ thống."))
    committee = SteeringCommittee.objects.create(
        name=_text(name, field="name", message=_("Vui lòng nhập tên Ban Chỉ đạo."), max_length=200),
        decision=nfc(decision)[:200],
        province_code=str(settings.MOTCUA_PROVINCE_CODE),
    )
    logger.info("reform_committee_created", committee_id=committee.pk)
    return committee


@transaction.atomic
def add_member(
    *,
    committee: SteeringCommittee,
    user: Any,
    role: str,
    actor: Any,
    agency: Agency | None = None,
    title: str = "",
) -> CommitteeMember:
    """Add a staff member to the committee with a role, or change their role."""
    if not can_set_up(actor, committee):
        raise NotAllowed(
            _("Chỉ quản trị hệ thống, Trưởng ban hoặc Thư ký được cập nhật thành viên Ban Chỉ đạo.")
        )
    if role not in CommitteeMember.Role.values:
        raise InvalidInput(_("Vai trò trong Ban Chỉ đạo không hợp lệ."), field="role")
    if getattr(user, "is_citizen", True):
        raise InvalidInput(_("Thành viên Ban Chỉ đạo phải là tài khoản cán bộ, công chức."), field="user")
    member, _created = CommitteeMember.objects.update_or_create(
        committee=committee,
        user=user,
        defaults={"role": role, "agency": agency, "title": nfc(title)[:200], "is_active": True},
    )
    logger.info("reform_member_set", committee_id=committee.pk, user_id=user.pk, role=role)
    return member


# -- plans and groups ----------------------------------------------------------------------------------


@transaction.atomic
def create_plan(
    *,
    committee: SteeringCommittee,
    title: str,
    kind: str,
    start_year: int,
    end_year: int,
    actor: Any,
    at: datetime,
    groups: Sequence[str] = DEFAULT_GROUPS,
) -> ReformPlan:
    """Create a draft plan with its task groups (the five key groups unless others are given)."""
    _require_editor(actor, committee)
    if kind not in ReformPlan.Kind.values:
        raise InvalidInput(_("Loại kế hoạch không hợp lệ."), field="kind")
    if not (2000 <= start_year <= 2100 and 2000 <= end_year <= 2100):
        raise InvalidInput(_("Năm của kế hoạch không hợp lệ."), field="start_year")
    if end_year < start_year:
        raise InvalidInput(_("Năm kết thúc phải bằng hoặc sau năm bắt đầu."), field="end_year")
    if kind == ReformPlan.Kind.YEARLY and end_year != start_year:
        raise InvalidInput(_("Kế hoạch năm chỉ gồm một năm."), field="end_year")
    names = [nfc(g) for g in groups if nfc(g)]
    if len(set(names)) != len(names):
        raise InvalidInput(_("Tên các nhóm nhiệm vụ không được trùng nhau."), field="groups")
    plan = ReformPlan.objects.create(
        committee=committee,
        title=_text(title, field="title", message=_("Vui lòng nhập tên kế hoạch."), max_length=300),
        kind=kind,
        start_year=start_year,
        end_year=end_year,
        created_at=at,
        created_by=actor,
    )
    TaskGroup.objects.bulk_create(
        [TaskGroup(plan=plan, order=i, name=name[:200]) for i, name in enumerate(names, start=1)]
    )
    logger.info("reform_plan_created", plan_id=plan.pk, years=plan.years_label)
    return plan


@transaction.atomic
def issue_plan(
    *, plan: ReformPlan, decision_number: str, decision_date: date | None, issued_by: str, actor: Any
) -> ReformPlan:
    """Record the decision that issues the plan; from then on its tasks count and are reported."""
    _require_editor(actor, plan.committee_id)
    plan = ReformPlan.objects.select_for_update().get(pk=plan.pk)
    number = _text(
        decision_number,
        field="decision_number",
        message=_("Vui lòng nhập số quyết định ban hành kế hoạch."),
        max_length=60,
    )
    if decision_date is None:
        raise InvalidInput(_("Vui lòng nhập ngày ban hành kế hoạch."), field="decision_date")
    if not plan.tasks.exists():
        raise InvalidInput(_("Kế hoạch chưa có nhiệm vụ nào; chưa thể ban hành."), field="decision_number")
    plan.decision_number = number
    plan.decision_date = decision_date
    plan.issued_by = nfc(issued_by)[:200] or _("Ủy ban nhân dân tỉnh")
    plan.status = ReformPlan.Status.ISSUED
    plan.save(update_fields=["decision_number", "decision_date", "issued_by", "status"])
    logger.info("reform_plan_issued", plan_id=plan.pk, decision=number)
    return plan


@transaction.atomic
def add_group(*, plan: ReformPlan, name: str, actor: Any) -> TaskGroup:
    """Add a task group at the end of the plan."""
    _require_editor(actor, plan.committee_id)
    name = _text(name, field="name", message=_("Vui lòng nhập tên nhóm nhiệm vụ."), max_length=200)
    if plan.groups.filter(name=name).exists():
        raise InvalidInput(_("Kế hoạch đã có nhóm nhiệm vụ này."), field="name")
    last = plan.groups.order_by("-order").values_list("order", flat=True).first() or 0
    return TaskGroup.objects.create(plan=plan, order=last + 1, name=name)


@transaction.atomic
def rename_group(*, group: TaskGroup, name: str, actor: Any) -> TaskGroup:
    """Rename a task group."""
    _require_editor(actor, group.plan.committee_id)
    name = _text(name, field="name", message=_("Vui lòng nhập tên nhóm nhiệm vụ."), max_length=200)
    if group.plan.groups.filter(name=name).exclude(pk=group.pk).exists():
        raise InvalidInput(_("Kế hoạch đã có nhóm nhiệm vụ này."), field="name")
    group.name = name
    group.save(update_fields=["name"])
    return group


@transaction.atomic
def remove_group(*, group: TaskGroup, actor: Any) -> None:
    """Remove an empty task group."""
    _require_editor(actor, group.plan.committee_id)
    if ReformTask.objects.filter(group=group).exists():
        raise InvalidInput(_("Nhóm nhiệm vụ còn nhiệm vụ; chuyển các nhiệm vụ sang nhóm khác trước khi xóa."))
    group.delete()


# -- tasks ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaskInput:
    """What a task says: its group, owner unit, co-operating units, deadline, output, basis, KPI."""

    title: str
    group: TaskGroup | None
    owner: Agency | None
    deadline: date | None
    co_agencies: Sequence[Agency] = field(default_factory=tuple)
    expected_output: str = ""
    description: str = ""
    number: str = ""
    legal_basis: str = ""
    legal_basis_url: str = ""
    kpi_code: str = ""
    kpi_target: Decimal | None = None
    kpi_direction: str = KpiDirection.AT_LEAST
    kpi_agency: Agency | None = None


TRACKED_FIELDS = (
    "title",
    "group",
    "owner",
    "deadline",
    "expected_output",
    "description",
    "number",
    "legal_basis",
    "legal_basis_url",
    "kpi_code",
    "kpi_target",
    "kpi_direction",
    "kpi_agency",
)


def _clean_task_input(plan: ReformPlan, data: TaskInput, *, source: str) -> dict[str, Any]:
    title = _text(data.title, field="title", message=_("Vui lòng nhập tên nhiệm vụ."), max_length=500)
    if data.owner is None:
        raise InvalidInput(_("Nhiệm vụ phải có đơn vị chủ trì."), field="owner")
    if data.deadline is None:
        raise InvalidInput(_("Nhiệm vụ phải có thời hạn hoàn thành."), field="deadline")
    if data.group is None or data.group.plan_id != plan.pk:
        raise InvalidInput(_("Vui lòng chọn nhóm nhiệm vụ của kế hoạch này."), field="group")
    if source == TaskSource.PLAN and not (plan.start_year <= data.deadline.year <= plan.end_year):
        raise InvalidInput(
            _("Thời hạn hoàn thành phải nằm trong thời gian của kế hoạch (%(years)s).")
            % {"years": plan.years_label},
            field="deadline",
        )
    if any(a.pk == data.owner.pk for a in data.co_agencies):
        raise InvalidInput(_("Đơn vị chủ trì không đồng thời là đơn vị phối hợp."), field="co_agencies")
    url = nfc(data.legal_basis_url)
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise InvalidInput(_("Liên kết văn bản căn cứ không hợp lệ."), field="legal_basis_url") from exc
    kpi_code = nfc(data.kpi_code)
    if kpi_code and kpis.get_definition(kpi_code) is None:
        raise InvalidInput(_("Chỉ tiêu theo dõi không có trong danh mục."), field="kpi_code")
    if data.kpi_target is not None and not kpi_code:
        raise InvalidInput(_("Vui lòng chọn chỉ tiêu cho giá trị mục tiêu."), field="kpi_code")
    if data.kpi_direction not in KpiDirection.values:
        raise InvalidInput(_("Cách so sánh với mục tiêu không hợp lệ."), field="kpi_direction")
    return {
        "title": title,
        "group": data.group,
        "owner": data.owner,
        "deadline": data.deadline,
        "expected_output": nfc(data.expected_output)[:500],
        "description": nfc(data.description),
        "number": nfc(data.number)[:20],
        "legal_basis": nfc(data.legal_basis)[:500],
        "legal_basis_url": url,
        "kpi_code": kpi_code,
        "kpi_target": data.kpi_target if kpi_code else None,
        "kpi_direction": data.kpi_direction,
        "kpi_agency": data.kpi_agency if kpi_code else None,
    }


def _json(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return {"id": value.pk, "name": str(value)}
    return value


def record_task_event(
    *,
    task: ReformTask,
    type: str,
    actor: Any,
    at: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
) -> ReformTaskEvent:
    """Append one hash-chained event to the task's history (the caller holds the task row lock)."""
    last = ReformTaskEvent.objects.filter(task=task).order_by("-seq").values("seq", "hash").first()
    seq = (last["seq"] + 1) if last else 1
    prev_hash = last["hash"] if last else GENESIS
    actor_id = actor.pk if getattr(actor, "is_authenticated", False) else None
    data = data or {}
    note = nfc(note)
    content = canonical_content(
        task_id=task.pk,
        seq=seq,
        type=type,
        at_iso=local(at).isoformat(),
        actor_id=actor_id,
        note=note,
        data=data,
    )
    return ReformTaskEvent.objects.create(
        task=task,
        seq=seq,
        type=type,
        at=at,
        actor_id=actor_id,
        actor_name=_actor_name(actor),
        note=note,
        data=data,
        prev_hash=prev_hash,
        hash=chain_hash(prev_hash, content),
    )


def _new_task(
    *, plan: ReformPlan, data: TaskInput, source: str, actor: Any, at: datetime, **links: Any
) -> ReformTask:
    cleaned = _clean_task_input(plan, data, source=source)
    task = ReformTask.objects.create(
        plan=plan, source=source, created_at=at, updated_at=at, **cleaned, **links
    )
    task.co_agencies.set(list(data.co_agencies))
    record_task_event(
        task=task,
        type=ReformTaskEvent.Type.CREATED,
        actor=actor,
        at=at,
        data={
            "owner": _json(task.owner),
            "deadline": _json(task.deadline),
            "group": task.group.name,
            "source": source,
            "co_agencies": [a.pk for a in data.co_agencies],
        },
    )
    logger.info(
        "reform_task_created", task_id=task.pk, plan_id=plan.pk, owner_id=task.owner_id, source=source
    )
    return task


@transaction.atomic
def create_task(*, plan: ReformPlan, data: TaskInput, actor: Any, at: datetime) -> ReformTask:
    """Assign a task of the plan to its owner unit."""
    _require_editor(actor, plan.committee_id)
    return _new_task(plan=plan, data=data, source=TaskSource.PLAN, actor=actor, at=at)


def _lock_task(task: ReformTask, expected_version: int | None) -> ReformTask:
    locked = (
        ReformTask.objects.select_for_update(of=("self",))
        .select_related("plan", "group", "owner")
        .get(pk=task.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang và thử lại."))
    return locked


@transaction.atomic
def update_task(
    *,
    task: ReformTask,
    data: TaskInput,
    actor: Any,
    at: datetime,
    reason: str = "",
    expected_version: int | None = None,
) -> ReformTask:
    """Change what a task says; a new deadline needs a reason. One event lists every change."""
    _require_editor(actor, task.plan.committee_id)
    task = _lock_task(task, expected_version)
    cleaned = _clean_task_input(task.plan, data, source=task.source)
    changes: dict[str, list[Any]] = {}
    for name in TRACKED_FIELDS:
        before, after = getattr(task, name), cleaned[name]
        if before != after:
            changes[name] = [_json(before), _json(after)]
    before_co = set(task.co_agencies.values_list("pk", flat=True))
    after_co = {a.pk for a in data.co_agencies}
    if before_co != after_co:
        changes["co_agencies"] = [sorted(before_co), sorted(after_co)]
    if not changes:
        raise InvalidInput(_("Không có thay đổi nào để lưu."))
    reason = nfc(reason)
    if "deadline" in changes and not reason:
        raise InvalidInput(_("Vui lòng nêu lý do điều chỉnh thời hạn."), field="reason")
    for name, value in cleaned.items():
        setattr(task, name, value)
    task.version += 1
    task.updated_at = at
    task.save()
    task.co_agencies.set(list(data.co_agencies))
    record_task_event(
        task=task,
        type=ReformTaskEvent.Type.UPDATED,
        actor=actor,
        at=at,
        note=reason,
        data={"changes": changes},
    )
    logger.info("reform_task_updated", task_id=task.pk, fields=sorted(changes))
    return task


@transaction.atomic
def report_progress(
    *,
    task: ReformTask,
    status: str,
    percent: int | str | None,
    comment: str,
    files: Sequence[CheckedUpload],
    actor: Any,
    at: datetime,
    expected_version: int | None = None,
) -> ProgressReport:
    """Record the owner unit's progress report: status, percentage, evidence and comments.

    Completed means 100 % (and 100 % means completed); a completion needs a result comment or an
    evidence file. Evidence is PDF, JPEG or PNG, checked by content (`documents.uploads`).
    """
    if not can_report_progress(actor, task):
        raise NotAllowed(
            _("Chỉ đơn vị chủ trì (%(owner)s) được báo cáo tiến độ nhiệm vụ này.")
            % {"owner": task.owner.name}
        )
    task = _lock_task(task, expected_version)
    if task.plan.status != ReformPlan.Status.ISSUED:
        raise NotAllowed(_("Kế hoạch chưa được ban hành; chưa thể báo cáo tiến độ."))
    if task.status == TaskStatus.CANCELLED:
        raise NotAllowed(_("Nhiệm vụ đã được điều chỉnh không thực hiện; không báo cáo tiến độ."))
    if status not in (TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED):
        raise InvalidInput(_("Vui lòng chọn tình trạng: đang thực hiện hoặc đã hoàn thành."), field="status")
    try:
        value = int(str(percent).strip()) if percent is not None else None
    except ValueError:
        value = None
    if value is None:
        raise InvalidInput(_("Tiến độ phải là số nguyên từ 0 đến 100 (%)."), field="percent")
    if not 0 <= value <= 100:
        raise InvalidInput(_("Tiến độ phải từ 0 đến 100%, không được vượt quá 100%."), field="percent")
    if status == TaskStatus.COMPLETED and value != 100:
        raise InvalidInput(_("Nhiệm vụ đã hoàn thành phải có tiến độ 100%."), field="percent")
    if status == TaskStatus.IN_PROGRESS and value == 100:
        raise InvalidInput(
            _("Tiến độ 100% nghĩa là đã hoàn thành; vui lòng chọn “Đã hoàn thành”."), field="status"
        )
    comment = nfc(comment)
    if status == TaskStatus.COMPLETED and not comment and not files:
        raise InvalidInput(
            _("Báo cáo hoàn thành cần nêu kết quả hoặc kèm tệp minh chứng (sản phẩm)."), field="comment"
        )
    check_upload_count(len(files), field="files")
    agency = task.owner
    report = ProgressReport.objects.create(
        task=task, at=at, actor=actor, agency=agency, status=status, progress_percent=value, comment=comment
    )
    stored = [store_file(upload=f, actor=actor, at=at) for f in files]
    report.files.set(stored)
    before = {"status": task.status, "percent": task.progress_percent}
    task.status = status
    task.progress_percent = value
    task.completed_on = local(at).date() if status == TaskStatus.COMPLETED else None
    task.version += 1
    task.updated_at = at
    task.save(update_fields=["status", "progress_percent", "completed_on", "version", "updated_at"])
    record_task_event(
        task=task,
        type=ReformTaskEvent.Type.COMPLETED
        if status == TaskStatus.COMPLETED
        else ReformTaskEvent.Type.PROGRESS,
        actor=actor,
        at=at,
        note=comment,
        data={
            "report": report.pk,
            "from": before,
            "to": {"status": status, "percent": value},
            "files": [s.sha256 for s in stored],
        },
    )
    logger.info("reform_progress_reported", task_id=task.pk, status=status, percent=value)
    return report


@transaction.atomic
def cancel_task(
    *, task: ReformTask, reason: str, actor: Any, at: datetime, expected_version: int | None = None
) -> ReformTask:
    """Drop a task from the plan (plan adjustment); it no longer counts against the plan."""
    _require_editor(actor, task.plan.committee_id)
    task = _lock_task(task, expected_version)
    if task.status == TaskStatus.CANCELLED:
        raise InvalidInput(_("Nhiệm vụ đã ở trạng thái không thực hiện."))
    reason = _text(
        reason, field="reason", message=_("Vui lòng nêu lý do điều chỉnh, không thực hiện nhiệm vụ.")
    )
    before = task.status
    task.status = TaskStatus.CANCELLED
    task.completed_on = None
    task.version += 1
    task.updated_at = at
    task.save(update_fields=["status", "completed_on", "version", "updated_at"])
    record_task_event(
        task=task, type=ReformTaskEvent.Type.CANCELLED, actor=actor, at=at, note=reason, data={"from": before}
    )
    return task


@transaction.atomic
def reopen_task(
    *, task: ReformTask, reason: str, actor: Any, at: datetime, expected_version: int | None = None
) -> ReformTask:
    """Reopen a completed or dropped task (e.g. the product was not accepted)."""
    _require_editor(actor, task.plan.committee_id)
    task = _lock_task(task, expected_version)
    if task.status not in (TaskStatus.COMPLETED, TaskStatus.CANCELLED):
        raise InvalidInput(_("Chỉ mở lại nhiệm vụ đã hoàn thành hoặc không thực hiện."))
    reason = _text(reason, field="reason", message=_("Vui lòng nêu lý do mở lại nhiệm vụ."))
    before = task.status
    task.progress_percent = min(task.progress_percent, 99)
    task.status = TaskStatus.IN_PROGRESS if task.progress_percent else TaskStatus.NOT_STARTED
    task.completed_on = None
    task.version += 1
    task.updated_at = at
    task.save(update_fields=["status", "progress_percent", "completed_on", "version", "updated_at"])
    record_task_event(
        task=task, type=ReformTaskEvent.Type.REOPENED, actor=actor, at=at, note=reason, data={"from": before}
    )
    return task


def _plan_for_year(committee: SteeringCommittee, year: int) -> ReformPlan:
    plan = (
        ReformPlan.objects.filter(
            committee=committee, status=ReformPlan.Status.ISSUED, start_year__lte=year, end_year__gte=year
        )
        .order_by("-start_year", "end_year")
        .first()
    )
    if plan is None:
        raise InvalidInput(
            _("Chưa có kế hoạch cải cách hành chính năm %(year)s đã ban hành để giao nhiệm vụ.")
            % {"year": year}
        )
    return plan


# -- meetings and conclusions --------------------------------------------------------------------------


@transaction.atomic
def schedule_year_meetings(
    *,
    committee: SteeringCommittee,
    year: int,
    actor: Any,
    is_working_day: schedule.IsWorkingDay,
    day_of_month: int = 25,
    hour: int = 14,
) -> list[Meeting]:
    """Schedule the year's twelve regular meetings; months 3, 6, 9, 12 are quarterly online meetings.

    Months that already have a regular meeting are left alone, so running it twice adds nothing.
    """
    _require_editor(actor, committee)
    existing = set(
        Meeting.objects.filter(committee=committee, scheduled_at__year=year)
        .exclude(kind=Meeting.Kind.EXTRAORDINARY)
        .values_list("scheduled_at__month", flat=True)
    )
    created = []
    for day, quarterly in schedule.meeting_days(
        year, day_of_month=day_of_month, is_working_day=is_working_day
    ):
        if day.month in existing:
            continue
        created.append(
            Meeting.objects.create(
                committee=committee,
                kind=Meeting.Kind.QUARTERLY_ONLINE if quarterly else Meeting.Kind.MONTHLY,
                scheduled_at=datetime.combine(day, time(hour, 0), tzinfo=VN_TZ),
                location=_("Trực tuyến với các sở, ngành và UBND cấp xã")
                if quarterly
                else _("Phòng họp UBND tỉnh"),
            )
        )
    logger.info("reform_meetings_scheduled", committee_id=committee.pk, year=year, created=len(created))
    return created


@transaction.atomic
def schedule_meeting(
    *, committee: SteeringCommittee, kind: str, scheduled_at: datetime, location: str, agenda: str, actor: Any
) -> Meeting:
    """Schedule one meeting (e.g. an extraordinary one)."""
    _require_editor(actor, committee)
    if kind not in Meeting.Kind.values:
        raise InvalidInput(_("Loại cuộc họp không hợp lệ."), field="kind")
    return Meeting.objects.create(
        committee=committee,
        kind=kind,
        scheduled_at=scheduled_at,
        location=nfc(location)[:300],
        agenda=nfc(agenda),
    )


@transaction.atomic
def record_minutes(*, meeting: Meeting, agenda: str, minutes: str, held_at: datetime, actor: Any) -> Meeting:
    """Record that the meeting was held, with its agenda and minutes."""
    _require_editor(actor, meeting.committee_id)
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    if meeting.status == Meeting.Status.CANCELLED:
        raise InvalidInput(_("Cuộc họp đã bị hủy."))
    meeting.agenda = nfc(agenda)
    meeting.minutes = _text(minutes, field="minutes", message=_("Vui lòng nhập biên bản cuộc họp."))
    meeting.held_at = held_at
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["agenda", "minutes", "held_at", "status"])
    return meeting


@transaction.atomic
def add_conclusion(
    *, meeting: Meeting, text: str, data: TaskInput, actor: Any, at: datetime
) -> MeetingConclusion:
    """Record a conclusion of a held meeting and make it a tracked task of the year's plan."""
    _require_editor(actor, meeting.committee_id)
    if meeting.status != Meeting.Status.HELD:
        raise InvalidInput(_("Chỉ ghi kết luận của cuộc họp đã diễn ra (đã có biên bản)."))
    text = _text(text, field="text", message=_("Vui lòng nhập nội dung kết luận."))
    plan = _plan_for_year(meeting.committee, local(meeting.scheduled_at).year)
    number = (meeting.conclusions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    conclusion = MeetingConclusion.objects.create(meeting=meeting, number=number, text=text)
    title = data.title or text
    _new_task(
        plan=plan,
        data=TaskInput(**{**data.__dict__, "title": title[:500]}),
        source=TaskSource.CONCLUSION,
        actor=actor,
        at=at,
        conclusion=conclusion,
    )
    return conclusion


# -- inspections ---------------------------------------------------------------------------------------


@transaction.atomic
def plan_inspection(
    *, committee: SteeringCommittee, agency: Agency | None, planned_on: date | None, scope: str, actor: Any
) -> Inspection:
    """Put an inspection of an agency or commune on the committee's plan."""
    _require_editor(actor, committee)
    if agency is None:
        raise InvalidInput(_("Vui lòng chọn đơn vị được kiểm tra."), field="agency")
    if planned_on is None:
        raise InvalidInput(_("Vui lòng chọn ngày kiểm tra dự kiến."), field="planned_on")
    return Inspection.objects.create(
        committee=committee, agency=agency, planned_on=planned_on, scope=nfc(scope)
    )


@transaction.atomic
def record_inspection(
    *, inspection: Inspection, conducted_on: date | None, summary: str, actor: Any
) -> Inspection:
    """Record that the inspection took place, with its overall result."""
    _require_editor(actor, inspection.committee_id)
    if conducted_on is None:
        raise InvalidInput(_("Vui lòng chọn ngày kiểm tra."), field="conducted_on")
    inspection.conducted_on = conducted_on
    inspection.summary = _text(summary, field="summary", message=_("Vui lòng nhập kết quả kiểm tra."))
    inspection.status = Inspection.Status.CONDUCTED
    inspection.save(update_fields=["conducted_on", "summary", "status"])
    return inspection


@transaction.atomic
def add_finding(
    *, inspection: Inspection, text: str, required_fix: str, data: TaskInput, actor: Any, at: datetime
) -> InspectionFinding:
    """Record a finding and make its required fix a task (owner: the inspected unit unless given)."""
    _require_editor(actor, inspection.committee_id)
    if inspection.status != Inspection.Status.CONDUCTED:
        raise InvalidInput(_("Chỉ ghi kết luận sau khi đã kiểm tra."))
    text = _text(text, field="text", message=_("Vui lòng nêu tồn tại, hạn chế."))
    required_fix = _text(required_fix, field="required_fix", message=_("Vui lòng nêu yêu cầu khắc phục."))
    year = (inspection.conducted_on or inspection.planned_on).year
    plan = _plan_for_year(inspection.committee, year)
    number = (inspection.findings.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    finding = InspectionFinding.objects.create(
        inspection=inspection, number=number, text=text, required_fix=required_fix
    )
    fields = {
        **data.__dict__,
        "title": (data.title or required_fix)[:500],
        "owner": data.owner or inspection.agency,
    }
    _new_task(
        plan=plan, data=TaskInput(**fields), source=TaskSource.INSPECTION, actor=actor, at=at, finding=finding
    )
    return finding


# -- pilot units ---------------------------------------------------------------------------------------


@transaction.atomic
def designate_pilot_unit(
    *,
    committee: SteeringCommittee,
    year: int,
    agency: Agency | None,
    member_in_charge: CommitteeMember | None,
    focus: str,
    actor: Any,
) -> PilotUnit:
    """Choose a pilot unit (chỉ đạo điểm) for the year with the committee member in charge."""
    _require_editor(actor, committee)
    if agency is None:
        raise InvalidInput(_("Vui lòng chọn đơn vị chỉ đạo điểm."), field="agency")
    if (
        member_in_charge is None
        or member_in_charge.committee_id != committee.pk
        or not member_in_charge.is_active
    ):
        raise InvalidInput(_("Vui lòng chọn thành viên Ban Chỉ đạo phụ trách."), field="member_in_charge")
    if PilotUnit.objects.filter(committee=committee, year=year, agency=agency).exists():
        raise InvalidInput(
            _("Đơn vị đã là đơn vị chỉ đạo điểm năm %(year)s.") % {"year": year}, field="agency"
        )
    return PilotUnit.objects.create(
        committee=committee,
        year=year,
        agency=agency,
        member_in_charge=member_in_charge,
        focus=nfc(focus)[:500],
    )


# -- indices -------------------------------------------------------------------------------------------


def _decimal(value: Any, *, field: str, label: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        result = Decimal(str(value).replace(",", "."))
    except InvalidOperation as exc:
        raise InvalidInput(_("%(label)s phải là số.") % {"label": label}, field=field) from exc
    if not result.is_finite() or result < 0:
        raise InvalidInput(_("%(label)s phải là số không âm.") % {"label": label}, field=field)
    return result


@dataclass(frozen=True)
class ComponentInput:
    name: str
    score: Decimal
    max_score: Decimal | None = None


@transaction.atomic
def record_index_result(
    *,
    committee: SteeringCommittee,
    kind: str,
    year: int,
    score: Any,
    actor: Any,
    max_score: Any = 100,
    national_rank: int | None = None,
    ranked_count: int | None = None,
    components: Sequence[ComponentInput] = (),
    source: str = "",
    is_illustrative: bool = False,
) -> IndexResult:
    """Record (or correct) the province's result in PAR INDEX, SIPAS, PAPI or PCI for a year."""
    _require_editor(actor, committee)
    if kind not in IndexKind.values:
        raise InvalidInput(_("Chỉ số không hợp lệ."), field="kind")
    value = _decimal(score, field="score", label=_("Điểm"))
    top = _decimal(max_score, field="max_score", label=_("Thang điểm")) or Decimal(100)
    if value is None:
        raise InvalidInput(_("Vui lòng nhập điểm."), field="score")
    if value > top:
        raise InvalidInput(_("Điểm không được vượt quá thang điểm (%(max)s).") % {"max": top}, field="score")
    if national_rank is not None and (national_rank < 1 or (ranked_count and national_rank > ranked_count)):
        raise InvalidInput(_("Thứ hạng phải từ 1 đến số tỉnh được xếp hạng."), field="national_rank")
    result, _created = IndexResult.objects.update_or_create(
        province_code=committee.province_code,
        kind=kind,
        year=year,
        defaults={
            "score": value,
            "max_score": top,
            "national_rank": national_rank,
            "ranked_count": ranked_count,
            "source": nfc(source)[:300],
            "is_illustrative": is_illustrative,
        },
    )
    if components:
        result.components.all().delete()
        IndexComponent.objects.bulk_create(
            [
                IndexComponent(
                    result=result, order=i, name=nfc(c.name)[:300], score=c.score, max_score=c.max_score
                )
                for i, c in enumerate(components, start=1)
            ]
        )
    return result


@transaction.atomic
def set_index_target(
    *,
    committee: SteeringCommittee,
    kind: str,
    year: int,
    actor: Any,
    target_rank: int | None = None,
    target_score: Any = None,
    basis: str = "",
) -> IndexTarget:
    """Set the province's target for an index in a year (a rank, a score, or both)."""
    _require_editor(actor, committee)
    if kind not in IndexKind.values:
        raise InvalidInput(_("Chỉ số không hợp lệ."), field="kind")
    score = _decimal(target_score, field="target_score", label=_("Điểm mục tiêu"))
    if target_rank is None and score is None:
        raise InvalidInput(_("Vui lòng nhập thứ hạng hoặc điểm mục tiêu."), field="target_rank")
    target, _created = IndexTarget.objects.update_or_create(
        province_code=committee.province_code,
        kind=kind,
        year=year,
        defaults={"target_rank": target_rank, "target_score": score, "basis": nfc(basis)[:300]},
    )
    return target


# -- sensitive posts -----------------------------------------------------------------------------------


def _require_post_manager(
    actor: Any, committee: SteeringCommittee, post: SensitivePost | None = None
) -> None:
    if can_edit(actor, committee) or can_set_up(actor, None):
        return
    if post is not None and post.personnel_agency_id in agency_ids_of(actor):
        return
    raise NotAllowed(
        _("Chỉ thành viên Ban Chỉ đạo hoặc cơ quan tổ chức cán bộ được cập nhật vị trí nhạy cảm.")
    )


@transaction.atomic
def register_sensitive_post(
    *,
    committee: SteeringCommittee,
    name: str,
    agency: Agency | None,
    personnel_agency: Agency | None,
    actor: Any,
    rotation_months: int | None = None,
) -> SensitivePost:
    """Mark a post as sensitive with the province's rotation term (2 to 5 years, Decree 59/2019 Art 37)."""
    _require_post_manager(actor, committee)
    if agency is None or personnel_agency is None:
        raise InvalidInput(_("Vui lòng chọn cơ quan có vị trí và cơ quan tổ chức cán bộ."), field="agency")
    months = rotation_months or int(getattr(settings, "MOTCUA_REFORM_ROTATION_MONTHS", 36))
    if not 24 <= months <= 60:
        raise InvalidInput(
            _("Thời hạn định kỳ chuyển đổi phải từ 24 đến 60 tháng (Nghị định 59/2019/NĐ-CP Điều 37)."),
            field="rotation_months",
        )
    return SensitivePost.objects.create(
        name=_text(name, field="name", message=_("Vui lòng nhập tên vị trí."), max_length=300),
        agency=agency,
        personnel_agency=personnel_agency,
        rotation_months=months,
    )


@transaction.atomic
def record_holding(
    *,
    committee: SteeringCommittee,
    post: SensitivePost,
    official_name: str,
    started_on: date | None,
    actor: Any,
    official: Any = None,
) -> PostHolding:
    """Record that an official holds a sensitive post since a date."""
    _require_post_manager(actor, committee, post)
    if started_on is None:
        raise InvalidInput(_("Vui lòng nhập ngày bắt đầu giữ vị trí."), field="started_on")
    return PostHolding.objects.create(
        post=post,
        official_name=_text(
            official_name, field="official_name", message=_("Vui lòng nhập họ và tên."), max_length=200
        ),
        official=official,
        started_on=started_on,
    )


@transaction.atomic
def end_holding(
    *, committee: SteeringCommittee, holding: PostHolding, ended_on: date | None, actor: Any
) -> PostHolding:
    """Record the rotation of an official out of a sensitive post."""
    _require_post_manager(actor, committee, holding.post)
    if ended_on is None or ended_on < holding.started_on:
        raise InvalidInput(_("Ngày chuyển đổi phải sau ngày bắt đầu giữ vị trí."), field="ended_on")
    holding.ended_on = ended_on
    holding.save(update_fields=["ended_on"])
    return holding


# -- citizen reception days ----------------------------------------------------------------------------


@transaction.atomic
def schedule_reception_days(
    *,
    committee: SteeringCommittee,
    year: int,
    months: Sequence[int],
    host: Any,
    location: str,
    actor: Any,
    is_working_day: schedule.IsWorkingDay,
    days_of_month: Sequence[int] = (5, 15),
) -> list[ReceptionDay]:
    """Schedule a leader's reception days (the 5th and 15th by default, next working day if needed)."""
    _require_editor(actor, committee)
    if host is None or getattr(host, "is_citizen", True):
        raise InvalidInput(_("Vui lòng chọn lãnh đạo tiếp công dân."), field="host")
    if not months or any(m < 1 or m > 12 for m in months):
        raise InvalidInput(_("Vui lòng chọn các tháng từ 1 đến 12."), field="months")
    created = []
    for day in schedule.reception_days(
        year, months, days_of_month=days_of_month, is_working_day=is_working_day
    ):
        obj, was_created = ReceptionDay.objects.get_or_create(
            committee=committee, date=day, host=host, defaults={"location": nfc(location)[:300]}
        )
        if was_created:
            created.append(obj)
    return created


def _case_update(case: ReceptionCase, *, actor: Any, at: datetime, note: str) -> None:
    ReceptionCaseUpdate.objects.create(
        case=case,
        at=at,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=_actor_name(actor),
        status=case.status,
        note=note,
    )


@transaction.atomic
def record_reception_case(
    *, day: ReceptionDay, citizen_name: str, citizen_contact: str, content: str, actor: Any, at: datetime
) -> ReceptionCase:
    """Record a case received on a reception day."""
    _require_editor(actor, day.committee_id)
    day = ReceptionDay.objects.select_for_update().get(pk=day.pk)
    number = (day.cases.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    case = ReceptionCase.objects.create(
        day=day,
        number=number,
        citizen_name=_text(
            citizen_name,
            field="citizen_name",
            message=_("Vui lòng nhập họ tên người được tiếp."),
            max_length=200,
        ),
        citizen_contact=nfc(citizen_contact)[:200],
        content=_text(content, field="content", message=_("Vui lòng nhập nội dung phản ánh, kiến nghị.")),
    )
    if day.status == ReceptionDay.Status.SCHEDULED:
        day.status = ReceptionDay.Status.HELD
        day.save(update_fields=["status"])
    _case_update(case, actor=actor, at=at, note=_("Tiếp nhận vụ việc"))
    return case


@transaction.atomic
def assign_reception_case(
    *, case: ReceptionCase, agency: Agency | None, deadline: date | None, note: str, actor: Any, at: datetime
) -> ReceptionCase:
    """Assign a case to an agency with a deadline."""
    _require_editor(actor, case.day.committee_id)
    case = ReceptionCase.objects.select_for_update().get(pk=case.pk)
    if case.status == ReceptionCase.Status.CLOSED:
        raise InvalidInput(_("Vụ việc đã kết thúc."))
    if agency is None:
        raise InvalidInput(_("Vui lòng chọn cơ quan được giao xử lý."), field="agency")
    if deadline is None:
        raise InvalidInput(_("Vui lòng chọn hạn xử lý."), field="deadline")
    if deadline < local(at).date():
        raise InvalidInput(_("Hạn xử lý không được trước ngày giao."), field="deadline")
    case.assigned_agency = agency
    case.deadline = deadline
    case.status = ReceptionCase.Status.ASSIGNED
    case.save(update_fields=["assigned_agency", "deadline", "status"])
    _case_update(
        case,
        actor=actor,
        at=at,
        note=nfc(note)
        or _("Giao %(agency)s xử lý, hạn %(deadline)s")
        % {"agency": agency.name, "deadline": f"{deadline:%d/%m/%Y}"},
    )
    return case


@transaction.atomic
def follow_up_reception_case(*, case: ReceptionCase, note: str, actor: Any, at: datetime) -> ReceptionCase:
    """Add a follow-up note (the assigned agency reports, or the committee chases)."""
    if not (can_edit(actor, case.day.committee_id) or (case.assigned_agency_id in agency_ids_of(actor))):
        raise NotAllowed(_("Chỉ cơ quan được giao hoặc thành viên Ban Chỉ đạo được cập nhật vụ việc."))
    if case.status == ReceptionCase.Status.CLOSED:
        raise InvalidInput(_("Vụ việc đã kết thúc."))
    _case_update(
        case, actor=actor, at=at, note=_text(note, field="note", message=_("Vui lòng nhập nội dung."))
    )
    return case


@transaction.atomic
def close_reception_case(*, case: ReceptionCase, result: str, actor: Any, at: datetime) -> ReceptionCase:
    """Close a case with its result."""
    _require_editor(actor, case.day.committee_id)
    case = ReceptionCase.objects.select_for_update().get(pk=case.pk)
    if case.status == ReceptionCase.Status.CLOSED:
        raise InvalidInput(_("Vụ việc đã kết thúc."))
    case.result = _text(result, field="result", message=_("Vui lòng nhập kết quả giải quyết."))
    case.status = ReceptionCase.Status.CLOSED
    case.closed_on = local(at).date()
    case.save(update_fields=["result", "status", "closed_on"])
    _case_update(case, actor=actor, at=at, note=case.result)
    return case
