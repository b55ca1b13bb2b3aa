"""Uploads: images are normalised (upright, bounded, no metadata); an optional clamd scan refuses malware."""

import io

import pytest
from PIL import Image

from conftest import MINIMAL_PDF
from motcua.core.errors import InvalidInput
from motcua.documents.uploads import check_upload

from .clamd_simulator import EICAR, running_clamd


def _jpeg(size=(40, 20), *, orientation: int | None = None, gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    if orientation:
        exif[0x0112] = orientation  # Orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (21.0, 0.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def _check(name: str, content: bytes):
    return check_upload(name=name, stream=io.BytesIO(content))


def test_a_photo_is_turned_upright_and_loses_its_metadata():
    checked = _check("cccd.jpg", _jpeg((40, 20), orientation=6, gps=True))  # 6: rotate 90° clockwise
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (20, 40)
        assert not image.getexif()
    assert checked.content_type == "image/jpeg"


def test_a_large_scan_is_scaled_down(settings):
    settings.MOTCUA_UPLOAD_IMAGE_MAX_SIDE = 100
    checked = _check("so-ho-khau.png", _png((400, 200)))
    with Image.open(io.BytesIO(checked.content)) as image:
        assert image.size == (100, 50)


def _png(size) -> bytes:
    out = io.BytesIO()
    Image.new("L", size, 128).save(out, "PNG")
    return out.getvalue()


def test_a_broken_or_oversized_image_is_refused(settings):
    broken = _jpeg()[:200]
    with pytest.raises(InvalidInput, match="bị hỏng"):
        _check("anh.jpg", broken)
    settings.MOTCUA_UPLOAD_IMAGE_MAX_PIXELS = 100
    with pytest.raises(InvalidInput, match="quá lớn"):
        _check("anh.png", _png((20, 20)))


def test_without_a_scanner_nothing_is_scanned(settings):
    settings.MOTCUA_CLAMD_ADDRESS = ""
    assert _check("to-khai.pdf", MINIMAL_PDF + EICAR).content.endswith(EICAR)


def test_clamd_refuses_a_file_with_malware_and_passes_a_clean_one(settings, tmp_path):
    with running_clamd(tmp_path) as address:
        settings.MOTCUA_CLAMD_ADDRESS = address
        assert _check("to-khai.pdf", MINIMAL_PDF).content == MINIMAL_PDF
        with pytest.raises(InvalidInput, match="có mã độc"):
            _check("to-khai.pdf", MINIMAL_PDF + EICAR)


def test_an_unreachable_scanner_refuses_uploads_unless_told_to_fail_open(settings, tmp_path):
    settings.MOTCUA_CLAMD_ADDRESS = str(tmp_path / "khong-co.sock")
    with pytest.raises(InvalidInput, match="Chưa kiểm tra được virus"):
        _check("to-khai.pdf", MINIMAL_PDF)
    settings.MOTCUA_CLAMD_FAIL_OPEN = True
    assert _check("to-khai.pdf", MINIMAL_PDF).content == MINIMAL_PDF


def test_a_file_over_the_scanners_limit_is_not_accepted_unscanned(settings, tmp_path):
    with running_clamd(tmp_path, limit=50) as address:
        settings.MOTCUA_CLAMD_ADDRESS = address
        with pytest.raises(InvalidInput, match="Chưa kiểm tra được virus"):
            _check("to-khai.pdf", MINIMAL_PDF)
