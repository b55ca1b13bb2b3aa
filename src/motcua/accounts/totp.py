"""Time-based one-time passwords (TOTP, RFC 6238) over HOTP (RFC 4226), for staff two-factor sign-in.

Authenticator apps (Google Authenticator, Microsoft Authenticator, FreeOTP, …) share a random secret
with the server through an `otpauth://` URI (usually shown as a QR code) and then show a 6-digit
code that changes every 30 seconds: HMAC-SHA1 of the number of 30-second steps since the Unix epoch,
dynamically truncated (RFC 4226 §5.3). Pure functions: the instant is always passed in.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from urllib.parse import quote, urlencode

DIGITS = 6
PERIOD = 30
SECRET_BYTES = 20  # 160 bits, the length RFC 4226 §4 recommends
_DIGESTS = {"SHA1": hashlib.sha1, "SHA256": hashlib.sha256, "SHA512": hashlib.sha512}


def new_secret() -> str:
    """Return a fresh random secret, base32 without padding (the form authenticator apps accept)."""
    return base64.b32encode(secrets.token_bytes(SECRET_BYTES)).decode("ascii").rstrip("=")


def decode_secret(secret: str) -> bytes:
    """Return the key bytes of a base32 secret (spaces, case and missing padding tolerated)."""
    cleaned = "".join(secret.split()).upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def hotp(key: bytes, counter: int, *, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """Return the HOTP value of `counter` (RFC 4226 §5.3), zero-padded to `digits`."""
    mac = hmac.new(key, struct.pack(">Q", counter), _DIGESTS[algorithm]).digest()
    offset = mac[-1] & 0x0F
    binary = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(binary % 10**digits).zfill(digits)


def time_step(at: float, *, period: int = PERIOD) -> int:
    """Return the RFC 6238 time step T for the Unix time `at`."""
    return int(at // period)


def totp(secret: str, *, at: float, digits: int = DIGITS, algorithm: str = "SHA1") -> str:
    """Return the code an authenticator app shows at Unix time `at`."""
    return hotp(decode_secret(secret), time_step(at), digits=digits, algorithm=algorithm)


def match_step(secret: str, code: str, *, at: float, window: int = 1) -> int | None:
    """Return the time step whose code equals `code`, looking `window` steps either side, or None.

    One step either side tolerates a phone clock 30 seconds off and a code typed as it changes
    (RFC 6238 §5.2 recommends at most one step of network delay).
    """
    candidate = "".join(code.split())
    if len(candidate) != DIGITS or not candidate.isdigit():
        return None
    key = decode_secret(secret)
    now_step = time_step(at)
    found = None
    for step in range(now_step - window, now_step + window + 1):
        # Compare every candidate so the time taken does not reveal which step matched.
        if hmac.compare_digest(hotp(key, step), candidate):
            found = step
    return found


def provisioning_uri(secret: str, *, account: str, issuer: str) -> str:
    """Return the `otpauth://totp/…` URI that authenticator apps read from a QR code."""
    label = quote(f"{issuer}:{account}", safe=":@")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": PERIOD},
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}"
