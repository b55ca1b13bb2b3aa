"""`core.validation.check_values`: a row's own values are checked, without a query per relation."""

from django.core.exceptions import ValidationError

import pytest

from motcua.core.validation import check_values
from motcua.organisations.models import Position

pytestmark = pytest.mark.django_db


def test_values_are_checked_without_looking_up_relations(django_assert_num_queries):
    position = Position(user_id=987654, agency_id=987654, role="specialist", title="Chuyên viên")
    with django_assert_num_queries(0):
        check_values(position)  # the unknown user and agency are the database's to refuse


def test_a_bad_choice_and_an_over_long_value_are_refused():
    position = Position(user_id=1, role="khong-co", title="x" * 121)
    with pytest.raises(ValidationError) as error:
        check_values(position)
    assert set(error.value.message_dict) == {"role", "title"}
