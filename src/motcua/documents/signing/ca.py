"""A demo certification authority for development, the demo and the tests (never for production).

In production, certificates come from a licensed CA (the Government's specialised CA of Ban Cơ yếu
Chính phủ, or a licensed public CA chained to the national root) and the keys live on PKCS#11 tokens
or HSMs. Here a throwaway root issues agency-seal and personal signing certificates, written as
PKCS#12 files under ``var/keys/`` (ignored by git) by ``motcua create_demo_ca``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificatePublicKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

KEY_SIZE = 2048


@dataclass(frozen=True)
class Issued:
    """A certificate with its private key (absent when the key was generated on a token)."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey | None

    @property
    def pem(self) -> str:
        return self.certificate.public_bytes(serialization.Encoding.PEM).decode("ascii")


def new_key() -> rsa.RSAPrivateKey:
    """Return a fresh RSA-2048 key (what Vietnamese CAs issue for signing certificates)."""
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_SIZE)


def _name(common_name: str, organisation: str = "", province: str = "") -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if province:
        attrs.append(x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, province))
    if organisation:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    attrs.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(attrs)


def create_root(*, name: str, not_before: datetime, days: int = 3650) -> Issued:
    """Create a self-signed root certificate."""
    key = new_key()
    subject = _name(name, organisation=name)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(cert, key)


def issue(
    *,
    ca: Issued,
    common_name: str,
    organisation: str = "",
    province: str = "",
    not_before: datetime,
    days: int = 730,
    public_key: CertificatePublicKeyTypes | None = None,
    timestamping: bool = False,
) -> Issued:
    """Issue an end-entity signing certificate (or a TSA certificate) from the CA.

    Pass ``public_key`` when the key pair was generated on a token; otherwise a key is generated.
    """
    if not isinstance(ca.key, rsa.RSAPrivateKey):
        raise ValueError("the CA has no private key")
    ca_key = ca.key
    key = None
    if public_key is None:
        key = new_key()
        public_key = key.public_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation, province))
        .issuer_name(ca.certificate.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_before + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.certificate.public_key()),  # type: ignore[arg-type]
            critical=False,
        )
    )
    if timestamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(builder.sign(ca_key, hashes.SHA256()), key)


def pkcs12_bytes(issued: Issued, *, ca: Issued, password: str, friendly_name: str) -> bytes:
    """Return the key, certificate and CA certificate as a password-protected PKCS#12 file."""
    if issued.key is None:
        raise ValueError("the key is on a token")
    return pkcs12.serialize_key_and_certificates(
        name=friendly_name.encode("utf-8"),
        key=issued.key,
        cert=issued.certificate,
        cas=[ca.certificate],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode("utf-8")),
    )


def write_private(path: Path, content: bytes) -> None:
    """Write a secret file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600, exist_ok=True)
    path.chmod(0o600)
    path.write_bytes(content)


def key_pem(issued: Issued, *, password: str) -> bytes:
    """Return the private key as encrypted PKCS#8 PEM (to keep the demo CA able to issue more)."""
    if issued.key is None:
        raise ValueError("the key is on a token")
    return issued.key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(password.encode("utf-8")),
    )


def load_ca(cert_path: Path, key_path: Path, *, password: str) -> Issued:
    """Load a CA written by `key_pem` and its PEM certificate."""
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=password.encode("utf-8"))
    if not isinstance(key, rsa.RSAPrivateKey):
        raise ValueError("the demo CA key must be RSA")
    return Issued(cert, key)
