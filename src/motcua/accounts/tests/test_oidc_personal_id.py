"""The personal number's century/gender digit and year digits, checked against a known birth year."""

import pytest

from motcua.accounts.identity import parse_personal_id
from motcua.core.errors import InvalidInput


@pytest.mark.parametrize(
    ("number", "year", "female"),
    [
        ("040095001234", 1995, False),  # 0: male, 1900s
        ("040190005678", 1990, True),  # 1: female, 1900s
        ("040203001122", 2003, False),  # 2: male, 2000s
        ("001300001234", 2000, True),  # 3: female, 2000s
        ("079499001234", 2199, False),  # 4: male, 2100s
    ],
)
def test_the_birth_year_and_gender_are_read_from_the_number(number, year, female):
    parsed = parse_personal_id(number, birth_year=year)
    assert parsed.birth_year == year
    assert parsed.is_female is female


def test_a_number_from_the_wrong_century_for_the_birth_year_is_refused():
    with pytest.raises(InvalidInput, match="thế kỷ sinh") as caught:
        parse_personal_id("040095001234", birth_year=2095)
    assert caught.value.field == "personal_id"


def test_a_number_whose_year_digits_differ_from_the_birth_year_is_refused():
    with pytest.raises(InvalidInput, match="thứ năm và thứ sáu"):
        parse_personal_id("040095001234", birth_year=1994)


def test_without_a_birth_year_only_the_structure_is_checked():
    assert parse_personal_id("040095001234").birth_year == 1995
