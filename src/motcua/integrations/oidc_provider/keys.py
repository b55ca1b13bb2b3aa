"""The simulator's RSA signing key: in a file under var/ in the demo, in memory in tests.

With `MOTCUA_OIDC_SIMULATOR_KEY_FILE` set (the demo: var/oidc-simulator-key.json) the private key is
generated at first use and written there, readable by the owner only, so tokens stay verifiable
across restarts; var/ is never committed. With it empty the key lives in memory for the process.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

from django.conf import settings

from joserfc.jwk import RSAKey

_lock = threading.Lock()
_keys: dict[str, RSAKey] = {}


def _generate() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"use": "sig", "alg": "RS256"}, private=True, auto_kid=True)


def _from_file(path: Path) -> RSAKey:
    if not path.exists():
        key = _generate()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process wrote it first; read theirs
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(key.as_dict(private=True), handle)
            return key
    return RSAKey.import_key(json.loads(path.read_text(encoding="utf-8")))


def signing_key() -> RSAKey:
    """Return the private key that signs ID tokens."""
    location = str(getattr(settings, "MOTCUA_OIDC_SIMULATOR_KEY_FILE", "") or "")
    with _lock:
        key = _keys.get(location)
        if key is None:
            key = _from_file(Path(location)) if location else _generate()
            key.ensure_kid()
            _keys[location] = key
        return key


def public_jwks() -> dict[str, list[dict[str, object]]]:
    """Return the public key set published at the jwks endpoint."""
    public = signing_key().as_dict(private=False)
    return {"keys": [dict(public)]}


def forget_keys() -> None:
    """Drop loaded keys (tests rotate the key this way)."""
    with _lock:
        _keys.clear()
