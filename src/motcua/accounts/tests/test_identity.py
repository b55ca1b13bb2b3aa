import pytest

from motcua.accounts.identity import parse_personal_id
from motcua.core.errors import InvalidInput


def test_valid_number_yields_birth_province_century_and_gender():
    parsed = parse_personal_id("040301012345")
    assert parsed.birth_province == "Nghệ An"
    assert parsed.birth_century_start == 2000
    assert parsed.is_female is True
    assert parsed.birth_year_2 == 1


@pytest.mark.parametrize("value", ["04030101234", "0403010123456", "04030101234a", ""])
def test_number_that_is_not_twelve_digits_is_refused(value):
    with pytest.raises(InvalidInput, match="12 chữ số"):
        parse_personal_id(value)


def test_number_with_unknown_birth_province_code_is_refused():
    with pytest.raises(InvalidInput, match="mã tỉnh"):
        parse_personal_id("003099012345")
