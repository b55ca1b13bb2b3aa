"""Desk and postal intake: identity checked, every paper digitised, clock started by the desk rule."""

import pytest

from conftest import pdf_upload, vn
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.dossiers.models import DailyCounter, Dossier
from motcua.dossiers.services import ApplicantDetails, PaperUpload, complete_step, receive_at_desk
from motcua.dossiers.transitions import Channel, DossierStatus
from motcua.organisations.models import ServiceCentre

pytestmark = pytest.mark.django_db

APPLICANT = ApplicantDetails(
    full_name="Lê Thị Cúc", personal_id="040185001111", phone="0911222333", address="Phường Vinh Hưng"
)


def _receive(demo, *, at, centre=None, personal_id="040185001111", **kwargs):
    centre = centre or ServiceCentre.objects.get(electronic_id="000.01.01.H41")
    paper = demo.version.papers.get(order=1)
    details = ApplicantDetails(
        full_name=APPLICANT.full_name,
        personal_id=personal_id,
        phone=APPLICANT.phone,
        address=APPLICANT.address,
    )
    return receive_at_desk(
        version=demo.version,
        centre=centre,
        actor=demo.tiepnhan,
        details=details,
        request_summary="Bản sao trích lục kết hôn",
        papers=[PaperUpload(paper=paper, upload=pdf_upload())],
        at=at,
        **kwargs,
    )


def test_desk_receipt_before_three_pm_starts_the_clock_at_once(demo):
    dossier = _receive(demo, at=vn(2026, 3, 2, 14, 30))
    assert dossier.status == DossierStatus.RECEIVED
    assert dossier.channel == Channel.COUNTER
    assert dossier.clock_started_at == vn(2026, 3, 2, 14, 30)
    assert dossier.due_at == vn(2026, 3, 2, 17, 0)
    assert dossier.current_step.kind == "appraise"
    component = dossier.components.get()
    assert component.digitised.holder_id == "040185001111"
    assert component.digitised.digitised_by == demo.tiepnhan
    assert DailyCounter.objects.get().received_counter == 1


def test_desk_receipt_after_three_pm_starts_next_working_morning(demo):
    # Decree 118 Art 18(2): Friday 15:20 at the desk → Monday 07:00; same-day limit → Monday 17:00
    dossier = _receive(demo, at=vn(2026, 3, 6, 15, 20))
    assert dossier.clock_started_at == vn(2026, 3, 9, 7, 0)
    assert dossier.due_at == vn(2026, 3, 9, 17, 0)


def test_postal_receipt_has_no_cutoff_and_post_delivery_needs_an_address(demo):
    with pytest.raises(InvalidInput, match="địa chỉ nhận kết quả"):
        _receive(demo, at=vn(2026, 3, 6, 15, 20), channel=Channel.POSTAL, delivery="post")
    dossier = _receive(
        demo,
        at=vn(2026, 3, 6, 15, 20),
        channel=Channel.POSTAL,
        delivery="post",
        delivery_address="Số 1 Lê Lợi, Vinh",
    )
    assert dossier.clock_started_at == vn(2026, 3, 6, 15, 20)


def test_invalid_personal_number_is_refused_and_nothing_is_written(demo):
    with pytest.raises(InvalidInput, match="12 chữ số"):
        _receive(demo, at=vn(2026, 3, 2, 9), personal_id="12345")
    assert not Dossier.objects.exists()


def test_officer_of_another_centre_cannot_receive_there(demo):
    other = ServiceCentre.objects.exclude(electronic_id="000.01.01.H41").first()
    with pytest.raises(NotAllowed):
        _receive(demo, at=vn(2026, 3, 2, 9), centre=other)


def test_result_returns_at_the_chosen_return_centre(demo):
    commune_centre = ServiceCentre.objects.get(electronic_id="000.01.61.H41")
    dossier = _receive(demo, at=vn(2026, 3, 2, 9), return_centre=commune_centre)
    for username in ("chuyenvien", "lanhdao", "vanthu"):
        dossier = complete_step(dossier=dossier, actor=demo.users[username], at=vn(2026, 3, 2, 10))
    with pytest.raises(NotAllowed):
        complete_step(dossier=dossier, actor=demo.tiepnhan, at=vn(2026, 3, 2, 11))
    dossier = complete_step(dossier=dossier, actor=demo.users["tiepnhan_xa"], at=vn(2026, 3, 2, 11))
    assert dossier.status == DossierStatus.RETURNED
