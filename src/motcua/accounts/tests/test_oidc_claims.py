"""From verified claims to a citizen profile: settings-driven names, personal number and birth year."""

from datetime import date

import pytest

from motcua.accounts.oidc import OidcNotConfigured, load_config
from motcua.accounts.oidc_claims import ClaimNames, OidcClaimsError, map_claims

NAMES = ClaimNames()


def _claims(**overrides):
    claims = {
        "sub": "s-1",
        "name": "  Nguyễn   Văn An ",
        "so_dinh_danh": "040095001234",
        "birthdate": "1995-03-12",
        "phone_number": "+84 912 345 678",
        "email": "congdan@example.vn",
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def test_claims_map_to_a_profile_with_normalised_name_and_phone():
    profile = map_claims(_claims(), NAMES)
    assert profile.full_name == "Nguyễn Văn An"
    assert profile.personal_id == "040095001234"
    assert profile.phone == "0912345678"
    assert profile.email == "congdan@example.vn"
    assert profile.birth_date == date(1995, 3, 12)


def test_claim_names_come_from_the_configured_mapping():
    names = ClaimNames(
        full_name="HoVaTen", personal_id="SoDinhDanh", phone="SoDienThoai", email="", birth_date="NgaySinh"
    )
    claims = {
        "HoVaTen": "Trần Thị Bình",
        "SoDinhDanh": "040190005678",
        "NgaySinh": "08/07/1990",
        "SoDienThoai": "0987654321",
    }
    profile = map_claims(claims, names)
    assert (profile.full_name, profile.personal_id, profile.birth_date) == (
        "Trần Thị Bình",
        "040190005678",
        date(1990, 7, 8),
    )
    assert profile.email == ""


def test_a_missing_personal_number_is_refused_with_a_clear_message():
    with pytest.raises(OidcClaimsError, match="số định danh cá nhân"):
        map_claims(_claims(so_dinh_danh=None), NAMES)


def test_a_missing_name_is_refused():
    with pytest.raises(OidcClaimsError, match="họ và tên"):
        map_claims(_claims(name=""), NAMES)


def test_a_malformed_personal_number_is_refused():
    with pytest.raises(OidcClaimsError, match="12 chữ số"):
        map_claims(_claims(so_dinh_danh="04009500123"), NAMES)


def test_a_personal_number_whose_century_digit_contradicts_the_birth_date_is_refused():
    # 0 = male born in the 1900s; the provider says 2003.
    with pytest.raises(OidcClaimsError, match="thế kỷ sinh"):
        map_claims(_claims(so_dinh_danh="040003001122", birthdate="2003-11-20"), NAMES)


def test_a_personal_number_whose_year_digits_contradict_the_birth_date_is_refused():
    with pytest.raises(OidcClaimsError, match="năm sinh 1996"):
        map_claims(_claims(birthdate="1996-03-12"), NAMES)


def test_a_birth_year_alone_is_enough_to_check_the_number():
    profile = map_claims(_claims(birthdate="1995"), NAMES)
    assert profile.birth_date is None


@pytest.mark.parametrize("value", ["12/03/1995", "1995-03-12"])
def test_birth_dates_in_iso_or_vietnamese_order_are_read(value):
    assert map_claims(_claims(birthdate=value), NAMES).birth_date == date(1995, 3, 12)


def test_an_unreadable_birth_date_is_ignored_rather_than_blocking_sign_in():
    profile = map_claims(_claims(birthdate="không rõ"), NAMES)
    assert profile.birth_date is None


def test_malformed_phone_and_email_are_dropped():
    profile = map_claims(_claims(phone_number="12", email="not-an-email"), NAMES)
    assert (profile.phone, profile.email) == ("", "")


def test_configuration_comes_from_settings(settings):
    settings.USE_OIDC_SIMULATOR = False
    settings.MOTCUA_OIDC_ISSUER = "https://xacthuc.dichvucong.gov.vn/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = "client"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "secret"
    settings.MOTCUA_OIDC_CLAIM_PERSONAL_ID = "SoDinhDanh"
    config = load_config(origin="https://motcua.example.vn")
    assert (
        config.discovery_url
        == "https://xacthuc.dichvucong.gov.vn/oauth2/token/.well-known/openid-configuration"
    )
    assert config.claims.personal_id == "SoDinhDanh"
    assert config.acr_values == "LoA1"


def test_a_plain_http_issuer_is_refused_outside_the_simulator(settings):
    settings.USE_OIDC_SIMULATOR = False
    settings.MOTCUA_OIDC_ISSUER = "http://xacthuc.example.vn/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = "client"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "secret"
    with pytest.raises(OidcNotConfigured):
        load_config(origin="https://motcua.example.vn")


def test_a_relative_issuer_is_the_simulator_on_this_site_and_only_with_the_simulator(settings):
    settings.MOTCUA_OIDC_ISSUER = "/mo-phong/vneid/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = "client"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "secret"
    settings.USE_OIDC_SIMULATOR = True
    assert (
        load_config(origin="http://127.0.0.1:8000").issuer
        == "http://127.0.0.1:8000/mo-phong/vneid/oauth2/token"
    )
    settings.USE_OIDC_SIMULATOR = False
    with pytest.raises(OidcNotConfigured):
        load_config(origin="http://127.0.0.1:8000")


def test_missing_client_settings_mean_not_configured(settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    with pytest.raises(OidcNotConfigured, match="chưa được cấu hình"):
        load_config(origin="http://127.0.0.1:8000")
