"""The OIDC provider simulator speaks the protocol strictly: discovery, authorize, token, userinfo, jwks."""

import base64
import hashlib
import json
import re
import stat
import time
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet

from motcua.integrations.oidc_provider import keys, store, views
from motcua.integrations.oidc_provider.identities import DEMO_IDENTITIES

from .conftest import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.django_db

ISSUER = "http://testserver/mo-phong/vneid/oauth2/token"
REDIRECT_URI = "http://testserver/tai-khoan/vneid/ve/"
VERIFIER = "v" * 43 + "-._~0123456789"
AN = DEMO_IDENTITIES[0]
CUONG = DEMO_IDENTITIES[2]


def _s256(verifier):
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).decode().rstrip("=")


def _authorize_params(**overrides):
    params = {
        "client_id": CLIENT_ID,
        "redirect_uri": REDIRECT_URI,
        "response_type": "code",
        "scope": "openid",
        "state": "state-123",
        "nonce": "nonce-456",
        "code_challenge": _s256(VERIFIER),
        "code_challenge_method": "S256",
        "acr_values": "LoA1",
    }
    params.update(overrides)
    return {name: value for name, value in params.items() if value is not None}


def _query(location):
    return {name: values[0] for name, values in parse_qs(urlsplit(location).query).items()}


def _request_blob(page):
    return re.search(r'name="request" value="([^"]+)"', page.content.decode()).group(1)


def _code(client, identity=AN, **overrides):
    page = client.get(reverse("oidc_provider:authorize"), _authorize_params(**overrides))
    assert page.status_code == 200
    answer = client.post(
        reverse("oidc_provider:authorize"), {"request": _request_blob(page), "subject": identity.subject}
    )
    assert answer.status_code == 302
    return _query(answer["Location"])["code"]


def _basic(client_id=CLIENT_ID, secret=CLIENT_SECRET):
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def _token(client, code, *, verifier=VERIFIER, redirect_uri=REDIRECT_URI, auth=None, **extra):
    data = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, **extra}
    if verifier is not None:
        data["code_verifier"] = verifier
    return client.post(reverse("oidc_provider:token"), data, HTTP_AUTHORIZATION=auth or _basic())


def test_discovery_names_the_issuer_endpoints_and_rs256(client):
    document = client.get("/mo-phong/vneid/oauth2/token/.well-known/openid-configuration").json()
    assert document["issuer"] == ISSUER
    assert document["token_endpoint"] == ISSUER
    assert document["authorization_endpoint"] == "http://testserver/mo-phong/vneid/oauth2/authorize"
    assert document["jwks_uri"] == "http://testserver/mo-phong/vneid/oauth2/jwks"
    assert document["userinfo_endpoint"] == "http://testserver/mo-phong/vneid/oauth2/userinfo"
    assert document["id_token_signing_alg_values_supported"] == ["RS256"]
    assert document["code_challenge_methods_supported"] == ["S256"]


def test_the_key_set_publishes_only_the_public_key(client):
    (published,) = client.get(reverse("oidc_provider:jwks")).json()["keys"]
    assert published["kty"] == "RSA"
    assert published["alg"] == "RS256"
    assert published["kid"]
    assert not {"d", "p", "q", "dp", "dq", "qi"} & set(published)


def test_the_sign_in_page_lists_the_demo_identities(client):
    page = client.get(reverse("oidc_provider:authorize"), _authorize_params())
    body = page.content.decode()
    assert "MÔ PHỎNG" in body
    for identity in DEMO_IDENTITIES:
        assert f"Đăng nhập với tư cách {identity.full_name}" in body


def test_a_higher_assurance_level_hides_level_one_accounts(client):
    body = client.get(
        reverse("oidc_provider:authorize"), _authorize_params(acr_values="LoA2")
    ).content.decode()
    assert f"Đăng nhập với tư cách {AN.full_name}" in body
    assert f"Đăng nhập với tư cách {CUONG.full_name}" not in body


@pytest.mark.parametrize(
    "overrides",
    [{"client_id": "unknown"}, {"redirect_uri": "https://evil.example/ve/"}, {"redirect_uri": None}],
    ids=["unknown-client", "unregistered-redirect", "no-redirect"],
)
def test_an_unknown_client_or_address_gets_an_error_page_never_a_redirect(client, overrides):
    response = client.get(reverse("oidc_provider:authorize"), _authorize_params(**overrides))
    assert response.status_code == 400
    assert "chưa được đăng ký" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "error"),
    [
        ({"code_challenge": None, "code_challenge_method": None}, "invalid_request"),
        ({"code_challenge_method": "plain"}, "invalid_request"),
        ({"scope": "profile"}, "invalid_scope"),
        ({"response_type": "token"}, "unsupported_response_type"),
    ],
    ids=["missing-pkce", "plain-pkce", "no-openid", "implicit"],
)
def test_a_bad_authorization_request_is_refused_back_to_the_client(client, overrides, error):
    response = client.get(reverse("oidc_provider:authorize"), _authorize_params(**overrides))
    assert response.status_code == 302
    answer = _query(response["Location"])
    assert answer["error"] == error
    assert answer["state"] == "state-123"
    assert answer["iss"] == ISSUER


def test_choosing_an_identity_returns_a_code_with_the_state_and_issuer(client):
    page = client.get(reverse("oidc_provider:authorize"), _authorize_params())
    response = client.post(
        reverse("oidc_provider:authorize"), {"request": _request_blob(page), "subject": AN.subject}
    )
    location = response["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    answer = _query(location)
    assert answer["state"] == "state-123"
    assert answer["iss"] == ISSUER
    assert answer["code"]


def test_cancelling_returns_access_denied(client):
    page = client.get(reverse("oidc_provider:authorize"), _authorize_params())
    response = client.post(reverse("oidc_provider:authorize"), {"request": _request_blob(page), "deny": "1"})
    assert _query(response["Location"])["error"] == "access_denied"


def test_a_tampered_authorization_request_is_refused(client):
    page = client.get(reverse("oidc_provider:authorize"), _authorize_params())
    blob = _request_blob(page)
    response = client.post(
        reverse("oidc_provider:authorize"), {"request": blob[:-2] + "xx", "subject": AN.subject}
    )
    assert response.status_code == 400


def test_the_code_redeems_for_a_signed_id_token_and_an_access_token(client):
    response = _token(client, _code(client))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    published = KeySet.import_key_set(client.get(reverse("oidc_provider:jwks")).json())
    token = jwt.decode(body["id_token"], published, algorithms=["RS256"])
    assert token.header["alg"] == "RS256"
    assert token.header["kid"] == keys.signing_key().kid
    claims = token.claims
    assert (claims["iss"], claims["aud"], claims["sub"]) == (ISSUER, CLIENT_ID, AN.subject)
    assert claims["nonce"] == "nonce-456"
    assert claims["acr"] == "LoA2"
    assert claims["exp"] - claims["iat"] == 300
    digest = hashlib.sha256(body["access_token"].encode()).digest()
    assert claims["at_hash"] == base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def test_client_secret_post_is_accepted_too(client):
    code = _code(client)
    response = client.post(
        reverse("oidc_provider:token"),
        {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT_URI,
            "code_verifier": VERIFIER,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
        },
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "auth",
    [_basic(secret="wrong"), _basic(client_id="someone-else"), "Basic !!!"],
    ids=["secret", "id", "garbage"],
)
def test_a_client_that_fails_authentication_is_refused(client, auth):
    response = _token(client, _code(client), auth=auth)
    assert response.status_code == 401
    assert response.json()["error"] == "invalid_client"
    assert response["WWW-Authenticate"].startswith("Basic")


def test_a_token_request_without_the_pkce_verifier_is_refused(client):
    response = _token(client, _code(client), verifier=None)
    assert response.status_code == 400
    assert response.json() == {
        "error": "invalid_grant",
        "error_description": "code_verifier is required (PKCE)",
    }


def test_a_token_request_with_another_pkce_verifier_is_refused(client):
    response = _token(client, _code(client), verifier="w" * 60)
    assert response.json()["error"] == "invalid_grant"


def test_a_token_request_with_another_redirect_uri_is_refused(client):
    response = _token(client, _code(client), redirect_uri="http://testserver/khac/")
    assert response.json()["error"] == "invalid_grant"


def test_a_code_issued_to_another_client_is_refused(client, settings):
    settings.MOTCUA_OIDC_SIMULATOR_CLIENTS = {
        CLIENT_ID: {"secret": CLIENT_SECRET, "redirect_uris": ["/tai-khoan/vneid/ve/"]},
        "other-portal": {"secret": "other-secret", "redirect_uris": ["/tai-khoan/vneid/ve/"]},
    }
    code = _code(client)
    response = _token(client, code, auth=_basic("other-portal", "other-secret"))
    assert response.json()["error"] == "invalid_grant"


def test_a_code_redeemed_twice_is_refused_and_revokes_the_first_access_token(client):
    code = _code(client)
    first = _token(client, code).json()
    second = _token(client, code)
    assert second.status_code == 400
    assert second.json()["error"] == "invalid_grant"
    userinfo = client.get(
        reverse("oidc_provider:userinfo"), HTTP_AUTHORIZATION=f"Bearer {first['access_token']}"
    )
    assert userinfo.status_code == 401


def test_an_expired_code_is_refused(client, monkeypatch):
    code = _code(client)
    later = time.time() + store.CODE_TTL_SECONDS + 1
    monkeypatch.setattr(views, "time", SimpleNamespace(time=lambda: later))
    assert _token(client, code).json()["error"] == "invalid_grant"


def test_userinfo_returns_the_persons_claims_to_a_valid_bearer(client):
    access = _token(client, _code(client, CUONG)).json()["access_token"]
    claims = client.get(reverse("oidc_provider:userinfo"), HTTP_AUTHORIZATION=f"Bearer {access}").json()
    assert claims == {
        "sub": CUONG.subject,
        "name": "Lê Hoàng Cường",
        "so_dinh_danh": "040203001122",
        "birthdate": "2003-11-20",
        "gender": "male",
        "phone_number": "0905123456",
        "email": "cuong.le@example.vn",
    }


@pytest.mark.parametrize("header", ["", "Bearer unknown-token", "Basic abc"])
def test_userinfo_refuses_a_missing_or_unknown_token(client, header):
    response = client.get(reverse("oidc_provider:userinfo"), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_the_simulator_answers_nothing_when_switched_off(client, settings):
    settings.USE_OIDC_SIMULATOR = False
    assert client.get(reverse("oidc_provider:jwks")).status_code == 404
    assert client.get(reverse("oidc_provider:authorize"), _authorize_params()).status_code == 404


def test_the_demo_key_is_written_once_to_a_private_file_and_reused(settings, tmp_path, fresh_key):
    path = tmp_path / "var" / "oidc-simulator-key.json"
    settings.MOTCUA_OIDC_SIMULATOR_KEY_FILE = str(path)
    first = keys.signing_key()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text())["d"]
    keys.forget_keys()
    assert keys.signing_key().kid == first.kid
