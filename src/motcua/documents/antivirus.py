"""Optional antivirus scan of uploads through a ClamAV daemon (clamd), when one is configured.

The client speaks clamd's INSTREAM command: ``zINSTREAM\\0``, then the file in chunks each prefixed
by its length as a 4-byte big-endian integer, then a zero length; clamd answers
``stream: OK`` or ``stream: <signature> FOUND`` (clamd(8), "INSTREAM"). Set
`MOTCUA_CLAMD_ADDRESS` to a Unix socket path (``/run/clamav/clamd.ctl``) or ``host:port``; empty
(the default) turns scanning off. When scanning is on and the daemon cannot answer, uploads are
refused (fail closed) unless `MOTCUA_CLAMD_FAIL_OPEN` is set.

Verified against a local simulator speaking the same protocol (documents/tests/clamd_simulator.py);
not against a real clamd, which needs its virus database from the internet.
"""

from __future__ import annotations

import socket
import struct

from django.conf import settings
from django.utils.translation import gettext as _

import structlog

from motcua.core.errors import InvalidInput

logger = structlog.get_logger(__name__)

CHUNK = 64 * 1024


class ScannerUnavailable(Exception):
    """The daemon could not be reached or answered something unexpected."""


def _connect(address: str, timeout: float) -> socket.socket:
    if address.startswith("/"):
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        sock.connect(address)
        return sock
    host, _sep, port = address.rpartition(":")
    return socket.create_connection((host or "127.0.0.1", int(port)), timeout=timeout)


def instream(content: bytes, *, address: str, timeout: float = 10.0) -> str:
    """Send the content to clamd with INSTREAM; return its answer without the ``stream: `` prefix."""
    try:
        with _connect(address, timeout) as sock:
            sock.sendall(b"zINSTREAM\0")
            for start in range(0, len(content), CHUNK):
                chunk = content[start : start + CHUNK]
                sock.sendall(struct.pack("!I", len(chunk)) + chunk)
            sock.sendall(struct.pack("!I", 0))
            answer = b""
            while not answer.endswith(b"\0"):
                part = sock.recv(4096)
                if not part:
                    break
                answer += part
    except (OSError, ValueError) as exc:
        raise ScannerUnavailable(str(exc)) from exc
    text = answer.rstrip(b"\0").decode("utf-8", "replace").strip()
    if not text.startswith("stream: "):
        raise ScannerUnavailable(text or "no answer")
    return text.removeprefix("stream: ")


def scan_upload(*, name: str, content: bytes, field: str = "file") -> None:
    """Refuse an infected file; do nothing when no scanner is configured."""
    address = settings.MOTCUA_CLAMD_ADDRESS
    if not address:
        return
    try:
        answer = instream(content, address=address)
    except ScannerUnavailable as exc:
        answer = f"unavailable: {exc}"
    if answer == "OK":
        return
    if answer.endswith(" FOUND"):
        logger.warning("antivirus_found", signature=answer.removesuffix(" FOUND"))
        raise InvalidInput(_("Tệp “%(name)s” có mã độc nên không được nhận.") % {"name": name}, field=field)
    logger.warning("antivirus_unavailable", answer=answer)
    if not settings.MOTCUA_CLAMD_FAIL_OPEN:
        raise InvalidInput(
            _("Chưa kiểm tra được virus cho tệp “%(name)s”. Vui lòng thử lại sau ít phút.") % {"name": name},
            field=field,
        )
