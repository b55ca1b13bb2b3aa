"""The authorization request: state, nonce and PKCE kept in the session, each state usable once."""

import base64
import hashlib
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

import pytest

from motcua.accounts import oidc
from motcua.accounts.oidc import (
    MAX_PENDING,
    PENDING_TTL_SECONDS,
    SESSION_KEY,
    OidcConfig,
    OidcDenied,
    OidcProviderError,
    OidcStateError,
    ProviderMetadata,
    begin_authorization,
    complete_authorization,
    take_pending_request,
)

CONFIG = OidcConfig(issuer="https://idp.example.vn/oauth2/token", client_id="motcua", client_secret="s3cret")
METADATA = ProviderMetadata(
    issuer=CONFIG.issuer,
    authorization_endpoint="https://idp.example.vn/oauth2/authorize",
    token_endpoint="https://idp.example.vn/oauth2/token",
    jwks_uri="https://idp.example.vn/oauth2/jwks",
    userinfo_endpoint="https://idp.example.vn/oauth2/userinfo",
)
NOW = 1_767_225_600.0


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    monkeypatch.setattr(oidc, "provider_metadata", lambda config: METADATA)


def _begin(session, now=NOW, next_url="/ho-so-cua-toi/"):
    return begin_authorization(
        session=session,
        config=CONFIG,
        redirect_uri="https://motcua.example.vn/tai-khoan/vneid/ve/",
        next_url=next_url,
        now=now,
    )


def test_the_authorization_url_carries_state_nonce_pkce_s256_and_the_assurance_level():
    session = {}
    url = _begin(session)
    parts = urlsplit(url)
    query = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == METADATA.authorization_endpoint
    assert query["response_type"] == "code"
    assert query["client_id"] == "motcua"
    assert query["scope"] == "openid"
    assert query["acr_values"] == "LoA1"
    assert query["redirect_uri"] == "https://motcua.example.vn/tai-khoan/vneid/ve/"
    pending = session[SESSION_KEY][query["state"]]
    assert query["nonce"] == pending["nonce"]
    assert query["code_challenge_method"] == "S256"
    digest = hashlib.sha256(pending["code_verifier"].encode()).digest()
    assert query["code_challenge"] == base64.urlsafe_b64encode(digest).decode().rstrip("=")
    assert 43 <= len(pending["code_verifier"]) <= 128
    assert "s3cret" not in url


def test_each_sign_in_gets_fresh_random_values():
    session = {}
    first, second = _begin(session), _begin(session)
    assert parse_qs(urlsplit(first).query)["state"] != parse_qs(urlsplit(second).query)["state"]
    states = list(session[SESSION_KEY].values())
    assert states[0]["nonce"] != states[1]["nonce"]
    assert states[0]["code_verifier"] != states[1]["code_verifier"]


def test_a_state_is_taken_once_and_then_refused_as_a_replay():
    session = {}
    state = parse_qs(urlsplit(_begin(session)).query)["state"][0]
    assert take_pending_request(session, state, now=NOW + 5)["next"] == "/ho-so-cua-toi/"
    with pytest.raises(OidcStateError, match="đã được dùng"):
        take_pending_request(session, state, now=NOW + 6)


@pytest.mark.parametrize("state", [None, "", "forged-state"])
def test_a_missing_or_unknown_state_is_refused(state):
    session = {}
    _begin(session)
    with pytest.raises(OidcStateError):
        take_pending_request(session, state, now=NOW + 1)


def test_a_state_older_than_ten_minutes_is_refused():
    session = {}
    state = parse_qs(urlsplit(_begin(session)).query)["state"][0]
    with pytest.raises(OidcStateError, match="hết hạn"):
        take_pending_request(session, state, now=NOW + PENDING_TTL_SECONDS)


def test_only_the_most_recent_sign_ins_are_remembered():
    session = {}
    urls = [_begin(session, now=NOW + i) for i in range(MAX_PENDING + 2)]
    assert len(session[SESSION_KEY]) == MAX_PENDING
    oldest = parse_qs(urlsplit(urls[0]).query)["state"][0]
    with pytest.raises(OidcStateError):
        take_pending_request(session, oldest, now=NOW + 20)


def test_a_refusal_by_the_person_is_reported_and_uses_up_the_state():
    session = {}
    state = parse_qs(urlsplit(_begin(session)).query)["state"][0]
    with pytest.raises(OidcDenied, match="đã hủy") as caught:
        complete_authorization(
            session=session, config=CONFIG, params={"state": state, "error": "access_denied"}, now=NOW + 5
        )
    assert caught.value.code == "denied"
    assert session[SESSION_KEY] == {}


def test_a_callback_naming_another_issuer_is_refused():
    session = {}
    state = parse_qs(urlsplit(_begin(session)).query)["state"][0]
    with pytest.raises(OidcProviderError):
        complete_authorization(
            session=session,
            config=CONFIG,
            params={"state": state, "code": "c", "iss": "https://evil.example/oauth2/token"},
            now=NOW + 5,
        )


@pytest.mark.django_db
def test_the_callback_page_explains_an_unknown_state_without_a_stack_trace(client, settings):
    settings.USE_OIDC_SIMULATOR = True
    settings.MOTCUA_OIDC_ISSUER = "https://idp.example.vn/oauth2/token"
    settings.MOTCUA_OIDC_CLIENT_ID = "motcua"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "s3cret"
    response = client.get(reverse("oidc:callback"), {"state": "forged", "code": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Phiên đăng nhập không hợp lệ hoặc đã được dùng" in body
    assert "Traceback" not in body
    assert "OidcStateError" not in body
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_the_start_page_says_when_national_sign_in_is_not_configured(client, settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    response = client.get(reverse("oidc:start"))
    assert response.status_code == 503
    assert "chưa được cấu hình" in response.content.decode()


@pytest.mark.django_db
def test_the_start_page_sends_the_browser_to_the_provider(client, settings):
    settings.USE_OIDC_SIMULATOR = False
    settings.MOTCUA_OIDC_ISSUER = CONFIG.issuer
    settings.MOTCUA_OIDC_CLIENT_ID = "motcua"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "s3cret"
    response = client.get(reverse("oidc:start"), {"next": "https://evil.example/"})
    assert response.status_code == 302
    assert response["Location"].startswith(METADATA.authorization_endpoint + "?")
    (pending,) = client.session[SESSION_KEY].values()
    assert pending["next"] == ""  # an off-site "next" is dropped
    assert pending["redirect_uri"] == "http://testserver/tai-khoan/vneid/ve/"


@pytest.mark.django_db
def test_the_login_page_offers_the_vneid_button_when_configured(client, settings):
    settings.MOTCUA_OIDC_ISSUER = CONFIG.issuer
    settings.MOTCUA_OIDC_CLIENT_ID = "motcua"
    settings.MOTCUA_OIDC_CLIENT_SECRET = "s3cret"
    body = client.get(reverse("accounts:login"), {"next": "/ho-so-cua-toi/"}).content.decode()
    assert "Đăng nhập bằng tài khoản định danh điện tử VNeID" in body
    assert reverse("oidc:start") + "?next=/ho-so-cua-toi/" in body
    assert 'name="password"' in body  # staff keep the local form


@pytest.mark.django_db
def test_the_login_page_hides_the_vneid_button_when_not_configured(client, settings):
    settings.MOTCUA_OIDC_ISSUER = ""
    body = client.get(reverse("accounts:login")).content.decode()
    assert "VNeID" not in body
    assert 'name="password"' in body
