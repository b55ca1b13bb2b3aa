"""The generated e-form: fields per kind, validation, delivery, papers picked from the data store, drafts."""

import io

from django.urls import reverse

import pytest

from conftest import MINIMAL_PDF, pdf_upload, vn
from motcua.catalog.models import FormField, Procedure
from motcua.catalog.services import set_form_fields
from motcua.catalog.specs import FormFieldSpec
from motcua.core.errors import InvalidInput, NotAllowed
from motcua.documents.models import ReuseRecord, StoredFile
from motcua.documents.services import add_to_data_store, digitise_paper
from motcua.dossiers.models import Delivery, Dossier, SubmissionDraft
from motcua.dossiers.services import ApplicantDetails, PaperUpload, PickedPaper, submit_dossier

pytestmark = pytest.mark.django_db

BIRTH = "1.001193"  # full online, commune level, an e-form of every kind (demo data)
CERTIFY = "2.000815"  # partly online, no e-form


def _version(code):
    return Procedure.objects.get(code=code).versions.get()


def _pdf(name="giay-to.pdf"):
    f = io.BytesIO(MINIMAL_PDF)
    f.name = name
    return f


ANSWERS = {
    "f_ho_ten_tre": "Nguyễn Minh Khang",
    "f_ngay_sinh": "2026-02-20",
    "f_gioi_tinh": "Nam",
    "f_noi_sinh": "Bệnh viện Sản Nhi Nghệ An",
    "f_dan_toc": "Kinh",
    "f_ho_ten_me": "Trần Thị Bình",
    "f_quan_he": "Cha",
    "f_dung_han": "yes",
    "f_so_ban_sao": "2",
}


def _post(version, *, uploads=True, **changes):
    data = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "040095001234",
        "phone": "0912345678",
        "email": "",
        "address": "Số 5 Lê Lợi",
        "request_summary": "Đăng ký khai sinh cho con",
        "copies": "1",
        "action": "submit",
        **ANSWERS,
    }
    if uploads:
        for paper in version.papers.filter(is_required=True):
            data[f"paper_{paper.pk}"] = _pdf()
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _store_item(citizen, title="Giấy chứng sinh", at=None):
    paper = digitise_paper(
        upload=pdf_upload("giay-chung-sinh.pdf"),
        title=title,
        holder_name=citizen.full_name,
        holder_id=citizen.personal_id,
        actor=None,
        at=at or vn(2026, 1, 5, 9, 0),
    )
    return add_to_data_store(holder_id=citizen.personal_id, paper=paper, at=at or vn(2026, 1, 5, 9, 0))


def _counts():
    return (Dossier.objects.count(), StoredFile.objects.count(), ReuseRecord.objects.count())


def _submit_url(code):
    return reverse("portal:submit", args=[code])


# --- the generated form -----------------------------------------------------------------------


def test_the_form_has_a_widget_per_field_kind(client, demo):
    client.force_login(demo.congdan)
    html = client.get(_submit_url(BIRTH)).content.decode()
    assert "2. Tờ khai điện tử" in html
    assert 'type="date" min="1900-01-01"' in html
    assert 'name="f_ngay_sinh"' in html
    assert 'type="radio" name="f_gioi_tinh"' in html
    assert 'type="radio" name="f_dung_han"' in html
    assert 'name="f_so_ban_sao"' in html
    assert 'inputmode="decimal"' in html
    assert "Luật Hộ tịch 2014, Điều 15" in html  # help text
    assert 'value="online"' in html  # fully online: the result may be returned online


def test_an_optional_choice_can_be_left_unanswered(client, demo):
    client.force_login(demo.congdan)
    html = client.get(_submit_url("2.000635")).content.decode()
    select = html[html.index('name="f_loai_trich_luc"') :]
    assert select.index('<option value="">— Chọn —</option>') < select.index("Trích lục khai sinh")


def test_a_version_without_fields_shows_todays_form(client, demo):
    client.force_login(demo.congdan)
    html = client.get(_submit_url(CERTIFY)).content.decode()
    assert "Tờ khai điện tử" not in html
    assert 'name="request_summary"' in html
    assert 'value="online"' not in html  # partly online: desk or post only


def test_answers_are_stored_on_the_dossier_in_their_shapes(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    response = client.post(_submit_url(BIRTH), _post(version, f_so_ban_sao="2,0"))
    dossier = Dossier.objects.get(applicant=demo.congdan)
    assert response["Location"] == reverse("portal:my-dossier", args=[dossier.code])
    assert dossier.form_data == {
        "ho_ten_tre": "Nguyễn Minh Khang",
        "ngay_sinh": "2026-02-20",
        "gioi_tinh": "Nam",
        "noi_sinh": "Bệnh viện Sản Nhi Nghệ An",
        "dan_toc": "Kinh",
        "ho_ten_me": "Trần Thị Bình",
        "quan_he": "Cha",
        "dung_han": True,
        "so_ban_sao": "2",
    }
    assert ("Ngày, tháng, năm sinh", "20/02/2026") in dossier.form_answers()
    assert dossier.delivery == Delivery.DESK


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"f_ho_ten_tre": ""}, "f_ho_ten_tre", "Vui lòng điền mục này."),
        ({"f_ngay_sinh": "31/02/2026"}, "f_ngay_sinh", "Ngày không hợp lệ"),
        ({"f_ngay_sinh": "1850-01-01"}, "f_ngay_sinh", "từ năm 1900 đến năm 2100"),
        ({"f_gioi_tinh": "Khác"}, "f_gioi_tinh", "Lựa chọn không hợp lệ."),
        ({"f_gioi_tinh": None}, "f_gioi_tinh", "Vui lòng chọn một mục."),
        ({"f_dung_han": None}, "f_dung_han", "Vui lòng chọn một mục."),
        ({"f_so_ban_sao": "hai"}, "f_so_ban_sao", "Vui lòng nhập một số."),
        ({"f_dan_toc": "x" * 51}, "f_dan_toc", "Tối đa 50 ký tự (hiện có 51)."),
    ],
)
def test_a_wrong_answer_is_refused_with_a_vietnamese_error_and_nothing_written(
    client, demo, changes, field, message
):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    before = _counts()
    response = client.post(_submit_url(BIRTH), _post(version, **changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert f'id="id_{field}-error"' in response.content.decode()
    assert _counts() == before


def test_the_service_refuses_answers_the_form_did_not_check(demo):
    version = _version(BIRTH)
    papers = [PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)]
    before = _counts()
    with pytest.raises(InvalidInput, match="Giới tính"):
        submit_dossier(
            version=version,
            applicant=demo.congdan,
            details=ApplicantDetails(full_name="Nguyễn Văn An"),
            request_summary="",
            papers=papers,
            form_data={**{k[2:]: v for k, v in ANSWERS.items()}, "gioi_tinh": "Khác", "dung_han": True},
            at=vn(2026, 3, 2, 8, 0),
        )
    assert _counts() == before


# --- delivery ---------------------------------------------------------------------------------


def test_post_delivery_needs_an_address(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    before = _counts()
    response = client.post(_submit_url(BIRTH), _post(version, delivery="post", delivery_address=" "))
    assert "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính." in response.content.decode()
    assert _counts() == before
    client.post(_submit_url(BIRTH), _post(version, delivery="post", delivery_address="Xóm 3, xã Anh Sơn"))
    dossier = Dossier.objects.get(applicant=demo.congdan)
    assert (dossier.delivery, dossier.delivery_address) == ("post", "Xóm 3, xã Anh Sơn")


def test_an_address_is_not_kept_for_desk_delivery(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), _post(version, delivery="desk", delivery_address="Số 5 Lê Lợi"))
    assert Dossier.objects.get(applicant=demo.congdan).delivery_address == ""


def test_online_delivery_only_for_fully_online_procedures(client, demo):
    version = _version(CERTIFY)
    client.force_login(demo.congdan)
    data = {
        "full_name": "Nguyễn Văn An",
        "personal_id": "040095001234",
        "phone": "0912345678",
        "address": "Số 5 Lê Lợi",
        "request_summary": "Chứng thực bản sao",
        "copies": "1",
        "delivery": "online",
        **{f"paper_{p.pk}": _pdf() for p in version.papers.filter(is_required=True)},
    }
    response = client.post(_submit_url(CERTIFY), data)
    assert "Lựa chọn không hợp lệ." in response.content.decode()
    assert not Dossier.objects.exists()
    with pytest.raises(InvalidInput, match="Hình thức nhận kết quả"):
        submit_dossier(
            version=version,
            applicant=demo.congdan,
            details=ApplicantDetails(full_name="Nguyễn Văn An"),
            request_summary="",
            papers=[
                PaperUpload(paper=p, upload=pdf_upload()) for p in version.papers.filter(is_required=True)
            ],
            delivery=Delivery.ONLINE,
            at=vn(2026, 3, 2, 8, 0),
        )
    assert not Dossier.objects.exists()


# --- papers from the data store ---------------------------------------------------------------


def test_a_picked_paper_points_at_the_stored_file_and_its_reuse_is_recorded(client, demo):
    version = _version(BIRTH)
    item = _store_item(demo.congdan)
    birth_certificate = version.papers.get(order=2)
    client.force_login(demo.congdan)
    html = client.get(_submit_url(BIRTH)).content.decode()
    assert "Giấy chứng sinh – Giấy tờ số hóa (05/01/2026)" in html
    files_before = StoredFile.objects.count()
    data = _post(version)
    del data[f"paper_{birth_certificate.pk}"]
    data[f"pick_{birth_certificate.pk}"] = str(item.pk)
    response = client.post(_submit_url(BIRTH), data)
    assert response.status_code == 302
    dossier = Dossier.objects.get(applicant=demo.congdan)
    component = dossier.components.get(required_paper=birth_certificate)
    assert component.file_id == item.paper.file_id  # the same stored file, not a copy
    assert (component.reused_item, component.digitised) == (item, item.paper)
    assert StoredFile.objects.count() == files_before + 1  # only the uploaded declaration is new
    assert ReuseRecord.objects.get(item=item).dossier_code == dossier.code


def test_picking_another_persons_item_is_refused_and_writes_nothing(client, demo):
    version = _version(BIRTH)
    _store_item(demo.congdan)
    theirs = _store_item(demo.congdan2, title="Giấy khai sinh của người khác")
    paper = version.papers.get(order=2)
    client.force_login(demo.congdan)
    assert "Giấy khai sinh của người khác" not in client.get(_submit_url(BIRTH)).content.decode()
    before = _counts()
    data = _post(version)
    del data[f"paper_{paper.pk}"]
    data[f"pick_{paper.pk}"] = str(theirs.pk)
    response = client.post(_submit_url(BIRTH), data)
    assert "không thuộc kho dữ liệu của bạn" in response.content.decode()
    assert _counts() == before
    # saving it into a draft is refused too
    draft = {"action": "draft", "f_ho_ten_tre": "Khang", f"pick_{paper.pk}": str(theirs.pk)}
    response = client.post(_submit_url(BIRTH), draft, follow=True)
    assert "không thuộc kho dữ liệu của bạn" in response.content.decode()
    assert not SubmissionDraft.objects.exists()
    assert _counts() == before
    # and the service refuses it whatever the caller
    with pytest.raises(NotAllowed):
        submit_dossier(
            version=version,
            applicant=demo.congdan,
            details=ApplicantDetails(full_name="Nguyễn Văn An"),
            request_summary="",
            papers=[
                PaperUpload(paper=version.papers.get(order=1), upload=pdf_upload()),
                PickedPaper(paper=paper, item=theirs),
            ],
            at=vn(2026, 3, 2, 8, 0),
        )
    assert _counts() == before


def test_a_paper_cannot_be_both_uploaded_and_picked(client, demo):
    version = _version(BIRTH)
    item = _store_item(demo.congdan)
    paper = version.papers.get(order=2)
    client.force_login(demo.congdan)
    response = client.post(_submit_url(BIRTH), _post(version, **{f"pick_{paper.pk}": str(item.pk)}))
    assert "Chỉ chọn một cách" in response.content.decode()
    assert not Dossier.objects.exists()


def test_a_missing_paper_can_be_picked_instead_of_uploaded(client, demo):
    version = _version(BIRTH)
    _store_item(demo.congdan)
    client.force_login(demo.congdan)
    response = client.post(_submit_url(BIRTH), _post(version, uploads=False))
    assert "Vui lòng tải lên giấy tờ này hoặc chọn từ kho dữ liệu của bạn." in response.content.decode()


# --- drafts through the page ------------------------------------------------------------------


def test_a_draft_is_saved_resumed_and_deleted_on_submission(client, demo):
    version = _version(BIRTH)
    item = _store_item(demo.congdan)
    declaration, certificate = version.papers.get(order=1), version.papers.get(order=2)
    client.force_login(demo.congdan)
    partial = {
        "action": "draft",
        "full_name": "Nguyễn Văn An",
        "f_ho_ten_tre": "Nguyễn Minh Khang",
        "f_ngay_sinh": "2026-02-",  # half typed: a draft keeps it as it is
        "f_gioi_tinh": "Nam",
        f"pick_{certificate.pk}": str(item.pk),
        f"paper_{declaration.pk}": _pdf("to-khai.pdf"),
    }
    response = client.post(_submit_url(BIRTH), partial, follow=True)
    assert "Đã lưu nháp lúc" in response.content.decode()
    assert not Dossier.objects.exists()
    draft = SubmissionDraft.objects.get(applicant=demo.congdan, version=version)
    assert draft.answers["f_ngay_sinh"] == "2026-02-"
    # resumed: values, pick and the kept file are back
    html = client.get(_submit_url(BIRTH)).content.decode()
    assert 'data-testid="draft-notice"' in html
    assert 'value="Nguyễn Minh Khang"' in html
    assert f'<option value="{item.pk}" selected>' in html
    assert "Đã lưu trong bản nháp:" in html
    assert "to-khai.pdf" in html
    # the procedure page and "my dossiers" offer to continue
    assert (
        "Tiếp tục hồ sơ đang soạn" in client.get(reverse("portal:procedure", args=[BIRTH])).content.decode()
    )
    assert "Tiếp tục hồ sơ đang soạn" in client.get(reverse("portal:my-dossiers")).content.decode()
    # submitted without sending the declaration again: the draft's file is used, the draft goes
    data = _post(version, uploads=False, **{f"pick_{certificate.pk}": str(item.pk)})
    response = client.post(_submit_url(BIRTH), data)
    assert response.status_code == 302, response.context["form"].errors
    dossier = Dossier.objects.get(applicant=demo.congdan)
    assert dossier.components.get(required_paper=declaration).file.original_name == "to-khai.pdf"
    assert not SubmissionDraft.objects.exists()
    assert "Tiếp tục hồ sơ đang soạn" not in client.get(reverse("portal:my-dossiers")).content.decode()


def test_a_draft_is_never_shown_to_another_citizen(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), {"action": "draft", "f_ho_ten_tre": "Bé Khang bí mật"})
    assert SubmissionDraft.objects.filter(applicant=demo.congdan, version=version).exists()
    client.force_login(demo.congdan2)
    assert "Bé Khang bí mật" not in client.get(_submit_url(BIRTH)).content.decode()
    assert "Tiếp tục hồ sơ đang soạn" not in client.get(reverse("portal:my-dossiers")).content.decode()
    assert (
        "Tiếp tục hồ sơ đang soạn"
        not in client.get(reverse("portal:procedure", args=[BIRTH])).content.decode()
    )
    # discarding from another account does not touch it
    client.post(_submit_url(BIRTH), {"action": "discard"})
    assert SubmissionDraft.objects.filter(applicant=demo.congdan).exists()


def test_a_bad_file_in_a_draft_saves_nothing(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    fake = io.BytesIO(b"not a pdf")
    fake.name = "gia.pdf"
    response = client.post(
        _submit_url(BIRTH),
        {"action": "draft", "f_ho_ten_tre": "Khang", f"paper_{version.papers.get(order=1).pk}": fake},
    )
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert 'value="Khang"' in response.content.decode()  # what was typed is shown again
    assert not SubmissionDraft.objects.exists()


def test_discarding_a_draft_deletes_it(client, demo):
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), {"action": "draft", "f_ho_ten_tre": "Khang"})
    response = client.post(_submit_url(BIRTH), {"action": "discard"}, follow=True)
    assert "Đã xóa bản nháp" in response.content.decode()
    assert not SubmissionDraft.objects.exists()


# --- the staff page ---------------------------------------------------------------------------


def test_the_staff_dossier_page_shows_the_answers_and_delivery(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), _post(version, delivery="post", delivery_address="Xóm 3, xã Anh Sơn"))
    dossier = Dossier.objects.get(applicant=demo.congdan)
    client.force_login(demo.users["tiepnhan_xa"])
    html = client.get(reverse("workspace:dossier", args=[dossier.code])).content.decode()
    assert "Tờ khai điện tử" in html
    assert "Nguyễn Minh Khang" in html
    assert "20/02/2026" in html
    assert "Đăng ký trong 60 ngày kể từ ngày sinh" in html
    assert "Nhận qua dịch vụ bưu chính – Xóm 3, xã Anh Sơn" in html


# --- the e-form of a version in use -----------------------------------------------------------


def test_the_form_of_a_version_in_use_cannot_be_changed(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), _post(version))
    assert Dossier.objects.filter(procedure_version=version).exists()
    before = list(version.form_fields.values_list("key", flat=True))
    with pytest.raises(NotAllowed, match="công bố phiên bản mới"):
        set_form_fields(version=version, fields=[FormFieldSpec(key="a", label="A")], actor=None)
    assert list(version.form_fields.values_list("key", flat=True)) == before
    client.force_login(demo.users["quantri"])
    page = client.get(reverse("admin:catalog_procedureversion_change", args=[version.pk]))
    assert page.status_code == 200
    inline = next(i for i in page.context["inline_admin_formsets"] if i.formset.model is FormField)
    assert not inline.has_change_permission
    assert not inline.has_add_permission


def test_a_draft_does_not_lock_the_form_of_a_version(client, demo):
    version = _version(BIRTH)
    client.force_login(demo.congdan)
    client.post(_submit_url(BIRTH), {"action": "draft", "f_ho_ten_tre": "Khang"})
    set_form_fields(version=version, fields=[FormFieldSpec(key="ho_ten_tre", label="Họ tên")], actor=None)
    assert list(version.form_fields.values_list("label", flat=True)) == ["Họ tên"]
