"""Editing and approving internal processes; dossiers keep the steps they follow (Art 38(1)(d))."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from conftest import vn
from motcua.catalog import graph as g
from motcua.catalog.models import ProcedureVersion, ProcessApproval, ProcessStep
from motcua.catalog.services import (
    approve_process,
    discard_process_draft,
    publish_version,
    save_process_draft,
)
from motcua.catalog.specs import graph_of
from motcua.core.errors import InvalidInput

from .conftest import AT, make_spec, steps

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(demo, publication, approval):
    return publish_version(
        spec=make_spec(), decision=publication, process_decision=approval, actor=None, at=AT
    )


def test_a_valid_draft_is_kept_and_the_approved_steps_stay(version, demo):
    save_process_draft(version=version, graph=steps("4", "20", "4"), actor=demo.quantri, at=AT)
    version.process.refresh_from_db()
    assert g.ProcessGraph.from_json(version.process.draft) == steps("4", "20", "4")
    assert [s.allotted_hours for s in version.process.steps.order_by("order")] == [4, 30, 4]
    assert version.process.draft_updated_by == demo.quantri


def test_a_draft_over_the_legal_limit_is_refused_and_nothing_written(version, demo):
    with pytest.raises(InvalidInput, match="vượt thời hạn giải quyết"):
        save_process_draft(version=version, graph=steps("4", "40", "4"), actor=demo.quantri, at=AT)
    version.process.refresh_from_db()
    assert version.process.draft is None


def test_approval_replaces_steps_of_a_version_no_dossier_follows(version, demo, approval):
    save_process_draft(version=version, graph=steps("2", "10", "10", "2"), actor=demo.quantri, at=AT)
    result = approve_process(version=version, decision=approval, actor=demo.quantri, at=AT)
    assert result == version
    assert [s.allotted_hours for s in version.process.steps.order_by("order")] == [2, 10, 10, 2]
    version.process.refresh_from_db()
    assert version.process.draft is None
    assert ProcessApproval.objects.filter(process=version.process).count() == 2


def test_approval_of_a_process_dossiers_follow_publishes_a_new_version(demo, submit, approval):
    dossier = submit(at=vn(2026, 3, 2, 8, 0))
    old = demo.version
    old_steps = list(ProcessStep.objects.filter(process__version=old).values_list("pk", flat=True))
    graph = graph_of(old)
    lighter = g.ProcessGraph(steps=tuple(replace(s, allotted_hours=Decimal("1")) for s in graph.steps))
    new = approve_process(version=old, decision=approval, actor=demo.quantri, at=AT, graph=lighter)
    assert new != old
    assert new.number == old.number + 1
    assert new.effective_from == max(approval.effective_from, old.effective_from)
    assert list(ProcessStep.objects.filter(process__version=old).values_list("pk", flat=True)) == old_steps
    dossier.refresh_from_db()
    assert dossier.procedure_version_id == old.pk
    assert [s.allotted_hours for s in new.process.steps.all()] == [1] * len(graph.steps)
    assert new.process.approval == approval
    assert [p.name for p in new.papers.order_by("order")] == [p.name for p in old.papers.order_by("order")]


def test_only_the_latest_version_can_be_edited(version, demo, amendment, approval):
    newer = publish_version(
        spec=make_spec(time_limit=Decimal(6), effective_from=date(2026, 3, 1), process=None),
        decision=amendment,
        actor=None,
        at=AT,
    )
    assert newer.number == 2
    with pytest.raises(InvalidInput, match="phiên bản mới nhất"):
        save_process_draft(version=version, graph=steps("4", "20", "4"), actor=demo.quantri, at=AT)


def test_a_publication_decision_cannot_approve_a_process(version, demo, publication):
    with pytest.raises(InvalidInput, match="phê duyệt quy trình"):
        approve_process(
            version=version, decision=publication, actor=demo.quantri, at=AT, graph=steps("4", "4", "4")
        )


def test_approving_without_a_draft_is_refused(version, demo, approval):
    with pytest.raises(InvalidInput, match="Chưa có bản nháp"):
        approve_process(version=version, decision=approval, actor=demo.quantri, at=AT)


def test_discarding_a_draft_keeps_the_approved_steps(version, demo):
    save_process_draft(version=version, graph=steps("4", "20", "4"), actor=demo.quantri, at=AT)
    discard_process_draft(version=version, actor=demo.quantri)
    version.process.refresh_from_db()
    assert version.process.draft is None
    assert version.process.steps.count() == 3


def test_consulted_agencies_must_exist(version, demo):
    graph = steps("4", "20", "4")
    graph = g.ProcessGraph(
        steps=tuple(
            replace(s, moves=(*s.moves, g.Move("consult", agency="000.00.98.H41"))) if s.order == 2 else s
            for s in graph.steps
        )
    )
    with pytest.raises(InvalidInput, match=r"000\.00\.98\.H41"):
        save_process_draft(version=version, graph=graph, actor=demo.quantri, at=AT)
    assert ProcedureVersion.objects.get(pk=version.pk).process.draft is None
