import unicodedata

from motcua.core.text import fold, nfc


def test_fold_removes_diacritics_and_folds_d_with_stroke():
    assert fold("Đăng ký khai sinh") == "dang ky khai sinh"
    assert fold("ĐỒNG  đội") == "dong doi"


def test_fold_treats_decomposed_and_composed_input_alike():
    decomposed = unicodedata.normalize("NFD", "Nghệ An")
    assert fold(decomposed) == fold("Nghệ An") == "nghe an"


def test_nfc_composes_and_strips():
    decomposed = unicodedata.normalize("NFD", " Trích lục ")
    result = nfc(decomposed)
    assert result == "Trích lục"
    assert unicodedata.is_normalized("NFC", result)
