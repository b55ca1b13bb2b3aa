"""Signing keys: PKCS#12 files (development, demo) and PKCS#11 tokens or HSMs (production).

A key is described by a `KeySource` (what the `SigningKey` row stores: never a PIN or password).
`open_signer` unlocks it with the PIN the signer types and yields a pyHanko signer; a PKCS#11
session is closed when the block ends. Before anything is signed, `check_certificate` refuses a
certificate that is expired, not yet valid, or (when the province configured its trusted roots)
not issued under one of them, so a bad key never produces a result.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _

from asn1crypto import keys as asn1_keys
from asn1crypto import pem as asn1_pem
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.registry import SimpleCertificateStore

from motcua.core.errors import InvalidInput
from motcua.core.timeutil import local

PKCS12 = "pkcs12"
PKCS11 = "pkcs11"


@dataclass(frozen=True)
class KeySource:
    """Where a signing key lives; the PIN or password is never part of it."""

    storage: str
    certificate_pem: str = ""
    chain_pem: str = ""
    pkcs12_path: str = ""
    pkcs11_token_label: str = ""
    pkcs11_key_label: str = ""
    pkcs11_module: str = ""


def load_certificates(data: bytes) -> list[asn1_x509.Certificate]:
    """Return the certificates of a PEM bundle or of one DER certificate."""
    if asn1_pem.detect(data):
        return [asn1_x509.Certificate.load(der) for _, _, der in asn1_pem.unarmor(data, multiple=True)]
    return [asn1_x509.Certificate.load(data)] if data else []


def certificates_from_pem(text: str) -> list[asn1_x509.Certificate]:
    return load_certificates(text.encode("ascii")) if text.strip() else []


def trusted_roots() -> list[asn1_x509.Certificate]:
    """Return the province's trusted root certificates (setting MOTCUA_TRUSTED_ROOTS: PEM/DER paths)."""
    paths = tuple(str(p) for p in getattr(settings, "MOTCUA_TRUSTED_ROOTS", ()) or ())
    stamps = tuple(Path(p).stat().st_mtime_ns if Path(p).is_file() else 0 for p in paths)
    return list(_read_roots(paths, stamps))


@functools.lru_cache(maxsize=8)
def _read_roots(paths: tuple[str, ...], stamps: tuple[int, ...]) -> tuple[asn1_x509.Certificate, ...]:
    roots: list[asn1_x509.Certificate] = []
    for path in paths:
        file = Path(path)
        if file.is_file():
            roots.extend(load_certificates(file.read_bytes()))
    return tuple(roots)


def subject_name(cert: asn1_x509.Certificate) -> str:
    """Return the certificate's common name (or its whole subject)."""
    native = cert.subject.native
    return str(native.get("common_name") or cert.subject.human_friendly)


def organisation_name(cert: asn1_x509.Certificate) -> str:
    return str(cert.subject.native.get("organization_name") or "")


def check_certificate(
    cert: asn1_x509.Certificate, *, chain: list[asn1_x509.Certificate], at: datetime
) -> None:
    """Refuse a certificate that cannot make a valid signature at `at`.

    Checks the validity period and, when MOTCUA_TRUSTED_ROOTS is configured, that the certificate
    chains to one of the roots and may sign documents (key usage non-repudiation or digital
    signature). Revocation is not checked here (no network at signing time); verification reports it.
    """
    moment = local(at)
    not_after = cert["tbs_certificate"]["validity"]["not_after"].native
    not_before = cert["tbs_certificate"]["validity"]["not_before"].native
    if moment > not_after:
        raise InvalidInput(
            _("Chứng thư số của khóa ký đã hết hạn từ %(date)s; không thể ký.")
            % {"date": local(not_after).strftime("%d/%m/%Y")},
            code="certificate_expired",
        )
    if moment < not_before:
        raise InvalidInput(
            _("Chứng thư số của khóa ký chưa có hiệu lực (từ %(date)s); không thể ký.")
            % {"date": local(not_before).strftime("%d/%m/%Y")},
            code="certificate_not_yet_valid",
        )
    roots = trusted_roots()
    if not roots:
        raise InvalidInput(
            _("Chưa cấu hình chứng thư gốc tin cậy (MOTCUA_TRUSTED_ROOTS); không thể ký."),
            code="no_trusted_roots",
        )
    from pyhanko_certvalidator import CertificateValidator

    context = ValidationContext(
        trust_roots=roots, other_certs=chain, allow_fetching=False, revocation_mode="soft-fail", moment=moment
    )
    validator = CertificateValidator(cert, validation_context=context)
    try:
        asyncio.run(validator.async_validate_usage(key_usage=set(), extended_optional=True))  # type: ignore[no-untyped-call]
    except (PathBuildingError, PathValidationError) as exc:
        raise InvalidInput(
            _("Chứng thư số của khóa ký không do tổ chức chứng thực tin cậy của tỉnh cấp; không thể ký."),
            code="certificate_untrusted",
        ) from exc
    usage = cert.key_usage_value.native if cert.key_usage_value is not None else None
    if usage is not None and not ({"non_repudiation", "digital_signature"} & set(usage)):
        raise InvalidInput(
            _("Chứng thư số của khóa ký không được phép dùng để ký văn bản."), code="certificate_usage"
        )


def _wrong_secret(storage: str) -> InvalidInput:
    if storage == PKCS11:
        return InvalidInput(_("Sai mã PIN của thiết bị ký số (token)."), field="pin", code="wrong_pin")
    return InvalidInput(_("Sai mật khẩu của tệp khóa ký (PKCS#12)."), field="pin", code="wrong_pin")


def _unavailable(detail: str = "") -> InvalidInput:
    message = _("Không mở được khóa ký số. Kiểm tra thiết bị ký số hoặc cấu hình khóa.")
    if detail:
        message = f"{message} ({detail})"
    return InvalidInput(message, code="key_unavailable")


class MemorySigner(signers.SimpleSigner):
    """pyHanko's in-memory signer, holding the parsed RSA key instead of re-parsing it per signature.

    pyHanko's `SimpleSigner` loads the DER key on every raw signature (twice per PDF signature, with
    the size estimate); RSA key loading checks the key and costs ~50 ms, most of a signature's time.
    """

    def __init__(self, *, key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._key = key

    async def async_sign_raw(self, data: bytes, digest_algorithm: str, dry_run: bool = False) -> bytes:
        from cryptography.hazmat.primitives.asymmetric import padding, rsa
        from pyhanko_certvalidator.util import get_pyca_cryptography_hash

        if not isinstance(self._key, rsa.RSAPrivateKey):
            return await super().async_sign_raw(data, digest_algorithm, dry_run=dry_run)
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        if mechanism != "rsassa_pkcs1v15":
            return await super().async_sign_raw(data, digest_algorithm, dry_run=dry_run)
        if dry_run:
            return bytes(self._key.key_size // 8)
        signature: bytes = self._key.sign(
            data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm)
        )
        return signature


def _pkcs12_contents(
    path: str, password: str
) -> tuple[Any, asn1_x509.Certificate, list[asn1_x509.Certificate]]:
    key, cert, extra = pkcs12.load_key_and_certificates(Path(path).read_bytes(), password.encode("utf-8"))
    if key is None or cert is None:
        raise ValueError("no key")
    return (
        key,
        asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in extra],
    )


def _pkcs12_path(source: KeySource) -> Path:
    path = Path(source.pkcs12_path)
    if not path.is_absolute():
        path = Path(str(getattr(settings, "MOTCUA_KEYS_DIR", "") or "var/keys")) / path
    return path


def _open_pkcs12(source: KeySource, pin: str) -> signers.SimpleSigner:
    path = _pkcs12_path(source)
    if not path.is_file():
        raise _unavailable(_("không tìm thấy tệp khóa"))
    try:
        key, cert, extra = _pkcs12_contents(str(path), pin)
    except ValueError as exc:
        raise _wrong_secret(PKCS12) from exc
    der_key = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    chain = extra + certificates_from_pem(source.chain_pem)
    return MemorySigner(
        key=key,
        signing_cert=cert,
        signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
        cert_registry=SimpleCertificateStore.from_certs(chain),  # type: ignore[no-untyped-call]
    )


def pkcs11_module(source: KeySource | None = None) -> str:
    """Return the PKCS#11 module path: the key's own, else MOTCUA_PKCS11_MODULE."""
    if source is not None and source.pkcs11_module:
        return source.pkcs11_module
    return str(getattr(settings, "MOTCUA_PKCS11_MODULE", "") or "")


@contextmanager
def _open_pkcs11(source: KeySource, pin: str) -> Iterator[signers.Signer]:
    from pkcs11 import exceptions as p11_exceptions
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign import pkcs11 as hanko_p11

    module = pkcs11_module(source)
    if not module or not Path(module).is_file():
        raise _unavailable(_("chưa cấu hình thư viện PKCS#11"))
    try:
        session = hanko_p11.open_pkcs11_session(
            module, token_criteria=TokenCriteria(label=source.pkcs11_token_label), user_pin=pin
        )
    except (p11_exceptions.PinIncorrect, p11_exceptions.PinInvalid, p11_exceptions.PinLenRange) as exc:
        raise _wrong_secret(PKCS11) from exc
    except p11_exceptions.PinLocked as exc:
        raise InvalidInput(
            _("Thiết bị ký số đã bị khóa do nhập sai mã PIN nhiều lần."), field="pin", code="pin_locked"
        ) from exc
    except p11_exceptions.PKCS11Error as exc:
        raise _unavailable(_("không tìm thấy thiết bị ký số")) from exc
    try:
        certs = certificates_from_pem(source.certificate_pem)
        kwargs: dict[str, Any] = {"key_label": source.pkcs11_key_label}
        if certs:
            kwargs["signing_cert"] = certs[0]
        else:
            kwargs["cert_label"] = source.pkcs11_key_label
        chain = certificates_from_pem(source.chain_pem)
        yield hanko_p11.PKCS11Signer(session, ca_chain=chain or None, other_certs_to_pull=None, **kwargs)
    finally:
        session.close()


@contextmanager
def open_signer(source: KeySource, *, pin: str) -> Iterator[signers.Signer]:
    """Unlock the key with the PIN or password; yield a pyHanko signer for the block's duration."""
    if source.storage == PKCS12:
        yield _open_pkcs12(source, pin)
    elif source.storage == PKCS11:
        with _open_pkcs11(source, pin) as signer:
            yield signer
    else:
        raise _unavailable(source.storage)


def signer_certificate(signer: signers.Signer) -> asn1_x509.Certificate:
    cert = signer.signing_cert
    if cert is None:
        raise _unavailable(_("không đọc được chứng thư số"))
    return cert


def signer_chain(signer: signers.Signer) -> list[asn1_x509.Certificate]:
    registry = getattr(signer, "cert_registry", None)
    return list(registry) if registry is not None else []
