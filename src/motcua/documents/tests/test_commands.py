"""`motcua create_demo_ca` and `motcua verify_pdf`."""

from __future__ import annotations

from datetime import UTC, datetime
from io import StringIO

from django.core.management import call_command

import pytest

from motcua.documents import services
from motcua.documents.models import SigningKey
from motcua.documents.tests.test_results import draft, signed_bytes

pytestmark = pytest.mark.django_db


def test_create_demo_ca_gives_agencies_and_staff_keys_that_sign(demo, justice, settings, tmp_path):
    settings.MOTCUA_TRUSTED_ROOTS = []
    out = StringIO()
    call_command("create_demo_ca", dir=str(tmp_path), stdout=out)
    assert (tmp_path / "demo-root.pem").is_file()
    assert (tmp_path / "demo-root-key.pem").stat().st_mode & 0o077 == 0  # secrets readable by owner only
    assert SigningKey.objects.filter(agency=justice, holder__isnull=True).exists()
    assert SigningKey.objects.filter(holder=demo.tiepnhan, service_centre__isnull=False).exists()
    # a second run keeps what exists
    before = SigningKey.objects.count()
    call_command("create_demo_ca", dir=str(tmp_path), stdout=StringIO())
    assert SigningKey.objects.count() == before
    # the leader signs with their personal demo key
    settings.MOTCUA_TRUSTED_ROOTS = [str(tmp_path / "demo-root.pem")]
    key = services.get_signing_key(agency=justice, signer=demo.lanhdao)
    assert key.holder == demo.lanhdao
    result = services.sign_result(
        key=key, pin="123456", actor=demo.lanhdao, draft=draft(), at=datetime.now(UTC)
    )
    path = tmp_path / "kq.pdf"
    path.write_bytes(signed_bytes(result))
    out = StringIO()
    call_command("verify_pdf", str(path), stdout=out)
    assert "Trạng thái: valid" in out.getvalue()
    assert f"Mã số giấy tờ: {result.document_code}" in out.getvalue()


def test_verify_pdf_exits_non_zero_for_an_unsigned_file(trusted, tmp_path):
    from motcua.documents.tests.conftest import one_page_pdf

    path = tmp_path / "x.pdf"
    path.write_bytes(one_page_pdf())
    with pytest.raises(SystemExit) as exc:
        call_command("verify_pdf", str(path), stdout=StringIO())
    assert exc.value.code == 1
