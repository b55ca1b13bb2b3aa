"""BPMN 2.0 exchange of internal processes; unsafe or malformed XML is refused with a clear message."""

from dataclasses import replace
from decimal import Decimal

import pytest

from motcua.catalog import bpmn
from motcua.catalog import graph as g
from motcua.catalog.diagram import render_svg
from motcua.core.errors import InvalidInput

from .conftest import steps


def _rich():
    graph = steps("0.5", "5.5", "1", "0.5")
    return g.ProcessGraph(
        steps=tuple(
            replace(
                s,
                unit="Phòng Hộ tịch",
                moves=(*s.moves, g.Move("supplement"), g.Move("consult", agency="000.00.06.H41")),
            )
            if s.order == 2
            else replace(s, kind="approve", role="leader", moves=(*s.moves, g.Move("back", to=2)))
            if s.order == 3
            else s
            for s in graph.steps
        )
    )


def test_export_then_import_gives_back_the_same_process():
    graph = _rich()
    xml = bpmn.export_bpmn(graph, process_id="1.001193", name="Đăng ký khai sinh")
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"bpmn:definitions" in xml
    assert b"bpmndi:BPMNShape" in xml
    assert bpmn.import_bpmn(xml) == graph


def test_a_process_drawn_in_another_tool_is_read_in_flow_order():
    xml = b"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:m="urn:motcua:bpmn:1" id="d">
  <process id="p">
    <startEvent id="s"/>
    <task id="b" name="Th\xe1\xba\xa9m \xc4\x91\xe1\xbb\x8bnh" m:allottedHours="4"/>
    <task id="a" name="Ti\xe1\xba\xbfp nh\xe1\xba\xadn" m:allottedHours="1"/>
    <exclusiveGateway id="gw"/>
    <task id="c" name="Tr\xe1\xba\xa3 k\xe1\xba\xbft qu\xe1\xba\xa3" m:allottedHours="1"/>
    <endEvent id="e"/>
    <sequenceFlow id="f1" sourceRef="s" targetRef="a"/>
    <sequenceFlow id="f2" sourceRef="a" targetRef="b"/>
    <sequenceFlow id="f3" sourceRef="b" targetRef="gw"/>
    <sequenceFlow id="f4" sourceRef="gw" targetRef="c"/>
    <sequenceFlow id="f5" sourceRef="gw" targetRef="a"/>
    <sequenceFlow id="f6" sourceRef="c" targetRef="e"/>
  </process>
</definitions>"""
    graph = bpmn.import_bpmn(xml)
    assert [(s.order, s.name, s.kind, s.role) for s in graph.steps] == [
        (1, "Tiếp nhận", "receive", "desk_officer"),
        (2, "Thẩm định", "appraise", "specialist"),
        (3, "Trả kết quả", "return", "desk_officer"),
    ]
    assert graph.steps[1].targets("next") == (3,)
    assert graph.steps[1].targets("back") == (1,)
    assert g.validate(graph, limit_hours=Decimal(8)) == []


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        (b"", "rỗng"),
        (b"<definitions", "không phải XML hợp lệ"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>', "DOCTYPE"),
        (b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>', "DOCTYPE"),
        (b"<root/>", "không phải BPMN 2.0"),
        (b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"/>', "đúng một quy trình"),
        (
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL">'
            b'<process id="p"><startEvent id="s"/><task id="a" name="X"/>'
            b'<sequenceFlow id="f" sourceRef="s" targetRef="a"/></process></definitions>',
            "chưa ghi thời gian",
        ),
        (
            b'<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:m="urn:motcua:bpmn:1">'
            b'<process id="p"><startEvent id="s"/><task id="a" name="X" m:allottedHours="1"/>'
            b'<task id="z" name="Lac" m:allottedHours="1"/>'
            b'<sequenceFlow id="f" sourceRef="s" targetRef="a"/></process></definitions>',
            "không nối với sự kiện bắt đầu",
        ),
    ],
)
def test_bad_files_are_refused_with_a_vietnamese_message(xml, message):
    with pytest.raises(InvalidInput, match=message):
        bpmn.import_bpmn(xml)


def test_oversized_files_are_refused():
    with pytest.raises(InvalidInput, match="1 MB"):
        bpmn.import_bpmn(b" " * (bpmn.MAX_BYTES + 1) + b"<x/>")


def test_the_svg_escapes_text_and_describes_every_step():
    graph = _rich()
    hostile = g.ProcessGraph(
        steps=tuple(
            replace(s, name='<script>alert("x")</script>') if s.order == 1 else s for s in graph.steps
        )
    )
    svg = render_svg(hostile, agency_names={"000.00.06.H41": "Sở Xây dựng"}, title="Quy trình & thử")
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Quy trình &amp; thử" in svg
    assert "Sở Xây dựng" in svg
    assert "Lấy ý kiến" in svg
    assert "trả lại" in svg
    assert "bổ sung" in svg
    assert svg.count("<rect") == len(graph.steps) + 1
