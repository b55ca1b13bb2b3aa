"""The step graph of an internal process and the rules it must meet (Decree 118/2025/NĐ-CP Art 38(1)(d))."""

from dataclasses import replace
from decimal import Decimal

import pytest

from motcua.catalog import graph as g
from motcua.catalog.limits import days_cut, limit_in_hours
from motcua.core.errors import InvalidInput

from .conftest import steps


def _messages(graph, limit="40", **kw):
    return g.describe(g.validate(graph, limit_hours=Decimal(limit) if limit else None, **kw))


def test_a_linear_process_within_the_limit_is_valid():
    assert g.validate(steps("4", "30", "4"), limit_hours=Decimal(40)) == []


def test_allotments_over_the_legal_limit_are_refused_with_the_longest_path():
    messages = _messages(steps("4", "40", "4"), limit="40")
    assert len(messages) == 1
    assert "48 giờ làm việc" in messages[0]
    assert "bước 1 → 2 → 3" in messages[0]
    assert "40 giờ làm việc" in messages[0]


def test_the_longest_branch_counts_not_the_sum_of_all_steps():
    graph = steps("1", "6", "10", "1")
    # step 2 may skip step 3: the longest path is 1 → 2 → 3 → 4 = 18 h, not more
    branched = replace(
        graph,
        steps=tuple(
            replace(s, moves=(*s.moves, g.Move("next", to=4))) if s.order == 2 else s for s in graph.steps
        ),
    )
    hours, path = branched.longest_path()
    assert (hours, path) == (Decimal(18), (1, 2, 3, 4))
    assert g.validate(branched, limit_hours=Decimal(18)) == []


def test_a_step_without_a_way_forward_never_reaches_result_return():
    graph = steps("1", "2", "1")
    stuck = replace(graph, steps=tuple(replace(s, moves=()) if s.order == 2 else s for s in graph.steps))
    messages = _messages(stuck)
    assert any("chưa có bước tiếp theo" in m and m.startswith("Bước 2") for m in messages)


def test_a_step_nothing_leads_to_is_reported():
    graph = steps("1", "2", "2", "1")
    orphan = replace(
        graph,
        steps=tuple(replace(s, moves=(g.Move("next", to=4),)) if s.order == 2 else s for s in graph.steps),
    )
    assert any(m.startswith("Bước 3") and "Không có đường nào" in m for m in _messages(orphan))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: replace(s, kind="appraise") if s.order == 1 else s,
            "Bước đầu tiên phải là bước tiếp nhận",
        ),
        (
            lambda s: replace(s, kind="approve", role="leader") if s.order == 3 else s,
            "kết thúc bằng bước trả kết quả",
        ),
        (lambda s: replace(s, role="specialist") if s.order == 1 else s, "do cán bộ một cửa thực hiện"),
        (lambda s: replace(s, allotted_hours=Decimal(-1)) if s.order == 2 else s, "không được âm"),
        (lambda s: replace(s, name="") if s.order == 2 else s, "chưa có tên"),
        (
            lambda s: replace(s, moves=(*s.moves, g.Move("back", to=3))) if s.order == 2 else s,
            "trả lại một bước đứng trước",
        ),
        (lambda s: replace(s, moves=(g.Move("next", to=1),)) if s.order == 2 else s, "phải là một bước sau"),
        (
            lambda s: replace(s, moves=(*s.moves, g.Move("supplement"))) if s.order == 3 else s,
            "Chỉ bước tiếp nhận hoặc thẩm định",
        ),
        (
            lambda s: replace(s, moves=(*s.moves, g.Move("consult"))) if s.order == 2 else s,
            "Cần chọn cơ quan",
        ),
        (
            lambda s: (
                replace(s, moves=(*s.moves, g.Move("transfer", agency="000.00.12.H41")))
                if s.order == 2
                else s
            ),
            "chính cơ quan",
        ),
    ],
)
def test_each_rule_has_a_clear_vietnamese_message(change, expected):
    graph = steps("1", "2", "1")
    broken = g.ProcessGraph(steps=tuple(change(s) for s in graph.steps))
    assert any(expected in m for m in _messages(broken, own_agency="000.00.12.H41")), _messages(broken)


def test_duplicate_or_gapped_orders_are_refused():
    graph = steps("1", "2", "1")
    gapped = g.ProcessGraph(steps=tuple(replace(s, order=s.order * 2) for s in graph.steps))
    assert "đánh số liên tiếp" in _messages(gapped)[0]


def test_an_empty_process_is_refused():
    assert _messages(g.ProcessGraph()) == ["Quy trình chưa có bước nào."]


def test_unknown_consulted_agency_is_reported():
    graph = steps("1", "2", "1")
    consult = g.ProcessGraph(
        steps=tuple(
            replace(s, moves=(*s.moves, g.Move("consult", agency="000.00.99.H41"))) if s.order == 2 else s
            for s in graph.steps
        )
    )
    assert any("000.00.99.H41" in m for m in _messages(consult, known_agencies=[]))


def test_json_round_trip_keeps_every_move():
    graph = steps("0.5", "5.5", "1", "0.5")
    graph = g.ProcessGraph(
        steps=tuple(
            replace(s, moves=(*s.moves, g.Move("supplement"), g.Move("consult", agency="000.00.06.H41")))
            if s.order == 2
            else s
            for s in graph.steps
        )
    )
    assert g.ProcessGraph.from_json(graph.to_json()) == graph


def test_malformed_json_raises_invalid_input():
    with pytest.raises(InvalidInput, match="không đúng định dạng"):
        g.ProcessGraph.from_json({"steps": "x"})
    with pytest.raises(InvalidInput, match="không phải là số giờ"):
        g.ProcessGraph.from_json({"steps": [{"order": 1, "allotted_hours": "abc"}]})


@pytest.mark.parametrize(
    ("limit", "unit", "hours"),
    [
        ("5", "working_days", 40),
        ("6", "working_hours", 6),
        ("0", "same_day", 8),
        ("30", "calendar_days", 168),
    ],
)
def test_legal_limits_in_working_hours(limit, unit, hours):
    assert limit_in_hours(Decimal(limit), unit) == hours


@pytest.mark.parametrize(
    ("before", "after", "cut"),
    [
        (("3", "working_days"), ("1", "working_days"), "2"),
        (("3", "working_days"), ("0", "same_day"), "2"),
        (("16", "working_hours"), ("1", "working_days"), "1"),
        (("15", "calendar_days"), ("10", "calendar_days"), "5"),
        (("14", "calendar_days"), ("7", "working_days"), "3"),
        (("1", "working_days"), ("3", "working_days"), "0"),
    ],
)
def test_days_cut_compares_limits_in_comparable_days(before, after, cut):
    result = days_cut(before=(Decimal(before[0]), before[1]), after=(Decimal(after[0]), after[1]))
    assert result == Decimal(cut)
