"""A throwaway PKI for tests: a trusted root, keys for agencies and officers, a rogue root, a TSA.

Other apps' tests can use it too (e.g. the dossier side signing results)::

    from motcua.documents.tests.pki import TestPKI
    pki = TestPKI.create(tmp_path)
    settings.MOTCUA_TRUSTED_ROOTS = [str(pki.root_path)]
    key = pki.register_agency_key(agency=agency, actor=admin)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from motcua.documents.signing import ca

PASSWORD = "123456"


@dataclass
class TestPKI:
    __test__ = False  # not a test class for pytest

    folder: Path
    root: ca.Issued
    rogue: ca.Issued
    root_path: Path
    issued: dict[str, ca.Issued] = field(default_factory=dict)

    @classmethod
    def create(cls, folder: Path) -> TestPKI:
        folder.mkdir(parents=True, exist_ok=True)
        now = datetime.now(UTC)
        root = ca.create_root(name="MộtCửa Test Root CA", not_before=now - timedelta(days=400))
        rogue = ca.create_root(name="Rogue Root CA", not_before=now - timedelta(days=1))
        root_path = folder / "root.pem"
        root_path.write_text(root.pem, encoding="ascii")
        return cls(folder=folder, root=root, rogue=rogue, root_path=root_path)

    def p12(
        self,
        name: str,
        *,
        common_name: str,
        organisation: str = "",
        issuer: ca.Issued | None = None,
        not_before: datetime | None = None,
        days: int = 365,
        password: str = PASSWORD,
    ) -> Path:
        """Issue a certificate and write it with its key as a PKCS#12 file; return the path."""
        issuer = issuer or self.root
        issued = ca.issue(
            ca=issuer,
            common_name=common_name,
            organisation=organisation,
            not_before=not_before or datetime.now(UTC) - timedelta(hours=1),
            days=days,
        )
        self.issued[name] = issued
        path = self.folder / f"{name}.p12"
        path.write_bytes(ca.pkcs12_bytes(issued, ca=issuer, password=password, friendly_name=name))
        return path

    def trust(self, settings: Any) -> TestPKI:
        """Make the settings trust this PKI's root, with no timestamp authority."""
        settings.MOTCUA_TRUSTED_ROOTS = [str(self.root_path)]
        settings.MOTCUA_TSA_URL = ""
        settings.MOTCUA_PUBLIC_BASE_URL = "https://motcua.example"
        return self

    def register_agency_key(self, *, agency: Any, actor: Any, holder: Any = None, at: datetime | None = None):
        from motcua.documents.services import register_signing_key

        name = f"agency-{agency.pk}" if holder is None else f"user-{holder.pk}"
        path = self.p12(
            name,
            common_name=agency.name if holder is None else holder.full_name,
            organisation=agency.name,
        )
        return register_signing_key(
            agency=agency,
            holder=holder,
            label=name,
            storage="pkcs12",
            pkcs12_path=str(path),
            pin=PASSWORD,
            actor=actor,
            at=at or datetime.now(UTC),
        )

    def register_centre_key(self, *, centre: Any, holder: Any, actor: Any, at: datetime | None = None):
        from motcua.documents.services import register_signing_key

        path = self.p12(f"user-{holder.pk}", common_name=holder.full_name, organisation=centre.name)
        return register_signing_key(
            agency=None,
            service_centre=centre,
            holder=holder,
            label=f"user-{holder.pk}",
            storage="pkcs12",
            pkcs12_path=str(path),
            pin=PASSWORD,
            actor=actor,
            at=at or datetime.now(UTC),
        )

    def timestamp_server(self) -> TimestampServer:
        """Start an RFC 3161 timestamp authority on 127.0.0.1 (pyHanko's in-process TSA over HTTP)."""
        tsa = ca.issue(
            ca=self.root,
            common_name="MộtCửa Test TSA",
            not_before=datetime.now(UTC) - timedelta(hours=1),
            timestamping=True,
        )
        return TimestampServer.start(tsa=tsa, root=self.root)


class TimestampServer:
    """A minimal RFC 3161 server over HTTP on the loopback interface, for tests only."""

    def __init__(self, server: ThreadingHTTPServer, thread: threading.Thread) -> None:
        self.server = server
        self.thread = thread

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/tsa"

    @classmethod
    def start(cls, *, tsa: ca.Issued, root: ca.Issued) -> TimestampServer:
        import asyncio

        from asn1crypto import keys as asn1_keys
        from asn1crypto import tsp
        from asn1crypto import x509 as asn1_x509
        from cryptography.hazmat.primitives import serialization
        from pyhanko.sign.timestamps import DummyTimeStamper
        from pyhanko_certvalidator.registry import SimpleCertificateStore

        assert tsa.key is not None
        stamper = DummyTimeStamper(
            tsa_cert=asn1_x509.Certificate.load(tsa.certificate.public_bytes(serialization.Encoding.DER)),
            tsa_key=asn1_keys.PrivateKeyInfo.load(
                tsa.key.private_bytes(
                    serialization.Encoding.DER,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            ),
            certs_to_embed=SimpleCertificateStore.from_certs(
                [asn1_x509.Certificate.load(root.certificate.public_bytes(serialization.Encoding.DER))]
            ),
        )

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                request = tsp.TimeStampReq.load(self.rfile.read(length))
                response = asyncio.run(stamper.async_request_tsa_response(request))
                body = response.dump()
                self.send_response(200)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        return cls(server, thread)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
