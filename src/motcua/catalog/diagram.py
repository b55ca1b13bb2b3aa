"""A drawing of an internal process: a layout, and an inline SVG rendered on the server.

Steps stand in one column, top to bottom, in order, between a start and an end event. Forward moves
to the following step are straight arrows; forward moves that skip steps curve on the right; moves
back for rework curve on the left, and moves to the desk for a supplement are dashed on the left.
Consultations and inter-agency transfers are boxes beside their step. The same coordinates serve
the BPMN diagram interchange (`bpmn.py`), so a modelling tool shows the process the same way.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.translation import gettext as _

from motcua.organisations.models import Role

from .graph import ProcessGraph, Step
from .models import MoveKind, ProcessStep

STEP_W, STEP_H, GAP = 360, 74, 40
MAIN_X = 110
SIDE_X = MAIN_X + STEP_W + 70
SIDE_W, SIDE_H = 190, 54
EVENT_R = 16
TOP = 20

_COLOURS: dict[str, tuple[str, str]] = {
    ProcessStep.Kind.RECEIVE: ("#e7f1ff", "#0d6efd"),
    ProcessStep.Kind.RETURN: ("#e7f1ff", "#0d6efd"),
    ProcessStep.Kind.APPRAISE: ("#ffffff", "#495057"),
    ProcessStep.Kind.APPROVE: ("#fff3cd", "#946200"),
    ProcessStep.Kind.ISSUE: ("#d1e7dd", "#146c43"),
}


@dataclass(frozen=True)
class Box:
    x: int
    y: int
    w: int
    h: int

    @property
    def cx(self) -> int:
        return self.x + self.w // 2

    @property
    def cy(self) -> int:
        return self.y + self.h // 2


@dataclass(frozen=True)
class SideTask:
    step: int
    kind: str
    agency: str
    box: Box


@dataclass(frozen=True)
class Layout:
    start: Box
    end: Box
    steps: dict[int, Box]
    side: list[SideTask]
    width: int
    height: int


def layout(graph: ProcessGraph) -> Layout:
    """Return where each element of the process goes."""
    steps = sorted(graph.steps, key=lambda s: s.order)
    start = Box(MAIN_X + STEP_W // 2 - EVENT_R, TOP, EVENT_R * 2, EVENT_R * 2)
    boxes: dict[int, Box] = {}
    side: list[SideTask] = []
    y = TOP + EVENT_R * 2 + GAP
    for step in steps:
        boxes[step.order] = Box(MAIN_X, y, STEP_W, STEP_H)
        externals = [m for m in step.moves if m.kind in (MoveKind.CONSULT, MoveKind.TRANSFER)]
        for i, move in enumerate(externals):
            offset = (i - (len(externals) - 1) / 2) * (SIDE_H + 8)
            box = Box(SIDE_X, int(y + (STEP_H - SIDE_H) / 2 + offset), SIDE_W, SIDE_H)
            side.append(SideTask(step=step.order, kind=move.kind, agency=move.agency, box=box))
        y += STEP_H + GAP
    end = Box(MAIN_X + STEP_W // 2 - EVENT_R, y, EVENT_R * 2, EVENT_R * 2)
    bottom = max([end.y + end.h, *(t.box.y + t.box.h for t in side)])
    width = (SIDE_X + SIDE_W + 16) if side else (MAIN_X + STEP_W + 70)
    return Layout(start=start, end=end, steps=boxes, side=side, width=width, height=bottom + TOP)


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def step_caption(step: Step) -> str:
    """Return "role · unit · N giờ" for a step."""
    role = str(dict(Role.choices).get(step.role, step.role))
    parts = [role, step.unit, _("%(h)s giờ") % {"h": _hours(step.allotted_hours)}]
    return " · ".join(p for p in parts if p)


def _text(
    x: int,
    y: int,
    lines: list[str],
    *,
    size: int = 13,
    weight: str = "normal",
    fill: str = "#212529",
    anchor: str = "middle",
) -> str:
    spans = "".join(
        f'<tspan x="{x}" dy="{0 if i == 0 else size + 3}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" font-weight="{weight}" fill="{fill}" '
        f'text-anchor="{anchor}" font-family="system-ui, sans-serif">{spans}</text>'
    )


def render_svg(graph: ProcessGraph, *, agency_names: dict[str, str] | None = None, title: str = "") -> str:
    """Return the process as an accessible inline SVG (every text escaped)."""
    names = agency_names or {}
    lay = layout(graph)
    steps = sorted(graph.steps, key=lambda s: s.order)
    desc = "; ".join(f"{s.order}. {s.name} ({step_caption(s)})" for s in steps)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {lay.width} {lay.height}" '
        'width="100%" role="img" aria-labelledby="mc-diagram-title mc-diagram-desc" '
        'class="mc-process-diagram">',
        f'<title id="mc-diagram-title">{escape(title or _("Sơ đồ quy trình nội bộ"))}</title>',
        f'<desc id="mc-diagram-desc">{escape(desc)}</desc>',
        "<defs>"
        '<marker id="mc-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#495057"/></marker>'
        '<marker id="mc-arrow-red" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#b02a37"/></marker>'
        "</defs>",
    ]
    s, e = lay.start, lay.end
    out.append(
        f'<circle cx="{s.cx}" cy="{s.cy}" r="{EVENT_R}" fill="#fff" stroke="#198754" stroke-width="2"/>'
    )
    out.append(_text(s.x + s.w + 8, s.cy + 4, [_("Nộp hồ sơ")], size=12, fill="#495057", anchor="start"))
    out.append(
        f'<circle cx="{e.cx}" cy="{e.cy}" r="{EVENT_R}" fill="#fff" stroke="#b02a37" stroke-width="4"/>'
    )
    out.append(
        _text(e.x + e.w + 8, e.cy + 4, [_("Người nộp nhận kết quả")], size=12, fill="#495057", anchor="start")
    )
    if steps:
        first = lay.steps[steps[0].order]
        out.append(_line(s.cx, s.y + s.h, first.cx, first.y))
        last = lay.steps[steps[-1].order]
        out.append(_line(last.cx, last.y + last.h, e.cx, e.y))

    skip_lane, back_lane = 0, 0
    for step in steps:
        box = lay.steps[step.order]
        for target in step.targets(MoveKind.NEXT):
            tbox = lay.steps.get(target)
            if tbox is None:
                continue
            if target == _following(steps, step.order):
                out.append(_line(box.cx, box.y + box.h, tbox.cx, tbox.y))
            else:
                skip_lane += 1
                x = box.x + box.w + 14 + 12 * (skip_lane % 4)
                out.append(_curve(box.x + box.w, box.cy + 10, tbox.x + box.w, tbox.cy - 10, x))
        for target in step.targets(MoveKind.BACK):
            tbox = lay.steps.get(target)
            if tbox is None:
                continue
            back_lane += 1
            x = box.x - 18 - 16 * (back_lane % 5)
            out.append(_curve(box.x, box.cy - 8, tbox.x, tbox.cy + 8, x, red=True))
            out.append(_text(x - 4, (box.cy + tbox.cy) // 2, [_("trả lại")], size=11, fill="#b02a37"))
        if step.has(MoveKind.SUPPLEMENT) and steps:
            tbox = lay.steps[steps[0].order]
            back_lane += 1
            x = box.x - 18 - 16 * (back_lane % 5)
            out.append(_curve(box.x, box.cy + 8, tbox.x, tbox.cy - 8, x, red=True, dashed=True))
            out.append(_text(x - 8, (box.cy + tbox.cy) // 2 + 14, [_("bổ sung")], size=11, fill="#b02a37"))

    for step in steps:
        box = lay.steps[step.order]
        fill, stroke = _COLOURS.get(step.kind, ("#ffffff", "#495057"))
        out.append(
            f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="10" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="1.5"/>'
        )
        lines = textwrap.wrap(f"{step.order}. {step.name}", width=46, max_lines=2, placeholder="…")
        out.append(_text(box.cx, box.y + (22 if len(lines) == 2 else 30), lines, weight="600"))
        caption = textwrap.shorten(step_caption(step), width=58, placeholder="…")
        out.append(_text(box.cx, box.y + box.h - 12, [caption], size=12, fill="#495057"))

    for task in lay.side:
        box, owner = task.box, lay.steps[task.step]
        label = _("Lấy ý kiến") if task.kind == MoveKind.CONSULT else _("Chuyển liên thông")
        agency = names.get(task.agency, task.agency)
        out.append(
            f'<rect x="{box.x}" y="{box.y}" width="{box.w}" height="{box.h}" rx="6" fill="#f8f9fa" '
            f'stroke="#6c757d" stroke-dasharray="5 3"/>'
        )
        out.append(_text(box.cx, box.y + 21, [label], size=12, weight="600"))
        out.append(_text(box.cx, box.y + 39, [textwrap.shorten(agency, width=30, placeholder="…")], size=11))
        out.append(_line(owner.x + owner.w, box.cy - 6, box.x, box.cy - 6, dashed=True))
        out.append(_line(box.x, box.cy + 6, owner.x + owner.w, box.cy + 6, dashed=True))
    out.append("</svg>")
    return "".join(out)


def _following(steps: list[Step], order: int) -> int | None:
    later = [s.order for s in steps if s.order > order]
    return min(later) if later else None


def _line(x1: int, y1: int, x2: int, y2: int, *, dashed: bool = False) -> str:
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#495057" stroke-width="1.5"'
        f'{dash} marker-end="url(#mc-arrow)"/>'
    )


def _curve(x1: int, y1: int, x2: int, y2: int, lane: int, *, red: bool = False, dashed: bool = False) -> str:
    colour, marker = ("#b02a37", "mc-arrow-red") if red else ("#495057", "mc-arrow")
    dash = ' stroke-dasharray="6 4"' if dashed else ""
    path = f"M{x1},{y1} C{lane},{y1} {lane},{y2} {x2},{y2}"
    return (
        f'<path d={quoteattr(path)} fill="none" stroke="{colour}" stroke-width="1.5"{dash} '
        f'marker-end="url(#{marker})"/>'
    )
