"""The internal process as a step graph, and the rules it must satisfy before approval.

Decree 118/2025/NĐ-CP Art 38(1)(d) has the Chairman of the provincial People's Committee approve
an internal process (quy trình nội bộ) for every procedure; Art 12(3) has the agencies and the desk
define its steps and their times. A process here is ordered steps; from each step some moves are
allowed:

- ``next``: forward to a later step (usually the following one; a step may branch to several);
- ``back``: back to an earlier step for rework;
- ``supplement``: to the one-stop desk, which asks the applicant for a supplement (Art 19(5));
- ``consult``: ask another agency's opinion in parallel, the step keeps the dossier (Art 19(4));
- ``transfer``: hand the dossier to another agency for its part (liên thông, Art 20(2)).

`validate` states the rules: the first step is receipt and the last the return of the result, both
at the desk; every other step has a way forward, forward moves only go forward, and every step can
be reached; so every path ends at the return of the result. Along the longest forward path the
allotted working hours must fit in the legal time limit.

This module is pure: it reads and writes plain data (the JSON kept in `Process.draft`) and never
touches the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc
from motcua.organisations.models import Role

from .models import MoveKind, ProcessStep

STEP_KINDS = frozenset(ProcessStep.Kind.values)
ROLES = frozenset(Role.values) - {Role.PROVINCIAL_ADMIN, Role.STEERING_VIEWER}
MOVE_KINDS = frozenset(MoveKind.values)
DESK_KINDS = frozenset({ProcessStep.Kind.RECEIVE, ProcessStep.Kind.RETURN})
SUPPLEMENT_FROM = frozenset({ProcessStep.Kind.RECEIVE, ProcessStep.Kind.APPRAISE})
MAX_STEPS = 40
MAX_HOURS = Decimal("9999.99")


@dataclass(frozen=True)
class Move:
    """A move allowed from a step: to the step of order `to`, or to the agency `agency`."""

    kind: str
    to: int | None = None
    agency: str = ""


def normalise_moves(moves: Iterable[Move]) -> tuple[Move, ...]:
    """Return the moves without duplicates, in a stable order."""
    return tuple(sorted(set(moves), key=lambda m: (m.kind, m.to or 0, m.agency)))


@dataclass(frozen=True)
class Step:
    order: int
    kind: str
    name: str
    role: str
    allotted_hours: Decimal
    unit: str = ""
    moves: tuple[Move, ...] = ()

    def __post_init__(self) -> None:
        # A canonical order, so two graphs with the same moves compare equal.
        object.__setattr__(self, "moves", normalise_moves(self.moves))

    def targets(self, kind: str) -> tuple[int, ...]:
        """Return the orders of the steps this step may move to by moves of a kind."""
        return tuple(m.to for m in self.moves if m.kind == kind and m.to is not None)

    def agencies(self, kind: str) -> tuple[str, ...]:
        """Return the agency identifiers of this step's consult or transfer moves."""
        return tuple(m.agency for m in self.moves if m.kind == kind and m.agency)

    def has(self, kind: str) -> bool:
        return any(m.kind == kind for m in self.moves)


@dataclass(frozen=True)
class Problem:
    """A rule the graph breaks, in words an administrator understands."""

    message: str
    step: int | None = None
    field: str = ""


@dataclass(frozen=True)
class ProcessGraph:
    steps: tuple[Step, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "steps", tuple(sorted(self.steps, key=lambda s: s.order)))

    @classmethod
    def linear(cls, steps: Iterable[Step]) -> ProcessGraph:
        """Return the graph with a `next` move from each step to the following one where none is set."""
        ordered = sorted(steps, key=lambda s: s.order)
        result = []
        for i, step in enumerate(ordered):
            moves = step.moves
            if i + 1 < len(ordered) and not step.has(MoveKind.NEXT):
                moves = (Move(MoveKind.NEXT, to=ordered[i + 1].order), *moves)
            result.append(replace(step, moves=tuple(moves)))
        return cls(steps=tuple(result))

    def step(self, order: int) -> Step | None:
        return next((s for s in self.steps if s.order == order), None)

    @property
    def total_hours(self) -> Decimal:
        return sum((s.allotted_hours for s in self.steps), Decimal(0))

    def longest_path(self) -> tuple[Decimal, tuple[int, ...]]:
        """Return the largest sum of allotted hours along forward moves, and that path's orders.

        Forward moves go to later steps only (checked by `validate`), so the graph of `next` moves
        is acyclic and the longest path is computed from the last step backwards.
        """
        by_order = {s.order: s for s in self.steps}
        best: dict[int, tuple[Decimal, tuple[int, ...]]] = {}
        for step in sorted(self.steps, key=lambda s: -s.order):
            options = [best[t] for t in step.targets(MoveKind.NEXT) if t in best and t > step.order]
            hours, path = max(options, default=(Decimal(0), ()), key=lambda o: o[0])
            best[step.order] = (step.allotted_hours + hours, (step.order, *path))
        if not by_order:
            return Decimal(0), ()
        return best[min(by_order)]

    def to_json(self) -> dict[str, Any]:
        """Return the graph as plain JSON (the shape of `Process.draft` and `ProcessApproval.graph`)."""
        return {
            "steps": [
                {
                    "order": s.order,
                    "kind": s.kind,
                    "name": s.name,
                    "role": s.role,
                    "unit": s.unit,
                    "allotted_hours": f"{s.allotted_hours.normalize():f}",
                    "moves": [
                        {
                            "kind": m.kind,
                            **({"to": m.to} if m.to is not None else {}),
                            **({"agency": m.agency} if m.agency else {}),
                        }
                        for m in s.moves
                    ],
                }
                for s in sorted(self.steps, key=lambda s: s.order)
            ]
        }

    @classmethod
    def from_json(cls, data: object) -> ProcessGraph:
        """Read a graph from JSON written by `to_json`; raise InvalidInput if its shape is wrong."""
        if not isinstance(data, Mapping) or not isinstance(data.get("steps"), list):
            raise InvalidInput(_("Dữ liệu quy trình không đúng định dạng."), field="steps")
        steps = []
        for raw in data["steps"]:
            if not isinstance(raw, Mapping):
                raise InvalidInput(_("Dữ liệu quy trình không đúng định dạng."), field="steps")
            moves = []
            for m in raw.get("moves") or []:
                if not isinstance(m, Mapping):
                    raise InvalidInput(_("Dữ liệu quy trình không đúng định dạng."), field="moves")
                to = m.get("to")
                moves.append(
                    Move(
                        kind=str(m.get("kind", "")),
                        to=parse_order(to) if to not in (None, "") else None,
                        agency=str(m.get("agency") or "").strip(),
                    )
                )
            steps.append(
                Step(
                    order=parse_order(raw.get("order")),
                    kind=str(raw.get("kind", "")),
                    name=nfc(str(raw.get("name") or "")),
                    role=str(raw.get("role", "")),
                    unit=nfc(str(raw.get("unit") or "")),
                    allotted_hours=parse_hours(raw.get("allotted_hours")),
                    moves=tuple(moves),
                )
            )
        return cls(steps=tuple(sorted(steps, key=lambda s: s.order)))


def parse_order(value: object) -> int:
    """Return a step number, or raise InvalidInput."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(
            _("Số thứ tự bước “%(value)s” không phải số nguyên.") % {"value": str(value)[:20]}, field="order"
        ) from None
    if number < 1:
        raise InvalidInput(_("Số thứ tự bước phải từ 1 trở lên."), field="order")
    return number


def parse_hours(value: object) -> Decimal:
    """Return a number of working hours (comma or dot decimal), or raise InvalidInput."""
    text = "" if value is None else str(value).strip().replace(",", ".")
    if not text:
        raise InvalidInput(_("Thiếu thời gian (giờ làm việc) của bước."), field="allotted_hours")
    try:
        hours = Decimal(text)
    except InvalidOperation:
        raise InvalidInput(
            _("Thời gian “%(value)s” không phải là số giờ.") % {"value": text[:20]}, field="allotted_hours"
        ) from None
    if not hours.is_finite():
        raise InvalidInput(_("Thời gian “%(value)s” không phải là số giờ.") % {"value": text[:20]})
    return hours


def _fmt(hours: Decimal) -> str:
    return f"{hours.normalize():f}".replace(".", ",")


def validate(
    graph: ProcessGraph,
    *,
    limit_hours: Decimal | None,
    own_agency: str = "",
    known_agencies: Sequence[str] | None = None,
) -> list[Problem]:
    """Return every rule the graph breaks (an empty list means it may be approved).

    `limit_hours` is the legal time limit in working hours (`limits.limit_in_hours`); `own_agency`
    the identifier of the agency applying the process; `known_agencies` the identifiers that exist.
    """
    problems: list[Problem] = []
    steps = sorted(graph.steps, key=lambda s: s.order)
    if not steps:
        return [Problem(_("Quy trình chưa có bước nào."))]
    if len(steps) > MAX_STEPS:
        problems.append(Problem(_("Quy trình có quá nhiều bước (tối đa %(max)d).") % {"max": MAX_STEPS}))
    orders = [s.order for s in steps]
    if len(set(orders)) != len(orders):
        problems.append(Problem(_("Hai bước có cùng số thứ tự; mỗi bước cần một số thứ tự riêng.")))
    elif orders != list(range(1, len(steps) + 1)):
        problems.append(Problem(_("Các bước phải được đánh số liên tiếp từ 1.")))
    known = set(known_agencies) if known_agencies is not None else None

    for s in steps:
        problems.extend(_step_problems(s, own_agency=own_agency, known=known))

    first, last = steps[0], steps[-1]
    if first.kind != ProcessStep.Kind.RECEIVE:
        problems.append(Problem(_("Bước đầu tiên phải là bước tiếp nhận hồ sơ."), step=first.order))
    returns = [s for s in steps if s.kind == ProcessStep.Kind.RETURN]
    if not returns:
        problems.append(Problem(_("Quy trình phải kết thúc bằng bước trả kết quả.")))
    elif len(returns) > 1 or last.kind != ProcessStep.Kind.RETURN:
        problems.append(
            Problem(_("Chỉ có một bước trả kết quả và đó phải là bước cuối cùng."), step=last.order)
        )
    if last.moves and last.kind == ProcessStep.Kind.RETURN:
        problems.append(
            Problem(_("Bước trả kết quả là bước kết thúc, không chuyển đi đâu nữa."), step=last.order)
        )

    existing = set(orders)
    for s in steps:
        for target in s.targets(MoveKind.NEXT):
            if target not in existing:
                problems.append(
                    Problem(_("Bước tiếp theo %(to)d không tồn tại.") % {"to": target}, step=s.order)
                )
            elif target <= s.order:
                problems.append(
                    Problem(
                        _(
                            "Bước tiếp theo phải là một bước sau "
                            "(bước %(to)d đứng trước hoặc là chính bước này)."
                        )
                        % {"to": target},
                        step=s.order,
                    )
                )
        for target in s.targets(MoveKind.BACK):
            if target not in existing:
                problems.append(
                    Problem(_("Bước trả lại %(to)d không tồn tại.") % {"to": target}, step=s.order)
                )
            elif target >= s.order:
                problems.append(
                    Problem(
                        _("Chỉ được trả lại một bước đứng trước (bước %(to)d không đứng trước).")
                        % {"to": target},
                        step=s.order,
                    )
                )
        if s is not last and not s.targets(MoveKind.NEXT):
            problems.append(
                Problem(
                    _(
                        "Bước này chưa có bước tiếp theo, hồ sơ sẽ dừng lại "
                        "và không đến được bước trả kết quả."
                    ),
                    step=s.order,
                    field="next",
                )
            )
    if problems:
        return problems

    reachable = _reachable(steps)
    for s in steps:
        if s.order not in reachable:
            problems.append(
                Problem(
                    _("Không có đường nào từ bước tiếp nhận dẫn đến bước này; hãy nối nó vào quy trình."),
                    step=s.order,
                )
            )
    if limit_hours is not None:
        hours, path = graph.longest_path()
        if hours > limit_hours:
            problems.append(
                Problem(
                    _(
                        "Tổng thời gian các bước là %(hours)s giờ làm việc "
                        "(theo đường dài nhất: bước %(path)s), "
                        "vượt thời hạn giải quyết theo quy định là %(limit)s giờ làm việc."
                    )
                    % {
                        "hours": _fmt(hours),
                        "path": " → ".join(str(o) for o in path),
                        "limit": _fmt(limit_hours),
                    },
                    field="allotted_hours",
                )
            )
    return problems


def _step_problems(s: Step, *, own_agency: str, known: set[str] | None) -> list[Problem]:
    problems = []
    if not s.name:
        problems.append(Problem(_("Bước chưa có tên."), step=s.order, field="name"))
    elif len(s.name) > 200:
        problems.append(Problem(_("Tên bước dài quá 200 ký tự."), step=s.order, field="name"))
    if len(s.unit) > 200:
        problems.append(Problem(_("Tên đơn vị dài quá 200 ký tự."), step=s.order, field="unit"))
    if s.kind not in STEP_KINDS:
        problems.append(
            Problem(_("Loại bước “%(kind)s” không hợp lệ.") % {"kind": s.kind[:30]}, s.order, "kind")
        )
    if s.role not in ROLES:
        problems.append(
            Problem(_("Vai trò “%(role)s” không hợp lệ.") % {"role": s.role[:30]}, s.order, "role")
        )
    elif s.kind in DESK_KINDS and s.role != Role.DESK_OFFICER:
        problems.append(
            Problem(_("Bước tiếp nhận và bước trả kết quả do cán bộ một cửa thực hiện."), s.order, "role")
        )
    if s.allotted_hours < 0:
        problems.append(Problem(_("Thời gian của bước không được âm."), s.order, "allotted_hours"))
    elif s.allotted_hours > MAX_HOURS or s.allotted_hours != s.allotted_hours.quantize(Decimal("0.01")):
        problems.append(
            Problem(_("Thời gian của bước phải từ 0 đến 9999,99 giờ, tối đa 2 chữ số thập phân."), s.order)
        )
    for m in s.moves:
        if m.kind not in MOVE_KINDS:
            problems.append(
                Problem(_("Loại chuyển “%(kind)s” không hợp lệ.") % {"kind": m.kind[:30]}, s.order)
            )
        elif m.kind in (MoveKind.CONSULT, MoveKind.TRANSFER):
            if not m.agency:
                problems.append(Problem(_("Cần chọn cơ quan để lấy ý kiến hoặc chuyển liên thông."), s.order))
            elif known is not None and m.agency not in known:
                problems.append(
                    Problem(_("Không có cơ quan mã định danh “%(id)s”.") % {"id": m.agency[:40]}, s.order)
                )
            elif m.kind == MoveKind.TRANSFER and m.agency == own_agency:
                problems.append(
                    Problem(_("Không chuyển liên thông cho chính cơ quan đang giải quyết."), s.order)
                )
        elif m.kind == MoveKind.SUPPLEMENT and s.kind not in SUPPLEMENT_FROM:
            problems.append(
                Problem(
                    _(
                        "Chỉ bước tiếp nhận hoặc thẩm định được yêu cầu bổ sung hồ sơ "
                        "(Nghị định 118/2025/NĐ-CP Điều 19 khoản 5)."
                    ),
                    s.order,
                    "supplement",
                )
            )
    return problems


def _reachable(steps: Sequence[Step]) -> set[int]:
    seen = {steps[0].order}
    frontier = [steps[0]]
    by_order = {s.order: s for s in steps}
    while frontier:
        s = frontier.pop()
        for target in (*s.targets(MoveKind.NEXT), *s.targets(MoveKind.BACK)):
            if target not in seen and target in by_order:
                seen.add(target)
                frontier.append(by_order[target])
    return seen


def describe(problems: Sequence[Problem]) -> list[str]:
    """Return each problem as one line, prefixed by its step when it has one."""
    return [
        (_("Bước %(order)d: %(message)s") % {"order": p.step, "message": p.message}) if p.step else p.message
        for p in problems
    ]
