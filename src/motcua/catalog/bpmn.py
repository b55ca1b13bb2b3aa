"""BPMN 2.0 XML export and import of internal processes, so provinces can exchange them with modelling tools.

Export: one ``bpmn:process`` with a start event, a ``bpmn:userTask`` per step, an end event after
the return of the result, and a ``bpmn:sequenceFlow`` per move; consultations and inter-agency
transfers are ``bpmn:task`` elements beside their step, with a flow there and back. What BPMN has no
word for (step kind, role, unit, allotted hours, move kind, agency identifier) travels in attributes
of our namespace ``urn:motcua:bpmn:1``, which modelling tools keep. Diagram interchange (BPMNDI)
carries the layout of `diagram.layout`, so tools draw the process as we do.

Import reads that shape back, and also a process drawn in another tool: tasks become steps in the
order of the flows from the start event, a flow to an earlier task is a move back, and the step
kind and role default from the position (receipt first, return of the result last). Every step must
state its allotted hours. The file is refused, with a Vietnamese message, if it is not well-formed
XML, is larger than 1 MB, or declares a DOCTYPE or entities (no external or internal entity is
ever expanded).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal
from xml.parsers import expat

from django.utils.translation import gettext as _

from motcua.core.errors import InvalidInput
from motcua.core.text import nfc
from motcua.organisations.models import Role

from .diagram import Box, layout
from .graph import Move, ProcessGraph, Step, parse_hours
from .models import MoveKind, ProcessStep

BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI"
DC = "http://www.omg.org/spec/DD/20100524/DC"
DI = "http://www.omg.org/spec/DD/20100524/DI"
MC = "urn:motcua:bpmn:1"
MAX_BYTES = 1024 * 1024
TASK_TAGS = (
    "task",
    "userTask",
    "manualTask",
    "serviceTask",
    "sendTask",
    "receiveTask",
    "scriptTask",
    "businessRuleTask",
)
DEFAULT_ROLES: dict[str, str] = {
    ProcessStep.Kind.RECEIVE: Role.DESK_OFFICER,
    ProcessStep.Kind.APPRAISE: Role.SPECIALIST,
    ProcessStep.Kind.APPROVE: Role.LEADER,
    ProcessStep.Kind.ISSUE: Role.CLERK,
    ProcessStep.Kind.RETURN: Role.DESK_OFFICER,
}

for _prefix, _uri in (("bpmn", BPMN), ("bpmndi", BPMNDI), ("dc", DC), ("di", DI), ("motcua", MC)):
    ET.register_namespace(_prefix, _uri)


def _q(ns: str, tag: str) -> str:
    return f"{{{ns}}}{tag}"


def _hours(value: Decimal) -> str:
    return f"{value.normalize():f}"


def export_bpmn(
    graph: ProcessGraph, *, process_id: str, name: str, agency_names: dict[str, str] | None = None
) -> bytes:
    """Return the process as a BPMN 2.0 XML document (UTF-8)."""
    names = agency_names or {}
    safe_id = "".join(ch if ch.isalnum() else "_" for ch in process_id) or "process"
    root = ET.Element(
        _q(BPMN, "definitions"),
        {
            "id": f"Definitions_{safe_id}",
            "targetNamespace": "urn:motcua:process",
            "exporter": "MộtCửa",
            "exporterVersion": "1",
        },
    )
    proc = ET.SubElement(
        root, _q(BPMN, "process"), {"id": f"Process_{safe_id}", "name": name, "isExecutable": "false"}
    )
    steps = sorted(graph.steps, key=lambda s: s.order)
    flows: list[tuple[str, str, str, dict[str, str]]] = []
    ET.SubElement(proc, _q(BPMN, "startEvent"), {"id": "Start", "name": _("Nộp hồ sơ")})
    for s in steps:
        task = ET.SubElement(
            proc,
            _q(BPMN, "userTask"),
            {
                "id": f"Step_{s.order}",
                "name": s.name,
                _q(MC, "order"): str(s.order),
                _q(MC, "kind"): s.kind,
                _q(MC, "role"): s.role,
                _q(MC, "unit"): s.unit,
                _q(MC, "allottedHours"): _hours(s.allotted_hours),
            },
        )
        role = str(dict(Role.choices).get(s.role, s.role))
        doc = ET.SubElement(task, _q(BPMN, "documentation"))
        doc.text = _("Vai trò: %(role)s. Thời gian: %(hours)s giờ làm việc.") % {
            "role": role,
            "hours": _hours(s.allotted_hours).replace(".", ","),
        }
    ET.SubElement(proc, _q(BPMN, "endEvent"), {"id": "End", "name": _("Người nộp nhận kết quả")})
    if steps:
        flows.append(("Flow_start", "Start", f"Step_{steps[0].order}", {}))
        flows.append(("Flow_end", f"Step_{steps[-1].order}", "End", {}))
    side_ids: dict[tuple[int, str, str], str] = {}
    for s in steps:
        for m in s.moves:
            source = f"Step_{s.order}"
            if m.kind in (MoveKind.NEXT, MoveKind.BACK) and m.to is not None:
                label = _("Trả lại") if m.kind == MoveKind.BACK else ""
                attrs = {_q(MC, "move"): m.kind, **({"name": label} if label else {})}
                flows.append((f"Flow_{s.order}_{m.kind}_{m.to}", source, f"Step_{m.to}", attrs))
            elif m.kind == MoveKind.SUPPLEMENT and steps:
                attrs = {_q(MC, "move"): m.kind, "name": _("Yêu cầu bổ sung")}
                flows.append((f"Flow_{s.order}_supplement", source, f"Step_{steps[0].order}", attrs))
            elif m.kind in (MoveKind.CONSULT, MoveKind.TRANSFER) and m.agency:
                side_id = (
                    f"{'Consult' if m.kind == MoveKind.CONSULT else 'Transfer'}_{s.order}_{len(side_ids) + 1}"
                )
                side_ids[(s.order, m.kind, m.agency)] = side_id
                verb = _("Lấy ý kiến") if m.kind == MoveKind.CONSULT else _("Chuyển liên thông")
                ET.SubElement(
                    proc,
                    _q(BPMN, "task"),
                    {
                        "id": side_id,
                        "name": f"{verb}: {names.get(m.agency, m.agency)}",
                        _q(MC, "move"): m.kind,
                        _q(MC, "agency"): m.agency,
                    },
                )
                flows.append((f"Flow_{side_id}_out", source, side_id, {_q(MC, "move"): m.kind}))
                flows.append((f"Flow_{side_id}_back", side_id, source, {_q(MC, "move"): "return"}))
    for flow_id, source, target, attrs in flows:
        ET.SubElement(
            proc, _q(BPMN, "sequenceFlow"), {"id": flow_id, "sourceRef": source, "targetRef": target, **attrs}
        )
    _diagram(root, graph, proc_id=proc.get("id", ""), flows=flows, side_ids=side_ids)
    ET.indent(root)
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _diagram(
    root: ET.Element,
    graph: ProcessGraph,
    *,
    proc_id: str,
    flows: list[tuple[str, str, str, dict[str, str]]],
    side_ids: dict[tuple[int, str, str], str],
) -> None:
    lay = layout(graph)
    boxes: dict[str, Box] = {"Start": lay.start, "End": lay.end}
    boxes.update({f"Step_{order}": box for order, box in lay.steps.items()})
    for task in lay.side:
        side_id = side_ids.get((task.step, task.kind, task.agency))
        if side_id:
            boxes[side_id] = task.box
    diagram = ET.SubElement(root, _q(BPMNDI, "BPMNDiagram"), {"id": "Diagram_1"})
    plane = ET.SubElement(diagram, _q(BPMNDI, "BPMNPlane"), {"id": "Plane_1", "bpmnElement": proc_id})
    for element_id, box in boxes.items():
        shape = ET.SubElement(
            plane, _q(BPMNDI, "BPMNShape"), {"id": f"{element_id}_di", "bpmnElement": element_id}
        )
        ET.SubElement(
            shape,
            _q(DC, "Bounds"),
            {"x": str(box.x), "y": str(box.y), "width": str(box.w), "height": str(box.h)},
        )
    for flow_id, source, target, _attrs in flows:
        a, b = boxes.get(source), boxes.get(target)
        if a is None or b is None:
            continue
        edge = ET.SubElement(plane, _q(BPMNDI, "BPMNEdge"), {"id": f"{flow_id}_di", "bpmnElement": flow_id})
        for x, y in _waypoints(a, b):
            ET.SubElement(edge, _q(DI, "waypoint"), {"x": str(x), "y": str(y)})


def _waypoints(a: Box, b: Box) -> list[tuple[int, int]]:
    if a.x == b.x:  # same column
        if b.y > a.y:
            return [(a.cx, a.y + a.h), (b.cx, b.y)]
        lane = a.x - 30
        return [(a.x, a.cy), (lane, a.cy), (lane, b.cy), (b.x, b.cy)]
    if b.x > a.x:
        return [(a.x + a.w, a.cy), (b.x, b.cy)]
    return [(a.x, a.cy + 6), (b.x + b.w, b.cy + 6)]


def _refuse_unsafe(data: bytes) -> None:
    """Refuse DOCTYPE and entity declarations and anything that is not well-formed XML."""

    def refuse(*_args: object) -> None:
        raise InvalidInput(
            _(
                "Tệp BPMN chứa khai báo DOCTYPE hoặc thực thể (entity); "
                "hệ thống không nhận loại tệp này vì lý do an toàn."
            ),
            field="bpmn",
        )

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise InvalidInput(
            _("Tệp BPMN không phải XML hợp lệ (dòng %(line)s): %(error)s")
            % {"line": exc.lineno, "error": expat.ErrorString(exc.code)},
            field="bpmn",
        ) from None


def import_bpmn(data: bytes) -> ProcessGraph:
    """Read a process from BPMN 2.0 XML; raise InvalidInput with a Vietnamese message if it cannot.

    The graph is returned as read; `graph.validate` then checks it like any other edit.
    """
    if not data.strip():
        raise InvalidInput(_("Tệp BPMN rỗng."), field="bpmn")
    if len(data) > MAX_BYTES:
        raise InvalidInput(_("Tệp BPMN lớn hơn 1 MB."), field="bpmn")
    _refuse_unsafe(data)
    root = ET.fromstring(data)  # noqa: S314 - DOCTYPE and entities refused above
    if root.tag != _q(BPMN, "definitions"):
        raise InvalidInput(_("Tệp không phải BPMN 2.0 (thiếu phần tử bpmn:definitions)."), field="bpmn")
    processes = root.findall(_q(BPMN, "process"))
    if len(processes) != 1:
        raise InvalidInput(_("Tệp BPMN phải có đúng một quy trình (bpmn:process)."), field="bpmn")
    proc = processes[0]
    starts = proc.findall(_q(BPMN, "startEvent"))
    if len(starts) != 1:
        raise InvalidInput(_("Quy trình BPMN phải có đúng một sự kiện bắt đầu."), field="bpmn")
    tasks = {
        el.get("id", ""): el
        for tag in TASK_TAGS
        for el in proc.iter(_q(BPMN, tag))
        if el.get("id") and not el.get(_q(MC, "move"))
    }
    side = {
        el.get("id", ""): el for tag in TASK_TAGS for el in proc.iter(_q(BPMN, tag)) if el.get(_q(MC, "move"))
    }
    if not tasks:
        raise InvalidInput(_("Quy trình BPMN không có bước (task) nào."), field="bpmn")
    flows = [
        (f.get("sourceRef", ""), f.get("targetRef", ""), f.get(_q(MC, "move"), ""))
        for f in proc.iter(_q(BPMN, "sequenceFlow"))
    ]
    flows = _through_gateways(flows, keep={*tasks, *side, starts[0].get("id", "")})
    order = _order_tasks(starts[0].get("id", ""), tasks, flows)
    number = {task_id: i for i, task_id in enumerate(order, start=1)}
    moves: dict[str, set[Move]] = {task_id: set() for task_id in order}
    for source, target, kind in flows:
        if source not in number:
            continue
        if target in number:
            if kind == MoveKind.SUPPLEMENT:
                moves[source].add(Move(MoveKind.SUPPLEMENT))
            elif kind == MoveKind.BACK or (not kind and number[target] <= number[source]):
                moves[source].add(Move(MoveKind.BACK, to=number[target]))
            else:
                moves[source].add(Move(MoveKind.NEXT, to=number[target]))
        elif target in side:
            el = side[target]
            move_kind = el.get(_q(MC, "move"), "")
            if move_kind in (MoveKind.CONSULT, MoveKind.TRANSFER):
                moves[source].add(Move(move_kind, agency=el.get(_q(MC, "agency"), "").strip()))
    steps = [_step(tasks[task_id], number[task_id], len(order), tuple(moves[task_id])) for task_id in order]
    return ProcessGraph(steps=tuple(steps))


def _through_gateways(flows: list[tuple[str, str, str]], *, keep: set[str]) -> list[tuple[str, str, str]]:
    """Replace paths through gateways and intermediate events by direct flows between the kept nodes."""
    out: dict[str, list[str]] = {}
    for source, target, _kind in flows:
        out.setdefault(source, []).append(target)
    result = []
    for source, target, kind in flows:
        if source not in keep:
            continue
        if target in keep or not out.get(target):
            result.append((source, target, kind))
            continue
        seen, frontier = {target}, [target]
        while frontier:
            node = frontier.pop()
            for nxt in out.get(node, []):
                if nxt in keep:
                    result.append((source, nxt, kind))
                elif nxt not in seen:
                    seen.add(nxt)
                    frontier.append(nxt)
    return result


def _order_tasks(
    start: str, tasks: dict[str, ET.Element], flows: Iterable[tuple[str, str, str]]
) -> list[str]:
    """Return task ids in the order a dossier meets them.

    The `motcua:order` attributes when every task has one, otherwise the order of the forward flows.
    """
    explicit = {tid: el.get(_q(MC, "order")) for tid, el in tasks.items()}
    if all(v and v.isdigit() for v in explicit.values()):
        return sorted(tasks, key=lambda tid: int(explicit[tid] or 0))
    forward: dict[str, list[str]] = {}
    for source, target, kind in flows:
        if kind in ("", MoveKind.NEXT):
            forward.setdefault(source, []).append(target)
    seen: set[str] = set()
    post: list[str] = []
    stack: list[tuple[str, int]] = [(start, 0)]
    on_path: set[str] = {start}
    while stack:
        node, i = stack[-1]
        children = forward.get(node, [])
        if i < len(children):
            stack[-1] = (node, i + 1)
            child = children[i]
            if child not in seen and child not in on_path:
                on_path.add(child)
                stack.append((child, 0))
        else:
            stack.pop()
            on_path.discard(node)
            seen.add(node)
            post.append(node)
    ordered = [n for n in reversed(post) if n in tasks]
    unreachable = sorted(set(tasks) - set(ordered))
    if unreachable:
        raise InvalidInput(
            _("Bước “%(name)s” trong tệp BPMN không nối với sự kiện bắt đầu.")
            % {"name": tasks[unreachable[0]].get("name") or unreachable[0]},
            field="bpmn",
        )
    return ordered


def _step(el: ET.Element, order: int, count: int, moves: tuple[Move, ...]) -> Step:
    name = nfc(el.get("name") or "")
    kind = el.get(_q(MC, "kind")) or (
        ProcessStep.Kind.RECEIVE
        if order == 1
        else ProcessStep.Kind.RETURN
        if order == count
        else ProcessStep.Kind.APPRAISE
    )
    role = el.get(_q(MC, "role")) or str(DEFAULT_ROLES.get(kind, Role.SPECIALIST))
    raw_hours = el.get(_q(MC, "allottedHours"))
    if raw_hours is None:
        raise InvalidInput(
            _("Bước “%(name)s” chưa ghi thời gian (thuộc tính motcua:allottedHours, số giờ làm việc).")
            % {"name": name or el.get("id", "")},
            field="bpmn",
        )
    return Step(
        order=order,
        kind=kind,
        name=name,
        role=role,
        unit=nfc(el.get(_q(MC, "unit")) or ""),
        allotted_hours=parse_hours(raw_hours),
        moves=moves,
    )
