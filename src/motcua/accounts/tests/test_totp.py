"""RFC 6238 time-based one-time passwords, checked against the RFC's own test vectors."""

import base64

import pytest

from motcua.accounts import totp

SEEDS = {
    "SHA1": b"12345678901234567890",
    "SHA256": b"12345678901234567890123456789012",
    "SHA512": b"1234567890123456789012345678901234567890123456789012345678901234",
}

# RFC 6238 Appendix B: (time, algorithm, 8-digit TOTP).
VECTORS = [
    (59, "SHA1", "94287082"),
    (59, "SHA256", "46119246"),
    (59, "SHA512", "90693936"),
    (1111111109, "SHA1", "07081804"),
    (1111111111, "SHA256", "67062674"),
    (1234567890, "SHA512", "93441116"),
    (2000000000, "SHA1", "69279037"),
    (20000000000, "SHA256", "77737706"),
    (20000000000, "SHA512", "47863826"),
]


def _b32(raw: bytes) -> str:
    return base64.b32encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(("at", "algorithm", "expected"), VECTORS)
def test_rfc_6238_test_vectors(at, algorithm, expected):
    assert totp.totp(_b32(SEEDS[algorithm]), at=at, digits=8, algorithm=algorithm) == expected


def test_rfc_4226_hotp_test_vectors():
    expected = [
        "755224",
        "287082",
        "359152",
        "969429",
        "338314",
        "254676",
        "287922",
        "162583",
        "399871",
        "520489",
    ]
    assert [totp.hotp(SEEDS["SHA1"], counter) for counter in range(10)] == expected


def test_a_code_matches_its_own_step_and_one_step_either_side():
    secret = totp.new_secret()
    at = 1_767_225_615.0
    code = totp.totp(secret, at=at)
    step = totp.time_step(at)
    assert totp.match_step(secret, code, at=at) == step
    assert totp.match_step(secret, code, at=at + 30) == step
    assert totp.match_step(secret, code, at=at - 30) == step
    assert totp.match_step(secret, code, at=at + 90) is None


@pytest.mark.parametrize("code", ["", "12345", "1234567", "abcdef"])
def test_malformed_codes_never_match(code):
    assert totp.match_step(totp.new_secret(), code, at=0) is None


def test_a_code_typed_with_spaces_is_accepted():
    secret = totp.new_secret()
    code = totp.totp(secret, at=100)
    assert totp.match_step(secret, f"{code[:3]} {code[3:]}", at=100) is not None


def test_secrets_are_160_random_bits_in_base32():
    secret = totp.new_secret()
    assert len(totp.decode_secret(secret)) == 20
    assert secret != totp.new_secret()


def test_the_provisioning_uri_is_what_authenticator_apps_read():
    uri = totp.provisioning_uri("JBSWY3DPEHPK3PXP", account="canbo.motcua", issuer="MộtCửa Nghệ An")
    assert uri.startswith("otpauth://totp/M%E1%BB%99tC%E1%BB%ADa%20Ngh%E1%BB%87%20An:canbo.motcua?")
    assert "secret=JBSWY3DPEHPK3PXP" in uri
    assert "digits=6" in uri
    assert "period=30" in uri
    assert "algorithm=SHA1" in uri
