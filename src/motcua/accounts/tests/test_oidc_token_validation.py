"""ID-token checks of the relying party (OIDC Core 1.0 §3.1.3.7), on tokens made here with real keys."""

import base64
import hashlib
import hmac
import json

import pytest
from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

from motcua.accounts.oidc import OidcTokenError, validate_id_token

ISSUER = "https://xacthuc.example.vn/oauth2/token"
CLIENT = "motcua"
NONCE = "n-0S6_WzA2Mj"
NOW = 1_767_225_600  # 2026-01-01 00:00 UTC


def _key(kid="key-1"):
    return RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256", "kid": kid}, private=True)


@pytest.fixture(scope="module")
def provider_key():
    return _key()


@pytest.fixture(scope="module")
def published(provider_key):
    return KeySet.import_key_set({"keys": [provider_key.as_dict(private=False)]})


def _b64(raw):
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _claims(**overrides):
    claims = {
        "iss": ISSUER,
        "sub": "subject-1",
        "aud": CLIENT,
        "exp": NOW + 300,
        "iat": NOW,
        "nonce": NONCE,
        "acr": "LoA1",
    }
    claims.update(overrides)
    return {name: value for name, value in claims.items() if value is not None}


def _sign(key, claims, *, alg="RS256", kid=None):
    header = {"alg": alg, "kid": kid if kid is not None else key.kid}
    return jwt.encode(header, claims, key, algorithms=[alg])


def _validate(token, published, *, refresh=None, access_token=None, now=NOW):
    calls = []

    def keys(force):
        calls.append(force)
        return refresh if (force and refresh is not None) else published

    claims = validate_id_token(
        token, issuer=ISSUER, client_id=CLIENT, nonce=NONCE, now=now, keys=keys, access_token=access_token
    )
    return claims, calls


def _refused(token, published, reason, **kwargs):
    with pytest.raises(OidcTokenError) as caught:
        _validate(token, published, **kwargs)
    assert caught.value.code == reason
    # The message shown to the citizen never carries the technical reason.
    assert "id_token" not in str(caught.value.message)
    return caught.value


def test_a_correct_token_yields_its_claims(provider_key, published):
    claims, calls = _validate(_sign(provider_key, _claims()), published)
    assert claims["sub"] == "subject-1"
    assert claims["acr"] == "LoA1"
    assert calls == [False]


def test_a_token_signed_by_another_key_with_the_same_key_id_is_refused(provider_key, published):
    impostor = _key(kid=provider_key.kid)
    _refused(_sign(impostor, _claims()), published, "bad_signature")


def test_a_token_whose_payload_was_altered_after_signing_is_refused(provider_key, published):
    header, payload, signature = _sign(provider_key, _claims()).split(".")
    forged = json.loads(base64.urlsafe_b64decode(payload + "=="))
    forged["sub"] = "someone-else"
    payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).decode().rstrip("=")
    _refused(f"{header}.{payload}.{signature}", published, "bad_signature")


def test_an_unsigned_token_is_refused(provider_key, published):
    header = base64.urlsafe_b64encode(b'{"alg":"none","kid":"key-1"}').decode().rstrip("=")
    payload = base64.urlsafe_b64encode(json.dumps(_claims()).encode()).decode().rstrip("=")
    _refused(f"{header}.{payload}.", published, "malformed")


def test_a_token_signed_with_hmac_over_the_public_key_is_refused(provider_key, published):
    # Algorithm confusion: HS256 keyed with the provider's public key must not pass as RS256.
    public_pem = provider_key.as_pem(private=False)
    header = _b64(json.dumps({"alg": "HS256", "kid": provider_key.kid}).encode())
    payload = _b64(json.dumps(_claims()).encode())
    signature = _b64(hmac.new(public_pem, f"{header}.{payload}".encode(), hashlib.sha256).digest())
    _refused(f"{header}.{payload}.{signature}", published, "malformed")


def test_a_token_for_another_audience_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(aud="another-portal")), published, "wrong_audience")


def test_a_token_for_several_audiences_needs_this_client_as_authorized_party(provider_key, published):
    token = _sign(provider_key, _claims(aud=["another-portal", CLIENT]))
    _refused(token, published, "missing_claim")
    accepted, _calls = _validate(
        _sign(provider_key, _claims(aud=["another-portal", CLIENT], azp=CLIENT)), published
    )
    assert accepted["azp"] == CLIENT


def test_a_token_from_another_issuer_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(iss="https://evil.example/oauth2/token")), published, "wrong_issuer")


def test_an_expired_token_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(iat=NOW - 900, exp=NOW - 120)), published, "expired")


def test_a_token_expired_within_the_clock_leeway_is_accepted(provider_key, published):
    claims, _calls = _validate(_sign(provider_key, _claims(iat=NOW - 900, exp=NOW - 30)), published)
    assert claims["sub"] == "subject-1"


def test_a_token_issued_in_the_future_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(iat=NOW + 3600, exp=NOW + 7200)), published, "invalid_claim")


def test_a_token_with_another_nonce_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(nonce="replayed-from-another-sign-in")), published, "nonce_mismatch")


def test_a_token_without_the_nonce_is_refused(provider_key, published):
    _refused(_sign(provider_key, _claims(nonce=None)), published, "missing_claim")


@pytest.mark.parametrize("claim", ["sub", "exp", "iat", "aud", "iss"])
def test_a_token_missing_a_required_claim_is_refused(provider_key, published, claim):
    _refused(_sign(provider_key, _claims(**{claim: None})), published, "missing_claim")


def test_the_access_token_hash_must_match_when_present(provider_key, published):
    access = "access-token-value"
    digest = hashlib.sha256(access.encode()).digest()
    at_hash = base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")
    claims, _calls = _validate(_sign(provider_key, _claims(at_hash=at_hash)), published, access_token=access)
    assert claims["at_hash"] == at_hash
    _refused(_sign(provider_key, _claims(at_hash=at_hash)), published, "invalid_claim", access_token="other")


def test_an_unknown_key_id_fetches_the_key_set_again_once(provider_key, published):
    rotated = _key(kid="key-2")
    new_set = KeySet.import_key_set({"keys": [rotated.as_dict(private=False)]})
    claims, calls = _validate(_sign(rotated, _claims()), published, refresh=new_set)
    assert claims["sub"] == "subject-1"
    assert calls == [False, True]


def test_a_key_id_unknown_even_after_refetching_is_refused(provider_key, published):
    stranger = _key(kid="key-unknown")
    error = _refused(_sign(stranger, _claims()), published, "bad_signature")
    assert "unknown key id" in error.detail


def test_garbage_is_refused(published):
    _refused("not-a-jwt", published, "malformed")
