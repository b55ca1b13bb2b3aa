"""PKCS#11 signing with SoftHSM (Debian `softhsm2`): the production path, with a software token.

The key pair is generated on the token and never leaves it; the demo CA certifies its public key
and the certificate is stored on the token beside it, as a CA would deliver a hardware token.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from motcua.core.errors import InvalidInput
from motcua.documents import services, verification
from motcua.documents.models import ElectronicResult
from motcua.documents.signing import ca
from motcua.documents.tests.conftest import pdfsig
from motcua.documents.tests.test_results import draft, signed_bytes

MODULES = ["/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"]
MODULE = next((m for m in MODULES if Path(m).is_file()), "")
TOKEN, KEY, PIN, SO_PIN = "motcua-test", "lanhdao", "246810", "13579111"

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not MODULE or not shutil.which("softhsm2-util"),
        reason="SoftHSM PKCS#11 module not installed (Debian package softhsm2)",
    ),
]

NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def token(tmp_path_factory, pki):
    """A SoftHSM token holding a leader's key pair and certificate; return the certificate."""
    import pkcs11
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import Encoding
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(
        f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n"
    )
    # SoftHSM reads its configuration when the module is first loaded in the process.
    os.environ["SOFTHSM2_CONF"] = str(conf)
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
    )
    lib = pkcs11.lib(MODULE)
    with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        public, _private = session.generate_keypair(
            KeyType.RSA,
            2048,
            store=True,
            label=KEY,
            id=b"\x01",
            private_template={Attribute.SIGN: True, Attribute.SENSITIVE: True, Attribute.EXTRACTABLE: False},
        )
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        )
        issued = ca.issue(
            ca=pki.root,
            common_name="Phạm Quốc Hùng",
            organisation="Sở Tư pháp tỉnh Nghệ An",
            not_before=NOW - timedelta(hours=1),
            public_key=numbers.public_key(),
        )
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: KEY,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: issued.certificate.subject.public_bytes(),
                Attribute.VALUE: issued.certificate.public_bytes(Encoding.DER),
            }
        )
    return issued


@pytest.fixture
def token_key(trusted, settings, token, demo, justice):
    settings.MOTCUA_PKCS11_MODULE = MODULE
    # the certificate is read from the token, under the key's label
    return services.register_signing_key(
        agency=justice,
        holder=demo.lanhdao,
        label="Token của lãnh đạo",
        storage="pkcs11",
        pkcs11_token_label=TOKEN,
        pkcs11_key_label=KEY,
        pin=PIN,
        actor=demo.quantri,
        at=NOW,
    )


def test_result_signed_on_a_pkcs11_token_is_valid_here_and_for_pdfsig(demo, token_key, trusted, tmp_path):
    assert "Phạm Quốc Hùng" in token_key.subject
    result = services.sign_result(key=token_key, pin=PIN, actor=demo.lanhdao, draft=draft(), at=NOW)
    content = signed_bytes(result)
    report = verification.verify_pdf(content)
    assert report.status == verification.VALID, report.messages
    assert report.signatures[0].signer == "Phạm Quốc Hùng"
    path = tmp_path / "token.pdf"
    path.write_bytes(content)
    out = pdfsig(path, trust_root=trusted.root_path, tmp=tmp_path)
    assert "Signature is Valid." in out
    assert "Total document signed" in out


def test_wrong_token_pin_is_refused_and_writes_nothing(demo, token_key):
    with pytest.raises(InvalidInput) as exc:
        services.sign_result(key=token_key, pin="000000", actor=demo.lanhdao, draft=draft(), at=NOW)
    assert exc.value.code == "wrong_pin"
    assert str(exc.value.message) == "Sai mã PIN của thiết bị ký số (token)."
    assert not ElectronicResult.objects.exists()


def test_missing_token_is_a_clear_error(demo, token_key):
    token_key.pkcs11_token_label = "khong-co"
    with pytest.raises(InvalidInput) as exc:
        services.sign_result(key=token_key, pin=PIN, actor=demo.lanhdao, draft=draft(), at=NOW)
    assert exc.value.code == "key_unavailable"
