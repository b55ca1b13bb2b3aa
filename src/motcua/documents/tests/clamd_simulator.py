"""A local clamd speaking INSTREAM (clamd(8)), for tests: it finds the EICAR test string.

Listens on a Unix socket; answers ``stream: OK``, ``stream: Eicar-Test-Signature FOUND``, or
``INSTREAM size limit exceeded. ERROR`` past `limit` bytes, like clamd's StreamMaxLength.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def _read_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        part = conn.recv(n - len(data))
        if not part:
            raise ConnectionError("closed")
        data += part
    return data


def _serve_one(conn: socket.socket, limit: int) -> None:
    with conn:
        command = b""
        while not command.endswith(b"\0"):
            command += _read_exact(conn, 1)
        if command != b"zINSTREAM\0":
            conn.sendall(b"UNKNOWN COMMAND\0")
            return
        received = b""
        while True:
            (size,) = struct.unpack("!I", _read_exact(conn, 4))
            if size == 0:
                break
            received += _read_exact(conn, size)
            if len(received) > limit:
                conn.sendall(b"INSTREAM size limit exceeded. ERROR\0")
                return
        answer = b"stream: Eicar-Test-Signature FOUND\0" if EICAR in received else b"stream: OK\0"
        conn.sendall(answer)


@contextlib.contextmanager
def running_clamd(directory: Path, *, limit: int = 25 * 1024 * 1024) -> Iterator[str]:
    """Run the simulator on a Unix socket in `directory`; yield its address."""
    path = str(directory / "clamd.sock")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(4)
    stop = threading.Event()

    def loop() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with contextlib.suppress(ConnectionError, OSError):
                _serve_one(conn, limit)

    thread = threading.Thread(target=loop, daemon=True)
    thread.start()
    try:
        yield path
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()
