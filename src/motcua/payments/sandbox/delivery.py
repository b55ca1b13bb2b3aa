"""How the sandbox calls the merchant's IPN address: a plain HTTP GET, as the gateway does."""

from __future__ import annotations

import urllib.request
from urllib.parse import urlsplit


def deliver_ipn(url: str, query: str, *, timeout: float = 10.0) -> str:
    """GET `url?query` and return the body of the answer (the merchant's JSON)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError("IPN address must be http or https")
    separator = "&" if "?" in url else "?"
    with urllib.request.urlopen(f"{url}{separator}{query}", timeout=timeout) as response:  # noqa: S310 - scheme checked
        body: bytes = response.read(8192)
    return body.decode("utf-8", "replace")
